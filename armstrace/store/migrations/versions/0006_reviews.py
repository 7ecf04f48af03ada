"""Analyst reviews: a verdict column on every fact table, and the reviews themselves (who, when, what, and the
machine's values), kept apart so that they re-attach after re-extraction.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FACT_TABLES = ("transfers", "statistics", "events", "quotes", "claims")


def upgrade() -> None:
    for table in FACT_TABLES:  # plain ALTER TABLEs: a batch copy would cascade-delete evidence on SQLite
        op.add_column(table, sa.Column("review", sa.String(16), nullable=True))
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=True),
        sa.Column("previous", sa.JSON(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_reviews_key", "reviews", ["kind", "document_id", "char_start"])


def downgrade() -> None:
    op.drop_index("ix_reviews_key", table_name="reviews")
    op.drop_table("reviews")
    for table in FACT_TABLES:
        op.drop_column(table, "review")
