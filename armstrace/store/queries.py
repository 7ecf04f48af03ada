"""The store's read queries across documents (and the few writes that are not a document's save): what the
questions of `armstrace.analytics`, the exports, the report and the SIPRI import ask of the database.

Every method takes and returns plain Python values (names, dates, dicts): the SQL stays here. Names are matched
as given; resolving an analyst's merges into the sets of names to match is the caller's business.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any, Optional

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, tuple_

from . import schema as t
from .reviews import not_rejected

CHUNK = 900   # ids per IN (...): under SQLite's default limit of bound parameters


def like(value: str) -> str:
    """A value matched literally inside a LIKE pattern (escape '\\'): '%' and '_' are not wildcards."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(ids: list) -> Iterable[list]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _overlapping(start_col, end_col, start: Optional[str], end: Optional[str]) -> list:
    """Rows whose period [start_col, end_col] overlaps [start, end] (open ends match; '2016' covers its months)."""
    cond = []
    if start:
        cond.append(or_(end_col.is_(None), end_col >= start))
    if end:
        cond.append(or_(start_col.is_(None), start_col <= end + "-99"))
    return cond


class Queries:
    """Mixed into `Store`."""

    engine: Engine

    # ---- names: an analyst's merges and splits -----------------------------------------------------
    def names_stamp(self) -> tuple:
        """Changes whenever an override or an entity is added (so a cached name resolver knows it is stale)."""
        with self.engine.connect() as conn:
            return (tuple(conn.execute(select(func.count(), func.max(t.entity_overrides.c.id))).first() or ()),
                    conn.execute(select(func.max(t.entities.c.id))).scalar())

    def name_overrides(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(t.entity_overrides).order_by(t.entity_overrides.c.id))
                    .mappings()]

    def add_merge(self, name: str, target: str, at: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.entity_overrides).values(action="merge", name=name, target=target, created_at=at))

    def add_split(self, name: str, alias: str, target: str, at: str) -> None:
        """Where `name` was written as `alias` the text meant `target`: a merge of alias into name is undone."""
        o = t.entity_overrides.c
        with self.engine.begin() as conn:
            conn.execute(delete(t.entity_overrides).where(o.action == "merge", o.name == alias, o.target == name))
            conn.execute(insert(t.entity_overrides).values(action="split", name=name, alias=alias, target=target,
                                                           created_at=at))

    def entity_names(self, type_: str) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(t.entities.c.name).where(t.entities.c.type == type_)).scalars())

    # ---- facts with their sources ------------------------------------------------------------------
    def fact_columns(self, kind: str) -> list[str]:
        """A kind's fields as its rows carry them (a period as <field>_start and _end, money as <field>_amount and
        _currency), then the outlet that reported it."""
        from ..model import FACT_KIND

        cols = t.FACT_TABLES[kind].c
        out: list[str] = []
        for f in FACT_KIND[kind].fields:
            out += [c for c in (f, f + "_start", f + "_end", f + "_amount", f + "_currency") if c in cols] or [f]
        return out + [f for f in FACT_KIND[kind].filters if f in cols and f not in out] + ["outlet"]

    def _first_evidence(self, conn, kind: str, ids: list[int]) -> dict[int, dict]:
        out: dict[int, dict] = {}
        ev = t.evidence.c
        for chunk in _chunks(ids):
            for r in conn.execute(select(t.evidence).where(ev.fact_kind == kind, ev.fact_id.in_(chunk))
                                  .order_by(ev.id)).mappings():
                out.setdefault(r["fact_id"], dict(r))
        return out

    def fact_rows(self, kind: str, *, ids: Optional[Collection[int]] = None, limit: Optional[int] = None,
                  where: Any = None, with_rejected: bool = False, **equal) -> list[dict]:
        """Facts of a kind (not from duplicate documents) with their document's title, outlet, date and URL and
        their first evidence span; `ids` and `equal` (column=value, or column=collection of values) filter."""
        table = t.FACT_TABLES[kind]
        d = t.documents.c
        stmt = select(table, d.title, d.outlet, d.published, d.url, d.pages).join(t.documents, table.c.document_id == d.id) \
            .where(d.duplicate_of.is_(None))
        if not with_rejected:
            stmt = stmt.where(not_rejected(table))
        if ids is not None:
            stmt = stmt.where(table.c.id.in_(list(ids)))
        for col, value in equal.items():
            is_many = isinstance(value, (list, tuple, set, frozenset))
            stmt = stmt.where(table.c[col].in_(list(value)) if is_many else table.c[col] == value)
        if where is not None:
            stmt = stmt.where(where)
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
            ev = self._first_evidence(conn, kind, [r["id"] for r in rows])
            if kind == "events" and rows:
                actors = defaultdict(list)
                ea = t.event_actors.c
                for chunk in _chunks([r["id"] for r in rows]):
                    for a in conn.execute(select(t.event_actors).where(ea.event_id.in_(chunk))
                                          .order_by(ea.event_id, ea.position)):
                        actors[a.event_id].append(a.actor)
                for r in rows:
                    r["actors"] = actors.get(r["id"], [])
        for r in rows:
            e = ev.get(r["id"])
            r["evidence"] = e["text"] if e else None
            r["evidence_span"] = [e["char_start"], e["char_end"]] if e else None
            r["kind"] = kind
            pages = r.pop("pages", None)   # a PDF's evidence says its page
            r["page"] = bisect.bisect_right(pages, e["char_start"]) if pages and e else None
        return rows

    def quote_rows(self, speakers: Collection[str] = (), surname: Optional[str] = None, about: Optional[str] = None,
                   limit: Optional[int] = None) -> list[dict]:
        """Quotes by any of `speakers` or by someone whose name ends with `surname`, containing `about`."""
        q = t.quotes.c
        cond = []
        if speakers or surname:
            cond.append(or_(q.speaker.in_(list(speakers)),
                            *([q.speaker.like(f"% {like(surname)}", escape="\\"), q.speaker == surname]
                              if surname else [])))
        if about:
            cond.append(q.text.like(f"%{like(about)}%", escape="\\"))
        return self.fact_rows("quotes", where=and_(*cond) if cond else None, limit=limit)

    def fact_page(self, kind: str, *, names: Optional[dict[str, Collection[str]]] = None,
                  equal: Optional[dict[str, str]] = None, surname: Optional[tuple[str, str]] = None,
                  period: tuple[Optional[str], Optional[str]] = (None, None), document: Optional[str] = None,
                  either: Optional[Collection[str]] = None, actors: Optional[Collection[str]] = None,
                  prefixes: Optional[dict[str, str]] = None, sort: Optional[str] = None, descending: bool = False,
                  limit: int = 50, offset: int = 0, review: str = "answer") -> tuple[list[dict], int]:
        """One page of facts of a kind and the number that match: `names` (column → any of these names, or, with
        `prefixes`, a value starting with that prefix in any case), `equal` (column → value), `surname` ((column,
        surname): also names ending with it), `period` (overlapping the kind's dates), `document`, `either`
        (supplier or recipient), `actors` (of an event); ordered by `sort` (a column), then oldest first."""
        table = t.FACT_TABLES[kind]
        cond = self._fact_conditions(kind, names=names, equal=equal, surname=surname, period=period,
                                     document=document, either=either, actors=actors, prefixes=prefixes,
                                     review=review)
        order: list = [table.c.id]
        if sort:
            by = table.c[sort]   # KeyError: not a column of this kind
            order = [(by.desc() if descending else by.asc()).nulls_last(), table.c.id]
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(table).where(*cond)).scalar() or 0
            ids = conn.execute(select(table.c.id).where(*cond).order_by(*order).limit(limit).offset(offset)) \
                .scalars().all()
        by_id = {r["id"]: r for r in self.fact_rows(kind, ids=ids, with_rejected=True)} if ids else {}
        return [by_id[i] for i in ids if i in by_id], total

    def fact_facets(self, kind: str, columns: Collection[str], top: int = 8, **query) -> dict[str, list[tuple]]:
        """For each column, its most frequent values among the facts that match `query` (as for fact_page), with
        their counts: what an analyst can narrow the table to."""
        table = t.FACT_TABLES[kind]
        cond = self._fact_conditions(kind, **query)
        out = {}
        with self.engine.connect() as conn:
            for col in columns:
                n = func.count().label("n")
                out[col] = [tuple(r) for r in conn.execute(
                    select(table.c[col], n).where(*cond, table.c[col].isnot(None)).group_by(table.c[col])
                    .order_by(n.desc(), table.c[col]).limit(top))]
        return out

    def _fact_conditions(self, kind: str, *, names=None, equal=None, surname=None, period=(None, None),
                         document=None, either=None, actors=None, prefixes=None, review: str = "answer") -> list:
        """`review`: 'answer' (every fact but the rejected), 'reviewed' (confirmed, edited or added only), 'all'."""
        from ..model import FACT_KIND

        spec = FACT_KIND[kind]
        table = t.FACT_TABLES[kind]
        cond: list = []
        if review == "answer":
            cond.append(not_rejected(table))
        elif review == "reviewed":
            cond.append(table.c.review.in_(["confirmed", "edited", "added"]))
        for col, values in (names or {}).items():
            extra = []
            if surname and surname[0] == col:
                extra = [table.c[col].like(f"% {like(surname[1])}", escape="\\")]
            if prefixes and col in prefixes:  # 'rus' → Russia
                extra.append(func.lower(table.c[col]).like(f"{like(prefixes[col].lower())}%", escape="\\"))
            cond.append(or_(table.c[col].in_(list(values)), *extra))
        for col, value in (equal or {}).items():
            cond.append(table.c[col] == value)
        start, end = period
        if spec.dates and (start or end):
            s_col, e_col = table.c[spec.dates[0]], table.c[spec.dates[1]]
            if start:
                cond.append(func.coalesce(e_col, s_col) >= start)
            if end:
                cond.append(s_col <= end + "-99")
        if document:
            cond.append(table.c.document_id == document)
        if either is not None:
            cond.append(or_(table.c.supplier.in_(list(either)), table.c.recipient.in_(list(either))))
        if actors is not None:
            cond.append(table.c.id.in_(select(t.event_actors.c.event_id)
                                       .where(t.event_actors.c.actor.in_(list(actors)))))
        return cond

    def fact(self, kind: str, fact_id: int) -> Optional[dict]:
        """One fact (rejected or not: see its 'review') with its document's metadata and all its evidence spans
        ('evidence_all')."""
        rows = self.fact_rows(kind, ids=[fact_id], with_rejected=True)
        if not rows:
            return None
        ev = t.evidence.c
        with self.engine.connect() as conn:
            rows[0]["evidence_all"] = [dict(r) for r in conn.execute(
                select(ev.document_id, ev.char_start, ev.char_end, ev.text)
                .where(ev.fact_kind == kind, ev.fact_id == fact_id).order_by(ev.id)).mappings()]
        return rows[0]

    def sipri_dyads(self, period: tuple[Optional[str], Optional[str]] = (None, None)) -> list[dict]:
        """SIPRI's register by supplier and recipient: deals, the systems, and the TIV of their deliveries."""
        c = t.transfers.c
        stmt = select(c.supplier, c.recipient, func.count().label("deals"),
                      func.sum(func.coalesce(c.value_amount, 0)).label("tiv"),
                      func.group_concat(func.distinct(c.weapon)).label("systems")) if self.engine.dialect.name == \
            "sqlite" else select(c.supplier, c.recipient, func.count().label("deals"),
                                 func.sum(func.coalesce(c.value_amount, 0)).label("tiv"),
                                 func.string_agg(func.distinct(c.weapon), ",").label("systems"))
        stmt = stmt.where(c.source == "SIPRI", not_rejected(t.transfers), *_overlapping(c.period_start, c.period_end, *period)) \
            .group_by(c.supplier, c.recipient)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    # ---- transfers fused across articles (kept by the store: see schema.transfer_summary) -----------------
    def fused_transfers(self, *, recipients: Optional[Collection[str]] = None,
                        parties: Optional[Collection[str]] = None, period: tuple[Optional[str], Optional[str]] = (
                            None, None), named: bool = False, valued: bool = False, dated: bool = False,
                        conflicted: bool = False, newest_first: bool = False, most_reported: bool = False,
                        limit: Optional[int] = None) -> list[dict]:
        """One row per (supplier, recipient, system): reports, documents, value range, statuses (comma separated),
        period, conflict flags and two report ids to quote. `recipients`: to any of them; `parties`: to or from;
        `period`: overlapping; `named`: a named system; `valued`: with a value; `dated`: with a period."""
        c = t.transfer_summary.c
        cond = _overlapping(c.period_start, c.period_end, *period)
        if recipients is not None:
            cond.append(c.recipient.in_(list(recipients)))
        if parties is not None:
            cond.append(or_(c.recipient.in_(list(parties)), c.supplier.in_(list(parties))))
        if named:
            cond.append(c.weapon != "")
        if valued:
            cond.append(c.value_max.isnot(None))
        if dated:
            cond.append(c.period_start.isnot(None))
        if conflicted:
            cond.append(or_(c.value_conflict.is_(True), c.status_conflict.is_(True)))
        stmt = select(t.transfer_summary).where(*cond)
        if newest_first:
            stmt = stmt.order_by(c.period_start.desc())
        if most_reported:
            stmt = stmt.order_by(c.documents.desc())
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def dyad_documents(self, recipients: Optional[Collection[str]] = None) -> list[tuple[str, str, int]]:
        """(supplier, recipient, distinct articles reporting any transfer between them)."""
        ds = t.dyad_summary.c
        stmt = select(ds.supplier, ds.recipient, ds.documents)
        if recipients is not None:
            stmt = stmt.where(ds.recipient.in_(list(recipients)))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt)]

    def sipri_deals(self, recipients: Optional[Collection[str]] = None) -> list[dict]:
        c = t.transfers.c
        cond = [c.source == "SIPRI", not_rejected(t.transfers)]
        if recipients is not None:
            cond.append(c.recipient.in_(list(recipients)))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(
                select(c.id, c.supplier, c.recipient, c.weapon, c.variant, c.quantity, c.status, c.period_start,
                       c.period_end, c.value_amount).where(*cond)).mappings()]

    # ---- statistics ----------------------------------------------------------------------------------
    def stated_shares(self, subjects: Collection[str], period: tuple[Optional[str], Optional[str]] = (None, None),
                      by_period: bool = True) -> list[dict]:
        """Stated import shares of `subjects` grouped by (subject, supplier[, period]): value range, reports, a cited
        source, and one report (with evidence) as 'sample'. Groups whose every report is in a duplicate are left."""
        s = t.statistics.c
        cond = [s.subject.in_(list(subjects)), s.unit == "percent", s.metric.like("%import%"), s.counterpart.isnot(None),
                not_rejected(t.statistics), *_overlapping(s.period_start, s.period_end, *period)]
        cols = (s.period_start, s.period_end) if by_period else \
            (func.min(s.period_start).label("period_start"), func.max(s.period_end).label("period_end"))
        stmt = select(s.subject, s.counterpart, *cols, func.min(s.value).label("value_min"),
                      func.max(s.value).label("value_max"), func.count().label("reports"),
                      func.max(s.source_cited).label("source"), func.min(s.id).label("sample_id")) \
            .where(*cond).group_by(s.subject, s.counterpart, *((s.period_start, s.period_end) if by_period else ()))
        with self.engine.connect() as conn:
            groups = [dict(r) for r in conn.execute(stmt).mappings()]
        samples = {r["id"]: r for r in self.fact_rows("statistics", ids=[g["sample_id"] for g in groups])} \
            if groups else {}
        for g in groups:
            g["sample"] = samples.get(g["sample_id"])
        return [g for g in groups if g["sample"]]

    def conflicting_figures(self, limit: int) -> list[tuple[tuple, list[dict]]]:
        """Statistics with the same subject, metric, counterpart, unit and period whose values differ by over 2%:
        (the key, its reports)."""
        s = t.statistics.c
        key = (s.subject, s.metric, s.counterpart, s.unit, s.period_start, s.period_end)
        with self.engine.connect() as conn:
            groups = conn.execute(select(*key).group_by(*key)
                                  .having(func.max(s.value) > 1.02 * func.min(s.value)).limit(limit)).all()
        wanted = [tuple("" if v is None else v for v in g) for g in groups]
        members: dict[tuple, list[dict]] = defaultdict(list)
        if wanted:
            keyed = tuple_(*[func.coalesce(col, "") for col in key])
            for r in self.fact_rows("statistics", where=keyed.in_(wanted)):
                members[tuple("" if r[col.name] is None else r[col.name] for col in key)].append(r)
        return [(tuple(g), members[w]) for g, w in zip(groups, wanted)]

    # ---- events ---------------------------------------------------------------------------------------
    def event_ids(self, actors: Collection[str], others: Optional[Collection[str]] = None,
                  period: tuple[Optional[str], Optional[str]] = (None, None), limit: int = 200) -> list[int]:
        """The most recent dated events of any of `actors` (and, given `others`, also of one of them)."""
        ev = t.events.c
        first, second = t.event_actors.alias("first"), t.event_actors.alias("second")
        joined = first.join(t.events, ev.id == first.c.event_id)
        cond = [first.c.actor.in_(list(actors)), ev.date_start.isnot(None), not_rejected(t.events)]
        if others:  # both actors: a join on the covering (actor, event_id) index, not an IN over all their events
            joined = joined.join(second, and_(second.c.event_id == first.c.event_id, second.c.actor.in_(list(others))))
        start, end = period
        if start:
            cond.append(func.coalesce(ev.date_end, ev.date_start) >= start)
        if end:
            cond.append(ev.date_start <= end + "-99")
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(select(ev.id, ev.date_start).select_from(joined).where(*cond)
                                               .distinct().order_by(ev.date_start.desc()).limit(limit))]

    # ---- entities -------------------------------------------------------------------------------------
    def entity_list(self, type_: Optional[str] = None, q: Optional[str] = None, limit: int = 50,
                    offset: int = 0) -> tuple[list[dict], int]:
        """Entities with the number of articles mentioning them, most mentioned first; `q` inside the name."""
        e, m = t.entities.c, t.mentions.c
        cond = []
        if type_:
            cond.append(e.type == type_)
        if q:
            cond.append(e.name.like(f"%{like(q)}%", escape="\\"))
        docs = func.count(func.distinct(m.document_id))
        stmt = select(e.name, e.type, docs.label("documents")).join(t.mentions, m.entity_id == e.id).where(*cond) \
            .group_by(e.id, e.name, e.type)
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar() or 0
            rows = [dict(r) for r in conn.execute(stmt.order_by(docs.desc(), e.name).limit(limit).offset(offset))
                    .mappings()]
        return rows, total

    def entity_named(self, alias: str) -> Optional[str]:
        """The entity a text called `alias`, else the one person whose name ends with it."""
        e, m = t.entities.c, t.mentions.c
        with self.engine.connect() as conn:
            hit = conn.execute(select(e.name).join(t.mentions).where(m.alias == alias).limit(1)).scalar()
            if hit is None:
                people = conn.execute(select(e.name).where(e.type == "person", e.name.like(
                    f"% {like(alias)}", escape="\\")).limit(2)).scalars().all()
                hit = people[0] if len(people) == 1 else None
        return hit

    def entity_record(self, names: Collection[str]) -> Optional[dict]:
        """What the store holds on the entity stored under any of `names`: its type, the aliases texts used (with
        their documents), its roles over time, the documents, and counts of the facts it takes part in."""
        e, m = t.entities.c, t.mentions.c
        names = list(names)
        with self.engine.connect() as conn:
            ids = conn.execute(select(e.id, e.type).where(e.name.in_(names))).all()
            if not ids:
                return None
            ent_ids = [i.id for i in ids]
            aliases: dict[str, set] = defaultdict(set)
            for r in conn.execute(select(m.alias, m.document_id).where(m.entity_id.in_(ent_ids))):
                aliases[r.alias].add(r.document_id)
            er, d = t.entity_roles.c, t.documents.c
            roles = [{"role": r.role, "published": r.published, "outlet": r.outlet, "document_id": r.document_id}
                     for r in conn.execute(select(er.role, er.document_id, d.published, d.outlet)
                                           .join(t.documents).where(er.entity_id.in_(ent_ids)).order_by(d.published))]
            docs = set().union(*aliases.values()) if aliases else set()
            tc, ec, qc, sc = t.transfers.c, t.event_actors.c, t.quotes.c, t.statistics.c
            count = lambda cond: conn.execute(select(func.count()).where(cond)).scalar()  # noqa: E731
            facts = {"transfers as supplier": count(tc.supplier.in_(names)),
                     "transfers as recipient": count(tc.recipient.in_(names)),
                     "events as actor": count(ec.actor.in_(names)),
                     "quotes as speaker": count(qc.speaker.in_(names)),
                     "statistics about": count(sc.subject.in_(names))}
            documents = [dict(r) for r in conn.execute(select(d.id, d.title, d.outlet, d.published)
                                                       .where(d.id.in_(list(docs))).order_by(d.published)).mappings()]
        return {"type": ids[0].type, "aliases": aliases, "roles": roles, "facts": facts, "documents": documents}

    def mention_rows(self) -> list[dict]:
        """Every (entity, alias, document) the texts name."""
        e, m = t.entities.c, t.mentions.c
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(e.id, e.name, e.type, m.alias, m.document_id)
                                                  .join(t.mentions)).mappings()]

    # ---- documents and evidence in bulk (exports, the report) -------------------------------------------
    def document_rows(self, with_text: bool = False, originals_only: bool = False,
                      articles_only: bool = False) -> list[dict]:
        """Every document's metadata (and text), oldest first (`articles_only`: not SIPRI's register)."""
        d = t.documents.c
        cols = [d.id, d.title, d.outlet, d.author, d.published, d.published_how, d.url, d.source_path,
                d.duplicate_of] + ([d.text] if with_text else [])
        stmt = select(*cols).order_by(d.published, d.id)
        if originals_only:
            stmt = stmt.where(d.duplicate_of.is_(None))
        if articles_only:
            stmt = stmt.where(d.format != "csv")
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def evidence_rows(self) -> list[dict]:
        ev = t.evidence.c
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(ev.fact_kind, ev.fact_id, ev.document_id, ev.char_start,
                                                         ev.char_end, ev.text).order_by(ev.id)).mappings()]

    # ---- SIPRI's TIV tables ---------------------------------------------------------------------------
    def replace_tiv(self, supplier: str, values: list[dict]) -> None:
        """A supplier's TIV rows (recipient, year, tiv) replace what the store had for it."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.sipri_tiv).where(t.sipri_tiv.c.supplier == supplier))
            if values:
                conn.execute(insert(t.sipri_tiv), [{"supplier": supplier, **v} for v in values])

    def tiv_by_supplier(self, recipient: str, first: int, last: int) -> list[tuple[str, float]]:
        """TIV of deliveries to `recipient` from each supplier over the years first..last."""
        c = t.sipri_tiv.c
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                select(c.supplier, func.sum(c.tiv)).where(c.recipient == recipient, c.year >= first, c.year <= last)
                .group_by(c.supplier))]
