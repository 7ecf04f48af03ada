"""Browsing facts through the API as the dashboard does: sorting, paging, prefix filters, one fact, the whole
filtered set as CSV, and SIPRI's register kept apart from the news."""
import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from armstrace.api import create_app
from armstrace.model import Document, Evidence, Extraction, Period, Transfer, content_id
from armstrace.sipri import import_file
from armstrace.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
SUPPLIERS = ["Russia", "Israel", "Turkey", "=cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("db") / "browse.db"))
    text = "Many deliveries.\n" + "".join(f"Line {i} says a delivery happened.\n" for i in range(1200))
    doc = Document(id=content_id(text), text=text, title="A long list", source_path="list.txt", published="2020-01-01")
    lines = [(m.start(), m.end()) for m in __import__("re").finditer(r"Line \d+[^\n]*", text)]
    transfers = [Transfer(supplier=SUPPLIERS[i % 4], recipient="Armenia", weapon="T-72", quantity=i,
                          period=Period(start=str(1990 + i % 30)), status="delivered",
                          evidence=[Evidence(document_id=doc.id, start=s, end=e, text=text[s:e])])
                 for i, (s, e) in enumerate(lines)]
    store.save(Extraction(document=doc, transfers=transfers))
    import_file(store, FIXTURES / "sipri-register.csv")
    return TestClient(create_app(store=store, allowed_hosts=["testserver"]))


def test_sorting_and_paging(client):
    page = client.get("/api/facts/transfers", params={"sort": "quantity", "order": "desc", "limit": 5,
                                                      "source": "news"}).json()
    assert page["total"] == 1200
    assert [r["quantity"] for r in page["items"]] == [1199, 1198, 1197, 1196, 1195]
    nxt = client.get("/api/facts/transfers", params={"sort": "quantity", "order": "desc", "limit": 5, "offset": 5,
                                                     "source": "news"}).json()
    assert [r["quantity"] for r in nxt["items"]] == [1194, 1193, 1192, 1191, 1190]
    assert client.get("/api/facts/transfers", params={"sort": "evidence"}).status_code == 422


def test_a_name_filter_takes_its_start_in_any_case(client):
    page = client.get("/api/facts/transfers", params={"supplier": "isr", "limit": 3, "source": "news"}).json()
    assert page["total"] == 300 and {r["supplier"] for r in page["items"]} == {"Israel"}
    assert client.get("/api/facts/transfers", params={"supplier": "%"}).json()["total"] == 0   # literal, no wildcard


def test_news_and_sipri_are_told_apart(client):
    sipri = client.get("/api/facts/transfers", params={"source": "SIPRI"}).json()
    assert sipri["total"] > 0 and {r["source"] for r in sipri["items"]} == {"SIPRI"}
    one = client.get(f"/api/facts/transfers/{sipri['items'][0]['id']}").json()
    assert one["source"] == "SIPRI" and one["evidence_all"][0]["text"].startswith("Armenia,")
    assert client.get("/api/facts/transfers/999999").status_code == 404
    assert client.get("/api/facts/nonsense/1").status_code == 422
    titles = [d["title"] for d in client.get("/api/documents").json()["items"]]
    assert titles == ["A long list"]                       # the register is no article
    assert len(client.get("/api/documents", params={"register": True}).json()["items"]) == 2
    both = client.get("/api/analytics/who-arms-whom", params={"source": "both"}).json()
    assert {"sipri_deals", "sipri_tiv"} <= set(both["columns"])
    russia = next(r for r in both["rows"] if (r["supplier"], r["recipient"]) == ("Russia", "Armenia"))
    assert russia["transfers"] >= 1 and russia["sipri_deals"] >= 1
    check = client.get("/api/analytics/crosscheck", params={"recipient": "Armenia"}).json()
    assert {r["match"] for r in check["rows"]} >= {"SIPRI only"}


def test_the_csv_export_streams_every_matching_fact(client):
    r = client.get("/api/facts/transfers.csv", params={"source": "news", "sort": "quantity"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1200 == int(r.headers["x-total-count"])          # past the 500-row page, never cut
    assert [int(x["quantity"]) for x in rows] == list(range(1200))
    assert rows[0]["evidence"] == "Line 0 says a delivery happened." and rows[0]["document_id"]
    assert {x["source"] for x in rows} == {"news"}
    formula = next(x for x in rows if "cmd" in x["supplier"])
    assert formula["supplier"].startswith("'=")                          # a cell is text, never a formula
    empty = client.get("/api/facts/transfers.csv", params={"supplier": "Nobody"})
    assert empty.text.splitlines()[0].startswith("supplier,recipient")   # the header, even for no rows


def test_facets_count_the_values_of_the_matching_facts(client):
    f = client.get("/api/facets/transfers", params={"source": "news"}).json()
    assert {x["value"]: x["count"] for x in f["supplier"]} == {s: 300 for s in SUPPLIERS}
    assert f["source"] == [{"value": "news", "count": 1200}]
    narrowed = client.get("/api/facets/transfers", params={"supplier": "Israel", "source": "news"}).json()
    assert narrowed["supplier"] == [{"value": "Israel", "count": 300}]
    assert client.get("/api/facets/transfers", params={"speaker": "x"}).status_code == 422
