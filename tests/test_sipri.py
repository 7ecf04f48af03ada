"""SIPRI's register and TIV tables, from small files written in SIPRI's own layout."""
from pathlib import Path

import pytest

from armstrace import analytics as an
from armstrace.model import Document, content_id
from armstrace.pipeline import extract
from armstrace.sipri import country, import_file, weapon
from armstrace.store import Store

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(tmp_path):
    return Store(str(tmp_path / "s.db"))


def test_designations_map_onto_the_catalogue():
    assert weapon("9M723 Iskander", "SSM")[:2] == ("Iskander", "9M723 Iskander")
    assert weapon("9P78 Iskander", "SSM launcher")[0] == "Iskander"
    assert weapon("BM-9A52 Smerch", "self-propelled MRL")[0] == "Smerch"
    assert weapon("Akash-1", "SAM")[0] == "Akash"
    assert weapon("Toophan-9", "anti-tank missile") == ("Toophan-9", None, "general")  # not catalogued: SIPRI's name
    assert country("Hezbollah (Lebanon)*") == "Hezbollah (Lebanon)" and country("Bosnia-Herzegovina") == \
        "Bosnia and Herzegovina"


def test_register_rows_become_sipri_transfers_with_their_line_as_evidence(store):
    r = import_file(store, FIX / "sipri-register.csv")
    assert (r.kind, r.rows, r.imported) == ("register", 8, 7)
    assert r.skipped and "columns" in r.skipped[0]
    rows, total = an.facts(store, "transfers", {"supplier": "Russia", "recipient": "Armenia"})
    assert total == 3 and {x["source"] for x in rows} == {"SIPRI"}
    iskander = [x for x in rows if x["variant"] == "9M723 Iskander"][0]
    assert (iskander["weapon"], iskander["quantity"], iskander["status"], iskander["period_start"],
            iskander["period_end"]) == ("Iskander", 25, "delivered", "2013", "2016")
    assert iskander["evidence"].startswith("Armenia,Russia,2013,?,25,?,9M723 Iskander")
    stages = {x["weapon"]: x["status"] for x in an.facts(store, "transfers", {"recipient": "Armenia"})[0]}
    assert stages["CAESAR"] == "ordered" and stages["SWATHI"] == "ongoing"  # nothing / part delivered
    doc = store.document(rows[0]["document_id"])
    assert doc.outlet == "SIPRI" and doc.published == "2026-03-03" and "Café note" in doc.text


def test_sipri_rows_stay_out_of_what_the_news_says(store):
    import_file(store, FIX / "sipri-register.csv")
    assert an.who_arms_whom(store).rows == []


def test_crosscheck_pairs_news_with_register_deals(store):
    import_file(store, FIX / "sipri-register.csv")
    text = ("Missiles on Parade\n\nOctober 3, 2016\n\nNotably, in 2016, Armenia obtained Russian Iskander missile "
            "systems. Russia also supplied Armenia with Kornet anti-tank missiles.\n")
    store.save(extract(Document(id=content_id(text), text=text, source_path="news.txt", published="2016-10-03")))
    rows = {(r["match"], r["weapon"]) for r in an.crosscheck(store, "Armenia").rows}
    assert ("in both", "Iskander") in rows and ("news only", "Kornet") in rows
    assert ("SIPRI only", "Smerch") in rows and ("SIPRI only", "CAESAR") in rows
    [iskander] = [r for r in an.crosscheck(store, "Armenia").rows if r["weapon"] == "Iskander"]
    assert "ordered 2013, delivered 2016" in iskander["sipri"]


def test_tiv_tables_give_shares(store):
    for f in ("tiv-israel.csv", "tiv-russia.csv"):
        r = import_file(store, FIX / f)
        assert r.kind == "tiv" and r.imported > 0
    rows = [r for r in an.share(store, "Azerbaijan", "2016-2020").rows if r["basis"].startswith("SIPRI TIV")]
    got = {r["supplier"]: r["share_percent"] for r in rows}
    # Israel 100+200+150+100+40 = 590, Russia 40+30+30+20+10 = 130
    assert got == {"Israel": round(100 * 590 / 720, 1), "Russia": round(100 * 130 / 720, 1)}
    # importing a table again replaces that supplier's values
    import_file(store, FIX / "tiv-israel.csv")
    assert {r["supplier"]: r["share_percent"] for r in an.share(store, "Azerbaijan", "2016-2020").rows
            if r["basis"].startswith("SIPRI TIV")} == got


def test_a_file_that_is_not_a_sipri_export_is_a_clear_error(store, tmp_path):
    f = tmp_path / "notes.csv"
    f.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ValueError, match="not a SIPRI export"):
        import_file(store, f)


def test_crosscheck_compares_families_whatever_the_case_or_variant(store, tmp_path):
    from armstrace.model import Evidence, Extraction, Transfer

    register = tmp_path / "register.csv"
    register.write_bytes((FIX / "sipri-register.csv").read_bytes().replace(
        b"broken line", b"Armenia,Russia,2019,,4,,Su-30SM,FGA aircraft,4,,2020,New,,30,120,120\nbroken line"))
    import_file(store, register)
    text = "Radars and jets\n\nIndia delivered Swathi radars to Armenia in 2021. Russia sold Su-30 jets to Armenia."
    doc = Document(id=content_id(text), text=text, source_path="n.txt", published="2021-06-01")
    ev = lambda s: [Evidence(document_id=doc.id, start=text.index(s), end=text.index(s) + len(s), text=s)]  # noqa
    store.save(Extraction(document=doc, transfers=[
        Transfer(supplier="India", recipient="Armenia", weapon="Swathi", category="general", status="delivered",
                 evidence=ev("India delivered Swathi radars to Armenia in 2021.")),
        Transfer(supplier="Russia", recipient="Armenia", weapon="Su-30", category="aircraft", status="delivered",
                 evidence=ev("Russia sold Su-30 jets to Armenia."))]))
    rows = an.crosscheck(store, "Armenia").rows
    assert {r["weapon"] for r in rows if r["match"] == "news only"} == set()
    assert {r["weapon"] for r in rows if r["match"] == "in both"} == {"Swathi", "Su-30"}
