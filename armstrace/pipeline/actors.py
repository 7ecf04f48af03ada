"""Actors: what a span of text names as a party to a fact — a state (a country, its capital or metonym, its
government, armed forces or ministries, a company at home there), a non-state armed group, or a person with
the state they serve — and what a pronoun or 'the company' points back to ('it', 'its', 'we' in a quote)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .annotations import Doc, Mention, mentions_in
from .frames import pronoun
from .lexicon import word_class

Span = tuple[int, int]
_STATE_KINDS = ("name", "capital", "metonym", "demonym", "institution", "acronym", "origin")


@dataclass(frozen=True)
class Actor:
    name: str              # the state's canonical name, or the group's
    mention: Optional[Mention]
    is_state: bool


def actor_of(doc: Doc, m: Mention, groups: bool = True) -> Optional[Actor]:
    """The party a mention stands for, if any."""
    if m.type == "country" and m.kind in _STATE_KINDS:
        return Actor(m.state or m.canonical, m, True)
    if m.type == "organization" and m.state:
        return Actor(m.state, m, True)
    if m.type == "armed group" and groups:
        return Actor(m.canonical, m, False)
    if m.type == "place" and m.state and groups and m.kind != "dateline":
        # 'an air base in Manila' receives for the Philippines; 'NAIROBI:' is only where the story was filed
        return Actor(m.state, m, True)
    if m.type == "person":
        info = doc.people.get(m.canonical)
        if info and info.country:
            return Actor(info.country, m, True)
    return None


class Actors:
    """Parties named in spans of one document, with pronouns and 'the company' resolved to the last subject."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.subjects: list[tuple[int, Actor]] = []   # (position, actor) of grammatical subjects, in text order

    def in_spans(self, spans: list[Span], groups: bool = True) -> list[Actor]:
        out: list[Actor] = []
        text = self.doc.text
        for s, e in spans:
            found = [m for m in mentions_in(self.doc, max(0, s - 80), e) if m.start < e and s < m.end]
            actors = [a for a in (actor_of(self.doc, m, groups) for m in found) if a]
            # in 'the Turkish firm Baykar' the firm, not its adjective, is the party; both say Turkey anyway
            named = [a for a in actors if a.mention is None or a.mention.kind not in ("demonym", "origin")] or actors
            if not named and pronoun(text[s:e].strip()):
                a = self.antecedent(s, text[s:e])
                named = [a] if a else []
            elif not named and re.search(r"^(?:the|this|that)\b.*\b(?:country|nation|kingdom|state|republic)$",
                                         text[s:e].strip(), re.I):
                a = self.last_state(s)  # 'the Middle East nation', 'the Sahel nation'
                named = [a] if a else []
            for a in named:
                if a.name not in [x.name for x in out]:
                    out.append(a)
        return out

    def note_subject(self, pos: int, actor: Actor) -> None:
        self.subjects.append((pos, actor))

    def antecedent(self, pos: int, word: str) -> Optional[Actor]:
        """'we'/'our' inside a quote: the speaker's side; 'it', 'they', 'the company': the last subject before."""
        w = word.lower()
        if w in ("we", "our", "us"):
            speaker = self._speaker_at(pos)
            if speaker:
                return speaker
        want_org = any(n in word_class("firm nouns") for n in w.split())
        for p, a in reversed(self.subjects):
            if p >= pos:
                continue
            if want_org and a.mention is not None and a.mention.type != "organization":
                continue
            return a
        return None

    def last_state(self, pos: int) -> Optional[Actor]:
        """The state named last before pos."""
        for m in self.doc.index.backwards_from(pos):
            a = actor_of(self.doc, m, groups=False)
            if a and m.type == "country" and m.kind in ("name", "capital", "metonym"):
                return a
        return None

    def _speaker_at(self, pos: int) -> Optional[Actor]:
        from .knowledge import knowledge

        for q in self.doc.facts.get("quotes", []):
            ev = q.evidence[0] if q.evidence else None
            if ev and ev.start <= pos < ev.end:
                info = self.doc.people.get(q.speaker)
                if info and info.country:
                    return Actor(info.country, None, True)
                state = knowledge().state_of(q.speaker)
                if state:
                    return Actor(state, None, True)
                for m in self.doc.mentions:
                    if m.canonical == q.speaker and m.state:
                        return Actor(m.state, m, True)
        return None


