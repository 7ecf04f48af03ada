"""Quotes stage: who said what, in their own words (direct) or reported (indirect).

Direct quotes are spans inside quotation marks with an attribution next to them ('says X', 'X said', 'he
added', 'X told … that “…”'); a quote interrupted mid-sentence by its attribution ('“…,” he said, “…”') is one
quote. Indirect quotes are reported clauses: 'X said (that) …', 'X told Y that …', '…, X explained, …',
'…, he said.'. Speakers resolve to the full name found in the document; pronouns to the person last named.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ..model import Quote
from .annotations import Mention, evidence, sentence_at
from .temporal import dates_in

SPEECH = (r"(?:said|says|say|told|tells|noted|notes|added|adds|argued|argues|stated|states|wrote|writes|"
          r"tweeted|explained|warned|continued|agreed|asked|declared|claimed|insisted|believes|thinks|"
          r"stressed|emphasized|emphasised|reiterated|recalled|admitted|confirmed|denied|suggested|"
          r"speculated|accused|announced|pledged|praised|promised)")
_OPEN, _CLOSE = "“\"", "”\""
_PAIR = re.compile(r"“([^“”\n]{2,2000}?)[”\"]|(?<![\w])\"([^\"\n]{2,2000}?)\"")
_INTRO = (r"(?:said|says|told|tells|noted|added|argued|stated|wrote|tweeted|explained|warned|continued|asked|"
          r"declared|recognized|recognised|acknowledged|conceded|remarked|observed|commented|insisted|stressed|"
          r"stating|saying|adding|writing|tweeting|asking|warning|noting|arguing)")
_ADVERBS = r"(?:(?:also|later|then|publicly|unconvincingly|rhetorically|again|repeatedly|reportedly|had|has|have|" \
           r"once|further|bluntly|openly|recently|earlier)\s+){0,3}"
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
INDIRECT = (r"said|says|stated|states|noted|notes|told|tells|argued|argues|added|adds|reiterated|warned|agreed|"
            r"explained|claimed|insisted|confirmed|declared|admitted|speculated|accused|asked|stressed|"
            r"emphasized|emphasised|suggested|believes|thinks|made\s+it\s+clear|promised|vowed|threatened|"
            r"announced|acknowledged|denied|continued")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted words (without the marks)."""
    out = []
    for m in _PAIR.finditer(text):
        g = 1 if m.group(1) is not None else 2
        out.append((m.start(g), m.end(g)))
    return out


def _speaker_at(doc: Doc, start: int, end: int) -> Optional[Mention]:
    """A person named, or referred to by a pronoun, in text[start:end] standing as a speaker."""
    for m in doc._.mentions:
        if m.type == "person" and start <= m.start < end and not doc._.text.startswith(("’s", "'s"), m.end):
            return m
    return None


def _last_person_before(doc: Doc, pos: int, quotes: list[tuple[int, int]]) -> Optional[Mention]:
    """The person a pronoun points back to: the last one named, unless named only inside a role
    ('an advisor to President X') or inside quoted words."""
    best = None
    for m in doc._.mentions:
        if m.type == "person" and m.end <= pos and not any(s <= m.start < e for s, e in quotes) and \
                not re.search(r"\b(?:to|of|for|with)\s+(?:(?:President|Prime|Minister|Foreign|Defen[cs]e|General|"
                              r"Deputy|the|former)\s+)*$", doc._.text[max(0, m.start - 40):m.start]):
            best = m
    return best


def _people(doc: Doc):
    return doc._.people or {}


def _make(doc: Doc, speaker: str, text: str, start: int, end: int, direct: bool) -> Quote:
    info = _people(doc).get(speaker)
    sent = sentence_at(doc, start)
    refs = dates_in(doc, sent.start, sent.end) if sent else []
    date = refs[0].period.start if refs and refs[0].period.start == refs[0].period.end else None
    return Quote(speaker=speaker, role=info.role if info else None, direct=direct, text=text.strip(),
                 date=date, evidence=[evidence(doc, start, end)])


