"""Running the stages over one document. A stage that raises costs only its own facts for that document: the
error is recorded on the Extraction (`problems`) and the other stages go on. Each article has a time budget."""
from __future__ import annotations

import os
import time
import traceback
from typing import Optional

from ..model import FACT_KINDS, Document, Extraction
from .annotations import Doc, OverBudget
from .claims import claims
from .entities import entity_list, gazetteer, names
from .events import events
from .framing import framing
from .parse import model, parse
from .quotes import quotes
from .sentences import sentences
from .statistics import statistics
from .temporal import dates
from .transfers import transfers

# (name, stage, the facts it writes: lost when it fails)
STAGES = [("sentences", sentences, ()), ("gazetteer", gazetteer, ()), ("parse", parse, ()), ("names", names, ()),
          ("dates", dates, ()), ("quotes", quotes, ("quotes",)), ("transfers", transfers, ("transfers",)),
          ("statistics", statistics, ("statistics",)), ("events", events, ("events",)),
          ("claims", claims, ("claims",)), ("framing", framing, ("framing",))]
_NEEDED = {"sentences", "gazetteer"}  # without these nothing downstream can run


def build():
    """Load what extraction needs (data files, the statistical model) once per process."""
    from .knowledge import knowledge

    knowledge()
    model()


def make_doc(document: Document) -> Doc:
    """The annotated document the stages work on: the text, and empty annotations for them to fill."""
    return Doc(text=document.text, document=document, doc_date=document.published,
               facts={**{kind: [] for kind in FACT_KINDS}, "framing": []})


DEFAULT_BUDGET = 300.0   # seconds per article (ARMSTRACE_BUDGET); prose runs at about 40 s per MB


def budget() -> Optional[float]:
    """The time budget per article in seconds, or None for no limit (ARMSTRACE_BUDGET=0)."""
    raw = os.environ.get("ARMSTRACE_BUDGET")
    try:
        value = float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        raise ValueError(f"ARMSTRACE_BUDGET must be a number of seconds, not {raw!r}") from None
    return value if value > 0 else None


def run(document: Document, seconds: Optional[float] = None) -> Extraction:
    """Extract one document. Past its time budget (`seconds`, else ARMSTRACE_BUDGET), the stages still to run
    are skipped and the article keeps what the finished ones found, with the overrun recorded as a problem."""
    doc = make_doc(document)
    limit = seconds if seconds is not None else budget()
    doc.deadline = time.monotonic() + limit if limit else None
    for name, stage, writes in STAGES:
        try:
            doc = stage(doc)
        except OverBudget:
            for kind in writes:
                doc.facts[kind] = []
            later = [n for n, _, _ in STAGES[[n for n, _, _ in STAGES].index(name) + 1:]]
            doc.problems.append(f"time budget of {limit:g} s ran out in the {name} stage"
                                + (f"; not run: {', '.join(later)}" if later else ""))
            break
        except Exception as e:  # one stage's bug costs its facts for this article, never the article
            for kind in writes:
                doc.facts[kind] = []
            where = traceback.extract_tb(e.__traceback__)[-1]
            doc.problems.append(f"{name} stage failed: {type(e).__name__}: {e} "
                                f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno})")
            if name in _NEEDED:
                break
    try:
        entities = entity_list(doc)
    except Exception as e:
        entities = []
        doc.problems.append(f"entities failed: {type(e).__name__}: {e}")
    facts = {k: v for k, v in doc.facts.items() if k in FACT_KINDS}
    return Extraction(document=document, entities=entities, framing=doc.facts.get("framing", []),
                      problems=list(doc.problems), **facts)
