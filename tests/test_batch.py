"""Batch extraction: the same results as ingest, on the local engine and on Ray; resumable; Parquet."""
import json
import sys
from pathlib import Path

import pytest

from armstrace import batch
from armstrace.batch import load_parquet, make_shards, run_batch
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _counts(store):
    c = store.counts()
    return {k: c[k] for k in ("documents", "sources", "transfers", "statistics", "events", "quotes", "evidence")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    s = Store(str(tmp_path_factory.mktemp("ref") / "ref.db"))
    ingest(s, [EXAMPLES], extractor=extract)
    return _counts(s)


def test_shards_group_files_and_keep_jsonl_apart():
    shards, problems = make_shards([EXAMPLES], files_per_shard=3)
    sizes = sorted(len(s.paths) for s in shards)
    assert problems == [] and sizes == [1, 1, 3, 3]  # the JSONL bundle alone, seven files in threes
    assert len({s.id for s in shards}) == len(shards)
    assert make_shards([EXAMPLES], files_per_shard=3)[0][0].id == shards[0].id  # stable ids


def test_local_engine_matches_ingest_and_reruns_skip_finished_shards(tmp_path, reference):
    store = Store(str(tmp_path / "b.db"))
    r = run_batch([EXAMPLES], engine="local", store=store, state_dir=tmp_path / "state", files_per_shard=3)
    assert (r.shards, r.skipped_shards, r.documents, r.added, r.problems) == (4, 0, 10, 10, [])
    assert _counts(store) == reference
    again = run_batch([EXAMPLES], engine="local", store=store, state_dir=tmp_path / "state", files_per_shard=3)
    assert (again.skipped_shards, again.documents) == (4, 0) and _counts(store) == reference


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path, monkeypatch, reference):
    store = Store(str(tmp_path / "b.db"))
    real, written = batch._write, []

    def crash_after_two(rows, *args):
        if len(written) == 2:
            raise KeyboardInterrupt
        real(rows, *args)
        written.append(rows[0]["shard"])

    monkeypatch.setattr(batch, "_write", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_batch([EXAMPLES], engine="local", store=store, state_dir=tmp_path / "state", files_per_shard=3)
    assert sorted(p.name for p in (tmp_path / "state").iterdir()) == sorted(written)
    monkeypatch.setattr(batch, "_write", real)
    r = run_batch([EXAMPLES], engine="local", store=store, state_dir=tmp_path / "state", files_per_shard=3)
    assert r.skipped_shards == 2 and _counts(store) == reference


def test_parquet_output_then_load(tmp_path, reference):
    out = tmp_path / "pq"
    r = run_batch([EXAMPLES], engine="local", out_dir=out, files_per_shard=3)
    assert r.documents == 10 and len(list(out.glob("*.parquet"))) == 4 and len(list((out / "_done").iterdir())) == 4
    store = Store(str(tmp_path / "l.db"))
    assert load_parquet(store, out) == 10 and _counts(store) == reference


def test_ray_engine_in_local_mode_matches_ingest(tmp_path, reference):
    store = Store(str(tmp_path / "r.db"))
    r = run_batch([EXAMPLES], engine="ray", workers=2, store=store, state_dir=tmp_path / "state", files_per_shard=3)
    assert (r.documents, r.added, r.problems) == (10, 10, []) and _counts(store) == reference


def test_without_ray_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(RuntimeError, match=r"pip install 'armstrace\[ray\]'"):
        run_batch([EXAMPLES], engine="ray", store=Store(str(tmp_path / "x.db")), state_dir=tmp_path / "s")


def test_a_bad_article_fails_alone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Deal\n\nMay 1, 2019\n\nRussia sold tanks to Serbia in 2018.\n")
    (folder / "bad.jsonl").write_text(json.dumps({"text": "Turkey sold drones to Qatar."}) + "\n{broken\n")
    store = Store(str(tmp_path / "b.db"))
    r = run_batch([folder], engine="local", store=store, state_dir=tmp_path / "state")
    assert r.documents == 2 and [p.path.split("#")[-1] for p in r.problems] == ["L2"]
