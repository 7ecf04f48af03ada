"""The main job as a library: files → documents → (deduplicated) → extracted facts → store.

Each document is extracted outside any transaction and saved in one; a bad file is recorded as a Problem and
the batch goes on; rerunning skips what is already stored (so an interrupted run resumes where it stopped).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol, Union

from .ingest import Problem, discover, minhash, read_path
from .model import Document, Extraction
from .store import Store


class Extractor(Protocol):
    """Document → its facts. An extractor with a `version` attribute has it stored with them."""

    def __call__(self, document: Document, /) -> Extraction: ...


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)          # new documents
    updated: list[str] = field(default_factory=list)        # re-extracted (--force)
    unchanged: list[str] = field(default_factory=list)      # already stored from the same file
    duplicates: list[tuple[str, str]] = field(default_factory=list)       # (path, original id)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, original id)
    problems: list[Problem] = field(default_factory=list)
    # stored, but a stage failed on the text (or ran out of time) and some facts are missing
    partial: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)     # not article files: reported, not failed
    files: int = 0                                           # article files found
    on_problem: Optional[Callable[[str, Problem], None]] = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems


def ingest(store: Store, paths: Iterable[Union[str, Path]], *, extractor: Optional[Extractor] = None,
           force: bool = False, progress: Optional[Callable[[str], None]] = None,
           on_total: Optional[Callable[[int], None]] = None,
           on_file: Optional[Callable[[str], None]] = None,
           on_problem: Optional[Callable[[str, Problem], None]] = None,
           report: Optional[IngestReport] = None) -> IngestReport:
    """Ingest files and folders into the store, extracting facts with `extractor` (None: metadata only).
    `on_file(path)` is called as work on a file starts, `progress(path)` when it is done, and
    `on_problem(kind, problem)` as each problem is found ('failed', 'partial' or 'skipped'), so that a long batch
    reports as it goes and an interrupted one has said what it found (pass `report` to keep it when interrupted)."""
    version = getattr(extractor, "version", None) if extractor else None
    return each_document(paths, lambda doc, rep: _ingest_with_retry(store, doc, extractor, version, force, rep),
                         progress=progress, on_total=on_total, on_file=on_file, on_problem=on_problem, report=report,
                         known=(lambda url: False) if force else (lambda url: store.source(url) is not None))


def extract_to_files(paths: Iterable[Union[str, Path]], out_dir: Path, extractor: Extractor, **callbacks) -> IngestReport:
    """Extract every article into out_dir as one interchange-format JSON file each, named after its file (no
    store); `report.added` lists the files written. Callbacks as for `ingest`."""
    import json

    out_dir.mkdir(parents=True, exist_ok=True)

    def write(doc: Document, report: IngestReport) -> None:
        ex = extractor(doc)
        for why in ex.problems:
            _record(report, "partial", Problem(doc.source_path or doc.id, why))
        target = out_dir / f"{doc.file_stem}.json"
        target.write_text(json.dumps(ex.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        report.added.append(str(target))

    return each_document(paths, write, **callbacks)


def each_document(paths: Iterable[Union[str, Path]], handle: Callable[[Document, IngestReport], None], *,
                  progress: Optional[Callable[[str], None]] = None, on_total: Optional[Callable[[int], None]] = None,
                  on_file: Optional[Callable[[str], None]] = None,
                  on_problem: Optional[Callable[[str, Problem], None]] = None,
                  report: Optional[IngestReport] = None,
                  known: Callable[[str], bool] = lambda url: False) -> IngestReport:
    """The one read loop: every article in the files, folders and URLs (a page, or a feed whose items the store
    does not `known` yet) is handed to `handle` (which extracts and saves it); a file or URL that cannot be read,
    an article that fails and an entry skipped are recorded as found, and never stop the others."""
    from .fetch import Fetcher, is_url, read_url

    report = report if report is not None else IngestReport()
    report.on_problem = on_problem or report.on_problem
    given = list(paths)
    urls = [str(p) for p in given if is_url(p)]
    files, found = discover([p for p in given if not is_url(p)])
    for p in found:
        _record(report, "skipped" if p.skipped else "failed", p)
    sources: list = [*files, *urls]
    report.files = len(sources)
    if on_total:
        on_total(len(sources))
    fetcher = Fetcher() if urls else None
    for path in sources:
        if on_file:
            on_file(str(path))
        try:
            items = list(read_url(path, fetcher, known) if isinstance(path, str) and fetcher else read_path(path))
        except Exception as e:  # a reader bug on one file never aborts the batch
            items = [Problem(str(path), f"could not be read: {type(e).__name__}: {e}")]
        for item in items:
            if isinstance(item, Problem):
                _record(report, "failed", item)
                continue
            try:
                handle(item, report)
            except Exception as e:  # one article never aborts the batch
                _record(report, "failed", Problem(item.source_path or "?", f"failed: {type(e).__name__}: {e}"))
        if progress:
            progress(str(path))
    if fetcher:
        fetcher.close()
    return report


def _record(report: IngestReport, kind: str, problem: Problem) -> None:
    {"failed": report.problems, "partial": report.partial, "skipped": report.skipped}[kind].append(problem)
    if report.on_problem:
        report.on_problem(kind, problem)


def ingest_document(store: Store, doc: Document, extractor: Optional[Extractor] = None, force: bool = False,
                    report: Optional[IngestReport] = None) -> IngestReport:
    """Ingest one already-read document (an API upload, a batch result): deduplicated, extracted with
    `extractor`, saved in one transaction, retried if another process stored the same thing meanwhile."""
    report = report if report is not None else IngestReport()
    _ingest_with_retry(store, doc, extractor, getattr(extractor, "version", None) if extractor else None, force,
                       report)
    return report


def _ingest_with_retry(store: Store, doc: Document, extractor, version, force: bool, report: IngestReport,
                       attempts: int = 8) -> None:
    """Another process may store the same article, file or fused key at the same moment (a shared PostgreSQL
    store): the losing transaction rolls back whole, and a retry sees what the other one wrote."""
    from sqlalchemy.exc import DBAPIError, IntegrityError

    for attempt in range(attempts):
        try:
            return _ingest_one(store, doc, extractor, version, force, report)
        except (IntegrityError, DBAPIError) as e:
            transient = isinstance(e, IntegrityError) or "deadlock" in str(e).lower() or \
                "could not serialize" in str(e).lower()
            if not transient or attempt == attempts - 1:
                raise
            import random
            import time

            time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)


def _ingest_one(store: Store, doc: Document, extractor: Optional[Extractor], version: Optional[str],
                force: bool, report: IngestReport) -> None:
    path = doc.source_path or doc.id
    known = store.source(path)
    if known and known["document_id"] == doc.id and not force:
        report.unchanged.append(path)
        return
    if known and known["document_id"] != doc.id and known["relation"] == "original" and \
            not store.has_document(doc.id):
        # the file reads differently now (edited, or read by a newer reader): its new text replaces the old one
        store.delete_document(known["document_id"])
        known = None
    if store.has_document(doc.id):
        if not known and store.source(path):  # another process stored this very file meanwhile
            return _ingest_one(store, doc, extractor, version, force, report)
        if known and known["document_id"] == doc.id:  # forced re-extraction of the same file
            stored = store.document(doc.id)
            _save(store, doc, extractor, version, stored_dup=stored.duplicate_of, report=report)
            report.updated.append(doc.id)
        else:  # the same text under another name
            store.record_source(path, doc.id, "duplicate")
            report.duplicates.append((path, doc.id))
        return
    signature = minhash(doc.text)
    original = store.near_duplicate_of(signature, exclude=doc.id)
    if store.has_document(doc.id):  # another process stored this very text meanwhile: it is a duplicate now
        return _ingest_one(store, doc, extractor, version, force, report)
    if original:
        # kept, so its wording and source are on record, but not extracted: its facts would count twice
        store.save(Extraction(document=doc), duplicate_of=original, relation="near-duplicate")
        report.near_duplicates.append((path, original))
        return
    _save(store, doc, extractor, version, signature=signature, report=report)
    report.added.append(doc.id)


def _save(store: Store, doc: Document, extractor: Optional[Extractor], version: Optional[str], *,
          signature=None, stored_dup: Optional[str] = None, report: Optional[IngestReport] = None) -> None:
    extracting = extractor is not None and not stored_dup
    extraction = extractor(doc) if extractor is not None and extracting else Extraction(document=doc)
    if report is not None:
        for p in extraction.problems:
            _record(report, "partial", Problem(doc.source_path or doc.id, p))
    if signature is None and not stored_dup:
        signature = minhash(doc.text)
    store.save(extraction, signature=signature, duplicate_of=stored_dup,
               extractor_version=version if extracting else None,
               relation="near-duplicate" if stored_dup else "original")
