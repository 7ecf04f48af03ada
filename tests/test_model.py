"""The JSON interchange form (docs/schema.md) is written and read by the model alone."""
from armstrace.model import Document, Evidence, Extraction, Statistic, Transfer, content_id

SCHEMA_KEYS = {"doc", "transfers", "statistics", "events", "quotes", "entities", "claims_in_dispute", "framing"}


def test_content_id_ignores_whitespace_layout():
    assert content_id("A  b\n\nc") == content_id("a b c") and len(content_id("x")) == 16


def test_json_has_the_schema_fields_and_round_trips():
    text = "Russia's share was 65 percent. Russia sold Azerbaijan tanks."
    doc = Document(id=content_id(text), text=text, source_path="dir/x.txt", title="T")
    s = text.index("Russia sold")
    ex = Extraction(document=doc,
                    transfers=[Transfer(supplier="Russia", recipient="Azerbaijan", category="armour",
                                        evidence=[Evidence(start=s, end=len(text), text=text[s:])])],
                    statistics=[Statistic(subject="Azerbaijan", metric="arms import share", counterpart="Russia",
                                          value=65, unit="percent",
                                          evidence=[Evidence(start=0, end=30, text=text[:30])])])
    data = ex.to_json()
    assert set(data) == SCHEMA_KEYS
    assert data["doc"]["file"] == "x.txt"
    t = data["transfers"][0]
    assert set(t) >= {"supplier", "recipient", "weapon", "variant", "category", "quantity", "value", "period",
                      "status", "financing", "evidence"}
    assert t["evidence"] == "Russia sold Azerbaijan tanks."
    back = Extraction.from_json(data, text)
    assert back.transfers[0].evidence[0].start == s
    assert back.statistics[0].value == 65


def test_file_stem_of_jsonl_line():
    doc = Document(id="x", text="t", source_path="/a/bundle.jsonl#L3")
    assert doc.file_stem == "bundle-3"
