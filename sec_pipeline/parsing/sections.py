"""The Section record: one Item (or exhibit) of a filing, with its spans and quality marks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Section:
    """One Item of a filing.

    `start`/`end` are offsets in the filing's extracted text (`text` is that slice, heading included);
    `source_start`/`source_end` are character offsets in the decoded source document (the file the user
    opened), heading included; `document` names the submission document the section came from when
    the source holds several (empty for a single document).
    """

    item: str
    title: str
    start: int
    end: int
    source_start: int
    source_end: int
    char_count: int
    confidence: float
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    document: str = ""

    def as_dict(self, with_text: bool = True) -> dict[str, object]:
        """JSON-ready dict (the CLI's `--json` object)."""
        d = asdict(self)
        if not with_text:
            d.pop("text")
        return d
