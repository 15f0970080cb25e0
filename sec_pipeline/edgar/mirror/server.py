"""The mirror's HTTP server: a threaded stdlib server that answers from a Tree in SEC's URL layout.

`MirrorServer(tree_or_folder)` runs it in-process (a context manager with `.url`); a folder is served as a
LayoutTree. `Faults` (mirror.faults) make it misbehave like SEC and worse: 429s, throttle pages, 503s, slow,
trickling, cut or reset answers, error pages, random bytes and a gzip bomb.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sec_pipeline.edgar.mirror.faults import ERROR_PAGE, THROTTLE_PAGE, Fault, Faults
from sec_pipeline.edgar.mirror.layout import LayoutTree
from sec_pipeline.edgar.mirror.tree import Answer, Tree

_BOMB_MEMBERS = 128  # gzip members of 16 MiB of zeros each: ~2 MB on the wire, 2 GiB unpacked


@functools.cache
def gzip_bomb() -> bytes:
    """A ~2 MB gzip body (many members) that decompresses to 2 GiB of zeros."""
    return gzip.compress(b"\0" * (16 << 20), compresslevel=9) * _BOMB_MEMBERS


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _MirrorHTTPServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Silence per-request logging."""

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        """Answer a GET, applying any scripted or rate-triggered fault first."""
        parts = urlsplit(self.path)
        user_agent = self.headers.get("User-Agent", "")
        fault = self.server.faults.on_request(self.path, user_agent)
        if fault is not None and fault.kind in ("html-page", "garbage"):
            body = ERROR_PAGE if fault.kind == "html-page" else os.urandom(4096)
            self._send(Answer(200, body, "text/html" if fault.kind == "html-page" else "text/plain"))
            return
        if fault is not None and fault.kind == "gzip-bomb":
            self._send_raw(gzip_bomb(), {"Content-Encoding": "gzip"})
            return
        if fault is not None and fault.kind not in ("slow", "truncate", "cut-gzip", "trickle", "reset"):
            self._fault(fault)
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay_s)
        if self.server.require_user_agent and "@" not in user_agent:
            self._send(Answer(403, THROTTLE_PAGE.replace(b"Request Rate Threshold Exceeded", b"Undeclared Tool"),
                              "text/html"))
            return
        try:
            answer = self.server.tree.answer(parts.path, parse_qs(parts.query))
        except Exception as exc:  # a broken file must not kill the handler thread
            answer = Answer(500, f"mirror error: {type(exc).__name__}: {exc}".encode(), "text/plain")
        if answer.status == 200 and (fault is None or fault.kind not in ("truncate", "cut-gzip", "reset")):
            self.server.faults.on_served(self.path)
        if fault is not None and fault.kind == "trickle":
            self._trickle(answer.body, fault)
        elif fault is not None and fault.kind == "reset":
            self._reset(answer.body)
        elif fault is not None and fault.kind == "truncate":
            self._send(answer, truncate=True)
        elif fault is not None and fault.kind == "cut-gzip" and answer.status == 200:
            self._send_gzip(answer.body[: len(answer.body) // 2])
        else:
            self._send(answer)

    def _fault(self, fault: Fault) -> None:
        if fault.kind == "403-throttle":
            self._send(Answer(403, THROTTLE_PAGE, "text/html"))
        elif fault.kind == "503":
            self._send(Answer(503, b"Service Unavailable", "text/plain"))
        elif fault.kind == "429":
            self._send(Answer(429, b"Too Many Requests", "text/plain"))
        elif fault.kind == "429-retry-after":
            self._send(Answer(429, b"Too Many Requests", "text/plain"), {"Retry-After": fault.retry_after})
        else:  # 429-retry-after-date
            when = email.utils.formatdate(time.time() + float(fault.retry_after), usegmt=True)
            self._send(Answer(429, b"Too Many Requests", "text/plain"), {"Retry-After": when})

    def _send_raw(self, body: bytes, headers: dict[str, str]) -> None:
        """A 200 answer of exactly these bytes and headers."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a capped decompression)
            self.close_connection = True

    def _trickle(self, body: bytes, fault: Fault) -> None:
        """The whole body, `fault.chunk_bytes` every `fault.delay_s`, until done or the client leaves."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for start in range(0, len(body), max(1, fault.chunk_bytes)):
                self.wfile.write(body[start:start + max(1, fault.chunk_bytes)])
                self.wfile.flush()
                time.sleep(fault.delay_s)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _reset(self, body: bytes) -> None:
        """Half of the body, then a TCP reset (SO_LINGER 0 makes close send RST)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _send_gzip(self, content: bytes) -> None:
        """A 200 answer whose gzip body and Content-Length agree, though the content is cut short."""
        body = gzip.compress(content, compresslevel=1)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def _send(self, answer: Answer, headers: dict[str, str] | None = None, truncate: bool = False) -> None:
        body = answer.body
        encoding = None
        if (not truncate and len(body) > 2048 and self.server.gzip
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body, encoding = gzip.compress(body, compresslevel=1), "gzip"
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        try:
            self.end_headers()
            self.wfile.write(body[: max(1, len(body) // 2)] if truncate else body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. a "slow" fault)
            self.close_connection = True


class _MirrorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], tree: Tree, faults: Faults, require_user_agent: bool,
                 use_gzip: bool) -> None:
        super().__init__(address, _Handler)
        self.tree = tree
        self.faults = faults
        self.require_user_agent = require_user_agent
        self.gzip = use_gzip

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (it gave up on a trickle or a bomb) is not an error of the mirror."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class MirrorServer:
    """The mirror in a background thread: `with MirrorServer(tree_or_folder) as mirror: mirror.url`.

    `tree` is any Tree (e.g. the shared test tree of benchmarks.support.shared_edgar) or a folder in EDGAR's
    URL layout, served as a LayoutTree.
    """

    def __init__(self, tree: Tree | Path | str, host: str = "127.0.0.1", port: int = 0,
                 faults: Faults | None = None, require_user_agent: bool = True, use_gzip: bool = True) -> None:
        self.tree: Tree = LayoutTree(Path(tree)) if isinstance(tree, str | Path) else tree
        self.faults = faults or Faults()
        self._server = _MirrorHTTPServer((host, port), self.tree, self.faults, require_user_agent, use_gzip)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:54321 (use it as both edgar_url and data_url)."""
        host, port = self._server.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> MirrorServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="edgar-mirror", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def stop_listening(self) -> None:
        """Close the socket (after `serve_forever` returned)."""
        self._server.server_close()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
