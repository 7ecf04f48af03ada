"""Every fact's evidence is a verbatim span of its article: on every example article, every kind of fact."""
from pathlib import Path

import pytest

from armstrace.ingest import discover, read_path
from armstrace.model import Document
from armstrace.pipeline import extract

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
DOCS = [d for f in discover([EXAMPLES])[0] for d in read_path(f) if isinstance(d, Document)]


def test_the_example_corpus_is_there():
    assert len(DOCS) >= 8


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file_stem)
def test_evidence_is_verbatim(doc):
    ex = extract(doc)
    facts = list(ex.facts())
    assert facts, "every example article states something"
    for kind, fact in facts:
        assert fact.evidence, (kind, fact)
        for ev in fact.evidence:
            assert doc.text[ev.start:ev.end] == ev.text and ev.text.strip() == ev.text, (kind, fact)


def test_example_corpus_yields_transfers_from_several_suppliers():
    suppliers = {t.supplier for d in DOCS for t in extract(d).transfers}
    assert {"Russia", "Israel", "Turkey", "India", "Belarus", "Pakistan"} <= suppliers
