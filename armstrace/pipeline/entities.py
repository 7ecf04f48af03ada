"""Entity mentions, in two stages.

`gazetteer` (before parsing): countries with demonyms, capitals and metonyms; organisations, arms producers and
agencies (with the state they stand for); armed forces and ministries named with their state ('the Nigerian Air
Force', "Egypt's defence ministry"); places; public figures; weapon systems from the catalogue and designations
the catalogue lacks, named as what they are ('ST-1 wheeled tank destroyer'); acronyms the text defines.

`names` (after parsing): people, organisations and places the statistical model finds, titles and possessives
removed ('Defence Minister Rajnath Singh's' → Rajnath Singh, role Defence Minister), people named by a title when
the model is absent, short forms linked to full names, and the parts of the text that are about the article
(metadata lines, the author's bio, source citations) set aside.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Optional

from ..data import read_rows
from .annotations import Doc, Intervals, Mention, PersonInfo, SpanIndex
from .knowledge import Alias, knowledge, tokens
from .lexicon import alternation
from .numbers import money_in

_ORIGIN_SUFFIX = re.compile(r"-(?:made|built|manufactured|produced|designed|supplied|developed|origin|sourced)$", re.I)
# a capital that names a place, not its state: a dateline, or where something happens or someone goes
_LOCATIVE = re.compile(r"(?:\b(?:arrived|arrival|landed|held|hosted|met|meeting|summit|talks|ceremony|visit(?:ed|ing)?|"
                       r"trip|travel(?:l)?ed|base|airport|port|embassy|capital|streets|outside|near|around|forum|conference|"
                       r"spoke|speaking|speech|rally|parade|exhibition|expo|fair|interview|"
                       r"headquartered|based)\b[^.;\n]{0,25}?\b(?:in|at|to|of)\s+(?:the\s+)?$|"
                       r"\b(?:visit(?:ed|ing)?|near|outside|across|around)\s+$)", re.I)
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Za-z .'-]{1,30}?)(?:,[^\n:—–-]{0,40})?[ \t]*(?:[:—–]|-{1,3}|\()")
# 'in Athens', 'at Bamako airport' is where, unless it is where a mood or a view is ('concerns in Washington')
_IN_AT = re.compile(r"\b(?:in|at)\s+$")
_MOOD_IN = re.compile(r"\b(?:concerns?|anxiety|fears?|worr(?:y|ies)|alarm|eyebrows|unease|suspicions?|anger|"
                      r"frustration|irritation|displeasure|officials|policymakers|circles|thinking|debate|mood|view)"
                      r"\s+(?:\w+\s+){0,2}(?:in|at)\s+$", re.I)
_PLACE_AFTER = re.compile(r"\s+(?:international\s+)?(?:airport|airbase|air\s+base|port|harbou?r|naval\s+base|"
                          r"military\s+base|region|province|suburbs?|outskirts|residents|streets)\b", re.I)
# 'in Seoul in April', 'in Riyadh on Sunday': where something happened
_WHEN_AFTER = re.compile(r"\s+(?:in|on|last|this)\s+(?:January|February|March|April|May|June|July|August|September|"
                         r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                         r"(?:19|20)\d\d)\b")
# 'ST-1 wheeled tank destroyer', '980 K2 tanks', 'FA-50 light combat aircraft': a code before a kind of weapon
_DESIGNATION = re.compile(r"\b(Type\s+\d{2,3}[A-Z]?|(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*"
                          r"[A-Za-z]?)(?=\s)")


def gazetteer(doc: Doc) -> Doc:
    """The mentions the data files know (no statistical model needed)."""
    text = doc.text
    k = knowledge()
    found: list[Mention] = []
    money = Intervals((a.start, a.end) for a in money_in(text))
    for start, end, alias in k.names.find(text, variants=_case_variants):
        if not money.covers(start):  # 'US$227 million' names no country
            found.append(_mention(text, start, end, alias))
    datelines = [(d.start(1), d.group(1).strip()) for d in _DATELINE.finditer(text)]
    found += _origins(text) + _compounds(text) + _datelines(text, datelines, found)
    found += _institutions(text)
    for h in k.catalogue.find(text):
        found.append(Mention(h.start, h.end, text[h.start:h.end], h.family, "weapon system",
                             "variant" if h.variant else "name", h.variant, k.category_of(h.family)))
    found = resolve_overlaps(found)
    _parenthetical_aliases(text, found)
    found = resolve_overlaps(found + _uncatalogued(text, found) + _ships(text, found))
    found = resolve_overlaps(found + _acronyms(text, found))
    _capitals_as_places(text, {start for start, _ in datelines}, found)
    _canonical_institutions(found)
    doc.mentions = found
    doc.index = SpanIndex(found)
    doc.people = {}
    return doc


def _parenthetical_aliases(text: str, found: list[Mention]) -> None:
    """'Smerch (Tornado)', 'Iskander (SS-26 Stone)': a name in brackets right after a system is that system."""
    weapons = [m for m in found if m.type == "weapon system"]
    for a, b in zip(weapons, weapons[1:]):
        if re.fullmatch(r"\s*\(\s*", text[a.end:b.start]) and text[b.end:b.end + 3].lstrip().startswith(")"):
            b.canonical, b.category, b.variant = a.canonical, a.category, a.variant


def _datelines(text: str, datelines: list[tuple[int, str]], found: list[Mention]) -> list[Mention]:
    """A dateline glued to its first word ('KYIV–The …') that the word index read as one token."""
    k, starts, out = knowledge(), {m.start for m in found}, []
    for start, name in datelines:
        if start not in starts and (a := k.alias(name.title() if name.isupper() else name)) is not None:
            out.append(_mention(text, start, start + len(name), a))
    return out


def _case_variants(word: str) -> Iterable[str]:
    """A dateline in capitals ('BAMAKO:', 'NEW DELHI') names its city."""
    if word.isupper() and len(word) > 2:
        yield word.title()


def _mention(text: str, start: int, end: int, alias: Alias) -> Mention:
    kind = alias.kind
    return Mention(start, end, text[start:end], alias.canonical, alias.type, kind,
                   state=alias.canonical if alias.type == "country" else alias.state)


def _origins(text: str) -> list[Mention]:
    """'Russian-made', 'China-made', 'American-origin': the state that made a system."""
    k = knowledge()
    out = []
    for s, e, w in tokens(text):
        m = _ORIGIN_SUFFIX.search(w)
        if not m:
            continue
        a = k.alias(w[:m.start()])
        if a and a.type == "country":
            out.append(Mention(s, e, w, a.canonical, "country", "origin", state=a.canonical))
    return out


def _compounds(text: str) -> list[Mention]:
    """'Russia-Ukraine war', 'Thai-China contract': each name of a hyphenated pair; 'London-based', 'a
    Duesseldorf-based firm': the place."""
    k = knowledge()
    out = []
    for s, _e, w in tokens(text):
        if "-" not in w:
            continue
        if w.endswith("-based") and w[0].isupper():
            base = w[:-6]
            a = k.alias(base)
            name = a.canonical if a and a.type == "place" else base
            out.append(Mention(s, s + len(base), base, name if a and a.type == "place" else base, "place"))
            continue
        parts = w.split("-")
        states = [a for a in (k.alias(p) for p in parts) if a is not None and a.type == "country"]
        if len(parts) > 1 and len(states) == len(parts):
            pos = s
            for p, a in zip(parts, states):
                out.append(Mention(pos, pos + len(p), p, a.canonical, "country", a.kind, state=a.canonical))
                pos += len(p) + 1
    return out


