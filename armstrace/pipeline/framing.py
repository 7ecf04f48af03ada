"""Framing stage: the reporter's own wording that carries a side ('liberated' vs 'occupied' territories),
counted outside quotations. It describes the source, not the world, so it is kept apart from the facts."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .annotations import Coverage
from .knowledge import _lines


@lru_cache(maxsize=1)
def _terms() -> tuple[re.Pattern, dict[str, str]]:
    sides = {term.lower(): side for term, side in _lines("framing.txt")}
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(sides, key=len, reverse=True)) + r")\b",
                         re.I)
    return pattern, sides


def framing(doc: Doc) -> Doc:
    pattern, sides = _terms()
    text = doc._.text
    quoted = Coverage(len(text))
    for s, e in doc._.quote_spans or []:
        quoted.add(s, e)
    counts: dict[str, int] = {}
    for m in pattern.finditer(text):
        if not quoted.hit(m.start(), m.start() + 1):
            term = m.group(0).lower()
            counts[term] = counts.get(term, 0) + 1
    doc._.facts["framing"] = [{"term": t, "side": sides[t], "count": n} for t, n in sorted(counts.items())]
    return doc
