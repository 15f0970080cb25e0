"""One request pacer per host, shared by every thread (and every client) of the process.

SEC allows 10 requests per second per user in total, so the limiter spaces requests evenly at
`1 / rate` seconds (no bursts) and keeps any 1-second window (on actual send times, plus a small
margin for network jitter) to at most `rate` requests. Clients get
their limiter from `limiter_for(host, rate)`, which keeps the lowest rate any client asked for and
never goes above `MAX_RATE` (10/s). `pause_until` stops all threads sharing the limiter, which is how a
throttling answer from SEC is honoured process-wide.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

MAX_RATE = 10.0


class _Send:
    """A reserved send slot; `time` becomes the actual send time once the caller goes."""

    __slots__ = ("time",)

    def __init__(self, time_: float) -> None:
        self.time = time_


class RateLimiter:
    """Thread-safe pacer: `acquire()` blocks until this caller may send its request.

    Two rules together: consecutive sends are `1 / rate` apart, and any `floor(rate) + 1` sends span
    more than one second plus `margin_s` measured on *actual* send times, so a caller that was late
    (a busy CPU, a slow wake-up) cannot squeeze an extra request into a server's 1-second window.
    """

    def __init__(self, rate: float, margin_s: float = 0.02) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate}")
        self._lock = threading.Lock()
        self._margin = margin_s
        self._interval = 1.0 / rate
        self._recent: deque[_Send] = deque(maxlen=max(1, math.floor(rate)))
        self._next = 0.0
        self._paused_until = 0.0

    @property
    def rate(self) -> float:
        """Requests per second this limiter allows."""
        return 1.0 / self._interval

    def set_rate(self, rate: float) -> None:
        """Change the rate (takes effect for the next reservation)."""
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate}")
        with self._lock:
            self._interval = 1.0 / rate
            self._recent = deque(self._recent, maxlen=max(1, math.floor(rate)))

    def _reserve(self) -> _Send:
        with self._lock:
            slot = max(time.monotonic(), self._next, self._paused_until)
            if len(self._recent) == self._recent.maxlen:
                slot = max(slot, self._recent[0].time + 1.0 + self._margin)
            self._next = slot + self._interval
            send = _Send(slot)
            self._recent.append(send)
            return send

    def acquire(self) -> float:
        """Block until the caller may send; returns the seconds waited."""
        start = time.monotonic()
        send = self._reserve()
        wait = send.time - start
        if wait > 0:
            time.sleep(wait)
        now = time.monotonic()
        with self._lock:
            send.time = max(send.time, now)
        return now - start

    def pause_until(self, deadline: float) -> None:
        """Hold every caller until monotonic time `deadline` (used after SEC throttles us)."""
        with self._lock:
            self._paused_until = max(self._paused_until, deadline)
            self._next = max(self._next, deadline)


_registry: dict[str, RateLimiter] = {}
_registry_lock = threading.Lock()


def limiter_for(host: str, rate: float) -> RateLimiter:
    """The process-wide limiter of `host` (e.g. "www.sec.gov" or "127.0.0.1:8080").

    Its rate is the lowest one requested so far for that host, capped at MAX_RATE.
    """
    rate = min(rate, MAX_RATE)
    with _registry_lock:
        limiter = _registry.get(host)
        if limiter is None:
            limiter = _registry[host] = RateLimiter(rate)
        elif rate < limiter.rate:
            limiter.set_rate(rate)
        return limiter


def reset_limiters() -> None:
    """Forget every registered limiter (tests use this to start from a clean slate)."""
    with _registry_lock:
        _registry.clear()
