"""Where each page of a PDF starts in its text, so that evidence says its page.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("pages", sa.JSON(), nullable=True))   # a plain ALTER TABLE (see 0005)


def downgrade() -> None:
    op.drop_column("documents", "pages")
