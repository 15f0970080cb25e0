"""filings: the link to the previous filing of the form, and the stored inline-XBRL document.

`previous_accession_no` and `previous_checked_at` record ingestion's lookup of the company's previous filing
of the form (the year-over-year signals compare against it); `ixbrl_document` and `ixbrl_uri` name the
document carrying the filing's inline XBRL, which sectioning keeps in the blob store for extraction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("previous_accession_no", sa.String(length=32)),
    ("previous_checked_at", sa.DateTime(timezone=True)),
    ("ixbrl_document", sa.String()),
    ("ixbrl_uri", sa.String()),
)


def upgrade() -> None:
    for name, column_type in COLUMNS:
        op.add_column("filings", sa.Column(name, column_type, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("filings") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
