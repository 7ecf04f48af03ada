"""An analyst's reviews of facts: confirm, reject, edit, add. Mixed into `Store`.

A review is stored apart from the machine's facts, keyed by the fact's kind, document and evidence span, with
who made it, when, and the fact's values before it. It is applied to the fact's row at once (a rejected fact is
left out of every answer; an edited one answers with the reviewed values), and again after every re-extraction
of the document: the latest review of a key applies to the new fact of that kind whose evidence overlaps the
span, and an added fact is added again. Every review is kept, so the history shows each change.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update

from . import schema as t

ACTIONS = ("confirm", "reject", "edit", "add")
VERDICT = {"confirm": "confirmed", "reject": "rejected", "edit": "edited", "add": "added"}


def not_rejected(table):
    """The condition that leaves out facts an analyst rejected."""
    return or_(table.c.review.is_(None), table.c.review != "rejected")


class ReviewError(ValueError):
    pass


class Reviews:
    """Mixed into `Store` (which provides the engine, the fused summaries and the reading of facts)."""

    engine: Engine
    _summarise: Callable
    fact: Callable
    extraction: Callable

    # ---- making reviews --------------------------------------------------------------------------------------
    def review(self, kind: str, fact_id: int, action: str, fields: Optional[dict] = None,
               reviewer: str = "analyst") -> dict:
        """Confirm, reject or edit (`fields`: the changed values, as in the fact model) one stored fact."""
        from . import now

        if action not in ("confirm", "reject", "edit"):
            raise ReviewError(f"a review confirms, rejects or edits (to add a fact, give its span): not {action!r}")
        if action == "edit" and not fields:
            raise ReviewError("an edit needs the fields it changes")
        table = t.FACT_TABLES[kind]
        with self.engine.begin() as conn:
            row = conn.execute(select(table).where(table.c.id == fact_id)).mappings().first()
            if row is None:
                from . import StoreError

                raise StoreError(f"no {kind} fact {fact_id}")
            span = self._span(conn, kind, fact_id)
            previous = self._values(conn, kind, dict(row))
            self._check(kind, previous, fields or {})
            conn.execute(insert(t.reviews).values(kind=kind, document_id=row["document_id"], char_start=span[0],
                                                  char_end=span[1], action=action, fields=fields or None,
                                                  previous=previous, reviewer=reviewer, created_at=now()))
            keys = self._apply(conn, kind, dict(row), action, fields or {})
            self._resummarise(conn, kind, keys)
        return self.fact(kind, fact_id) or {}

    def add_fact(self, kind: str, document_id: str, start: int, end: int, fields: dict,
                 reviewer: str = "analyst") -> int:
        """A fact the extractor missed, with the span of the document's text that states it: its new id."""
        from . import now

        with self.engine.begin() as conn:
            text = conn.execute(select(t.documents.c.text).where(t.documents.c.id == document_id)).scalar()
            if text is None:
                from . import StoreError

                raise StoreError(f"no document '{document_id}'")
            if not 0 <= start < end <= len(text):
                raise ReviewError(f"the span {start}–{end} is not inside the document ({len(text)} characters)")
            self._check(kind, {}, fields)
            conn.execute(insert(t.reviews).values(kind=kind, document_id=document_id, char_start=start,
                                                  char_end=end, action="add", fields=fields, previous=None,
                                                  reviewer=reviewer, created_at=now()))
            fact_id, keys = self._insert_reviewed(conn, kind, document_id, start, end, text, fields)
            self._resummarise(conn, kind, keys)
        return fact_id

    # ---- reading them ---------------------------------------------------------------------------------------
    def review_history(self, document_id: Optional[str] = None, kind: Optional[str] = None,
                       limit: int = 500) -> list[dict]:
        """Every review, newest first: who, when, what, the values before and after."""
        r = t.reviews.c
        cond = [c for c in (r.document_id == document_id if document_id else None,
                            r.kind == kind if kind else None) if c is not None]
        with self.engine.connect() as conn:
            return [dict(x) for x in conn.execute(select(t.reviews).where(*cond).order_by(r.id.desc()).limit(limit))
                    .mappings()]

    def review_queue(self, kind: Optional[str] = None, limit: int = 50) -> dict:
        """Facts from articles not yet reviewed, the least confident first, and the progress so far."""
        from ..model import FACT_KIND

        kinds = [kind] if kind else list(FACT_KIND)
        items: list[dict] = []
        progress = {}
        with self.engine.connect() as conn:
            for k in kinds:
                table = t.FACT_TABLES[k]
                news = [] if k != "transfers" else [table.c.source == "news"]
                total = conn.execute(select(func.count()).select_from(table).where(*news)).scalar() or 0
                done = conn.execute(select(func.count()).select_from(table).where(
                    *news, table.c.review.isnot(None))).scalar() or 0
                progress[k] = {"reviewed": done, "total": total}
                ids = conn.execute(select(table.c.id, table.c.confidence).where(*news, table.c.review.is_(None))
                                   .order_by(table.c.confidence, table.c.id).limit(limit)).all()
                items += [{"kind": k, "id": i, "confidence": c} for i, c in ids]
        items.sort(key=lambda x: (x["confidence"], x["kind"], x["id"]))
        out = []
        for x in items[:limit]:
            row = self.fact(x["kind"], x["id"])
            if row:
                out.append({**row, "kind": x["kind"]})
        return {"items": out, "progress": progress}

    def reviewed_extractions(self):
        """(document id, its reviewed facts as an Extraction) for every document an analyst reviewed: the facts
        confirmed, edited or added, none rejected or left unreviewed."""
        from ..model import Extraction

        with self.engine.connect() as conn:
            docs = list(conn.execute(select(t.reviews.c.document_id).distinct()).scalars())
        for doc_id in docs:
            ex = self.extraction(doc_id, reviewed_only=True)
            yield doc_id, Extraction(document=ex.document, entities=ex.entities,
                                     **{k: getattr(ex, k) for k in t.FACT_TABLES})

    # ---- applying them --------------------------------------------------------------------------------------
    def _apply_reviews(self, conn, doc_id: str) -> set[Optional[tuple]]:
        """After a document's facts were (re)written: the latest review of each key, applied again."""
        r = t.reviews.c
        latest = conn.execute(select(t.reviews).where(r.document_id == doc_id).order_by(r.id)).mappings().all()
        by_key: dict[tuple, dict] = {}
        for x in latest:
            by_key[(x["kind"], x["char_start"], x["char_end"])] = dict(x)
        keys: set[Optional[tuple]] = set()
        text = None
        for (kind, start, end), rev in by_key.items():
            if rev["action"] == "add":
                if text is None:
                    text = conn.execute(select(t.documents.c.text).where(t.documents.c.id == doc_id)).scalar()
                keys |= self._insert_reviewed(conn, kind, doc_id, start, end, text, rev["fields"] or {})[1]
                continue
            table = t.FACT_TABLES[kind]
            ev = t.evidence.c
            hit = conn.execute(select(table).join(t.evidence, and_(ev.fact_kind == kind, ev.fact_id == table.c.id))
                               .where(table.c.document_id == doc_id, ev.char_start < end, ev.char_end > start)
                               .order_by(table.c.id).limit(1)).mappings().first()
            if hit is not None:
                edits = self._edits_since(conn, kind, doc_id, start, end) if rev["action"] == "edit" else {}
                keys |= self._apply(conn, kind, dict(hit), rev["action"], edits)
        return keys

    def _edits_since(self, conn, kind: str, doc_id: str, start: int, end: int) -> dict:
        """Every field an analyst edited on this key, the latest value of each."""
        r = t.reviews.c
        out: dict = {}
        for fields in conn.execute(select(r.fields).where(r.kind == kind, r.document_id == doc_id, r.char_start == start,
                                                          r.char_end == end, r.action == "edit").order_by(r.id)).scalars():
            out.update(fields or {})
        return out

    def _apply(self, conn, kind: str, row: dict, action: str, fields: dict) -> set[Optional[tuple]]:
        """The review on the fact's row; the transfer keys it touched (before and after)."""
        table = t.FACT_TABLES[kind]
        keys = {_key(kind, row)}
        values: dict[str, Any] = {"review": VERDICT[action]}
        if action == "edit":
            fact = self._fact_model(conn, kind, row)
            updated = type(fact).model_validate({**fact.model_dump(exclude={"evidence"}), **fields})
            from . import _fact_row

            values.update(_fact_row(kind, updated))
            if "actors" in fields and kind == "events":
                ea = t.event_actors.c
                conn.execute(delete(t.event_actors).where(ea.event_id == row["id"]))
                if updated.actors:
                    conn.execute(insert(t.event_actors), [{"event_id": row["id"], "actor": a, "position": i}
                                                          for i, a in enumerate(dict.fromkeys(updated.actors))])
        conn.execute(update(table).where(table.c.id == row["id"]).values(**values))
        keys.add(_key(kind, {**row, **values}))
        return keys

    def _insert_reviewed(self, conn, kind: str, doc_id: str, start: int, end: int, text: str,
                         fields: dict) -> tuple[int, set[Optional[tuple]]]:
        from ..model import FACT_KIND, Evidence
        from . import _fact_row

        fact = FACT_KIND[kind].model.model_validate(fields)
        table = t.FACT_TABLES[kind]
        values = dict(_fact_row(kind, fact), document_id=doc_id, confidence=1.0, review="added")
        if kind == "transfers":
            values["source"] = conn.execute(select(table.c.source).where(table.c.document_id == doc_id).limit(1)) \
                .scalar() or "news"
        fact_id = conn.execute(insert(table).returning(table.c.id), values).scalar_one()
        actors = getattr(fact, "actors", None) if kind == "events" else None
        if actors:
            conn.execute(insert(t.event_actors), [{"event_id": fact_id, "actor": a, "position": i}
                                                  for i, a in enumerate(dict.fromkeys(actors))])
        ev = Evidence(document_id=doc_id, start=start, end=end, text=text[start:end])
        conn.execute(insert(t.evidence).values(fact_kind=kind, fact_id=fact_id, document_id=doc_id,
                                               char_start=ev.start, char_end=ev.end, text=ev.text))
        return fact_id, {_key(kind, values)}

    def _resummarise(self, conn, kind: str, keys: set[Optional[tuple]]) -> None:
        if kind == "transfers":
            self._summarise(conn, {k for k in keys if k})

    def _span(self, conn, kind: str, fact_id: int) -> tuple[int, int]:
        ev = t.evidence.c
        row = conn.execute(select(ev.char_start, ev.char_end).where(ev.fact_kind == kind, ev.fact_id == fact_id)
                           .order_by(ev.id).limit(1)).first()
        if row is None:
            raise ReviewError(f"{kind} fact {fact_id} has no evidence to key its review on")
        return row[0], row[1]

    def _fact_model(self, conn, kind: str, row: dict):
        from . import _row_fact

        side = {}
        if kind == "events":
            ea = t.event_actors.c
            side["actors"] = list(conn.execute(select(ea.actor).where(ea.event_id == row["id"]).order_by(ea.position))
                                  .scalars())
        return _row_fact(kind, row, [], side)

    def _values(self, conn, kind: str, row: dict) -> dict:
        """The fact's own fields, as the model has them (JSON)."""
        return self._fact_model(conn, kind, row).model_dump(mode="json", exclude={"evidence", "confidence"})

    @staticmethod
    def _check(kind: str, current: dict, fields: dict) -> None:
        """Reviewed values must make a valid fact of the kind (a real status, a number for a quantity, ...)."""
        from ..model import FACT_KIND

        spec = FACT_KIND[kind]
        unknown = set(fields) - set(spec.fields)
        if unknown:
            raise ReviewError(f"{kind} have no field(s) {', '.join(sorted(unknown))} (they have: "
                              f"{', '.join(spec.fields)})")
        try:
            spec.model.model_validate({**current, **fields})
        except ValueError as e:
            raise ReviewError(f"not a valid {spec.singular}: {e}") from None


def _key(kind: str, row: dict) -> Optional[tuple]:
    """A transfer's fused key (what its review changes in the summary), else None."""
    if kind != "transfers" or row.get("source", "news") != "news":
        return None
    return (row.get("supplier"), row.get("recipient"), row.get("weapon") or "")
