"""Domain knowledge loaded once from the data files under armstrace/data: countries (demonyms, capitals,
metonyms), organisations, arms producers and agencies with their home states, institutions (armed forces,
ministries), places, public figures, the weapon catalogue and words for kinds of weapons.

Surface forms are found by token lookup (`PhraseIndex`), linear in the text's length whatever the number of
forms; weapon designations are compared by `catalogue.weapon_key` (case, hyphens and spaces ignored).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from ..catalogue import Family, code_stem, read_catalogue, read_curated, weapon_key
from ..data import read_rows, split_list


@dataclass(frozen=True)
class Alias:
    canonical: str
    type: str                    # country | organization | armed group | place | person
    kind: str                    # name | demonym | capital | metonym | acronym
    state: Optional[str] = None  # the state an organisation stands for (a company's home, a state's own body)
    media: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    country: Optional[str]
    role: Optional[str]


@dataclass(frozen=True)
class Institution:
    kind: str      # Army, Navy, Ministry of Defence, Government ...
    entity: bool   # an organisation of its own (False: only its state, as 'the Japanese government')


# a word: letters and digits joined by hyphens, dots (U.S.), ampersands, apostrophes and slashes; a possessive
# 's is a token of its own, so "Russia's" is 'Russia' + "'s"
_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)+\.?|[^\W_]+(?:[-–&'’/][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


def tokens(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int, str]]:
    """(start, end, text) of each word of text[start:end], possessive endings split off. A whole text's words are
    kept for the next caller (the gazetteer's readers go over the same text one after the other): do not change
    the list."""
    if start == 0 and end is None:
        return _text_tokens(text)
    return _tokens(text, start, end)


@lru_cache(maxsize=1)
def _text_tokens(text: str) -> list[tuple[int, int, str]]:
    return _tokens(text, 0, None)


def _tokens(text: str, start: int, end: Optional[int]) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        s, e, w = m.start(), m.end(), m.group(0)
        p = _POSSESSIVE.search(w)
        if p and len(w) > 2:
            out.append((s, e - 2, w[:-2]))
            out.append((e - 2, e, "'s"))
        else:
            out.append((s, e, w))
    return out


class PhraseIndex:
    """Phrases looked up by their words, longest first, left to right: O(words × matched length), through a set
    of every phrase's prefixes."""

    def __init__(self):
        self.entries: dict[tuple[str, ...], object] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.longest = 1

    def add(self, phrase: str, payload: object) -> None:
        key = tuple(w for _, _, w in _tokens(phrase, 0, None))
        if key and key not in self.entries:  # the first listing wins
            self.entries[key] = payload
            self.prefixes.update(key[:n] for n in range(1, len(key) + 1))
            self.longest = max(self.longest, len(key))

    def get(self, phrase: str):
        return self.entries.get(tuple(w for _, _, w in _tokens(phrase, 0, None)))

    def find(self, text: str, start: int = 0, end: Optional[int] = None,
             variants=lambda w: ()) -> Iterator[tuple[int, int, object]]:
        toks = tokens(text, start, end)
        entries, prefixes = self.entries, self.prefixes
        i, n_toks = 0, len(toks)
        while i < n_toks:
            hit, j = None, i
            key: tuple[str, ...] = ()
            while j < n_toks:
                if j > i:
                    gap = text[toks[j - 1][1]:toks[j][0]]
                    if (len(gap) > 2 and gap.strip() != "&") or "\n" in gap:
                        break  # a name stays on one line, its words one space (or ' & ') apart
                key += (toks[j][2],)
                if key not in prefixes:
                    break
                if key in entries:
                    hit = (j, entries[key])
                j += 1
            if hit is None:
                payload = next((entries[(v,)] for v in variants(toks[i][2]) if (v,) in entries), None)
                hit = (i, payload) if payload is not None else None
            if hit:
                yield toks[i][0], toks[hit[0]][1], hit[1]
                i = hit[0] + 1
            else:
                i += 1


@dataclass(frozen=True)
class WeaponHit:
    start: int
    end: int
    family: str
    variant: Optional[str]
    in_context: bool     # followed by a word for a kind of weapon, counted, or a '-class' ship


_STOP_CODES = {"g7", "g8", "g20", "p5", "e3", "covid19", "mh17", "k12", "h1b", "f1", "a4", "a5", "b2b", "m1"}
_DESIGNATION_START = re.compile(r"[A-Z0-9]")
_BLOCK = re.compile(r"\s+(?:Block|Batch|Flight|Tranche|Increment)\s+[\w.]+", re.I)
_CLASS = re.compile(r"-class$")
_VARIANT_CODE = re.compile(r"\s\d+([A-Za-z]{1,3})$")   # a last word of digits and a variant's letters
_HAS_DIGIT = re.compile(r"\d")


class WeaponCatalogue:
    """Families with their variants and aliases; `find` locates them in a text. Designations the curated list
    does not know and that are plain words ('Hunt', 'Spartan') count only next to a word for a weapon."""

    def __init__(self, families: list[Family], ambiguous: frozenset[str] = frozenset(),
                 generic_words: frozenset[str] = frozenset()):
        self.families: dict[str, Family] = {}
        self.keys: dict[str, tuple[str, Optional[str], bool]] = {}  # key → (family, variant, needs context)
        self._homonyms: dict[str, list[str]] = {}   # key → every family that name can mean ('Lynx')
        ranks: dict[str, tuple[bool, bool]] = {}
        for f in families:
            self.families[f.family] = f
            curated = f.source.startswith("curated")
            for name, variant in [(f.family, None)] + [(v, v) for v in f.variants] + [(a, None) for a in f.aliases]:
                key = weapon_key(name)
                if len(key) < 2 or key in _STOP_CODES or (not curated and (key in generic_words or key.isdigit())):
                    continue  # (a bare number from the register, '20' or '53-65', reads as a number)
                needs = (not curated and (not re.search(r"\d", name) or len(key) <= 3)) or key in ambiguous
                # a designation naming a variant ('9K338 Igla-S') keeps that variant; another designation of the
                # family ('MBT-2000' for VT-1) is itself the variant the text names
                if variant is None and name != f.family:
                    variant = next((v for v in f.variants if weapon_key(v) in key), None)
                    if variant is None and re.search(r"\d", name) and weapon_key(name) not in weapon_key(f.family):
                        variant = name
                same = self._homonyms.setdefault(key, [])
                if f.family not in same:
                    same.append(f.family)
                # a name that needs no context beats one that does; then a curated family's beats the register's
                # ('Stinger' is the FIM-92, not the AC-119 gunship SIPRI also calls Stinger)
                rank = (not needs, curated)
                if key not in self.keys or rank > ranks[key]:
                    self.keys[key], ranks[key] = (f.family, variant, needs), rank
        # the beginnings of every key, so that a word no designation of several words starts with is looked up
        # alone ('Rafale' + "'s" is 'rafales': the 'e' ending of a key counts as a beginning too)
        self._starts = {k[:n] for k in self.keys for n in range(1, len(k) + 1)} | {k + "e" for k in self.keys}

    def lookup(self, surface: str) -> Optional[tuple[str, Optional[str]]]:
        """(family, variant) of a designation: itself, its singular, or its code's stem ('F-15EX' → F-15)."""
        hit = self._lookup(surface)
        return (hit[0], hit[1]) if hit else None

    def _lookup(self, surface: str) -> Optional[tuple[str, Optional[str], bool]]:
        key = weapon_key(surface)
        if key in _STOP_CODES:
            return None
        for k in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
            if k and k in self.keys:
                return self.keys[k]
        stem = code_stem(surface.rstrip("s")) if _HAS_DIGIT.search(surface) else None
        if stem and stem != surface and weapon_key(stem) in self.keys:
            family, _, needs = self.keys[weapon_key(stem)]
            return family, surface.rstrip("s") if not surface.endswith("Ss") else surface, needs
        last = _VARIANT_CODE.search(surface)  # 'Type 212CD': the family's number with a variant's letters
        if last and " " in surface and key[:len(key) - len(last.group(1))] in self.keys:
            family, _, needs = self.keys[key[:len(key) - len(last.group(1))]]
            return family, surface, needs
        return None

    def homonym(self, family: str, surface: str, category: Optional[str] = None,
                origin: Optional[str] = None) -> Optional[str]:
        """The other family a name means when the text says what it is or who makes it: 'Lynx' with
        'vehicles' and a German maker is the KF-41, not the French armoured car or the Israeli rocket launcher."""
        others = [self.families[f] for f in self._homonyms.get(weapon_key(surface), []) if f != family]
        me = self.families.get(family)
        if not others or me is None:
            return None
        fits = lambda f: (category is None or f.category == category) and (origin is None or f.origin == origin)  # noqa: E731
        if fits(me):
            return None
        hits = [f for f in others if fits(f)]
        return hits[0].family if len(hits) == 1 else None

    def find(self, text: str) -> list[WeaponHit]:
        toks = tokens(text)
        out: list[WeaponHit] = []
        i = 0
        while i < len(toks):
            hit = None
            if not _DESIGNATION_START.match(toks[i][2]):
                i += 1  # a designation starts with a capital or a digit: most words are passed over here
                continue
            longest = min(4, len(toks) - i) if weapon_key(toks[i][2]) in self._starts else 1
            for n in range(longest, 0, -1):
                window = toks[i:i + n]
                if any(text[a[1]:b[0]] not in (" ", "-") and not (b[2] == "'s" and a[1] == b[0])
                       for a, b in zip(window, window[1:])):
                    continue
                surface = text[window[0][0]:window[-1][1]]
                if (n == 1 and surface.islower()) or (n > 1 and window[-1][2] == "'s"):
                    continue  # a possessive ending is no part of a name ("Manila's" is the capital's)
                base = _CLASS.sub("", surface)
                found = self._lookup(base)
                if found:
                    family, variant, needs = found
                    end = window[-1][1]
                    block = _BLOCK.match(text, end)
                    if block:  # 'F-16 Block 70': a build standard of the family
                        variant, end = text[window[0][0]:block.end()], block.end()
                    context = base != surface or _weapon_context(text, toks, i, i + n)
                    hit = (WeaponHit(window[0][0], end, family, variant, context), needs, n)
                    break
            if hit:
                wh, needs, n = hit
                if not needs or wh.in_context:
                    out.append(wh)
                i += n
            else:
                i += 1
        # a plain-word designation seen once next to a weapon word counts everywhere in the text
        trusted = {h.family for h in out}
        if trusted:
            keep = {(h.start, h.end) for h in out}
            for h in self._plain_hits(text, toks):
                if h.family in trusted and (h.start, h.end) not in keep:
                    out.append(h)
        return sorted(out, key=lambda h: h.start)

    def _plain_hits(self, text, toks) -> Iterator[WeaponHit]:
        for s, e, w in toks:
            found = self._lookup(w) if w[:1].isupper() else None
            if found and found[2]:
                yield WeaponHit(s, e, found[0], found[1], False)

    def category(self, family: Optional[str]) -> Optional[str]:
        f = self.families.get(family) if family else None
        return f.category if f else None

    def origin(self, family: Optional[str]) -> Optional[str]:
        f = self.families.get(family) if family else None
        return f.origin if f else None


_NUMBER_WORD = re.compile(r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
                          r"several|many|more|additional|new|its|their|the|first|second)$", re.I)


def _weapon_context(text: str, toks, i: int, j: int) -> bool:
    """A designation is used as a weapon's name: a weapon word follows it within three words, or a number
    comes right before it ('three ANKA drones', 'Redback IFVs', '36 Hunts')."""
    nouns = weapon_nouns()
    for _, _, w in toks[j:j + 3]:
        if w.lower() in nouns:
            return True
    return i > 0 and bool(_NUMBER_WORD.match(toks[i - 1][2])) and toks[i - 1][2][0].isdigit()


def _catalogue_families() -> list[Family]:
    """The catalogue: ARMSTRACE_CATALOGUE (one a user built from a newer SIPRI export), else the package's
    built catalogue, else the curated list alone."""
    path = os.environ.get("ARMSTRACE_CATALOGUE")
    if path:
        return read_catalogue(Path(path).read_text("utf-8"))
    built = resources.files("armstrace.data").joinpath("catalogue.csv")
    if built.is_file():
        return read_catalogue(built.read_text("utf-8"))
    return read_curated()


class Knowledge:
    def __init__(self):
        self.names = PhraseIndex()                 # countries, organisations, producers, places, people
        self.aliases: dict[str, Alias] = {}       # surface form → alias (for lookups by exact surface)
        self.countries: dict[str, dict] = {}
        self.people: dict[str, Person] = {}
        self.person_forms: dict[str, list[str]] = {}
        self.media: set[str] = set()
        for name, other, demonyms, capitals, metonyms in read_rows("countries.txt"):
            self.countries[name] = {"demonyms": split_list(demonyms), "capitals": split_list(capitals)}
            self._add(name, Alias(name, "country", "name"))
            for a in split_list(other):
                self._add(a, Alias(name, "country", "name"))
            for a in split_list(demonyms):
                self._add(a, Alias(name, "country", "demonym"))
            for a in split_list(capitals):
                self._add(a, Alias(name, "country", "capital"))
            for a in split_list(metonyms):
                self._add(a, Alias(name, "country", "metonym"))
        for name, state, aliases in read_rows("producers.txt"):
            self._add(name, Alias(name, "organization", "name", state))
            for a in split_list(aliases):
                self._add(a, Alias(name, "organization", "acronym" if a.isupper() else "name", state))
        for name, type_, aliases, media, state in read_rows("organizations.txt"):
            if media:
                self.media.add(name)
            self._add(name, Alias(name, type_, "name", state or None, bool(media)))
            for a in split_list(aliases):
                self._add(a, Alias(name, type_, "acronym" if a.isupper() else "name", state or None, bool(media)))
        for name, aliases in read_rows("places.txt"):
            self._add(name, Alias(name, "place", "name"))
            for a in split_list(aliases):
                self._add(a, Alias(name, "place", "demonym" if a[0].isupper() and a.endswith(("an", "ans", "ern"))
                                   else "name"))
        for name, country, role, aliases in read_rows("people.txt"):
            self.people[name] = Person(name, country or None, role or None)
            self.person_forms[name] = split_list(aliases)
            self._add(name, Alias(name, "person", "name"))
            for a in split_list(aliases):
                self._add(a, Alias(name, "person", "name"))
        self.institutions: dict[str, Institution] = {}
        for kind, forms, entity in read_rows("institutions.txt"):
            for f in split_list(forms):
                self.institutions[f.lower()] = Institution(kind, entity == "organization")
        self.weapon_terms: dict[str, str] = {}
        self.generic_terms: set[str] = set()
        self.head_nouns: set[str] = set()   # 'trainers' in 'KT-1 trainers': a weapon's noun, no kind of weapon
        for term, category, flag in read_rows("weapon_terms.txt"):
            if flag == "head":
                self.head_nouns.add(term.lower())
                continue
            self.weapon_terms[term.lower()] = category
            if flag == "generic":
                self.generic_terms.add(term.lower())
        ambiguous = frozenset(weapon_key(line[0]) for line in read_rows("weapon_names_ambiguous.txt"))
        # SIPRI's designations that are words for kinds of weapons ('MBT', 'APC') name no system
        kinds = frozenset(weapon_key(t) for t in self.weapon_terms) | {weapon_key(t) + "s" for t in self.weapon_terms}
        self.catalogue = WeaponCatalogue(_catalogue_families(), ambiguous, kinds)

    def _add(self, surface: str, alias: Alias) -> None:
        # the first listing wins: a country's name is not overwritten by an organisation's alias
        self.aliases.setdefault(surface, alias)
        self.names.add(surface, alias)

    # ---- lookups -------------------------------------------------------------------------------
    def alias(self, surface: str) -> Optional[Alias]:
        return self.aliases.get(surface) or self.names.get(surface)

    def state_of(self, name: Optional[str]) -> Optional[str]:
        """The state a name stands for: a country itself, a company's home, a state body's state."""
        if not name:
            return None
        if name in self.countries:
            return name
        a = self.alias(name)
        if a is None:
            return None
        return a.canonical if a.type == "country" else a.state

    def is_country(self, name: Optional[str]) -> bool:
        return name in self.countries

    def weapon(self, surface: str, fuzzy: bool = False) -> Optional[tuple[str, Optional[str]]]:
        return self.catalogue.lookup(surface)

    def category_of(self, family: Optional[str]) -> Optional[str]:
        return self.catalogue.category(family)

    def origin_of(self, family: Optional[str]) -> Optional[str]:
        return self.catalogue.origin(family)


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return Knowledge()


@lru_cache(maxsize=1)
def weapon_nouns() -> frozenset[str]:
    """Nouns for kinds of weapons, singular and plural ('tanks', 'corvette', 'IFVs')."""
    k = knowledge()
    words = set()
    for term in list(k.weapon_terms) + list(k.head_nouns):
        if term in k.generic_terms:
            continue  # 'arms', 'equipment': said of anything
        last = term.split()[-1].lower()
        words |= {last, last + "s", last + "es", re.sub(r"y$", "ies", last)}
    return frozenset(words)


@lru_cache(maxsize=1)
def term_pattern() -> re.Pattern:
    """Words for kinds of weapons, longest first, with their plurals."""
    from .lexicon import alternation

    return re.compile(r"\b(?:" + alternation(knowledge().weapon_terms, fold=True) + r")(?:s|es)?\b", re.I)


def term_entry(surface: str) -> tuple[str, str]:
    """(term, category) of a word for a kind of weapon as matched by term_pattern ('drones' → drone)."""
    terms = knowledge().weapon_terms
    s = " ".join(surface.lower().split())
    for cand in (s, s[:-1], s[:-2]):
        if cand in terms:
            return cand, terms[cand]
    return s, "general"


def term_category(surface: str) -> str:
    return term_entry(surface)[1]


def is_generic(surface: str) -> bool:
    """'arms', 'military equipment': words for arms as such."""
    return term_entry(surface)[0] in knowledge().generic_terms
