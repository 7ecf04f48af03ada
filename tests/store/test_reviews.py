"""Analyst reviews in the store: confirm, reject, edit and add facts; the answers use the reviewed values; the
reviews re-attach after re-extraction; every change is kept."""
import pytest

from armstrace import analytics as an
from armstrace.model import Document, Evidence, Extraction, Money, Transfer, content_id
from armstrace.store import Store
from armstrace.store.reviews import ReviewError

TEXT = ("Russia sold Iskander missiles to Armenia in 2016. Israel sold Harop drones to Azerbaijan. "
        "The deal was worth $5 million. Belarus also sent Polonez launchers to Azerbaijan in 2018.")


def _span(text, words):
    s = text.index(words)
    return s, s + len(words)


def _extraction(text=TEXT, version=1):
    doc = Document(id=content_id(text), text=text, title="Two deals", source_path="d.txt", published="2019-01-01")

    def ev(words):
        s, e = _span(text, words)
        return [Evidence(document_id=doc.id, start=s, end=e, text=text[s:e])]
    facts = [Transfer(supplier="Russia", recipient="Armenia", weapon="Iskander", evidence=ev("Russia sold Iskander"),
                      confidence=0.9),
             Transfer(supplier="Israel", recipient="Azerbaijan", weapon="Harop", value=Money(amount=5e6),
                      evidence=ev("Israel sold Harop drones"), confidence=0.5)]
    if version == 2:  # a newer extractor: the same facts, found with other spans and another order
        facts = [Transfer(supplier="Israel", recipient="Azerbaijan", weapon="Harop",
                          evidence=ev("Israel sold Harop drones to Azerbaijan."), confidence=0.6),
                 Transfer(supplier="Russia", recipient="Armenia", weapon="Iskander",
                          evidence=ev("Russia sold Iskander missiles to Armenia in 2016."), confidence=0.95)]
    return Extraction(document=doc, transfers=facts)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    s = Store(str(tmp_path / "r.db")) if request.param == "sqlite" else \
        Store(request.getfixturevalue("postgres").new_database())
    s.save(_extraction())
    return s


def _transfer(store, supplier):
    [row] = [r for r in store.fact_rows("transfers", with_rejected=True) if r["supplier"] == supplier]
    return row


def _dyads(store):
    return {(r["supplier"], r["recipient"]) for r in an.who_arms_whom(store).rows}


def test_reject_edit_and_add_change_the_answers(store):
    doc_id = _transfer(store, "Russia")["document_id"]
    store.review("transfers", _transfer(store, "Israel")["id"], "reject", reviewer="ana")
    assert ("Israel", "Azerbaijan") not in _dyads(store)                       # a rejected fact answers nothing
    assert _transfer(store, "Israel")["review"] == "rejected"
    edited = store.review("transfers", _transfer(store, "Russia")["id"], "edit", {"quantity": 4, "status": "ordered"},
                          reviewer="ben")
    assert edited["quantity"] == 4 and edited["status"] == "ordered" and edited["review"] == "edited"
    s, e = _span(TEXT, "Belarus also sent Polonez launchers to Azerbaijan in 2018.")
    new_id = store.add_fact("transfers", doc_id, s, e, {"supplier": "Belarus", "recipient": "Azerbaijan",
                                                        "weapon": "Polonez", "status": "delivered"}, reviewer="ana")
    assert store.fact("transfers", new_id)["evidence"] == TEXT[s:e]
    assert ("Belarus", "Azerbaijan") in _dyads(store)
    history = store.review_history(doc_id)
    assert [h["action"] for h in history] == ["add", "edit", "reject"]
    edit = history[1]
    assert edit["reviewer"] == "ben" and edit["previous"]["status"] == "delivered" and edit["previous"]["quantity"] is None


def test_reviews_survive_re_extraction(store):
    store.review("transfers", _transfer(store, "Israel")["id"], "reject")
    store.review("transfers", _transfer(store, "Russia")["id"], "edit", {"supplier": "Belarus"})
    doc_id = _transfer(store, "Belarus")["document_id"]
    s, e = _span(TEXT, "Belarus also sent Polonez launchers")
    store.add_fact("transfers", doc_id, s, e, {"supplier": "Belarus", "recipient": "Azerbaijan", "weapon": "Polonez"})
    store.save(_extraction(version=2))                                        # re-extracted by a newer pipeline
    rows = store.fact_rows("transfers", with_rejected=True)
    verdicts = {(r["supplier"], r["weapon"]): r["review"] for r in rows}
    assert verdicts == {("Israel", "Harop"): "rejected", ("Belarus", "Iskander"): "edited",
                        ("Belarus", "Polonez"): "added"}
    assert _dyads(store) == {("Belarus", "Armenia"), ("Belarus", "Azerbaijan")}


def test_the_later_of_two_edits_wins_and_the_history_keeps_both(store):
    fact_id = _transfer(store, "Russia")["id"]
    store.review("transfers", fact_id, "edit", {"quantity": 4}, reviewer="ana")
    store.review("transfers", fact_id, "edit", {"quantity": 12}, reviewer="ben")
    assert store.fact("transfers", fact_id)["quantity"] == 12
    quantities = [(h["reviewer"], h["fields"]["quantity"], h["previous"]["quantity"]) for h in store.review_history()]
    assert quantities == [("ben", 12, 4), ("ana", 4, None)]


def test_bad_reviews_are_refused_and_change_nothing(store):
    fact_id = _transfer(store, "Russia")["id"]
    with pytest.raises(ReviewError):
        store.review("transfers", fact_id, "edit", {"status": "stolen"})
    with pytest.raises(ReviewError):
        store.review("transfers", fact_id, "edit", {"colour": "red"})
    with pytest.raises(ReviewError):
        store.add_fact("transfers", _transfer(store, "Russia")["document_id"], 5, 10_000, {"supplier": "X"})
    with pytest.raises(LookupError):
        store.review("transfers", 999_999, "confirm")
    assert store.review_history() == [] and _transfer(store, "Russia")["review"] is None


def test_the_queue_puts_the_least_confident_first_and_counts_progress(store):
    q = store.review_queue("transfers")
    assert [r["supplier"] for r in q["items"]] == ["Israel", "Russia"]
    store.review("transfers", q["items"][0]["id"], "confirm")
    q = store.review_queue("transfers")
    assert [r["supplier"] for r in q["items"]] == ["Russia"] and q["progress"]["transfers"] == {"reviewed": 1, "total": 2}
