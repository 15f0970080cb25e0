"""Blob store: local folder and S3 (a moto server on loopback) behave the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.store import (
    BlobNotFoundError,
    BlobStore,
    LocalBlobStore,
    S3BlobStore,
    get_dir,
    model_key,
    put_dir,
    raw_key,
    section_text_key,
)

ACC = "0000320193-24-000123"


def test_put_get_exists(blob_store: BlobStore) -> None:
    key = raw_key("0000320193", ACC, "aapl-20240928.htm")
    assert key == f"raw/320193/{ACC}/aapl-20240928.htm"
    assert not blob_store.exists(key)
    uri = blob_store.put(key, b"<html>10-K</html>")
    assert uri == blob_store.uri(key)
    assert uri.startswith("file://" if isinstance(blob_store, LocalBlobStore) else "s3://")
    assert blob_store.exists(key)
    assert blob_store.get(uri) == blob_store.get(key) == b"<html>10-K</html>"
    blob_store.put(key, b"replaced")
    assert blob_store.get(uri) == b"replaced"
    big = bytes(range(256)) * 40_000  # 10 MB, binary
    assert blob_store.get(blob_store.put("raw/big.bin", big)) == big
    with pytest.raises(BlobNotFoundError, match="missing.txt"):
        blob_store.get("raw/missing.txt")
    for bad in ("", "/etc/passwd", "raw/../../x", "raw//x", "a\\b"):
        with pytest.raises(ValueError, match="blob key"):
            blob_store.put(bad, b"x")


def test_model_folder_round_trip(blob_store: BlobStore, tmp_path: Path) -> None:
    model = tmp_path / "model"
    (model / "tokenizer").mkdir(parents=True)
    (model / "config.json").write_text('{"hidden_size": 8}')
    (model / "tokenizer" / "vocab.txt").write_text("[PAD]\n[UNK]\n")
    uri = put_dir(blob_store, model_key("sentiment", "v1"), model)
    out = get_dir(blob_store, uri, tmp_path / "restored")
    assert (out / "config.json").read_text() == '{"hidden_size": 8}'
    assert (out / "tokenizer" / "vocab.txt").read_text() == "[PAD]\n[UNK]\n"
    with pytest.raises(NotADirectoryError):
        put_dir(blob_store, model_key("x", "1"), tmp_path / "nope")


def test_keys() -> None:
    assert section_text_key(ACC, "1A") == f"sections/{ACC}/1A.txt"
    assert section_text_key(ACC, "Item 7") == f"sections/{ACC}/Item%207.txt"
    with pytest.raises(ValueError, match="cannot name a blob"):
        raw_key(320193, ACC, "..")
    assert model_key("finbert-sec", "2024.11") == "models/finbert-sec/2024.11.tar.gz"
    assert raw_key(320193, ACC, "a/b.htm") == f"raw/320193/{ACC}/a%2Fb.htm"
    with pytest.raises(ValueError, match="accession number"):
        raw_key(320193, "320193-24-123", "x.htm")
    with pytest.raises(ValueError, match="CIK"):
        raw_key("AAPL", ACC, "x.htm")


def test_local_store_is_atomic_and_confined(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    store.put("a/b.txt", b"one")
    assert [p.name for p in (tmp_path / "blobs" / "a").iterdir()] == ["b.txt"]  # no temporary files left
    (tmp_path / "outside.txt").write_bytes(b"secret")
    with pytest.raises(ValueError, match="outside this blob store"):
        store.get((tmp_path / "outside.txt").as_uri())
    with pytest.raises(ValueError, match="not a file:// URI"):
        store.get("s3://bucket/a/b.txt")


def test_a_too_short_bucket_name_names_the_variable() -> None:
    with pytest.raises(ValueError, match="SEC_PIPELINE_S3_BUCKET"):
        S3BlobStore("ab", client=object())
