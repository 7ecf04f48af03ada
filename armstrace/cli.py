"""Command line: a thin layer over the library (workflow, store, pipeline). Data to stdout, errors to stderr."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__

if TYPE_CHECKING:  # the library loads with the command that needs it: `armstrace --help` starts fast
    from .store import Store
    from .workflow import IngestReport

app = typer.Typer(help="armstrace: an evidence-backed knowledge base of arms transfers and armed conflict.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
# text from articles, files and the store is never read as Rich markup: styles are applied, not parsed
out = Console(width=160, markup=False, highlight=False) if not sys.stdout.isatty() else \
    Console(markup=False, highlight=False)
err = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)   # one line per message, never wrapped
_STYLE = {"error": "red", "warning": "yellow", "note": "yellow", "skipped": "yellow"}


def say(kind: str, message: object) -> None:
    """'error: …', 'warning: …' on stderr, the message as plain text."""
    err.print(Text.assemble((f"{kind}:" if kind != "skipped" else kind, _STYLE[kind]), " ", str(message)))


def styled(label: str, style: str = "bold") -> Text:
    return Text(label, style=style)

DbOption = typer.Option(None, "--db", envvar="ARMSTRACE_DB",
                        help="Database: a SQLite file path or a SQLAlchemy URL [default: ./armstrace.db]")


def _store(db: Optional[str]) -> Store:
    from .store import Store

    try:
        return Store(db)
    except Exception as e:
        say("error", f"cannot open the store {db or 'armstrace.db'}: {e}")
        raise typer.Exit(2) from None


EXIT_FAILED = 3        # some inputs could not be ingested or extracted (each reported on stderr)
EXIT_CRASH = 70        # a bug: the traceback is on stderr
EXIT_INTERRUPTED = 130


def _run_ingest(store: Store, paths: list[Path], extract: bool, force: bool) -> IngestReport:
    """Ingest, with the progress and reporting of `_with_progress`."""
    from .workflow import Extractor, ingest

    extractor: Optional[Extractor] = None
    if extract:
        from .pipeline import extract as extractor
    return _with_progress("ingest", paths, lambda **kw: ingest(store, paths, extractor=extractor, force=force, **kw))


def _with_progress(verb: str, paths: list[Path], work) -> IngestReport:
    """Run a read loop (workflow.each_document) with a progress bar naming the file at work, each problem
    printed as it is found, and Ctrl-C stopping with a summary of what was done."""
    from .ingest import Problem
    from .workflow import IngestReport

    report = IngestReport()

    def problem(kind: str, p: Problem) -> None:
        if kind == "failed":
            say("error", p)
        elif kind == "partial":
            say("warning", f"{p} (the article is kept; some of its facts are missing)")
        else:
            say("skipped", p)

    with Progress(TextColumn(f"[bold]{verb}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}", markup=False), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)
        try:
            work(report=report, on_problem=problem, on_total=lambda n: bar.update(task, total=n),
                 on_file=lambda p: bar.update(task, description=p), progress=lambda p: bar.update(task, advance=1))
        except KeyboardInterrupt:
            bar.stop()
            say("error", f"interrupted: {_summary(report)}; run again to resume")
            raise typer.Exit(EXIT_INTERRUPTED) from None
    if report.files == 0 and not report.problems:
        say("error", "no article files found in " + ", ".join(map(str, paths)) +
            f" ({len(report.skipped)} other entries skipped)")
        report.problems.append(Problem(", ".join(map(str, paths)), "no article files"))
    return report


def _summary(report: IngestReport) -> str:
    return (f"{len(report.added)} added, {len(report.updated)} re-extracted, {len(report.unchanged)} unchanged, "
            f"{len(report.duplicates)} duplicates, {len(report.near_duplicates)} near-duplicates, "
            f"{len(report.problems)} failed" + (f", {len(report.partial)} partly extracted" if report.partial else "")
            + (f", {len(report.skipped)} skipped" if report.skipped else ""))


@app.command("ingest")
def ingest_cmd(paths: list[str] = typer.Argument(..., help="Files or folders (.txt .md .html .pdf .jsonl), page "
                                                       "URLs, RSS/Atom feed URLs"),
               db: Optional[str] = DbOption,
               extract: bool = typer.Option(True, help="Extract facts while ingesting"),
               force: bool = typer.Option(False, "--force", help="Re-extract documents already stored")):
    """Ingest articles into the store (idempotent: stored files, pages and feed items are skipped)."""
    store = _store(db)
    report = _run_ingest(store, _sources(paths), extract, force)
    err.print(_summary(report))
    raise typer.Exit(0 if report.ok else EXIT_FAILED)


def _sources(given: list[str]) -> list:
    """URLs as they are, everything else a path."""
    return [g if g.startswith(("http://", "https://")) else Path(g) for g in given]


@app.command("watch")
def watch_cmd(feeds: list[str] = typer.Argument(..., help="RSS/Atom feed URLs (or pages, or folders)"),
              every: str = typer.Option("30m", "--every", help="How often: 90s, 30m, 2h"),
              times: int = typer.Option(0, "--times", min=0, help="Stop after this many rounds (0: never)"),
              db: Optional[str] = DbOption):
    """Keep a store current: ingest the feeds' new items now and then again every --every (Ctrl-C stops). What
    was read before is remembered (the store's sources) and not fetched again."""
    import time

    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smh]?)", every.strip())
    if not m:
        say("error", f"--every takes a duration like 90s, 30m or 2h, not {every!r}")
        raise typer.Exit(2)
    seconds = float(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]]
    store = _store(db)
    done = 0
    while True:
        report = _run_ingest(store, _sources(feeds), True, False)
        err.print(f"{time.strftime('%H:%M:%S')} {_summary(report)}")
        done += 1
        if times and done >= times:
            break
        try:
            time.sleep(seconds)
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_INTERRUPTED) from None


