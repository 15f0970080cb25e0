"""Filings written in batches through the store's bulk paths, one bad filing isolated.

Sectioning and extraction collect the rows of up to BATCH_FILINGS filings and write them with one bulk replace
(`replace_sections_many`, `stage_signals_many`), then each filing's row update with its new status, so a filing
says `parsed` or `extracted` only once its rows are in the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sec_pipeline.store.engine import DATABASE_UNAVAILABLE
from sec_pipeline.store.rows import FilingUpdate
from sec_pipeline.store.store import Store

BATCH_FILINGS = 50

T = TypeVar("T")
R = TypeVar("R")


def batched(items: Sequence[T], size: int = BATCH_FILINGS) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class FilingRows(Generic[R]):
    """One filing's rows for a bulk replace, and the update of its `filings` row once they are written."""

    update: FilingUpdate  # the accession and the new status (and any other columns to set)
    rows: list[R]

    @property
    def accession_no(self) -> str:
        """The filing's accession number."""
        return self.update["accession_no"]


def write_batch(
    store: Store, replace: Callable[[Mapping[str, Sequence[R]]], int], batch: Sequence[FilingRows[R]]
) -> dict[str, str]:
    """Write a batch: the rows of all its filings in one `replace` call, then their `filings` updates.

    When that fails, each filing is written alone, so one bad filing never sinks the others. Returns the error of
    each filing that could not be written ({accession: "Type: message"}); every other filing is written. An
    error of the database itself (DATABASE_UNAVAILABLE) is raised, not blamed on a filing.
    """
    if not batch:
        return {}
    try:
        _write(store, replace, batch)
    except DATABASE_UNAVAILABLE:
        raise
    except Exception:  # a bad filing among them: write each alone to find it
        return _write_alone(store, replace, batch)
    return {}


def _write_alone(
    store: Store, replace: Callable[[Mapping[str, Sequence[R]]], int], batch: Sequence[FilingRows[R]]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for filing in batch:
        try:
            _write(store, replace, [filing])
        except DATABASE_UNAVAILABLE:
            raise
        except Exception as exc:  # this filing's rows cannot be written; the others go on
            errors[filing.accession_no] = f"{type(exc).__name__}: {exc}"
    return errors


def _write(store: Store, replace: Callable[[Mapping[str, Sequence[R]]], int], batch: Sequence[FilingRows[R]]) -> None:
    replace({filing.accession_no: filing.rows for filing in batch})
    store.upsert_filings([filing.update for filing in batch])
