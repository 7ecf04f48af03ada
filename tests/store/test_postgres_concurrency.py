"""Two processes ingest the same folder into one PostgreSQL store at once: nothing lost, nothing twice."""
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.store import schema as t
from armstrace.workflow import ingest

SUPPLIERS = ["Russia", "Israel", "Turkey", "France", "India", "China"]
RECIPIENTS = ["Armenia", "Azerbaijan", "Serbia", "Egypt", "Qatar", "Algeria"]


@pytest.mark.postgres
def test_concurrent_ingest_loses_nothing_and_duplicates_nothing(postgres, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 30
    for i in range(n):
        s, r = SUPPLIERS[i % 6], RECIPIENTS[(i * 5) % 6]
        (corpus / f"a{i:02d}.txt").write_text(
            f"Report {i}\n\nMay {1 + i % 27}, 2019\n\n{s} delivered tanks to {r} in 2018, officials said on "
            f"day {i}. {s} also sold drones to {r}, according to article number {i}.\n")
    (corpus / "copy.txt").write_text((corpus / "a00.txt").read_text())  # the same text under another name
    url = postgres.new_database()
    Store(url).migrate()
    cmd = [sys.executable, "-m", "armstrace", "ingest", str(corpus), "--db", url]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    # the same folder ingested by one process into SQLite is the reference
    reference = Store(str(tmp_path / "one.db"))
    ingest(reference, [corpus], extractor=extract)
    store = Store(url)
    with store.engine.connect() as conn, reference.engine.connect() as ref:
        count = lambda c, table: c.execute(select(func.count()).select_from(table)).scalar()  # noqa: E731
        assert count(conn, t.documents) == n and count(conn, t.sources) == n + 1
        for table in (t.transfers, t.events, t.evidence, t.mentions, t.transfer_summary, t.dyad_summary):
            assert count(conn, table) == count(ref, table), table.name
        assert count(conn, t.transfers) >= n
        summary = sorted(tuple(r) for r in conn.execute(select(t.transfer_summary)))
    store.rebuild_summaries()
    with store.engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(t.transfer_summary))) == summary
