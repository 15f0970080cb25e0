"""`sec-pipeline mirror serve DIR`: serve a folder as EDGAR (www.sec.gov + data.sec.gov) over HTTP.

`mirror_tree(folder)` is what every `--mirror DIR` serves: the folder as it is when it is in EDGAR's URL layout,
or, for the shared test tree (a folder with MANIFEST.tsv), EDGAR synthesized from its MANIFEST by
`benchmarks.support.shared_edgar` (source checkout only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sec_pipeline.edgar.mirror.tree import Tree


class MirrorFolderError(ValueError):
    """A folder the mirror cannot serve; the message names it and says what to pass."""


def mirror_tree(folder: str | Path) -> Tree:
    """The Tree that serves `folder`: MANIFEST-backed for the shared test tree, else the EDGAR-layout folder."""
    from sec_pipeline.commands._checkout import NotInCheckoutError, checkout_module
    from sec_pipeline.edgar.mirror.layout import LayoutTree

    root = Path(folder).expanduser()
    if not root.is_dir():
        raise MirrorFolderError(f"{folder} is not a folder; give a folder in EDGAR's layout (Archives/edgar/...) "
                                "or the shared test tree (with MANIFEST.tsv)")
    if not (root / "MANIFEST.tsv").is_file():
        return LayoutTree(root)
    try:
        shared = checkout_module("benchmarks.support.shared_edgar", f"serving {folder} (a tree with MANIFEST.tsv)")
    except NotInCheckoutError as exc:
        raise MirrorFolderError(str(exc)) from None
    return shared.SharedTree(root)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `mirror` subcommand (with its `serve` action)."""
    parser = subparsers.add_parser("mirror", help="serve a local folder in EDGAR's URL layout")
    actions = parser.add_subparsers(dest="mirror_action", required=True)
    serve = actions.add_parser(
        "serve",
        help="serve DIR (EDGAR layout, or the shared test tree with MANIFEST.tsv) until interrupted",
    )
    serve.add_argument("dir", type=Path, help="folder to serve")
    serve.add_argument("--port", type=int, default=8080, help="TCP port (0 picks a free one; default 8080)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--max-rate", type=int, default=None,
                       help="answer 429 above this many requests per second, like SEC (default: off)")
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; prints the base URL to point SEC_PIPELINE_EDGAR_URL/DATA_URL at."""
    from sec_pipeline.edgar.mirror.faults import Faults
    from sec_pipeline.edgar.mirror.server import MirrorServer

    try:
        tree = mirror_tree(args.dir)
    except MirrorFolderError as exc:
        print(f"sec-pipeline mirror: {exc}", file=sys.stderr)
        return 2
    try:
        server = MirrorServer(tree, host=args.host, port=args.port, faults=Faults(max_rate=args.max_rate))
    except OSError as exc:
        print(f"sec-pipeline mirror: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    print(f"serving {args.dir} at {server.url}  (set SEC_PIPELINE_EDGAR_URL and SEC_PIPELINE_DATA_URL to it)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop_listening()
    return 0
