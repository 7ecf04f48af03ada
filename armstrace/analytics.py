"""Questions over the whole store, across articles: who arms whom, a supplier's share of a recipient's imports,
who arms both sides, a dyad's timeline, who said what, where sources disagree, an entity's profile.

Names are resolved across documents (an analyst's merges and splits; a surname alone to the one full name
that ends with it), and the same fact reported by several articles is fused into one record that lists all
its evidence and says which source supplied which field. Each question returns a `Table`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Optional, overload
from weakref import WeakKeyDictionary

from .data import event_group
from .model import FACT_KIND, STATUS_RANK, valid_date
from .store import Store, now


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
    def of(cls, store: Store) -> Resolver:
        stamp = store.names_stamp()
        cached = _RESOLVERS.get(store)
        if cached is None or cached[0] != stamp:
            cached = _RESOLVERS[store] = (stamp, cls(store))
        return cached[1]

    def __init__(self, store: Store):
        self.map: dict[str, str] = {}
        self.splits: list[tuple[str, str, str]] = []  # (name, alias, target)
        for r in store.name_overrides():
            if r["action"] == "merge":
                self.map[r["name"]] = r["target"]
            elif r["action"] == "split":
                self.splits.append((r["name"], r["alias"], r["target"]))
        people = store.entity_names("person")
        full = defaultdict(set)
        for p in people:
            if " " in p:
                full[p.split()[-1]].add(p)
        for p in people:
            if " " not in p and len(full.get(p, ())) == 1 and p not in self.map:
                self.map[p] = next(iter(full[p]))

    @overload
    def __call__(self, name: str) -> str: ...
    @overload
    def __call__(self, name: None) -> None: ...
    def __call__(self, name):
        seen = set()
        while name in self.map and name not in seen:
            seen.add(name)
            name = self.map[name]
        return name

    def names_for(self, canonical: str) -> set[str]:
        """Every stored name that resolves to `canonical` (so queries can match any of them)."""
        out = {canonical} | {k for k in self.map if self(k) == self(canonical)}
        return out | {self(canonical)}


_RESOLVERS: WeakKeyDictionary = WeakKeyDictionary()   # store → (its names stamp, its resolver)


def merge_entities(store: Store, name: str, target: str) -> None:
    """Record that `name` is the same actor as `target`. Kept apart from extracted rows: survives re-extraction."""
    store.add_merge(name, target, now())


def split_entity(store: Store, name: str, alias: str, target: str) -> None:
    """Record that where `name` was written as `alias`, the text meant `target` (a different actor)."""
    store.add_split(name, alias, target, now())


# ---- fused facts ------------------------------------------------------------------------------------------
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


def label(f: dict) -> str:
    """What a fused transfer moves: the system, else the kind of weapon, else 'arms'."""
    return f["weapon"] or (f["category"] if f["category"] and f["category"] != "general" else "arms")


def fuse_events(rows: Iterable[dict], resolver: Optional[Resolver] = None) -> list[dict]:
    """The same happening reported by several articles (same kind, overlapping dates at the coarser
    granularity, shared actors) becomes one record with all its sources."""
    resolve: Callable[[Any], Any] = resolver or (lambda x: x)
    fused: list[dict] = []
    buckets: dict[tuple, list[dict]] = defaultdict(list)  # (kind, year) → fused events, to compare few
    for r in sorted(rows, key=lambda r: (r["date_start"] or "", r["id"])):
        actors = [resolve(a) for a in r.get("actors", [])]
        year = int((r["date_start"] or "0")[:4] or 0)
        near = [f for y in (year - 1, year) for f in buckets.get((event_group(r["type"]), y), [])]
        twin = next((f for f in near if event_group(f["type"]) == event_group(r["type"])
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
                buckets[(event_group(r["type"]), y)].append(f)
    return fused


# ---- the questions ------------------------------------------------------------------------------------------
def _summary(store: Store, **query) -> list[dict]:
    """Fused transfers (see Store.fused_transfers) with their statuses ranked."""
    rows = store.fused_transfers(**query)
    for r in rows:
        r["weapon"] = r["weapon"] or None
        r["statuses"] = sorted(set((r["statuses"] or "").split(",")) - {""}, key=lambda x: -STATUS_RANK.get(x, 0))
        r["status"] = r["statuses"][0] if r["statuses"] else None
    return rows


SOURCES = ("news", "SIPRI", "both")


def who_arms_whom(store: Store, start: Optional[str] = None, end: Optional[str] = None,
                  source: str = "news") -> Table:
    """Supplier × recipient: from the news, distinct transfers (one per system, or arms in general), reports,
    articles, systems, known value (the highest figure reported for each system; one amount stated for several
    systems once); from SIPRI's register (`source` SIPRI or both), its deals and the TIV of their deliveries."""
    if source not in SOURCES:
        raise ValueError(f"source is one of {', '.join(SOURCES)}, not {source!r}")
    resolve = Resolver.of(store)
    dyads: dict[tuple, dict] = {}
    amounts: dict[tuple, set] = defaultdict(set)
    news = source in ("news", "both")
    for f in store.fused_transfers(period=(start, end)) if news else ():
        sup, rec, weapon, reports, documents, value = (f["supplier"], f["recipient"], f["weapon"], f["reports"],
                                                       f["documents"], f["value_max"])
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
    if news and not start and not end:  # articles per dyad, exact (a period filter keeps the per-system maximum)
        exact: dict[tuple, int] = defaultdict(int)
        for sup, rec, n in store.dyad_documents():
            exact[(resolve(sup), resolve(rec))] += n
        for key, row in dyads.items():
            row["documents"] = max(row["documents"], exact.get(key, 0))
    columns = ["supplier", "recipient", "transfers", "mentions", "documents", "systems", "known_value_usd"]
    if source != "news":
        for d in store.sipri_dyads((start, end)):
            key = (resolve(d["supplier"]), resolve(d["recipient"]))
            row = dyads.setdefault(key, {"supplier": key[0], "recipient": key[1], "transfers": 0, "mentions": 0,
                                         "documents": 0, "systems": [], "known_value_usd": None})
            row["sipri_deals"] = row.get("sipri_deals", 0) + d["deals"]
            row["sipri_tiv"] = round(row.get("sipri_tiv", 0) + (d["tiv"] or 0) / 1e6, 1)  # stored as TIV × 10^6
            row["systems"] += [w for w in (d["systems"] or "").split(",") if w]
        for row in dyads.values():
            row.setdefault("sipri_deals", 0)
            row.setdefault("sipri_tiv", 0.0)
        columns = (columns if news else ["supplier", "recipient", "systems"]) + ["sipri_deals", "sipri_tiv"]
    rows = sorted(dyads.values(), key=lambda r: (-r["transfers"], -r.get("sipri_deals", 0), r["supplier"] or "",
                                                 r["recipient"] or ""))
    for r in rows:
        r["systems"] = ", ".join(sorted(set(r["systems"])))
    return Table(columns, rows, "who arms whom" + (f" {start or ''}–{end or ''}" if start or end else "")
                 + ("" if source == "news" else " (SIPRI's register)" if source == "SIPRI" else " (news and SIPRI)"))


