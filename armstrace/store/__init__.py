"""Persistence of documents, entities, facts and evidence: SQLite by default, any SQLAlchemy URL in principle.

One document is saved in one transaction (its row, its sources, its full-text entry, its facts and evidence):
a crash never leaves half a document. The schema is versioned by the Alembic migrations beside this file.
"""
from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import Engine, case, create_engine, delete, event, func, insert, or_, select, text, update

from ..model import ACTUAL, FACT_KIND, FACT_KINDS, Document, Entity, EntityType, Evidence, Extraction, Money, Period
from . import schema as t
from .queries import Queries
from .reviews import Reviews, not_rejected

DEFAULT_DB = "armstrace.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: Optional[str] = None) -> str:
    """--db value, else $ARMSTRACE_DB, else ./armstrace.db; a plain path means SQLite."""
    db = db or os.environ.get("ARMSTRACE_DB") or DEFAULT_DB
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreError(LookupError):
    pass


class Store(Queries, Reviews):
    def __init__(self, db: Optional[str] = None, migrate: bool = True):
        self.url = database_url(db)
        args = {"connect_args": {"check_same_thread": False}} if self.url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(self.url, future=True, **args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._entity_ids: dict[tuple[str, str], int] = {}
        self._pending_entities: dict[tuple[str, str], int] = {}
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # ---- schema ----------------------------------------------------------------------------------
    def _alembic(self, conn):
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        return cfg

    def schema_version(self) -> Optional[str]:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def _current_revision(self) -> Optional[str]:
        """The store's schema revision, read without loading Alembic (None for a new store)."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # no such table yet: a new store
            return None

    def migrate(self, revision: str = "head") -> None:
        if revision == "head" and self._current_revision() == _HEAD:
            return  # the usual case, and fast: Alembic loads only when there is something to do
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        with self._migration_lock(), self.engine.begin() as conn:
            if self.dialect == "postgresql":  # one migrator at a time; the others then find the schema done
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            cfg = self._alembic(conn)
            current = MigrationContext.configure(conn).get_current_revision()
            if revision == "head" and current == ScriptDirectory.from_config(cfg).get_current_head():
                return
            command.upgrade(cfg, revision)
        if current is not None and current < "0003" and (revision == "head" or revision >= "0003"):
            self.rebuild_summaries()  # a store from before the fused-transfer summary gets it now

    @contextlib.contextmanager
    def _migration_lock(self):
        """On SQLite, an exclusive lock on a file beside the database while the schema is checked and migrated
        (processes opening a new store at once would otherwise both create it)."""
        path = self.engine.url.database
        if self.dialect != "sqlite" or not path or path == ":memory:":
            yield
            return
        import fcntl

        with open(f"{path}.migrate-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def downgrade(self, revision: str) -> None:
        from alembic import command

        with self.engine.begin() as conn:
            command.downgrade(self._alembic(conn), revision)

    # ---- writing ---------------------------------------------------------------------------------
    def source(self, path: str) -> Optional[dict]:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.sources).where(t.sources.c.path == path)).mappings().first()
            return dict(row) if row else None

    def delete_document(self, doc_id: str) -> None:
        """A document, its facts, evidence and sources, gone (the fused summaries recomputed): one transaction."""
        with self.engine.begin() as conn:
            self._delete_document(conn, doc_id)

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.documents.c.id).where(t.documents.c.id == doc_id)).first() is not None

    def near_duplicate_of(self, signature, threshold: Optional[float] = None,
                          exclude: Optional[str] = None) -> Optional[str]:
        """The most similar original document (other than `exclude`) at or above the near-duplicate threshold."""
        import numpy as np

        from ..ingest import NEAR_DUPLICATE_JACCARD, lsh_bands, similarity

        threshold = NEAR_DUPLICATE_JACCARD if threshold is None else threshold
        b = t.lsh_bands.c
        keys = lsh_bands(signature)
        cond = or_(*((b.band == i) & (b.key == k) for i, k in enumerate(keys)))
        with self.engine.connect() as conn:
            ids = conn.execute(select(b.document_id).where(cond).distinct()).scalars().all()
            if not ids:
                return None
            rows = conn.execute(select(t.documents.c.id, t.documents.c.minhash)
                                .where(t.documents.c.id.in_(ids), t.documents.c.duplicate_of.is_(None),
                                       t.documents.c.id != (exclude or ""))).all()
        scored = [(similarity(signature, np.frombuffer(r.minhash, dtype=np.uint32)), r.id) for r in rows if r.minhash]
        best = max(scored, default=None)
        return best[1] if best and best[0] >= threshold else None

    def record_source(self, path: str, doc_id: str, relation: str) -> None:
        with self.engine.begin() as conn:
            self._upsert_source(conn, path, doc_id, relation)

    def _upsert_source(self, conn, path: str, doc_id: str, relation: str) -> None:
        previous = conn.execute(select(t.sources.c.document_id).where(t.sources.c.path == path)).scalar()
        conn.execute(delete(t.sources).where(t.sources.c.path == path))
        conn.execute(insert(t.sources).values(path=path, document_id=doc_id, relation=relation, ingested_at=now()))
        if previous and previous != doc_id:
            # the file changed: the old text goes unless another file still holds it
            left = conn.execute(select(func.count()).select_from(t.sources)
                                .where(t.sources.c.document_id == previous)).scalar()
            if not left:
                self._delete_document(conn, previous)

    def save(self, extraction: Extraction, *, signature=None, duplicate_of: Optional[str] = None,
             extractor_version: Optional[str] = None, relation: str = "original", source: str = "news") -> None:
        """Store a document with all its facts, replacing what was stored for it before: one transaction.

        `signature` (ingest.minhash) makes an original document findable as the source of later near-duplicates.
        """
        from ..ingest import lsh_bands

        doc = extraction.document
        row = dict(id=doc.id, title=doc.title, title_how=doc.title_how, outlet=doc.outlet, author=doc.author,
                   published=doc.published, published_how=doc.published_how, published_note=doc.published_note,
                   url=doc.url, format=doc.format, text=doc.text, source_path=doc.source_path,
                   minhash=signature.tobytes() if signature is not None else None,
                   duplicate_of=duplicate_of, ingested_at=now(), framing=extraction.framing or None,
                   problems=extraction.problems or None, pages=doc.pages or None,
                   extracted_at=now() if extractor_version else None, extractor_version=extractor_version)
        self._pending_entities = {}
        with self.engine.begin() as conn:
            exists = conn.execute(select(t.documents.c.id).where(t.documents.c.id == doc.id)).first()
            keys = self._transfer_keys(conn, doc.id) if exists else set()
            if source == "news":  # the fused summary is of what articles say; registers are compared, not fused
                keys |= {(x.supplier, x.recipient, x.weapon or "") for x in extraction.transfers}
            if exists:
                self._delete_facts(conn, doc.id)
                row.pop("ingested_at")
                conn.execute(update(t.documents).where(t.documents.c.id == doc.id).values(**row))
            else:
                conn.execute(insert(t.documents).values(**row))
            self._index_text(conn, doc, replace=bool(exists))
            if signature is not None and duplicate_of is None:
                conn.execute(delete(t.lsh_bands).where(t.lsh_bands.c.document_id == doc.id))
                conn.execute(insert(t.lsh_bands), [dict(band=i, key=k, document_id=doc.id)
                                                   for i, k in enumerate(lsh_bands(signature))])
            if doc.source_path:
                self._upsert_source(conn, doc.source_path, doc.id, relation)
            self._insert_facts(conn, extraction, source)
            if exists:  # an analyst's reviews of this document apply to its new facts too
                keys |= {k for k in self._apply_reviews(conn, doc.id) if k}
                self._summarise(conn, keys)  # facts were replaced: recompute what they touched
            elif keys:
                self._summarise_new(conn, doc)  # a new document only adds to what is known
        self._entity_ids.update(self._pending_entities)

    def _index_text(self, conn, doc: Document, replace: bool) -> None:
        if self.dialect != "sqlite":
            return  # PostgreSQL indexes a generated tsvector column
        if replace:
            conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": doc.id})
        conn.execute(text("INSERT INTO documents_fts (doc_id, title, text) VALUES (:id, :title, :text)"),
                     {"id": doc.id, "title": doc.title or "", "text": doc.text})

    def _insert_facts(self, conn, ex: Extraction, source: str = "news") -> None:
        doc_id = ex.document.id
        ev_rows, actor_rows = [], []
        for kind in t.FACT_TABLES:
            facts = getattr(ex, kind)
            if not facts:
                continue
            rows = []
            for fact in facts:
                values = dict(_fact_row(kind, fact), document_id=doc_id, confidence=fact.confidence)
                if kind == "transfers":
                    values["source"] = source
                rows.append(values)
            table = t.FACT_TABLES[kind]
            # one statement for all facts of a kind, their new ids back in order
            ids = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
            for fact_id, fact in zip(ids, facts):
                if kind == "events":
                    actor_rows += [{"event_id": fact_id, "actor": a, "position": i}
                                   for i, a in enumerate(dict.fromkeys(fact.actors))]
                ev_rows += [dict(fact_kind=kind, fact_id=fact_id, document_id=doc_id, char_start=e.start,
                                 char_end=e.end, text=e.text) for e in fact.evidence]
        if actor_rows:
            conn.execute(insert(t.event_actors), actor_rows)
        if ev_rows:
            conn.execute(insert(t.evidence), ev_rows)
        mention_rows, role_rows = [], []
        for ent in ex.entities:
            ent_id = self._entity_id(conn, ent.name, ent.type)
            mention_rows += [dict(entity_id=ent_id, document_id=doc_id, alias=a)
                             for a in dict.fromkeys(ent.aliases or [ent.name])]
            role_rows += [dict(entity_id=ent_id, document_id=doc_id, role=r) for r in dict.fromkeys(ent.roles)]
        if mention_rows:
            conn.execute(insert(t.mentions), mention_rows)
        if role_rows:
            conn.execute(insert(t.entity_roles), role_rows)

    def _entity_id(self, conn, name: str, type_: str) -> int:
        # entity rows are never deleted, so a committed id stays valid; ids from this transaction wait in
        # _pending_entities until it commits (a rolled-back insert must not be remembered)
        key = (name, type_)
        if key in self._entity_ids:
            return self._entity_ids[key]
        if key not in self._pending_entities:
            self._pending_entities[key] = self._find_or_add_entity(conn, name, type_)
        return self._pending_entities[key]

    def _find_or_add_entity(self, conn, name: str, type_: str) -> int:
        c = t.entities.c
        found = conn.execute(select(c.id).where(c.name == name, c.type == type_)).scalar()
        if found is None:
            if self.dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                conn.execute(pg_insert(t.entities).values(name=name, type=type_).on_conflict_do_nothing())
            else:
                conn.execute(insert(t.entities).values(name=name, type=type_))
            found = conn.execute(select(c.id).where(c.name == name, c.type == type_)).scalar()
        return found

    def _delete_facts(self, conn, doc_id: str) -> None:
        events = select(t.events.c.id).where(t.events.c.document_id == doc_id)
        conn.execute(delete(t.event_actors).where(t.event_actors.c.event_id.in_(events)))
        for table in (t.evidence, t.mentions, t.entity_roles, *t.FACT_TABLES.values()):
            conn.execute(delete(table).where(table.c.document_id == doc_id))

    def _delete_document(self, conn, doc_id: str) -> None:
        keys = self._transfer_keys(conn, doc_id)
        self._delete_facts(conn, doc_id)
        conn.execute(delete(t.sources).where(t.sources.c.document_id == doc_id))
        conn.execute(delete(t.lsh_bands).where(t.lsh_bands.c.document_id == doc_id))
        conn.execute(update(t.documents).where(t.documents.c.duplicate_of == doc_id).values(duplicate_of=None))
        if self.dialect == "sqlite":
            conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": doc_id})
        conn.execute(delete(t.documents).where(t.documents.c.id == doc_id))
        self._summarise(conn, keys)

    # ---- fused transfers --------------------------------------------------------------------------
    def _transfer_keys(self, conn, doc_id: str) -> set[tuple]:
        c = t.transfers.c
        return {(r.supplier, r.recipient, r.weapon or "") for r in
                conn.execute(select(c.supplier, c.recipient, c.weapon).where(c.document_id == doc_id,
                                                                             c.source == "news"))}

    def _summary_select(self):
        c, d = t.transfers.c, t.documents.c
        agg = func.group_concat if self.dialect == "sqlite" else (lambda x: func.string_agg(x, ","))
        weapon = func.coalesce(c.weapon, "")
        usd = case((func.coalesce(c.value_currency, "USD") == "USD", c.value_amount), else_=None)
        return select(c.supplier, c.recipient, weapon.label("weapon"),
                      func.max(case((c.category != "general", c.category), else_=None)).label("category"),
                      func.count().label("reports"), func.count(func.distinct(c.document_id)).label("documents"),
                      func.min(usd).label("value_min"), func.max(usd).label("value_max"),
                      agg(func.distinct(c.status)).label("statuses"),
                      func.min(func.coalesce(c.period_start, d.published)).label("period_start"),
                      func.max(func.coalesce(c.period_end, c.period_start, d.published)).label("period_end"),
                      func.min(c.id).label("first_id"), func.max(c.id).label("last_id")) \
            .join(t.documents, c.document_id == d.id).where(d.duplicate_of.is_(None), c.supplier.isnot(None),
                                                             c.recipient.isnot(None), c.source == "news",
                                                             not_rejected(t.transfers)) \
            .group_by(c.supplier, c.recipient, weapon)

    @staticmethod
    def _summary_row(r) -> dict:
        row = dict(r._mapping)
        row["statuses"] = ",".join(sorted(set((row["statuses"] or "").split(",")) - {""}))
        return _flags(row)

    def _summarise(self, conn, keys: set[tuple]) -> None:
        """Recompute the fused rows of the given (supplier, recipient, weapon) keys."""
        s, c = t.transfer_summary.c, t.transfers.c
        for sup, rec, weapon in sorted(k for k in keys if k[0] is not None and k[1] is not None):  # one lock order
            if sup is None or rec is None:
                continue
            conn.execute(delete(t.transfer_summary).where(s.supplier == sup, s.recipient == rec, s.weapon == weapon))
            row = conn.execute(self._summary_select().where(c.supplier == sup, c.recipient == rec,
                                                            func.coalesce(c.weapon, "") == weapon)).first()
            if row is not None:
                conn.execute(insert(t.transfer_summary).values(**self._summary_row(row)))
        d = t.dyad_summary.c
        for sup, rec in sorted({(k[0], k[1]) for k in keys if k[0] is not None and k[1] is not None}):
            conn.execute(delete(t.dyad_summary).where(d.supplier == sup, d.recipient == rec))
            n = conn.execute(self._dyad_select().where(c.supplier == sup, c.recipient == rec)).first()
            if n is not None:
                conn.execute(insert(t.dyad_summary).values(supplier=sup, recipient=rec, documents=n.documents))

    def _summarise_new(self, conn, doc: Document) -> None:
        """Add a new document's news transfers to the fused rows: counts, value range, statuses, period and
        sample reports are merged in place (the row is locked on PostgreSQL), without rereading every report."""
        c, s, ds = t.transfers.c, t.transfer_summary.c, t.dyad_summary.c
        rows = conn.execute(select(c.id, c.supplier, c.recipient, c.weapon, c.category, c.value_amount,
                                   c.value_currency, c.status, c.period_start, c.period_end)
                            .where(c.document_id == doc.id, c.source == "news", c.supplier.isnot(None),
                                   c.recipient.isnot(None))).all()
        groups: dict[tuple, list] = {}
        for r in rows:
            groups.setdefault((r.supplier, r.recipient, r.weapon or ""), []).append(r)
        for key in sorted(groups):  # one lock order
            new = groups[key]
            usd = [r.value_amount for r in new if r.value_amount is not None and (r.value_currency or "USD") == "USD"]
            starts = [s for s in (r.period_start or doc.published for r in new) if s]
            ends = [e for e in (r.period_end or r.period_start or doc.published for r in new) if e]
            cats = [r.category for r in new if r.category and r.category != "general"]
            add = {"supplier": key[0], "recipient": key[1], "weapon": key[2], "reports": len(new), "documents": 1,
                   "value_min": min(usd) if usd else None, "value_max": max(usd) if usd else None,
                   "statuses": ",".join(sorted({r.status for r in new if r.status})),
                   "category": max(cats) if cats else None,
                   "period_start": min(starts) if starts else None, "period_end": max(ends) if ends else None,
                   "first_id": min(r.id for r in new), "last_id": max(r.id for r in new)}
            q = select(t.transfer_summary).where(s.supplier == key[0], s.recipient == key[1], s.weapon == key[2])
            if self.dialect == "postgresql":
                q = q.with_for_update()
            old = conn.execute(q).mappings().first()
            if old is not None:
                add = _merge_summary(dict(old), add)
                conn.execute(update(t.transfer_summary).where(s.supplier == key[0], s.recipient == key[1],
                                                               s.weapon == key[2]).values(**_flags(add)))
            else:
                conn.execute(insert(t.transfer_summary).values(**_flags(add)))
        for sup, rec in sorted({(k[0], k[1]) for k in groups}):
            q = select(ds.documents).where(ds.supplier == sup, ds.recipient == rec)
            if self.dialect == "postgresql":
                q = q.with_for_update()
            n = conn.execute(q).scalar()
            if n is None:
                conn.execute(insert(t.dyad_summary).values(supplier=sup, recipient=rec, documents=1))
            else:
                conn.execute(update(t.dyad_summary).where(ds.supplier == sup, ds.recipient == rec)
                             .values(documents=n + 1))

    def _dyad_select(self):
        c, d = t.transfers.c, t.documents.c
        return select(c.supplier, c.recipient, func.count(func.distinct(c.document_id)).label("documents")) \
            .join(t.documents, c.document_id == d.id) \
            .where(d.duplicate_of.is_(None), c.supplier.isnot(None), c.recipient.isnot(None), c.source == "news",
                   not_rejected(t.transfers)) \
            .group_by(c.supplier, c.recipient)

    def rebuild_summaries(self) -> int:
        """Recompute every fused transfer (after a bulk load, or on a store made before migration 0003)."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.transfer_summary))
            conn.execute(delete(t.dyad_summary))
            rows = [self._summary_row(r) for r in conn.execute(self._summary_select())]
            if rows:
                conn.execute(insert(t.transfer_summary), rows)
            dyads = [dict(r._mapping) for r in conn.execute(self._dyad_select())]
            if dyads:
                conn.execute(insert(t.dyad_summary), dyads)
        return len(rows)

    # ---- reading ---------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            def count(table) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar() or 0
            return {"documents": count(t.documents), "sources": count(t.sources), "entities": count(t.entities),
                    **{kind: count(table) for kind, table in t.FACT_TABLES.items()}, "evidence": count(t.evidence)}

    def orphans(self) -> dict[str, int]:
        """Rows that lost what they belong to (should all be 0): evidence without its fact, sources that call a
        document a duplicate of itself, and facts or sources without their document."""
        e = t.evidence.c
        with self.engine.connect() as conn:
            def count(stmt) -> int:
                return conn.execute(stmt).scalar() or 0
            n = select(func.count())
            return {
                "evidence without its fact": sum(
                    count(n.select_from(t.evidence).where(e.fact_kind == kind, e.fact_id.not_in(select(table.c.id))))
                    for kind, table in t.FACT_TABLES.items()),
                "sources calling a document a duplicate of itself": count(
                    n.select_from(t.sources).join(t.documents, t.documents.c.id == t.sources.c.document_id)
                    .where(t.sources.c.relation == "duplicate", t.sources.c.path == t.documents.c.source_path)),
                "facts or sources without their document": sum(
                    count(n.select_from(table).where(table.c.document_id.not_in(select(t.documents.c.id))))
                    for table in (*t.FACT_TABLES.values(), t.sources))}

    def _document_filter(self, query: Optional[str], include_duplicates: bool, articles_only: bool) -> list:
        d = t.documents.c
        cond: list = []
        if query:
            cond.append(d.id.in_(self._search_ids(query)))
        if not include_duplicates:
            cond.append(d.duplicate_of.is_(None))
        if articles_only:  # not SIPRI's register (a CSV file, whose deals are its facts)
            cond.append(d.format != "csv")
        return cond

    def document_count(self, query: Optional[str] = None, include_duplicates: bool = True,
                       articles_only: bool = False) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.documents).where(
                *self._document_filter(query, include_duplicates, articles_only))).scalar() or 0

    def documents(self, limit: int = 100, offset: int = 0, query: Optional[str] = None,
                  include_duplicates: bool = True, articles_only: bool = False) -> list[dict]:
        """Document rows (without their text), newest first; `query` searches the full text; `articles_only`
        leaves out SIPRI's register."""
        d = t.documents.c
        cols = [d.id, d.title, d.title_how, d.outlet, d.author, d.published, d.published_how, d.url,
                d.source_path, d.format, d.duplicate_of, d.extracted_at, func.length(d.text).label("chars")]
        stmt = select(*cols).where(*self._document_filter(query, include_duplicates, articles_only))
        stmt = stmt.order_by(d.published.desc().nulls_last(), d.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
            counts: dict[str, int] = {r["id"]: 0 for r in rows}
            for tb in t.FACT_TABLES.values():  # one grouped count per kind of fact for the whole page
                for doc_id, n in conn.execute(select(tb.c.document_id, func.count()).where(
                        tb.c.document_id.in_(list(counts))).group_by(tb.c.document_id)):
                    counts[doc_id] += n
            for r in rows:
                r["facts"] = counts[r["id"]]
            return rows

    def _search_ids(self, query: str):
        query = re.sub(r"[\x00-\x1f\x7f]", " ", query)  # control characters are no words (and break PostgreSQL)
        if self.dialect == "sqlite":
            return text("SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :q").bindparams(q=_fts_query(query))
        if self.dialect == "postgresql":
            return select(t.documents.c.id).where(
                text("tsv @@ websearch_to_tsquery('english', :q)").bindparams(q=query))
        return select(t.documents.c.id).where(t.documents.c.text.contains(query))

    def resolve_document_id(self, ref: str) -> str:
        """A document id, an unambiguous id prefix, or a source path → the document id."""
        d = t.documents.c
        with self.engine.connect() as conn:
            src = conn.execute(select(t.sources.c.document_id).where(t.sources.c.path == ref)).scalar()
            if src:
                return src
            ids = conn.execute(select(d.id).where(d.id.like(f"{ref}%")).limit(2)).scalars().all()
        if len(ids) == 1:
            return ids[0]
        raise StoreError(f"no document '{ref}'" if not ids else f"'{ref}' matches several documents; give more of the id")

    def document(self, doc_id: str) -> Document:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
        if row is None:
            raise StoreError(f"no document '{doc_id}'")
        return Document(**{k: row[k] for k in Document.model_fields if k in row and row[k] is not None})

    def sources_of(self, doc_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(t.sources).where(t.sources.c.document_id == doc_id)
                                                  .order_by(t.sources.c.ingested_at)).mappings()]

    def extraction(self, doc_id: str, reviewed_only: bool = False) -> Extraction:
        """Everything stored for one document, as the fact model: the facts an analyst rejected left out, and
        with `reviewed_only` only those an analyst confirmed, edited or added."""
        doc = self.document(doc_id)
        with self.engine.connect() as conn:
            ev: dict[tuple[str, int], list[Evidence]] = {}
            for r in conn.execute(select(t.evidence).where(t.evidence.c.document_id == doc_id)
                                  .order_by(t.evidence.c.id)).mappings():
                ev.setdefault((r["fact_kind"], r["fact_id"]), []).append(
                    Evidence(document_id=doc_id, start=r["char_start"], end=r["char_end"], text=r["text"]))
            facts = {}
            for kind, table in t.FACT_TABLES.items():
                wanted = table.c.review.in_(["confirmed", "edited", "added"]) if reviewed_only else not_rejected(table)
                rows = conn.execute(select(table).where(table.c.document_id == doc_id, wanted)
                                    .order_by(table.c.id)).mappings()
                actors: dict[int, list[str]] = {}
                if kind == "events":
                    for a in conn.execute(select(t.event_actors).join(t.events).where(t.events.c.document_id == doc_id)
                                          .order_by(t.event_actors.c.event_id, t.event_actors.c.position)):
                        actors.setdefault(a.event_id, []).append(a.actor)
                facts[kind] = [_row_fact(kind, dict(r), ev.get((kind, r["id"]), []), {"actors": actors.get(r["id"], [])})
                               for r in rows]
            ents: dict[tuple[str, EntityType], list[str]] = {}
            for name, type_, alias in conn.execute(select(t.entities.c.name, t.entities.c.type, t.mentions.c.alias)
                                                   .join(t.mentions).where(t.mentions.c.document_id == doc_id)):
                ents.setdefault((name, type_), []).append(alias)
            roles: dict[tuple[str, str], list[str]] = {}
            for name, type_, role in conn.execute(select(t.entities.c.name, t.entities.c.type, t.entity_roles.c.role)
                                                  .join(t.entity_roles).where(t.entity_roles.c.document_id == doc_id)):
                roles.setdefault((name, type_), []).append(role)
            framing, problems = conn.execute(select(t.documents.c.framing, t.documents.c.problems)
                                             .where(t.documents.c.id == doc_id)).one()
        return Extraction(document=doc, entities=[Entity(name=n, type=ty, aliases=a, roles=roles.get((n, ty), []))
                                                  for (n, ty), a in ents.items()],
                          framing=framing or [], problems=problems or [], **facts)