@app.command("docs")
def docs_cmd(db: Optional[str] = DbOption, search: Optional[str] = typer.Option(None, "--search", "-s",
                                                                                 help="Full-text search"),
             limit: int = typer.Option(50, min=1), offset: int = typer.Option(0, min=0),
             fmt: str = typer.Option("table", "--format", help="table | json")):
    """List stored documents with their recovered metadata."""
    rows = _store(db).documents(limit=limit, offset=offset, query=search)
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    out.print(documents_table(rows))


def documents_table(rows: list[dict]) -> Table:
    table = Table(title=f"{len(rows)} documents", show_lines=False)
    for col in ("id", "title", "outlet", "author", "published", "url", "facts"):
        table.add_column(col, overflow="fold", max_width=40 if col in ("title", "url") else None)
    for r in rows:
        pub = Text.assemble(f"{r['published'] or '—'} ", (r["published_how"] or "", "dim"))
        title = Text(_short(r["title"] or "—", 70))
        if r["title_how"] == "derived":
            title.append(" (derived)", style="dim")
        if r["duplicate_of"]:
            title.append(f" (near-duplicate of {r['duplicate_of'][:8]})", style="yellow")
        table.add_row(r["id"][:12], title, r["outlet"] or "—", r["author"] or "—", pub,
                      _short(r["url"] or "—", 60), str(r["facts"]))
    return table


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command("show")
def show_cmd(doc: str = typer.Argument(..., help="Document id (or prefix) or source path"),
             db: Optional[str] = DbOption, fmt: str = typer.Option("table", "--format", help="table | json"),
             text: bool = typer.Option(False, "--text", help="Print the article text too")):
    """Show one document: metadata, sources and extracted facts with their evidence."""
    store = _store(db)
    try:
        ex = store.extraction(store.resolve_document_id(doc))
    except LookupError as e:  # StoreError: no such document
        say("error", f"{e}")
        raise typer.Exit(1) from None
    if fmt == "json":
        print(json.dumps(ex.to_json(), ensure_ascii=False, indent=2))
        return
    d = ex.document
    meta = Table.grid(padding=(0, 2))
    for k in ("id", "title", "outlet", "author", "published", "url", "source_path"):
        v = getattr(d, k)
        if k == "published":
            v = f"{v or '—'} ({d.published_how})"
        meta.add_row(styled(k), str(v) if v else "—")
    for s in store.sources_of(d.id):
        meta.add_row(styled("source"), f"{s['path']} ({s['relation']})")
    out.print(meta)
    for kind, fact in ex.facts():
        ev = fact.evidence[0] if fact.evidence else None
        fields = {k: v for k, v in fact.model_dump(exclude={"evidence", "confidence"}).items() if v not in (None, [], "")}
        out.print(Text.assemble((kind[:-1], "cyan"), " ", json.dumps(fields, ensure_ascii=False)))
        if ev:
            out.print(Text.assemble((f"    @{ev.start}-{ev.end}", "dim"), f" “{ev.text}”"))
    if ex.entities:
        out.print(Text.assemble(("entities", "cyan"), " ", ", ".join(f"{e.name} ({e.type})" for e in ex.entities)))
    if text:
        out.print(d.text)


