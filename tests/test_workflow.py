"""The main job: deduplication, idempotent re-ingest, bad files in a batch, crashes mid-batch."""
import pytest

from armstrace.model import Evidence, Extraction, Transfer
from armstrace.store import Store
from armstrace.workflow import ingest

ARTICLE = ("Arms for the Border\n\nBy Sam Writer\n\nMay 5, 2019\n\n"
           "Russia delivered ten tanks to Armenia last month, the defence ministry said on Friday. "
           "Officials in Baku protested and said the delivery would change the balance along the border. "
           "Analysts expect further deliveries of artillery and air defence systems before the end of the year.\n")
OTHER = ("Drones over the Plain\n\nJune 1, 2020\n\nTurkey sold drones to Azerbaijan, according to export data "
         "published by an industry group on Monday, and more sales are planned for next year.\n")


def fake_extractor(doc):
    """One transfer per document, its evidence the first sentence of the body: enough to see facts stored."""
    i = doc.text.find("Russia") if "Russia" in doc.text else doc.text.find("Turkey")
    j = doc.text.index(".", i) + 1
    return Extraction(document=doc, transfers=[Transfer(supplier="X", recipient="Y", evidence=[
        Evidence(document_id=doc.id, start=i, end=j, text=doc.text[i:j])])])


fake_extractor.version = "test"


def test_same_text_under_two_names_is_stored_once(store, write):
    write("a.txt", ARTICLE)
    write("copy/b.txt", ARTICLE.replace("\n\n", "\n \n"))  # same words, other whitespace
    report = ingest(store, [write.root], extractor=fake_extractor)
    assert len(report.added) == 1 and len(report.duplicates) == 1
    c = store.counts()
    assert (c["documents"], c["sources"], c["transfers"]) == (1, 2, 1)
    [dup] = [s for s in store.sources_of(report.added[0]) if s["relation"] == "duplicate"]
    assert dup["path"].endswith("b.txt")


def test_near_duplicate_is_kept_but_marked_and_not_extracted(store, write):
    write("a.txt", ARTICLE)
    write("b.txt", ARTICLE.replace("on Friday", "on Friday morning"))
    report = ingest(store, [write.root], extractor=fake_extractor)
    assert len(report.added) == 1 and len(report.near_duplicates) == 1
    path, original = report.near_duplicates[0]
    assert original == report.added[0]
    rows = {r["source_path"].split("/")[-1]: r for r in store.documents()}
    assert rows["b.txt"]["duplicate_of"] == original and rows["b.txt"]["facts"] == 0
    assert rows["a.txt"]["facts"] == 1


def test_reingest_is_a_no_op_and_force_reextracts(store, write):
    write("a.txt", ARTICLE)
    write("b.txt", OTHER)
    first = ingest(store, [write.root], extractor=fake_extractor)
    before = store.counts()
    again = ingest(store, [write.root], extractor=fake_extractor)
    assert len(first.added) == 2 and again.added == [] and len(again.unchanged) == 2
    assert store.counts() == before
    forced = ingest(store, [write.root], extractor=fake_extractor, force=True)
    assert len(forced.updated) == 2 and store.counts() == before


def test_changed_file_replaces_its_old_document(store, write):
    p = write("a.txt", ARTICLE)
    ingest(store, [p], extractor=fake_extractor)
    p.write_text(OTHER)
    ingest(store, [p], extractor=fake_extractor)
    rows = store.documents()
    assert len(rows) == 1 and rows[0]["title"] == "Drones over the Plain"
    assert store.counts()["transfers"] == 1


def test_bad_files_are_reported_and_the_rest_stored(store, write):
    write("good1.txt", ARTICLE)
    write("broken.html", b"\x89PNG\r\n\x1a\nnot really html")
    write("empty.md", "")
    write("good2.md", OTHER)
    report = ingest(store, [write.root], extractor=fake_extractor)
    assert len(report.added) == 2
    assert sorted((p.path.split("/")[-1], p.reason) for p in report.problems) == [
        ("broken.html", "binary file (a PNG image), not a text article"), ("empty.md", "empty file")]
    assert store.counts()["documents"] == 2


