"""`sec-pipeline serve [--host H] [--port N]`: the signals API on uvicorn (docs at /docs)."""

from __future__ import annotations

import argparse
import logging

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand."""
    parser = subparsers.add_parser("serve", help="serve the signals API (FastAPI on uvicorn)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 in a container)")
    parser.add_argument("--port", type=int, help="port (default SEC_PIPELINE_API_PORT, 8000)")
    parser.set_defaults(handler=serve_command, needs_config=True)


def serve_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Serve in the foreground until interrupted; one log line per request (with the key id, never a secret)."""
    import uvicorn

    from sec_pipeline.serving import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    port = config.serving.port if args.port is None else args.port
    uvicorn.run(create_app(config), host=args.host, port=port, access_log=False, log_level="info")
    return 0
