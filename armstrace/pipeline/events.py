"""Events stage: dated happenings — fighting and wars, ceasefires, agreements and treaties, visits, calls,
meetings and summits, statements, accusations and denials, exercises, parades, findings, alliance moves,
loans — with actors (initiator first), date, location and fatalities.

An event needs a trigger word and an actor in its sentence, and (except for standing arrangements such as
alliances and exercises) a date the sentence states, so that passing references to 'the war' do not each
become an event.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ..model import Event
from ..model import Period
from .annotations import Coverage, DateRef, evidence
from .temporal import dates_in

# (type, pattern); the first pattern that matches at a position names the event
TRIGGERS: list[tuple[str, str]] = [
    ("ceasefire", r"(?:cease-?fires?|truce|armistice)(?!\s+(?:violations?|monitoring|line))"),
    ("war", r"(?<!post-)(?<!anti-)\bwars?\b(?!\s+(?:on|against)\s+terror)|invaded|invasion|invades"),
    ("armed clash", r"fighting|fought|clash(?:es|ed|ing)?|hostilities|skirmish(?:es|ing)?|escalation|offensive|shelling|defeat|battles?|"
                    r"(?:military|armed)\s+confrontation|erupted|broke\s+out|outbreak|incursion|attack(?:ed|s)?"),
    ("treaty", r"treaty"),
    ("agreement", r"agreements?|accords?|protocol|deal\s+(?:was\s+)?signed|signed\s+(?:a|an|the)\s+(?:deal|contract)"),
    ("phone call", r"telephone|phone\s+call|phoned|spoke\s+by\s+(?:tele)?phone"),
    ("summit", r"summit"),
    ("visit", r"visit(?:ed|s|ing)?|travel(?:l)?ed\s+to|trip\s+to|arrived\s+in"),
    ("mediation", r"mediat(?:ed|ion|ing)|brokered"),
    ("meeting", r"met\s+with|\bmet\b|meetings?|talks|negotiations"),
    ("military exercise", r"exercises|drills|maneuvers|manoeuvres|war\s+games"),
    ("parade", r"parade[sd]?"),
    ("finding", r"finding|found|discovered|remnants|debris"),
    ("joint command", r"joint\s+military\s+command|joint\s+command"),
    ("withdrawal", r"(?:pulled\s+out\s+of|withdr[ae]w\s+from|left|quit)\s+the\s+(?=[A-Z]{3,})"),
    ("alliance", r"joined\s+the|alliance\s+with|membership"),
    ("loan", r"granted\s+[^.]{0,40}?loan|loan\s+agreement|extended\s+[^.]{0,40}?(?:loan|credit)|agreed\s+to\s+lend"),
    ("accusation", r"accus(?:ed|es|ing|ation)|blamed|allegations?"),
    ("denial", r"denied|denies|dismissed|rejected|recanted|refuted"),
    ("protest", r"protest(?:ed|s)?|summoned"),
    ("appeal", r"appeal(?:ed)?|request(?:ed)?|push\s+for|called\s+(?:on|for)"),
    ("statement", r"said|says|stated|announced|declared|reiterated|confirmed|tweeted|told|noted|made\s+it\s+clear|"
                  r"addressed|underscored|warned|speculated|voiced|praised|promised|pledged|admitted"),
]
_TRIGGER = re.compile("|".join(rf"(?P<t{i}>\b(?:{p})\b)" for i, (_, p) in enumerate(TRIGGERS)), re.I)
UNDATED_OK = {"military exercise"}
# 'the war', 'during the war': a reference back, not a new event; a war is an event when named or dated
_NAMED_WAR = re.compile(r"(?:[A-Z][\w-]*|\d+-day|\w+\s+days?|[Ee]nsuing|[Ff]ull-on|[Ff]ull-scale|[Nn]ew|\d{4}|[Cc]ivil)\s+$"
                        r"|[“\"]\s*$")
INHERIT_DATE = {"war", "armed clash", "protest", "accusation", "denial", "appeal", "loan", "parade", "finding",
                "visit", "meeting", "phone call", "summit", "military exercise"}
NEAR = 110  # a date names the time of a happening mentioned within this many characters
_FATAL = re.compile(r"(?:(?:left|killing|killed|leaving)\s+(?:more\s+than\s+|about\s+|some\s+|at\s+least\s+)?(?P<a>\d[\d,]*)"
                    r"|(?:more\s+than\s+|about\s+|some\s+|at\s+least\s+)?(?P<b>\d[\d,]*)\s+(?:soldiers\s+|people\s+|civilians\s+|troops\s+)?"
                    r"(?:dead|killed|lives|deaths)|cost\s+(?P<c>\d[\d,]*)\s+lives)", re.I)


def _actors(doc: Doc, start: int, end: int) -> list[str]:
    people = doc._.people or {}
    out: list[str] = []
    for m in doc._.mentions:
        if not (start <= m.start < end):
            continue
        if m.type in ("country", "armed group") or m.type == "organization" and m.canonical in ("CSTO", "NATO", "OSCE",
                                                                                                   "OSCE Minsk Group", "ANAMA"):
            name = m.canonical
        elif m.type == "person" and people.get(m.canonical) and people[m.canonical].country:
            name = people[m.canonical].country
        else:
            continue
        if name not in out:
            out.append(name)
    return out


def _location(doc: Doc, start: int, end: int) -> Optional[str]:
    for m in doc._.mentions:
        if start <= m.start < end:
            before = doc._.text[max(start, m.start - 25):m.start]
            if m.type == "place" and re.search(r"\b(?:in|at|near|of|around)\s+(?:the\s+)?(?:\w+\s+)?$", before):
                return m.canonical
            if m.type == "country" and m.kind == "capital" and re.search(r"\b(?:in|at)\s+$", before):
                return m.text.rstrip("’s").rstrip("'s")
    return None


def _fatalities(text: str) -> Optional[int]:
    m = _FATAL.search(text)
    if not m:
        return None
    return int((m["a"] or m["b"] or m["c"]).replace(",", ""))


def _rivals(doc: Doc) -> list[str]:
    counts: dict[str, int] = {}
    for m in doc._.mentions:
        if m.type == "country":
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
    return [c for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3]]


def events(doc: Doc) -> Doc:
    text = doc._.text
    out: list[Event] = []
    quotes = doc._.quote_spans or []
    rivals = _rivals(doc)
    named = Coverage(len(text), doc._.mentions)
    quoted = Coverage(len(text))
    for s_, e_ in quotes:
        quoted.add(s_, e_)
    para_start = 0
    prev_start = last_start = 0
    prev_actors: list[str] = []
    for sent in doc._.sentences:
        if "\n" in text[para_start:sent.start] or para_start == 0:
            para_start = sent.start
            prev_actors = []
        unquoted = lambda r: not quoted.hit(r.start, r.start + 1)  # noqa: E731
        refs = [r for r in dates_in(doc, sent.start, sent.end) if unquoted(r)]
        inherited = [r for r in dates_in(doc, para_start, sent.start) if unquoted(r)][-1:]
        actors = _actors(doc, sent.start, sent.end) or prev_actors
        prev_actors = actors
        prev_start, last_start = last_start, sent.start
        candidates = []
        for m in _TRIGGER.finditer(sent.text):
            pos = sent.start + m.start()
            if quoted.hit(pos, pos + 1) or named.hit(pos, pos + 1):
                continue  # quoted words, or a word inside a name ('North Atlantic Treaty Organization')
            type_ = TRIGGERS[int(m.lastgroup[1:])][0]
            if type_ == "war" and not _NAMED_WAR.search(text[max(sent.start, pos - 20):pos]) and \
                    not any(0 <= r.start - (sent.start + m.end()) < 6 for r in refs):
                continue
            candidates.append((pos, type_))
        if not candidates:
            continue
        chosen: list[tuple[str, object, int]] = []
        for ref in refs:  # each stated date belongs to the happening named nearest to it...
            opening = ref.start - sent.start < 6  # ...but 'On April 8, …' dates the sentence's main happening
            order = candidates if opening else sorted(candidates, key=lambda c: abs(c[0] - ref.start))
            for pos, type_ in order:
                if any(c[0] == type_ for c in chosen) or (abs(pos - ref.start) > NEAR and not opening):
                    continue
                if type_ in ("war", "armed clash") and ref.text.lower().startswith("recent"):
                    continue  # 'recent' dates a report about a war, not the war
                chosen.append((type_, ref, pos))
                if not _duplicate(out, type_, ref.period, actors or rivals):
                    break
        ending = re.search(r"\b(?:conclud|end)\w*\s+(?:the\s+)?(?:war|fighting|hostilities)\b",
                           text[prev_start:sent.end], re.I)
        wars = sorted((e for e in out if e.type == "war" and e.date and e.date.end), key=lambda e: e.date.end)
        if not refs:
            for pos, type_ in candidates:
                if type_ in ("ceasefire", "agreement") and ending and wars:
                    # 'the accord concluding the war' is dated by the war it ended
                    end = wars[-1].date.end[:7]
                    chosen.append((type_, DateRef(pos, pos, "", Period.point(end)), pos))
                elif type_ in UNDATED_OK:
                    chosen.append((type_, None, pos))
                elif type_ in INHERIT_DATE and inherited and (type_ not in ("war", "armed clash") or _fatalities(sent.text)
                                                              or re.search(r"\b(?:ensuing|defeat)\b", sent.text)):
                    chosen.append((type_, inherited[0], pos))
                else:
                    continue
                break
        for type_, ref, pos in chosen:
            acts = list(actors)
            if type_ in ("war", "armed clash") and len([a for a in acts if a in rivals]) < 2:
                acts += [r for r in rivals if r not in acts]
            if not acts:
                continue
            out.append(Event(type=type_, actors=acts, date=ref.period if ref else None,
                             location=_location(doc, sent.start, sent.end),
                             fatalities=_fatalities(sent.text) if type_ in ("war", "armed clash") else None,
                             summary=_summary(sent.text), evidence=[evidence(doc, sent.start, sent.end)]))
    doc._.facts["events"] = _merge(out)
    return doc


def _summary(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 140 else s[:139].rsplit(" ", 1)[0] + "…"


GROUP = {"war": "fight", "armed clash": "fight", "military exercise": "fight", "ceasefire": "deal", "agreement": "deal",
         "treaty": "deal", "visit": "meet", "meeting": "meet", "summit": "meet", "phone call": "meet",
         "mediation": "meet", "statement": "say", "accusation": "say", "denial": "say", "protest": "say",
         "appeal": "say"}


SPECIFIC = {"ceasefire": 2, "treaty": 1, "war": 1, "summit": 1, "phone call": 1, "accusation": 1, "denial": 1}


def _overlap(a, b) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a.start or ""), len(b.start or ""))
    return (a.start or "")[:n] <= (b.end or "")[:n] and (b.start or "")[:n] <= (a.end or "")[:n]


def _duplicate(out: list[Event], type_: str, period, actors) -> bool:
    return any(GROUP.get(o.type, o.type) == GROUP.get(type_, type_) and o.type in ("war", "armed clash") and
               _overlap(o.date, period) and set(o.actors) & set(actors) for o in out)


def _merge(evs: list[Event]) -> list[Event]:
    """The same happening reported twice in one article is one event: same kind and a shared actor, on the
    same date, or (for wars and fighting, which last) on overlapping dates."""
    out: list[Event] = []
    for e in evs:
        twin = next((o for o in out if GROUP.get(o.type, o.type) == GROUP.get(e.type, e.type) and e.date is not None
                     and (o.date == e.date or o.type in ("war", "armed clash") and e.type in ("war", "armed clash")
                          and _overlap(o.date, e.date))
                     and set(o.actors) & set(e.actors)), None)
        if twin:
            if SPECIFIC.get(e.type, 0) > SPECIFIC.get(twin.type, 0):
                twin.type = e.type  # 'the agreement' then 'the ceasefire accord': a ceasefire
            twin.evidence += e.evidence
            twin.actors += [a for a in e.actors if a not in twin.actors]
            twin.fatalities = twin.fatalities or e.fatalities
            twin.location = twin.location or e.location
        else:
            out.append(e)
    return out
