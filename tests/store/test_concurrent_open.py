"""Four processes that open a new store at the same moment and ingest the same articles: all succeed, the store
ends as one run leaves it, nothing is orphaned (SQLite and PostgreSQL)."""
import multiprocessing
from pathlib import Path

import pytest

from armstrace.store import Store
from armstrace.workflow import ingest

ARTICLES = {f"a{i}.txt": f"Article {i}\n\nMay {i + 1}, 2020\n\nRussia sold {i + 2} tanks to Armenia, officials said. "
            f"The deal was the {i}th of the year.\n" for i in range(8)}


def _open_and_ingest(url: str, root: str, barrier) -> str:
    from tests.test_workflow import fake_extractor

    barrier.wait()  # all four open the new store at once
    try:
        report = ingest(Store(url), [Path(root)], extractor=fake_extractor)
        return "ok" if report.ok else f"problems: {report.problems}"
    except Exception as e:
        return f"{type(e).__name__}: {e}"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_four_processes_open_and_fill_a_new_store_at_once(backend, tmp_path, request):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text)
    url = str(tmp_path / "new.db") if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_open_and_ingest, [(url, str(root), barrier)] * 4)
    assert results == ["ok"] * 4
    store = Store(url)
    reference = Store(str(tmp_path / "one.db"))
    from tests.test_workflow import fake_extractor

    ingest(reference, [root], extractor=fake_extractor)
    assert store.counts() == reference.counts()
    assert set(store.orphans().values()) == {0}
