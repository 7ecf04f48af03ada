"""The review endpoints: confirm, reject, edit and add through the API (token required), the queue, the history,
and the reviewed documents as gold."""
import pytest
from fastapi.testclient import TestClient

from armstrace.api import create_app
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest

TOKEN = "rev1ew"
ARTICLE = ("Deals in the South Caucasus\n\nMay 3, 2019\n\nRussia delivered 12 T-90 tanks to Armenia in 2018, the "
           "ministry said. Israel sold Harop drones to Azerbaijan in 2016. Belarus shipped Polonez launchers to "
           "Azerbaijan in 2018, a report said.\n")
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "deals.txt").write_text(ARTICLE)
    store = Store(str(tmp_path / "r.db")) if request.param == "sqlite" else \
        Store(request.getfixturevalue("postgres").new_database())
    assert ingest(store, [tmp_path / "c"], extractor=extract).ok
    return TestClient(create_app(store=store, token=TOKEN, allowed_hosts=["testserver"]))


def _transfer(client, supplier):
    rows = client.get("/api/facts/transfers", params={"supplier": supplier, "review": "all"}).json()["items"]
    return rows[0]


def test_review_endpoints_need_the_token(client):
    t = _transfer(client, "Israel")
    assert client.post(f"/api/facts/transfers/{t['id']}/review", json={"action": "reject"}).status_code == 401
    assert client.post(f"/api/facts/transfers/{t['id']}/review", json={"action": "reject"},
                       headers={"Authorization": "Bearer nope"}).status_code == 401
    assert _transfer(client, "Israel")["review"] is None


def test_reject_edit_and_add_through_the_api(client):
    israel, russia = _transfer(client, "Israel"), _transfer(client, "Russia")
    r = client.post(f"/api/facts/transfers/{israel['id']}/review", json={"action": "reject", "reviewer": "ana"},
                    headers=AUTH)
    assert r.status_code == 200 and r.json()["review"] == "rejected"
    assert client.get("/api/facts/transfers", params={"supplier": "Israel"}).json()["total"] == 0
    r = client.post(f"/api/facts/transfers/{russia['id']}/review",
                    json={"action": "edit", "fields": {"supplier": "Belarus"}}, headers=AUTH)
    assert r.json()["supplier"] == "Belarus" and r.json()["review"] == "edited"
    doc = russia["document_id"]
    text = client.get(f"/api/documents/{doc}").json()["text"]
    s = text.index("Israel sold")
    e = text.index("in 2016.") + 8
    r = client.post("/api/facts/transfers", headers=AUTH, json={
        "document_id": doc, "start": s, "end": e,
        "fields": {"supplier": "Israel", "recipient": "Azerbaijan", "weapon": "Harop", "status": "delivered"}})
    assert r.status_code == 201 and r.json()["evidence"] == text[s:e] and r.json()["review"] == "added"
    history = client.get("/api/reviews", params={"document": doc}).json()
    assert [h["action"] for h in history] == ["add", "edit", "reject"]
    assert history[1]["previous"]["supplier"] == "Russia" and history[2]["reviewer"] == "ana"
    dyads = {(r["supplier"], r["recipient"]) for r in client.get("/api/analytics/who-arms-whom").json()["rows"]}
    assert ("Belarus", "Armenia") in dyads and ("Russia", "Armenia") not in dyads


def test_unknown_facts_and_bad_reviews(client):
    assert client.post("/api/facts/transfers/99999/review", json={"action": "confirm"}, headers=AUTH).status_code == 404
    t = _transfer(client, "Russia")
    assert client.post(f"/api/facts/transfers/{t['id']}/review", json={"action": "edit", "fields": {"status": "x"}},
                       headers=AUTH).status_code == 422
    assert client.post(f"/api/facts/transfers/{t['id']}/review", json={"action": "bless"},
                       headers=AUTH).status_code == 422
    assert client.post("/api/facts/transfers", headers=AUTH, json={
        "document_id": t["document_id"], "start": 0, "end": 10_000_000, "fields": {"supplier": "X"}}).status_code == 422
    assert client.post("/api/facts/transfers", headers=AUTH, json={
        "document_id": "00000000", "start": 0, "end": 5, "fields": {}}).status_code == 404


def test_a_concurrent_edit_the_later_wins_and_the_history_keeps_both(client):
    t = _transfer(client, "Russia")
    for who, n in (("ana", 4), ("ben", 14)):
        assert client.post(f"/api/facts/transfers/{t['id']}/review", headers=AUTH,
                           json={"action": "edit", "fields": {"quantity": n}, "reviewer": who}).status_code == 200
    assert client.get(f"/api/facts/transfers/{t['id']}").json()["quantity"] == 14
    edits = [(h["reviewer"], h["fields"]["quantity"]) for h in client.get("/api/reviews").json()]
    assert edits == [("ben", 14), ("ana", 4)]


def test_queue_and_gold(client):
    q = client.get("/api/review-queue", params={"kind": "transfers"}).json()
    assert q["items"] and q["progress"]["transfers"]["reviewed"] == 0
    confidences = [x["confidence"] for x in q["items"]]
    assert confidences == sorted(confidences)
    first = q["items"][0]
    client.post(f"/api/facts/transfers/{first['id']}/review", json={"action": "confirm"}, headers=AUTH)
    assert client.get("/api/review-queue", params={"kind": "transfers"}).json()["progress"]["transfers"]["reviewed"] == 1
    [gold] = client.get("/api/gold").json()
    assert [(x["supplier"], x["recipient"]) for x in gold["gold"]["transfers"]] == \
        [(first["supplier"], first["recipient"])]          # only the reviewed facts are gold
    assert gold["text"].startswith("Deals in the South Caucasus")


def test_the_catalogue_suggests_systems_for_review_forms(client):
    hits = client.get("/api/catalogue", params={"q": "bayraktar"}).json()
    assert hits[0]["family"] == "Bayraktar TB2" and hits[0]["origin"] == "Turkey"
    assert any(h["family"] == "Iskander" for h in client.get("/api/catalogue", params={"q": "iskander-m"}).json())
    assert client.get("/api/catalogue").status_code == 422
