"""Questions over the whole store, across articles: who arms whom, a supplier's share of a recipient's imports,
who arms both sides, a dyad's timeline, who said what, where sources disagree, an entity's profile.

Names are resolved across documents (an analyst's merges and splits; a surname alone to the one full name
that ends with it), and the same fact reported by several articles is fused into one record that lists all
its evidence and says which source supplied which field. Each question returns a `Table`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from sqlalchemy import and_, delete, func, insert, or_, select, tuple_

from .model import valid_date
from .store import Store, now
from .store import schema as t

ACTUAL = ("delivered", "ordered", "ongoing")
STATUS_RANK = {"delivered": 7, "ordered": 6, "ongoing": 5, "pledged": 4, "planned": 3, "alleged": 2,
               "curtailed": 1, "denied": 0}


@dataclass
class Table:
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    title: str = ""

    def __len__(self) -> int:
        return len(self.rows)


# ---- names across documents ------------------------------------------------------------------------
class Resolver:
    """Canonical names across the store. An analyst's merge maps one name onto another (transitively);
    a person known somewhere only by surname maps to the single full name in the store that ends with it.
    Built once per store and rebuilt when the store's entities or overrides change (see `Resolver.of`)."""

    @classmethod
    def of(cls, store: Store) -> "Resolver":
        with store.engine.connect() as conn:
            stamp = (conn.execute(select(func.count(), func.max(t.entity_overrides.c.id))).first(),
                     conn.execute(select(func.max(t.entities.c.id))).scalar())
        cached = getattr(store, "_resolver", None)
        if cached is None or cached[0] != stamp:
            store._resolver = (stamp, cls(store))
        return store._resolver[1]

    def __init__(self, store: Store):
        self.map: dict[str, str] = {}
        self.splits: list[tuple[str, str, str]] = []  # (name, alias, target)
        with store.engine.connect() as conn:
            for r in conn.execute(select(t.entity_overrides).order_by(t.entity_overrides.c.id)).mappings():
                if r["action"] == "merge":
                    self.map[r["name"]] = r["target"]
                elif r["action"] == "split":
                    self.splits.append((r["name"], r["alias"], r["target"]))
            people = conn.execute(select(t.entities.c.name).where(t.entities.c.type == "person")).scalars().all()
        full = defaultdict(set)
        for p in people:
            if " " in p:
                full[p.split()[-1]].add(p)
        for p in people:
            if " " not in p and len(full.get(p, ())) == 1 and p not in self.map:
                self.map[p] = next(iter(full[p]))

    def __call__(self, name: Optional[str]) -> Optional[str]:
        seen = set()
        while name in self.map and name not in seen:
            seen.add(name)
            name = self.map[name]
        return name

    def names_for(self, canonical: str) -> set[str]:
        """Every stored name that resolves to `canonical` (so queries can match any of them)."""
        out = {canonical} | {k for k in self.map if self(k) == self(canonical)}
        return out | {self(canonical)}


def merge_entities(store: Store, name: str, target: str) -> None:
    """Record that `name` is the same actor as `target`. Kept apart from extracted rows: survives re-extraction."""
    with store.engine.begin() as conn:
        conn.execute(insert(t.entity_overrides).values(action="merge", name=name, target=target, created_at=now()))


def split_entity(store: Store, name: str, alias: str, target: str) -> None:
    """Record that where `name` was written as `alias`, the text meant `target` (a different actor)."""
    with store.engine.begin() as conn:
        conn.execute(delete(t.entity_overrides).where(t.entity_overrides.c.action == "merge",
                                                      t.entity_overrides.c.name == alias,
                                                      t.entity_overrides.c.target == name))
        conn.execute(insert(t.entity_overrides).values(action="split", name=name, alias=alias, target=target,
                                                       created_at=now()))


