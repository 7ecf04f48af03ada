"""The REST API: every endpoint, bad parameters, pagination, the upload limits and the token."""
import json

import pytest
from fastapi.testclient import TestClient

from armstrace.api import MAX_UPLOAD_BYTES, create_app
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest

ARTICLE_A = ("Drones for the Gulf\n\nBy Sam Writer\n\nJune 2, 2020\n\nTurkey sold Bayraktar TB2 drones to Qatar in "
             "2019, officials said. “The drones changed the balance,” said Lina Haddad, a defence analyst in Istanbul.\n"
             "On May 4, 2020, Qatar and Turkey held talks in Ankara.\n")
ARTICLE_B = ("Jets for Doha\n\nJuly 9, 2021\n\nFrance delivered Rafale fighter aircraft to Qatar. Qatar also bought "
             "Turkish drones, analysts say.\n")
TOKEN = "s3cret-token"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("c")
    (root / "a.txt").write_text(ARTICLE_A)
    (root / "b.txt").write_text(ARTICLE_B)
    if request.param == "sqlite":
        store = Store(str(tmp_path_factory.mktemp("db") / "api.db"))
    else:
        store = Store(request.getfixturevalue("postgres").new_database())
    assert ingest(store, [root], extractor=extract).ok
    return TestClient(create_app(store=store, token=TOKEN, allowed_hosts=["testserver"]))


def test_health_and_openapi(client):
    assert client.get("/api/health").json()["counts"]["documents"] == 2
    spec = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/facts/transfers", "/api/analytics/both-sides"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_documents_list_search_and_one_with_its_facts(client):
    page = client.get("/api/documents", params={"limit": 1}).json()
    assert (len(page["items"]), page["total"], page["limit"]) == (1, 2, 1)
    hits = client.get("/api/documents", params={"q": "Rafale"}).json()
    assert [d["title"] for d in hits["items"]] == ["Jets for Doha"] and hits["total"] == 1
    doc_id = hits["items"][0]["id"]
    one = client.get(f"/api/documents/{doc_id}").json()
    assert one["doc"]["title"] == "Jets for Doha" and one["text"].startswith("Jets for Doha")
    [t] = [t for t in one["transfers"] if t["weapon"] == "Rafale"]
    s, e = t["evidence_spans"][0]
    assert one["text"][s:e] == t["evidence"]
    assert client.get("/api/documents/ffffffffffff").status_code == 404


def test_facts_with_filters_and_pagination(client):
    all_ = client.get("/api/facts/transfers").json()
    assert all_["total"] >= 3
    qatar_from_turkey = client.get("/api/facts/transfers", params={"supplier": "Turkey", "recipient": "Qatar"}).json()
    assert qatar_from_turkey["items"] and all(r["supplier"] == "Turkey" for r in qatar_from_turkey["items"])
    by_country = client.get("/api/facts/transfers", params={"country": "France"}).json()
    assert {r["supplier"] for r in by_country["items"]} == {"France"}
    second = client.get("/api/facts/transfers", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] == all_["items"][1]["id"]
    assert client.get("/api/facts/quotes", params={"speaker": "Haddad"}).json()["items"][0]["speaker"] == "Lina Haddad"
    assert client.get("/api/facts/events", params={"actor": "Qatar", "from": "2020"}).json()["total"] >= 1


@pytest.mark.parametrize("url,params", [
    ("/api/facts/weapons", {}),
    ("/api/facts/transfers", {"limit": 0}),
    ("/api/facts/transfers", {"limit": 100000}),
    ("/api/facts/transfers", {"offset": -1}),
    ("/api/facts/transfers", {"status": "stolen"}),
    ("/api/facts/transfers", {"from": "last year"}),
    ("/api/analytics/share", {}),
    ("/api/analytics/share", {"recipient": "Qatar", "period": "soon"}),
    ("/api/analytics/both-sides", {"a": "Qatar"}),
    ("/api/entities", {"type": "planet"}),
    ("/api/facts/transfers", {"from": "2021-02-30"}),          # no such day
    ("/api/facts/events", {"to": "2023-13"}),                  # no such month
    ("/api/facts/transfers", {"speaker": "Haddad"}),            # a filter of another kind
    ("/api/facts/claims", {"from": "2020"}),                    # claims have no dates
    ("/api/documents", {"q": "tanks\x00"}),                    # a NUL byte
    ("/api/facts/quotes", {"speaker": "\x07"}),
])
def test_bad_parameters_are_4xx_with_a_reason(client, url, params):
    res = client.get(url, params=params)
    assert res.status_code in (404, 422)
    assert res.json()["detail"]