@lru_cache(maxsize=1)
def _institution_re() -> re.Pattern:
    k = knowledge()
    owner = alternation(s for s, a in k.aliases.items() if a.type == "country" and a.kind in ("name", "demonym"))
    forms = alternation(k.institutions, fold=True)
    return re.compile(
        rf"(?<![\w-])(?:(?P<royal>Royal)\s+)?(?P<owner>{owner})(?P<poss>['’]s|(?<=s)['’])?\s+(?:(?:People['’]s|National|Royal|"
        rf"Federal|Imperial|ruling)\s+)?(?P<form>(?i:{forms}))(?![\w-])"
        rf"|(?<![\w-])(?P<form2>(?i:{forms}))\s+of\s+(?:the\s+)?(?P<owner2>{owner})(?![\w-])")


@lru_cache(maxsize=1)
def _leaders_re() -> re.Pattern:
    k = knowledge()
    names = {n for n, p in k.people.items() if p.country} | {a for n, p in k.people.items() if p.country
                                                             for a in k.person_forms.get(n, [])}
    return re.compile(rf"(?<![\w-])(?P<who>{alternation(names)})\s+(?P<form>administration|government|cabinet|regime)(?![\w-])")


def _institutions(text: str) -> list[Mention]:
    """Armed forces, ministries and governments named with their state; a government named by its leader
    ('the Biden administration')."""
    k = knowledge()
    out = []
    for m in _leaders_re().finditer(text):
        who = k.alias(m["who"])
        state = k.people[who.canonical].country if who and who.canonical in k.people else None
        if state:
            out.append(Mention(m.start(), m.end(), m.group(0), state, "country", "institution", state=state))
    for m in _institution_re().finditer(text):
        owner, form = (m["owner"], m["form"]) if m["owner"] else (m["owner2"], m["form2"])
        owner_alias = k.alias(owner)
        if owner_alias is None:  # the pattern is built from the gazetteer's names: never
            continue
        state = owner_alias.canonical
        inst = k.institutions[form.lower()]
        surface = m.group(0)
        named = inst.entity and not m["poss"] and not m["owner2"]  # "Egypt's defence ministry" describes it
        if named:
            out.append(Mention(m.start(), m.end(), surface, inst.kind, "organization", "institution", state=state))
        else:  # 'the Japanese government' is Japan
            out.append(Mention(m.start(), m.end(), surface, state, "country", "institution", state=state))
    return out


