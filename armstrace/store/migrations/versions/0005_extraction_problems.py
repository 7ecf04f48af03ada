"""What went wrong while extracting a document (a stage that failed on its text and lost its facts).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ALTER TABLE: a batch copy of 'documents' would cascade-delete every fact on SQLite
    op.add_column("documents", sa.Column("problems", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "problems")
