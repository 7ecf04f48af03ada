"""Events stage: dated happenings — fighting and wars, ceasefires, agreements and treaties, visits, calls,
meetings and summits, statements, accusations and denials, exercises, parades, tests, findings, alliance moves,
sanctions, coups, openings — with actors, date, location and fatalities.

Three sources, merged: the trigger words of data/event_triggers.txt with the actors and the date their
sentence states; the contracts, deliveries and cancellations the transfers stage read with a date; and the
statements the quotes stage attributed, dated by their attribution ('said on Tuesday'). One happening reported
twice in an article is one event.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..data import read_rows, split_list
from ..model import Event, Period
from .actors import actor_of
from .annotations import (
    METADATA,
    Coverage,
    DateRef,
    Doc,
    Intervals,
    Sentence,
    add_evidence,
    blanked,
    evidence,
    mentions_in,
    on_time,
    sentence_at,
)
from .knowledge import knowledge, term_pattern
from .lexicon import alternation
from .temporal import aside_at, dates_in, lead_start, same_aside

GROUPS = {
    "fight": {"armed clash", "war", "attack", "shelling", "military exercise", "mobilization", "ceasefire violation"},
    "deal": {"ceasefire", "agreement", "treaty", "peace deal", "accord"},
    "meet": {"visit", "meeting", "summit", "phone call", "talks", "negotiation", "mediation"},
    "say": {"statement", "accusation", "denial", "threat", "warning", "protest", "appeal"},
    "display": {"parade", "display", "test", "deployment"},
    "find": {"finding", "discovery", "investigation"},
    "alliance": {"alliance", "membership", "withdrawal", "joint command"},
    "trade": {"loan", "sale", "purchase", "delivery", "contract", "approval", "cancellation", "suspension", "licence"},
    "sanctions": {"sanctions", "embargo"},
}
GROUP_OF = {t: g for g, ts in GROUPS.items() for t in ts}
SPECIFIC = {"ceasefire": 2, "treaty": 1, "war": 1, "summit": 1, "phone call": 1, "accusation": 1, "denial": 1,
            "attack": 1, "mediation": 1}
# the kind of statement a sentence reports, by its verbs (first match wins)
_SAYING = [(r"\b(?:accus\w+|alleg\w+|blam\w+)\b", "accusation"), (r"\b(?:den(?:y|ied|ies)|dismiss\w*|refut\w+|rebuff\w*)\b", "denial"),
           (r"\b(?:warn\w*)\b", "warning"), (r"\b(?:urg\w+|call(?:ed|s)?\s+(?:on|for)|appeal\w*)\b", "appeal"),
           (r"\b(?:protest\w*|condemn\w*|summon\w*)\b", "protest"), (r"\bthreat\w*\b", "threat")]
_FATAL = re.compile(r"(?:(?:left|killing|killed|leaving)\s+(?:more\s+than\s+|about\s+|some\s+|at\s+least\s+|over\s+)?"
                    r"(?P<a>\d[\d,]*)|(?:more\s+than\s+|about\s+|some\s+|at\s+least\s+|over\s+)?(?P<b>\d[\d,]*)\s+"
                    r"(?:\w+\s+)?(?:people|soldiers|civilians|troops|tourists)?\s*(?:have\s+been\s+|were\s+)?(?:dead|killed|"
                    r"lives|deaths)|cost\s+(?P<c>\d[\d,]*)\s+lives)", re.I)
_NAMED_WAR = re.compile(r"(?:[A-Z][\w-]*|\d+-(?:day|month|year)|full-scale|full-on|ensuing|ongoing|civil|\d{4}|"
                        r"[a-z]+-long)\s+(?:[\w-]+\s+)?$|(?:['’]s)\s+(?:[\w-]+\s+){0,2}$")


@lru_cache(maxsize=1)
def _triggers() -> tuple[re.Pattern, list[tuple[str, str]]]:
    rows = list(read_rows("event_triggers.txt"))
    table = [(t, need) for t, _, need in rows]
    alts = "|".join(f"(?P<t{i}>\\b(?:{alternation(split_list(forms), fold=True)})\\b)"
                    for i, (_, forms, _) in enumerate(rows))
    # every row's phrases as one trie first: a position no phrase starts at is passed over at once
    every = alternation((f for _, forms, _ in rows for f in split_list(forms)), fold=True)
    return re.compile(rf"(?=\b(?:{every})\b)(?:{alts})", re.I), table


def events(doc: Doc) -> Doc:
    trade = _trade_events(doc)
    contracts = {(e.evidence[0].start, str(e.date)) for e in trade if e.type == "contract" and e.evidence}
    # an agreement the transfers stage reads as an arms contract ('signed an agreement with Norway to buy
    # F-16s') is that contract, not also an accord between states
    out = [e for e in _trigger_events(doc) if not (e.type == "agreement" and e.evidence and
                                                   (e.evidence[0].start, str(e.date)) in contracts)]
    out += trade
    out += _statement_events(doc)
    doc.facts["events"] = _merge(out)
    return doc


def _trade_events(doc: Doc) -> list[Event]:
    """The transfers stage's contracts, deliveries and cancellations; one it dated by the article ('Norway has
    ordered …' in the lead) gives way to the same deal referred back to and dated by the text ('the contract was
    signed on Tuesday')."""
    trade = doc.trade
    by_article = {id(e) for e in doc.trade_by_article}
    same = doc.trade_same_deal
    return [e for e in trade if id(e) not in by_article or not any(
        o.type == e.type and set(o.actors) == set(e.actors) for o in same)]


