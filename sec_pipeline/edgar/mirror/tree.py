"""What the mirror serves: a Tree maps a request path and query to an Answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sec_pipeline.edgar.sgml import gunzip

_CONTENT_TYPES = {
    ".htm": "text/html", ".html": "text/html", ".txt": "text/plain", ".idx": "text/plain",
    ".json": "application/json", ".xml": "application/xml", ".sgml": "text/plain",
}


@dataclass(frozen=True)
class Answer:
    """One HTTP answer of a tree: status, body, content type."""

    status: int
    body: bytes
    content_type: str = "text/plain"


NOT_FOUND = Answer(404, b"<html><body><h1>Not Found</h1></body></html>", "text/html")


class Tree(Protocol):
    """Anything that maps a request path and query to an Answer."""

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer: ...


def content_type(name: str) -> str:
    """The Content-Type EDGAR sends for a file name (by its suffix)."""
    return _CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def read_file(path: Path) -> bytes:
    """The bytes of a file, decompressed (within sgml's limit) when its name ends in .gz."""
    data = path.read_bytes()
    return gunzip(data) if path.name.endswith(".gz") else data
