"""sentiment_model trains, keeps a versioned copy in the blob store, and becomes the fast tier."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.filings.assets import parsed_sections, raw_filings
from sec_pipeline.defs.signals.assets import extracted_signals
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import ALL_ASSETS, resources
from sec_pipeline_tests.signals.conftest import tiny_model_dir, tiny_phrasebank  # noqa: F401 (fixtures)

DATE = "2007-08-07"


def test_trained_model_is_versioned_and_routes_the_fast_tier(
    edgar_mirror, tmp_path, tiny_model_dir, tiny_phrasebank  # noqa: F811 (fixtures)
):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    resource_defs = resources(edgar_mirror, database_url, tmp_path, phrasebank_dir=str(tiny_phrasebank),
                              base_model=str(tiny_model_dir), train_epochs=1, complexity_threshold_high=1.0)
    trained = dg.materialize(ALL_ASSETS, selection=["sentiment_model"], resources=resource_defs)
    assert trained.success
    metadata = trained.asset_materializations_for_node("sentiment_model")[0].metadata
    store = Store(database_url)
    latest = store.latest_model_version("sentiment_model")
    assert latest["version"] == metadata["version"].value and latest["uri"] == metadata["uri"].value
    assert "heldout.AllAgree.accuracy" in metadata and "filing.test.accuracy" in metadata
    assert "filing.test_clear.macro_f1" in metadata

    extracted = dg.materialize(ALL_ASSETS, selection=[raw_filings, parsed_sections, extracted_signals],
                               partition_key=DATE, resources=resource_defs)
    assert extracted.success
    sentiment = [s for s in store.get_staged_signals(filing_date=DATE) if s["family"] == "sentiment"]
    assert sentiment and {s["tier"] for s in sentiment} == {"fast"}
    assert {s["model_version"].split("+")[0] for s in sentiment} == {latest["version"]}
    store.dispose()


def test_extraction_trains_the_model_once_when_none_exists(edgar_mirror, tmp_path, tiny_model_dir):  # noqa: F811
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    resource_defs = resources(edgar_mirror, database_url, tmp_path, base_model=str(tiny_model_dir))
    instance = dg.DagsterInstance.ephemeral()
    first = dg.materialize(ALL_ASSETS, selection=[raw_filings, parsed_sections, extracted_signals],
                           partition_key=DATE, resources=resource_defs, instance=instance)
    assert first.success
    store = Store(database_url)
    latest = store.latest_model_version("sentiment_model")
    assert latest is not None  # trained from the carried labels, no PhraseBank configured
    recorded = instance.get_latest_materialization_event(dg.AssetKey("sentiment_model"))
    assert recorded is not None and recorded.asset_materialization.metadata["version"].value == latest["version"]
    by_key = {m.asset_key: m for m in first.asset_materializations_for_node("extracted_signals")}
    assert set(by_key) == {extracted_signals.key, dg.AssetKey("sentiment_model")}
    used = by_key[extracted_signals.key].metadata["sentiment_models"].value
    assert used["fast"].endswith(f"@{latest['version']}") and "lexicon" not in used
    sentiment = [s for s in store.get_staged_signals(filing_date=DATE) if s["family"] == "sentiment"]
    assert sentiment and {s["tier"] for s in sentiment} == {"fast"}
    assert {s["model_version"] for s in sentiment} == {latest["version"]}

    again = dg.materialize(ALL_ASSETS, selection=[extracted_signals], partition_key=DATE, resources=resource_defs,
                           instance=instance)
    assert again.success
    assert store.latest_model_version("sentiment_model")["version"] == latest["version"]
    assert [m.asset_key for m in again.asset_materializations_for_node("extracted_signals")] == [
        extracted_signals.key]  # nothing was trained again
    store.dispose()