def _actors(doc: Doc, start: int, end: int, located: bool = True, at: Optional[int] = None) -> list[str]:
    """The parties named in a span (a country named as where something happened is its place, not a party,
    unless `located`); with `at`, only those in the same aside as that position."""
    out: list[str] = []
    text = doc.text
    mine = aside_at(text, start, end, at) if at is not None else None
    for m in mentions_in(doc, start, end):
        if not located and m.type == "country" and re.search(r"\b(?:in|at|near)\s+(?:neighbou?ring\s+)?$",
                                                               text[max(start, m.start - 20):m.start]):
            continue
        if at is not None and aside_at(text, start, end, m.start) != mine:
            continue  # '… aircraft – ordered from Brazil in 2006 – in an attack': Brazil is not in the attack
        a = actor_of(doc, m)
        name = a.name if a else (m.canonical if m.type == "organization" and m.canonical in _BLOCS else None)
        if name and name not in out:
            out.append(name)
    return out


_ASIDE = re.compile(r"\s[-–—]\s|\(")

_BLOCS = {"NATO", "CSTO", "European Union", "United Nations", "UN Security Council", "African Union", "ASEAN",
          "OSCE", "OSCE Minsk Group", "SIPRI"}


def _location(doc: Doc, start: int, end: int) -> Optional[str]:
    text = doc.text
    for m in mentions_in(doc, start, end):
        if m.type == "place" and re.search(r"\b(?:in|at|near|around|outside|to)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
                                           text[max(start, m.start - 25):m.start]):
            return m.canonical
    return None


def _fatalities(text: str) -> Optional[int]:
    m = _FATAL.search(text)
    return int((m["a"] or m["b"] or m["c"]).replace(",", "")) if m else None


