"""Sentence boundaries: paragraph and line breaks, and sentence-final punctuation not after an abbreviation; a run
of more than MAX_SENTENCE characters without one is cut at a clause boundary."""
from __future__ import annotations

import re

from .annotations import Doc, Sentence

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep",
                 "prof", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                 "no", "vol", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "jr", "sr", "inc", "ltd", "co",
                 "corp", "approx", "est", "fig", "mt", "ft"}
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|(?<=[a-z0-9]{2})\.(?=[A-Z][a-z])|\n\s*\n|\n")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(0, m.start() - 12):m.start() + 1])
            w = word.group(1).lower() if word else ""
            if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue  # 'Nov. 17', 'Jane Q. Writer'
        end = m.end()
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


MAX_SENTENCE = 1500   # characters: a longer run without a full stop (a list, a table, an unpunctuated dump) is cut
_BREAKS = (re.compile(r"[;:]\s"), re.compile(r",\s"), re.compile(r"\s"))


def _add(out: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:  # every later stage's cost per sentence stays bounded
        cut = next((m.end() for b in _BREAKS
                    for m in [_last(b, text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)] if m),
                   start + MAX_SENTENCE)
        _add(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def _last(pattern: re.Pattern, text: str, lo: int, hi: int):
    """The last match of pattern in text[lo:hi], or None."""
    last = None
    for last in pattern.finditer(text, lo, hi):  # noqa: B007 — the loop keeps the last one
        pass
    return last


def sentences(doc: Doc) -> Doc:
    """Sentences, and the spans of quoted words (later stages treat quoted text as the speaker's, not the
    reporter's)."""
    from .quotes import quote_spans

    doc.sentences = split_sentences(doc.text)
    doc.sent_starts = [s.start for s in doc.sentences]
    doc.quote_spans = quote_spans(doc.text)
    return doc