@app.command("run")
def run_cmd(paths: list[Path] = typer.Argument(..., help="Files or folders of articles"),
            db: Optional[str] = DbOption,
            force: bool = typer.Option(False, "--force", help="Re-extract documents already stored"),
            report_path: Optional[Path] = typer.Option(Path("armstrace-report.html"), "--report",
                                                       help="Where to write the HTML report"),
            no_report: bool = typer.Option(False, "--no-report", help="Do not write the HTML report")):
    """The main job: ingest and extract the articles, print what was found, write the HTML report."""
    store = _store(db)
    report = _run_ingest(store, paths, True, force)
    ids = set(report.added) | set(report.updated)
    rows = [r for r in store.documents(limit=10_000) if not ids or r["id"] in ids]
    out.print(documents_table(rows))
    counts = store.counts()
    summary = Table(title=f"store {store.url}")
    for k in counts:   # documents, sources, entities, each kind of fact, evidence
        summary.add_column(k, justify="right")
    summary.add_row(*(str(n) for n in counts.values()))
    out.print(summary)
    if not no_report and report_path:
        from .report import ReportExists, write_report

        existed = report_path.exists()
        try:
            written = write_report(store, report_path)
            err.print(f"report: {written}" + (" (the earlier report replaced)" if existed else ""))
        except ReportExists as e:
            say("error", e)
            raise typer.Exit(2) from None
    err.print(_summary(report))
    raise typer.Exit(0 if report.ok else EXIT_FAILED)


@app.command("extract")
def extract_cmd(paths: list[Path] = typer.Argument(..., help="Files or folders of articles"),
                out_dir: Path = typer.Option(..., "--out", help="Folder for one JSON file per article")):
    """Extract facts from articles into JSON files (docs/schema.md), one per article, named after its file."""
    from .pipeline import extract
    from .workflow import extract_to_files

    report = _with_progress("extract", paths, lambda **kw: extract_to_files(paths, out_dir, extract, **kw))
    err.print(f"{len(report.added)} articles extracted to {out_dir}, {len(report.problems)} failed")
    raise typer.Exit(0 if report.ok else EXIT_FAILED)


def _singular(category: str) -> str:
    from .model import FACT_KIND

    return FACT_KIND[category].singular if category in FACT_KIND else {"entities": "entity"}.get(category, category)


