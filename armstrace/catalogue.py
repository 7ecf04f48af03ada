"""The weapon catalogue: how designations are normalised and grouped into families, and how the package's
catalogue (armstrace/data/catalogue.csv) is built from SIPRI's trade register merged with the curated families
of armstrace/data/weapons.csv (`armstrace catalogue build`, or scripts/build-catalogue).

A family is what news calls a system (F-16, Mi-17, Gripen, K9); its variants are the exact designations
(F-16C Block-50, Mi-171E, JAS-39C Gripen); its category is one of the interchange schema's.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from .data import split_list

CATEGORIES = ("ballistic missile", "MLRS", "MANPADS", "loitering munition", "drone", "air defence", "armour",
              "aircraft", "artillery", "small arms", "general")

# SIPRI's weapon descriptions → the schema's categories (first match wins); ships, anti-ship, anti-tank and
# air-to-air missiles, engines, sensors and torpedoes are 'general' as the schema says
DESCRIPTION_CATEGORIES = [
    (r"loitering munition|one-way attack drone", "loitering munition"),
    (r"\bdrone\b|\bUAV\b|\bUCAV\b|unmanned", "drone"),
    (r"portable surface-to-air|portable SAM|MANPADS", "MANPADS"),
    (r"^(?!naval).*(?:surface-to-air|anti-aircraft|anti-ballistic|air[- ]defen[cs]e|\bSAM\b)", "air defence"),
    (r"multiple rocket launcher|guided rocket$|\bMRL\b", "MLRS"),
    (r"^surface-to-surface missile|ballistic missile(?! missile)", "ballistic missile"),
    (r"helicopter|aircraft$|aircraft/|airship", "aircraft"),
    (r"^(?!.*(?:turret|chassis|anti-tank)).*(?:\btank\b(?! destroyer turret)|armoured|armored|personnel carrier|fighting vehicle|"
     r"tank destroyer|fire-support vehicle|bridgelayer|\bUGV\b)", "armour"),
    (r"^(?:towed gun|self-propelled gun|self-propelled mortar|mortar|howitzer|guided shell|coastal defence gun)",
     "artillery"),
]
_SOVIET = {"Soviet Union": "Russia"}
# suffixes that name a build standard, not a different system
_STANDARD = re.compile(r"[\s-]+(?:Block|Batch|Update|Configuration|Flight|Tranche|Lot|Increment|Phase)[\s-]*[\w.]+$",
                       re.I)
_CALIBRE = re.compile(r"\s+\d+(?:\.\d+)?mm$")
# a code: letters and digits ('F-16C', 'Mi-171E', 'T-72MIM', '9M723', 'Type-054A'); its stem drops the letters
# after the last digit run ('F-16', 'Mi-171', 'T-72', 'Type-054')
_CODE = re.compile(r"^(?=[\w/-]*\d)[A-Za-z0-9][\w/-]*$")
_STEM = re.compile(r"^([A-Za-z]{1,12}(?:/[A-Za-z]{1,3})?-?\d+)[A-Za-z]{0,4}\d?(?:/[A-Za-z0-9]{1,3})?$")
_GENERIC = {"mk", "mod", "block", "batch", "chassis", "turret", "version", "apc", "ifv", "arv", "nato", "type",
            "class", "series", "system", "the"}


_KEY_NOISE = re.compile(r"[\s\-–‐.'’/]+")


def weapon_key(s: str) -> str:
    """A designation compared without case, spaces, hyphens, dots or apostrophes: 'K-9' = 'K9',
    'AKINCI' = 'Akinci', 'Bayraktar-TB2' = 'Bayraktar TB2'."""
    return _KEY_NOISE.sub("", s.casefold())


def code_stem(token: str) -> Optional[str]:
    """'F-16C' → 'F-16', 'Su-30MKI' → 'Su-30', 'T-90S' → 'T-90'; None when the token is not a code."""
    m = _STEM.match(token)
    return m.group(1) if m and m.group(1) != token else (token if m else None)


def category_of_description(description: str) -> str:
    d = description.strip()
    return next((c for pattern, c in DESCRIPTION_CATEGORIES if re.search(pattern, d, re.I)), "general")


@dataclass
class Family:
    family: str
    category: str
    origin: Optional[str]
    variants: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    source: str = "curated"          # curated | SIPRI | curated+SIPRI

    def names(self) -> Iterator[str]:
        yield self.family
        yield from self.variants
        yield from self.aliases


@dataclass(frozen=True)
class RegisterRow:
    recipient: str
    supplier: str
    designation: str
    description: str
    condition: str


def read_register(text: str) -> Iterator[RegisterRow]:
    """The deals of a SIPRI trade-register export (its preamble skipped)."""
    from .sipri import REGISTER_HEADER

    start = text.index(REGISTER_HEADER)
    for row in csv.reader(io.StringIO(text[start:])):
        if len(row) >= 12 and row[0] != "Recipient":
            yield RegisterRow(row[0].strip(), row[1].strip(), row[6].strip(), row[7].strip(), row[11].strip())


def read_curated(text: Optional[str] = None) -> list[Family]:
    """The hand-written families (armstrace/data/weapons.csv)."""
    if text is None:
        text = resources.files("armstrace.data").joinpath("weapons.csv").read_text("utf-8")
    rows = csv.reader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    next(rows)
    out = []
    for family, category, origin, variants, aliases in rows:
        out.append(Family(family, category, origin or None, split_list(variants), split_list(aliases)))
    return out


def read_catalogue(text: str) -> list[Family]:
    """A built catalogue (the format `write_catalogue` writes)."""
    rows = csv.reader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    next(rows)
    return [Family(f, c, o or None, split_list(v), split_list(a), s) for f, c, o, v, a, s in rows]


_MEASURE = re.compile(r"\d+(?:\.\d+)?(?:mm|cm|m|ft|t)$")
_MARK = re.compile(r"(?:Mk|Mod|Model)-?\d+\w*$", re.I)


def _parts(designation: str) -> tuple[Optional[str], list[str], str]:
    """(code stem, name words, family name) of a SIPRI designation: 'AGM-158A JASSM' → ('AGM-158', ['JASSM'],
    'AGM-158 JASSM'); 'Wing Loong-2' → ('Loong-2', ['Wing'], 'Wing Loong-2'); 'Chieftain Mk-5' → (None,
    ['Chieftain'], 'Chieftain'). Calibres and marks name no system."""
    d = _CALIBRE.sub("", _STANDARD.sub("", designation)).strip()
    toks = d.split()
    if len(toks) > 1:
        toks = [t for t in toks if not _MARK.match(t)] or toks
    code, names, shown = None, [], []
    for tok in toks:
        if _MEASURE.match(tok) and len(toks) > 1:
            continue
        if code is None and _CODE.match(tok):
            code = code_stem(tok) or tok
            shown.append(code)
        elif re.match(r"[A-Z][\w'-]*$", tok) and tok.lower() not in _GENERIC:
            names.append(tok)
            shown.append(tok)
    return code, names, " ".join(shown) or designation


def build(register_text: str, curated: Optional[list[Family]] = None) -> list[Family]:
    """Every designation of the register as a family with its variants, category and origin, merged with the
    curated families (which keep their names and categories; SIPRI's designations become their variants)."""
    curated = read_curated() if curated is None else curated
    by_key: dict[str, Family] = {}
    for fam in curated:
        for name in fam.names():
            by_key.setdefault(weapon_key(name), fam)
    groups: dict[tuple[str, str], list[RegisterRow]] = defaultdict(list)
    attached: dict[str, set[str]] = defaultdict(set)
    for row in read_register(register_text):
        if not row.designation:
            continue
        known = _curated_family(row.designation, category_of_description(row.description), by_key)
        if known is not None:
            attached[known.family].add(row.designation)
            continue
        code, names, _ = _parts(row.designation)
        key = weapon_key(code) if code else weapon_key(" ".join(names) or row.designation)
        groups[(key, category_of_description(row.description))].append(row)
    out: dict[str, Family] = {}
    for fam in curated:
        extra = sorted(d for d in attached.get(fam.family, ()) if weapon_key(d) not in
                       {weapon_key(n) for n in fam.names()})
        source = "curated+SIPRI" if attached.get(fam.family) else "curated"
        out[fam.family] = Family(fam.family, fam.category, fam.origin, fam.variants + extra, list(fam.aliases), source)
    for (_key, category), rows in sorted(groups.items()):
        fam = _sipri_family(rows, category)
        if fam.family in out:  # two groups that print alike (the same code in two categories): keep both apart
            fam.family = f"{fam.family} ({category})"
        out[fam.family] = fam
    return sorted(out.values(), key=lambda f: f.family.casefold())


def _curated_family(designation: str, category: str, by_key: dict[str, Family]) -> Optional[Family]:
    """The curated family a designation belongs to: the whole, without its build standard or calibre; or, for a
    system of the same category, its name words ('JAS-39C Gripen' → Gripen) or its code stem ('Su-30MKI' →
    Su-30). A different kind of system that shares a name ('PV-2 Harpoon', a bomber) stays apart."""
    d = _CALIBRE.sub("", _STANDARD.sub("", designation)).strip()
    for cand in (designation, d):
        if weapon_key(cand) in by_key:
            return by_key[weapon_key(cand)]
    code, names, _ = _parts(designation)
    numbered = re.sub(r"[-\s]\d+$", "", d)  # 'Akash-1' is a numbered version of the Akash
    for cand in (" ".join(names), code or "", *names, numbered if numbered != d else ""):
        fam = by_key.get(weapon_key(cand)) if cand and len(weapon_key(cand)) >= 2 else None
        if fam is not None and fam.category == category:
            return fam
    return None


def _sipri_family(rows: list[RegisterRow], category: str) -> Family:
    from .sipri import country

    designations = Counter(r.designation for r in rows)
    code, _, family = _parts(designations.most_common(1)[0][0])
    parts = [_parts(d) for d in designations.elements()]
    named = Counter(p[2] for p in parts if p[1])
    if named:  # 'P-3A Orion' and 'P-3C' print as 'P-3 Orion'
        family = named.most_common(1)[0][0]
    new = [r.supplier for r in rows if r.condition == "New"] or [r.supplier for r in rows]
    origin = Counter(country(_SOVIET.get(s, s)) for s in new).most_common(1)[0][0]
    aliases = {a for a in (code,) if a} | {n for p in parts for n in p[1] if len(n) >= 4}
    aliases |= {" ".join(p[1]) for p in parts if len(p[1]) > 1}
    variants = sorted(d for d in designations if weapon_key(d) != weapon_key(family))
    taken = {weapon_key(v) for v in variants} | {weapon_key(family)}
    return Family(family, category, origin, variants, sorted(a for a in aliases if weapon_key(a) not in taken),
                  "SIPRI")


HEADER = ("# The weapon catalogue armstrace reads: curated families (armstrace/data/weapons.csv) merged with every\n"
          "# designation of SIPRI's trade register. Source: SIPRI Arms Transfers Database (c) SIPRI, {source}.\n"
          "# Built by `armstrace catalogue build`; do not edit by hand (edit weapons.csv and rebuild).\n")


def write_catalogue(families: Iterable[Family], path: Path, source: str) -> int:
    buf = io.StringIO()
    buf.write(HEADER.format(source=source))
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["family", "category", "origin", "variants", "aliases", "source"])
    n = 0
    for f in families:
        w.writerow([f.family, f.category, f.origin or "", ";".join(f.variants), ";".join(f.aliases), f.source])
        n += 1
    path.write_text(buf.getvalue(), encoding="utf-8")
    return n


@dataclass
class Coverage:
    resolved: int
    total: int
    missing: list[str]

    @property
    def share(self) -> float:
        return self.resolved / self.total if self.total else 1.0


def coverage(register_text: str, lookup) -> Coverage:
    """How many of a register's distinct designations resolve (`lookup(designation)` → (family, category) or
    None) to a family with a category."""
    names = sorted({r.designation for r in read_register(register_text) if r.designation})
    missing = [n for n in names if not (lookup(n) or (None, None))[1]]
    return Coverage(len(names) - len(missing), len(names), missing)
