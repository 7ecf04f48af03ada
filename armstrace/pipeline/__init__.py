"""Extraction pipeline: armstrace's stages, each a function over one annotated spaCy Doc, in this order:

    sentences → gazetteer → parse → names → dates → transfers → statistics → events → quotes → claims → framing

`extract(document)` runs it and returns the document's Extraction (facts, entities, evidence spans). A stage
that fails on some input costs only its own facts for that article: the error is recorded on the Extraction.
Importing this package is cheap; spaCy and the data files load on the first extraction.
"""
from __future__ import annotations

from ..model import Document, Extraction

VERSION = "0.3"


def extract(document: Document) -> Extraction:
    from .run import run

    return run(document)


def build():
    """Load the data files and the statistical model now (a worker warming up before its first article)."""
    from .run import build as _build

    return _build()


def stage_names() -> list[str]:
    from .run import STAGES

    return [name for name, _ in STAGES]


extract.version = VERSION