def _flags(row: dict) -> dict:
    """A fused transfer's conflict flags, from its value range and statuses."""
    statuses = set((row["statuses"] or "").split(","))
    row["value_conflict"] = bool(row["weapon"] and row["value_min"] and row["value_max"] > 1.1 * row["value_min"])
    row["status_conflict"] = "denied" in statuses and bool(statuses & {*ACTUAL, "alleged"})
    return row


def _merge_summary(old: dict, add: dict) -> dict:
    def low(a, b):
        return b if a is None else a if b is None else min(a, b)

    def high(a, b):
        return b if a is None else a if b is None else max(a, b)

    return {**old, "reports": old["reports"] + add["reports"], "documents": old["documents"] + add["documents"],
            "value_min": low(old["value_min"], add["value_min"]), "value_max": high(old["value_max"], add["value_max"]),
            "statuses": ",".join(sorted((set((old["statuses"] or "").split(",")) | set(add["statuses"].split(",")))
                                        - {""})),
            "category": high(old["category"], add["category"]),
            "period_start": low(old["period_start"], add["period_start"]),
            "period_end": high(old["period_end"], add["period_end"]),
            "first_id": low(old["first_id"], add["first_id"]), "last_id": high(old["last_id"], add["last_id"])}


# the newest migration (files are named '<revision>_<what>.py', revisions in order)
_HEAD = max(p.name.split("_")[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))
_MIGRATION_LOCK = 7_020_301   # the advisory lock key armstrace's migrations hold on PostgreSQL


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _fts_query(q: str) -> str:
    """User words → an FTS5 query of quoted terms (so punctuation in input can't break the syntax)."""
    terms = [w for w in q.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in terms) or '""'


