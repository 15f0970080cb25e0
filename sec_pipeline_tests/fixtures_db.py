"""Pytest plugin with database and blob-store fixtures (load it from the root conftest with
`pytest_plugins = ["sec_pipeline_tests.fixtures_db"]`).

- `database_url`: parametrized over `sqlite` (a file in the test's tmp folder) and `postgresql` (a fresh,
  uniquely named database on 127.0.0.1:5432, user postgres, dropped after the test). PostgreSQL tests are
  skipped with the reason when the server is unreachable, unless SEC_PIPELINE_REQUIRE_POSTGRES=1, which
  makes them fail instead. SEC_PIPELINE_TEST_POSTGRES overrides the admin URL.
- `store`: a migrated `Store` on `database_url`, with a local blob store in the tmp folder.
- `moto_s3`: session-scoped `moto_server` on a free loopback port; yields its endpoint URL.
- `blob_store`: parametrized `local` / `s3` (a fresh bucket on moto_s3).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEFAULT_POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _postgres_admin_url() -> str:
    return os.environ.get("SEC_PIPELINE_TEST_POSTGRES", DEFAULT_POSTGRES_ADMIN)


def _require_postgres() -> bool:
    return os.environ.get("SEC_PIPELINE_REQUIRE_POSTGRES", "") == "1"


class _PostgresServer:
    """Creates and drops uniquely named test databases through an admin connection."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self.conn = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
        self.created: list[str] = []

    def create(self) -> str:
        from psycopg import sql

        name = f"secp_test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        from psycopg import sql

        self.conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if name in self.created:
            self.created.remove(name)

    def url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        url = make_url(self.admin_url).set(drivername="postgresql+psycopg", database=name)
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        for name in list(self.created):
            self.drop(name)
        self.conn.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[_PostgresServer]:
    """The PostgreSQL server the `postgresql` parameter creates its databases on (skips if down)."""
    admin_url = _postgres_admin_url()
    try:
        server = _PostgresServer(admin_url)
    except Exception as exc:  # noqa: BLE001 - any connection failure means "unreachable"
        message = (
            f"PostgreSQL unreachable at {admin_url.split('@')[-1]} ({type(exc).__name__}: {exc}); "
            "start it (e.g. `pg_ctlcluster 15 main start`) or set SEC_PIPELINE_TEST_POSTGRES"
        )
        if _require_postgres():
            pytest.fail(f"{message} [SEC_PIPELINE_REQUIRE_POSTGRES=1]")
        pytest.skip(message)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server: _PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    try:
        yield server.url_for(name)
    finally:
        server.drop(name)


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """A migrated `Store` on `database_url`, with a local blob store under the test's tmp folder."""
    from sec_pipeline.store import LocalBlobStore, Store

    instance = Store(database_url, blobs=LocalBlobStore(tmp_path / "blobs"))
    instance.migrate()
    try:
        yield instance
    finally:
        instance.dispose()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _moto_server_command() -> str:
    beside = Path(sys.executable).parent / "moto_server"
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if not found:
        raise RuntimeError("moto_server not found; install the test extra: pip install 'moto[server]'")
    return found


@pytest.fixture(scope="session")
def moto_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A moto S3 server on a free loopback port; yields its endpoint URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as log_handle:
        process = subprocess.Popen(
            [_moto_server_command(), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, **DUMMY_AWS_ENV},
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {process.returncode}: {log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not answer on {endpoint} within 30 s") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def s3_client(endpoint_url: str) -> Any:
    """A boto3 S3 client for the moto server at `endpoint_url`, with dummy credentials."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=DUMMY_AWS_ENV["AWS_DEFAULT_REGION"],
        aws_access_key_id=DUMMY_AWS_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=DUMMY_AWS_ENV["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(params=["local", "s3"])
def blob_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A `LocalBlobStore` in the tmp folder, or an `S3BlobStore` on a fresh bucket of `moto_s3`."""
    from sec_pipeline.store import LocalBlobStore, S3BlobStore

    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    endpoint = request.getfixturevalue("moto_s3")
    client = s3_client(endpoint)
    bucket = f"secp-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3BlobStore(bucket, prefix="sec-pipeline", endpoint_url=endpoint, client=client)


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", "postgresql"])
def dagster_home(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A fresh DAGSTER_HOME: deploy/local/dagster.yaml (SQLite storage, run-sharded event log), or that file
    with PostgreSQL storage on a fresh database (the scheme deploy/production/dagster.yaml uses)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    local = (REPO / "deploy/local/dagster.yaml").read_text()
    if request.param == "sqlite":
        (home / "dagster.yaml").write_text(local)
        yield home
        return
    from sqlalchemy.engine import make_url

    server: _PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    url = make_url(server.admin_url)
    storage = (
        "storage:\n  postgres:\n    postgres_db:\n      scheme: postgresql+psycopg2\n"
        f"      username: {url.username or 'postgres'}\n      hostname: {url.host or '127.0.0.1'}\n"
        f"      db_name: {name}\n      port: {url.port or 5432}\n"
    )
    (home / "dagster.yaml").write_text(storage + local)
    try:
        yield home
    finally:
        server.drop(name)
