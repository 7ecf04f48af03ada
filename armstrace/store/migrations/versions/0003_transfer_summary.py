"""Transfers fused across articles (transfer_summary, dyad_summary), kept by the store for fast questions; an index
that finds differing figures for the same statistic.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer_summary",
        sa.Column("supplier", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("weapon", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=True),
        sa.Column("value_min", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("statuses", sa.Text(), nullable=True),
        sa.Column("period_start", sa.String(length=10), nullable=True),
        sa.Column("period_end", sa.String(length=10), nullable=True),
        sa.Column("value_conflict", sa.Boolean(), nullable=True),
        sa.Column("status_conflict", sa.Boolean(), nullable=True),
        sa.Column("first_id", sa.Integer(), nullable=True),
        sa.Column("last_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("supplier", "recipient", "weapon"),
    )
    op.create_index("ix_transfer_summary_recipient", "transfer_summary", ["recipient"])
    op.create_index("ix_transfer_summary_conflicts", "transfer_summary", ["value_conflict", "status_conflict"])
    op.create_table(
        "dyad_summary",
        sa.Column("supplier", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("supplier", "recipient"),
    )
    op.create_index("ix_event_actors_actor_event", "event_actors", ["actor", "event_id"])
    op.create_index("ix_statistics_figure", "statistics",
                    ["subject", "metric", "counterpart", "unit", "period_start", "period_end", "value"])
    # stores made before this revision get their summary on the next save or `Store.rebuild_summaries()`


def downgrade() -> None:
    op.drop_index("ix_statistics_figure", "statistics")
    op.drop_table("dyad_summary")
    op.drop_index("ix_event_actors_actor_event", "event_actors")
    op.drop_index("ix_transfer_summary_conflicts", "transfer_summary")
    op.drop_index("ix_transfer_summary_recipient", "transfer_summary")
    op.drop_table("transfer_summary")
