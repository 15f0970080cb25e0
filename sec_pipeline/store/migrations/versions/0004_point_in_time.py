"""Point in time: when each filing was accepted, amendment links, and published signals kept as versions.

`filings.accepted_at` is EDGAR's acceptance datetime in UTC (`accepted_at_is_fallback` when the header had none
and the end of the filing date, Eastern, stands in); `amends_accession_no` links an amendment to the filing it
amends. `signals` keeps every published version of a signal: the primary key gains `published_at`, a newer
version closes the older one's interval with `superseded_at`, `available_at` is when the value became knowable
(the later of acceptance and publication) and `is_amendment` marks signals of amendments. Rows published before
this revision become current versions available from their `published_at`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 12:15:00
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
SIGNAL_KEY = ("accession_no", "section", "family", "name")
FILING_COLUMNS = (
    ("accepted_at", TIMESTAMP),
    ("accepted_at_is_fallback", sa.Boolean()),
    ("amends_accession_no", sa.String(length=32)),
)


def upgrade() -> None:
    for name, column_type in FILING_COLUMNS:
        op.add_column("filings", sa.Column(name, column_type, nullable=True))
    op.add_column("signals", sa.Column("superseded_at", TIMESTAMP, nullable=True))
    op.add_column("signals", sa.Column("available_at", TIMESTAMP, nullable=True))
    op.add_column("signals", sa.Column("is_amendment", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE signals SET available_at = published_at")
    _set_signal_key(("available_at", False), [*SIGNAL_KEY, "published_at"])


def downgrade() -> None:
    op.execute("DELETE FROM signals WHERE superseded_at IS NOT NULL")
    _set_signal_key(("available_at", True), list(SIGNAL_KEY))
    with op.batch_alter_table("signals") as batch:
        for name in ("is_amendment", "available_at", "superseded_at"):
            batch.drop_column(name)
    with op.batch_alter_table("filings") as batch:
        for name, _ in reversed(FILING_COLUMNS):
            batch.drop_column(name)


def _set_signal_key(available_at: tuple[str, bool], key: list[str]) -> None:
    """Make `key` the primary key of `signals` and set whether `available_at` is nullable."""
    column, nullable = available_at
    if op.get_context().dialect.name == "sqlite":  # SQLite cannot alter a key: batch mode copies the table
        with warnings.catch_warnings():
            # SQLAlchemy notes that the copy's key differs from the reflected one: that is the point.
            warnings.filterwarnings("ignore", message=".*_alembic_tmp_signals.*primary_key", category=sa.exc.SAWarning)
            with op.batch_alter_table("signals", recreate="always") as batch:
                batch.alter_column(column, existing_type=TIMESTAMP, nullable=nullable)
                batch.create_primary_key("signals_pkey", key)
        return
    op.alter_column("signals", column, existing_type=TIMESTAMP, nullable=nullable)
    op.drop_constraint("signals_pkey", "signals", type_="primary")
    op.create_primary_key("signals_pkey", "signals", key)