@app.command("eval")
def eval_cmd(pairs: list[Path] = typer.Argument(..., help="GOLD_DIR DOCS_DIR, and more pairs"),
             out_dir: Optional[Path] = typer.Option(None, "--out", help="Keep the predictions here"),
             errors: bool = typer.Option(False, "--errors", help="List each missed and spurious fact per article"),
             fmt: str = typer.Option("table", "--format", help="table | json")):
    """Extract the articles and score them against gold annotations: precision, recall, F1 per category.
    Several GOLD_DIR DOCS_DIR pairs are scored one after the other."""
    import tempfile

    from .evaluation import describe, evaluate

    if len(pairs) % 2:
        err.print("error: eval takes pairs of folders: GOLD_DIR DOCS_DIR [GOLD_DIR DOCS_DIR ...]")
        raise typer.Exit(2)
    results = {}
    for gold_dir, docs_dir in zip(pairs[::2], pairs[1::2]):
        for p in (gold_dir, docs_dir):
            if not p.exists():
                err.print(f"error: {p} does not exist")
                raise typer.Exit(2)
        with tempfile.TemporaryDirectory() as tmp:
            pred = (out_dir / docs_dir.name if len(pairs) > 2 else out_dir) if out_dir else Path(tmp)
            try:
                extract_cmd([docs_dir], pred)
            except typer.Exit as e:
                if e.exit_code:
                    say("warning", "some articles could not be extracted")
            ev = evaluate(gold_dir, pred)
        results[str(docs_dir)] = ev
        if fmt == "json":
            continue
        table = Table(title=f"{docs_dir} against {gold_dir}")
        for col in ("category", "P", "R", "F1", "tp/pred/gold"):
            table.add_column(col, justify="right" if col != "category" else "left")
        for c, v in ev.scores.items():
            table.add_row(c, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                          f"{v['tp']}/{v['predicted']}/{v['gold']}")
        out.print(table)
        for d in ev.documents:
            for problem in d.problems:
                out.print(f"problem: {d.name}: {problem}")
        if errors:
            for d in ev.documents:
                lines = [f"  missed   {_singular(c):<10} {describe(c, row)}" for c, rows in d.missed.items() for row in rows]
                lines += [f"  spurious {_singular(c):<10} {describe(c, row)}" for c, rows in d.spurious.items()
                          for row in rows]
                if lines:
                    out.print(d.name, style="bold")
                    for ln in lines:
                        out.print(ln, soft_wrap=True)
    if fmt == "json":
        data = {k: {"scores": ev.scores, "documents": [vars(d) for d in ev.documents]} if errors else ev.scores
                for k, ev in results.items()}
        print(json.dumps(next(iter(data.values())) if len(data) == 1 else data, indent=2, ensure_ascii=False))


query_app = typer.Typer(help="Questions over the whole store (every command takes --format table|json|csv).",
                        no_args_is_help=True)
app.add_typer(query_app, name="query")
FormatOption = typer.Option("table", "--format", help="table | json | csv")


def emit(table, fmt: str) -> None:
    """Print an analytics Table: a rich table, JSON rows (with their evidence), or CSV of the columns."""
    if fmt == "json":
        print(json.dumps({"title": table.title, "columns": table.columns, "rows": table.rows}, ensure_ascii=False,
                         indent=2, default=str))
    elif fmt == "csv":
        import csv

        from .export import csv_cell

        w = csv.writer(sys.stdout)
        w.writerow(table.columns)
        for r in table.rows:
            w.writerow(["" if r.get(c) is None else csv_cell(r.get(c)) for c in table.columns])
    elif fmt == "table":
        rt = Table(title=f"{table.title} ({len(table.rows)})")
        for c in table.columns:
            rt.add_column(c, overflow="fold", max_width=60)
        for r in table.rows:
            rt.add_row(*("" if r.get(c) is None else (f"{r[c]:,.0f}" if isinstance(r[c], float) and r[c] > 1000
                                                      else str(r[c])) for c in table.columns))
        out.print(rt)
    else:
        say("error", f"unknown format '{fmt}' (use table, json or csv)")
        raise typer.Exit(2)


def _analytics(db):
    from . import analytics

    return analytics, _store(db)


@query_app.command("who-arms-whom")
def q_who_arms_whom(db: Optional[str] = DbOption, start: Optional[str] = typer.Option(None, "--from", help="Year"),
                    end: Optional[str] = typer.Option(None, "--to", help="Year"), fmt: str = FormatOption):
    """Supplier × recipient: transfers, articles, systems and known value."""
    an, store = _analytics(db)
    emit(an.who_arms_whom(store, start, end), fmt)


@query_app.command("share")
def q_share(recipient: str, period: Optional[str] = typer.Option(None, "--period", help="e.g. 2013-2017"),
            db: Optional[str] = DbOption, fmt: str = FormatOption):
    """Each supplier's share of RECIPIENT's arms imports, saying the basis of every number."""
    an, store = _analytics(db)
    try:
        emit(an.share(store, recipient, period), fmt)
    except ValueError as e:
        say("error", f"{e}")
        raise typer.Exit(2) from None


@query_app.command("both-sides")
def q_both_sides(a: str, b: str, db: Optional[str] = DbOption, fmt: str = FormatOption):
    """Suppliers that arm both A and B, with the evidence for each side."""
    an, store = _analytics(db)
    emit(an.both_sides(store, a, b), fmt)


