"""SIPRI's two exports: the trade register (one row per deal) and the TIV tables (one per supplier: recipients ×
years of trend-indicator values).

Register rows become transfers with source 'SIPRI' (kept apart from what news articles say), each with the
register line itself as evidence; designations map onto the weapon catalogue ('9M723 Iskander' → Iskander).
The register's 'status' is the weapon's condition (new / second hand); the deal's stage follows from the numbers
ordered and delivered. TIV tables fill `sipri_tiv`, which the share question uses when present.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .ingest import decode
from .model import Document, Evidence, Extraction, Money, Period, Transfer, TransferStatus, content_id
from .store import Store

REGISTER_HEADER = "Recipient,Supplier,Year of order"
_TIV_TITLE = re.compile(r'^"?TIV of arms exports from (?P<supplier>.+?), (?P<y1>\d{4})-(?P<y2>\d{4})"?')
@dataclass
class ImportReport:
    path: str
    kind: str
    rows: int = 0
    imported: int = 0
    skipped: list[str] = field(default_factory=list)


def country(name: str) -> str:
    """A SIPRI name in the gazetteer's canonical form; SIPRI's own name (markers removed) if unknown."""
    from .pipeline.knowledge import knowledge

    clean = name.strip().rstrip("*").strip()
    k = knowledge()
    a = k.aliases.get(clean)
    if a and a.type == "country":
        return a.canonical
    return clean


def weapon(designation: str, description: str) -> tuple[Optional[str], Optional[str], str]:
    """(family, variant, category) of a SIPRI designation, by the catalogue (built from the register, so it holds
    every designation of the export it was built from); a designation newer than the catalogue is looked up by
    its parts ('9M723 Iskander' → Iskander), else keeps SIPRI's name, its category from SIPRI's description."""
    from .catalogue import category_of_description, weapon_key
    from .pipeline.knowledge import knowledge

    k = knowledge()
    hit = k.weapon(designation)
    if hit is None:
        for part in sorted(re.split(r"[\s/]+", designation), key=len, reverse=True):
            hit = k.weapon(part) if len(part) > 2 else None
            if hit:
                break
    if hit is None:
        return designation, None, category_of_description(description)
    family, variant = hit
    if variant is None and weapon_key(designation) != weapon_key(family):
        variant = designation
    return family, variant, k.category_of(family) or category_of_description(description)


def _int(s: str) -> Optional[int]:
    s = (s or "").strip().rstrip("?").strip()
    try:
        return int(float(s))
    except ValueError:
        return None


def _float(s: str) -> Optional[float]:
    try:
        return float((s or "").strip())
    except ValueError:
        return None


def detect(text: str) -> Optional[str]:
    head = text[:5000]
    if _TIV_TITLE.match(head.lstrip()):
        return "tiv"
    if REGISTER_HEADER in head:
        return "register"
    return None


def read_text(path: Path) -> str:
    text = decode(path.read_bytes())
    if not isinstance(text, str):
        raise ValueError(f"{path}: {text.reason}")
    return text


def import_file(store: Store, path: Path) -> ImportReport:
    text = read_text(path)
    kind = detect(text)
    if kind == "register":
        return import_register(store, path, text)
    if kind == "tiv":
        return import_tiv(store, path, text)
    raise ValueError(f"{path}: not a SIPRI export (neither the trade register nor a TIV table)")


def import_register(store: Store, path: Path, text: str) -> ImportReport:
    """Every deal of the register as a SIPRI transfer, in one document whose text is the file."""
    report = ImportReport(str(path), "register")
    start = text.index(REGISTER_HEADER)
    generated = re.search(r"Data generated:\s*(\d{1,2} \w+ \d{4})", text[:start])
    from .dates import parse_date

    doc = Document(id=content_id(text), text=text, title=f"SIPRI trade register ({path.name})", title_how="metadata",
                   outlet="SIPRI", published=parse_date(generated.group(1)) if generated else None,
                   published_how="metadata" if generated else "unknown", source_path=str(path), format="csv")
    transfers: list[Transfer] = []
    pos = start
    lines = text[start:].split("\n")
    pos += len(lines[0]) + 1
    for line in lines[1:]:
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        report.rows += 1
        try:
            row = next(csv.reader(io.StringIO(line)))
        except (csv.Error, StopIteration):
            report.skipped.append(f"line at character {line_start}: not CSV")
            continue
        if len(row) < 12:
            report.skipped.append(f"line at character {line_start}: {len(row)} columns, expected 16")
            continue
        (recipient, supplier, order_year, _, n_ordered, _, designation, description, n_delivered, _, delivery_years,
         condition) = row[:12]
        tiv_total = _float(row[14]) if len(row) > 14 else None
        years = [int(y) for y in re.findall(r"\d{4}", delivery_years)]
        ordered, delivered = _int(n_ordered), _int(n_delivered)
        status: TransferStatus
        if delivered and (ordered is None or delivered >= ordered):
            status = "delivered"
        elif delivered:
            status = "ongoing"  # partly delivered
        else:
            status = "ordered"
        family, variant, category = weapon(designation, description)
        oy = _int(order_year)
        first = str(oy) if oy else (str(min(years)) if years else None)
        last = str(max(years)) if years else first
        end = line_start + len(line.rstrip("\r"))
        transfers.append(Transfer(
            supplier=country(supplier), recipient=country(recipient), weapon=family, variant=variant,
            category=category, quantity=ordered if ordered is not None else delivered,
            value=Money(amount=tiv_total * 1e6, currency="TIV") if tiv_total else None,
            period=Period(start=first, end=last) if first else None, status=status,
            evidence=[Evidence(document_id=doc.id, start=line_start, end=end, text=text[line_start:end])]))
    store.save(Extraction(document=doc, transfers=transfers), source="SIPRI")
    report.imported = len(transfers)
    return report


def import_tiv(store: Store, path: Path, text: str) -> ImportReport:
    """One supplier's TIV table: (supplier, recipient, year, TIV) rows, replacing that supplier's earlier rows."""
    m = _TIV_TITLE.match(text.lstrip())
    if m is None:
        raise ValueError(f"{path}: not a TIV table (no 'TIV of arms exports from …' title)")
    supplier = country(m.group("supplier"))
    report = ImportReport(str(path), "tiv")
    rows = list(csv.reader(io.StringIO(text)))
    header_i = next((i for i, r in enumerate(rows) if len(r) > 2 and re.fullmatch(r"\d{4}", r[1].strip())), None)
    if header_i is None:
        raise ValueError(f"{path}: no row of years in the TIV table")
    years = [(i, int(c)) for i, c in enumerate(rows[header_i]) if re.fullmatch(r"\d{4}", c.strip())]
    values = []
    for r in rows[header_i + 1:]:
        if not r or not r[0].strip() or r[0].strip().lower() == "total":
            continue
        report.rows += 1
        recipient = country(r[0])
        for i, year in years:
            v = _float(r[i]) if i < len(r) else None
            if v is not None:
                values.append({"recipient": recipient, "year": year, "tiv": v})
    store.replace_tiv(supplier, values)
    report.imported = len(values)
    return report


def tiv_shares(store: Store, recipient: str, start: int, end: int) -> list[dict]:
    """Each supplier's share of the TIV delivered to `recipient` in [start, end] (SIPRI's own method)."""
    rows = store.tiv_by_supplier(recipient, start, end)
    total = sum(v for _, v in rows)
    return [{"supplier": s, "tiv": v, "share_percent": round(100 * v / total, 1)}
            for s, v in sorted(rows, key=lambda r: -r[1]) if total and v]