def quotes(doc: Doc) -> Doc:
    text = doc._.text
    spans = doc._.quote_spans
    out: list[Quote] = []
    direct_sentences: dict[int, set[str]] = {}
    i = 0
    prev_speaker: Optional[str] = None
    prev_end = -1
    while i < len(spans):
        qs, qe = spans[i]
        body = text[qs:qe]
        after = text[qe + 1:qe + 160].split("\n")[0]
        sent = sentence_at(doc, qs)
        speaker, attr_end = _attribution_after(doc, qe + 1, after, spans)
        if speaker is None:
            speaker = _attribution_before(doc, qs, sent, spans)
        if speaker is None and prev_speaker and qs - prev_end < 250 and "\n" not in text[prev_end:qs] \
                or speaker is None and prev_speaker and re.fullmatch(r"[\s,.]*", text[prev_end:qs - 1]):
            speaker = prev_speaker  # the attributed speaker goes on in the next quote of the paragraph
        quote_text, q_end, joined = body, qe, False
        # '“first half,” he said, “second half.”' is one quote
        if attr_end and i + 1 < len(spans):
            ns, ne = spans[i + 1]
            if re.fullmatch(r",\s*", text[attr_end:ns - 1]) and text[ns:ns + 1].islower():
                quote_text, q_end, joined = body + " " + text[ns:ne], ne, True
        if speaker is None or len(quote_text.split()) < 5:  # scare quotes and fragments are not quotes
            i += 1
            continue
        i += 1 if joined else 0
        out.append(_make(doc, speaker, quote_text, qs, q_end, True))
        for pos in (qs, attr_end or qs):
            s_ = sentence_at(doc, min(pos, len(text) - 1))
            if s_:
                direct_sentences.setdefault(s_.start, set()).add(speaker)
        prev_speaker, prev_end = speaker, (attr_end or q_end + 1)
        i += 1
    out += _indirect(doc, spans, direct_sentences)
    doc._.facts["quotes"] = sorted(out, key=lambda q: q.evidence[0].start)
    return doc


def _attribution_after(doc: Doc, pos: int, after: str, spans) -> tuple[Optional[str], Optional[int]]:
    """'…,” says X' / '…,” X said' / '…,” he said' → (speaker, end of the attribution)."""
    m = re.match(rf"[\s,]*(?:(?P<pro>he|she)\s+{_ADVERBS}(?P<v1>{SPEECH})|(?P<v2>{SPEECH})\s+(?P<who>[A-Z])"
                 rf"|(?P<name>[A-Z][^,.;“”\"]{{2,80}}?)\s*(?:,[^,“”\"]{{3,140}},\s*)?{_ADVERBS}(?P<v3>{SPEECH}))", after)
    if not m:
        return None, None
    end = pos + m.end()
    if m.group("pro"):
        p = _last_person_before(doc, pos, spans)
        return (p.canonical if p else None), end
    start = pos + (m.start("who") if m.group("who") else m.start("name"))
    limit = pos + (m.end() + 60 if m.group("who") else m.start("v3"))
    sp = _speaker_at(doc, start, limit)
    return (sp.canonical if sp else None), (max(end, sp.end) if sp else end)


def _attribution_before(doc: Doc, qs: int, sent, spans) -> Optional[str]:
    """'X told reporters that “…”', 'X tweeted that “…”', 'According to him, “…”'."""
    if sent is None:
        return None
    before = doc._.text[sent.start:qs - 1]
    m = re.search(rf"\b{_INTRO}\b[^“”\"]{{0,80}}?(?:that|:|,)?\s*$", before)
    if m:
        sp = None
        for p in doc._.mentions:
            if p.type == "person" and sent.start <= p.start < sent.start + m.start() and \
                    not doc._.text.startswith(("’s", "'s"), p.end):
                sp = p
        if sp:
            return sp.canonical
        if _PRONOUN.search(before[:m.start()]):
            p = _last_person_before(doc, sent.start, spans)
            return p.canonical if p else None
    m = re.search(r"\bAccording to (him|her|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s*,", before)
    if m:
        if m.group(1).lower() in ("him", "her"):
            p = _last_person_before(doc, sent.start, spans)
            return p.canonical if p else None
        sp = _speaker_at(doc, sent.start + m.start(1), sent.start + m.end(1))
        return sp.canonical if sp else None
    return None


