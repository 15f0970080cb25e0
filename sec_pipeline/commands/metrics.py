"""`sec-pipeline metrics serve [--host H] [--port N]`: the Prometheus exporter (/metrics) and /health."""

from __future__ import annotations

import argparse

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `metrics` subcommand."""
    parser = subparsers.add_parser("metrics", help="serve Prometheus metrics and the health report over HTTP")
    actions = parser.add_subparsers(dest="metrics_action", required=True)
    serve = actions.add_parser("serve", help="serve /metrics and /health until interrupted")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for a scraping Prometheus)")
    serve.add_argument("--port", type=int, help="port (default SEC_PIPELINE_METRICS_PORT, 9464)")
    parser.set_defaults(handler=metrics_command, needs_config=True)


def metrics_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Serve in the foreground; Ctrl-C (or SIGINT) stops."""
    from sec_pipeline.commands.health_report import health_report, operations_runtime
    from sec_pipeline.operations.metrics import MetricsServer, PipelineCollector

    runtime = operations_runtime(config)
    collector = PipelineCollector(engine=runtime.engine, probe=runtime.probe, blobs=runtime.blobs,
                                  data_dir=config.home)
    port = config.operations.metrics_port if args.port is None else args.port
    try:
        server = MetricsServer(collector, lambda: health_report(runtime), host=args.host, port=port)
    except OSError as exc:
        runtime.close()
        raise SystemExit(f"metrics serve: cannot listen on {args.host}:{port} ({exc.strerror}); "
                         "pick another --port") from None
    print(f"serving {server.url}/metrics and {server.url}/health", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        runtime.close()
    return 0