# ---- fetching rows with their sources -----------------------------------------------------------------
def _first_evidence(conn, kind: str, ids: list[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        for r in conn.execute(select(t.evidence).where(t.evidence.c.fact_kind == kind, t.evidence.c.fact_id.in_(chunk))
                              .order_by(t.evidence.c.id)).mappings():
            out.setdefault(r["fact_id"], dict(r))
    return out


def _rows(store: Store, table, where=None, limit: Optional[int] = None) -> list[dict]:
    """Fact rows with their document's title/outlet/date and their first evidence span."""
    d = t.documents.c
    stmt = select(table, d.title, d.outlet, d.published, d.url).join(t.documents, table.c.document_id == d.id) \
        .where(d.duplicate_of.is_(None))
    if where is not None:
        stmt = stmt.where(where)
    if limit:
        stmt = stmt.limit(limit)
    kind = next(k for k, v in t.FACT_TABLES.items() if v is table)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        ev = _first_evidence(conn, kind, [r["id"] for r in rows])
        if kind == "events" and rows:
            actors = defaultdict(list)
            ids = [r["id"] for r in rows]
            for i in range(0, len(ids), 900):
                for a in conn.execute(select(t.event_actors).where(t.event_actors.c.event_id.in_(ids[i:i + 900]))
                                      .order_by(t.event_actors.c.event_id, t.event_actors.c.position)):
                    actors[a.event_id].append(a.actor)
            for r in rows:
                r["actors"] = actors.get(r["id"], [])
    for r in rows:
        e = ev.get(r["id"])
        r["evidence"] = e["text"] if e else None
        r["evidence_span"] = [e["char_start"], e["char_end"]] if e else None
        r["kind"] = kind
    return rows


def _source(r: dict) -> dict:
    return {"document_id": r["document_id"], "title": r.get("title"), "outlet": r.get("outlet"),
            "published": r.get("published"), "evidence": r.get("evidence"), "evidence_span": r.get("evidence_span"),
            "fact_id": r["id"], "kind": r["kind"]}


def _overlaps(s1, e1, s2, e2) -> bool:
    """Do two partial-ISO periods overlap (compared at the coarser granularity)? Unknown ends are open."""
    if not (s1 or e1) or not (s2 or e2):
        return True
    s1, e1 = s1 or e1, e1 or s1
    s2, e2 = s2 or e2, e2 or s2
    n = min(len(s1), len(e1), len(s2), len(e2))
    return s1[:n] <= e2[:n] and s2[:n] <= e1[:n]


def fuse_transfers(rows: Iterable[dict], resolve: Optional[Resolver] = None) -> list[dict]:
    """One record per (supplier, recipient, system) with every source, the value each field got from which
    document, and conflicts where sources disagree (statuses that exclude each other, different values)."""
    resolve = resolve or (lambda x: x)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(resolve(r["supplier"]), resolve(r["recipient"]), r["weapon"])].append(r)
    fused = []
    for (sup, rec, weapon), rs in groups.items():
        rs.sort(key=lambda r: (r.get("published") or "", r["id"]))
        prov: dict[str, dict] = {}
        conflicts = []

        def pick(fieldname, values):
            seen = [(v, r["document_id"]) for v, r in values if v is not None]
            if not seen:
                return None
            distinct = {}
            for v, doc in seen:
                distinct.setdefault(v, []).append(doc)
            prov[fieldname] = {str(v): docs for v, docs in distinct.items()}
            return seen[-1][0]

        value = pick("value", [((r["value_amount"], r["value_currency"]) if r["value_amount"] is not None else None, r)
                               for r in rs])
        values = {v for v, _ in [((r["value_amount"]), r) for r in rs] if v is not None}
        if weapon and len(values) > 1 and max(values) > 1.1 * min(values):
            conflicts.append({"field": "value", "claims": [{"value": r["value_amount"], "document_id": r["document_id"],
                                                            "outlet": r.get("outlet"), "evidence": r.get("evidence")}
                                                           for r in rs if r["value_amount"] is not None]})
        quantity = pick("quantity", [(r["quantity"], r) for r in rs])
        quantities = {r["quantity"] for r in rs if r["quantity"] is not None}
        if len(quantities) > 1:
            conflicts.append({"field": "quantity", "claims": [{"value": r["quantity"], "document_id": r["document_id"],
                                                               "outlet": r.get("outlet"), "evidence": r.get("evidence")}
                                                              for r in rs if r["quantity"] is not None]})
        statuses = sorted({r["status"] for r in rs}, key=lambda s: -STATUS_RANK.get(s, 0))
        if "denied" in statuses and set(statuses) & set(ACTUAL + ("alleged",)):
            conflicts.append({"field": "status", "claims": [{"value": r["status"], "document_id": r["document_id"],
                                                             "outlet": r.get("outlet"), "evidence": r.get("evidence")}
                                                            for r in rs]})
        pick("status", [(r["status"], r) for r in rs])
        starts = [r["period_start"] for r in rs if r["period_start"]]
        ends = [r["period_end"] or r["period_start"] for r in rs if r["period_start"] or r["period_end"]]
        pick("period", [((r["period_start"], r["period_end"]) if r["period_start"] else None, r) for r in rs])
        financing = pick("financing", [(r["financing"], r) for r in rs])
        variants = sorted({r["variant"] for r in rs if r["variant"]})
        pick("variant", [(r["variant"], r) for r in rs])
        docs = list(dict.fromkeys(r["document_id"] for r in rs))
        fused.append({
            "supplier": sup, "recipient": rec, "weapon": weapon, "variants": variants,
            "category": next((r["category"] for r in rs if r["category"] != "general"), rs[0]["category"]),
            "quantity": quantity, "value": {"amount": value[0], "currency": value[1]} if value else None,
            "period": {"start": min(starts), "end": max(ends)} if starts else None,
            "status": statuses[0], "statuses": statuses, "financing": financing,
            "documents": len(docs), "sources": [_source(r) for r in rs], "provenance": prov,
            "conflicts": conflicts})
    return sorted(fused, key=lambda f: (f["supplier"] or "", f["recipient"] or "", f["weapon"] or ""))


def label(f: dict) -> str:
    """What a fused transfer moves: the system, else the kind of weapon, else 'arms'."""
    return f["weapon"] or (f["category"] if f["category"] and f["category"] != "general" else "arms")


def _event_group(type_: str) -> str:
    for name, members in (("fight", {"war", "armed clash", "military exercise"}),
                          ("deal", {"ceasefire", "agreement", "treaty"}),
                          ("meet", {"visit", "meeting", "summit", "phone call", "talks", "mediation"}),
                          ("say", {"statement", "accusation", "denial", "protest", "appeal"})):
        if type_ in members:
            return name
    return type_


def fuse_events(rows: Iterable[dict], resolve: Optional[Resolver] = None) -> list[dict]:
    """The same happening reported by several articles (same kind, overlapping dates at the coarser
    granularity, shared actors) becomes one record with all its sources."""
    resolve = resolve or (lambda x: x)
    fused: list[dict] = []
    buckets: dict[tuple, list[dict]] = defaultdict(list)  # (kind, year) → fused events, to compare few
    for r in sorted(rows, key=lambda r: (r["date_start"] or "", r["id"])):
        actors = [resolve(a) for a in r.get("actors", [])]
        year = int((r["date_start"] or "0")[:4] or 0)
        near = [f for y in (year - 1, year) for f in buckets.get((_event_group(r["type"]), y), [])]
        twin = next((f for f in near if _event_group(f["type"]) == _event_group(r["type"])
                     and r["date_start"] and f["date"]["start"]
                     and _overlaps(f["date"]["start"], f["date"]["end"], r["date_start"], r["date_end"])
                     and (f["type"] in ("war", "armed clash") or min(len(f["date"]["start"]), len(r["date_start"])) >= 7)
                     and len(set(f["actors"]) & set(actors)) >= min(2, len(actors), len(f["actors"]))), None)
        if twin:
            twin["sources"].append(_source(r))
            twin["actors"] += [a for a in actors if a not in twin["actors"]]
            # the more precise date wins ('2016-04-02' over '2016-04')
            if len(r["date_start"]) > len(twin["date"]["start"]) and twin["type"] not in ("war", "armed clash"):
                twin["date"] = {"start": r["date_start"], "end": r["date_end"]}
            twin["fatalities"] = twin["fatalities"] or r["fatalities"]
            twin["location"] = twin["location"] or r["location"]
        else:
            f = {"type": r["type"], "date": {"start": r["date_start"], "end": r["date_end"]},
                 "actors": actors, "location": r["location"], "fatalities": r["fatalities"],
                 "summary": r["summary"], "sources": [_source(r)]}
            fused.append(f)
            end_year = int((r["date_end"] or r["date_start"] or "0")[:4] or 0)
            for y in range(year, max(year, end_year) + 1):
                buckets[(_event_group(r["type"]), y)].append(f)
    return fused


# ---- the questions ------------------------------------------------------------------------------------------
def _summary(store: Store, *cond) -> list[dict]:
    """Fused transfers (see store.schema.transfer_summary) matching the conditions."""
    stmt = select(t.transfer_summary)
    if cond:
        stmt = stmt.where(*cond)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    for r in rows:
        r["weapon"] = r["weapon"] or None
        r["statuses"] = sorted(set((r["statuses"] or "").split(",")) - {""}, key=lambda x: -STATUS_RANK.get(x, 0))
        r["status"] = r["statuses"][0] if r["statuses"] else None
    return rows


def _in_period(s: Optional[str], e: Optional[str]):
    """SQL condition: the fused transfer's period (stated, else reporting date) overlaps [s, e]."""
    c = t.transfer_summary.c
    cond = []
    if s:
        cond.append(or_(c.period_end.is_(None), c.period_end >= s))
    if e:
        cond.append(or_(c.period_start.is_(None), c.period_start <= e + "-99"))
    return cond


def who_arms_whom(store: Store, start: Optional[str] = None, end: Optional[str] = None) -> Table:
    """Supplier × recipient: distinct transfers (one per system, or arms in general), reports, articles, systems,
    known value (the highest figure reported for each system; one amount stated for several systems once)."""
    resolve = Resolver.of(store)
    dyads: dict[tuple, dict] = {}
    amounts: dict[tuple, set] = defaultdict(set)
    ts = t.transfer_summary.c
    stmt = select(ts.supplier, ts.recipient, ts.weapon, ts.reports, ts.documents, ts.value_max) \
        .where(*_in_period(start, end))
    with store.engine.connect() as conn:
        summary = conn.execute(stmt).all()
    for sup, rec, weapon, reports, documents, value in summary:
        key = (resolve(sup), resolve(rec))
        row = dyads.get(key)
        if row is None:
            row = dyads[key] = {"supplier": key[0], "recipient": key[1], "transfers": 0, "mentions": 0,
                                "documents": 0, "systems": [], "known_value_usd": None}
        row["transfers"] += 1
        row["mentions"] += reports
        if documents > row["documents"]:
            row["documents"] = documents
        if weapon:
            row["systems"].append(weapon)
        if value:
            amounts[key].add(value)
    for key, vals in amounts.items():
        dyads[key]["known_value_usd"] = sum(vals)
    if not start and not end:  # articles per dyad, exact (a period filter keeps the per-system maximum)
        ds = t.dyad_summary.c
        with store.engine.connect() as conn:
            exact: dict[tuple, int] = defaultdict(int)
            for sup, rec, n in conn.execute(select(ds.supplier, ds.recipient, ds.documents)):
                exact[(resolve(sup), resolve(rec))] += n
        for key, row in dyads.items():
            row["documents"] = max(row["documents"], exact.get(key, 0))
    rows = sorted(dyads.values(), key=lambda r: (-r["transfers"], r["supplier"] or "", r["recipient"] or ""))
    for r in rows:
        r["systems"] = ", ".join(sorted(set(r["systems"])))
    return Table(["supplier", "recipient", "transfers", "mentions", "documents", "systems", "known_value_usd"], rows,
                 "who arms whom" + (f" {start or ''}–{end or ''}" if start or end else ""))


def _samples(store: Store, fused: list[dict]) -> dict[tuple, list[dict]]:
    """The first and the last report (with evidence) of each fused transfer, in one query."""
    ids = {i for f in fused for i in (f.get("first_id"), f.get("last_id")) if i}
    by_id = {r["id"]: r for r in _rows(store, t.transfers, t.transfers.c.id.in_(ids))} if ids else {}
    out = {}
    for f in fused:
        srcs = [by_id[i] for i in dict.fromkeys((f.get("first_id"), f.get("last_id"))) if i in by_id]
        out[(f["supplier"], f["recipient"], f["weapon"] or "")] = [_source(r) for r in srcs]
    return out


def _period_args(period: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    if not period:
        return None, None
    m = re.fullmatch(r"(\d{4}(?:-\d\d)?)(?:\s*[-–/:]\s*(\d{4}(?:-\d\d)?))?", period.strip())
    if not m:
        raise ValueError(f"period must look like 2013-2017 or 2016, not {period!r}")
    return m[1], m[2] or m[1]


def share(store: Store, recipient: str, period: Optional[str] = None) -> Table:
    """Each supplier's share of `recipient`'s arms imports in the period, from the statistics articles state
    (with their source) and from the values of the transfers the store knows, each row saying its basis."""
    resolve = Resolver.of(store)
    start, end = _period_args(period)
    names = resolve.names_for(recipient)
    rows: list[dict] = []
    for g in _stated_shares(store, names, start, end):
        exact = (g["period_start"], g["period_end"]) == (start, end)
        value = f"{g['value_min']:g}" if g["value_min"] == g["value_max"] else f"{g['value_min']:g}–{g['value_max']:g}"
        rows.append({"supplier": resolve(g["counterpart"]),
                     "share_percent": g["value_max"] if g["value_min"] == g["value_max"] else value,
                     "basis": "stated" + (" (same period)" if exact or not start else " (overlapping period)")
                              + (f", {g['reports']} reports" if g["reports"] > 1 else ""),
                     "period": f"{g['period_start'] or '?'}–{g['period_end'] or '?'}",
                     "source": g["source"] or g["sample"].get("outlet"), "document_id": g["sample"]["document_id"],
                     "evidence": g["sample"]["evidence"]})
    rows.sort(key=lambda r: (not r["basis"].startswith("stated (same"), -(r["share_percent"]
                                                                           if isinstance(r["share_percent"], float)
                                                                           else 0)))
    ts = t.transfer_summary.c
    amounts: dict[str, set] = defaultdict(set)
    for r in _summary(store, ts.recipient.in_(names), ts.value_max.isnot(None), *_in_period(start, end)):
        amounts[resolve(r["supplier"])].add(r["value_max"])  # one stated amount counts once
    if start:  # SIPRI's own measure, when its TIV tables are loaded
        from .sipri import tiv_shares

        for r in tiv_shares(store, resolve(recipient), int(start[:4]), int(end[:4])):
            rows.append({"supplier": resolve(r["supplier"]), "share_percent": r["share_percent"],
                         "basis": f"SIPRI TIV tables ({r['tiv']:,.0f} TIV of deliveries)",
                         "period": f"{start[:4]}–{end[:4]}", "source": "SIPRI", "document_id": None,
                         "evidence": None})
    by_supplier = {sup: sum(vals) for sup, vals in amounts.items()}
    deals = {sup: len(vals) for sup, vals in amounts.items()}
    total = sum(by_supplier.values())
    for sup, v in sorted(by_supplier.items(), key=lambda kv: -kv[1]):
        rows.append({"supplier": sup, "share_percent": round(100 * v / total, 1),
                     "basis": f"transfer values ({deals[sup]} deal(s), ${v:,.0f} of ${total:,.0f} known)",
                     "period": f"{start or '?'}–{end or '?'}", "source": "news reports in the store",
                     "document_id": None, "evidence": None})
    return Table(["supplier", "share_percent", "basis", "period", "source", "document_id", "evidence"], rows,
                 f"suppliers' shares of {recipient}'s arms imports" + (f", {start}–{end}" if start else ""))


def _stated_shares(store: Store, subjects: set[str], start: Optional[str] = None, end: Optional[str] = None,
                   by_period: bool = True) -> list[dict]:
    """Stated import shares grouped by (subject, supplier[, period]): value range, number of reports, a cited
    source, and one report as evidence."""
    s = t.statistics.c
    cond = [s.subject.in_(subjects), s.unit == "percent", s.metric.like("%import%"), s.counterpart.isnot(None)]
    if start:
        cond.append(or_(s.period_end.is_(None), s.period_end >= start))
    if end:
        cond.append(or_(s.period_start.is_(None), s.period_start <= end + "-99"))
    period = (s.period_start, s.period_end) if by_period else \
        (func.min(s.period_start).label("period_start"), func.max(s.period_end).label("period_end"))
    stmt = select(s.subject, s.counterpart, *period, func.min(s.value).label("value_min"),
                  func.max(s.value).label("value_max"), func.count().label("reports"),
                  func.max(s.source_cited).label("source"), func.min(s.id).label("sample_id")) \
        .where(*cond).group_by(s.subject, s.counterpart, *((s.period_start, s.period_end) if by_period else ()))
    with store.engine.connect() as conn:
        groups = [dict(r) for r in conn.execute(stmt).mappings()]
    samples = {r["id"]: r for r in _rows(store, t.statistics, s.id.in_([g["sample_id"] for g in groups]))} \
        if groups else {}
    for g in groups:
        g["sample"] = samples.get(g["sample_id"]) or {"document_id": None, "evidence": None, "outlet": None}
    return [g for g in groups if g["sample"]["document_id"]]


def both_sides(store: Store, a: str, b: str, sources_per_side: int = 5) -> Table:
    """Suppliers that arm both `a` and `b`, with the evidence for each side (fused transfers and stated
    shares; up to `sources_per_side` reports quoted per side)."""
    resolve = Resolver.of(store)
    na, nb = resolve.names_for(a), resolve.names_for(b)
    ts = t.transfer_summary.c
    sides: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    stated: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    facts: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    raw: dict[tuple, list] = defaultdict(list)
    summary = _summary(store, ts.recipient.in_(na | nb))
    for f in summary:
        sup = resolve(f["supplier"])
        side = a if f["recipient"] in na else b
        detail = [label(f), f["status"] or ""] + ([f"${f['value_max']:,.0f}"] if f["value_max"] else [])
        facts[sup][side].append(" ".join(detail))
        raw[(sup, side)].append(f)
    for g in _stated_shares(store, na | nb, by_period=False):
        side = a if g["subject"] in na else b
        sup = resolve(g["counterpart"])
        value = f"{g['value_max']:g}" if g["value_min"] == g["value_max"] else f"{g['value_min']:g}–{g['value_max']:g}"
        fact = f"{value} percent of imports ({g['period_start'] or '?'}–{g['period_end'] or '?'})"
        facts[sup][side].append(fact)
        stated[sup][side].append({"fact": fact, **_source(g["sample"])})
    both = [sup for sup, by in facts.items() if by[a] and by[b] and sup not in (resolve(a), resolve(b))]
    for key in raw:  # quote the best-attested transfers of each side
        raw[key] = sorted(raw[key], key=lambda f: -f["documents"])[:max(1, (sources_per_side + 1) // 2)]
    samples = _samples(store, [f for sup in both for side in (a, b) for f in raw[(sup, side)]])
    ds = t.dyad_summary.c
    doc_counts: dict[str, int] = defaultdict(int)  # articles on either side (one on both sides counts twice)
    with store.engine.connect() as conn:
        for sup, n in conn.execute(select(ds.supplier, ds.documents).where(ds.recipient.in_(na | nb))):
            doc_counts[resolve(sup)] += n
    out = []
    for sup in both:
        by = facts[sup]
        for side in (a, b):
            for f in raw[(sup, side)]:
                sides[sup][side] += [{"fact": "transfer", **x} for x in samples[(f["supplier"], f["recipient"],
                                                                                  f["weapon"] or "")]]
            sides[sup][side] = sides[sup][side][:sources_per_side] + stated[sup][side]
        docs = max(doc_counts[sup], len({x["document_id"] for x in sides[sup][a] + sides[sup][b]}))
        # with stated shares, the articles behind them count too
        docs = max(docs, len({x["document_id"] for x in stated[sup][a] + stated[sup][b]}))
        out.append({"supplier": sup, "documents": docs,
                    f"arms {a}": "; ".join(dict.fromkeys(by[a])), f"arms {b}": "; ".join(dict.fromkeys(by[b])),
                    "evidence": {a: sides[sup][a], b: sides[sup][b]}})
    out.sort(key=lambda r: -r["documents"])
    return Table(["supplier", "documents", f"arms {a}", f"arms {b}"], out, f"suppliers arming both {a} and {b}")


def timeline(store: Store, a: str, b: Optional[str] = None, start: Optional[str] = None,
             end: Optional[str] = None, limit: int = 200) -> Table:
    """Dated transfers and events for an actor, or for a dyad (events involving both; transfers to or from
    either), oldest first; at most `limit` events and `limit` transfers (the most recent ones)."""
    resolve = Resolver.of(store)
    na = resolve.names_for(a)
    nb = resolve.names_for(b) if b else set()
    ev = t.events.c
    first, second = t.event_actors.alias("first"), t.event_actors.alias("second")
    joined = first.join(t.events, t.events.c.id == first.c.event_id)
    cond = [first.c.actor.in_(na), ev.date_start.isnot(None)]
    if b:  # both actors: a join on the covering (actor, event_id) index, not an IN over all their events
        joined = joined.join(second, and_(second.c.event_id == first.c.event_id, second.c.actor.in_(nb)))
    if start:
        cond.append(func.coalesce(ev.date_end, ev.date_start) >= start)
    if end:
        cond.append(ev.date_start <= end + "-99")
    with store.engine.connect() as conn:
        ids_recent = [r.id for r in conn.execute(select(ev.id, ev.date_start).select_from(joined).where(*cond)
                                                 .distinct().order_by(ev.date_start.desc()).limit(limit))]
    events = fuse_events(_rows(store, t.events, ev.id.in_(ids_recent)), resolve)
    rows = []
    for e in events:
        rows.append({"start": e["date"]["start"], "end": e["date"]["end"], "kind": e["type"],
                     "actors": ", ".join(e["actors"]), "summary": e["summary"], "sources": len(e["sources"]),
                     "evidence": e["sources"]})
    ts = t.transfer_summary.c
    parties = na | nb
    stmt = select(t.transfer_summary).where(or_(ts.recipient.in_(parties), ts.supplier.in_(parties)),
                                            ts.period_start.isnot(None), *_in_period(start, end)) \
        .order_by(ts.period_start.desc()).limit(limit)
    with store.engine.connect() as conn:
        summary = [dict(r) for r in conn.execute(stmt).mappings()]
    samples = _samples(store, summary)
    for f in summary:
        srcs = samples[(f["supplier"], f["recipient"], f["weapon"] or "")]
        f["weapon"] = f["weapon"] or None
        statuses = sorted(set((f["statuses"] or "").split(",")) - {""}, key=lambda x: -STATUS_RANK.get(x, 0))
        what = label(f)
        rows.append({"start": f["period_start"], "end": f["period_end"],
                     "kind": f"transfer ({statuses[0] if statuses else '?'})",
                     "actors": f"{resolve(f['supplier'])} → {resolve(f['recipient'])}",
                     "summary": f"{resolve(f['supplier'])} → {resolve(f['recipient'])}: {what}"
                                + (f", ${f['value_max']:,.0f}" if f["value_max"] else ""),
                     "sources": f["reports"], "evidence": srcs})
    rows.sort(key=lambda r: (r["start"] or "", r["end"] or ""))
    return Table(["start", "end", "kind", "actors", "summary", "sources"], rows,
                 f"timeline of {a}" + (f" and {b}" if b else ""))


def quotes(store: Store, speaker: Optional[str] = None, about: Optional[str] = None, limit: int = 500) -> Table:
    """Who said what: filter by speaker (full name or surname) and by a word or phrase in the quote."""
    resolve = Resolver.of(store)
    q = t.quotes.c
    cond = []
    if speaker:
        names = resolve.names_for(speaker)
        cond.append(or_(q.speaker.in_(names), q.speaker.like(f"% {like(speaker)}", escape="\\"), q.speaker == speaker))
    if about:
        cond.append(q.text.like(f"%{like(about)}%", escape="\\"))
    rows = _rows(store, t.quotes, and_(*cond) if cond else None, limit)
    out = [{"speaker": resolve(r["speaker"]), "role": r["role"], "direct": bool(r["direct"]), "text": r["text"],
            "date": r["date"] or r["published"], "outlet": r["outlet"], "document_id": r["document_id"],
            "evidence": r["evidence"]} for r in rows]
    out.sort(key=lambda r: (r["date"] or "", r["speaker"] or ""))
    return Table(["date", "speaker", "role", "direct", "text", "outlet", "document_id"], out, "quotes")


def disputes(store: Store, limit: int = 100) -> Table:
    """Where sources or actors disagree: claims an article reports as disputed, and conflicts between articles
    (a transfer delivered in one and denied in another, different values for the same deal, different figures
    for the same statistic). At most `limit` of each kind."""
    resolve = Resolver.of(store)
    rows = []
    for r in _rows(store, t.claims, None, limit):
        rows.append({"kind": "claim in dispute", "claim": r["claim"],
                     "asserted_by": ", ".join(r["asserted_by"] or []), "disputed_by": ", ".join(r["disputed_by"] or []),
                     "dates": r["published"], "sources": 1, "evidence": [_source(r)]})
    ts = t.transfer_summary.c
    with store.engine.connect() as conn:
        conflicted = [dict(r) for r in conn.execute(
            select(t.transfer_summary).where(or_(ts.value_conflict.is_(True), ts.status_conflict.is_(True)))
            .order_by(ts.documents.desc()).limit(limit)).mappings()]
    samples = _samples(store, conflicted)
    for f in conflicted:
        srcs = samples[(f["supplier"], f["recipient"], f["weapon"] or "")]
        f["weapon"] = f["weapon"] or None
        what = f"{resolve(f['supplier'])} → {resolve(f['recipient'])}: {label(f)}"
        for field_, flag in (("value", f["value_conflict"]), ("status", f["status_conflict"])):
            if flag:
                rows.append({"kind": f"conflicting {field_}", "claim": what,
                             "asserted_by": (f"from {f['value_min']:,.0f} to {f['value_max']:,.0f}" if field_ == "value"
                                             else " vs ".join(f["statuses"].split(","))),
                             "disputed_by": "", "dates": f"{f['period_start'] or '?'}–{f['period_end'] or '?'}",
                             "sources": f["documents"], "evidence": srcs})
    s = t.statistics.c
    key = (s.subject, s.metric, s.counterpart, s.unit, s.period_start, s.period_end)
    with store.engine.connect() as conn:
        groups = conn.execute(select(*key).group_by(*key)
                              .having(func.max(s.value) > 1.02 * func.min(s.value)).limit(limit)).all()
    keyed = [func.coalesce(col, "") for col in key]
    wanted = [tuple("" if v is None else v for v in g) for g in groups]
    members: dict[tuple, list[dict]] = defaultdict(list)
    if wanted:
        for r in _rows(store, t.statistics, tuple_(*keyed).in_(wanted)):
            members[tuple("" if r[col.name] is None else r[col.name] for col in key)].append(r)
    for g in groups:
        rs = members[tuple("" if v is None else v for v in g)][:20]
        rows.append({"kind": "conflicting figure", "claim": f"{resolve(g[0])} {g[1]}" + (f" ({resolve(g[2])})" if g[2] else ""),
                     "asserted_by": "; ".join(f"{r['value']:g} {r['unit']} ({r['outlet'] or r['document_id'][:8]})"
                                              for r in rs),
                     "disputed_by": "", "dates": f"{g[4] or '?'}–{g[5] or '?'}",
                     "sources": len({r["document_id"] for r in rs}), "evidence": [_source(r) for r in rs]})
    return Table(["kind", "claim", "asserted_by", "disputed_by", "dates", "sources"], rows, "disputes")


def entity_profile(store: Store, name: str) -> dict:
    """An entity across the store: canonical name, type, every alias with the documents using it, roles over
    time, documents, and counts of the facts it takes part in."""
    resolve = Resolver.of(store)
    canonical = resolve(name)
    e, m = t.entities.c, t.mentions.c
    names = resolve.names_for(canonical)
    with store.engine.connect() as conn:
        ids = conn.execute(select(e.id, e.name, e.type).where(e.name.in_(names))).all()
        if not ids:  # an alias, or a surname: find the entity that has it
            hit = conn.execute(select(e.name).join(t.mentions).where(m.alias == name).limit(1)).scalar()
            if hit is None:
                people = conn.execute(select(e.name).where(e.type == "person", e.name.like(
                    f"% {like(name)}", escape="\\"))).scalars().all()
                hit = people[0] if len(people) == 1 else None
            if hit is None:
                raise LookupError(f"no entity '{name}' in the store")
            canonical = resolve(hit)
            names = resolve.names_for(canonical)
            ids = conn.execute(select(e.id, e.name, e.type).where(e.name.in_(names))).all()
        ent_ids = [i.id for i in ids]
        aliases: dict[str, set] = defaultdict(set)
        for r in conn.execute(select(m.alias, m.document_id).where(m.entity_id.in_(ent_ids))):
            aliases[r.alias].add(r.document_id)
        moved = {alias: target for n, alias, target in resolve.splits if resolve(n) == canonical}
        roles = [{"role": r.role, "published": r.published, "outlet": r.outlet, "document_id": r.document_id}
                 for r in conn.execute(select(t.entity_roles.c.role, t.entity_roles.c.document_id,
                                              t.documents.c.published, t.documents.c.outlet)
                                       .join(t.documents).where(t.entity_roles.c.entity_id.in_(ent_ids))
                                       .order_by(t.documents.c.published))]
        docs = set().union(*aliases.values()) if aliases else set()
        tc, ec, qc, sc = t.transfers.c, t.event_actors.c, t.quotes.c, t.statistics.c
        facts = {
            "transfers as supplier": conn.execute(select(func.count()).where(tc.supplier.in_(names))).scalar(),
            "transfers as recipient": conn.execute(select(func.count()).where(tc.recipient.in_(names))).scalar(),
            "events as actor": conn.execute(select(func.count()).where(ec.actor.in_(names))).scalar(),
            "quotes as speaker": conn.execute(select(func.count()).where(qc.speaker.in_(names))).scalar(),
            "statistics about": conn.execute(select(func.count()).where(sc.subject.in_(names))).scalar(),
        }
        documents = [dict(r) for r in conn.execute(
            select(t.documents.c.id, t.documents.c.title, t.documents.c.outlet, t.documents.c.published)
            .where(t.documents.c.id.in_(docs)).order_by(t.documents.c.published)).mappings()]
    return {"name": canonical, "type": ids[0].type, "merged_names": sorted(n for n in names if n != canonical),
            "aliases": {a: len(ds) for a, ds in sorted(aliases.items()) if a not in moved},
            "aliases_moved_by_split": moved, "roles": roles, "facts": facts, "documents": documents}


# ---- browsing ----------------------------------------------------------------------------------------------
def like(value: str) -> str:
    """A value matched literally inside a LIKE pattern (escape '\\'): '%' and '_' are not wildcards."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


FACT_FILTERS = {
    "transfers": {"supplier": "supplier", "recipient": "recipient", "weapon": "weapon", "status": "status"},
    "statistics": {"subject": "subject", "counterpart": "counterpart", "metric": "metric"},
    "events": {"type": "type"},
    "quotes": {"speaker": "speaker"},
    "claims": {},
}
_PERIOD_COLUMNS = {"transfers": ("period_start", "period_end"), "statistics": ("period_start", "period_end"),
                   "events": ("date_start", "date_end"), "quotes": ("date", "date"), "claims": (None, None)}


def facts(store: Store, kind: str, filters: Optional[dict] = None, start: Optional[str] = None,
          end: Optional[str] = None, document: Optional[str] = None, actor: Optional[str] = None,
          limit: int = 50, offset: int = 0, country: Optional[str] = None) -> tuple[list[dict], int]:
    """One page of facts of a kind, filtered (names resolved), with evidence; and the total that match."""
    if kind not in t.FACT_TABLES:
        raise KeyError(kind)
    given = {k for k, v in (filters or {}).items() if v not in (None, "")} | \
        ({"country"} if country else set()) | ({"actor"} if actor else set())
    applicable = set(FACT_FILTERS[kind]) | ({"country"} if kind == "transfers" else set()) | \
        ({"actor"} if kind == "events" else set())
    if given - applicable:
        raise ValueError(f"filter(s) {', '.join(sorted(given - applicable))} do not apply to {kind} "
                         f"(they take: {', '.join(sorted(applicable)) or 'document, from, to'})")
    for name, value in (("from", start), ("to", end)):
        if value and valid_date(value, future=True) is None:
            raise ValueError(f"'{name}' must be a real date YYYY[-MM[-DD]], not {value!r}")
    if not _PERIOD_COLUMNS[kind][0] and (start or end):
        raise ValueError(f"{kind} have no dates: 'from' and 'to' do not apply")
    table = t.FACT_TABLES[kind]
    resolve = Resolver.of(store)
    cond = []
    for key, value in (filters or {}).items():
        if value in (None, ""):
            continue
        col = table.c[FACT_FILTERS[kind][key]]
        if key == "speaker":  # a full name, or a surname
            cond.append(or_(col.in_(resolve.names_for(value)), col.like(f"% {like(value)}", escape="\\")))
        elif key in ("supplier", "recipient", "subject", "counterpart"):
            cond.append(col.in_(resolve.names_for(value)))
        else:
            cond.append(col == value)
    s_col, e_col = _PERIOD_COLUMNS[kind]
    if s_col and start:
        cond.append(func.coalesce(table.c[e_col], table.c[s_col]) >= start)
    if s_col and end:
        cond.append(table.c[s_col] <= end + "-99")
    if document:
        cond.append(table.c.document_id == document)
    if country and kind == "transfers":
        names = resolve.names_for(country)
        cond.append(or_(table.c.supplier.in_(names), table.c.recipient.in_(names)))
    if actor and kind == "events":
        cond.append(table.c.id.in_(select(t.event_actors.c.event_id)
                                   .where(t.event_actors.c.actor.in_(resolve.names_for(actor)))))
    where = and_(*cond) if cond else None
    with store.engine.connect() as conn:
        count = select(func.count()).select_from(table)
        total = conn.execute(count.where(where) if where is not None else count).scalar()
        ids_stmt = select(table.c.id).order_by(table.c.id).limit(limit).offset(offset)
        ids = conn.execute(ids_stmt.where(where) if where is not None else ids_stmt).scalars().all()
    rows = _rows(store, table, table.c.id.in_(ids)) if ids else []
    rows.sort(key=lambda r: r["id"])
    for r in rows:
        for k in ("supplier", "recipient", "subject", "counterpart", "speaker"):
            if k in r:
                r[k] = resolve(r[k])
        r["actors"] = [resolve(a) for a in r.get("actors", [])] if kind == "events" else r.get("actors")
        if r.get("actors") is None:
            r.pop("actors", None)
    return rows, total


def entities(store: Store, type_: Optional[str] = None, q: Optional[str] = None, limit: int = 50,
             offset: int = 0) -> tuple[list[dict], int]:
    """Entities with the number of articles mentioning them, most mentioned first."""
    e, m = t.entities.c, t.mentions.c
    cond = []
    if type_:
        cond.append(e.type == type_)
    if q:
        cond.append(e.name.like(f"%{like(q)}%", escape="\\"))
    stmt = select(e.name, e.type, func.count(func.distinct(m.document_id)).label("documents")) \
        .join(t.mentions, m.entity_id == e.id).where(*cond).group_by(e.id, e.name, e.type)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar()
        rows = [dict(r) for r in conn.execute(stmt.order_by(func.count(func.distinct(m.document_id)).desc(), e.name)
                                              .limit(limit).offset(offset)).mappings()]
    return rows, total


def _deal(d: dict) -> str:
    delivered = "not yet delivered" if d["status"] == "ordered" else f"delivered {d['period_end'] or '?'}"
    return f"ordered {d['period_start'] or '?'}, {delivered} ({d['quantity'] or '?'} × {d['variant'] or d['weapon']})"


def _family_key():
    """A system's family as the catalogue knows it, compared without case, hyphens or spaces: news 'Swathi' is
    SIPRI's 'SWATHI', news 'Su-30' SIPRI's 'Su-30SM'."""
    from .catalogue import weapon_key
    from .pipeline.knowledge import knowledge

    catalogue = knowledge().catalogue
    cache: dict[Optional[str], str] = {}

    def key(weapon: Optional[str]) -> str:
        if weapon not in cache:
            hit = catalogue.lookup(weapon) if weapon else None
            cache[weapon] = weapon_key(hit[0] if hit else weapon or "")
        return cache[weapon]
    return key


def crosscheck(store: Store, recipient: Optional[str] = None, limit: int = 1000) -> Table:
    """News-reported transfers of named systems against SIPRI's register: in both (same supplier, recipient and
    system, with the news' dates within a year of the deal's order and deliveries), news only, SIPRI only."""
    resolve = Resolver.of(store)
    c, ts = t.transfers.c, t.transfer_summary.c
    news_cond = [ts.weapon != ""]
    sipri_cond = [c.source == "SIPRI"]
    if recipient:
        names = resolve.names_for(recipient)
        news_cond.append(ts.recipient.in_(names))
        sipri_cond.append(c.recipient.in_(names))
    news = _summary(store, *news_cond)
    with store.engine.connect() as conn:
        deals = [dict(r) for r in conn.execute(
            select(c.id, c.supplier, c.recipient, c.weapon, c.variant, c.quantity, c.status, c.period_start,
                   c.period_end, c.value_amount).where(*sipri_cond)).mappings()]
    family = _family_key()
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for d in deals:
        by_key[(resolve(d["supplier"]), resolve(d["recipient"]), family(d["weapon"]))].append(d)
    rows, matched = [], set()
    for f in news:
        key = (resolve(f["supplier"]), resolve(f["recipient"]), f["weapon"])
        hits = by_key.get(key[:2] + (family(f["weapon"]),), [])
        n_start, n_end = (f["period_start"] or "")[:4], (f["period_end"] or f["period_start"] or "")[:4]
        hits = [d for d in hits if not n_start or not d["period_start"] or
                (int(d["period_start"][:4]) - 1 <= int(n_end or n_start) and
                 int(n_start) <= int((d["period_end"] or d["period_start"])[:4]) + 1)]
        matched |= {d["id"] for d in hits}
        rows.append({"match": "in both" if hits else "news only", "supplier": key[0], "recipient": key[1],
                     "weapon": key[2], "news": f"{f['reports']} report(s), {n_start or '?'}–{n_end or '?'}",
                     "sipri": "; ".join(_deal(d) for d in hits[:3]),
                     "sipri_ids": [d["id"] for d in hits]})
    for d in deals:
        if d["id"] not in matched:
            rows.append({"match": "SIPRI only", "supplier": resolve(d["supplier"]), "recipient": resolve(d["recipient"]),
                         "weapon": d["weapon"], "news": "",
                         "sipri": _deal(d),
                         "sipri_ids": [d["id"]]})
    order = {"in both": 0, "news only": 1, "SIPRI only": 2}
    rows.sort(key=lambda r: (order[r["match"]], r["supplier"] or "", r["weapon"] or ""))
    return Table(["match", "supplier", "recipient", "weapon", "news", "sipri"], rows[:limit],
                 "news against the SIPRI register" + (f" for {recipient}" if recipient else ""))
