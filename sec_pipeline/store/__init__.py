"""The store: the app database (SQLAlchemy + Alembic) and the blob store (local folder or S3).

Plain library: never imports dagster.
"""

from sec_pipeline.store.blobs import (
    BlobInfo,
    BlobNotFoundError,
    BlobStore,
    LocalBlobStore,
    S3BlobStore,
    get_dir,
    model_key,
    put_dir,
    raw_key,
    section_text_key,
)
from sec_pipeline.store.engine import StoreConfigError
from sec_pipeline.store.store import Store

__all__ = [
    "BlobInfo",
    "BlobNotFoundError",
    "BlobStore",
    "LocalBlobStore",
    "S3BlobStore",
    "Store",
    "StoreConfigError",
    "get_dir",
    "model_key",
    "put_dir",
    "raw_key",
    "section_text_key",
]
