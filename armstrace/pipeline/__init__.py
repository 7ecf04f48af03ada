"""Extraction pipeline: one document in, its facts, entities and evidence out (see stages in this package)."""
from __future__ import annotations

from ..model import Document, Extraction

VERSION = "0.1"


def extract(document: Document) -> Extraction:
    return Extraction(document=document)


extract.version = VERSION
