"""claims stage (in progress)."""
from spacy.tokens import Doc


def claims(doc: Doc) -> Doc:
    return doc
