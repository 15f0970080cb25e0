"""Store tests use the shared database and blob-store fixtures (harmless if the root conftest loads them too)."""

from sec_pipeline_tests.fixtures_db import (  # noqa: F401 - fixtures are found by name
    blob_store,
    database_url,
    moto_s3,
    postgres_server,
    store,
)
