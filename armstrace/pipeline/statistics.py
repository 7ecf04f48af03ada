"""statistics stage (in progress)."""
from spacy.tokens import Doc


def statistics(doc: Doc) -> Doc:
    return doc