def _samples(store: Store, fused: list[dict]) -> dict[tuple, list[dict]]:
    """The first and the last report (with evidence) of each fused transfer, in one query."""
    ids = {i for f in fused for i in (f.get("first_id"), f.get("last_id")) if i}
    by_id = {r["id"]: r for r in store.fact_rows("transfers", ids=ids)} if ids else {}
    out = {}
    for f in fused:
        srcs = [by_id[i] for i in dict.fromkeys((f.get("first_id"), f.get("last_id"))) if i in by_id]
        out[(f["supplier"], f["recipient"], f["weapon"] or "")] = [_source(r) for r in srcs]
    return out


def fused_transfers(store: Store, limit: Optional[int] = None) -> list[dict]:
    """Transfers fused across articles (one per supplier, recipient and system), the most reported first, each
    with its first and last report as evidence ('sources')."""
    resolve = Resolver.of(store)
    rows = _summary(store, most_reported=True, limit=limit)
    samples = _samples(store, rows)
    for f in rows:
        f["sources"] = samples[(f["supplier"], f["recipient"], f["weapon"] or "")]
        f["supplier"], f["recipient"] = resolve(f["supplier"]), resolve(f["recipient"])
    return rows


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
    amounts: dict[str, set] = defaultdict(set)
    for r in store.fused_transfers(recipients=names, valued=True, period=(start, end)):
        amounts[resolve(r["supplier"])].add(r["value_max"])  # one stated amount counts once
    if start:  # SIPRI's own measure, when its TIV tables are loaded
        from .sipri import tiv_shares

        last = end or start
        for r in tiv_shares(store, resolve(recipient), int(start[:4]), int(last[:4])):
            rows.append({"supplier": resolve(r["supplier"]), "share_percent": r["share_percent"],
                         "basis": f"SIPRI TIV tables ({r['tiv']:,.0f} TIV of deliveries)",
                         "period": f"{start[:4]}–{last[:4]}", "source": "SIPRI", "document_id": None,
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
    """Stated import shares grouped by (subject, supplier[, period]) (see Store.stated_shares)."""
    return store.stated_shares(subjects, (start, end), by_period)


def both_sides(store: Store, a: str, b: str, sources_per_side: int = 5) -> Table:
    """Suppliers that arm both `a` and `b`, with the evidence for each side (fused transfers and stated
    shares; up to `sources_per_side` reports quoted per side)."""
    resolve = Resolver.of(store)
    na, nb = resolve.names_for(a), resolve.names_for(b)
    sides: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    stated: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    facts: dict[str, dict[str, list]] = defaultdict(lambda: {a: [], b: []})
    raw: dict[tuple, list] = defaultdict(list)
    summary = _summary(store, recipients=na | nb)
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
    doc_counts: dict[str, int] = defaultdict(int)  # articles on either side (one on both sides counts twice)
    for sup, _rec, n in store.dyad_documents(recipients=na | nb):
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
    out.sort(key=lambda r: -r["documents"])  # type: ignore[operator]  # an int
    return Table(["supplier", "documents", f"arms {a}", f"arms {b}"], out, f"suppliers arming both {a} and {b}")


def timeline(store: Store, a: str, b: Optional[str] = None, start: Optional[str] = None,
             end: Optional[str] = None, limit: int = 200) -> Table:
    """Dated transfers and events for an actor, or for a dyad (events involving both; transfers to or from
    either), oldest first; at most `limit` events and `limit` transfers (the most recent ones)."""
    resolve = Resolver.of(store)
    na = resolve.names_for(a)
    nb = resolve.names_for(b) if b else set()
    ids_recent = store.event_ids(na, nb, (start, end), limit)
    events = fuse_events(store.fact_rows("events", ids=ids_recent), resolve)
    rows = []
    for e in events:
        rows.append({"start": e["date"]["start"], "end": e["date"]["end"], "kind": e["type"],
                     "actors": ", ".join(e["actors"]), "summary": e["summary"], "sources": len(e["sources"]),
                     "evidence": e["sources"]})
    summary = store.fused_transfers(parties=na | nb, dated=True, period=(start, end), newest_first=True,
                                    limit=limit)
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
    rows = store.quote_rows(resolve.names_for(speaker) if speaker else (), speaker, about, limit)
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
    for r in store.fact_rows("claims", limit=limit):
        rows.append({"kind": "claim in dispute", "claim": r["claim"],
                     "asserted_by": ", ".join(r["asserted_by"] or []), "disputed_by": ", ".join(r["disputed_by"] or []),
                     "dates": r["published"], "sources": 1, "evidence": [_source(r)]})
    conflicted = store.fused_transfers(conflicted=True, most_reported=True, limit=limit)
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
    for g, members in store.conflicting_figures(limit):
        rs = members[:20]
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
    names = resolve.names_for(canonical)
    record = store.entity_record(names)
    if record is None:  # an alias, or a surname: find the entity that has it
        hit = store.entity_named(name)
        if hit is None:
            raise LookupError(f"no entity '{name}' in the store")
        canonical = resolve(hit)
        names = resolve.names_for(canonical)
        record = store.entity_record(names)
    assert record is not None  # the entity the text named is stored
    moved = {alias: target for n, alias, target in resolve.splits if resolve(n) == canonical}
    return {"name": canonical, "type": record["type"], "merged_names": sorted(n for n in names if n != canonical),
            "aliases": {a: len(ds) for a, ds in sorted(record["aliases"].items()) if a not in moved},
            "aliases_moved_by_split": moved, "roles": record["roles"], "facts": record["facts"],
            "documents": record["documents"]}


# ---- browsing ----------------------------------------------------------------------------------------------
def facts(store: Store, kind: str, filters: Optional[dict] = None, start: Optional[str] = None,
          end: Optional[str] = None, document: Optional[str] = None, actor: Optional[str] = None,
          limit: int = 50, offset: int = 0, country: Optional[str] = None, sort: Optional[str] = None,
          descending: bool = False, review: str = "answer") -> tuple[list[dict], int]:
    """One page of facts of a kind, filtered (names resolved, or matched by their start in any case: 'rus' is
    Russia), with evidence, in `sort`'s order; and the total that match. `review`: 'answer' (all but the facts an
    analyst rejected), 'reviewed' (only those an analyst confirmed, edited or added), 'all'."""
    if sort and sort not in sortable(kind):
        raise ValueError(f"{kind} sort on {', '.join(sortable(kind))}, not {sort!r}")
    resolve = Resolver.of(store)
    rows, total = store.fact_page(kind, **_fact_query(store, kind, filters, start, end, document, actor, country),
                                  sort=sort, descending=descending, limit=limit, offset=offset, review=review)
    for r in rows:
        for k in FACT_KIND[kind].names:
            r[k] = resolve(r[k])
        if "actors" in r:
            r["actors"] = [resolve(a) for a in r["actors"]]
    return rows, total


def facets(store: Store, kind: str, filters: Optional[dict] = None, start: Optional[str] = None,
           end: Optional[str] = None, document: Optional[str] = None, actor: Optional[str] = None,
           country: Optional[str] = None, top: int = 8) -> dict[str, list[dict]]:
    """For each of the kind's facets (FactKind.facets), its most frequent values among the matching facts, with
    counts (names as the store resolves them)."""
    resolve = Resolver.of(store)
    spec = FACT_KIND[kind]
    counted = store.fact_facets(kind, spec.facets, top,
                                **_fact_query(store, kind, filters, start, end, document, actor, country))
    out: dict[str, list[dict]] = {}
    for col, pairs in counted.items():
        merged: dict = defaultdict(int)
        for value, n in pairs:
            merged[resolve(value) if col in spec.names else value] += n
        out[col] = [{"value": v, "count": n} for v, n in sorted(merged.items(), key=lambda kv: -kv[1])]
    return out


def _fact_query(store: Store, kind: str, filters: Optional[dict], start: Optional[str], end: Optional[str],
                document: Optional[str], actor: Optional[str], country: Optional[str]) -> dict:
    """The filters of a browse, checked and with names resolved, as Store.fact_page takes them."""
    spec = FACT_KIND[kind]   # KeyError: no such kind
    given = {k for k, v in (filters or {}).items() if v not in (None, "")} | \
        ({"country"} if country else set()) | ({"actor"} if actor else set())
    applicable = set(spec.all_filters)
    if given - applicable:
        raise ValueError(f"filter(s) {', '.join(sorted(given - applicable))} do not apply to {kind} "
                         f"(they take: {', '.join(sorted(applicable)) or 'document, from, to'})")
    for name, value in (("from", start), ("to", end)):
        if value and valid_date(value, future=True) is None:
            raise ValueError(f"'{name}' must be a real date YYYY[-MM[-DD]], not {value!r}")
    if not spec.dates and (start or end):
        raise ValueError(f"{kind} have no dates: 'from' and 'to' do not apply")
    resolve = Resolver.of(store)
    given_filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    names: dict[str, Collection[str]] = {k: resolve.names_for(v) for k, v in given_filters.items() if k in spec.names}
    equal = {k: v for k, v in given_filters.items() if k not in spec.names}
    surname = ("speaker", given_filters["speaker"]) if "speaker" in given_filters else None  # a full name or a surname
    prefixes = {k: v for k, v in given_filters.items() if k in spec.names}
    return {"names": names, "equal": equal, "surname": surname, "period": (start, end), "document": document,
            "either": resolve.names_for(country) if country else None,
            "actors": resolve.names_for(actor) if actor else None, "prefixes": prefixes}


def sortable(kind: str) -> tuple[str, ...]:
    """The columns a table of this kind may be sorted on."""
    spec = FACT_KIND[kind]
    return ("id", *spec.filters, *spec.sortable)


def entities(store: Store, type_: Optional[str] = None, q: Optional[str] = None, limit: int = 50,
             offset: int = 0) -> tuple[list[dict], int]:
    """Entities with the number of articles mentioning them, most mentioned first."""
    return store.entity_list(type_, q, limit, offset)


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
    names = resolve.names_for(recipient) if recipient else None
    news = _summary(store, named=True, recipients=names)
    deals = store.sipri_deals(names)
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