def _summary(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 140 else s[:139].rsplit(" ", 1)[0] + "…"


def _trigger_events(doc: Doc) -> list[Event]:
    text = doc.text
    pattern, table = _triggers()
    quoted = Coverage(len(text))
    for s, e in doc.quote_spans:
        quoted.add(s, e)
    named = Coverage(len(text), doc.mentions)
    for t in term_pattern().finditer(text):  # 'infantry fighting vehicle' is not fighting
        named.add(t.start(), t.end())
    out: list[Event] = []
    doc_actors = _rivals(doc)
    para_date: Optional[DateRef] = None
    last_end = 0
    prev_actors: list[str] = []
    for sent in doc.sentences:
        on_time(doc)
        between, last_end = text[last_end:sent.start], sent.end   # what separates it from the sentence before
        if "\n" in between:
            para_date, prev_actors = None, []
        if METADATA.match(sent.text):
            continue
        refs = [r for r in dates_in(doc, sent.start, sent.end) if not quoted.hit(r.start, r.start + 1)]
        actors = _actors(doc, sent.start, sent.end, located=False)
        if re.search(r"\b(?:the\s+two|both)\s+(?:sides|countries|nations|states|parties|rivals|neighbou?rs)\b",
                     sent.text, re.I):
            actors += [a for a in doc_actors[:2] if a not in actors]  # 'the two sides agreed a ceasefire'
        if not actors and prev_actors:
            actors = list(prev_actors)  # the parties the paragraph is about
        seen_types = set()
        for m in pattern.finditer(text, sent.start, sent.end):
            pos = m.start()
            if quoted.hit(pos, pos + 1) or named.hit(pos, pos + 1):
                continue  # quoted words; a word inside a name ('North Atlantic Treaty Organization')
            i = int((m.lastgroup or "")[1:])   # every alternative of the pattern is a group g<i>
            type_, need = table[i]
            if type_ in seen_types or _proposed(text, sent, pos, type_) or _arms_arriving(doc, sent, pos, type_):
                continue
            ref = _date_of(doc.text, sent, refs, pos, type_)
            if ref is None and GROUP_OF.get(type_) in ("meet", "say", "display", "fight") and para_date is not None:
                ref = para_date  # 'On Saturday, … . The admiral, on an official visit, presided …'
            if type_ == "finding" and (ref is None or ref.start > pos) and doc.doc_date:
                ref = DateRef(pos, pos, "", Period.point(doc.doc_date))  # published now (about then)
            acts = list(actors)
            if aside_at(text, sent.start, sent.end, pos) is not None or _ASIDE.search(sent.text):
                acts = [a for a in _actors(doc, sent.start, sent.end, located=False, at=pos) if a in actors] or acts
            if type_ == "war":
                before = text[max(sent.start, pos - 30):pos]
                after = text[m.end():min(sent.end, m.end() + 30)]
                if not (_NAMED_WAR.search(before) or (ref and abs(ref.start - m.end()) < 20) or
                        re.match(r"\s+(?:in|on|against|with|between)\s+(?:the\s+)?[A-Z]", after)) or \
                        re.search(r"\bCold\s+$", before):
                    continue  # 'the war' refers back; a war is an event when named or dated
                if not acts:
                    continue
                if len(acts) < 2:
                    acts += [a for a in doc_actors if a not in acts][:2 - len(acts)]
                ref = ref if ref and abs(ref.start - pos) < 40 else None
            elif need == "date" and ref is None:
                continue
            if not acts:
                continue
            seen_types.add(type_)
            if ref is not None:
                para_date = ref
            prev_actors = acts
            out.append(Event(type=type_, actors=acts[:4], date=ref.period if ref else None,
                             location=_location(doc, sent.start, sent.end),
                             fatalities=_fatalities(sent.text) if GROUP_OF.get(type_) == "fight" else None,
                             summary=_summary(sent.text), evidence=[evidence(doc, sent.start, sent.end)]))
    return out


def _nearest(refs: list[DateRef], pos: int) -> Optional[DateRef]:
    return min(refs, key=lambda r: abs(r.start - pos), default=None)


def _date_of(text: str, sent: Sentence, refs: list[DateRef], pos: int, type_: str) -> Optional[DateRef]:
    """The date of a happening: one in its own aside; one right next to its word; else the date that opens the
    sentence ('In 2008, …'); else the nearest. Only fighting lasts years: other happenings take a single date."""
    if GROUP_OF.get(type_) != "fight":
        refs = [r for r in refs if not r.period.start or not r.period.end or
                r.period.start[:4] == r.period.end[:4]]
    refs = same_aside(text, sent.start, sent.end, refs, pos)
    if not refs:
        return None
    close = [r for r in refs if abs(r.start - pos) < 30]
    if close:
        return min(close, key=lambda r: abs(r.start - pos))
    opening = [r for r in refs if r.start - sent.start < 15]
    return opening[0] if opening else _nearest(refs, pos)


_PROPOSALS = re.compile(r"\b(?:call(?:ed|s)?\s+for|propos\w*|seek\w*|want\w*|hop(?:e|es|ed)|push(?:ed)?\s+for|"
                        r"urg\w+|plan(?:s|ned|ning)?\s+to\s+sign|a\s+commitment)\s+(?:[\w-]+\s+){0,4}$", re.I)
_MODAL = re.compile(r"\b(?:can|could|may|might|would|possible|potential|threat(?:en\w*)?\s+(?:of|to)|waive)\s+"
                    r"(?:[\w-]+\s+){0,2}$", re.I)


def _proposed(text: str, sent: Sentence, pos: int, type_: str) -> bool:
    """'called for a military non-aggression pact': an agreement proposed is not one made; 'can impose
    sanctions', 'possible sanctions': what may happen has not."""
    before = text[max(sent.start, pos - 60):pos]
    return (GROUP_OF.get(type_) == "deal" and bool(_PROPOSALS.search(before))) or bool(_MODAL.search(before))


def _arms_arriving(doc: Doc, sent: Sentence, pos: int, type_: str) -> bool:
    """'Two more F-39Es arrived in Brazil': a delivery, not a visit."""
    return type_ == "visit" and any(m.type == "weapon system" for m in mentions_in(doc, sent.start, pos))


def _rivals(doc: Doc) -> list[str]:
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.type == "country" and m.kind in ("name", "capital", "metonym", "demonym"):
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
    return [c for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3]]


