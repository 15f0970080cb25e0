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

    def _inside(self, path: Path) -> Path | None:
        """`path` with every symlink and `..` resolved, when that stays under the root; else None."""
        resolved = path.resolve()
        return resolved if resolved.is_relative_to(self.root) and resolved.is_file() else None

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        """The file at `path` under the root, or 404, also for anything that resolves outside the root (`..`,
        a symlink, the `.gz` fallback's symlink)."""
        wanted = self.root / unquote(path).lstrip("/")
        target = self._inside(wanted)
        if target is not None:
            return Answer(200, target.read_bytes(), content_type(target.name))
        gz = self._inside(wanted.with_name(wanted.name + ".gz"))
        if gz is not None:
            return Answer(200, read_file(gz), content_type(wanted.name))
        return NOT_FOUND