def test_analytics_endpoints(client):
    waw = client.get("/api/analytics/who-arms-whom").json()
    assert {("Turkey", "Qatar"), ("France", "Qatar")} <= {(r["supplier"], r["recipient"]) for r in waw["rows"]}
    assert client.get("/api/analytics/share", params={"recipient": "Qatar"}).status_code == 200
    assert client.get("/api/analytics/both-sides", params={"a": "Qatar", "b": "Turkey"}).json()["rows"] == []
    tl = client.get("/api/analytics/timeline", params={"a": "Qatar"}).json()
    assert [r["start"] for r in tl["rows"]] == sorted(r["start"] for r in tl["rows"]) and tl["rows"]
    assert client.get("/api/analytics/quotes", params={"about": "balance"}).json()["rows"][0]["speaker"] == "Lina Haddad"
    assert client.get("/api/analytics/disputes").status_code == 200


def test_entities_and_profiles(client):
    page = client.get("/api/entities", params={"type": "country"}).json()
    assert {"Qatar", "Turkey", "France"} <= {e["name"] for e in page["items"]}
    assert client.get("/api/entities/Doha").json()["name"] == "Qatar"
    assert client.get("/api/entities/Atlantis").status_code == 404


def test_upload_needs_the_token(client):
    body = {"text": "Azerbaijan bought Israeli Harop drones in 2016, officials said.", "published": "2016-11-01"}
    assert client.post("/api/documents", json=body).status_code == 401
    assert client.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    res = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 201, res.text
    data = res.json()
    assert data["status"] == "added" and data["transfers"][0]["supplier"] == "Israel"
    again = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["status"] in ("duplicate", "unchanged")


def test_upload_limits_and_validation(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    huge = json.dumps({"text": "x" * (MAX_UPLOAD_BYTES + 10)})
    assert client.post("/api/documents", content=huge, headers={**auth, "Content-Type": "application/json"}).status_code == 413
    assert client.post("/api/documents", json={"text": ""}, headers=auth).status_code == 422
    assert client.post("/api/documents", content=b"{not json", headers={**auth, "Content-Type": "application/json"}).status_code == 422


def test_without_a_token_the_api_is_read_only(tmp_path):
    c = TestClient(create_app(db=str(tmp_path / "ro.db"), token="", allowed_hosts=["testserver"]))
    res = c.post("/api/documents", json={"text": "anything"}, headers={"Authorization": "Bearer x"})
    assert res.status_code == 403 and "read-only" in res.json()["detail"]


def test_dashboard_page_has_a_strict_content_security_policy(client):
    res = client.get("/")
    assert res.status_code == 200 and "script-src 'self'" in res.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200


def test_security_headers_on_every_response(client):
    for path in ("/", "/docs", "/api/health", "/openapi.json", "/static/app.js", "/api/documents/ffffffffffff"):
        h = client.get(path).headers
        assert h["X-Content-Type-Options"] == "nosniff" and h["Referrer-Policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"], path
    assert "script-src 'self'" in client.get("/docs").headers["Content-Security-Policy"]


def test_the_docs_load_nothing_from_elsewhere(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in page and "http" not in page.replace("http-equiv", "")
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_an_unknown_host_is_refused(client):
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400


def test_openapi_documents_the_upload_its_security_and_errors(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/documents"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["properties"]["text"]
    assert {"401", "403", "409", "413", "422", "503"} <= set(post["responses"])
    assert post["security"] and spec["components"]["securitySchemes"]
    assert "404" in spec["paths"]["/api/documents/{doc_id}"]["get"]["responses"]


def test_an_upload_name_never_replaces_another_document(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = {"text": "Chile bought Leopard tanks from Germany in 2019, officials said.", "name": "chile.txt"}
    assert client.post("/api/documents", json=first, headers=auth).status_code == 201
    other = {"text": "Peru bought KT-1 trainers from South Korea in 2012.", "name": "chile.txt"}
    res = client.post("/api/documents", json=other, headers=auth)
    assert res.status_code == 409 and "already document" in res.json()["detail"]
    assert client.get("/api/documents", params={"q": "Leopard"}).json()["total"] == 1


def test_a_full_extraction_queue_answers_503_with_retry_after(client):
    pool = client.app.state.pool
    busy, pool.busy = pool.busy, pool.capacity
    try:
        res = client.post("/api/documents", json={"text": "Chad bought tanks from China in 2020."},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        pool.busy = busy
    assert res.status_code == 503 and res.headers["Retry-After"] == "10"
