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

from sqlalchemy import and_, delete, func, insert, or_, select

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
    a person known somewhere only by surname maps to the single full name in the store that ends with it."""

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


def _when(r: dict, start: str, end: str) -> tuple[Optional[str], Optional[str], str]:
    """A fact's own period, else the date of the article that reports it."""
    if r.get(start) or r.get(end):
        return r.get(start), r.get(end) or r.get(start), "stated"
    return r.get("published"), r.get("published"), "reported"


# ---- fusion ----------------------------------------------------------------------------------------------
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
    for r in sorted(rows, key=lambda r: (r["date_start"] or "", r["id"])):
        actors = [resolve(a) for a in r.get("actors", [])]
        twin = next((f for f in fused if _event_group(f["type"]) == _event_group(r["type"])
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
            fused.append({"type": r["type"], "date": {"start": r["date_start"], "end": r["date_end"]},
                          "actors": actors, "location": r["location"], "fatalities": r["fatalities"],
                          "summary": r["summary"], "sources": [_source(r)]})
    return fused


# ---- the questions ------------------------------------------------------------------------------------------
def who_arms_whom(store: Store, start: Optional[str] = None, end: Optional[str] = None) -> Table:
    """Supplier × recipient: number of distinct transfers (systems or general), articles, systems, known value
    (each deal's value counted once), statuses."""
    c = t.transfers.c
    d = t.documents.c
    resolve = Resolver(store)
    when_start = func.coalesce(c.period_start, d.published)
    when_end = func.coalesce(c.period_end, c.period_start, d.published)
    stmt = select(c.supplier, c.recipient, c.weapon, func.count().label("n"),
                  func.count(func.distinct(c.document_id)).label("docs"), func.max(c.value_amount).label("value"),
                  func.max(c.status).label("status")) \
        .join(t.documents, c.document_id == d.id).where(d.duplicate_of.is_(None)) \
        .group_by(c.supplier, c.recipient, c.weapon)
    if start:
        stmt = stmt.where(or_(when_end.is_(None), when_end >= start))
    if end:
        stmt = stmt.where(or_(when_start.is_(None), when_start <= end + "-99"))
    dyads: dict[tuple, dict] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(stmt):
            key = (resolve(r.supplier), resolve(r.recipient))
            row = dyads.setdefault(key, {"supplier": key[0], "recipient": key[1], "transfers": 0, "mentions": 0,
                                         "documents": 0, "systems": [], "known_value_usd": 0.0})
            row["transfers"] += 1
            row["mentions"] += r.n
            row["documents"] = max(row["documents"], r.docs)
            if r.weapon and r.weapon not in row["systems"]:
                row["systems"].append(r.weapon)
            if r.value:
                row["known_value_usd"] += r.value
    rows = sorted(dyads.values(), key=lambda r: (-r["transfers"], r["supplier"] or "", r["recipient"] or ""))
    for r in rows:
        r["systems"] = ", ".join(sorted(r["systems"]))
        r["known_value_usd"] = r["known_value_usd"] or None
    return Table(["supplier", "recipient", "transfers", "mentions", "documents", "systems", "known_value_usd"], rows,
                 "who arms whom" + (f" {start or ''}–{end or ''}" if start or end else ""))


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
    resolve = Resolver(store)
    start, end = _period_args(period)
    names = resolve.names_for(recipient)
    rows: list[dict] = []
    s = t.statistics.c
    for r in _rows(store, t.statistics, and_(s.subject.in_(names), s.unit == "percent",
                                              s.metric.like("%import%"))):
        if start and not _overlaps(r["period_start"], r["period_end"], start, end):
            continue
        exact = (r["period_start"], r["period_end"]) == (start, end)
        rows.append({"supplier": resolve(r["counterpart"]), "share_percent": r["value"],
                     "basis": "stated" + (" (same period)" if exact or not start else " (overlapping period)"),
                     "period": f"{r['period_start'] or '?'}–{r['period_end'] or '?'}",
                     "source": r["source_cited"] or r.get("outlet"), "document_id": r["document_id"],
                     "evidence": r["evidence"]})
    c = t.transfers.c
    valued = [r for r in _rows(store, t.transfers, and_(c.recipient.in_(names), c.value_amount.isnot(None)))
              if not start or _overlaps(*_when(r, "period_start", "period_end")[:2], start, end)]
    by_supplier: dict[str, float] = defaultdict(float)
    deals: dict[str, int] = defaultdict(int)
    for f in fuse_transfers(valued, resolve):
        if f["value"] and f["value"]["currency"] == "USD":
            by_supplier[f["supplier"]] += f["value"]["amount"]
            deals[f["supplier"]] += 1
    total = sum(by_supplier.values())
    for sup, v in sorted(by_supplier.items(), key=lambda kv: -kv[1]):
        rows.append({"supplier": sup, "share_percent": round(100 * v / total, 1),
                     "basis": f"transfer values ({deals[sup]} deal(s), ${v:,.0f} of ${total:,.0f} known)",
                     "period": f"{start or '?'}–{end or '?'}", "source": "news reports in the store",
                     "document_id": None, "evidence": None})
    return Table(["supplier", "share_percent", "basis", "period", "source", "document_id", "evidence"], rows,
                 f"suppliers' shares of {recipient}'s arms imports" + (f", {start}–{end}" if start else ""))


def both_sides(store: Store, a: str, b: str) -> Table:
    """Suppliers that arm both `a` and `b`, with the evidence for each side (transfers and stated shares)."""
    resolve = Resolver(store)
    na, nb = resolve.names_for(a), resolve.names_for(b)
    c = t.transfers.c
    rows = _rows(store, t.transfers, c.recipient.in_(na | nb))
    s = t.statistics.c
    stats = _rows(store, t.statistics, and_(s.subject.in_(na | nb), s.counterpart.isnot(None)))
    sides: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    for f in fuse_transfers(rows, resolve):
        side = a if f["recipient"] == resolve(a) else b
        detail = [label(f), f["status"]] + ([f"${f['value']['amount']:,.0f}"] if f["value"] else []) + \
            ([f["financing"]] if f["financing"] else [])
        for src in f["sources"]:
            sides[f["supplier"]][side].append({"fact": " ".join(detail), **src})
    for r in stats:
        side = a if resolve(r["subject"]) == resolve(a) else b
        sides[resolve(r["counterpart"])][side].append({"fact": f"{r['value']:g} {r['unit']} of {r['metric']}",
                                                       **_source(r)})
    out = []
    for sup, by in sides.items():
        if by[a] and by[b] and sup not in (resolve(a), resolve(b)):
            docs = {x["document_id"] for x in by[a] + by[b]}
            out.append({"supplier": sup, "documents": len(docs),
                        f"arms {a}": "; ".join(dict.fromkeys(x["fact"] for x in by[a])),
                        f"arms {b}": "; ".join(dict.fromkeys(x["fact"] for x in by[b])),
                        "evidence": {a: by[a], b: by[b]}})
    out.sort(key=lambda r: -r["documents"])
    return Table(["supplier", "documents", f"arms {a}", f"arms {b}"], out, f"suppliers arming both {a} and {b}")


def timeline(store: Store, a: str, b: Optional[str] = None) -> Table:
    """Dated transfers and events for an actor, or for a dyad (events involving both; transfers to either)."""
    resolve = Resolver(store)
    na = resolve.names_for(a)
    nb = resolve.names_for(b) if b else set()
    ea = t.event_actors.c
    ev_ids = select(ea.event_id).where(ea.actor.in_(na))
    if b:
        ev_ids = ev_ids.where(ea.event_id.in_(select(ea.event_id).where(ea.actor.in_(nb))))
    events = fuse_events(_rows(store, t.events, t.events.c.id.in_(ev_ids)), resolve)
    c = t.transfers.c
    parties = na | nb
    transfers = fuse_transfers(_rows(store, t.transfers, or_(c.recipient.in_(parties), c.supplier.in_(parties))),
                               resolve)
    rows = []
    for e in events:
        if not e["date"]["start"]:
            continue
        rows.append({"start": e["date"]["start"], "end": e["date"]["end"], "kind": e["type"],
                     "actors": ", ".join(e["actors"]), "summary": e["summary"], "sources": len(e["sources"]),
                     "evidence": e["sources"]})
    for f in transfers:
        first = min(f["sources"], key=lambda s: s["published"] or "9999")
        start = f["period"]["start"] if f["period"] else first["published"]
        end = f["period"]["end"] if f["period"] else first["published"]
        if not start:
            continue
        what = label(f)
        rows.append({"start": start, "end": end, "kind": f"transfer ({f['status']})",
                     "actors": f"{f['supplier']} → {f['recipient']}",
                     "summary": f"{f['supplier']} → {f['recipient']}: {what}"
                                + (f", ${f['value']['amount']:,.0f}" if f["value"] else "")
                                + (f" ({f['financing']})" if f["financing"] else "")
                                + ("" if f["period"] else " [date reported]"),
                     "sources": len(f["sources"]), "evidence": f["sources"]})
    rows.sort(key=lambda r: (r["start"], r["end"] or ""))
    return Table(["start", "end", "kind", "actors", "summary", "sources"], rows,
                 f"timeline of {a}" + (f" and {b}" if b else ""))


def quotes(store: Store, speaker: Optional[str] = None, about: Optional[str] = None, limit: int = 500) -> Table:
    """Who said what: filter by speaker (full name or surname) and by a word or phrase in the quote."""
    resolve = Resolver(store)
    q = t.quotes.c
    cond = []
    if speaker:
        names = resolve.names_for(speaker)
        cond.append(or_(q.speaker.in_(names), q.speaker.like(f"% {speaker}"), q.speaker == speaker))
    if about:
        cond.append(q.text.like(f"%{about}%"))
    rows = _rows(store, t.quotes, and_(*cond) if cond else None, limit)
    out = [{"speaker": resolve(r["speaker"]), "role": r["role"], "direct": bool(r["direct"]), "text": r["text"],
            "date": r["date"] or r["published"], "outlet": r["outlet"], "document_id": r["document_id"],
            "evidence": r["evidence"]} for r in rows]
    out.sort(key=lambda r: (r["date"] or "", r["speaker"] or ""))
    return Table(["date", "speaker", "role", "direct", "text", "outlet", "document_id"], out, "quotes")


def disputes(store: Store) -> Table:
    """Where sources or actors disagree: claims an article reports as disputed, and conflicts between articles
    (a transfer delivered in one and denied in another, different values or quantities for the same deal,
    different figures for the same statistic)."""
    resolve = Resolver(store)
    rows = []
    for r in _rows(store, t.claims):
        rows.append({"kind": "claim in dispute", "claim": r["claim"],
                     "asserted_by": ", ".join(r["asserted_by"] or []), "disputed_by": ", ".join(r["disputed_by"] or []),
                     "dates": r["published"], "sources": 1, "evidence": [_source(r)]})
    for f in fuse_transfers(_rows(store, t.transfers), resolve):
        for cf in f["conflicts"]:
            what = f"{f['supplier']} → {f['recipient']}: {label(f)}"
            rows.append({"kind": f"conflicting {cf['field']}", "claim": what,
                         "asserted_by": "; ".join(f"{c['value']} ({c['outlet'] or c['document_id'][:8]})"
                                                  for c in cf["claims"]),
                         "disputed_by": "", "dates": ", ".join(sorted({s["published"] or "?" for s in f["sources"]})),
                         "sources": len({c["document_id"] for c in cf["claims"]}), "evidence": f["sources"]})
    stats: dict[tuple, list[dict]] = defaultdict(list)
    for r in _rows(store, t.statistics):
        stats[(resolve(r["subject"]), r["metric"], resolve(r["counterpart"]), r["unit"], r["period_start"],
               r["period_end"])].append(r)
    for key, rs in stats.items():
        values = {r["value"] for r in rs}
        if len(values) > 1 and max(values) > 1.02 * min(values):
            rows.append({"kind": "conflicting figure", "claim": f"{key[0]} {key[1]}" + (f" ({key[2]})" if key[2] else ""),
                         "asserted_by": "; ".join(f"{r['value']:g} {r['unit']} ({r['outlet'] or r['document_id'][:8]})"
                                                  for r in rs),
                         "disputed_by": "", "dates": f"{key[4] or '?'}–{key[5] or '?'}",
                         "sources": len({r["document_id"] for r in rs}), "evidence": [_source(r) for r in rs]})
    return Table(["kind", "claim", "asserted_by", "disputed_by", "dates", "sources"], rows, "disputes")


def entity_profile(store: Store, name: str) -> dict:
    """An entity across the store: canonical name, type, every alias with the documents using it, roles over
    time, documents, and counts of the facts it takes part in."""
    resolve = Resolver(store)
    canonical = resolve(name)
    e, m = t.entities.c, t.mentions.c
    names = resolve.names_for(canonical)
    with store.engine.connect() as conn:
        ids = conn.execute(select(e.id, e.name, e.type).where(e.name.in_(names))).all()
        if not ids:  # an alias, or a surname: find the entity that has it
            hit = conn.execute(select(e.name).join(t.mentions).where(m.alias == name).limit(1)).scalar()
            if hit is None:
                people = conn.execute(select(e.name).where(e.type == "person", e.name.like(f"% {name}"))).scalars().all()
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
