"""Batch extraction over many articles: shards of input extracted by a pool of workers that each load the
pipeline once, results written to the store or to Parquet, finished shards remembered so a rerun skips them.

The distributed engine is Ray (Ray Data, an actor pool; local mode needs no cluster, `address` targets an
existing one). The 'local' engine runs the same shard function in this process, for machines without Ray.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .ingest import TEXT_SUFFIXES, Problem, discover, read_path
from .model import Document, Extraction

FILES_PER_SHARD = 64


@dataclass
class Shard:
    id: str
    paths: list[str]


@dataclass
class BatchReport:
    shards: int = 0
    skipped_shards: int = 0
    documents: int = 0
    added: int = 0
    problems: list[Problem] = field(default_factory=list)


def make_shards(inputs: list[Path], files_per_shard: int = FILES_PER_SHARD) -> tuple[list[Shard], list[Problem]]:
    """JSONL files are shards of their own; other article files are grouped, in sorted order."""
    files, problems = discover(inputs)
    shards, loose = [], []
    for f in files:
        if TEXT_SUFFIXES.get(f.suffix.lower()) == "jsonl":
            shards.append([str(f)])
        else:
            loose.append(str(f))
    shards += [loose[i:i + files_per_shard] for i in range(0, len(loose), files_per_shard)]
    return [Shard(hashlib.sha256("\n".join(p).encode()).hexdigest()[:16], p) for p in shards], problems


class ShardExtractor:
    """Extracts every article of a shard; built once per worker (the pipeline and knowledge load once)."""

    def __init__(self):
        from .pipeline import build, extract

        build()
        self.extract = extract

    def run(self, shard_id: str, paths: list[str]) -> list[dict]:
        rows = []
        for p in paths:
            for item in read_path(Path(p)):
                if isinstance(item, Problem):
                    rows.append({"shard": shard_id, "source_path": item.path, "extraction": "", "error": item.reason})
                    continue
                try:
                    ex = self.extract(item)
                    rows.append({"shard": shard_id, "source_path": item.source_path or "",
                                 "extraction": json.dumps(_serialise(ex), ensure_ascii=False), "error": ""})
                except Exception as e:  # one article never stops its shard
                    rows.append({"shard": shard_id, "source_path": item.source_path or "", "extraction": "",
                                 "error": f"extraction failed: {type(e).__name__}: {e}"})
        return rows

    def __call__(self, batch: dict) -> dict:
        """Ray Data entry point: a batch of shards in, one row per article out."""
        out: dict[str, list] = {"shard": [], "source_path": [], "extraction": [], "error": []}
        for shard_id, paths in zip(batch["shard"], batch["paths"]):
            for row in self.run(str(shard_id), list(json.loads(paths))):
                for k in out:
                    out[k].append(row[k])
        return out


def _serialise(ex: Extraction) -> dict:
    return {"document": ex.document.model_dump(), "extraction": ex.model_dump(exclude={"document"})}


def _deserialise(s: str) -> Extraction:
    data = json.loads(s)
    return Extraction(document=Document(**data["document"]), **data["extraction"])


def run_batch(inputs: list[Path], *, engine: str = "ray", workers: int = 2, address: Optional[str] = None,
              store=None, out_dir: Optional[Path] = None, state_dir: Optional[Path] = None,
              files_per_shard: int = FILES_PER_SHARD,
              progress: Optional[Callable[[int, int], None]] = None) -> BatchReport:
    """Extract every article under `inputs` into `store` (or as Parquet under `out_dir`); shards already
    finished (markers in `state_dir`) are skipped."""
    if (store is None) == (out_dir is None):
        raise ValueError("give exactly one destination: a store, or an output folder for Parquet")
    state = Path(state_dir or (out_dir / "_done" if out_dir else Path(".armstrace-batch")))
    state.mkdir(parents=True, exist_ok=True)
    shards, problems = make_shards(inputs, files_per_shard)
    report = BatchReport(shards=len(shards), problems=problems)
    todo = [s for s in shards if not (state / s.id).exists()]
    report.skipped_shards = len(shards) - len(todo)
    if progress:
        progress(report.skipped_shards, len(shards))
    for shard_id, rows in _engine(engine, todo, workers, address):
        _write(rows, store, out_dir, report)
        (state / shard_id).write_text(json.dumps({"articles": len(rows)}))  # only after its results are kept
        if progress:
            progress(1, len(shards))
    return report


def _engine(engine: str, shards: list[Shard], workers: int, address: Optional[str]) -> Iterator[tuple[str, list]]:
    """(shard id, its rows) as each shard finishes."""
    if not shards:
        return
    if engine == "local":
        ex = ShardExtractor()
        for s in shards:
            yield s.id, ex.run(s.id, s.paths)
        return
    if engine != "ray":
        raise ValueError(f"unknown engine '{engine}' (use ray or local)")
    try:
        import ray
    except ImportError as e:
        raise RuntimeError("the Ray engine needs Ray: pip install 'armstrace[ray]' (or use --engine local)") from e
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ds = ray.data.from_items([{"shard": s.id, "paths": json.dumps(s.paths)} for s in shards],
                             override_num_blocks=len(shards))
    out = ds.map_batches(ShardExtractor, batch_size=1, compute=ray.data.ActorPoolStrategy(size=workers),
                         batch_format="numpy")
    # one output batch per shard (batch_size=1 above, and iteration keeps blocks whole)
    for batch in out.iter_batches(batch_size=None, batch_format="numpy"):
        by_shard: dict[str, list] = {}
        for i in range(len(batch["shard"])):
            row = {k: str(batch[k][i]) for k in ("shard", "source_path", "extraction", "error")}
            by_shard.setdefault(row["shard"], []).append(row)
        yield from by_shard.items()


def _write(rows: list[dict], store, out_dir: Optional[Path], report: BatchReport) -> None:
    good = [r for r in rows if not r["error"]]
    report.problems += [Problem(r["source_path"], r["error"]) for r in rows if r["error"]]
    report.documents += len(good)
    if out_dir is not None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        out_dir.mkdir(parents=True, exist_ok=True)
        shard = rows[0]["shard"] if rows else "empty"
        tmp = out_dir / f".{shard}.parquet.tmp"
        pq.write_table(pa.Table.from_pylist(good, schema=_SCHEMA()), tmp)
        tmp.replace(out_dir / f"{shard}.parquet")  # atomic: a crash never leaves half a file
        report.added += len(good)
        return
    report.added += _store_rows(store, good, report)


class _Done:
    """The extractor of an article a worker extracted already."""

    def __init__(self, extraction):
        from .pipeline import VERSION

        self.extraction, self.version = extraction, VERSION

    def __call__(self, _doc):
        return self.extraction


def _store_rows(store, rows: list[dict], report: Optional[BatchReport] = None) -> int:
    from .workflow import IngestReport, ingest_document

    ing = IngestReport()
    for r in rows:
        ex = _deserialise(r["extraction"])

        ingest_document(store, ex.document, _Done(ex), report=ing)
    if report is not None:
        report.problems += ing.problems
    return len(ing.added)


def _SCHEMA():
    import pyarrow as pa

    return pa.schema([("shard", pa.string()), ("source_path", pa.string()), ("extraction", pa.string()),
                      ("error", pa.string())])


def load_parquet(store, out_dir: Path) -> int:
    """Store the extractions a Parquet batch wrote (the later loading step)."""
    import pyarrow.parquet as pq

    return sum(_store_rows(store, pq.read_table(f).to_pylist()) for f in sorted(out_dir.glob("*.parquet")))
