"""The one fact model of armstrace: documents, entities, facts and their evidence.

Every layer (ingest, pipeline, store, analytics, cli/api/web) reads and writes these types. The JSON
interchange form of one document's facts (docs/schema.md) is produced and read here and nowhere else.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal, Optional, get_args, overload

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EntityType = Literal["country", "organization", "person", "armed group", "weapon system", "place"]
TransferStatus = Literal["delivered", "ordered", "pledged", "planned", "alleged", "curtailed", "denied", "ongoing"]
# the stages by weight of evidence, strongest first: a fused transfer's status is its strongest report's
STATUS_RANK = {s: len(get_args(TransferStatus)) - i for i, s in enumerate(
    ("delivered", "ordered", "ongoing", "pledged", "planned", "alleged", "curtailed", "denied"))}
ACTUAL = ("delivered", "ordered", "ongoing")   # a deal that exists (what a denial contradicts, with 'alleged')


def as_status(s: str) -> TransferStatus:
    """A stage named in a word table or a register, checked: one of TransferStatus."""
    if s not in get_args(TransferStatus):
        raise ValueError(f"not a transfer status: {s!r}")
    return s  # type: ignore[return-value]  # checked just above


Financing = Literal["loan", "credit", "discount"]
DateHow = Literal["explicit", "metadata", "url", "inferred", "unknown"]
TitleHow = Literal["explicit", "derived", "metadata"]
Category = Literal["ballistic missile", "cruise missile", "MLRS", "MANPADS", "loitering munition", "drone",
                   "air defence", "armour", "aircraft", "helicopter", "artillery", "small arms", "naval",
                   "anti-tank", "radar", "general"]

_WS = re.compile(r"\s+")


def content_id(text: str) -> str:
    """A document's id: a hash of its text with whitespace runs collapsed (16 hex digits)."""
    norm = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=False)


class Evidence(_Model):
    """The exact characters of a document that state a fact: text == document.text[start:end]."""
    document_id: str = ""
    start: int
    end: int
    text: str


class Period(_Model):
    """A date or a period as partial ISO dates ('2016', '2016-04', '2016-04-09'); end >= start."""
    start: Optional[str] = None
    end: Optional[str] = None

    @overload
    @classmethod
    def point(cls, d: str) -> Period: ...
    @overload
    @classmethod
    def point(cls, d: None) -> None: ...
    @overload
    @classmethod
    def point(cls, d: Optional[str]) -> Optional[Period]: ...
    @classmethod
    def point(cls, d):
        """The period of one date (None for none)."""
        return cls(start=d, end=d) if d else None


class Money(_Model):
    amount: float
    currency: str = "USD"


class Fact(_Model):
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = 1.0


class Transfer(Fact):
    supplier: Optional[str] = None
    recipient: Optional[str] = None
    weapon: Optional[str] = None
    variant: Optional[str] = None
    category: str = "general"
    quantity: Optional[int] = None
    value: Optional[Money] = None
    period: Optional[Period] = None
    status: TransferStatus = "delivered"
    financing: Optional[Financing] = None


class Statistic(Fact):
    subject: str
    metric: str
    counterpart: Optional[str] = None
    value: float
    unit: str
    period: Optional[Period] = None
    source_cited: Optional[str] = None


class Event(Fact):
    type: str
    actors: list[str] = Field(default_factory=list)
    date: Optional[Period] = None
    location: Optional[str] = None
    fatalities: Optional[int] = None
    summary: str = ""


class Quote(Fact):
    speaker: str
    role: Optional[str] = None
    direct: bool = True
    text: str
    date: Optional[str] = None


