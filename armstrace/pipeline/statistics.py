"""Statistics stage: quantitative claims about arms and militaries — spending, budgets, a supplier's share of
a recipient's arms imports, arms export values — with unit, period and the source the article cites."""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ..model import Statistic
from .annotations import Mention, Sentence, evidence
from .temporal import dates_in
from .numbers import money

_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|%)", re.I)
_SPEND = re.compile(r"\b(?:spent|spends|spending|spend|invested|allocated)\b[^.;]{0,40}?(?P<money>(?:US)?\$|€|£)"
                    r"[^;]{0,30}?\bon\s+(?P<what>military\s+hardware|arms(?:\s+purchases)?|weapons?|weaponry|"
                    r"defen[cs]e|the\s+military|the\s+armed\s+forces|military\s+equipment)", re.I)
_BUDGET = re.compile(r"\b(?P<what>(?:military|defen[cs]e)\s+(?:budget|spending|expenditure))\b", re.I)
_IMPORTS = re.compile(r"\b(?:arms|weapons?|military|major\s+arms|foreign\s+weapons)?\s*imports?\b", re.I)
_GDP = re.compile(r"\b(?P<num>\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|%)\s+of\s+(?:its|their|the\s+country's|[A-Z][\w]*(?:’s|'s))\s+"
                  r"(?:GDP|gross\s+domestic\s+product)\b", re.I)
_TOTAL_EXPORTS = re.compile(r"(?:’s|'s)\s+(?:defen[cs]e\s+and\s+aerospace\s+|defen[cs]e\s+|arms\s+|weapons?\s+)exports\s+"
                            r"(?:reached|totalled|totaled|were|rose\s+to|hit|stood\s+at|amounted\s+to|of)\b", re.I)
_EXPORTS = re.compile(r"\b(?:defen[cs]e|arms|military|weapons?)(?:\s+and\s+aerospace)?\s+(?:exports|sales)\s+to\b", re.I)


def _countries(doc: Doc, start: int, end: int) -> list[Mention]:
    return [m for m in doc._.mentions if m.type == "country" and start <= m.start < end]


def _source(doc: Doc, sent: Sentence, prev: Optional[Sentence], exclude: set[str]) -> Optional[str]:
    for s in (sent, prev):
        if s is None:
            continue
        for m in doc._.mentions:
            if m.type == "organization" and s.start <= m.start < s.end and m.canonical not in exclude:
                if s is sent or re.search(r"\b(?:figures|data|report|according|study|statistics)\b", s.text, re.I):
                    return m.canonical
    return None


def _period(doc: Doc, sent: Sentence):
    refs = dates_in(doc, sent.start, sent.end)
    ranged = [r for r in refs if r.period.start != r.period.end]
    return (ranged or refs or [None])[0].period if refs else None


