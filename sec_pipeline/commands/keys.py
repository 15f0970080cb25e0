"""`sec-pipeline keys create|list|revoke`: the signals API's keys (the secret is printed once, alone on the
last line of `create`, so that `sec-pipeline keys create ... | tail -1` captures it)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `keys` subcommand."""
    from sec_pipeline.serving.keys import SCOPES

    parser = subparsers.add_parser("keys", help="create, list or revoke the signals API's keys")
    actions = parser.add_subparsers(dest="keys_action", required=True)
    create = actions.add_parser("create", help="create a key and print its secret once")
    create.add_argument("--name", required=True, help="who or what uses the key, e.g. research-notebooks")
    create.add_argument("--scope", action="append", choices=SCOPES, default=[],
                        help="a scope to grant (repeatable; default read)")
    create.add_argument("--admin", action="store_true", help="grant the admin scope (keys, and everything else)")
    actions.add_parser("list", help="every key: id, name, scopes, created, last used, revoked (never a secret)")
    revoke = actions.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("id", type=int, help="the key's id (see `keys list`)")
    parser.set_defaults(handler=keys_command, needs_config=True)


def keys_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run the action against the app database (migrated first)."""
    from sec_pipeline.factories import open_store
    from sec_pipeline.serving.keys import KeyRing, KeySpecError

    store = open_store(config.database_url, None)
    ring = KeyRing(store.engine)
    try:
        if args.keys_action == "create":
            scopes = [*args.scope, *(["admin"] if args.admin else [])] or ["read"]
            try:
                created = ring.create(args.name, scopes)
            except KeySpecError as exc:
                print(f"sec-pipeline keys create: {exc}", file=sys.stderr)
                return 2
            info = created.info
            print(f"created key {info.id} {info.name!r} (scopes: {', '.join(info.scopes)}; prefix {info.prefix}); "
                  "its secret, shown this once:")
            print(created.secret)
            return 0
        if args.keys_action == "list":
            print(f"{'id':>4}  {'name':<24} {'scopes':<20} {'prefix':<12}  {'created':<20} {'last used':<20} revoked")
            for key in ring.list():
                print(f"{key.id:>4}  {key.name[:24]:<24} {','.join(key.scopes):<20} {key.prefix:<12}  "
                      f"{_when(key.created_at):<20} {_when(key.last_used_at):<20} {_when(key.revoked_at)}")
            return 0
        revoked = ring.revoke(args.id)
        if revoked is None:
            print(f"sec-pipeline keys revoke: key {args.id} does not exist; `sec-pipeline keys list` shows the ids",
                  file=sys.stderr)
            return 1
        print(f"revoked key {revoked.id} {revoked.name!r} at {_when(revoked.revoked_at)}")
        return 0
    finally:
        store.dispose()


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ") if moment is not None else "-"
