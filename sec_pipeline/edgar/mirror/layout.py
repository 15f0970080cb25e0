"""A folder already in EDGAR's URL layout (`Archives/edgar/...`, `submissions/...`, `api/xbrl/...`, `files/...`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from sec_pipeline.edgar.mirror.tree import NOT_FOUND, Answer, content_type, read_file


class LayoutTree:
    """Serves a folder in EDGAR's URL layout file by file (no directory listings); `X.gz` answers for `X`."""

    def __init__(self, root: Path) -> None:
        root = Path(root).expanduser()
        if not root.is_dir():
            raise FileNotFoundError(f"mirror root {root} is not a folder; pass a folder in EDGAR's URL layout")
        self.root = root.resolve()

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        """The file at `path` under the root, or 404 (also for paths that leave the root)."""
        target = (self.root / unquote(path).lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return NOT_FOUND
        if target.is_file():
            return Answer(200, target.read_bytes(), content_type(target.name))
        gz = target.with_name(target.name + ".gz")
        if gz.is_file():
            return Answer(200, read_file(gz), content_type(target.name))
        return NOT_FOUND
