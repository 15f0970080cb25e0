"""Resources are built from the PipelineConfig in one place; secrets reach them as EnvVar only when asked."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.config import PipelineConfig
from sec_pipeline.defs.resources import BlobStoreResource, StoreResource, build_resources

SECRETS = {"SEC_PIPELINE_USER_AGENT": "Acme Corp admin@acme.com", "SEC_PIPELINE_ALERT_WEBHOOK_URL": "https://h.test/x"}


def test_resources_carry_the_config(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path), "SEC_PIPELINE_FORMS": "8-K",
                                      "SEC_PIPELINE_MAX_P95_SECONDS": "9", **SECRETS})
    resources = build_resources(config)
    assert resources["edgar"].user_agent == "Acme Corp admin@acme.com"
    assert resources["edgar"].cache_dir == str(tmp_path / "http-cache")
    assert resources["store"].database_url == config.database_url
    assert resources["store"].blobs.local_dir == str(tmp_path / "blobs")
    assert resources["models"].cache_dir == str(tmp_path / "models")
    assert resources["alerts"].webhook_url == "https://h.test/x"
    assert resources["settings"].forms == ["8-K"] and resources["settings"].thresholds() == config.thresholds


def test_secrets_set_in_the_environment_become_env_vars(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path), **SECRETS})
    resources = build_resources(config, secrets_as_env_vars=True)
    assert resources["edgar"].user_agent == dg.EnvVar("SEC_PIPELINE_USER_AGENT")
    assert resources["alerts"].webhook_url == dg.EnvVar("SEC_PIPELINE_ALERT_WEBHOOK_URL")
    assert resources["store"].database_url == config.database_url, "an unset secret keeps its default"


def test_the_store_is_built_with_its_own_blob_store(tmp_path):
    resource = StoreResource(database_url=f"sqlite:///{tmp_path / 'app.db'}",
                             blobs=BlobStoreResource(local_dir=str(tmp_path / "blobs")))
    store = resource.get_store()
    try:
        assert store.blobs is resource.get_blobs() and store.blobs.root == tmp_path / "blobs"
        assert resource.get_store() is store
        assert store.latest_model_version("sentiment_model") is None, "migrated on first use"
    finally:
        store.dispose()


def test_the_database_password_stays_out_of_the_resource_config_and_is_restored_in_process(tmp_path) -> None:
    from sec_pipeline.config import PipelineConfig
    from sec_pipeline.defs.resources import build_resources

    url = "postgresql://u:hunter2@db.example:5432/sec"
    store = build_resources(PipelineConfig.from_env({"DATABASE_URL": url, "SEC_PIPELINE_HOME": str(tmp_path)}))["store"]
    assert store.database_url == "postgresql://u:***@db.example:5432/sec"  # what Dagster keeps in run snapshots
    assert store.url() == url
