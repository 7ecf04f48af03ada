"""REST API (FastAPI) over the store and the analytics, and the dashboard's static files.

Read-only unless a token is configured (ARMSTRACE_TOKEN or create_app(token=...)); ingestion then needs
'Authorization: Bearer <token>', compared in constant time. Every list is paginated and bounded; bad
parameters get a 4xx that says what is wrong. OpenAPI at /openapi.json, interactive docs at /docs (Swagger UI
served from the package).

Uploads are read as a stream and refused past MAX_UPLOAD_BYTES; their extraction runs in a small pool of
worker processes, never on the event loop (503 with Retry-After when the pool is full, 504 past the time
budget). Every response carries security headers; requests for a Host not on the allow-list get a 400.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import inspect
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, get_args, get_origin

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from . import __version__
from . import analytics as an
from .export import facts_csv, gold_name
from .ingest import make_document
from .model import DATE_PATTERN, FACT_KIND, Document, EntityType, Extraction, FactKind
from .store import Store, StoreError
from .store.reviews import ReviewError

MAX_PAGE = 500
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (1–{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Year = Annotated[Optional[str], Query(pattern=DATE_PATTERN, description="a real date: YYYY[-MM[-DD]], 1800–2099")]
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"     # no control characters
Name = Annotated[str, Query(min_length=1, max_length=200, pattern=TEXT)]
OptName = Annotated[Optional[str], Query(min_length=1, max_length=200, pattern=TEXT)]
DocId = Annotated[Optional[str], Query(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$", description="document id")]


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class TableOut(BaseModel):
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]


KindPath = Annotated[Literal[tuple(FACT_KIND)], PathParam(description="a kind of fact")]  # type: ignore[valid-type]


class ReviewIn(BaseModel):
    action: Literal["confirm", "reject", "edit"]
    fields: Optional[dict[str, Any]] = Field(None, description="edit: the changed fields, as in the fact model")
    reviewer: Optional[str] = Field(None, max_length=100, pattern=TEXT, description="default: ARMSTRACE_REVIEWER")


class AddIn(BaseModel):
    document_id: str = Field(min_length=4, max_length=64, pattern=r"^[0-9a-f]+$")
    start: int = Field(ge=0, le=10**9)
    end: int = Field(ge=1, le=10**9)
    fields: dict[str, Any] = Field(description="the fact's fields, as in the fact model")
    reviewer: Optional[str] = Field(None, max_length=100, pattern=TEXT)


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


LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def _extract_in_worker(doc: Document) -> Extraction:
    """Runs in a worker process of the upload pool (a module-level function, so that it can be sent there)."""
    from .pipeline import extract

    return extract(doc)


class UploadPool:
    """Extraction of uploads in worker processes: the event loop stays free (health checks, reads), and at most
    `workers` articles are extracted and `queue` more wait; past that a request gets 503 and Retry-After."""

    def __init__(self, workers: int = 1, queue: int = 2, timeout: float = 600.0):
        self.workers, self.capacity, self.timeout = workers, workers + queue, timeout
        self.busy = 0
        self._pool: Optional[ProcessPoolExecutor] = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:  # 'spawn': a fresh interpreter, no inherited locks, threads or connections
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def extract(self, doc: Document) -> Extraction:
        if self.busy >= self.capacity:
            raise HTTPException(503, "the extraction queue is full; try again shortly",
                                headers={"Retry-After": "10"})
        self.busy += 1
        try:
            future = asyncio.wrap_future(self._executor().submit(_extract_in_worker, doc))
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise HTTPException(504, f"extraction took longer than {self.timeout:g} s") from None
        finally:
            self.busy -= 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _invalid(message: str, loc: list) -> list[dict]:
    """A 422's detail in the shape FastAPI documents for validation errors."""
    return [{"loc": loc, "msg": message, "type": "value_error"}]


