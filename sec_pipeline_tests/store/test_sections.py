"""sections: replace semantics, large text in the blob store, filters, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.store import LocalBlobStore, Store

from .helpers import accession, filing_row

ACC = accession(320193, 2024, 1)


def _section(item: str, start: int, text: str) -> dict[str, object]:
    return {"item": item, "form_type": "10-K", "title": f"Item {item}", "start_offset": start,
            "end_offset": start + len(text), "source_start": start * 2, "source_end": (start + len(text)) * 2,
            "confidence": 0.95, "warnings": ["short"] if len(text) < 10 else [], "text": text,
            "parser_version": "1"}


def test_replace_sections_replaces(store: Store) -> None:
    store.upsert_filings([filing_row()])
    assert store.replace_sections_many({ACC: [_section("1", 0, "Business."), _section("1A", 10, "Risk factors."),
                                              _section("7", 30, "MD&A text.")]}) == 3
    assert store.replace_sections_many({ACC: [_section("1", 0, "Business."),
                                              _section("1A", 10, "Risks, v2.")]}) == 2
    rows = store.get_sections([ACC])
    assert [(r["item"], r["text"], r["char_count"]) for r in rows] == [("1", "Business.", 9),
                                                                      ("1A", "Risks, v2.", 10)]
    assert rows[0]["warnings"] == ["short"] and rows[1]["warnings"] == []
    assert [r["item"] for r in store.get_sections(ACC, items=["1A"])] == ["1A"]
    assert "text" not in store.get_sections([ACC], with_text=False)[0]
    assert store.get_sections([]) == []
    store.replace_sections_many({ACC: [{**_section("X", 0, "no offset"), "start_offset": None},
                                       _section("1", 0, "B.")]})
    assert [r["item"] for r in store.get_sections(ACC)] == ["1", "X"]  # NULL offsets last on both backends


def test_large_text_lives_in_the_blob_store(database_url: str, tmp_path: Path) -> None:
    store = Store(database_url, blobs=LocalBlobStore(tmp_path / "blobs"), inline_text_limit=100)
    store.migrate()
    try:
        long_text = "Revenue grew. " * 50
        store.replace_sections_many({ACC: [_section("7", 0, long_text), _section("1", 800, "Short.")]})
        rows = {r["item"]: r for r in store.get_sections([ACC], with_text=False)}
        assert rows["7"]["text_uri"].startswith("file://") and rows["7"]["char_count"] == len(long_text)
        assert rows["1"]["text_uri"] is None
        assert (tmp_path / "blobs" / "sections" / ACC / "7.txt").read_text() == long_text
        assert {r["item"]: r["text"] for r in store.get_sections([ACC])} == {"7": long_text, "1": "Short."}
        without_blobs = Store(database_url)
        with pytest.raises(RuntimeError, match="create the Store with blobs="):
            without_blobs.get_sections([ACC])
        without_blobs.dispose()
    finally:
        store.dispose()


def test_bad_section_input(store: Store) -> None:
    with pytest.raises(ValueError, match="passed as a section of"):
        store.replace_sections_many({ACC: [{**_section("1", 0, "x"), "accession_no": accession(1, 2024, 2)}]})
    with pytest.raises(ValueError, match="occurs twice"):
        store.replace_sections_many({ACC: [_section("1", 0, "x"), _section("1", 5, "y")]})
    store.replace_sections_many({ACC: [_section("1", 0, "kept")]})
    with pytest.raises(ValueError, match="unknown column"):
        store.replace_sections_many({ACC: [{**_section("2", 0, "x"), "body": "x"}]})
    assert [r["text"] for r in store.get_sections([ACC])] == ["kept"]  # a failed replace changes nothing


def test_replace_sections_many(store: Store) -> None:
    other = accession(789019, 2024, 2)
    store.replace_sections_many({ACC: [_section("1", 0, "old"), _section("2", 5, "old")]})
    written = store.replace_sections_many({ACC: [_section("1", 0, "new")], other: [_section("7", 0, "mdna")]})
    assert written == 2
    rows = store.get_sections([ACC, other])
    assert [(r["accession_no"], r["item"], r["text"]) for r in rows] == [(ACC, "1", "new"), (other, "7", "mdna")]