def _canonical_institutions(found: list[Mention]) -> None:
    """One name per institution in a text: its first full form ('Israeli Ministry of Defense' for later
    "Israel's Ministry of Defense"), possessive endings removed."""
    longest: dict[tuple[Optional[str], str], str] = {}
    insts = [m for m in found if m.kind == "institution" and m.type == "organization"]
    for m in insts:  # 'German Ministry of Defence' over 'German Defence Ministry'
        key = (m.state, m.canonical)
        if len(m.text) > len(longest.get(key, "")):
            longest[key] = m.text
    for m in insts:
        m.canonical = longest[(m.state, m.canonical)]


@lru_cache(maxsize=1)
def _ship_re() -> re.Pattern:
    prefixes = "|".join(re.escape(p) for (p,) in read_rows("ship_prefixes.txt"))
    return re.compile(rf"\b(?:{prefixes})\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b")


def _ships(text: str, found: list[Mention]) -> list[Mention]:
    """A commissioned ship named with its navy's prefix ('INS Kirpan') is a weapon system; its bare name later
    ('Kirpan') too."""
    taken = SpanIndex(found)
    out = []
    for m in _ship_re().finditer(text):
        if not taken.within(m.start(), m.end()):
            out.append(Mention(m.start(), m.end(), m.group(0), m.group(0), "weapon system", "ship", category="general"))
    for name in {o.canonical for o in out}:
        bare = name.split(None, 1)[1]
        for b in re.finditer(rf"\b(?:ship|vessel|corvette|frigate|destroyer|submarine|carrier|warship)\s+"
                             rf"({re.escape(bare)})\b", text, re.I):
            if not taken.within(b.start(1), b.end(1)):
                out.append(Mention(b.start(1), b.end(1), bare, name, "weapon system", "ship", category="general"))
    return out


def _uncatalogued(text: str, found: list[Mention]) -> list[Mention]:
    """Designations the catalogue lacks, named as what they are: '980 K2 tanks', 'ST-1 wheeled tank destroyer'."""
    from .knowledge import term_category, term_pattern

    taken = SpanIndex(found)
    out = []
    for m in _DESIGNATION.finditer(text):
        code = m.group(1)
        if taken.within(m.start(1), m.end(1)) or knowledge().alias(code) or re.fullmatch(r"[A-Z]{1,2}\d?", code):
            continue
        term = term_pattern().match(text, m.end(1) + 1)
        if term is None:
            gap = re.match(r"\s+(?:[a-z][\w-]*\s+){1,2}", text[m.end(1):m.end(1) + 40])
            term = term_pattern().match(text, m.end(1) + gap.end()) if gap else None
        if term:
            out.append(Mention(m.start(1), m.end(1), code, code, "weapon system", "name",
                               category=term_category(term.group(0))))
    return out


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9}\d?)\)")