# ---- speakers ---------------------------------------------------------------------------------------------

_ROLE_NOUN = re.compile(r"\b(?:minister|spokes(?:man|woman|person)|officials?|representatives?|ambassador|president|"
                        r"chief|secretary|general|admiral|envoy|adviser|advisor|commander|director|chairman|ceo|"
                        r"head|coordinator|diplomat|chancellor|premier)\b", re.I)
_ORG_NOUN = re.compile(r"\b(?:" + "|".join(sorted(word_class("firm nouns"))) +
                       r"|ministry|navy|army|agency|institute|department|government)\b", re.I)
_ROLE_OWNER = re.compile(r"\b(?:to|of|for|with|under)\s+(?:(?:the|former|then|President|Prime|Minister|Foreign|"
                         r"Defen[cs]e|General|Deputy|Chancellor|King|Premier|Secretary)\s+)+$")
_SOURCE_NOUN = re.compile(r"\b(?:report|study|data|figures|survey|yearbook|database)\b", re.I)


def speaker(doc: Doc, lo: int, hi: int, head: Optional[tuple[int, int]] = None) -> Optional[str]:
    """The speaker a subject names: a person; for 'he'/'she', the person named last; the organisation or
    country that speaks when no person is named ('the Pentagon', 'The Japanese government', 'an LIG Nex1
    official', 'the company', 'it'); a group named only by a noun ('defence officials', 'Western media').
    `head` is the span of the phrase's head word, when the parse gives it."""
    text = doc.text
    span = text[lo:hi].strip()
    low = span.lower()
    ms = [m for m in mentions_in(doc, max(0, lo - 80), hi) if m.start < hi and lo < m.end]
    people = doc.people
    roles = doc.roles
    persons = [m for m in ms if m.type == "person"]
    if persons and all(re.match(r"['’]s?\s", text[p.end:p.end + 3]) for p in persons) and _ROLE_NOUN.search(
            text[persons[-1].end:hi]):
        return None  # "President Macron's spokesman": the spokesman spoke, and the text does not name him
    if persons:
        return persons[-1].canonical if len({p.canonical for p in persons}) > 1 and head and \
            any(p.start <= head[0] < p.end for p in persons[-1:]) else persons[0].canonical
    if low in ("he", "she", "him", "her"):  # not one named only in another's role ('an advisor to President X')
        return _last(doc, lo, lambda m: m.type == "person" and not _ROLE_OWNER.search(
            text[max(0, m.start - 45):m.start]))
    if low == "it" and re.match(r"\s+(?:should|must|can|could|may|might|is|was|has|had)\b", text[hi:hi + 12]):
        return None  # 'It should be added that …'
    # the head of an English noun phrase is on its right ('the Pentagon's DSCA', "South Korea's defense
    # ministry"); the model's names count after the gazetteer's ('Elbit Systems Ltd. (Nasdaq: ESLT)')
    owned = [m for m in ms if not re.match(r"['’]s?\s", text[m.end:m.end + 3])] or ms
    known = [m for m in owned if m.kind != "model"] or owned
    main = known[-1] if known else None
    role = _ROLE_NOUN.search(low)
    noun = role.group(0).lower().rstrip("s") if role else None
    if main is not None and main.type in ("organization", "armed group"):
        if noun:  # 'a White House NSC spokesman': the person the text names with that office, else the office
            named = [n for n, info in people.items() if info.role and (main.canonical in info.role or
                                                                        main.text in info.role)]
            roles.setdefault(noun, main.canonical)  # 'a representative of the German Ministry of Defence'
            if named:
                return named[0]
        return main.canonical
    if main is None and noun:  # 'the minister', 'the representative'
        named = [n for n, info in people.items() if info.role and noun in info.role.lower()]
        if named:
            return _last(doc, hi + 400, lambda m: m.type == "person" and m.canonical in named) or named[0]
        if noun in roles:
            return roles[noun]
    if main is not None and main.type == "country":
        if main.kind == "institution":
            return re.sub(r"^(?:the|The)\s+", "", main.text)
        if main.kind in ("demonym", "origin") and not re.fullmatch(r"(?:the\s+)?\S+", low):
            # 'Western media', 'the Korean defense firm': the firm named before, else the words
            if _ORG_NOUN.search(low):
                return _last(doc, lo, lambda x: x.type == "organization" and x.canonical not in _media()) or _bare(span)
            return _bare(span)
        return main.state or main.canonical
    if low in ("it", "they"):
        return _last(doc, lo, lambda m: m.type in ("organization", "country") and m.kind not in ("demonym", "origin"))
    org = _ORG_NOUN.search(low)
    if org and re.match(r"(?:the|this)\s", low):
        org_noun = org.group(0).lower()
        if org_noun in ("ministry", "navy", "army", "department"):
            found = _last(doc, lo, lambda m: m.kind == "institution" and org_noun in m.canonical.lower())
            # 'the defence ministry announced': that ministry, not the firm named before it
            return found or _bare(span)
        if org_noun in word_class("firm nouns"):  # 'the company': a firm, not the army it supplies
            found = _last(doc, lo, lambda m: m.type == "organization" and m.kind != "institution" and
                          m.canonical not in _media())
            if found:
                return found
        return _last(doc, lo, lambda m: m.type == "organization" and m.canonical not in _media())
    if _SOURCE_NOUN.search(low):  # 'the report': the institute that published it, if the text names one
        return report_source(doc) or _last(doc, lo, lambda m: m.type == "organization" and
                                           m.canonical not in _media())
    if main is not None and main.type == "place" and main.state:
        return main.state
    if re.search(r"(?:s|media|press)$", low) and len(low.split()) <= 4 and not re.search(r"\d", low):
        return _bare(span)   # 'defence officials', 'Western media', 'analysts' (see unnamed())
    return None


