"""Tables of the store (SQLAlchemy Core). The migrations in migrations/versions create exactly these."""
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ..model import FACT_KINDS

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(16), primary_key=True),
    Column("title", Text), Column("title_how", String(16)),
    Column("outlet", Text), Column("author", Text),
    Column("published", String(10)), Column("published_how", String(16)), Column("published_note", Text),
    Column("url", Text), Column("format", String(8)),
    Column("text", Text, nullable=False),
    Column("source_path", Text),
    Column("minhash", LargeBinary),  # near-duplicate signature (see ingest.minhash)
    Column("duplicate_of", String(16), ForeignKey("documents.id", ondelete="SET NULL")),
    Column("ingested_at", String(32)), Column("extracted_at", String(32)), Column("extractor_version", String(32)),
    Column("framing", JSON),  # wording that carries a side: [{"term", "side", "count"}]
    Column("problems", JSON),  # stages that failed on this text: ["quotes stage failed: …"]
    Column("pages", JSON),     # a PDF: where each page starts in the text
    Index("ix_documents_published", "published"),
)

# locality-sensitive hashing bands of original documents' MinHash signatures, to find near-duplicates
lsh_bands = Table(
    "lsh_bands", metadata,
    Column("band", Integer, primary_key=True), Column("key", BigInteger, primary_key=True),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

# every file (or JSONL line) ever ingested, and the document it gave
sources = Table(
    "sources", metadata,
    Column("path", Text, primary_key=True),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("relation", String(16), nullable=False),  # original | duplicate | near-duplicate
    Column("ingested_at", String(32)),
    Index("ix_sources_document", "document_id"),
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False), Column("type", String(16), nullable=False),
    UniqueConstraint("name", "type", name="uq_entities_name_type"),
)

# an entity's surface form in one document (aliases_in_text)
mentions = Table(
    "mentions", metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Index("ix_mentions_document", "document_id"),
)


# how a document describes a person (role history across documents)
entity_roles = Table(
    "entity_roles", metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("role", Text, primary_key=True),
)

# an analyst's corrections, kept apart from extracted rows so that they survive re-extraction:
# merge: the entity `name` is the same as `target`; split: the alias `alias` of `name` is really `target`
entity_overrides = Table(
    "entity_overrides", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(8), nullable=False),
    Column("name", Text, nullable=False), Column("target", Text, nullable=False), Column("alias", Text),
    Column("created_at", String(32)),
)


def _fact_columns():
    return [Column("id", Integer, primary_key=True, autoincrement=True),
            Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
            Column("confidence", Float, nullable=False, default=1.0),
            # an analyst's verdict, applied to the row (store.reviews keeps who, when and the machine's values):
            # NULL (unreviewed), 'confirmed', 'edited', 'added' or 'rejected' (left out of every answer)
            Column("review", String(16))]


transfers = Table(
    "transfers", metadata, *_fact_columns(),
    Column("supplier", Text), Column("recipient", Text), Column("weapon", Text), Column("variant", Text),
    Column("category", String(32)), Column("quantity", Integer),
    Column("value_amount", Float), Column("value_currency", String(8)),
    Column("period_start", String(10)), Column("period_end", String(10)),
    Column("status", String(16)), Column("financing", String(16)),
    Column("source", String(16), nullable=False, default="news"),
    Index("ix_transfers_dyad", "supplier", "recipient"), Index("ix_transfers_recipient", "recipient"),
    Index("ix_transfers_document", "document_id"), Index("ix_transfers_weapon", "weapon"),
)

statistics = Table(
    "statistics", metadata, *_fact_columns(),
    Column("subject", Text), Column("metric", Text), Column("counterpart", Text),
    Column("value", Float), Column("unit", String(16)),
    Column("period_start", String(10)), Column("period_end", String(10)), Column("source_cited", Text),
    Index("ix_statistics_subject", "subject"), Index("ix_statistics_document", "document_id"),
    Index("ix_statistics_figure", "subject", "metric", "counterpart", "unit", "period_start", "period_end", "value"),
)