def _known_params(request: Request) -> None:
    """A query parameter the route does not take is an error (422), not silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in dependant.query_params} | {p.alias for d in dependant.dependencies
                                                         for p in d.query_params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(422, _invalid(f"unknown parameter(s) {', '.join(unknown)} (this route takes: "
                                          f"{', '.join(sorted(known)) or 'none'})", ["query", unknown[0]]))


def _bearer():
    return HTTPBearer(auto_error=False, description="the server's ARMSTRACE_TOKEN; needed to upload articles")


_ERRORS: dict[int | str, dict[str, Any]] = {  # what the upload can answer besides 201
    401: {"description": "missing or wrong token"}, 403: {"description": "read-only server (no token configured)"},
    408: {"description": "the upload stalled (read timeout)"},
    409: {"description": "the upload's name is already another document's"},
    413: {"description": "upload larger than the limit"}, 422: {"description": "invalid upload"},
    503: {"description": "the extraction queue is full (see Retry-After)"},
    504: {"description": "extraction took longer than the time budget"}}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such document or entity"}}


def _choices(spec: FactKind, name: str) -> Optional[list[str]]:
    """The values a filter takes when the model fixes them (a transfer's status), else None (free text)."""
    if name in spec.choices:
        return list(spec.choices[name])
    field = spec.model.model_fields.get(name)
    args = [a for a in get_args(field.annotation) if a is not type(None)] if field else []
    literal = args[0] if args and get_origin(args[0]) is Literal else field.annotation if field else None
    return list(get_args(literal)) if literal is not None and get_origin(literal) is Literal else None


def _field_form(spec: FactKind, name: str) -> dict:
    """How a review form asks for a field: its type (text, number, choice, bool, period, money, list) and, for a
    choice, its values."""
    from .model import Money, Period

    annotation = spec.model.model_fields[name].annotation
    inner = annotation if get_origin(annotation) is list else \
        ([a for a in get_args(annotation) if a is not type(None)] or [annotation])[0]
    values = _choices(spec, name)
    kind = ("choice" if values else "period" if inner is Period else "money" if inner is Money
            else "list" if get_origin(inner) is list else "bool" if inner is bool
            else "number" if inner in (int, float) else "text")
    return {"name": name, "type": kind, "values": values}


def _fact_route(spec: FactKind, facts, paged: bool = True, ordered: bool = True):
    """The endpoint for one kind: its own filters as query parameters (so OpenAPI documents each); `paged`:
    limit and offset, `ordered`: sort and order (the whole set as CSV is ordered, not paged; facets neither)."""
    P = inspect.Parameter
    params = [P("limit", P.KEYWORD_ONLY, annotation=Limit, default=50),
              P("offset", P.KEYWORD_ONLY, annotation=Offset, default=0)] if paged else []
    if ordered:
        params.append(P("review", P.KEYWORD_ONLY, default="answer", annotation=Annotated[
            Literal["answer", "reviewed", "all"], Query(description="answer: all but the facts an analyst rejected; "
                                                                    "reviewed: only reviewed ones; all")]))
        params += [P("sort", P.KEYWORD_ONLY, default=None, annotation=Annotated[
                       Optional[Literal[an.sortable(spec.name)]], Query(description="the column to sort on")]),
                   P("order", P.KEYWORD_ONLY, annotation=Annotated[Literal["asc", "desc"], Query()], default="asc")]
    for f in spec.all_filters:
        values = _choices(spec, f)
        kind = Annotated[Optional[Literal[tuple(values)]], Query()] if values else OptName
        if f == "country":
            kind = Annotated[Optional[str], Query(min_length=1, max_length=200, pattern=TEXT,
                                                  description="supplier or recipient")]
        params.append(P(f, P.KEYWORD_ONLY, annotation=kind, default=None))
    params.append(P("document", P.KEYWORD_ONLY, annotation=DocId, default=None))
    if spec.dates:
        params += [P("start", P.KEYWORD_ONLY, annotation=Annotated[Year, Query(alias="from")], default=None),
                   P("end", P.KEYWORD_ONLY, annotation=Annotated[Year, Query(alias="to")], default=None)]

    def endpoint(**kw):
        extra = {k: kw.pop(k, None) for k in ("country", "actor")}
        page = {"limit": kw.pop("limit"), "offset": kw.pop("offset")} if paged else {}
        order = {"sort": kw.pop("sort"), "descending": kw.pop("order") == "desc", "review": kw.pop("review")} \
            if ordered else {}
        return facts(spec.name, {f: kw.pop(f) for f in spec.filters}, kw.pop("start", None), kw.pop("end", None),
                     kw.pop("document"), **order, **page, **extra)
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = spec.name
    return endpoint


def create_app(db: Optional[str] = None, token: Optional[str] = None, store: Optional[Store] = None,
               allowed_hosts: Optional[list[str]] = None, upload_workers: Optional[int] = None) -> FastAPI:
    """The app. `allowed_hosts`: the Host headers served (default: loopback names; ARMSTRACE_ALLOWED_HOSTS, comma
    separated, adds more); `upload_workers`: extraction processes for uploads (ARMSTRACE_UPLOAD_WORKERS, 1). An upload
    that sends nothing for ARMSTRACE_READ_TIMEOUT seconds (30) is answered 408."""
    store = store or Store(db)
    token = token if token is not None else os.environ.get("ARMSTRACE_TOKEN") or None
    hosts = list(allowed_hosts) if allowed_hosts is not None else LOOPBACK_HOSTS + [
        h.strip() for h in os.environ.get("ARMSTRACE_ALLOWED_HOSTS", "").split(",") if h.strip()]
    from .pipeline.run import budget

    limit = budget()
    read_timeout = float(os.environ.get("ARMSTRACE_READ_TIMEOUT") or 30)
    pool = UploadPool(upload_workers or int(os.environ.get("ARMSTRACE_UPLOAD_WORKERS") or 1),
                      timeout=(limit or 3600.0) + 60.0)
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="armstrace", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  dependencies=[Depends(_known_params)],
                  description="Arms transfers, statistics, events and quotes extracted from articles, with evidence.",
                  responses={400: {"description": "a request for a host this server does not serve"}})
    app.state.store, app.state.pool = store, pool
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)

    @app.middleware("http")
    async def _guard(request: Request, call_next):
        response: Response = await call_next(request)
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP if request.url.path in ("/", "/docs") else API_CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "no-referrer"
        h["X-Frame-Options"] = "DENY"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    def require_token(credentials: Annotated[Optional[HTTPAuthorizationCredentials], Depends(_bearer())] = None):
        if not token:
            raise HTTPException(403, "read-only: ingestion is disabled until a token is configured (ARMSTRACE_TOKEN)")
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token (send 'Authorization: Bearer <token>')",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(StoreError)
    async def _not_found(request: Request, exc: StoreError):
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Allow lists every method of the path, not only the first route's
            methods = sorted({m for r in app.routes if isinstance(r, APIRoute) and r.path_regex.match(request.url.path)
                              for m in r.methods or ()} - {"HEAD"})
            headers["Allow"] = ", ".join(methods)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "counts": store.counts()}

    @app.get("/api/documents", response_model=Page)
    def documents(limit: Limit = 50, offset: Offset = 0,
                  q: Annotated[Optional[str], Query(max_length=200, pattern=TEXT, description="full-text search")] = None,
                  register: Annotated[bool, Query(description="include SIPRI's register files")] = False):
        rows = store.documents(limit=limit, offset=offset, query=q or None, articles_only=not register)
        total = store.document_count(q or None, articles_only=not register)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/documents/{doc_id}", responses=_NOT_FOUND)
    def document(doc_id: Annotated[str, PathParam(min_length=4, max_length=64)]):
        ex = store.extraction(store.resolve_document_id(doc_id))
        data = ex.to_json()
        data["text"] = ex.document.text
        data["doc"]["published_how"] = ex.document.published_how
        data["sources"] = store.sources_of(ex.document.id)
        return data

    @app.post("/api/documents", status_code=201, dependencies=[Depends(require_token)], responses=_ERRORS,
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": Upload.model_json_schema()}}}})
    async def upload(request: Request):
        """Ingest one article: stored, extracted and answered with its facts (201)."""
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload too large: {size} bytes (limit {MAX_UPLOAD_BYTES})")
        body = bytearray()
        chunks = request.stream().__aiter__()
        while True:  # counted as it arrives: a chunked upload is cut at the limit, a stalled one at the timeout
            try:
                chunk = await asyncio.wait_for(chunks.__anext__(), read_timeout)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise HTTPException(408, f"the upload stalled: nothing received for {read_timeout:g} s") from None
            body += chunk
            if len(body) > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"upload too large: over {MAX_UPLOAD_BYTES} bytes")
        try:  # parsing and reading 2 MB is work: off the event loop, like the extraction
            up = await run_in_threadpool(Upload.model_validate_json, bytes(body))
        except ValueError as e:
            raise HTTPException(422, _invalid(f"invalid upload: {e}", ["body"])) from None
        from .workflow import ingest_document

        meta = {k: getattr(up, k) for k in ("title", "outlet", "author", "published", "url")}
        doc = await run_in_threadpool(make_document, up.text, up.format, f"upload:{up.name or 'article'}", meta)
        if not isinstance(doc, Document):
            raise HTTPException(422, _invalid(doc.reason, ["body", "text"]))
        doc.source_path = f"upload:{up.name or doc.id}"
        taken = await run_in_threadpool(store.source, doc.source_path)
        if taken and taken["document_id"] != doc.id:  # an upload never replaces another document
            raise HTTPException(409, f"the name '{up.name}' is already document {taken['document_id']}'s; "
                                     f"choose another name")
        known = await run_in_threadpool(store.has_document, doc.id)
        extraction = None if known else await pool.extract(doc)

        def save():
            return ingest_document(store, doc, (lambda d: extraction) if extraction else None)
        report = await run_in_threadpool(save)
        stored = report.added or report.updated or [d for _, d in report.duplicates] or [
            d for _, d in report.near_duplicates] or [doc.id]
        data = (await run_in_threadpool(store.extraction, stored[0])).to_json()
        data["status"] = ("added" if report.added else "duplicate" if report.duplicates else
                          "near-duplicate" if report.near_duplicates else "unchanged")
        return data

    @app.get("/api/entities", response_model=Page)
    def entities(limit: Limit = 50, offset: Offset = 0,
                 type: Annotated[Optional[EntityType], Query()] = None,
                 q: Annotated[Optional[str], Query(max_length=200, pattern=TEXT)] = None):
        rows, total = an.entities(store, type, q, limit, offset)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/entities/{name}", responses=_NOT_FOUND)
    def entity(name: Annotated[str, PathParam(min_length=1, max_length=200)]):
        try:
            return an.entity_profile(store, name)
        except LookupError as e:
            raise HTTPException(404, str(e)) from None

    def _facts(kind: str, filters: dict, start=None, end=None, document=None, actor=None, country=None,
               limit: int = 50, offset: int = 0, sort=None, descending=False, review="answer") -> dict:
        rows, total = an.facts(store, kind, filters, start, end, document, actor, limit, offset, country, sort,
                               descending, review)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    def _export(kind: str, filters: dict, start=None, end=None, document=None, actor=None, country=None,
                sort=None, descending=False, review="answer") -> StreamingResponse:
        """Every fact that matches, as CSV, streamed a page at a time: the kind's columns, then where each was
        reported (document id, title, date, URL) and its evidence. Cells are text, never formulas."""
        args = (store, kind, filters, start, end, document, actor)

        def page(offset: int):
            return an.facts(*args, 500, offset, country, sort, descending, review)

        first, total = page(0)   # a bad filter fails here, as a 4xx, before anything is sent
        return StreamingResponse(facts_csv(store, kind, first, total, page), media_type="text/csv; charset=utf-8",
                                 headers={
            "Content-Disposition": f'attachment; filename="{kind}.csv"', "X-Total-Count": str(total)})

    # the whole filtered set of a kind, as CSV (before the per-kind routes: '/api/facts/transfers.csv')
    for spec in FACT_KIND.values():
        app.get(f"/api/facts/{spec.name}.csv", name=f"{spec.name}_csv", summary=f"{spec.label} as CSV",
                response_class=StreamingResponse,
                responses={200: {"content": {"text/csv": {}}, "description": "every fact that matches, as CSV"}},
                description=f"Every {spec.singular} that matches (same filters as /api/facts/{spec.name}), as CSV "
                            f"with its document, URL and evidence; streamed, never cut.")(
            _fact_route(spec, _export, paged=False))

    def _facets(kind: str, filters: dict, start=None, end=None, document=None, actor=None, country=None) -> dict:
        return an.facets(store, kind, filters, start, end, document, actor, country)

    for spec in FACT_KIND.values():
        app.get(f"/api/facets/{spec.name}", name=f"{spec.name}_facets", summary=f"{spec.label}: facet counts",
                description=f"The most frequent values of each filter among the {spec.name} that match (same "
                            f"filters as /api/facts/{spec.name}), with their counts.")(
            _fact_route(spec, _facets, paged=False, ordered=False))

    # ---- review: confirm, reject, edit, add (token required) ------------------------------------------------
    def reviewer_of(given: Optional[str]) -> str:
        return given or os.environ.get("ARMSTRACE_REVIEWER") or "analyst"

    @app.post("/api/facts/{kind}/{fact_id}/review", dependencies=[Depends(require_token)],
              responses={**_NOT_FOUND, 401: {"description": "missing or wrong token"},
                         403: {"description": "read-only server"}, 422: {"description": "an invalid review"}})
    def review(kind: KindPath,  # type: ignore[valid-type]
               fact_id: Annotated[int, PathParam(ge=1, le=2**62)], body: ReviewIn):
        """Confirm, reject or edit one fact (`fields`: the changed values). Kept with who and when and the
        values before; it applies again after re-extraction. The fact, as reviewed."""
        try:
            return store.review(kind, fact_id, body.action, body.fields, reviewer_of(body.reviewer))
        except ReviewError as e:
            raise HTTPException(422, _invalid(str(e), ["body"])) from None

    def adder(kind: str):
        def add_fact(body: AddIn):
            try:
                fact_id = store.add_fact(kind, body.document_id, body.start, body.end, body.fields,
                                         reviewer_of(body.reviewer))
            except ReviewError as e:
                raise HTTPException(422, _invalid(str(e), ["body"])) from None
            return store.fact(kind, fact_id)
        return add_fact

    for spec in FACT_KIND.values():  # one route per kind, beside its listing
        app.post(f"/api/facts/{spec.name}", status_code=201, dependencies=[Depends(require_token)],
                 name=f"add_{spec.singular}", summary=f"Add a {spec.singular} the extractor missed",
                 description=f"A {spec.singular} with the span of the article that states it (its evidence); "
                             f"kept as an analyst's review, it stays after re-extraction.",
                 responses={**_NOT_FOUND, 401: {"description": "missing or wrong token"},
                            403: {"description": "read-only server"}, 422: {"description": "an invalid fact"}})(
            adder(spec.name))

    @app.get("/api/catalogue")
    def catalogue(q: Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT)], limit: Limit = 20) -> list[dict]:
        """Weapon families of the catalogue whose name or a variant's starts with `q` (case, hyphens and spaces
        aside): a review form's pick-list."""
        from .catalogue import weapon_key
        from .pipeline.knowledge import knowledge

        key = weapon_key(q)
        hits = [f for f in knowledge().catalogue.families.values()
                if any(weapon_key(n).startswith(key) for n in f.names())]
        hits.sort(key=lambda f: (not weapon_key(f.family).startswith(key), len(f.family), f.family))
        return [{"family": f.family, "category": f.category, "origin": f.origin} for f in hits[:limit]]

    @app.get("/api/reviews")
    def reviews(document: DocId = None, kind: Annotated[Optional[Literal[tuple(FACT_KIND)]], Query()] = None,  # type: ignore[valid-type]
                limit: Limit = 500) -> list[dict]:
        """Every review, newest first: who, when, the action, the values before and after."""
        return store.review_history(document, kind, limit)

    @app.get("/api/review-queue")
    def review_queue(kind: Annotated[Optional[Literal[tuple(FACT_KIND)]], Query()] = None,  # type: ignore[valid-type]
                     limit: Limit = 50) -> dict:
        """Facts not yet reviewed, the least confident first, and the progress of each kind."""
        return store.review_queue(kind, limit)

    @app.get("/api/gold")
    def gold() -> list[dict]:
        """The reviewed documents in the interchange format (docs/schema.md), with their text: gold annotations
        to score the extractor against (as `armstrace export --gold`)."""
        return [{"file": gold_name(ex), "gold": ex.to_json(), "text": ex.document.text}
                for _, ex in store.reviewed_extractions()]

    @app.get("/api/facts/{kind}/{fact_id}", responses=_NOT_FOUND)
    def fact(kind: Annotated[Literal[tuple(FACT_KIND)], PathParam()],  # type: ignore[valid-type]
             fact_id: Annotated[int, PathParam(ge=1, le=2**62)]):
        """One fact with where it was reported and all its evidence (a SIPRI deal: its register line)."""
        row = store.fact(kind, fact_id)
        if row is None:
            raise HTTPException(404, f"no {FACT_KIND[kind].singular} {fact_id}")
        return row

    # one route per kind of fact, each with the filters that apply to it (declared in model.FACT_KIND)
    for spec in FACT_KIND.values():
        app.get(f"/api/facts/{spec.name}", response_model=Page, name=spec.name, summary=spec.label,
                description=f"{spec.label}, oldest first, with evidence; filters: "
                            f"{', '.join(spec.all_filters) or 'none'} (names resolved across documents)")(
            _fact_route(spec, _facts))

    @app.get("/api/kinds")
    def kinds() -> list[dict]:
        """The kinds of facts, their filters (with their values when they are a closed set) and their columns."""
        return [{"name": k.name, "key": k.key, "singular": k.singular, "label": k.label,
                 "filters": [{"name": f, "values": _choices(k, f)} for f in k.all_filters], "names": list(k.names),
                 "sortable": list(an.sortable(k.name)), "dated": bool(k.dates), "columns": store.fact_columns(k.name),
                 "fields": [_field_form(k, f) for f in k.fields]}
                for k in FACT_KIND.values()]

    @app.get("/api/analytics/who-arms-whom", response_model=TableOut)
    def who_arms_whom(start: Annotated[Year, Query(alias="from")] = None,
                      end: Annotated[Year, Query(alias="to")] = None,
                      source: Annotated[Literal["news", "SIPRI", "both"], Query()] = "news"):
        return _table(an.who_arms_whom(store, start, end, source))

    @app.get("/api/analytics/crosscheck", response_model=TableOut)
    def crosscheck(recipient: OptName = None, limit: Limit = 500):
        """News-reported transfers of named systems against SIPRI's register: in both, news only, SIPRI only."""
        return _table(an.crosscheck(store, recipient, limit))

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
        return FileResponse(static / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(static / "docs.html")

    return app


def app_from_env() -> FastAPI:
    """The app for `uvicorn --factory` (one per worker process): store from ARMSTRACE_DB."""
    return create_app(os.environ.get("ARMSTRACE_DB"))


# the dashboard loads nothing from elsewhere and runs no inline script
# (the network library styles its canvas inline: styles may be inline, scripts may not)
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " \
      "base-uri 'none'; frame-ancestors 'none'"
API_CSP = "default-src 'none'; frame-ancestors 'none'"   # data and static files: nothing to run
