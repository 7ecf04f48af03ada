"""SIPRI TIV tables (deliveries per supplier, recipient and year).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sipri_tiv",
        sa.Column("supplier", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("tiv", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("supplier", "recipient", "year"),
    )
    op.create_index("ix_sipri_tiv_recipient_year", "sipri_tiv", ["recipient", "year"])


def downgrade() -> None:
    op.drop_index("ix_sipri_tiv_recipient_year", "sipri_tiv")
    op.drop_table("sipri_tiv")