def _acronyms(text: str, found: list[Mention]) -> list[Mention]:
    """'the Defense Security Cooperation Agency (DSCA)', 'the Nigerian Army (NA)': the acronym and its later uses
    name what it follows; a capitalised phrase whose initials it spells is an organisation."""
    out = []
    index = SpanIndex(found)
    k = knowledge()
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        if not acr.isupper() or index.within(m.start(1), m.end(1)):
            continue
        before = [x for x in index.within(max(0, m.start() - 80), m.start())
                  if re.fullmatch(r"\s*", text[x.end:m.start()])]
        phrase0 = re.search(r"((?:[A-Z][\w'’&.-]*\s+(?:(?:of|for|and|the|de|&)\s+)*){1,8})$",
                            text[max(0, m.start() - 120):m.start()])
        if before and phrase0 and not _spells(acr, "".join(w[0] for w in before[-1].text.split() if w[0].isupper())) \
                and _spells(acr, "".join(w[0] for w in phrase0.group(1).split() if w[0].isupper())) and \
                len(phrase0.group(1).split()) > len(before[-1].text.split()):
            before = []  # 'the State Demining Service of Ukraine (SDSU)': the service, not Ukraine
        if before:
            host = before[-1]
            if host.type == "weapon system":
                continue
            proto = Mention(0, 0, acr, host.canonical, host.type, "acronym", state=host.state)
        else:
            phrase = re.search(r"((?:[A-Z][\w'’&.-]*\s+(?:(?:of|for|and|the|de|&)\s+)*){1,8})$", text[max(0, m.start() - 120):m.start()])
            if not phrase:
                continue
            long = re.sub(r"^(?:The|A|An)\s+", "", phrase.group(1).strip())
            long = re.sub(r"^[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s\s+", "", long)  # "Pakistan's DGMO": not the owner
            initials = "".join(w[0] for w in long.split() if w[0].isupper())
            if not _spells(acr, initials) or k.alias(long):
                continue
            s = m.start() - len(phrase.group(1)) + phrase.group(1).index(long)
            out.append(Mention(s, s + len(long), long, long, "organization", "name"))
            proto = Mention(0, 0, acr, long, "organization", "acronym")
        for a in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            if not index.within(a.start(), a.end()):
                out.append(Mention(a.start(), a.end(), acr, proto.canonical, proto.type, "acronym", state=proto.state))
    return out


def _spells(acronym: str, initials: str) -> bool:
    a, i = acronym.upper(), initials.upper()
    return len(a) >= 2 and (i.startswith(a) or i.endswith(a) or a in i or
                            sum(1 for ch in a if ch in i) >= max(2, len(a) - 1))


def _capitals_as_places(text: str, datelines: set[int], found: list[Mention]) -> None:
    """A capital is its state ('Moscow supplied …') unless it is a dateline (starting at one of `datelines`) or
    where something happens."""
    for m in found:
        if m.type == "country" and m.kind == "capital":
            before = text[max(0, m.start - 60):m.start]
            if m.start in datelines or _LOCATIVE.search(before) or _PLACE_AFTER.match(text, m.end) or \
                    (_IN_AT.search(before) and not _MOOD_IN.search(before)) or \
                    _WHEN_AFTER.match(text, m.end) or re.search(r"\bcapital,?\s+$", text[max(0, m.start - 20):m.start]) \
                    or re.match(r",\s+" + re.escape(m.canonical) + r"\b", text[m.end:m.end + 60]):
                m.type, m.canonical = "place", _place_name(m.text)  # its state kept
                m.kind = "dateline" if m.start in datelines else "name"


def _place_name(surface: str) -> str:
    s = re.sub(r"['’]s$", "", surface)
    return s.title() if s.isupper() else s


