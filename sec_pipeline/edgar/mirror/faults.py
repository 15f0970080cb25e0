"""Scripted faults for the EDGAR mirror, so tests and benchmarks can make it misbehave like SEC.

`Faults.script(...)` queues answers that the next matching requests get, in order; `max_rate` makes
the mirror answer 429 whenever more than that many requests arrived within the last second (a sliding
window), as SEC does. Every request is counted; `Faults.snapshot()` reads the counters.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

THROTTLE_PAGE = (
    b"<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head><body>"
    b"<h1>Your Request Originates from an Undeclared Automated Tool</h1>"
    b"<p>Request Rate Threshold Exceeded</p><p>To allow for equitable access to all users, SEC reserves "
    b"the right to limit requests originating from undeclared automated tools.</p></body></html>"
)

# "html-page" and "garbage" answer 200 with an HTML error page or random bytes instead of the file; "cut-gzip"
# answers 200 with the first part of the file, gzipped, its Content-Length consistent (truncated content).
# "trickle" sends the file `chunk_bytes` at a time, one chunk every `delay_s`; "reset" sends half of it and
# resets the connection (TCP RST); "gzip-bomb" answers 200 with a ~2 MB gzip body that unpacks to 2 GiB.
KINDS = ("429", "429-retry-after", "429-retry-after-date", "403-throttle", "503", "slow", "truncate",
         "html-page", "garbage", "cut-gzip", "trickle", "reset", "gzip-bomb")
ERROR_PAGE = b"<!DOCTYPE html><html><head><title>SEC.gov | Page Not Available</title></head><body>Oops</body></html>"


@dataclass(frozen=True)
class Fault:
    """One scripted answer. `kind` is one of KINDS; `path_contains` limits which requests it hits; `delay_s` is
    the wait of "slow" and between the chunks of "trickle", `chunk_bytes` the size of those chunks."""

    kind: str
    retry_after: str = "1"
    delay_s: float = 0.0
    path_contains: str = ""
    chunk_bytes: int = 50

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {', '.join(KINDS)}")


@dataclass
class FaultStats:
    """What the mirror saw: requests by path, answers by fault kind, 429s from the rate window, and
    every arrival as (monotonic time, path)."""

    requests: int = 0
    by_path: dict[str, int] = field(default_factory=dict)
    served_ok: dict[str, int] = field(default_factory=dict)
    injected: dict[str, int] = field(default_factory=dict)
    rate_rejected: int = 0
    max_in_window: int = 0
    user_agents: set[str] = field(default_factory=set)
    arrivals: list[tuple[float, str]] = field(default_factory=list)


class Faults:
    """Thread-safe fault plan plus request counters shared by all mirror handler threads."""

    def __init__(self, max_rate: int | None = None, window_s: float = 1.0) -> None:
        self.max_rate = max_rate
        self.window_s = window_s
        self._lock = threading.Lock()
        self._script: deque[Fault] = deque()
        self._arrivals: deque[float] = deque()
        self._stats = FaultStats()

    def script(self, *faults: Fault | str) -> None:
        """Queue faults (or bare kind names) for the next matching requests."""
        with self._lock:
            self._script.extend(f if isinstance(f, Fault) else Fault(f) for f in faults)

    def pending(self) -> int:
        """Scripted faults not yet delivered."""
        with self._lock:
            return len(self._script)

    def reset(self) -> None:
        """Clear the script and all counters (the rate window too)."""
        with self._lock:
            self._script.clear()
            self._arrivals.clear()
            self._stats = FaultStats()

    def on_request(self, path: str, user_agent: str) -> Fault | None:
        """Count a request and decide its fate: a Fault, a synthetic 429 (kind "rate"), or None (serve)."""
        now = time.monotonic()
        with self._lock:
            stats = self._stats
            stats.requests += 1
            stats.by_path[path] = stats.by_path.get(path, 0) + 1
            stats.user_agents.add(user_agent)
            stats.arrivals.append((now, path))
            arrivals = self._arrivals
            arrivals.append(now)
            while arrivals and arrivals[0] <= now - self.window_s:
                arrivals.popleft()
            stats.max_in_window = max(stats.max_in_window, len(arrivals))
            if self.max_rate is not None and len(arrivals) > self.max_rate:
                stats.rate_rejected += 1
                return Fault("429-retry-after", retry_after="1")
            for index, fault in enumerate(self._script):
                if fault.path_contains in path:
                    del self._script[index]
                    stats.injected[fault.kind] = stats.injected.get(fault.kind, 0) + 1
                    return fault
            return None

    def on_served(self, path: str) -> None:
        """Count a normal (200) answer for `path`."""
        with self._lock:
            self._stats.served_ok[path] = self._stats.served_ok.get(path, 0) + 1

    def snapshot(self) -> FaultStats:
        """A copy of the counters."""
        with self._lock:
            s = self._stats
            return FaultStats(s.requests, dict(s.by_path), dict(s.served_ok), dict(s.injected),
                              s.rate_rejected, s.max_in_window, set(s.user_agents), list(s.arrivals))
