"""`sec-pipeline health`: settings (secrets masked), database, blob store and EDGAR reachability."""

from __future__ import annotations

import argparse
import json

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `health` subcommand."""
    parser = subparsers.add_parser("health", help="check settings, database, blob store and EDGAR")
    parser.add_argument("--skip-edgar", action="store_true", help="do not contact EDGAR")
    parser.set_defaults(handler=health_command, needs_config=True)


def _probe(name: str, fn) -> dict:
    try:
        return {"check": name, "ok": True, "detail": fn()}
    except Exception as exc:  # report every failure, never raise
        return {"check": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def health_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Print a JSON report; exit 1 when any probe failed."""
    from sec_pipeline.factories import blob_store, edgar_client, open_store
    from sec_pipeline.store.migrate import current_revision, head_revision

    def database() -> str:
        store = open_store(config.database_url, None)
        try:
            return f"revision {current_revision(store.engine)} (head {head_revision()})"
        finally:
            store.dispose()

    def blobs() -> str:
        store = blob_store(config.blobs)
        uri = store.put("health/probe.txt", b"ok")
        return f"wrote and read {uri}" if store.get(uri) == b"ok" else "read back a different value"

    def edgar() -> str:
        with edgar_client(config.edgar) as client:
            client.get("/Archives/edgar/daily-index/")
        return f"{config.edgar.edgar_url} answered"

    probes = [_probe("database", database), _probe("blob_store", blobs)]
    if not args.skip_edgar:
        probes.append(_probe("edgar", edgar))
    print(json.dumps({"settings": config.redacted(), "probes": probes}, indent=2, default=str))
    return 0 if all(p["ok"] for p in probes) else 1
