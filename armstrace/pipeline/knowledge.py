"""Domain knowledge loaded once: countries (demonyms, capitals, metonyms), organisations, places, public
figures, weapon systems and generic weapon terms. All of it lives in data files under armstrace/data."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class Alias:
    canonical: str
    type: str        # entity type of the model
    kind: str        # name | demonym | capital | metonym | variant | acronym


@dataclass
class WeaponSystem:
    family: str
    category: str
    origin: Optional[str]
    variants: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    name: str
    country: Optional[str]
    role: Optional[str]


def _lines(name: str):
    for line in resources.files("armstrace.data").joinpath(name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("|")]


def _split(s: str) -> list[str]:
    return [x.strip() for x in s.split(";") if x.strip()]


class Knowledge:
    def __init__(self):
        self.aliases: dict[str, Alias] = {}
        self.countries: dict[str, dict] = {}
        self.people: dict[str, Person] = {}
        self.weapons: dict[str, WeaponSystem] = {}
        self.weapon_aliases: dict[str, tuple[str, Optional[str]]] = {}  # surface → (family, variant)
        self.weapon_terms: dict[str, str] = {}
        for name, other, demonyms, capitals, metonyms in _lines("countries.txt"):
            self.countries[name] = {"demonyms": _split(demonyms), "capitals": _split(capitals)}
            self._add(name, name, "country", "name")
            for a in _split(other):
                self._add(a, name, "country", "name")
            for a in _split(demonyms):
                self._add(a, name, "country", "demonym")
            for a in _split(capitals):
                self._add(a, name, "country", "capital")
            for a in _split(metonyms):
                self._add(a, name, "country", "metonym")
        self.media: set[str] = set()
        for name, type_, aliases, media in _lines("organizations.txt"):
            if media:
                self.media.add(name)
            self._add(name, name, type_, "name")
            for a in _split(aliases):
                self._add(a, name, type_, "acronym" if a.isupper() else "name")
        for name, aliases in _lines("places.txt"):
            self._add(name, name, "place", "name")
            for a in _split(aliases):
                self._add(a, name, "place", "name")
        self.person_forms: dict[str, list[str]] = {}
        for name, country, role, aliases in _lines("people.txt"):
            p = Person(name, country or None, role or None)
            self.people[name] = p
            self.person_forms[name] = _split(aliases)
            self._add(name, name, "person", "name")
            for a in _split(aliases):
                self._add(a, name, "person", "name")
        rows = csv.reader(line for line in resources.files("armstrace.data").joinpath("weapons.csv")
                          .read_text("utf-8").splitlines() if line.strip() and not line.startswith("#"))
        next(rows)
        for family, category, origin, variants, aliases in rows:
            ws = WeaponSystem(family, category, origin or None, _split(variants), _split(aliases))
            self.weapons[family] = ws
            self.weapon_aliases.setdefault(family, (family, None))
            for v in ws.variants:
                self.weapon_aliases.setdefault(v, (family, v))
            for a in ws.aliases:
                # a designation naming a variant (9K338 Igla-S) keeps that variant
                variant = next((v for v in ws.variants if v in a), None)
                self.weapon_aliases.setdefault(a, (family, variant))
        for term, category in _lines("weapon_terms.txt"):
            self.weapon_terms[term.lower()] = category
        self._weapon_names = list(self.weapon_aliases)

    def _add(self, surface: str, canonical: str, type_: str, kind: str) -> None:
        # the first listing wins: a country's name is not overwritten by an organisation's alias
        self.aliases.setdefault(surface, Alias(canonical, type_, kind))

    # ---- lookups -------------------------------------------------------------------------------
    def weapon(self, surface: str, fuzzy: bool = True) -> Optional[tuple[str, Optional[str]]]:
        """(family, variant) for a surface form: exact, then plural-stripped, then fuzzy (misspellings)."""
        s = surface.strip()
        for cand in (s, s[:-1] if s.endswith("s") else s, s[:-2] if s.endswith("es") else s):
            if cand in self.weapon_aliases:
                return self.weapon_aliases[cand]
        if fuzzy and len(s) >= 5 and s[0].isupper():
            hit = process.extractOne(s, self._weapon_names, scorer=fuzz.ratio, score_cutoff=85)
            if hit and hit[0][0].lower() == s[0].lower():
                return self.weapon_aliases[hit[0]]
        return None

    def category_of(self, family: Optional[str]) -> Optional[str]:
        return self.weapons[family].category if family in self.weapons else None

    def is_country(self, name: Optional[str]) -> bool:
        return name in self.countries


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return Knowledge()


@lru_cache(maxsize=1)
def alias_pattern() -> re.Pattern:
    """One alternation of every gazetteer surface form (longest first), case-sensitive, on word boundaries.
    Single-word capitals and country names also match in capitals ('MOSCOW–' datelines)."""
    k = knowledge()
    forms = set(k.aliases) | set(k.weapon_aliases)
    forms |= {f.upper() for f, a in k.aliases.items() if a.type == "country" and " " not in f and a.kind != "demonym"}
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


@lru_cache(maxsize=1)
def weapon_plural_pattern() -> re.Pattern:
    """Plurals of catalogued names: 'Iskanders', 'Ada-class corvettes'."""
    names = sorted(knowledge().weapon_aliases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?:s|es)(?![\w-])")


@lru_cache(maxsize=1)
def term_pattern() -> re.Pattern:
    terms = sorted(knowledge().weapon_terms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.I)