@query_app.command("timeline")
def q_timeline(a: str, b: Optional[str] = typer.Argument(None), db: Optional[str] = DbOption,
               start: Optional[str] = typer.Option(None, "--from", help="Year or date"),
               end: Optional[str] = typer.Option(None, "--to", help="Year or date"),
               limit: int = typer.Option(200, min=1, help="At most this many events and transfers (the latest)"),
               fmt: str = FormatOption):
    """Dated transfers and events of an actor, or of a dyad."""
    an, store = _analytics(db)
    emit(an.timeline(store, a, b, start, end, limit), fmt)


@query_app.command("quotes")
def q_quotes(speaker: Optional[str] = typer.Option(None, "--speaker"), about: Optional[str] = typer.Option(None, "--about"),
             db: Optional[str] = DbOption, fmt: str = FormatOption):
    """Who said what (filter by speaker and by a word in the quote)."""
    an, store = _analytics(db)
    emit(an.quotes(store, speaker, about), fmt)


@query_app.command("disputes")
def q_disputes(db: Optional[str] = DbOption, limit: int = typer.Option(100, min=1, help="At most this many of each kind"),
               fmt: str = FormatOption):
    """Claims in dispute and conflicts between sources."""
    an, store = _analytics(db)
    emit(an.disputes(store, limit), fmt)


@query_app.command("entity")
def q_entity(name: str, db: Optional[str] = DbOption, fmt: str = typer.Option("table", "--format",
                                                                            help="table | json")):
    """An entity's profile: aliases, roles, facts, sources."""
    an, store = _analytics(db)
    try:
        prof = an.entity_profile(store, name)
    except LookupError as e:
        say("error", f"{e}")
        raise typer.Exit(1) from None
    if fmt == "json":
        print(json.dumps(prof, ensure_ascii=False, indent=2))
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_row(styled("name"), f"{prof['name']} ({prof['type']})")
    if prof["merged_names"]:
        grid.add_row(styled("merged"), ", ".join(prof["merged_names"]))
    grid.add_row(styled("aliases"), ", ".join(f"{a} ({n})" for a, n in prof["aliases"].items()))
    for r in prof["roles"]:
        grid.add_row(styled("role"), f"{r['role']} — {r['outlet'] or r['document_id'][:8]} {r['published'] or ''}")
    for k, v in prof["facts"].items():
        grid.add_row(styled(k), str(v))
    for d in prof["documents"]:
        grid.add_row(styled("source"), f"{d['published'] or '—'} {d['outlet'] or ''} {d['title'] or d['id']}")
    out.print(grid)


