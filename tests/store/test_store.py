"""The store: migrations, saving and reading back facts with evidence, full-text search."""
import pytest

from armstrace.model import Document, Entity, Event, Evidence, Extraction, Money, Period, Quote, Transfer, content_id
from armstrace.store import _HEAD, Store, database_url

TEXT = "In 2016 Russia sold Armenia Iskander missiles for $200 million. \"Good deal,\" said Ann Example."


def _extraction(text=TEXT, path="a.txt"):
    doc = Document(id=content_id(text), text=text, title="Iskanders", source_path=path, published="2016-11")
    s = text.index("In 2016")
    e = text.index(".") + 1
    ev = Evidence(document_id=doc.id, start=s, end=e, text=text[s:e])
    q0 = text.index("Good deal")
    return Extraction(
        document=doc,
        transfers=[Transfer(supplier="Russia", recipient="Armenia", weapon="Iskander", category="ballistic missile",
                            value=Money(amount=2e8), period=Period(start="2016", end="2016"), evidence=[ev])],
        events=[Event(type="agreement", actors=["Russia", "Armenia"], date=Period.point("2016"), evidence=[ev])],
        quotes=[Quote(speaker="Ann Example", text="Good deal,", evidence=[
            Evidence(document_id=doc.id, start=q0, end=q0 + 10, text=text[q0:q0 + 10])])],
        entities=[Entity(name="Russia", type="country", aliases=["Russia"]),
                  Entity(name="Iskander", type="weapon system", aliases=["Iskander"])])


def test_database_url_defaults_and_env(monkeypatch):
    monkeypatch.delenv("ARMSTRACE_DB", raising=False)
    assert database_url() == "sqlite:///armstrace.db"
    monkeypatch.setenv("ARMSTRACE_DB", "/tmp/x.db")
    assert database_url() == "sqlite:////tmp/x.db"
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_new_store_is_at_the_latest_migration_and_can_go_down_and_up(tmp_path):
    s = Store(str(tmp_path / "m.db"))
    assert s.schema_version() == _HEAD == "0007"
    s.downgrade("base")
    assert s.schema_version() is None
    s.migrate()
    assert s.schema_version() == _HEAD == "0007"
    s.save(_extraction())
    assert s.counts()["transfers"] == 1


def test_save_and_read_back_everything_with_evidence(store):
    ex = _extraction()
    store.save(ex)
    back = store.extraction(ex.document.id)
    assert back.document.title == "Iskanders" and back.document.text == TEXT
    [t] = back.transfers
    assert (t.supplier, t.recipient, t.weapon, t.value.amount, t.period.start) == ("Russia", "Armenia", "Iskander",
                                                                                    2e8, "2016")
    assert t.evidence[0].text == TEXT[t.evidence[0].start:t.evidence[0].end]
    assert back.events[0].actors == ["Russia", "Armenia"]
    assert back.quotes[0].speaker == "Ann Example" and back.quotes[0].evidence[0].text == "Good deal,"
    assert {(e.name, e.type) for e in back.entities} == {("Russia", "country"), ("Iskander", "weapon system")}


def test_saving_again_replaces_facts_instead_of_adding(store):
    store.save(_extraction())
    store.save(_extraction())
    c = store.counts()
    assert (c["documents"], c["transfers"], c["events"], c["quotes"], c["evidence"]) == (1, 1, 1, 1, 3)


def test_full_text_search(store):
    store.save(_extraction())
    other = "Turkey delivered drones to Azerbaijan."
    store.save(Extraction(document=Document(id=content_id(other), text=other, source_path="b.txt")))
    assert [r["id"] for r in store.documents(query="iskander")] == [content_id(TEXT)]
    assert [r["id"] for r in store.documents(query="drones Azerbaijan")] == [content_id(other)]
    assert store.documents(query='"unbalanced quote') == []


def test_resolve_document_by_prefix_and_path(store):
    ex = _extraction()
    store.save(ex)
    assert store.resolve_document_id(ex.document.id[:6]) == ex.document.id
    assert store.resolve_document_id("a.txt") == ex.document.id