def resolve_overlaps(ms: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: the longer wins; of two alike, the one listed first."""
    order = sorted(range(len(ms)), key=lambda i: (-(ms[i].end - ms[i].start), i))
    taken = bytearray((max((m.end for m in ms), default=0)) + 1)
    keep = []
    for i in order:
        m = ms[i]
        if m.end <= m.start or taken.find(1, m.start, m.end) != -1:
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        keep.append(m)
    return sorted(keep, key=lambda m: m.start)


# ---- names: people, organisations and places from the statistical model and from titles ------------------------

@lru_cache(maxsize=1)
def _title_words() -> str:
    """The titles of titles.txt as one alternation ('Defence Minister', 'Air Marshal', 'Gen.')."""
    return alternation(line[0] for line in read_rows("titles.txt"))


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern, re.Pattern]:
    alt = _title_words()
    leading = re.compile(rf"^(?:(?:[A-Z][\w'’.-]*(?:['’]s)?|the|a|an|former|ex-|then-|acting|deputy|vice|"
                         rf"first|chief)\s+)*?(?i:{alt})\.?\s+", re.I)
    before = re.compile(rf"(?P<title>(?:(?:[A-Z][\w'’.-]*(?:['’]s)?|former|then-|acting)\s+){{0,3}}(?i:{alt}))\.?\s+$")
    return leading, before


_NAME_WORD = r"[A-Z][a-zà-ÿ]+(?:-[A-Z]?[a-zà-ÿ]+|['’](?!s\b)[A-Z]?[a-zà-ÿ]+)*"
_PARTICLE = r"(?:(?:de|da|dos|do|van|von|der|al|el|bin|ibn|ben|le|la|di|du)\s+)"
FULL_NAME = rf"(?:{_NAME_WORD}|[A-Z]\.?)(?:\s+{_PARTICLE}?(?:{_NAME_WORD}|[A-Z]\.)){{0,2}}\s+{_PARTICLE}?{_NAME_WORD}(?:\s+Jr\.?)?"
_TITLED = None


def names(doc: Doc) -> Doc:
    """People, organisations and places beyond the gazetteer; short forms linked; story zones applied."""
    text = doc.text
    k = knowledge()
    found = list(doc.mentions)
    people: dict[str, PersonInfo] = {}
    for m in found:
        if m.type == "person":
            _add_person(people, m.canonical)
    candidates: list[Mention] = []
    headlines = _title_case_lines(text)
    spans = [(s, e, label) for s, e, label in _model_spans(doc) if not _headline_only(text, s, e, headlines)]
    for start, end, label in spans:
        if label != "PERSON":
            continue
        start, end, role = _strip_title(text, start, end)
        end = start + len(re.split(r"\s*[/|(]", text[start:end])[0])  # 'David Mdzinarishvili / Reuters': a credit
        name = _person_name(text[start:end])
        if name and (len(name.split()) >= 2 or name in people):
            info = _add_person(people, name, role)
            candidates.append(Mention(start, start + len(name), name, info.name, "person", "name"))
    candidates += _titled_people(text, people) + _credited_people(text, people)
    name_parts = {w for p in people for w in p.replace("-", " ").split()}
    zones = _zones(text)
    quote_spans, citations = Intervals(doc.quote_spans), zones["citation"]
    lower_words = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    for start, end, label in spans:
        if label not in ("ORG", "GPE", "LOC", "FAC"):
            continue
        start, end, _ = _strip_title(text, start, end)
        owner = re.match(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s\s+", text[start:end])
        if owner:  # "Pakistan's Directors General of Military Operations": the owner is not in the name
            start += owner.end()
        surface = text[start:end]
        name = re.sub(r"^(?:the|The)\s+", "", surface)
        quoted = quote_spans.covers(start) and not k.alias(name)
        if not _proper(name) or name in name_parts or _not_a_name(name, lower_words) or quoted or \
                citations.covers(start) or _fragment(text, start, end, name):
            continue  # a surname the model took for a firm, a common word, a source, part of a longer name
        inst = k.institutions.get(name.lower())
        if inst is not None:  # a bare 'Defense Ministry' is the one the text named with its state
            same = [m for m in found if m.kind == "institution" and m.type == "organization"
                    and k.institutions.get(m.canonical.lower(), inst).kind == inst.kind]
            if len({m.canonical for m in same}) == 1:
                candidates.append(Mention(start, end, name, same[0].canonical, "organization", "institution",
                                          state=same[0].state))
            continue
        s = start + surface.index(name)
        known = k.alias(name)
        if known:
            candidates.append(Mention(s, s + len(name), name, known.canonical, known.type, known.kind,
                                      state=known.state or (known.canonical if known.type == "country" else None)))
        else:
            org = label == "ORG"
            candidates.append(Mention(s, s + len(name), name, name if org else _place_name(name),
                                      "organization" if org else "place", "model"))
    found = _merge(found, candidates)
    for m in found:
        if m.type == "person" and m.canonical not in people:
            _add_person(people, m.canonical)
    _roles(text, found, people)
    found = resolve_overlaps(found + _short_forms(text, people, found))
    zones = _zones(text)
    found = [m for m in found if not _outside_the_story(m, zones)]
    doc.mentions = found
    doc.index = SpanIndex(found)
    doc.people = people
    return doc


def _model_spans(doc: Doc) -> Iterable[tuple[int, int, str]]:
    yield from doc.names


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines in title case ('India Wins Radar Order From Armenia'), where capitals do not mark names."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and \
                not re.search(r"[.!?]\s+[A-Z]", line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _headline_only(text: str, start: int, end: int, headlines: list[tuple[int, int]]) -> bool:
    """A name the model found in a title-case line that the rest of the text never repeats."""
    i = bisect.bisect_right(headlines, (start, float("inf"))) - 1
    line = headlines[i] if i >= 0 and headlines[i][0] <= start < headlines[i][1] else None
    if line is None:
        return False
    name = text[start:end]
    return name not in text[:line[0]] and name not in text[line[1]:]


def _fragment(text: str, start: int, end: int, name: str) -> bool:
    """A one-word span the model cut from a longer capitalised phrase ('Defense' of 'Defense Minister'), a
    common noun with its article ('the Secretariat of'), a sentence's first word, an operation's name."""
    if name.startswith("Operation ") or re.search(r"\b(?:War|Wars|Conflict|Crisis|Operation)\b|\s(?:of|and|the|for)$",
                                                   name):
        return True  # a war or an operation is an event; a name does not end on 'of'
    after = text[end:end + 30]
    before = text[max(0, start - 12):start]
    if " " in name or name.isupper():
        return False
    if re.search(r"\bthe\s+$", before) and not knowledge().alias(name):
        return True  # 'the West', 'the Borderland': a common noun with its article
    return bool(re.match(r"\s+[A-Z][a-z]", after) or re.search(r"\bthe\s+$", before) and re.match(r"\s+of\b", after)
                or re.search(r"(?:^|[.!?:]\s+|\n\s*)$", before))


def _not_a_name(name: str, lower_words: set[str]) -> bool:
    """A word the text also uses in lower case ('West', 'Defense'), a web address, a word for a weapon."""
    from .knowledge import term_pattern

    words = name.split()
    if len(words) == 1 and name.lower() in lower_words:
        return True
    if re.search(r"\.(?:com|org|net|az|by|ru|am|ua|info|gov)\b", name, re.I):
        return True
    return bool(term_pattern().fullmatch(name)) or knowledge().catalogue.lookup(name) is not None


def _proper(surface: str) -> bool:
    words = surface.split()
    return bool(words) and all(w[0].isupper() or w.lower() in ("of", "for", "and", "the", "de", "&") for w in words) \
        and not re.search(r"\d", surface) and len(surface) > 2


def _strip_title(text: str, start: int, end: int) -> tuple[int, int, Optional[str]]:
    """A name without a title, possessive or trailing punctuation: 'Secretary Vikram Misri' → Vikram Misri."""
    leading, _ = _titles()
    span = text[start:end]
    role = None
    m = leading.match(span)
    if m and m.end() < len(span):
        role = span[:m.end()].strip()
        start += m.end()
    span = text[start:end]
    trimmed = re.sub(r"(?:['’]s|['’]|[,.;:])+$", "", span)
    return start, start + len(trimmed), role


def _person_name(surface: str) -> Optional[str]:
    words = surface.split()
    k = knowledge()
    if not words or any(w.lower() in ("the", "of", "and") for w in words):
        return None
    if any(not (w[0].isupper() or w in ("de", "da", "dos", "van", "von", "der", "al", "bin", "el", "la", "di"))
           for w in words):
        return None
    if re.search(r"\d|[^\w\s'’.-]|--", surface):
        return None  # 'Press)--The': punctuation the model swallowed
    if any((a := k.alias(w)) is not None and (a.type != "person" and a.kind not in ("capital", "name") or
                                              a.type == "country" and a.kind == "name") for w in words):
        return None  # 'Russia Emerges': a headline's words, not a name; but a city may be a surname ('Ana Lima')
    a = k.alias(surface)
    if a is not None and a.type != "person":
        return None
    return a.canonical if a is not None else surface


def _add_person(people: dict[str, PersonInfo], name: str, role: Optional[str] = None) -> PersonInfo:
    k = knowledge()
    canonical = k.aliases[name].canonical if name in k.aliases and k.aliases[name].type == "person" else name
    info = people.setdefault(canonical, PersonInfo(canonical))
    if canonical in k.people:
        info.country = info.country or k.people[canonical].country
    if role and not info.role:
        info.role = role
        info.country = info.country or _country_in(role)
    return info


def _country_in(s: Optional[str]) -> Optional[str]:
    if not s:
        return None
    for _, _, alias in knowledge().names.find(s):
        if alias.type == "country" or alias.state:
            return alias.canonical if alias.type == "country" else alias.state
    return None


_CREDIT = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[ -][A-Z][\w'’-]+){1,3})\s*/\s*([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})")


def _credited_people(text: str, people: dict[str, PersonInfo]) -> list[Mention]:
    """A photo or story credit, 'Ana Silva / Reuters': the name before a news outlet is a person's."""
    media = knowledge().media
    out = []
    for m in _CREDIT.finditer(text):
        outlet = next((o for o in (m.group(2), m.group(2).split()[0]) if (a := knowledge().alias(o)) and
                       a.canonical in media), None)
        if outlet and _person_name(m.group(1)):
            info = _add_person(people, m.group(1))
            out.append(Mention(m.start(1), m.end(1), m.group(1), info.name, "person", "name"))
    return out


def _titled_people(text: str, people: dict[str, PersonInfo]) -> list[Mention]:
    """'Defence Minister Laurynas Kasciunas', 'Air Marshal Fadjar Prasetyo': a title before a full name (the
    rules' own way to find people; the statistical model finds the rest)."""
    global _TITLED
    if _TITLED is None:
        _TITLED = re.compile(rf"\b(?:{_title_words()})\.?[ \t]+(?P<name>{FULL_NAME})(?![\w-])")
    out = []
    k = knowledge()
    for m in _TITLED.finditer(text):
        name = m.group("name")
        if any((a := k.alias(w)) and a.type != "person" for w in name.split()):
            continue
        known = k.alias(name)
        info = _add_person(people, known.canonical if known else name,
                           text[m.start():m.start("name")].strip())
        out.append(Mention(m.start("name"), m.end("name"), name, info.name, "person", "name"))
    return out


def _merge(found: list[Mention], candidates: list[Mention]) -> list[Mention]:
    """Add the model's and the titles' mentions: where they overlap known ones, the longer wins, but never over
    a catalogued weapon, a country's own name or a known person of the same length or longer."""
    index = SpanIndex(found)
    drop: set[int] = set()
    add = []
    for c in candidates:
        hits = [m for m in index.within(c.start - 60, c.end) if m.start < c.end and c.start < m.end]
        if not hits:
            add.append(c)
            continue
        contains = all(c.start <= m.start and m.end <= c.end for m in hits)
        headed = bool(_ORG_HEAD.search(c.text))  # 'Warsaw Institute', 'Gripen Flight Test Center'
        if all(c.end - c.start > m.end - m.start and c.type == "person" and
               not (m.type == "country" and m.kind == "name") for m in hits) or \
                (contains and c.type in ("organization", "place") and len(c.text.split()) >= 2 and
                 all(m.kind in ("demonym", "origin") or m.type == "place" or
                     (m.type == "weapon system" and headed) or (m.kind == "capital" and headed) for m in hits)):
            drop |= {id(m) for m in hits}
            add.append(c)
    kept = [m for m in found if id(m) not in drop]
    return resolve_overlaps(kept + add)


def _roles(text: str, found: list[Mention], people: dict[str, PersonInfo]) -> None:
    """A person's role from the title before the name or the appositive after it: 'Czech Defense Minister Jana
    Cernochova', 'John Kirby, NSC coordinator for strategic communications, said'."""
    _, before = _titles()
    for m in found:
        if m.type != "person":
            continue
        info = people.get(m.canonical)
        if info is None or info.role:
            continue
        t = before.search(text[max(0, m.start - 80):m.start])
        if t:
            info.role = t.group("title").strip()
        else:
            a = re.match(r",\s+((?:the\s+|a\s+|an\s+)?[^,.;:“”\"\n]{3,110}?)(?=,|\.|;| said| says| told)",
                         text[m.end:m.end + 130])
            if a and re.search(r"\b(?:of|for|at)\b|\b(?:minister|spokes\w+|chief|director|head|president|chair\w*|"
                               r"ceo|secretary|ambassador|commander|official|analyst|expert|adviser|advisor|"
                               r"leader|envoy|general|admiral|coordinator|officer|professor|fellow)\b", a.group(1), re.I):
                info.role = a.group(1).strip()
        info.country = info.country or _country_in(info.role)


def _short_forms(text: str, people: dict[str, PersonInfo], found: list[Mention]) -> list[Mention]:
    """A person's surname or given name alone ('Kirby', 'Fadjar'), and the gazetteer's other spellings, after the
    full name; a name shared by two people goes to the one named last before it."""
    k = knowledge()
    index = SpanIndex(found)
    parts: dict[str, list[tuple[int, str]]] = {}
    firsts = {m.canonical: m.start for m in found if m.type == "person"}
    for name in people:
        for w in name.replace("-", " ").split() + k.person_forms.get(name, []):
            if len(w) > 2 and w[0].isupper() and w.lower() not in _NOT_SHORT_FORMS and not k.alias(w):
                parts.setdefault(w, []).append((firsts.get(name, 0), name))
    out: list[Mention] = []
    if not parts:
        return out
    # a misspelt surname ('Chibukchyan' for Chibukhchyan): a capitalised word close to one, same first letter
    from rapidfuzz import fuzz

    surnames = {name.split()[-1]: name for name in people if len(name.split()[-1]) >= 6}
    for m in re.finditer(r"\b[A-Z][a-z]{5,}\b", text):
        w = m.group(0)
        if w in parts or index.within(m.start(), m.end()) or knowledge().alias(w):
            continue
        best = max(surnames, key=lambda s: fuzz.ratio(s, w), default=None)
        if best and best[0] == w[0] and fuzz.ratio(best, w) >= 85:
            parts.setdefault(w, []).append((firsts.get(surnames[best], 0), surnames[best]))
    alternation = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{alternation})(?![\w-])", text):
        if index.within(max(0, m.start() - 60), m.end()) and any(
                x.start < m.end() and m.start() < x.end for x in index.within(max(0, m.start() - 60), m.end())):
            continue
        owners = [n for first, n in parts[m.group(0)] if first <= m.start()] or [n for _, n in parts[m.group(0)]]
        name = owners[-1]
        out.append(Mention(m.start(), m.end(), m.group(0), name, "person", "surname"))
        people[name].surface_forms.add(m.group(0))
    return out