class Claim(Fact):
    """Two sides disagreeing about a fact, as reported by one document."""
    claim: str
    asserted_by: list[str] = Field(default_factory=list)
    disputed_by: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class FactKind:
    """A kind of fact, declared once: everything else (the store's columns and filters, the API's routes and
    parameters, the CLI's columns, the dashboard's tabs, the interchange format) is derived from this."""
    name: str                          # plural: the Extraction field, the table, the API path ('transfers')
    model: type[Fact]
    singular: str                      # 'transfer'
    label: str                         # a human heading ('Transfers')
    filters: tuple[str, ...] = ()      # the columns a browse filters on (exact values, or names: see `names`)
    names: tuple[str, ...] = ()        # of those, the ones that hold actors' names (resolved across documents)
    date: Optional[str] = None         # the field that dates it (a Period, or a plain date)
    json_key: str = ""                 # its key in the interchange format (default: name)
    extra_filters: tuple[str, ...] = field(default=())   # filters over more than one field: 'country', 'actor'
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)   # values of filters that are no field
    sortable: tuple[str, ...] = ()     # the columns a table may be sorted on (besides its filters)
    facets: tuple[str, ...] = ()       # the columns whose most frequent values narrow a browse

    @property
    def fields(self) -> list[str]:
        """The fact's own fields, in declaration order (evidence and confidence are every fact's)."""
        return [f for f in self.model.model_fields if f not in Fact.model_fields]

    @property
    def key(self) -> str:
        return self.json_key or self.name

    @property
    def dates(self) -> Optional[tuple[str, str]]:
        """The stored columns of its date: (start, end)."""
        if self.date is None:
            return None
        if self.model.model_fields[self.date].annotation == Optional[Period]:
            return f"{self.date}_start", f"{self.date}_end"
        return self.date, self.date

    @property
    def all_filters(self) -> tuple[str, ...]:
        return self.filters + self.extra_filters


FACT_KIND: dict[str, FactKind] = {k.name: k for k in (
    FactKind("transfers", Transfer, "transfer", "Transfers",
             filters=("supplier", "recipient", "weapon", "status", "source"), names=("supplier", "recipient"),
             date="period", extra_filters=("country",), choices={"source": ("news", "SIPRI")},
             facets=("supplier", "recipient", "weapon", "status", "source", "category"),
             sortable=("period_start", "period_end", "quantity", "value_amount", "category")),
    FactKind("statistics", Statistic, "statistic", "Statistics", filters=("subject", "counterpart", "metric"),
             names=("subject", "counterpart"), date="period", sortable=("value", "unit", "period_start", "period_end"),
             facets=("subject", "counterpart", "metric")),
    FactKind("events", Event, "event", "Events", filters=("type",), date="date", extra_filters=("actor",),
             sortable=("date_start", "date_end", "location", "fatalities"), facets=("type",)),
    FactKind("quotes", Quote, "quote", "Quotes", filters=("speaker",), names=("speaker",), date="date",
             sortable=("date", "role")),
    FactKind("claims", Claim, "claim", "Claims in dispute", json_key="claims_in_dispute"),
)}
FACT_KINDS = tuple(FACT_KIND)


class Entity(_Model):
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)  # for people: how this document describes them


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
LIMITS = {"title": 500, "outlet": 200, "author": 300, "published_note": 300, "url": 2048, "source_path": 1024}


# the same, as one regular expression for a schema: years 1800–2099, months 01–12, days that exist (leap years)
_Y = r"(?:18|19|20)\d\d"
DATE_PATTERN = (rf"^(?:{_Y}(?:-(?:0[1-9]|1[0-2]))?|{_Y}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|"
                rf"(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|"
                rf"(?:(?:18|19|20)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$")


def valid_date(value: object, future: bool = False) -> Optional[str]:
    """An ISO date or partial date ('2021', '2021-03', '2021-03-15') that exists on the calendar, from 1800 to
    next year (to 2099 when `future`, as in a query's bounds); None otherwise."""
    import datetime

    if not isinstance(value, str):
        return None
    m = _DATE.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if not 1800 <= year <= (2099 if future else datetime.date.today().year + 1):
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return m[0]


