"""`sec-pipeline sentiment`: the pipeline's own model by default (trained once), bounded reading of stdin."""

from __future__ import annotations

import io

import pytest

from sec_pipeline.cli import main
from sec_pipeline.commands.sentiment import MAX_LINE_BYTES, InputError, read_lines
from sec_pipeline.signals.sentiment import LABELS
from sec_pipeline_tests.signals.conftest import tiny_model_dir, tiny_training_settings  # noqa: F401 (fixture)


class _LongLine:
    """A stream holding one `size`-byte line then "end\\n", produced on demand: it records the largest read."""

    def __init__(self, size: int) -> None:
        self.left, self.largest, self.tail = size, 0, [b"end\n"]

    def readline(self, limit: int = -1) -> bytes:
        assert limit > 0, "reads must be bounded"
        self.largest = max(self.largest, limit)
        if self.left:
            n = min(limit, self.left)
            self.left -= n
            return b"x" * n + (b"\n" if not self.left and n < limit else b"")
        return self.tail.pop() if self.tail else b""


def test_a_50_mb_line_is_cut_without_being_held():
    stream = _LongLine(50 * 1024 * 1024)
    lines = list(read_lines(stream))
    assert lines == ["x" * MAX_LINE_BYTES, "end"]
    assert stream.largest <= 1 << 16


def test_a_character_split_by_the_cut_is_dropped_but_binary_is_refused():
    text = "é" * MAX_LINE_BYTES  # two bytes each: the cut lands inside one
    assert list(read_lines(io.BytesIO(text.encode() + b"\n"))) == ["é" * (MAX_LINE_BYTES // 2)]
    with pytest.raises(InputError, match="line 2 is not UTF-8"):
        list(read_lines(io.BytesIO(b"fine\n\xff\xfe garbage\n")))
    with pytest.raises(InputError, match="NUL"):
        list(read_lines(io.BytesIO(b"\x00\x01\x02")))


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_without_model_it_trains_the_pipeline_model_once_then_reuses_it(tmp_path, monkeypatch, capsys):
    environ = {"SEC_PIPELINE_HOME": str(tmp_path / "home"), **tiny_training_settings(tmp_path / "tiny")}
    _stdin(monkeypatch, b"Net sales increased 12% on higher volume.\n\nThe company is based in Texas.\n")
    assert main(["sentiment"], environ) == 0
    out = capsys.readouterr()
    labels = out.out.splitlines()
    assert len(labels) == 3 and set(labels) <= set(LABELS) and labels[1] == "neutral"
    assert "training one from the carried filing labels" in out.err

    _stdin(monkeypatch, b"Revenue fell.\n")
    assert main(["sentiment"], environ) == 0
    again = capsys.readouterr()
    assert len(again.out.splitlines()) == 1 and "training" not in again.err


def test_binary_stdin_is_a_one_line_error(tmp_path, monkeypatch, capsys, tiny_model_dir):  # noqa: F811
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["sentiment", "--model", str(tiny_model_dir)], {"SEC_PIPELINE_HOME": str(tmp_path)}) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]  # (transformers may print loading progress first)
    assert err.startswith("sec-pipeline sentiment: stdin line 1 is not UTF-8 text")
