"""REST API (FastAPI) over the store and the analytics, and the dashboard's static files.

Read-only unless a token is configured (ARMSTRACE_TOKEN or create_app(token=...)); ingestion then needs
'Authorization: Bearer <token>', compared in constant time. Every list is paginated and bounded; bad
parameters get a 4xx that says what is wrong. OpenAPI at /openapi.json, interactive docs at /docs.
"""
from __future__ import annotations

import hmac
import os
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from . import __version__
from . import analytics as an
from .ingest import make_document
from .model import Document
from .store import Store, StoreError

MAX_PAGE = 500
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (1–{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Year = Annotated[Optional[str], Query(pattern=r"^\d{4}(-\d\d(-\d\d)?)?$", description="YYYY[-MM[-DD]]")]
Name = Annotated[str, Query(min_length=1, max_length=200)]
OptName = Annotated[Optional[str], Query(min_length=1, max_length=200)]
Kind = Literal["transfers", "statistics", "events", "quotes", "claims"]


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class TableOut(BaseModel):
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]


class Upload(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_UPLOAD_BYTES)
    title: Optional[str] = Field(None, max_length=500)
    outlet: Optional[str] = Field(None, max_length=200)
    author: Optional[str] = Field(None, max_length=200)
    published: Optional[str] = Field(None, pattern=r"^\d{4}(-\d\d(-\d\d)?)?$")
    url: Optional[str] = Field(None, max_length=2000)
    format: Literal["txt", "md", "html"] = "txt"
    name: Optional[str] = Field(None, max_length=200, description="a name for the upload (its source path)")


def _table(t: an.Table) -> dict:
    return {"title": t.title, "columns": t.columns, "rows": t.rows}


def static_dir() -> Path:
    return Path(str(resources.files("armstrace.web").joinpath("static")))


def create_app(db: Optional[str] = None, token: Optional[str] = None, store: Optional[Store] = None) -> FastAPI:
    store = store or Store(db)
    token = token if token is not None else os.environ.get("ARMSTRACE_TOKEN") or None
    app = FastAPI(title="armstrace", version=__version__,
                  description="Arms transfers, statistics, events and quotes extracted from articles, with evidence.")
    app.state.store = store

    def require_token(authorization: Annotated[Optional[str], Header()] = None) -> None:
        if not token:
            raise HTTPException(403, "read-only: ingestion is disabled until a token is configured (ARMSTRACE_TOKEN)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token (send 'Authorization: Bearer <token>')")

    @app.exception_handler(StoreError)
    async def _not_found(request: Request, exc: StoreError):
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "counts": store.counts()}

    @app.get("/api/documents", response_model=Page)
    def documents(limit: Limit = 50, offset: Offset = 0,
                  q: Annotated[Optional[str], Query(max_length=200, description="full-text search")] = None):
        rows = store.documents(limit=limit, offset=offset, query=q or None)
        total = len(store.documents(limit=10_000_000, query=q)) if q else store.counts()["documents"]
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: Annotated[str, PathParam(min_length=4, max_length=64)]):
        ex = store.extraction(store.resolve_document_id(doc_id))
        data = ex.to_json()
        data["text"] = ex.document.text
        data["doc"]["published_how"] = ex.document.published_how
        data["sources"] = store.sources_of(ex.document.id)
        return data

    @app.post("/api/documents", status_code=201, dependencies=[Depends(require_token)])
    async def upload(request: Request):
        size = int(request.headers.get("content-length") or 0)
        if size > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload too large: {size} bytes (limit {MAX_UPLOAD_BYTES})")
        body = await request.body()
        if len(body) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload too large: {len(body)} bytes (limit {MAX_UPLOAD_BYTES})")
        try:
            up = Upload.model_validate_json(body)
        except ValueError as e:
            raise HTTPException(422, f"invalid upload: {e}") from None
        from .pipeline import extract
        from .workflow import ingest_document

        meta = {k: getattr(up, k) for k in ("title", "outlet", "author", "published", "url")}
        doc = make_document(up.text, up.format, f"upload:{up.name or 'article'}", meta)
        if not isinstance(doc, Document):
            raise HTTPException(422, doc.reason)
        if up.published:
            doc.published, doc.published_how = up.published, "metadata"
        doc.source_path = f"upload:{up.name or doc.id}"
        report = ingest_document(store, doc, extract)
        stored = report.added or report.updated or [d for _, d in report.duplicates] or [
            d for _, d in report.near_duplicates] or [doc.id]
        data = store.extraction(stored[0]).to_json()
        data["status"] = ("added" if report.added else "duplicate" if report.duplicates else
                          "near-duplicate" if report.near_duplicates else "unchanged")
        return data

    @app.get("/api/entities", response_model=Page)
    def entities(limit: Limit = 50, offset: Offset = 0,
                 type: Annotated[Optional[Literal["country", "organization", "person", "armed group",
                                                  "weapon system", "place"]], Query()] = None,
                 q: Annotated[Optional[str], Query(max_length=200)] = None):
        rows, total = an.entities(store, type, q, limit, offset)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/entities/{name}")
    def entity(name: Annotated[str, PathParam(min_length=1, max_length=200)]):
        try:
            return an.entity_profile(store, name)
        except LookupError as e:
            raise HTTPException(404, str(e)) from None

    @app.get("/api/facts/{kind}", response_model=Page)
    def facts(kind: Kind, limit: Limit = 50, offset: Offset = 0, supplier: OptName = None,
              recipient: OptName = None, weapon: OptName = None,
              status: Annotated[Optional[Literal["delivered", "ordered", "pledged", "planned", "alleged",
                                                 "curtailed", "denied", "ongoing"]], Query()] = None,
              subject: OptName = None, type: OptName = None, speaker: OptName = None, actor: OptName = None,
              country: Annotated[Optional[str], Query(min_length=1, max_length=200,
                                                      description="transfers with this supplier or recipient")] = None,
              document: Annotated[Optional[str], Query(max_length=64)] = None,
              start: Annotated[Year, Query(alias="from")] = None, end: Annotated[Year, Query(alias="to")] = None):
        filters = {"supplier": supplier, "recipient": recipient, "weapon": weapon, "status": status,
                   "subject": subject, "type": type, "speaker": speaker}
        rows, total = an.facts(store, kind, filters, start, end, document, actor, limit, offset, country)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/analytics/who-arms-whom", response_model=TableOut)
    def who_arms_whom(start: Annotated[Year, Query(alias="from")] = None,
                      end: Annotated[Year, Query(alias="to")] = None):
        return _table(an.who_arms_whom(store, start, end))

    @app.get("/api/analytics/share", response_model=TableOut)
    def share(recipient: Name,
              period: Annotated[Optional[str], Query(pattern=r"^\d{4}(-\d\d)?(\s*[-–/:]\s*\d{4}(-\d\d)?)?$")] = None):
        return _table(an.share(store, recipient, period))

    @app.get("/api/analytics/both-sides", response_model=TableOut)
    def both_sides(a: Name, b: Name):
        return _table(an.both_sides(store, a, b))

    @app.get("/api/analytics/timeline", response_model=TableOut)
    def timeline(a: Name, b: OptName = None, limit: Limit = 200, start: Annotated[Year, Query(alias="from")] = None,
                 end: Annotated[Year, Query(alias="to")] = None):
        return _table(an.timeline(store, a, b, start, end, limit))

    @app.get("/api/analytics/quotes", response_model=TableOut)
    def quotes(speaker: OptName = None, about: OptName = None, limit: Limit = 200):
        return _table(an.quotes(store, speaker, about, limit))

    @app.get("/api/analytics/disputes", response_model=TableOut)
    def disputes(limit: Limit = 100):
        return _table(an.disputes(store, limit))

    static = static_dir()
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(static / "index.html", headers={"Content-Security-Policy": CSP})

    return app


def app_from_env() -> FastAPI:
    """The app for `uvicorn --factory` (one per worker process): store from ARMSTRACE_DB."""
    return create_app(os.environ.get("ARMSTRACE_DB"))


# the dashboard loads nothing from elsewhere and runs no inline script
# (the network library styles its canvas inline: styles may be inline, scripts may not)
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " \
      "base-uri 'none'; frame-ancestors 'none'"