_ORG_HEAD = re.compile(r"\b(?:Center|Centre|Network|Institute|Company|Corporation|Group|Agency|Initiative|"
                      r"Television|Radio|News|Affairs|Department|Office|Council|Committee|Association|University|"
                      r"Foundation|Forum|Service|Bank|Fund|Party)$")
_NOT_SHORT_FORMS = {"jr", "jr.", "sr", "the", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                    "nov", "dec", "may", "june", "july", "march", "april", "august", "mon", "tue", "wed", "thu",
                    "fri", "sat", "sun", "king", "prince", "al-", "abu", "bin", "ibn", "san", "del", "las", "los"}
_CITATION = re.compile(r"\((?:[^()]*?(?:,|;)\s*)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?|"
                       r"[A-Z][a-z]+\s+(?:19|20)\d\d)[^()]{0,200}\)")


def _zones(text: str) -> dict[str, Intervals]:
    """Parts of the text that are about the article rather than its story: metadata lines, the author's bio,
    and source citations such as '(Tert.am, March 14)'."""
    from ..metadata import _BIO, _LABEL

    meta, bio, not_byline = [], [], []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        label = _LABEL.match(line) if (i < 20 or i > len(lines) - 15) and len(line) < 2000 else None
        if label and label["key"].lower() not in ("title", "headline"):  # the headline is part of the story
            meta.append((pos, pos + len(line)))
            if label["key"].lower() not in ("author", "authors", "by", "byline"):
                not_byline.append((pos, pos + len(line)))
        pos += len(line) + 1
    tail = max(0, len(text) - 2000)
    for m in _BIO.finditer(text[tail:]):
        end = text.find("\n", tail + m.end())
        bio.append((tail + m.start(), end if end >= 0 else len(text)))
    citations = [(m.start(), m.end()) for m in _CITATION.finditer(text)]
    citations += [(m.start(), m.end()) for m in re.finditer(r"\b[Ss]ee\s+[A-Z][\w.]+,\s+[A-Z][a-z]+\s+\d", text)]
    return {"meta": Intervals(meta), "bio": Intervals(bio), "citation": Intervals(citations),
            "meta_not_byline": Intervals(not_byline)}


