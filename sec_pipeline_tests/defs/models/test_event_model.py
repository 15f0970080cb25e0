"""event_model trains from the carried labels, keeps a versioned copy, and reports validation figures."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.models.event_model import event_model
from sec_pipeline.flows.event_model import EVENT_MODEL
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import resources


def test_event_model_is_trained_and_versioned(edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = dg.materialize([event_model], resources=resources(edgar_mirror, database_url, tmp_path))
    assert result.success
    metadata = result.asset_materializations_for_node("event_model")[0].metadata
    store = Store(database_url)
    latest = store.latest_model_version(EVENT_MODEL)
    assert latest is not None and latest["version"] == metadata["version"].value
    assert 0.0 <= metadata["validation_precision"].value <= 1.0 and metadata["thresholds"].value["default"] > 0
    store.dispose()
