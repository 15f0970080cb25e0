"""`sec-pipeline docs`: the validation Data Docs of every partition, served on loopback HTTP.

Pages are read from the blob store on each request (a local folder or S3, as configured), so the summary
page of a date (`/validations/<date>/index.html`) and the Great Expectations pages it links to open in a
browser with working relative links; `/` lists the dates that have Data Docs.
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import sys
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

from sec_pipeline.config import PipelineConfig
from sec_pipeline.store.blobs import BlobNotFoundError, BlobStore

PREFIX = "validations"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `docs` subcommand."""
    parser = subparsers.add_parser("docs", help="serve the validation Data Docs on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--date", type=date.fromisoformat, help="print the URL of this date's page")
    parser.set_defaults(handler=docs_command, needs_config=True)


def docs_server(blobs: BlobStore, port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:`port` answering GET with the Data Docs pages of `blobs`."""

    class DocsHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            path = unquote(urlparse(self.path).path).strip("/")
            if path in ("", PREFIX):
                self._answer(200, dates_page(blobs).encode(), "text/html; charset=utf-8")
                return
            if not path.startswith(f"{PREFIX}/") or ".." in path.split("/"):
                self._answer(404, b"not a Data Docs page", "text/plain")
                return
            if not path.rsplit("/", 1)[-1].count("."):
                path += "/index.html"
            try:
                data = blobs.get(path)
            except (BlobNotFoundError, ValueError):
                self._answer(404, f"no Data Docs page {path}".encode(), "text/plain")
                return
            self._answer(200, data, mimetypes.guess_type(path)[0] or "application/octet-stream")

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), DocsHandler)


def dates_page(blobs: BlobStore) -> str:
    """An HTML list linking each date's summary page, newest first."""
    days = sorted({info.key.split("/")[1] for info in blobs.scan(PREFIX) if info.key.count("/") >= 2}, reverse=True)
    items = "".join(f"<li><a href='{PREFIX}/{html.escape(d)}/index.html'>{html.escape(d)}</a></li>" for d in days)
    return (f"<html><head><title>sec_pipeline Data Docs</title></head><body><h1>Validation Data Docs</h1>"
            f"<ul>{items or '<li>none yet: materialize signal_validations</li>'}</ul></body></html>")


def docs_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Serve until interrupted; 2 when the port cannot be bound."""
    from sec_pipeline.factories import blob_store

    try:
        server = docs_server(blob_store(config.blobs), args.port)
    except OSError as exc:
        print(f"sec-pipeline docs: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}; pass another --port",
              file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    page = f"{url}{PREFIX}/{args.date}/index.html" if args.date else url
    print(f"Data Docs at {page} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
