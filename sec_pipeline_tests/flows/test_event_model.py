"""The event model's lifecycle: trained once when none is stored, versioned in the blob store, loaded after."""

from __future__ import annotations

from pathlib import Path

from sec_pipeline.flows.event_model import EVENT_MODEL, ensure_event_detector, load_event_detector
from sec_pipeline.signals.event_training import EventTrainingConfig
from sec_pipeline_tests.signals.conftest import tiny_model_dir  # noqa: F401 (fixture)


def test_trained_once_then_loaded_from_the_store(sqlite_store, blobs, tmp_path: Path,
                                                 tiny_model_dir: Path) -> None:  # noqa: F811 (fixture)
    assert load_event_detector(sqlite_store, blobs, tmp_path / "cache") is None
    config = EventTrainingConfig(base_model=str(tiny_model_dir), epochs=1)
    messages: list[str] = []
    first = ensure_event_detector(sqlite_store, blobs, tmp_path / "cache", config, log=messages.append)
    latest = sqlite_store.latest_model_version(EVENT_MODEL)
    assert latest is not None and first.version == latest["version"]
    assert latest["uri"] and latest["metrics"]["validation"]["overall"]["tp"] >= 0
    assert any("training one" in m for m in messages)
    messages.clear()
    # a second call (a fresh cache, as on another worker) loads the stored version and trains nothing
    again = ensure_event_detector(sqlite_store, blobs, tmp_path / "cache2", config, log=messages.append)
    assert again.version == first.version and not messages
    assert (tmp_path / "cache2" / EVENT_MODEL / first.version / "event_model.json").is_file()
