"""Blob store for raw documents, large section text and model folders: a local folder or S3.

Keys are relative POSIX paths ("raw/320193/0000320193-24-000123/aapl-20240928.htm"); `put` returns
the blob's URI (`file:///abs/path` or `s3://bucket/prefix/key`), which is what rows in the database keep,
and `get` accepts either that URI or the key. S3 credentials come only from the environment (boto3's
default chain) and are never logged.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote, unquote, urlparse

from sec_pipeline.files import write_atomic

_ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
_SAFE_PART = re.compile(r"^[A-Za-z0-9._-]+$")


class BlobNotFoundError(FileNotFoundError):
    """No blob at the given key or URI."""


@dataclass(frozen=True)
class BlobInfo:
    """One stored blob: its key, its size in bytes and when it was last written (UTC)."""

    key: str
    size: int
    modified: datetime


@runtime_checkable
class BlobStore(Protocol):
    """Where bytes live outside the database, addressed by key."""

    def put(self, key: str, data: bytes) -> str:
        """Store `data` at `key` (replacing it) and return the blob's URI."""
        ...

    def get(self, uri_or_key: str) -> bytes:
        """The bytes at a URI returned by `put`, or at a key; BlobNotFoundError if absent."""
        ...

    def exists(self, key: str) -> bool:
        """Whether a blob is stored at `key`."""
        ...

    def uri(self, key: str) -> str:
        """The URI `put(key, ...)` returns."""
        ...

    def scan(self, prefix: str) -> Iterator[BlobInfo]:
        """Every blob whose key lies under the folder `prefix` (e.g. "backups/daily"), in no set order."""
        ...

    def delete(self, key: str) -> None:
        """Remove the blob at `key` (nothing happens when there is none)."""
        ...


def check_key(key: str) -> str:
    """Validate a blob key: a relative POSIX path without empty, '.' or '..' parts."""
    if not isinstance(key, str) or not key or key.startswith("/") or "\\" in key or "\x00" in key:
        raise ValueError(f"blob key {key!r} must be a relative path such as 'raw/320193/<accession>/doc.htm'")
    parts = key.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"blob key {key!r} has an empty, '.' or '..' part; keys must stay inside the store")
    return key


def _safe_part(value: str, what: str) -> str:
    value = str(value).strip()
    if not value or value in (".", ".."):
        raise ValueError(f"{what} {value!r} cannot name a blob; pass a real name")
    if _SAFE_PART.match(value):
        return value
    return quote(value, safe="")  # e.g. an item named "Item 1A" -> "Item%201A"


def _check_accession(accession_no: str) -> str:
    if not _ACCESSION.match(accession_no or ""):
        raise ValueError(f"accession number {accession_no!r} is not of the form 0000320193-24-000123")
    return accession_no


def raw_key(cik: str | int, accession_no: str, filename: str) -> str:
    """Key of a raw filing document: raw/<cik without leading zeros>/<accession>/<filename>."""
    cik_text = str(cik).strip()
    if not cik_text.isdigit():
        raise ValueError(f"CIK {cik!r} is not a number")
    return f"raw/{cik_text.lstrip('0') or '0'}/{_check_accession(accession_no)}/{_safe_part(filename, 'filename')}"


def section_text_key(accession_no: str, item: str) -> str:
    """Key of a section's text: sections/<accession>/<item>.txt."""
    return f"sections/{_check_accession(accession_no)}/{_safe_part(item, 'item')}.txt"


def model_key(name: str, version: str) -> str:
    """Key of a model folder archive: models/<name>/<version>.tar.gz."""
    return f"models/{_safe_part(name, 'model name')}/{_safe_part(version, 'model version')}.tar.gz"


BLOB_FILE_MODE = 0o644


