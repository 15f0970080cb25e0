"""Alembic environment for sec_pipeline; run through `sec_pipeline.store.migrate.upgrade(engine)`."""

from __future__ import annotations

from alembic import context

from sec_pipeline.store.engine import make_engine
from sec_pipeline.store.schema import metadata

VERSION_TABLE = "sec_pipeline_alembic_version"


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the caller's connection (and its transaction), or connect to `sqlalchemy.url`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("run migrations with sec_pipeline.store.migrate.upgrade(engine) or set sqlalchemy.url")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; run upgrade against a database")
run_migrations_online()
