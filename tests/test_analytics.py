"""The cross-article layer on a small store of articles written for these tests."""
import pytest

from armstrace import analytics as an
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest

ARTICLES = {
    "a-wire.txt": """Russia Hands Over Air Defence Systems

By Eda Yilmaz

August 1, 2019

Turkey received Russian S-400 air defence systems worth $2.5 billion in July, the defence ministry said.
Russia is selling arms to both India and Pakistan, officials in Ankara noted.
""",
    "b-daily.md": """# Ankara's Missile Deal

Publication: Bosphorus Daily

Date: September 3, 2019

Turkey received the S-400 air defence systems from Russia for $2 billion, according to officials.
“The deal was about sovereignty, not about weapons,” said Kerem Aydin, a defence analyst at the Istanbul Policy Lab.
""",
    "c-review.txt": """Who Supplies South Asia

March 20, 2021

Russia accounted for 49 percent of India's arms imports between 2016 and 2020, according to SIPRI.
China has long been Pakistan's main arms supplier.
On February 27, 2019, Indian and Pakistani aircraft clashed over Kashmir.
India and Pakistan agreed a ceasefire on February 25, 2021.
Kerem Aydin, a senior fellow at the Istanbul Policy Lab, said the trend would continue.
""",
    "d-monitor.txt": """Denials Over Radar Shipments

May 5, 2022

Kazakh authorities denied that Russia had delivered radars to Kazakhstan.
Russia delivered radars to Kazakhstan in April, a defence source said.
""",
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    """The same questions on both backends."""
    root = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (root / name).write_text(text)
    if request.param == "sqlite":
        s = Store(str(tmp_path_factory.mktemp("db") / "a.db"))
    else:
        s = Store(request.getfixturevalue("postgres").new_database())
    report = ingest(s, [root], extractor=extract)
    assert report.ok and len(report.added) == 4
    s.corpus = root
    return s


def test_fusion_combines_sources_and_flags_different_values(store):
    [f] = [f for f in an.fused_transfers(store) if f["weapon"] == "S-400"]
    assert (f["supplier"], f["recipient"], f["documents"]) == ("Russia", "Turkey", 2)
    assert (f["value_min"], f["value_max"]) == (2e9, 2.5e9)
    assert f["value_conflict"] and not f["status_conflict"]
    assert {s["document_id"] for s in f["sources"]} == {r["document_id"] for r in store.fact_rows(
        "transfers", weapon="S-400")}   # the first and the last report, as evidence


def test_disputes_list_conflicting_values_and_denied_deliveries(store):
    d = an.disputes(store)
    kinds = {(r["kind"], r["claim"]) for r in d.rows}
    assert ("conflicting value", "Russia → Turkey: S-400") in kinds
    assert ("conflicting status", "Russia → Kazakhstan: radar") in kinds or \
        any(r["kind"] == "claim in dispute" and "Russia had delivered radars" in r["claim"] for r in d.rows)


def test_who_arms_whom_counts_each_deal_once(store):
    rows = {(r["supplier"], r["recipient"]): r for r in an.who_arms_whom(store).rows}
    assert rows[("Russia", "Turkey")]["transfers"] == 1 and rows[("Russia", "Turkey")]["documents"] == 2
    assert rows[("Russia", "Turkey")]["known_value_usd"] == 2.5e9
    assert rows[("Russia", "Turkey")]["systems"] == "S-400"
    assert ("China", "Pakistan") in rows
    assert ("Russia", "Turkey") not in {(r["supplier"], r["recipient"]) for r in an.who_arms_whom(store, "2021").rows}


def test_share_states_its_basis(store):
    t = an.share(store, "India", "2016-2020")
    [row] = [r for r in t.rows if r["basis"].startswith("stated")]
    assert (row["supplier"], row["share_percent"], row["source"]) == ("Russia", 49.0, "SIPRI")
    assert row["basis"] == "stated (same period)"
    with pytest.raises(ValueError):
        an.share(store, "India", "last year")


def test_both_sides(store):
    t = an.both_sides(store, "India", "Pakistan")
    assert [r["supplier"] for r in t.rows] == ["Russia"]
    assert t.rows[0]["evidence"]["India"][0]["evidence"].startswith("Russia is selling arms to both India and Pakistan")


def test_timeline_of_a_dyad_is_in_order(store):
    t = an.timeline(store, "India", "Pakistan")
    kinds = [(r["start"], r["kind"]) for r in t.rows if not r["kind"].startswith("transfer")]
    assert kinds == [("2019-02-27", "armed clash"), ("2021-02-25", "ceasefire")]


def test_quotes_by_speaker_and_topic(store):
    assert [q["speaker"] for q in an.quotes(store, speaker="Aydin").rows] == ["Kerem Aydin", "Kerem Aydin"]
    assert [q["text"] for q in an.quotes(store, about="sovereignty").rows] == [
        "The deal was about sovereignty, not about weapons,"]


def test_entity_profile_has_aliases_roles_and_sources(store):
    p = an.entity_profile(store, "Aydin")
    assert p["name"] == "Kerem Aydin" and p["type"] == "person"
    assert {r["role"] for r in p["roles"]} == {"a defence analyst at the Istanbul Policy Lab",
                                               "a senior fellow at the Istanbul Policy Lab"}
    assert len(p["documents"]) == 2
    r = an.entity_profile(store, "Ankara")  # an alias finds its entity
    assert r["name"] == "Turkey"
    with pytest.raises(LookupError):
        an.entity_profile(store, "Atlantis")


def test_manual_merge_and_split_survive_reextraction(store):
    an.merge_entities(store, "Kazakhstan", "Republic of Kazakhstan")
    ingest(store, [store.corpus], extractor=extract, force=True)
    rows = {(r["supplier"], r["recipient"]) for r in an.who_arms_whom(store).rows}
    assert ("Russia", "Republic of Kazakhstan") in rows and ("Russia", "Kazakhstan") not in rows
    assert an.entity_profile(store, "Kazakhstan")["name"] == "Republic of Kazakhstan"
    an.split_entity(store, "Turkey", "Ankara", "Ankara (city)")
    assert an.entity_profile(store, "Turkey")["aliases_moved_by_split"] == {"Ankara": "Ankara (city)"}