def test_an_extractor_error_fails_one_article_only(store, write):
    write("a.txt", ARTICLE)
    write("b.txt", OTHER)

    def flaky(doc):
        if "Turkey" in doc.text:
            raise ValueError("boom")
        return fake_extractor(doc)

    report = ingest(store, [write.root], extractor=flaky)
    assert len(report.added) == 1
    [problem] = report.problems
    assert problem.path.endswith("b.txt") and "ValueError: boom" in problem.reason
    assert store.counts()["documents"] == 1


def test_crash_mid_document_leaves_no_partial_document_and_rerun_completes(tmp_path, write, monkeypatch):
    write("1.txt", ARTICLE)
    write("2.txt", OTHER)
    db = str(tmp_path / "crash.db")
    store = Store(db)
    real = Store._insert_facts

    def crash_on_second(self, conn, ex, *args):
        real(self, conn, ex, *args)  # document row, text index and facts are written...
        if "Turkey" in ex.document.text:
            raise KeyboardInterrupt  # ...then the process is interrupted before the commit

    monkeypatch.setattr(Store, "_insert_facts", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, [write.root], extractor=fake_extractor)
    store.close()
    monkeypatch.setattr(Store, "_insert_facts", real)

    store = Store(db)  # a new process opens the same file
    c = store.counts()
    assert (c["documents"], c["sources"], c["transfers"], c["evidence"]) == (1, 1, 1, 1)
    assert store.documents(query="Turkey") == []
    report = ingest(store, [write.root], extractor=fake_extractor)
    assert len(report.unchanged) == 1 and len(report.added) == 1
    c = store.counts()
    assert (c["documents"], c["sources"], c["transfers"], c["evidence"]) == (2, 2, 2, 2)


def test_windows_1252_article_is_ingested(store, write):
    write("latin.txt", ("Pr\u00e9sident\u2019s \u201cdeal\u201d\n\n" + ARTICLE).encode("cp1252"))
    report = ingest(store, [write.root])
    [row] = store.documents()
    assert report.ok and row["title"] == "Pr\u00e9sident\u2019s \u201cdeal\u201d"


def test_a_document_is_never_its_own_near_duplicate(store, write):
    from armstrace.ingest import minhash

    write("a.txt", ARTICLE)
    ingest(store, [write.root], extractor=fake_extractor)
    [row] = store.documents()
    assert store.near_duplicate_of(minhash(store.document(row["id"]).text)) == row["id"]
    assert store.near_duplicate_of(minhash(store.document(row["id"]).text), exclude=row["id"]) is None


def test_a_file_that_now_reads_differently_replaces_its_document(tmp_path):
    from armstrace.store import Store
    from armstrace.workflow import ingest

    (tmp_path / "c").mkdir()
    f = tmp_path / "c" / "a.txt"
    f.write_text("Deal\n\nMay 2, 2019\n\nRussia sold tanks to Serbia in 2018.\n")
    store = Store(str(tmp_path / "w.db"))
    assert ingest(store, [tmp_path / "c"], extractor=fake_extractor).ok
    f.write_text("Deal\n\nMay 2, 2019\n\nRussia sold 30 tanks to Serbia in 2018, the ministry said.\n")
    report = ingest(store, [tmp_path / "c"], extractor=fake_extractor)
    assert report.ok and len(report.added) == 1
    [doc] = store.documents()
    assert "30 tanks" in store.document(doc["id"]).text and store.counts()["documents"] == 1
    assert set(store.orphans().values()) == {0}
    assert ingest(store, [tmp_path / "c"], extractor=fake_extractor).unchanged == [str(f)]   # and then it is stable