def statistics(doc: Doc) -> Doc:
    out: list[Statistic] = []
    prev: Optional[Sentence] = None
    last_subject: Optional[str] = None
    for sent in doc._.sentences:
        s = sent.text
        cs = _countries(doc, sent.start, sent.end)
        prev_cs = _countries(doc, prev.start, prev.end) if prev else []
        # spending: 'Azerbaijan has spent some $22.7 billion on military hardware'
        m = _SPEND.search(s)
        if m and cs:
            value = money(s[m.start("money"):])
            subj = next((c for c in reversed(cs) if c.start < sent.start + m.start()), cs[0])
            if value:
                out.append(Statistic(subject=subj.canonical, metric=re.sub(r"\s+", " ", m["what"].lower()) + " spending",
                                     value=value.amount, unit=value.currency, period=_period(doc, sent),
                                     source_cited=_source(doc, sent, prev, {subj.canonical}),
                                     evidence=[evidence(doc, sent.start, sent.end)]))
                last_subject = subj.canonical
        # budgets: 'Azerbaijan's defence budget reached $2.2 billion'
        m = _BUDGET.search(s)
        if m and cs and not _SPEND.search(s):
            value = money(s[m.end():])
            if value:
                out.append(Statistic(subject=cs[0].canonical, metric=m["what"].lower(), value=value.amount,
                                     unit=value.currency, period=_period(doc, sent),
                                     source_cited=_source(doc, sent, prev, {cs[0].canonical}),
                                     evidence=[evidence(doc, sent.start, sent.end)]))
        # import shares
        p = _PERCENT.search(s)
        if p and re.search(r"\b(?:imports?|supplier|supplied|suppl(?:y|ies)|share)\b", s, re.I) and \
                (re.search(r"\b(?:arms|weapons?|military|imports?)\b", s, re.I) or
                 last_subject and re.search(r"\bsuppl(?:ied|ier)\b", s, re.I)):
            stat = _share(doc, sent, p, cs, prev_cs, last_subject)
            if stat:
                stat.source_cited = _source(doc, sent, prev, {stat.subject, stat.counterpart or ""})
                if stat.period is None and re.search(r"\bsame\s+period\b", s, re.I) and out:
                    stat.period, stat.source_cited = out[-1].period, stat.source_cited or out[-1].source_cited
                out.append(stat)
                last_subject = stat.subject
        # spending as a share of GDP: 'would spend 3 percent of its GDP on defence'
        g = _GDP.search(s)
        if g and cs and re.search(r"\b(?:defen[cs]e|military|armed\s+forces|arms)\b", s, re.I):
            subj = next((c for c in cs if c.end <= sent.start + g.start()), cs[0])
            out.append(Statistic(subject=subj.canonical, metric="military spending share of GDP",
                                 value=float(g["num"]), unit="percent", period=_period(doc, sent),
                                 source_cited=_source(doc, sent, prev, {subj.canonical}),
                                 evidence=[evidence(doc, sent.start, sent.end)]))
        # a country's total arms exports: "South Korea's arms exports reached $7 billion in 2021"
        m = _TOTAL_EXPORTS.search(s)
        if m and not _EXPORTS.search(s):
            value = money(s[m.end():])
            owner = next((c for c in reversed(cs) if c.end <= sent.start + m.start() + 2), None)
            if value and owner:
                out.append(Statistic(subject=owner.canonical, metric="arms exports value", value=value.amount,
                                     unit=value.currency, period=_period(doc, sent),
                                     source_cited=_source(doc, sent, prev, {owner.canonical}),
                                     evidence=[evidence(doc, sent.start, sent.end)]))
        # export values: "Turkey's defence and aerospace exports to Azerbaijan jumped to $77 million"
        m = _EXPORTS.search(s)
        if m:
            value = money(s[m.end():])
            to = next((c for c in cs if c.start >= sent.start + m.end()), None)
            frm = next((c for c in reversed(cs) if c.end <= sent.start + m.start()), None)
            if value and to and frm and to.canonical != frm.canonical:
                out.append(Statistic(subject=frm.canonical, metric="arms exports value", counterpart=to.canonical,
                                     value=value.amount, unit=value.currency, period=_period(doc, sent),
                                     source_cited=_source(doc, sent, prev, {frm.canonical, to.canonical}),
                                     evidence=[evidence(doc, sent.start, sent.end)]))
        prev = sent
    doc._.facts["statistics"] = out
    return doc


def _share(doc: Doc, sent: Sentence, p: re.Match, cs: list[Mention], prev_cs: list[Mention],
           last_subject: Optional[str]) -> Optional[Statistic]:
    """'its share was 65 percent of Azerbaijan's imports', 'Israel accounted for 69 percent of Azerbaijan's
    imports', 'the largest supplier to Armenia, with 94 percent of its arms imports', 'Russia supplied 17 percent'."""
    text = doc._.text
    s = sent.text
    pos = sent.start + p.start()
    after = [c for c in cs if c.start > pos]
    before = [c for c in cs if c.end <= pos]
    importer = next((c for c in after if text.startswith(("’s", "'s"), c.end)), None)
    subject = importer.canonical if importer else None
    if subject is None:
        to = re.search(r"\bsupplier\s+(?:to|of)\s+$", text[sent.start:pos]) or None
        to_c = next((c for c in before if re.search(r"\b(?:to|of)\s+$", text[max(sent.start, c.start - 5):c.start])), None)
        subject = to_c.canonical if to_c else (last_subject if re.search(r"\b(?:its|their)\s", s) or not to else None)
        if subject is None:
            subject = last_subject
    counterpart = next((c.canonical for c in before if c.canonical != subject and c.kind in ("name", "capital", "metonym")),
                       None)
    if counterpart is None and re.search(r"\b(?:its|their)\s+share\b", s, re.I):
        counterpart = next((c.canonical for c in prev_cs if c.canonical != subject and c.kind in ("name", "capital", "metonym")),
                           None)
    if subject is None or counterpart is None or subject == counterpart:
        return None
    return Statistic(subject=subject, metric="arms import share", counterpart=counterpart,
                     value=float(p["num"]), unit="percent", period=_period(doc, sent),
                     evidence=[evidence(doc, sent.start, sent.end)])