def report_source(doc: Doc) -> Optional[str]:
    """The institute whose report the article is about, named in its opening sentences ('SIPRI revealed that …',
    'according to new data published by SIPRI'): who 'the report' is, and the source its numbers cite."""
    for sent in doc.sentences[:4]:
        if _REPORTING.search(sent.text):
            for m in mentions_in(doc, sent.start, sent.end):
                if m.type == "organization" and m.canonical not in _media():
                    return m.canonical
    return None


_REPORTING = re.compile(r"\b(?:report|data|figures|revealed|published|annual|yearbook|according\s+to)\b", re.I)


def unnamed(who: str) -> bool:
    """A speaker the text does not identify: a group named only by a noun that is not an office ('critics',
    'local media', 'analysts'; but 'defence officials' speak for a government)."""
    from .knowledge import knowledge

    words = who.split()
    k = knowledge()
    if len(words) > 1 and (a := k.alias(words[0])) is not None and a.type == "country" and \
            " ".join(words[1:]).lower() in k.institutions:
        return False  # 'Japanese government', 'Czech military': a state's institution speaks
    return not _ROLE_NOUN.search(who) and all(w.islower() for w in words[1:]) and \
        (words[0].islower() or len(words) > 1 or who.lower() in ("analysts", "experts", "critics", "observers"))


def _bare(span: str) -> str:
    return re.sub(r"^(?:the|a|an|some|several|many|other)\s+", "", span.strip(), flags=re.I)


def _media() -> set[str]:
    from .knowledge import knowledge

    return knowledge().media


def _last(doc: Doc, pos: int, want) -> Optional[str]:
    """The canonical name of the last mention before pos that `want` accepts, outside quotations."""
    quotes = doc.quote_spans
    for m in doc.index.backwards_from(pos):
        if want(m) and not any(s <= m.start < e for s, e in quotes):
            return m.canonical
    return None