import_app = typer.Typer(help="Import reference data.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("sipri")
def import_sipri_cmd(files: list[Path] = typer.Argument(..., help="SIPRI trade-register or TIV-table CSV exports"),
                     db: Optional[str] = DbOption):
    """Import SIPRI's trade register (deals as transfers, source 'SIPRI') and TIV tables (for shares)."""
    from .sipri import import_file

    store = _store(db)
    failed = 0
    with Progress(TextColumn("[bold]import"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=len(files))
        for f in files:
            try:
                r = import_file(store, f)
                err.print(f"{f}: {r.kind}, {r.imported:,} {'deals' if r.kind == 'register' else 'values'} from "
                          f"{r.rows:,} rows" + (f", {len(r.skipped)} skipped" if r.skipped else ""))
                for why in r.skipped[:10]:
                    say("skipped", f"{why}")
            except (OSError, ValueError) as e:
                failed += 1
                say("error", f"{e}")
            bar.update(task, advance=1)
    raise typer.Exit(1 if failed else 0)


@query_app.command("crosscheck")
def q_crosscheck(recipient: Optional[str] = typer.Argument(None), db: Optional[str] = DbOption,
                 limit: int = typer.Option(1000, min=1), fmt: str = FormatOption):
    """News-reported transfers with no SIPRI record, and SIPRI deals the news never mentioned."""
    an, store = _analytics(db)
    emit(an.crosscheck(store, recipient, limit), fmt)


@app.command("export")
def export_cmd(fmt: Optional[str] = typer.Option(None, "--format", help="csv | json | graphml | parquet"),
               out_path: Optional[Path] = typer.Option(None, "--out",
                                                       help="A file (json, graphml) or a folder (csv, parquet)"),
               gold: Optional[Path] = typer.Option(None, "--gold", help="Instead: the reviewed documents as gold "
                                                   "annotations in this folder (then: armstrace eval DIR/gold "
                                                   "DIR/articles)"),
               db: Optional[str] = DbOption):
    """Export entities, facts and evidence (csv, json, parquet), the who-arms-whom network (graphml), or the
    documents an analyst reviewed as gold annotations (--gold)."""
    from .export import export, export_gold

    if gold is not None:
        files = export_gold(_store(db), gold)
        err.print(f"{len(files) // 2} reviewed documents written to {gold}/gold and {gold}/articles")
        return
    if not fmt or not out_path:
        say("error", "give --format and --out (or --gold DIR)")
        raise typer.Exit(2)
    try:
        files = export(_store(db), fmt, out_path)
    except (ValueError, RuntimeError) as e:
        say("error", f"{e}")
        raise typer.Exit(2) from None
    for f in files:
        err.print(f"wrote {f}")


review_app = typer.Typer(help="Review facts: confirm, reject, edit, add; the queue; the history.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")
ReviewerOption = typer.Option(None, "--reviewer", envvar="ARMSTRACE_REVIEWER", help="Who reviews [default: analyst]")


def _field_values(pairs: list[str]) -> dict:
    """'quantity=4' 'supplier=Russia' 'period={"start": "2016"}' → fields (JSON where it parses, else text)."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            say("error", f"a field is NAME=VALUE, not {pair!r}")
            raise typer.Exit(2)
        name, value = pair.split("=", 1)
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value
    return out


def _review(db, do):
    from .store.reviews import ReviewError

    try:
        return do(_store(db))
    except ReviewError as e:
        say("error", e)
        raise typer.Exit(2) from None
    except LookupError as e:
        say("error", e)
        raise typer.Exit(1) from None


@review_app.command("confirm")
def review_confirm(kind: str, fact_id: int, db: Optional[str] = DbOption, reviewer: Optional[str] = ReviewerOption):
    """Confirm a fact (KIND: transfers, statistics, events, quotes, claims; FACT_ID from `query` or the API)."""
    f = _review(db, lambda s: s.review(kind, fact_id, "confirm", None, reviewer or "analyst"))
    err.print(f"confirmed {kind} {fact_id}: {f.get('evidence')}")


@review_app.command("reject")
def review_reject(kind: str, fact_id: int, db: Optional[str] = DbOption, reviewer: Optional[str] = ReviewerOption):
    """Reject a fact: it stays in the store, rejected, and answers nothing."""
    _review(db, lambda s: s.review(kind, fact_id, "reject", None, reviewer or "analyst"))
    err.print(f"rejected {kind} {fact_id}")


@review_app.command("edit")
def review_edit(kind: str, fact_id: int, fields: list[str] = typer.Argument(..., help="NAME=VALUE ..."),
                db: Optional[str] = DbOption, reviewer: Optional[str] = ReviewerOption):
    """Correct a fact's fields (the machine's values are kept in the history)."""
    f = _review(db, lambda s: s.review(kind, fact_id, "edit", _field_values(fields), reviewer or "analyst"))
    print(json.dumps({k: v for k, v in f.items() if k not in ("evidence_all",)}, ensure_ascii=False, default=str))


@review_app.command("add")
def review_add(kind: str, doc: str, start: int, end: int, fields: list[str] = typer.Argument(..., help="NAME=VALUE ..."),
               db: Optional[str] = DbOption, reviewer: Optional[str] = ReviewerOption):
    """Add a fact the extractor missed: its document, the span of text that states it, its fields."""
    def add(s):
        return s.add_fact(kind, s.resolve_document_id(doc), start, end, _field_values(fields), reviewer or "analyst")
    fact_id = _review(db, add)
    err.print(f"added {kind} {fact_id}")


@review_app.command("queue")
def review_queue_cmd(kind: Optional[str] = typer.Option(None, "--kind"), limit: int = typer.Option(20, min=1),
                     db: Optional[str] = DbOption):
    """Facts not yet reviewed, the least confident first, with the progress of each kind."""
    q = _store(db).review_queue(kind, limit)
    table = Table(title="to review")
    for col in ("kind", "id", "confidence", "fact", "evidence"):
        table.add_column(col)
    for r in q["items"]:
        what = " · ".join(str(r[c]) for c in ("supplier", "recipient", "weapon", "subject", "metric", "value", "type",
                                              "speaker", "claim") if r.get(c) not in (None, ""))
        table.add_row(r["kind"], str(r["id"]), f"{r['confidence']:.2f}", what, _short(r.get("evidence") or "", 90))
    out.print(table)
    err.print(" · ".join(f"{k}: {p['reviewed']}/{p['total']} reviewed" for k, p in q["progress"].items()))


@review_app.command("history")
def review_history_cmd(doc: Optional[str] = typer.Option(None, "--doc"), db: Optional[str] = DbOption):
    """Every review, newest first: who, when, what, the values before and after."""
    store = _store(db)
    rows = store.review_history(store.resolve_document_id(doc) if doc else None)
    print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))


@app.command("report")
def report_cmd(out_path: Path = typer.Option(Path("armstrace-report.html"), "--out", help="The HTML file"),
               db: Optional[str] = DbOption):
    """Write a self-contained HTML report: network, timeline, both-sides suppliers, disputes, evidence (a file that
    is not an armstrace report is never replaced)."""
    from .report import ReportExists, write_report

    try:
        err.print(f"wrote {write_report(_store(db), out_path)}")
    except ReportExists as e:
        say("error", e)
        raise typer.Exit(2) from None


@app.command("batch")
def batch_cmd(inputs: list[Path] = typer.Argument(..., help="Folders, files or JSONL shards"),
              engine: str = typer.Option("ray", help="ray (distributed; local mode without --address) | local"),
              workers: int = typer.Option(2, min=1, help="Worker actors (each loads the pipeline once)"),
              address: Optional[str] = typer.Option(None, help="An existing Ray cluster, e.g. ray://head:10001"),
              out_dir: Optional[Path] = typer.Option(None, "--out", help="Write Parquet here instead of the store"),
              state_dir: Optional[Path] = typer.Option(None, "--state", help="Where finished shards are remembered"),
              files_per_shard: int = typer.Option(64, min=1), db: Optional[str] = DbOption):
    """Extract many articles on a pool of workers; a rerun skips the shards already finished."""
    from .batch import run_batch

    store = None if out_dir else _store(db)
    with Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, total=total, advance=done)

        try:
            report = run_batch(inputs, engine=engine, workers=workers, address=address, store=store,
                               out_dir=out_dir, state_dir=state_dir, files_per_shard=files_per_shard,
                               progress=progress)
        except (RuntimeError, ValueError) as e:
            say("error", f"{e}")
            raise typer.Exit(2) from None
    for p in report.problems:
        say("error", f"{p}")
    err.print(f"{report.shards} shards ({report.skipped_shards} already done), {report.documents} articles "
              f"extracted, {report.added} new, {len(report.problems)} failed")
    raise typer.Exit(0 if not report.problems else EXIT_FAILED)


@app.command("load")
def load_cmd(out_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="A batch's Parquet folder"),
             db: Optional[str] = DbOption):
    """Store the extractions that `armstrace batch --out DIR` wrote as Parquet."""
    from .batch import load_parquet

    err.print(f"{load_parquet(_store(db), out_dir)} new documents stored")


@app.command("serve")
def serve_cmd(db: Optional[str] = DbOption, host: str = typer.Option("127.0.0.1", help="Interface to bind"),
              port: int = typer.Option(8000, min=1, max=65535),
              token: Optional[str] = typer.Option(None, envvar="ARMSTRACE_TOKEN",
                                                  help="Enables ingestion through the API (Bearer token)"),
              workers: int = typer.Option(min(4, os.cpu_count() or 1), min=1, max=32,
                                          help="Server processes [default: one per core, at most 4]"),
              public: bool = typer.Option(False, "--public",
                                          help="Allow binding an interface other than loopback (needs a token)"),
              allow_host: list[str] = typer.Option([], "--allow-host",
                                                   help="A Host name clients use to reach the server (beyond "
                                                        "loopback names); repeat for several")):
    """Serve the REST API (/api, OpenAPI at /docs) and the dashboard (/) — on loopback unless told otherwise."""
    import uvicorn

    from .api import LOOPBACK_HOSTS, create_app
    from .store import Store

    if host not in LOOPBACK_HOSTS:
        if not public:
            say("error", f"{host} is reachable from other machines: pass --public to serve there (with a token)")
            raise typer.Exit(2)
        if not token:
            say("error", "a public server needs ARMSTRACE_TOKEN (or --token)")
            raise typer.Exit(2)
        say("warning", f"serving on {host}: reachable from other machines")
    if not token:
        err.print("read-only (no ARMSTRACE_TOKEN): the upload endpoint is disabled")
    hosts = LOOPBACK_HOSTS + list(allow_host) + ([host] if host not in LOOPBACK_HOSTS + ["0.0.0.0", "::"] else [])
    Store(db).migrate()  # once, before the workers start
    if workers == 1:
        uvicorn.run(create_app(db, token=token, allowed_hosts=hosts), host=host, port=port, log_level="warning",
                    timeout_keep_alive=5)
        return
    os.environ["ARMSTRACE_DB"] = db or os.environ.get("ARMSTRACE_DB") or "armstrace.db"
    os.environ["ARMSTRACE_ALLOWED_HOSTS"] = ",".join(hosts)
    if token:
        os.environ["ARMSTRACE_TOKEN"] = token
    uvicorn.run("armstrace.api:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning", timeout_keep_alive=5)


@app.command("merge")
def merge_cmd(name: str, target: str, db: Optional[str] = DbOption):
    """Record that entity NAME is the same actor as TARGET (survives re-extraction)."""
    from .analytics import merge_entities

    merge_entities(_store(db), name, target)
    err.print(f"merged: {name} → {target}")


@app.command("split")
def split_cmd(name: str, alias: str, target: str, db: Optional[str] = DbOption):
    """Record that where entity NAME appears as ALIAS, the text means TARGET (survives re-extraction)."""
    from .analytics import split_entity

    split_entity(_store(db), name, alias, target)
    err.print(f"split: {alias} of {name} → {target}")


catalogue_app = typer.Typer(help="The weapon catalogue.", no_args_is_help=True)
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("build")
def catalogue_build_cmd(register: Path = typer.Argument(..., exists=True, dir_okay=False,
                                                        help="SIPRI trade-register CSV export"),
                        out_path: Path = typer.Option(..., "--out", help="The catalogue CSV to write")):
    """Build the weapon catalogue from SIPRI's trade register merged with the curated families; use it with
    ARMSTRACE_CATALOGUE=PATH (the package's own is armstrace/data/catalogue.csv)."""
    from .catalogue import build, write_catalogue
    from .sipri import read_text

    text = read_text(register)
    generated = re.search(r"Data generated:\s*([^,\n]+)", text[:3000])
    source = f"trade register export{', data generated ' + generated.group(1).strip() if generated else ''}"
    n = write_catalogue(build(text), out_path, source)
    err.print(f"{n} families written to {out_path}")


@catalogue_app.command("check")
def catalogue_check_cmd(register: Path = typer.Argument(..., exists=True, dir_okay=False,
                                                        help="SIPRI trade-register CSV export"),
                        show: int = typer.Option(0, "--show", help="List this many designations that do not resolve")):
    """How many of a register's distinct designations the catalogue in use resolves to a family with a category."""
    from .catalogue import coverage
    from .pipeline.knowledge import knowledge
    from .sipri import read_text

    cat = knowledge().catalogue

    def lookup(name):
        hit = cat.lookup(name)
        return (hit[0], cat.category(hit[0])) if hit else None

    c = coverage(read_text(register), lookup)
    print(f"{c.resolved} of {c.total} designations resolve to a family with a category ({100 * c.share:.1f}%)")
    for name in c.missing[:show]:
        print(f"  {name}")


@app.command("version")
def version_cmd():
    """Print the version."""
    print(__version__)


def main() -> None:
    """The `armstrace` command. Exit codes: 0 done; 1 nothing to answer (no such document or entity); 2 a usage
    error; 3 some inputs failed (each reported); 70 an internal error (a bug, with its traceback); 130
    interrupted."""
    import traceback

    try:
        app(prog_name="armstrace")   # usage errors (2) and typer.Exit codes are click's business
    except KeyboardInterrupt:
        say("error", "interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception:
        traceback.print_exc()
        say("error", "internal error (a bug in armstrace: the traceback above says where)")
        sys.exit(EXIT_CRASH)


if __name__ == "__main__":  # pragma: no cover
    main()
