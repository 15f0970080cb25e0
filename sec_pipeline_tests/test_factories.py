"""The one factory per external system: EDGAR client, blob store, app database."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import inspect

from sec_pipeline.config import PipelineConfig
from sec_pipeline.edgar.client import UserAgentError
from sec_pipeline.factories import blob_store, edgar_client, open_store
from sec_pipeline.store import LocalBlobStore, S3BlobStore
from sec_pipeline_tests.fixtures_db import DUMMY_AWS_ENV, s3_client


def test_edgar_client_declares_the_user_agent_and_uses_the_settings(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path), "SEC_PIPELINE_EDGAR_URL": "http://e.test",
                                      "SEC_PIPELINE_USER_AGENT": "Acme Corp admin@acme.com"})
    with edgar_client(config.edgar, max_retries=1) as client:
        assert client.url_for("/Archives/x") == "http://e.test/Archives/x"
        assert client.cache_dir == tmp_path / "http-cache" and client.max_retries == 1
    with pytest.raises(UserAgentError, match="SEC_PIPELINE_USER_AGENT"):
        edgar_client(replace(config.edgar, user_agent=""))


def test_blob_store_is_local_by_default_and_s3_with_a_bucket(tmp_path, moto_s3, monkeypatch):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path)})
    local = blob_store(config.blobs)
    assert isinstance(local, LocalBlobStore) and local.root == tmp_path / "blobs"
    for name, value in DUMMY_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    s3_client(moto_s3).create_bucket(Bucket="secp-settings-bucket")
    s3 = blob_store(replace(config.blobs, s3_bucket="secp-settings-bucket", s3_prefix="prod/",
                            s3_endpoint_url=moto_s3))
    assert isinstance(s3, S3BlobStore)
    assert s3.put("raw/x.txt", b"x") == "s3://secp-settings-bucket/prod/raw/x.txt"
    assert s3_client(moto_s3).get_object(Bucket="secp-settings-bucket", Key="prod/raw/x.txt")["Body"].read() == b"x"


def test_open_store_creates_the_sqlite_folder_migrates_and_keeps_its_blobs(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path / "new" / "home")})
    blobs = blob_store(config.blobs)
    store = open_store(config.database_url, blobs)
    try:
        assert (tmp_path / "new" / "home" / "sec_pipeline.db").is_file()
        assert store.blobs is blobs
        assert "filings" in inspect(store.engine).get_table_names()
    finally:
        store.dispose()


def test_open_store_without_migrating_leaves_the_schema(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'app.db'}", None, migrate=False)
    try:
        assert inspect(store.engine).get_table_names() == []
    finally:
        store.dispose()
