"""A self-contained HTML report an analyst can mail: the who-arms-whom network, the timeline and both-sides
suppliers of the main rivalry, disputes, every fused transfer, and every article with each fact's evidence
highlighted (each fact links to its sentence). No scripts, no external files; all text is escaped."""
from __future__ import annotations

import math
import re
from collections import Counter
from html import escape
from itertools import combinations
from pathlib import Path
from typing import Optional

from . import analytics as an
from .store import Store

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#1d2330}
h1{font-size:1.6em}h2{border-bottom:2px solid #d8dde8;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border-bottom:1px solid #e3e7ef;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f5f9}mark{background:#ffe58a;padding:0 .1em}
.doc{white-space:pre-wrap;border:1px solid #e3e7ef;padding:1em;border-radius:4px;background:#fcfcfd}
.muted{color:#66708a}.kind{font-size:.8em;color:#3b5b9a;text-transform:uppercase}
svg text{font-size:12px;fill:#1d2330}
"""


def _rivals(store: Store) -> Optional[tuple[str, str]]:
    """The pair of states that fight each other most often in the store's events."""
    pairs: Counter = Counter()
    rows = store.fact_rows("events", type=("war", "armed clash"))
    countries = _countries(store)
    for r in rows:
        acts = sorted({a for a in r["actors"] if a in countries})
        for pair in combinations(acts, 2):
            pairs[pair] += 1
    return pairs.most_common(1)[0][0] if pairs else None


def _countries(store: Store) -> set[str]:
    return set(store.entity_names("country"))


def _value_range(f: dict) -> str:
    lo, hi = f["value_min"], f["value_max"]
    return "" if hi is None else f"{hi:,.0f}" if lo in (None, hi) else f"{lo:,.0f}–{hi:,.0f}"


def _network_svg(rows: list[dict], size: int = 640) -> str:
    nodes: Counter = Counter()
    for r in rows:
        nodes[r["supplier"]] += r["transfers"]
        nodes[r["recipient"]] += r["transfers"]
    if not nodes:
        return "<p class=muted>No transfers yet.</p>"
    names = [n for n, _ in nodes.most_common()]
    c, radius = size / 2, size / 2 - 90
    pos = {n: (c + radius * math.cos(2 * math.pi * i / len(names) - math.pi / 2),
               c + radius * math.sin(2 * math.pi * i / len(names) - math.pi / 2)) for i, n in enumerate(names)}
    top = max(nodes.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
             'role="img" aria-label="who arms whom">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#7a8bb0"/></marker></defs>']
    for r in rows:
        (x1, y1), (x2, y2) = pos[r["supplier"]], pos[r["recipient"]]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        r2 = 8 + 18 * math.sqrt(nodes[r["recipient"]] / top)
        x2, y2 = x2 - dx / d * (r2 + 3), y2 - dy / d * (r2 + 3)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7a8bb0" '
                     f'stroke-width="{1 + 1.5 * math.log1p(r["transfers"]):.1f}" marker-end="url(#arrow)">'
                     f'<title>{escape(r["supplier"])} → {escape(r["recipient"])}: {r["transfers"]} transfer(s); '
                     f'{escape(r["systems"] or "")}</title></line>')
    for n, (x, y) in pos.items():
        rr = 8 + 18 * math.sqrt(nodes[n] / top)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rr:.1f}" fill="#3b5b9a" fill-opacity=".85">'
                     f'<title>{escape(n)}: {nodes[n]}</title></circle>'
                     f'<text x="{x:.1f}" y="{y + rr + 14:.1f}" text-anchor="middle">{escape(n)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _anchor(src: dict) -> str:
    return f"ev-{src['kind']}-{src['fact_id']}"


def _links(sources: list[dict]) -> str:
    return " ".join(f'<a href="#{_anchor(s)}" data-doc="{escape(s["document_id"])}" title="{escape(s.get("evidence") or "")}">'
                    f'{escape(s.get("outlet") or s["document_id"][:8])}{" " + escape(s["published"]) if s.get("published") else ""}'
                    f'</a>' for s in sources)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _highlighted(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The article text, escaped, with each evidence span in <mark> and an anchor per fact."""
    spans = sorted(spans)
    out, pos, i = [], 0, 0
    while i < len(spans):
        s, e, _ = spans[i]
        anchors = []
        j = i
        while j < len(spans) and spans[j][0] < e:  # overlapping spans share one mark
            e = max(e, spans[j][1])
            anchors.append(spans[j][2])
            j += 1
        s = max(s, pos)
        out.append(escape(text[pos:s]))
        out.append("".join(f'<a id="{a}"></a>' for a in anchors) + f"<mark>{escape(text[s:e])}</mark>")
        pos, i = max(pos, e), j
    out.append(escape(text[pos:]))
    return "".join(out)


GENERATOR = '<meta name=generator content="armstrace report">'   # how run knows a file it may replace
TOP = 40          # rows of each list: the report summarises, the dashboard and the CLI have the rest
MAX_ARTICLES = 200   # articles quoted in full (those the lists link to first)


def _more(shown: int, total: int, where: str) -> str:
    return f"<p class=muted>The {shown} largest of {total}; all of them: {escape(where)}.</p>" if total > shown else ""


def build_report(store: Store) -> str:
    """A summary that stays readable on a big store: top lists with links to the evidence, the articles those
    links quote (not every article), and where to find the rest."""
    counts = store.counts()
    waw = an.who_arms_whom(store)
    rivals = _rivals(store)
    top = waw.rows[:TOP]
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8>{GENERATOR}<title>armstrace report</title>"
             f"<style>{CSS}</style></head><body><h1>armstrace report</h1>",
             f"<p class=muted>{store.document_count(articles_only=True)} articles · {counts['transfers']} transfers · "
             f"{counts['events']} events · {counts['quotes']} quotes · {counts['statistics']} statistics · "
             f"{counts['evidence']} evidence spans</p>",
             "<h2 id=network>Who arms whom</h2>", _network_svg(top),
             _table(waw.columns, [[escape(str(r[c])) if r[c] is not None else "" for c in waw.columns] for r in top]),
             _more(len(top), len(waw.rows), "armstrace query who-arms-whom, or the dashboard")]
    if rivals:
        a, b = rivals
        both = an.both_sides(store, a, b)
        parts.append(f"<h2 id=both-sides>Suppliers arming both {escape(a)} and {escape(b)}</h2>")
        parts.append(_table(["supplier", "articles", f"to {a}", f"to {b}"], [
            [escape(r["supplier"]), str(r["documents"]),
             escape(r[f"arms {a}"]) + "<br>" + _links(r["evidence"][a]),
             escape(r[f"arms {b}"]) + "<br>" + _links(r["evidence"][b])] for r in both.rows]))
        tl = an.timeline(store, a, b, limit=TOP)
        parts.append(f"<h2 id=timeline>Timeline of {escape(a)} and {escape(b)}</h2>")
        parts.append(_table(["when", "what", "who", "summary", "sources"], [
            [escape(r["start"] + ("" if r["end"] in (None, r["start"]) else f" – {r['end']}")),
             f'<span class=kind>{escape(r["kind"])}</span>', escape(r["actors"]), escape(r["summary"] or ""),
             _links(r["evidence"])] for r in tl.rows]))
    disp = an.disputes(store, limit=TOP)
    parts.append("<h2 id=disputes>Disputes</h2>")
    parts.append(_table(["kind", "claim", "asserted by", "disputed by", "sources"], [
        [escape(r["kind"]), escape(r["claim"]), escape(r["asserted_by"]), escape(r["disputed_by"]),
         _links(r["evidence"])] for r in disp.rows]) if disp.rows else "<p class=muted>None found.</p>")
    fused = an.fused_transfers(store, limit=TOP)
    parts.append("<h2 id=transfers>Transfers, the most reported</h2>")
    parts.append(_table(["supplier", "recipient", "system", "status", "value (USD)", "period", "reports", "evidence"], [
        [escape(f["supplier"] or ""), escape(f["recipient"] or ""), escape(an.label(f)), escape(f["status"] or ""),
         escape(_value_range(f)), escape(f"{f['period_start'] or '?'}–{f['period_end'] or '?'}"
                                         if f["period_start"] or f["period_end"] else ""),
         str(f["reports"]), _links(f["sources"])] for f in fused]))
    if len(fused) == TOP:
        parts.append(f"<p class=muted>The {TOP} most reported; all of them: the dashboard's transfers table, or "
                     f"<code>armstrace export</code>.</p>")
    linked = list(dict.fromkeys(re.findall(r'href="#ev-\w+-\d+" data-doc="([0-9a-f]+)"', "".join(parts))))
    docs = store.document_rows(with_text=True, originals_only=True, articles_only=True)
    order = {doc_id: i for i, doc_id in enumerate(linked)}
    docs.sort(key=lambda d: (order.get(d["id"], len(order)), d["published"] or "", d["id"]))
    quoted, listed = docs[:MAX_ARTICLES], docs[MAX_ARTICLES:]
    wanted = {d["id"] for d in quoted}
    spans_by_doc: dict[str, list] = {}
    for r in store.evidence_rows():
        if r["document_id"] in wanted:
            spans_by_doc.setdefault(r["document_id"], []).append((r["char_start"], r["char_end"],
                                                                 f"ev-{r['fact_kind']}-{r['fact_id']}"))
    parts.append("<h2 id=articles>Articles</h2>")
    if listed:
        parts.append(f"<p class=muted>{len(quoted)} articles quoted in full (those the lists above cite first); "
                     f"the other {len(listed)}: <code>armstrace docs</code>, or the dashboard.</p>")
    for d in quoted:
        meta = " · ".join(escape(x) for x in (d["outlet"], d["author"], d["published"]) if x)
        parts.append(f'<h3 id="doc-{d["id"]}">{escape(d["title"] or d["id"])}</h3><p class=muted>{meta}</p>'
                     f'<div class=doc>{_highlighted(d["text"], spans_by_doc.get(d["id"], []))}</div>')
    parts.append("</body></html>")
    return "".join(parts)


class ReportExists(FileExistsError):
    pass


def write_report(store: Store, path: Path, replace: bool = True) -> Path:
    """Write the report to path (its absolute form is returned). A file there that is not an armstrace report is
    never replaced; an earlier report is, unless `replace` is False."""
    path = path.expanduser().resolve()
    if path.exists():
        head = path.read_bytes()[:400] if path.is_file() else b""
        if GENERATOR.encode() not in head:
            raise ReportExists(f"{path} exists and is not an armstrace report: not replaced (choose another path)")
        if not replace:
            raise ReportExists(f"{path} exists: not replaced")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(build_report(store), encoding="utf-8")
    tmp.replace(path)   # a reader never sees half a report
    return path
