"""Claims stage: where the text reports two sides disagreeing — an allegation and its denial, a statement
disputed or recanted, a clarification rejected — as claim, who asserts it, who disputes it, evidence."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Claim
from .annotations import Mention, evidence

_DISPUTE = re.compile(r"\b(?:denied|denies|dismissed|rejected|refuted|disputed|recanted|withdrew|"
                      r"dismissal\s+of)\b(?!\s+(?:the\s+)?(?:[\w’']+\s+){0,2}(?:calls?|proposals?|offers?|plans?|requests?|"
                      r"demands?|invitations?)\b)", re.I)
_ALLEGE = re.compile(r"\b(?:accus\w+|alleg\w+|claim\w*|blamed|said|says|stated|reported|confirmed|declared|"
                     r"admitted|noted|asserted)\b", re.I)
_WHAT = re.compile(r"\b(?:allegations?|accusations?|claims?|reports?|news|statement|clarification)\s+(?:that|of|about)\s+"
                   r"(?P<what>[^.;]{5,200})", re.I)


def _actors_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """Parties: named states, people and organisations; a demonym only as 'Turkish authorities'."""
    return [m for m in doc._.mentions if start <= m.start < end and m.type in ("country", "person", "organization")
            and (m.kind not in ("demonym", "origin") or re.match(r"\s+(?:authorities|officials|government|side|"
                                                                  r"ministry|leadership)", doc._.text[m.end:m.end + 20]))
            and not doc._.text.startswith(("’s", "'s"), m.end)]


def claims(doc: Doc) -> Doc:
    text = doc._.text
    out: list[Claim] = []
    prev_asserters: list[str] = []
    accusations: list[tuple[str, set[str]]] = []  # (accuser, the accused)
    for sent in doc._.sentences:
        s = sent.text
        d = _DISPUTE.search(s)
        if not d:
            ms = _actors_in(doc, sent.start, sent.end)
            a = _ALLEGE.search(s)
            if a and ms:
                prev_asserters = [ms[0].canonical]
                accused = {m.canonical for m in ms if m.start > sent.start + a.start()}
                accuser = [m for m in ms if m.start < sent.start + a.start()]
                if accuser and accused:
                    accusations.append((accuser[-1].canonical, accused))
            continue
        dpos = sent.start + d.start()
        before = _actors_in(doc, sent.start, dpos)
        if d.group(0).lower().startswith("dismissal"):  # "Russia's dismissal of …"
            before = [m for m in doc._.mentions if sent.start <= m.start < dpos and m.type == "country"]
        after = _actors_in(doc, dpos, sent.end)
        disputer = before[-1] if before else None
        what = _WHAT.search(s[d.end():])
        inner = re.search(r"\b(?:noted|said|claimed|stated)\s+that\s+(?P<what>[^.;]{5,200})", s[d.end():])
        what = inner or what
        claim_text = what["what"].strip() if what else s[d.end():].strip(" .")
        named_by = [a for a in after if re.search(r"\bby\s+(?:[\w’'-]+\s+){0,5}$", text[max(dpos, a.start - 60):a.start])]
        asserted = [named_by[0].canonical] if named_by else []
        if re.match(r"\w+\s+(?:his|her|its|their)\s+(?:own\s+)?statement", s[d.start():]) and disputer:
            asserted = [disputer.canonical]  # a statement recanted: its author against himself
        if not asserted and disputer:  # the last one to accuse the disputer
            asserted = next(([who] for who, accused in reversed(accusations) if disputer.canonical in accused), [])
        if not asserted:
            asserted = [a for a in prev_asserters if not disputer or a != disputer.canonical]
        if not asserted:
            asserted = [a.canonical for a in after if not disputer or a.canonical != disputer.canonical][:1]
        # 'a claim both Ankara and Baku rejected': the disputers come before the verb, the claim before them
        if disputer is None or not asserted or len(claim_text.split()) < 3:
            continue
        out.append(Claim(claim=claim_text, asserted_by=asserted, disputed_by=[disputer.canonical],
                         evidence=[evidence(doc, sent.start, sent.end)]))
    doc._.facts["claims"] = out
    return doc