def _indirect(doc: Doc, spans, direct_sentences: dict[int, set[str]]) -> list[Quote]:
    text = doc._.text
    out: list[Quote] = []
    for sent in doc._.sentences:
        s = sent.text
        if "?" in s[-2:] or re.search(r"[”\"][ \t]*$", text[max(0, sent.start - 3):sent.start]):
            continue  # a question, or the attribution tail of a direct quote
        taken: set[str] = set(direct_sentences.get(sent.start, set()))
        quoted = sum(e - b for b, e in spans if sent.start <= b < sent.end)
        # 'X said (that) …' / 'X, the …, told reporters that …' / 'X who noted that …'
        for p in [m for m in doc._.mentions if m.type == "person" and sent.start <= m.start < sent.end]:
            if text.startswith(("’s", "'s"), p.end) or p.canonical in taken:
                continue
            rest = text[p.end:sent.end]
            m = re.match(rf"(?:\s+of\s+[A-Z]\w+)?(?:\s*,[^,“”\"]{{3,140}},)?\s*,?\s*(?:who\s+)?(?:[^.;]{{0,160}}?,?\s+and\s+)?"
                         rf"(?:{_ADVERBS})(?:on\s+[A-Z]\w+\s+\d+\s+|"
                         rf"in\s+[A-Z]\w+\s+)?(?P<verb>{INDIRECT})\b(?P<obj>\s+(?:[^,.;“”\"]{{0,60}}?\s+)?that\b|\s+to\b|\s+why\b|:|,)?",
                         rest)
            if not m:
                continue
            verb = m.group("verb")
            body_start = p.end + m.end()
            if verb in ("accused", "promised", "vowed", "threatened", "asked", "admitted", "denied", "declared") \
                    and not (m.group("obj") or "").strip().endswith("that"):
                body_start = p.end + m.start("verb")
            elif not m.group("obj") and verb not in ("said", "says", "stated", "noted", "told", "agreed",
                                                      "reiterated", "added", "warned", "explained", "argued"):
                continue
            elif verb in ("told", "tells") and not (m.group("obj") or "").strip().endswith("that"):
                continue
            body = text[body_start:sent.end].strip().rstrip(".")
            if len(body.split()) < 4 or (quoted and quoted > 0.6 * len(body)):
                continue
            out.append(_make(doc, p.canonical, body, sent.start, sent.end, False))
            taken.add(p.canonical)
        if taken - set(direct_sentences.get(sent.start, set())):
            continue
        # '…, X explained in April, is …' / '…, he said in televised remarks.'
        m = re.search(rf",\s+(?P<who>he|she|(?:[A-Z][\w’'-]+\s+){{0,4}}[A-Z][\w’'-]+)\s+{_ADVERBS}(?P<verb>{INDIRECT})\b"
                      rf"[^,.“”\"]{{0,40}}(?:,|\.$|$)", s)
        if not m or quoted:
            continue
        if m.group("who").lower() in ("he", "she"):
            sp = _last_person_before(doc, sent.start + m.start(), spans)
        else:
            sp = _speaker_at(doc, sent.start + m.start("who"), sent.start + m.end("who"))
        if sp is None or sp.canonical in taken:
            continue
        body = (s[:m.start()] + " " + s[m.end():]).strip().rstrip(".")
        if len(body.split()) >= 4:
            out.append(_make(doc, sp.canonical, body, sent.start, sent.end, False))
    return out