def valid_url(value: object) -> Optional[str]:
    """An http(s) URL with a host, at most LIMITS['url'] characters; None otherwise ('javascript:', a dict)."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    ok = re.fullmatch(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", v, re.I) and len(v) <= LIMITS["url"]
    return v if ok else None


class Document(_Model):
    """An article. Metadata is checked here, whatever read it: a date that is not a real one, a URL that is not
    http(s), a value of the wrong type are dropped (the article is kept); long values are cut."""
    id: str
    text: str
    title: Optional[str] = None
    title_how: TitleHow = "explicit"
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    published_how: DateHow = "unknown"
    pages: Optional[list[int]] = None   # a PDF: where each page starts in the text (evidence says its page)
    published_note: Optional[str] = None
    url: Optional[str] = None
    source_path: Optional[str] = None
    format: str = "txt"
    duplicate_of: Optional[str] = None  # id of the original when this is a near-duplicate

    @field_validator("title", "outlet", "author", "published_note", "source_path", mode="before")
    @classmethod
    def _short_text(cls, v, info):
        if v is None:
            return None
        if not isinstance(v, str):
            return None
        v = " ".join(v.split()) if info.field_name != "source_path" else v
        limit = LIMITS[info.field_name]
        return (v[:limit - 1] + "…" if len(v) > limit else v) or None

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, v):
        return valid_url(v)

    @model_validator(mode="after")
    def _date(self):
        if self.published is not None and valid_date(self.published) is None:
            self.published, self.published_how = None, "unknown"
        return self

    def page_of(self, pos: int) -> Optional[int]:
        """The page (from 1) of a PDF that holds the character at pos; None for other documents."""
        import bisect

        return bisect.bisect_right(self.pages, pos) if self.pages else None

    @property
    def file_stem(self) -> str:
        if not self.source_path:
            return self.id
        name = self.source_path.split("#")[0].rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        # one line of a JSONL bundle is named after the bundle and its line
        return f"{stem}-{self.source_path.split('#L')[1]}" if "#L" in self.source_path else stem


class Extraction(_Model):
    """Everything extracted from one document."""
    document: Document
    transfers: list[Transfer] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    # wording that carries a side ('liberated' / 'occupied'): a property of the source, not a fact
    framing: list[dict] = Field(default_factory=list)
    # what went wrong while extracting (a stage that failed on this text and lost its facts)
    problems: list[str] = Field(default_factory=list)

    def facts(self):
        for kind in FACT_KINDS:
            for fact in getattr(self, kind):
                yield kind, fact

    # ---- the JSON interchange format (docs/schema.md) -------------------------------------------
    def to_json(self) -> dict:
        d = self.document
        doc = {"file": d.source_path.split("/")[-1] if d.source_path else None, "id": d.id,
               "title": d.title, "outlet": d.outlet, "author": d.author, "published": d.published,
               "url": d.url, "published_note": d.published_note or d.published_how,
               **({"pages": d.pages} if d.pages else {})}
        return {
            "doc": doc,
            **{k.key: [_fact_json(f, k.fields) for f in getattr(self, k.name)] for k in FACT_KIND.values()},
            "entities": [{"name": e.name, "type": e.type, "aliases_in_text": e.aliases,
                          **({"roles": e.roles} if e.roles else {})} for e in self.entities],
            "framing": self.framing,
            **({"problems": self.problems} if self.problems else {}),
        }

    @classmethod
    def from_json(cls, data: dict, text: str = "") -> Extraction:
        """Read the interchange format back; evidence spans are kept when present, else located in text."""
        doc = data.get("doc") or {}
        document = Document(id=doc.get("id") or content_id(text or doc.get("file") or ""), text=text,
                            title=doc.get("title"), outlet=doc.get("outlet"), author=doc.get("author"),
                            published=doc.get("published"), url=doc.get("url"), source_path=doc.get("file"))

        def facts(key, model):
            out = []
            for row in data.get(key) or []:
                row = dict(row)
                ev = _evidence_from_json(row.pop("evidence", None), row.pop("evidence_spans", None),
                                         text, document.id)
                out.append(model(**row, evidence=ev))
            return out

        return cls(document=document, **{k.name: facts(k.key, k.model) for k in FACT_KIND.values()},
                   entities=[Entity(name=e["name"], type=e["type"], aliases=e.get("aliases_in_text") or [],
                                    roles=e.get("roles") or []) for e in data.get("entities") or []],
                   framing=data.get("framing") or [], problems=data.get("problems") or [])


def _fact_json(fact: Fact, fields: list[str]) -> dict:
    out = {}
    for f in fields:
        v = getattr(fact, f)
        out[f] = v.model_dump() if isinstance(v, BaseModel) else v
    out["evidence"] = fact.evidence[0].text if fact.evidence else None
    out["evidence_spans"] = [[e.start, e.end] for e in fact.evidence]
    return out


def _evidence_from_json(text_ev, spans, text: str, doc_id: str) -> list[Evidence]:
    if spans and text:
        return [Evidence(document_id=doc_id, start=s, end=e, text=text[s:e]) for s, e in spans]
    if isinstance(text_ev, str) and text_ev:
        i = text.find(text_ev) if text else -1
        return [Evidence(document_id=doc_id, start=max(i, 0), end=max(i, 0) + len(text_ev) if i >= 0 else 0,
                         text=text_ev)]
    return []
