"""Exports of the whole store: entities, facts and evidence as CSV files, one JSON file, Parquet files, or a
GraphML network of who arms whom (actors as nodes, transfers as weighted edges) for Gephi or networkx."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from .analytics import Resolver, who_arms_whom
from .model import FACT_KIND
from .store import Store

FORMATS = ("csv", "json", "graphml", "parquet")


def csv_cell(value):
    """A CSV cell a spreadsheet opens as text: a string starting with = + - @ or a tab or return (which it would
    run as a formula) gets a leading apostrophe. Text from articles is never a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def facts_csv(store: Store, kind: str, first: list[dict], total: int,
              page: Callable[[int], tuple[list[dict], int]]) -> Iterator[str]:
    """Every fact of a query as CSV lines, a page at a time (`page(offset)`, starting from `first` of `total`):
    the kind's columns, then where each was reported (document id, title, date, URL) and its evidence."""
    cols = [c for c in store.fact_columns(kind) if c != "outlet"] + \
        ["outlet", "document_id", "title", "published", "url", "evidence"]
    buf = io.StringIO()
    writer = csv.writer(buf)

    def flush() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    writer.writerow(cols)
    yield flush()
    rows, offset = first, 0
    while rows:
        for r in rows:
            writer.writerow([csv_cell("; ".join(map(str, r[c])) if isinstance(r.get(c), list) else r.get(c))
                             for c in cols])
        yield flush()
        offset += len(rows)
        rows = page(offset)[0] if offset < total else []


def tables(store: Store) -> dict[str, list[dict]]:
    """Every table an analyst exports: entities (with aliases and documents), each kind of fact, evidence."""
    resolve = Resolver.of(store)
    out: dict[str, list[dict]] = {}
    ents: dict[int, dict] = {}
    for r in store.mention_rows():
        e = ents.setdefault(r["id"], {"name": resolve(r["name"]), "type": r["type"], "aliases": set(),
                                      "documents": set()})
        e["aliases"].add(r["alias"])
        e["documents"].add(r["document_id"])
    out["entities"] = [{"name": e["name"], "type": e["type"], "aliases": "; ".join(sorted(e["aliases"])),
                        "documents": len(e["documents"])} for e in ents.values()]
    out["documents"] = store.document_rows()
    out["evidence"] = store.evidence_rows()
    for kind, spec in FACT_KIND.items():
        rows = store.fact_rows(kind)
        for r in rows:
            for k in ("title", "url", "kind", "evidence_span"):
                r.pop(k, None)
            for k in spec.names:
                r[k] = resolve(r[k])
            for k, v in list(r.items()):
                if isinstance(v, list):
                    r[k] = "; ".join(map(str, v))
        out[kind] = rows
    return out


def gold_name(ex) -> str:
    """The file name (without extension) of a reviewed document in a gold folder."""
    return f"{ex.document.file_stem}_{ex.document.id[:8]}"


def export_gold(store: Store, out: Path) -> list[Path]:
    """The documents an analyst reviewed as gold annotations: OUT/gold/NAME.json (the interchange format, only
    the facts confirmed, edited or added) and OUT/articles/NAME.txt (the text), so that `armstrace eval OUT/gold
    OUT/articles` scores the extractor against the reviews."""
    written = []
    (out / "gold").mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    for _, ex in store.reviewed_extractions():
        name = gold_name(ex)
        data = ex.to_json()
        data["doc"]["file"] = f"{name}.txt"
        gold, text = out / "gold" / f"{name}.json", out / "articles" / f"{name}.txt"
        gold.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        text.write_text(ex.document.text, encoding="utf-8")
        written += [gold, text]
    return written


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the export; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})")
    if fmt == "graphml":
        out.parent.mkdir(parents=True, exist_ok=True)
        write_graphml(store, out)
        return [out]
    data = tables(store)
    if fmt == "json":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in data.items():
        if fmt == "csv":
            path = out / f"{name}.csv"
            cols = list(dict.fromkeys(k for r in rows for k in r)) or ["empty"]
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=cols)
                w.writeheader()
                w.writerows({k: csv_cell(v) for k, v in r.items()} for r in rows)
        else:
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError as e:
                raise RuntimeError("Parquet export needs pyarrow: pip install 'armstrace[parquet]'") from e
            path = out / f"{name}.parquet"
            cols = list(dict.fromkeys(k for r in rows for k in r))
            pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows]), path)
        written.append(path)
    return written


def write_graphml(store: Store, path: Path) -> None:
    """Actors as nodes (with transfer volume), fused transfers as edges supplier → recipient, weight = number
    of distinct transfers, with systems, known value and number of sources."""
    edges: dict[tuple[str, str], dict] = {}
    volume: dict[str, int] = {}
    for r in who_arms_whom(store).rows:
        key = (r["supplier"], r["recipient"])
        edges[key] = {"weight": r["transfers"], "systems": {s for s in r["systems"].split(", ") if s},
                      "value": r["known_value_usd"] or 0.0, "sources": r["documents"]}
        for n in key:
            volume[n] = volume.get(n, 0) + r["transfers"]
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    for kid, target, name, typ in (("d0", "node", "label", "string"), ("d1", "node", "volume", "int"),
                                   ("d2", "edge", "weight", "double"), ("d3", "edge", "systems", "string"),
                                   ("d4", "edge", "known_value_usd", "double"), ("d5", "edge", "sources", "int")):
        ET.SubElement(root, f"{{{ns}}}key", id=kid, attrib={"for": target, "attr.name": name, "attr.type": typ})
    g = ET.SubElement(root, f"{{{ns}}}graph", id="who-arms-whom", edgedefault="directed")
    for name, vol in sorted(volume.items()):
        node = ET.SubElement(g, f"{{{ns}}}node", id=name)
        ET.SubElement(node, f"{{{ns}}}data", key="d0").text = name
        ET.SubElement(node, f"{{{ns}}}data", key="d1").text = str(vol)
    for i, ((a, b), e) in enumerate(sorted(edges.items())):
        edge = ET.SubElement(g, f"{{{ns}}}edge", id=f"e{i}", source=a, target=b)
        ET.SubElement(edge, f"{{{ns}}}data", key="d2").text = str(float(e["weight"]))
        ET.SubElement(edge, f"{{{ns}}}data", key="d3").text = ", ".join(sorted(e["systems"]))
        ET.SubElement(edge, f"{{{ns}}}data", key="d4").text = str(e["value"])
        ET.SubElement(edge, f"{{{ns}}}data", key="d5").text = str(e["sources"])
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
