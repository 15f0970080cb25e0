"""The Section record: one Item (or exhibit) of a filing, with its spans and quality marks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Section:
    """One Item of a filing.

    `start`/`end` are offsets in the filing's extracted text (`text` is that slice, heading included);
    `source_start`/`source_end` are character offsets in the decoded source (the file the user opened, or the
    stored full submission), heading included; `document` names the submission document the section came from when
    the source holds several (empty for a single document); `table_spans` are the (start, end) offsets,
    within `text`, of the lines that come from tables, so that a signal can skip them.

    A section whose text is joined from several places (an Item that a cross-reference index answers with
    several page ranges) lists each place's (start, end) source offsets in `source_ranges`, and its
    `source_start`/`source_end` run from the first place to the last; `source_ranges` is empty otherwise.
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
    table_spans: list[tuple[int, int]] = field(default_factory=list)
    source_ranges: list[tuple[int, int]] = field(default_factory=list)

    def prose(self) -> str:
        """The section text without its table lines."""
        if not self.table_spans:
            return self.text
        parts, pos = [], 0
        for a, b in self.table_spans:
            parts.append(self.text[pos:a])
            pos = b
        parts.append(self.text[pos:])
        return "".join(parts)

    def as_dict(self, with_text: bool = True) -> dict[str, object]:
        """JSON-ready dict (the CLI's `--json` object)."""
        d = asdict(self)
        if not with_text:
            d.pop("text")
        return d
