"""events stage (in progress)."""
from spacy.tokens import Doc


def events(doc: Doc) -> Doc:
    return doc
