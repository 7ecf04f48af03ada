"""Whatever the text, extraction finishes and every evidence span is the text's own characters."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armstrace.model import Document, content_id
from armstrace.pipeline import extract

WORDS = ["Russia", "Armenia", "Baku", "the Kremlin", "Iskander", "S-400", "sold", "delivered", "to", "from",
         "buying", "Israeli", "drones", "$4 billion", "65 percent", "of", "imports", "On April 9,", "last week",
         "said", "“", "”", '"', "he said.", "Minister", "Dmitry Medvedev", "denied", "claims", "that", "it", ".",
         ",", "\n\n", "(", ")", "ceasefire", "war", "between 2013 and 2017", "K2", "tanks", "’s", "-", "—"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), min_size=1, max_size=60),
       st.sampled_from([None, "2016-04", "2021-04-03"]))
def test_extraction_never_fails_and_evidence_is_verbatim(parts, published):
    text = " ".join(parts)
    doc = Document(id=content_id(text), text=text, published=published)
    ex = extract(doc)
    for _, fact in ex.facts():
        for ev in fact.evidence:
            assert text[ev.start:ev.end] == ev.text
