"""Framing stage: the reporter's own wording that carries a side ('liberated' vs 'occupied' territories),
counted outside quotations, in an article about that conflict. It describes the source, not the world, so it is
kept apart from the facts."""
from __future__ import annotations

import re
from functools import lru_cache

from ..data import read_rows, split_list
from .annotations import Coverage, Doc
from .lexicon import alternation


@lru_cache(maxsize=1)
def _terms() -> tuple[re.Pattern, dict[str, tuple[str, frozenset[str]]]]:
    """term → (side, the conflict's parties)."""
    sides = {term.lower(): (side, frozenset(split_list(parties))) for term, side, parties in read_rows("framing.txt")}
    pattern = re.compile(r"\b(?:" + alternation(sides, fold=True) + r")\b", re.I)
    return pattern, sides


def framing(doc: Doc) -> Doc:
    pattern, sides = _terms()
    text = doc.text
    quoted = Coverage(len(text))
    for s, e in doc.quote_spans:
        quoted.add(s, e)
    named = {m.state or m.canonical for m in doc.mentions if m.type == "country"}
    counts: dict[str, int] = {}
    for m in pattern.finditer(text):
        term = m.group(0).lower()
        if not quoted.hit(m.start(), m.start() + 1) and sides[term][1] & named:
            counts[term] = counts.get(term, 0) + 1  # 'occupation' frames only an article about that conflict
    doc.facts["framing"] = [{"term": t, "side": sides[t][0], "count": n} for t, n in sorted(counts.items())]
    return doc
