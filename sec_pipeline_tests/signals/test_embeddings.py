"""The packaged MiniLM sentence encoder loads offline, once, and quietly."""

from __future__ import annotations

import pytest

from sec_pipeline.signals import embeddings


def test_default_encoder_loads_once_without_a_progress_bar(monkeypatch: pytest.MonkeyPatch,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(embeddings, "_default", None)
    encoder = embeddings.default_encoder()
    assert embeddings.default_encoder() is encoder
    vectors = encoder.encode(["Revenue increased 10%.", "Net sales rose ten percent."])
    assert vectors.shape == (2, 384)
    assert "Loading weights" not in "".join(capfd.readouterr())