def _outside_the_story(m: Mention, zones) -> bool:
    inside = lambda name: zones[name].covers(m.start)  # noqa: E731
    if m.type == "person":
        return inside("meta_not_byline")
    if inside("meta") or inside("bio"):
        return True
    return inside("citation") and m.canonical in knowledge().media


def entity_list(doc: Doc):
    """Distinct entities of the document with the surface forms used (possessives and articles removed)."""
    from ..model import Entity

    seen: dict[tuple[str, str], list[str]] = {}
    people = doc.people
    # a capital that stands for its state anywhere in the article is listed as the state's alias only, even where
    # it is also named as a place ('talks in Yerevan' beside 'Yerevan wants')
    standing = {_place_name(m.text) for m in doc.mentions if m.type == "country" and m.kind == "capital"}
    for m in doc.mentions:
        if m.type == "place" and m.state and _place_name(m.text) in standing:
            m = Mention(m.start, m.end, m.text, m.state, "country", "capital", state=m.state)
        if m.kind == "institution":  # 'the Colombian armed forces', 'the Foreign Ministry of Norway' name the state
            for owner in (re.match(r"(?:Royal\s+)?([A-Z][\w'’ -]*?)(?:['’]s?)?\s", m.text),
                          re.search(r"\bof\s+(?:the\s+)?([A-Z][\w'’ -]*)$", m.text)):
                if owner and m.state and knowledge().alias(owner.group(1)):
                    seen.setdefault((m.state, "country"), []).append(owner.group(1))
                    break
            if m.type == "country":
                continue  # 'the Japanese government' is said as Japan's
        surface = re.sub(r"(?:’s|'s)$", "", m.text)
        if m.kind == "origin":
            surface = _ORIGIN_SUFFIX.sub("", surface)
        surface = re.sub(r"^the\s+", "", surface)
        forms = seen.setdefault((m.canonical, m.type), [])
        if surface not in forms:
            forms.append(surface)
    return [Entity.model_validate({"name": name, "type": type_, "aliases": forms,  # the type checked here
                                   "roles": [people[name].role] if type_ == "person" and name in people and
                                   people[name].role else []})
            for (name, type_), forms in seen.items()]
