"""The Dagster instance of a CLI process, created and migrated under a file lock.

Dagster creates its own storage (SQLite tables, alembic stamps) when an instance first opens a home; two
processes doing that at once on a fresh DAGSTER_HOME can leave it with two alembic heads or "table already
exists", and every later run on that home fails. Every command opens its instance here: the first process
creates and migrates the storage while the others wait on the lock, then find it ready.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg

LOCK_FILE = ".sec_pipeline-instance.lock"


@contextlib.contextmanager
def instance_lock(home: Path) -> Iterator[None]:
    """Hold the exclusive lock of the Dagster home `home` (blocks while another process holds it)."""
    with open(home / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_instance(home: Path, default_yaml: str | None = None) -> dg.DagsterInstance:
    """The instance of `home`, its storage created and migrated under the lock; `default_yaml` is written as its
    dagster.yaml when there is none."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    with instance_lock(home):
        instance_yaml = home / "dagster.yaml"
        if default_yaml is not None and not instance_yaml.exists():
            instance_yaml.write_text(default_yaml)
        instance = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home)))
        # touch every storage, so that all of them are created now, inside the lock
        instance.get_runs(limit=1)
        instance.event_log_storage.get_asset_records()
        instance.all_instigator_state()
    return instance
