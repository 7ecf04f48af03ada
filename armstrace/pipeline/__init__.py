"""Extraction pipeline: a spaCy Language (blank English, no statistical model needed) whose components are
armstrace's stages, each a function Doc → Doc, in this order:

    sentences → entities → dates → transfers → statistics → events → quotes → claims → framing

`extract(document)` runs it and returns the document's Extraction (facts, entities, evidence spans).
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..model import Document, Extraction
from . import annotations  # noqa: F401  (registers the doc._ attributes)
from .claims import claims
from .entities import entities, entity_list
from .events import events
from .framing import framing
from .quotes import quotes
from .sentences import sentences
from .statistics import statistics
from .temporal import dates
from .transfers import transfers

VERSION = "0.2"
STAGES = {"armstrace_sentences": sentences, "armstrace_entities": entities, "armstrace_dates": dates,
          "armstrace_transfers": transfers, "armstrace_statistics": statistics, "armstrace_events": events,
          "armstrace_quotes": quotes, "armstrace_claims": claims, "armstrace_framing": framing}

for _name, _fn in STAGES.items():
    if _name not in Language.factories:
        Language.component(_name, func=_fn)


@lru_cache(maxsize=1)
def build() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("en")
    nlp.max_length = 30_000_000
    for name in STAGES:
        nlp.add_pipe(name)
    return nlp


def make_doc(document: Document) -> Doc:
    nlp = build()
    doc = nlp.make_doc(document.text)
    doc._.text = document.text  # spaCy rebuilds doc.text from tokens on every access; stages read this
    doc._.document = document
    doc._.doc_date = document.published
    doc._.facts = {"transfers": [], "statistics": [], "events": [], "quotes": [], "claims": []}
    return doc


def extract(document: Document) -> Extraction:
    nlp = build()
    doc = make_doc(document)
    for _, component in nlp.pipeline:
        doc = component(doc)
    facts = {k: v for k, v in doc._.facts.items() if not k.startswith("_")}
    return Extraction(document=document, entities=entity_list(doc), **facts)


extract.version = VERSION
