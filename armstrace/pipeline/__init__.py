"""Extraction pipeline: armstrace's stages, each a function over one annotated document (annotations.Doc), in this order:

    sentences → gazetteer → parse → names → dates → quotes → transfers → statistics → events → claims → framing

`extract(document)` runs it and returns the document's Extraction (facts, entities, evidence spans). A stage
that fails on some input costs only its own facts for that article, and an article past its time budget
(ARMSTRACE_BUDGET seconds) keeps what the finished stages found: either is recorded on the Extraction.
Importing this package is cheap; spaCy and the data files load on the first extraction.
"""
from __future__ import annotations

from typing import Optional

from ..model import Document, Extraction

VERSION = "0.3"


class Pipeline:
    """The extractor: a document → its Extraction (within `seconds`, else ARMSTRACE_BUDGET); `version` is stored
    with the facts it makes, so a newer pipeline re-extracts."""

    version = VERSION

    def __call__(self, document: Document, seconds: Optional[float] = None) -> Extraction:
        from .run import run

        return run(document, seconds)


extract = Pipeline()


def build():
    """Load the data files and the statistical model now (a worker warming up before its first article)."""
    from .run import build as _build

    _build()

