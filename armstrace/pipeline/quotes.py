"""quotes stage (in progress)."""
from spacy.tokens import Doc


def quotes(doc: Doc) -> Doc:
    return doc