events = Table(
    "events", metadata, *_fact_columns(),
    Column("type", String(32)), Column("date_start", String(10)), Column("date_end", String(10)),
    Column("location", Text), Column("fatalities", Integer), Column("summary", Text),
    Index("ix_events_document", "document_id"), Index("ix_events_date", "date_start"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor", Text, primary_key=True),
    Column("position", Integer, nullable=False, default=0),  # actors keep their order: initiator first
    Index("ix_event_actors_actor", "actor"),
    Index("ix_event_actors_actor_event", "actor", "event_id"),  # covering: a dyad's events by join
)

quotes = Table(
    "quotes", metadata, *_fact_columns(),
    Column("speaker", Text), Column("role", Text), Column("direct", Boolean), Column("text", Text),
    Column("date", String(10)),
    Index("ix_quotes_speaker", "speaker"), Index("ix_quotes_document", "document_id"),
)

claims = Table(
    "claims", metadata, *_fact_columns(),
    Column("claim", Text), Column("asserted_by", JSON), Column("disputed_by", JSON),
    Index("ix_claims_document", "document_id"),
)

# the characters that state a fact; fact_kind names the table of fact_id
evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fact_kind", String(16), nullable=False), Column("fact_id", Integer, nullable=False),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("char_start", Integer, nullable=False), Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_evidence_fact", "fact_kind", "fact_id"), Index("ix_evidence_document", "document_id"),
)

# transfers fused across articles, kept up to date by the store for the keys each save touches: one row per
# (supplier, recipient, system) with what the reports say together, so questions over millions of facts stay fast
transfer_summary = Table(
    "transfer_summary", metadata,
    Column("supplier", Text, primary_key=True), Column("recipient", Text, primary_key=True),
    Column("weapon", Text, primary_key=True),  # '' for arms in general
    Column("category", String(32)),
    Column("reports", Integer), Column("documents", Integer),
    Column("value_min", Float), Column("value_max", Float),
    Column("statuses", Text),
    Column("period_start", String(10)), Column("period_end", String(10)),  # stated, else the reporting date
    Column("value_conflict", Boolean), Column("status_conflict", Boolean),
    Column("first_id", Integer), Column("last_id", Integer),  # two reports to quote as evidence
    Index("ix_transfer_summary_recipient", "recipient"),
    Index("ix_transfer_summary_conflicts", "value_conflict", "status_conflict"),
)

# distinct articles reporting any transfer of a supplier → recipient dyad (kept with transfer_summary)
dyad_summary = Table(
    "dyad_summary", metadata,
    Column("supplier", Text, primary_key=True), Column("recipient", Text, primary_key=True),
    Column("documents", Integer),
)

# SIPRI's TIV tables: trend-indicator values (millions) of deliveries, per supplier, recipient and year
sipri_tiv = Table(
    "sipri_tiv", metadata,
    Column("supplier", Text, primary_key=True), Column("recipient", Text, primary_key=True),
    Column("year", Integer, primary_key=True), Column("tiv", Float, nullable=False),
    Index("ix_sipri_tiv_recipient_year", "recipient", "year"),
)

# an analyst's reviews of facts, apart from the machine's rows so that they survive re-extraction: a review is
# keyed by the fact's kind, document and evidence span, and re-attaches to the fact of that kind whose evidence
# overlaps the span; every review is kept (the latest one per key applies)
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("char_start", Integer, nullable=False), Column("char_end", Integer, nullable=False),
    Column("action", String(16), nullable=False),   # confirm | reject | edit | add
    Column("fields", JSON),                         # the reviewed values (edit: the changed fields; add: all)
    Column("previous", JSON),                       # the fact's values before this review
    Column("reviewer", Text, nullable=False), Column("created_at", String(32), nullable=False),
    Index("ix_reviews_key", "kind", "document_id", "char_start"),
)

FACT_TABLES = {kind: metadata.tables[kind] for kind in FACT_KINDS}   # one table per kind, named as the kind
