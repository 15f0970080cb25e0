"""`sec-pipeline mirror serve DIR`: serve a folder as EDGAR (www.sec.gov + data.sec.gov) over HTTP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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
    from sec_pipeline.edgar.faults import Faults
    from sec_pipeline.edgar.mirror import MirrorServer

    if not args.dir.is_dir():
        print(f"sec-pipeline mirror: {args.dir} is not a folder; give a folder in EDGAR's layout "
              "(Archives/edgar/...) or the shared test tree (with MANIFEST.tsv)", file=sys.stderr)
        return 2
    try:
        server = MirrorServer(args.dir, host=args.host, port=args.port, faults=Faults(max_rate=args.max_rate))
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
