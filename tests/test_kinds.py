"""Fact kinds are declared once (model.FACT_KIND): the store, the API, the dashboard's tabs, the CLI's counts and
the interchange format follow from that declaration."""
from fastapi.testclient import TestClient

from armstrace.api import create_app
from armstrace.model import FACT_KIND, Document, Extraction, TransferStatus
from armstrace.store import Store
from armstrace.store import schema as t


def test_every_kind_has_a_table_a_field_and_a_json_key(tmp_path):
    assert set(t.FACT_TABLES) == set(FACT_KIND)
    for spec in FACT_KIND.values():
        assert spec.name in Extraction.model_fields
        assert spec.key in Extraction(document=Document(id="0" * 16, text="x")).to_json()
        cols = t.FACT_TABLES[spec.name].c
        for f in (*spec.filters, *spec.facets, *spec.sortable):
            assert f in cols, (spec.name, f)
        if spec.dates:
            assert all(c in cols for c in spec.dates)


def test_the_api_serves_each_kind_with_its_own_filters(tmp_path):
    client = TestClient(create_app(store=Store(str(tmp_path / "k.db")), allowed_hosts=["testserver"]))
    kinds = client.get("/api/kinds").json()
    assert [k["name"] for k in kinds] == list(FACT_KIND)
    transfers = next(k for k in kinds if k["name"] == "transfers")
    status = next(f for f in transfers["filters"] if f["name"] == "status")
    assert status["values"] == list(TransferStatus.__args__)
    assert "period_start" in transfers["columns"] and "value_amount" in transfers["columns"]
    spec = client.get("/openapi.json").json()["paths"]
    for k in FACT_KIND.values():
        params = {p["name"] for p in spec[f"/api/facts/{k.name}"]["get"]["parameters"]}
        assert set(k.all_filters) <= params
        assert ("from" in params) == bool(k.dates)
        assert client.get(f"/api/facts/{k.name}").status_code == 200
    assert client.get("/api/facts/transfers", params={"status": "stolen"}).status_code == 422
    assert client.get("/api/facts/claims", params={"from": "2016"}).status_code == 422   # claims have no dates