def test_migrations_create_exactly_the_tables_of_schema_py(store):
    """A change to schema.py without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from armstrace.store.schema import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # full-text search is the migration's own, outside schema.py: SQLite's FTS5 table (and its shadow tables),
    # PostgreSQL's generated tsvector column and its index
    def fulltext(d):
        return (d[0] == "remove_table" and d[1].name.startswith("documents_fts")) or \
            (d[0] == "remove_column" and d[3].name == "tsv") or (d[0] == "remove_index" and d[1].name == "ix_documents_tsv")
    assert [d for d in diff if not fulltext(d)] == []


def _summary_rows(store):
    from sqlalchemy import select

    from armstrace.store.schema import transfer_summary

    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(transfer_summary)))


def _report(text, path, value):
    doc = Document(id=content_id(text), text=text, source_path=path, published="2019-05")
    ev = Evidence(document_id=doc.id, start=0, end=len(text), text=text)
    return Extraction(document=doc, transfers=[
        Transfer(supplier="Russia", recipient="Turkey", weapon="S-400", value=Money(amount=value) if value else None,
                 status="delivered", evidence=[ev])])


def test_fused_transfer_summary_follows_every_save_and_delete(store):
    from armstrace.store.schema import transfer_summary

    store.save(_report("Russia delivered S-400 to Turkey for $2.5 billion.", "a.txt", 2.5e9))
    store.save(_report("Turkey got S-400 from Russia, $2 billion.", "b.txt", 2e9))
    [row] = _summary_rows(store)
    cols = [c.name for c in transfer_summary.columns]
    r = dict(zip(cols, row))
    assert (r["reports"], r["documents"], r["value_min"], r["value_max"], r["value_conflict"]) == (2, 2, 2e9, 2.5e9, True)
    incremental = _summary_rows(store)
    store.rebuild_summaries()
    assert _summary_rows(store) == incremental
    # the second file changes: its old report goes, the summary follows
    store.save(_report("A different story about tanks.", "b.txt", None).model_copy(update={"transfers": []}))
    [row] = _summary_rows(store)
    r = dict(zip(cols, row))
    assert (r["reports"], r["documents"], r["value_conflict"]) == (1, 1, False)


def test_a_store_from_before_the_summary_gets_it_on_upgrade(tmp_path):
    s = Store(str(tmp_path / "old.db"))
    s.save(_report("Russia delivered S-400 to Turkey.", "a.txt", None))
    s.downgrade("0002")
    s.migrate()
    assert s.schema_version() == _HEAD == "0007" and len(_summary_rows(s)) == 1


def test_an_entity_created_in_a_rolled_back_save_is_not_remembered(store, monkeypatch):
    ex = _extraction()
    real = Store._summarise_new

    def boom(self, conn, doc):
        raise RuntimeError("crash after the entities were inserted")

    monkeypatch.setattr(Store, "_summarise_new", boom)
    with pytest.raises(RuntimeError):
        store.save(ex)
    monkeypatch.setattr(Store, "_summarise_new", real)
    store.save(ex)  # the entities are created again, not taken from a stale cache
    assert {(e.name, e.type) for e in store.extraction(ex.document.id).entities} == {
        ("Russia", "country"), ("Iskander", "weapon system")}


def test_what_went_wrong_in_extraction_is_stored_with_the_document(store):
    ex = _extraction().model_copy(update={"problems": ["quotes stage failed: ValueError: bad input (quotes.py:1)"]})
    store.save(ex)
    assert store.extraction(ex.document.id).problems == ex.problems


def test_the_fast_schema_check_knows_alembic_s_head(tmp_path):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from armstrace.store import _HEAD, MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert _HEAD == ScriptDirectory.from_config(cfg).get_current_head()
    s = Store(str(tmp_path / "h.db"))
    assert s._current_revision() == s.schema_version() == _HEAD
