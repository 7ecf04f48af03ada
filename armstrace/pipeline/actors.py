"""Actors: what a span of text names as a party to a fact — a state (a country, its capital or metonym, its
government, armed forces or ministries, a company at home there), a non-state armed group, or a person with
the state they serve — and what a pronoun or 'the company' points back to ('it', 'its', 'we' in a quote)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from .annotations import Mention, mentions_in
from .frames import pronoun

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
    if m.type == "place" and m.state and groups:  # 'an air base in Manila' receives for the Philippines
        return Actor(m.state, m, True)
    if m.type == "person":
        info = (doc._.people or {}).get(m.canonical)
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
        text = self.doc._.text
        for s, e in spans:
            found = [m for m in mentions_in(self.doc, max(0, s - 80), e) if m.start < e and s < m.end]
            actors = [a for a in (actor_of(self.doc, m, groups) for m in found) if a]
            # in 'the Turkish firm Baykar' the firm, not its adjective, is the party; both say Turkey anyway
            named = [a for a in actors if a.mention.kind not in ("demonym", "origin")] or actors
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
        want_org = bool(re.search(r"company|firm|group|manufacturer|maker|contractor", w))
        for p, a in reversed(self.subjects):
            if p >= pos:
                continue
            if want_org and a.mention is not None and a.mention.type != "organization":
                continue
            return a
        return None

    def last_state(self, pos: int) -> Optional[Actor]:
        """The state named last before pos."""
        for m in reversed(self.doc._.index.before(pos)):
            a = actor_of(self.doc, m, groups=False)
            if a and m.type == "country" and m.kind in ("name", "capital", "metonym"):
                return a
        return None

    def _speaker_at(self, pos: int) -> Optional[Actor]:
        from .knowledge import knowledge

        for q in (self.doc._.facts or {}).get("quotes", []):
            ev = q.evidence[0] if q.evidence else None
            if ev and ev.start <= pos < ev.end:
                info = (self.doc._.people or {}).get(q.speaker)
                if info and info.country:
                    return Actor(info.country, None, True)
                state = knowledge().state_of(q.speaker)
                if state:
                    return Actor(state, None, True)
                for m in self.doc._.mentions:
                    if m.canonical == q.speaker and m.state:
                        return Actor(m.state, m, True)
        return None