def _statement_events(doc: Doc) -> list[Event]:
    """What was said, when the text says when: one statement per attribution."""
    text = doc.text
    k = knowledge()
    people = doc.people
    quotes = doc.quote_spans
    quoted_spans = Intervals(quotes)
    states: dict[str, str] = {}   # what a speaker stands for, as the mentions say
    for m in doc.mentions:
        if m.state:
            states.setdefault(m.canonical, m.state)
    out: list[Event] = []
    body_start = lead_start(doc)
    said = [(q, False) for q in (doc.said if doc.said is not None else doc.facts.get("quotes", []))]
    for q, within in said + [(q, True) for q in doc.stated]:
        sent = sentence_at(doc, q.evidence[0].start)
        if sent is None:
            continue
        body = text.find(q.text[:40], sent.start, sent.end) if not q.direct else -1
        inside = (body, body + len(q.text)) if body >= 0 else (0, 0)
        # (a statement reported within a quote is dated by the quote's words around it)
        refs = [r for r in dates_in(doc, sent.start, sent.end) if (within or not quoted_spans.covers(r.start))
                and not inside[0] <= r.start < inside[1] and (not r.period.end or (r.period.start or "")[:4] == r.period.end[:4])]
        opening = doc.sentences and sent.start <= body_start
        period = refs[0].period if refs else (Period.point(doc.doc_date) if doc.doc_date and opening else None)
        if period is None:
            continue
        who = people[q.speaker].country if q.speaker in people else None
        who = who or k.state_of(q.speaker) or states.get(q.speaker)
        acts = ([who] if who else []) + [a for a in _actors(doc, sent.start, sent.end) if a != who]
        if not acts:
            continue
        outside = blanked(sent, [inside] if within else quoted_spans.overlapping(sent.start, sent.end))
        type_ = next((t for pat, t in _SAYING if re.search(pat, outside, re.I)), "statement")
        out.append(Event(type=type_, actors=acts[:3], date=period, summary=_summary(sent.text),
                         evidence=[evidence(doc, sent.start, sent.end)]))
    return out


def _overlap(a: Optional[Period], b: Optional[Period]) -> bool:
    if a is None or b is None:
        return a is b
    n = min(len(a.start or ""), len(b.start or ""))
    return (a.start or "")[:n] <= (b.end or "")[:n] and (b.start or "")[:n] <= (a.end or "")[:n]


def _merge(evs: list[Event]) -> list[Event]:
    """The same happening reported twice in one article is one event: same kind of event, a shared actor, and
    the same date (for fighting, which lasts, overlapping dates). Indexed by kind and actor (and date), so that
    cost stays linear in the events."""
    out: list[Event] = []
    index: dict[tuple, list[Event]] = {}
    seen: dict = {}
    order: dict[int, int] = {}

    def key(g: str, actor: str, date) -> tuple:
        return (g, actor) if g == "fight" else (g, actor, date.start if date else None, date.end if date else None)

    filed: set[tuple] = set()

    def file(ev: Event, g: str) -> None:
        for a in ev.actors:
            k = key(g, a, ev.date)
            if (k, id(ev)) not in filed:
                filed.add((k, id(ev)))
                index.setdefault(k, []).append(ev)

    for e in sorted(evs, key=lambda e: e.evidence[0].start if e.evidence else 0):
        g = GROUP_OF.get(e.type, e.type)
        candidates = sorted({id(o): o for a in e.actors for o in index.get(key(g, a, e.date), [])}.values(),
                            key=lambda o: order[id(o)])
        twin = next((o for o in candidates if o.date == e.date or (g == "fight" and _overlap(o.date, e.date))), None)
        if twin:
            if SPECIFIC.get(e.type, 0) > SPECIFIC.get(twin.type, 0):
                twin.type = e.type
            add_evidence(twin, e.evidence, seen)
            twin.actors += [a for a in e.actors if a not in twin.actors]
            twin.fatalities = twin.fatalities or e.fatalities
            twin.location = twin.location or e.location
            if twin.date is None and e.date is not None:
                twin.date = e.date
            file(twin, g)
        else:
            order[id(e)] = len(out)
            out.append(e)
            file(e, g)
    return out
