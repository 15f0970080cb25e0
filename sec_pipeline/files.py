"""File helpers shared by the libraries."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` so readers see the old file or the whole new one, never a partial write.

    The bytes go to a temporary file in the same folder, which then replaces `path` (os.replace is atomic
    on one filesystem); a failed write leaves no temporary file behind. The file is private (0600, as
    mkstemp makes it) unless `mode` says otherwise.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
