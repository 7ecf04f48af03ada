"""The one annotated document the stages work on (Doc) and its annotations: sentences, mentions, people,
parses, dates, facts and problems.

Every annotation carries character offsets into doc.text, the currency of evidence.
"""
from __future__ import annotations

import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from ..model import Document, Evidence, Period

# a metadata line's label ('Title: …', 'Source: …', 'By: …'): the article's header, not its story
METADATA = re.compile(r"\s*(?:Title|Headline|Outlet|Date|URL|Source|By|Author)\s*:")


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    start: int
    end: int
    text: str
    canonical: str
    type: str            # country | organization | person | armed group | weapon system | place
    kind: str = "name"   # name | demonym | capital | metonym | acronym | surname | origin | institution | variant
    variant: Optional[str] = None   # for weapon systems: the exact designation
    category: Optional[str] = None  # for weapon systems: the kind of weapon
    state: Optional[str] = None     # the state this mention stands for (a country, a company's home, a ministry's)


@dataclass
class PersonInfo:
    name: str
    role: Optional[str] = None
    country: Optional[str] = None
    surface_forms: set[str] = field(default_factory=set)


@dataclass
class DateRef:
    start: int
    end: int
    text: str
    period: Period


class OverBudget(Exception):
    """The article's time budget ran out (ARMSTRACE_BUDGET)."""


def on_time(doc: Doc) -> None:
    """Raise OverBudget once the article's deadline has passed (stages call it once per sentence or batch)."""
    if doc.deadline is not None and time.monotonic() > doc.deadline:
        raise OverBudget()


class Coverage:
    """Which characters are already inside some span: O(span) to add and to test."""

    def __init__(self, length: int, spans=()):
        self.mask = bytearray(length + 1)
        for sp in spans:
            self.add(sp.start, sp.end)

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def hit(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, max(start + 1, end)) != -1


class SpanIndex:
    """Spans sorted by start, found by position in O(log n + k): mentions and dates of a sentence."""

    def __init__(self, spans):
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.starts = [s.start for s in self.spans]

    def within(self, start: int, end: int) -> list:
        i = bisect_right(self.starts, start - 1)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            out.append(self.spans[i])
            i += 1
        return out

    def backwards_from(self, pos: int):
        """The spans starting before pos, nearest first (lazily: a search back stops where it finds)."""
        for i in range(bisect_right(self.starts, pos - 1) - 1, -1, -1):
            yield self.spans[i]


class Intervals:
    """Disjoint or overlapping spans, asked 'which overlap [start, end)?' in O(log n + k)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach = max((e - s for s, e in self.spans), default=0)   # the longest span bounds the search back

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_right(self.starts, start - self.reach - 1)
        hi = bisect_right(self.starts, end - 1)
        return [(s, e) for s, e in self.spans[lo:hi] if s < end and start < e]

    def covers(self, pos: int) -> bool:
        return bool(self.overlapping(pos, pos + 1))


@dataclass(eq=False, slots=True)
class Doc:
    """An article as the stages see it: its text and what each stage has added. (Not a spaCy Doc: the model's
    parses of single sentences are spaCy Docs, kept in `parses`.)"""
    text: str
    document: Optional[Document] = None
    doc_date: Optional[str] = None                         # the article's date: 'in July' and 'Monday' resolve against it
    deadline: Optional[float] = None                       # time.monotonic() past which the stages stop (OverBudget)
    sentences: list[Sentence] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    index: SpanIndex = field(default_factory=lambda: SpanIndex([]))   # the mentions, found by position
    people: dict[str, PersonInfo] = field(default_factory=dict)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    parses: dict = field(default_factory=dict)              # sentence start -> (offset, parsed spaCy Doc)
    names: list[tuple[int, int, str]] = field(default_factory=list)   # the model's named entities
    dates: list[DateRef] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)
    facts: dict[str, list] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # what one stage leaves for a later one
    lead: Optional[int] = None                             # where the lead starts (temporal.lead_start)
    roles: dict[str, str] = field(default_factory=dict)    # an office named with its holder: 'spokesman' -> who
    said: Optional[list] = None                            # every attribution the quotes stage found
    stated: list = field(default_factory=list)             # statements inside a sentence ('X accused Y of …')
    trade: list = field(default_factory=list)              # the events the transfers stage made (contracts, deliveries)
    trade_by_article: list = field(default_factory=list)   # … of those, the ones dated by the article alone
    trade_same_deal: list = field(default_factory=list)    # … the ones dated as the deal named before
    headline: list = field(default_factory=list)           # (transfer, its events) the headline told
    transfers_at: Optional[dict] = None                    # the transfers by where their evidence starts
    transfer_starts: list[int] = field(default_factory=list)


def mentions_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """The mentions starting inside [start, end)."""
    return doc.index.within(start, end)


def add_evidence(fact, more, seen: dict) -> None:
    """Add to fact the evidence of `more` it lacks, in O(len(more)): `seen` keeps, per fact, the spans it has (one
    dict per merge, so that a statement repeated a thousand times is not compared a million times)."""
    spans = seen.get(id(fact))
    if spans is None:
        spans = seen[id(fact)] = {(e.start, e.end) for e in fact.evidence}
    for e in more:
        if (e.start, e.end) not in spans:
            spans.add((e.start, e.end))
            fact.evidence.append(e)


def evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for doc.text[start:end], trimmed of surrounding whitespace."""
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(document_id=doc.document.id if doc.document else "", start=start, end=end,
                    text=text[start:end])


def blanked(sent: Sentence, spans) -> str:
    """The sentence's text with the characters of the given (start, end) spans (document offsets) turned into
    spaces: what it says outside quoted words, or outside names."""
    chars = list(sent.text)
    for a, b in spans:
        lo, hi = max(a, sent.start), min(b, sent.end)
        if lo < hi:
            chars[lo - sent.start:hi - sent.start] = " " * (hi - lo)
    return "".join(chars)


def sentence_at(doc: Doc, pos: int) -> Optional[Sentence]:
    sents = doc.sentences
    i = bisect_right(doc.sent_starts, pos) - 1 if sents else -1
    if i >= 0 and sents[i].start <= pos < sents[i].end:
        return sents[i]
    return None
