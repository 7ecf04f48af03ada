"""Exports, read back with the tools analysts use."""
import csv
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest

from armstrace.export import export
from armstrace.pipeline import extract
from armstrace.report import build_report
from armstrace.store import Store
from armstrace.workflow import ingest

TEXT_A = ("Deals in the Gulf\n\nJune 2, 2020\n\nFrance delivered Rafale fighter aircraft to Qatar in 2019, officials "
          "said. The United States sold F-15 fighters to Qatar for $12 billion.\n")
TEXT_B = ("Drones Abroad\n\nJuly 9, 2021\n\nTurkey sells Bayraktar TB2 drones to Qatar. Qatar also bought "
          "French Rafale jets.\n<script>alert('x')</script> was printed in the comments.\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("c")
    (root / "a.txt").write_text(TEXT_A)
    (root / "b.txt").write_text(TEXT_B)
    s = Store(str(tmp_path_factory.mktemp("db") / "e.db"))
    assert ingest(s, [root], extractor=extract).ok
    return s


def test_graphml_reads_back_in_networkx(store, tmp_path):
    path = tmp_path / "net.graphml"
    export(store, "graphml", path)
    g = nx.read_graphml(path)
    assert {("France", "Qatar"), ("United States", "Qatar"), ("Turkey", "Qatar")} <= set(g.edges())
    assert g.edges["France", "Qatar"]["weight"] == 1.0 and g.edges["France", "Qatar"]["sources"] == 2
    assert g.edges["United States", "Qatar"]["known_value_usd"] == 12e9
    assert g.nodes["Qatar"]["volume"] == 3


def test_csv_and_json_exports_hold_facts_and_evidence(store, tmp_path):
    export(store, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "transfers.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {(r["supplier"], r["recipient"], r["weapon"]) for r in rows} >= {("France", "Qatar", "Rafale"),
                                                                          ("Turkey", "Qatar", "Bayraktar TB2")}
    with (tmp_path / "csv" / "evidence.csv").open() as f:
        ev = list(csv.DictReader(f))
    assert any(e["text"].startswith("France delivered Rafale") for e in ev)
    export(store, "json", tmp_path / "all.json")
    data = json.loads((tmp_path / "all.json").read_text())
    assert set(data) >= {"entities", "documents", "transfers", "events", "quotes", "statistics", "claims", "evidence"}


def test_parquet_export(store, tmp_path):
    export(store, "parquet", tmp_path / "pq")
    t = pq.read_table(tmp_path / "pq" / "transfers.parquet")
    assert "supplier" in t.column_names and t.num_rows >= 3


def test_unknown_format_is_a_clear_error(store, tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export(store, "xls", tmp_path / "x")


def test_report_is_self_contained_escaped_and_links_facts_to_evidence(store):
    html = build_report(store)
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "http" not in html.split("<body>")[0]  # no external stylesheet or script
    assert "<svg" in html and ">Qatar</text>" in html
    import re
    links = set(re.findall(r'href="#(ev-[a-z]+-\d+)"', html))
    anchors = set(re.findall(r'<a id="(ev-[a-z]+-\d+)"></a><mark>', html))
    assert links and links <= anchors


def test_a_title_starting_with_a_formula_character_opens_as_text(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("=HYPERLINK(\"http://x.example\",\"click\")\n\nJune 2, 2020\n\n"
                                "France delivered Rafale jets to Qatar in 2019, officials said.\n")
    s = Store(str(tmp_path / "f.db"))
    assert ingest(s, [root], extractor=extract).ok
    [path] = [p for p in export(s, "csv", tmp_path / "out") if p.name == "documents.csv"]
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert row["title"].startswith("'=HYPERLINK(")  # a spreadsheet shows it, never runs it
    from typer.testing import CliRunner

    from armstrace.cli import app

    res = CliRunner().invoke(app, ["query", "who-arms-whom", "--db", str(tmp_path / "f.db"), "--format", "csv"])
    assert res.exit_code == 0 and not any(line.startswith(("=", "+", "@")) for line in res.stdout.splitlines())
