"""Claims stage: where the text reports two sides disagreeing — an allegation and its denial, a statement
disputed or recanted, a clarification rejected — as claim, who asserts it, who disputes it, evidence.

Shapes: 'X denied/dismissed/rejected [Y's] allegations/claims that C', 'X disputed the clarification by Y who
noted that C', 'X recanted his statement', 'Y said that C, a claim X rejected', 'X denied the accusation' (the
accusation being the previous sentence)."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Claim
from .annotations import Doc, Mention, evidence, mentions_in
from .lexicon import speech_forms

_DISPUTE = re.compile(r"\b(?:denied|denies|dismissed|rejected|refuted|disputed|recanted|withdrew|"
                      r"dismissal\s+of)\b(?!\s+(?:the\s+)?(?:[\w’']+\s+){0,2}(?:calls?|proposals?|offers?|plans?|requests?|"
                      r"demands?|invitations?)\b)", re.I)
_ASSERTED = speech_forms("assertion")   # said, stated, reported, confirmed, ...
_ALLEGE = re.compile(rf"\b(?:accus\w+|alleg\w+|claim\w*|blamed|{_ASSERTED})\b", re.I)
_WHAT = re.compile(r"\b(?:allegations?|accusations?|claims?|reports?|news|statement|clarification)\s+(?:that|of|about)\s+"
                   r"(?P<what>[^.;]{5,200})", re.I)
_ANAPHOR = re.compile(r"^\s*(?:the|these|those|this|that)\s+(?:accusations?|allegations?|claims?|reports?|charges?)\s*"
                      r"(?:as\s+\w+)?\s*\.?$", re.I)
# 'Y said on May 2 that C, a claim X and Z rejected as false'
_APPOSITIVE = re.compile(rf"\b(?:{_ASSERTED}|alleged)\b[^,.;]*?\bthat\s+(?P<what>[^;]{{5,200}}?),\s+"
                         r"(?:a|an|the)\s+(?:claim|charge|accusation|report|allegation)\s+(?:that\s+)?(?P<who>[^.;]{2,80}?)\s+"
                         r"(?:rejected|denied|dismissed|disputed|refuted)\b", re.I)
_APPOSITIVE_VERB = re.compile(r"\b(?:rejected|denied|dismissed|disputed|refuted)\b", re.I)  # what _APPOSITIVE needs
_INSTITUTION = r"\s+(?:defen[cs]e\s+|foreign\s+)?(?:ministry|government|officials|authorities|army|forces|office|side|leadership)"


def _actors_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """Parties: named states, people and organisations; a demonym or possessive only as 'Turkish authorities',
    "Azerbaijan's defence ministry"."""
    text = doc.text
    out = []
    for m in mentions_in(doc, start, end):
        if m.type not in ("country", "person", "organization"):
            continue
        possessive = text.startswith(("’s", "'s"), m.end)
        institution = re.match(_INSTITUTION, text[m.end + (2 if possessive else 0):m.end + 40], re.I)
        if (m.kind in ("demonym", "origin") or possessive) and not institution:
            continue
        out.append(m)
    return out


def _asserters_named_by(doc: Doc, start: int, end: int) -> list[str]:
    """'Armenian claims', "Moscow's allegations": the side a claim belongs to, named right before it."""
    text = doc.text
    return [m.canonical for m in mentions_in(doc, start, end) if m.type == "country" and
            re.match(r"(?:’s|'s)?\s+(?:claims?|allegations?|accusations?|reports?|charges?)\b", text[m.end:m.end + 25])]


def claims(doc: Doc) -> Doc:
    text = doc.text
    out: list[Claim] = []
    prev_asserters: list[str] = []
    accusations: list[tuple[str, set[str]]] = []  # (accuser, the accused)
    prev_text: Optional[str] = None
    for sent in doc.sentences:
        s = sent.text
        a = _APPOSITIVE.search(s) if _APPOSITIVE_VERB.search(s) else None
        if a:
            asserter = next((m.canonical for m in _actors_in(doc, sent.start, sent.start + a.start())), None)
            disputers = [m.canonical for m in _actors_in(doc, sent.start + a.start("who"), sent.start + a.end("who"))]
            if disputers:
                out.append(Claim(claim=a["what"].strip(), asserted_by=[asserter] if asserter else [],
                                 disputed_by=list(dict.fromkeys(disputers)), evidence=[evidence(doc, sent.start, sent.end)]))
                prev_text = s
                continue
        d = _DISPUTE.search(s)
        if not d:
            ms = _actors_in(doc, sent.start, sent.end)
            al = _ALLEGE.search(s)
            if al and ms:
                prev_asserters = [ms[0].canonical]
                accused = {m.canonical for m in ms if m.start > sent.start + al.start()}
                accuser = [m for m in ms if m.start < sent.start + al.start()]
                if accuser and accused:
                    accusations.append((accuser[-1].canonical, accused))
            prev_text = s
            continue
        dpos = sent.start + d.start()
        before = _actors_in(doc, sent.start, dpos)
        if d.group(0).lower().startswith("dismissal"):  # "Russia's dismissal of …"
            before = [m for m in doc.mentions if sent.start <= m.start < dpos and m.type == "country"]
        after = _actors_in(doc, dpos, sent.end)
        disputer = before[-1] if before else None
        rest = s[d.end():]
        what = _WHAT.search(rest)
        inner = re.search(rf"\b(?:{_ASSERTED})\s+that\s+(?P<what>[^.;]{{5,200}})", rest)
        what = inner or what
        claim_text = what["what"].strip() if what else rest.strip(" .")
        if _ANAPHOR.match(rest) and prev_text:  # 'Turkey denied the accusation.': the previous sentence made it
            claim_text = prev_text.strip()
        named_by = [x for x in after if re.search(r"\bby\s+(?:[\w’'-]+\s+){0,5}$", text[max(dpos, x.start - 60):x.start])]
        asserted = [named_by[0].canonical] if named_by else _asserters_named_by(doc, dpos, sent.end)[:1]
        recanted = bool(re.match(r"\w+\s+(?:his|her|its|their)\s+(?:own\s+)?statement", s[d.start():]) and disputer)
        if recanted and disputer:
            asserted = [disputer.canonical]  # a statement recanted: its author against himself
        if not asserted and disputer:  # the last one to accuse the disputer
            asserted = next(([who] for who, accused in reversed(accusations) if disputer.canonical in accused), [])
        if not asserted:
            asserted = [x for x in prev_asserters if not disputer or x != disputer.canonical]
        if not asserted:
            asserted = [x.canonical for x in after if not disputer or x.canonical != disputer.canonical][:1]
        prev_text = s
        if disputer is None or len(claim_text.split()) < 3:
            continue
        out.append(Claim(claim=claim_text, asserted_by=[x for x in asserted if recanted or x != disputer.canonical],
                         disputed_by=[disputer.canonical], evidence=[evidence(doc, sent.start, sent.end)]))
    doc.facts["claims"] = out
    return doc