def _fact_row(kind: str, fact) -> dict:
    """A fact's columns: a period or date flattened to <field>_start/_end, money to <field>_amount/_currency."""
    cols = t.FACT_TABLES[kind].c
    row = {}
    for f in FACT_KIND[kind].fields:
        v = getattr(fact, f)
        if f + "_start" in cols:
            row[f + "_start"], row[f + "_end"] = (v.start, v.end) if v else (None, None)
        elif f + "_amount" in cols:
            row[f + "_amount"], row[f + "_currency"] = (v.amount, v.currency) if v else (None, None)
        elif f in cols:
            row[f] = v
    return row


def _row_fact(kind: str, r: dict, ev: list[Evidence], side: dict[str, list[str]]):
    """The fact a row stores (`side`: its list fields kept in their own tables, as an event's actors)."""
    cols = t.FACT_TABLES[kind].c
    values: dict = {"evidence": ev, "confidence": r["confidence"]}
    for f in FACT_KIND[kind].fields:
        v: Any
        if f + "_start" in cols:
            v = Period(start=r[f + "_start"], end=r[f + "_end"]) if r[f + "_start"] or r[f + "_end"] else None
        elif f + "_amount" in cols:
            v = Money(amount=r[f + "_amount"], currency=r[f + "_currency"] or "USD") \
                if r[f + "_amount"] is not None else None
        else:
            v = r[f] if f in cols else side.get(f)
        if v is not None:  # else the model's default ('' for a summary, [] for a list)
            values[f] = v
    return FACT_KIND[kind].model(**values)


__all__ = ["Store", "StoreError", "database_url", "FACT_KINDS"]
