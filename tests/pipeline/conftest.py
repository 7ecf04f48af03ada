import pytest

from armstrace.model import Document, content_id
from armstrace.pipeline import extract


@pytest.fixture
def run():
    """run(text, published='2019-05-10') → the Extraction of an article with that text and date."""
    def _run(text, published="2019-05-10"):
        return extract(Document(id=content_id(text), text=text, published=published, source_path="t.txt"))
    return _run