class LocalBlobStore:
    """Blobs as files under `root`; writes are atomic (temporary file + os.replace)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def uri(self, key: str) -> str:
        """file:// URI of `key`."""
        return self._path(key).as_uri()

    def put(self, key: str, data: bytes) -> str:
        """Write `data` to `key` atomically, readable by all (0644: Data Docs open in a browser, a served
        folder); returns its file:// URI."""
        path = self._path(key)
        write_atomic(path, data, mode=BLOB_FILE_MODE)
        return path.as_uri()

    def _resolve(self, uri_or_key: str) -> Path:
        if uri_or_key.startswith("file://"):
            parsed = urlparse(uri_or_key)
            path = Path(unquote(parsed.path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"{uri_or_key} is outside this blob store ({self.root})")
            return path
        if "://" in uri_or_key:
            raise ValueError(f"{uri_or_key!r} is not a file:// URI or key of {self!r}")
        return self._path(uri_or_key)

    def get(self, uri_or_key: str) -> bytes:
        """The bytes at a file:// URI under the root, or at a key."""
        path = self._resolve(uri_or_key)
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise BlobNotFoundError(f"no blob at {uri_or_key} (looked for {path})") from exc

    def exists(self, key: str) -> bool:
        """Whether `key` is stored."""
        return self._path(key).is_file()

    def scan(self, prefix: str) -> Iterator[BlobInfo]:
        """The blobs under the folder `prefix`; write_atomic's temporary files are not blobs."""
        folder = self._path(prefix)
        if not folder.is_dir():
            return
        for path in folder.rglob("*"):
            if path.is_file() and not (path.name.startswith(".") and path.name.endswith(".tmp")):
                stat = path.stat()
                yield BlobInfo(path.relative_to(self.root).as_posix(), stat.st_size,
                               datetime.fromtimestamp(stat.st_mtime, UTC))

    def delete(self, key: str) -> None:
        """Remove the file at `key` and the folders it leaves empty (up to the root)."""
        path = self._path(key)
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


class S3BlobStore:
    """Blobs as S3 objects under s3://bucket/prefix/; credentials from the environment only."""

    def __init__(
        self, bucket: str, prefix: str = "", endpoint_url: str | None = None, client: Any | None = None
    ) -> None:
        if not bucket or len(bucket) < 3:
            raise ValueError(f"S3 bucket name {bucket!r} is invalid; set SEC_PIPELINE_S3_BUCKET (3+ characters)")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client = client

    def __repr__(self) -> str:
        return f"S3BlobStore('s3://{self.bucket}/{self.prefix}')"

    def _object_key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def uri(self, key: str) -> str:
        """s3:// URI of `key`."""
        return f"s3://{self.bucket}/{self._object_key(key)}"

    def put(self, key: str, data: bytes) -> str:
        """Upload `data` to `key` (a single PUT: atomic on S3); returns its s3:// URI."""
        self.client.put_object(Bucket=self.bucket, Key=self._object_key(key), Body=data)
        return self.uri(key)

    def _locate(self, uri_or_key: str) -> tuple[str, str]:
        if uri_or_key.startswith("s3://"):
            parsed = urlparse(uri_or_key)
            return parsed.netloc, parsed.path.lstrip("/")
        if "://" in uri_or_key:
            raise ValueError(f"{uri_or_key!r} is not an s3:// URI or key of {self!r}")
        return self.bucket, self._object_key(uri_or_key)

    def get(self, uri_or_key: str) -> bytes:
        """The bytes at an s3:// URI or at a key."""
        from botocore.exceptions import ClientError

        bucket, key = self._locate(uri_or_key)
        try:
            response = self.client.get_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise BlobNotFoundError(f"no blob at s3://{bucket}/{key}") from exc
            raise
        return response["Body"].read()

    def exists(self, key: str) -> bool:
        """Whether `key` is stored."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def scan(self, prefix: str) -> Iterator[BlobInfo]:
        """The objects under the folder `prefix` of this store's prefix."""
        folder = self._object_key(prefix) + "/"
        skip = len(self.prefix) + 1 if self.prefix else 0
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=folder):
            for item in page.get("Contents", []):
                yield BlobInfo(item["Key"][skip:], int(item["Size"]), item["LastModified"].astimezone(UTC))

    def delete(self, key: str) -> None:
        """Remove the object at `key` (S3 answers success when there is none)."""
        self.client.delete_object(Bucket=self.bucket, Key=self._object_key(key))


def put_dir(store: BlobStore, key: str, folder: str | os.PathLike[str]) -> str:
    """Archive `folder` (tar.gz, paths relative to it) and store it at `key`; returns the URI."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder; put_dir stores a folder such as a saved model")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.add(path, arcname=PurePosixPath(*path.relative_to(root).parts).as_posix())
    return store.put(key, buffer.getvalue())


def get_dir(store: BlobStore, uri_or_key: str, dest: str | os.PathLike[str]) -> Path:
    """Extract the archive stored by `put_dir` into `dest` (created); unsafe members are refused."""
    target = Path(dest)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(store.get(uri_or_key)), mode="r:gz") as archive:
        archive.extractall(target, filter="data")  # rejects absolute paths, '..', links out, devices
    return target
