"""One request pacer per host, shared by every thread (and every client) of the process, or by every process
of the machine.

SEC allows 10 requests per second per user in total, so the limiter spaces requests evenly at
`1 / rate` seconds (no bursts) and keeps any 1-second window (on actual send times, plus a small
margin for network jitter) to at most `rate` requests. Clients get
their limiter from `limiter_for(host, rate)`, which keeps the lowest rate any client asked for and
never goes above `MAX_RATE` (10/s). `pause_until` stops all threads sharing the limiter, which is how a
throttling answer from SEC is honoured process-wide.

With a budget folder (`limiter_for(host, rate, budget_dir)`, the CLI and the Dagster resources pass
SEC_PIPELINE_HOME/rate-budget) the same two rules hold across processes: `SharedRateLimiter` keeps the recent
send times and the pause in one small file per host, read and written under an exclusive `fcntl.flock`, so
concurrent `sec-pipeline run`s (or the multiprocess executor's steps) on one machine share one budget. Times
are `time.monotonic()`, one clock for every process on Linux; a file left from before a reboot is reset.
"""

from __future__ import annotations

import fcntl
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sec_pipeline import shutdown

MAX_RATE = 10.0
_MAX_AHEAD_S = 1800.0  # a stored time further ahead than any pause comes from before a reboot: reset it


class Pacer(Protocol):
    """What the EDGAR client needs of a rate limiter."""

    @property
    def rate(self) -> float:
        """Requests per second allowed."""
        ...

    def acquire(self) -> float:
        """Block until the caller may send; returns the seconds waited."""
        ...

    def pause_until(self, deadline: float) -> None:
        """Hold every caller until monotonic time `deadline`."""
        ...


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
        shutdown.sleep(send.time - start)
        now = time.monotonic()
        with self._lock:
            send.time = max(send.time, now)
        return now - start

    def pause_until(self, deadline: float) -> None:
        """Hold every caller until monotonic time `deadline` (used after SEC throttles us)."""
        with self._lock:
            self._paused_until = max(self._paused_until, deadline)
            self._next = max(self._next, deadline)


def _valid_state(text: str, now: float) -> dict[str, Any]:
    """The budget file's state, or a fresh one when it is empty, unreadable or from before a reboot."""
    try:
        state = json.loads(text) if text.strip() else {}
    except ValueError:
        return {"recent": []}
    if not isinstance(state, dict) or not isinstance(state.get("recent", []), list):
        return {"recent": []}
    times = [*state.get("recent", []), state.get("next", 0.0), state.get("paused_until", 0.0)]
    if any(not isinstance(t, float | int) or t > now + _MAX_AHEAD_S for t in times):
        return {"recent": []}
    state.setdefault("recent", [])
    return state


class SharedRateLimiter:
    """The pacer of one host for every process of the machine: RateLimiter's rules on state kept in `path`.

    Each reservation locks the file, reads the last `floor(rate)` send times, the next free slot and the
    pause, reserves the next slot and writes them back; a caller that wakes late records its actual send time.
    """

    def __init__(self, path: Path, rate: float, margin_s: float = 0.02) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate}")
        self.path = path
        self._margin = margin_s
        self._rate = rate
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    @property
    def rate(self) -> float:
        """Requests per second this process sends at most (and the machine as a whole, at most MAX_RATE)."""
        return self._rate

    def set_rate(self, rate: float) -> None:
        """Change the rate (takes effect for the next reservation)."""
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate}")
        self._rate = rate

    def _update(self, change: Callable[[dict[str, Any], float], float]) -> float:
        """Apply `change(state, now)` to the file's state under the lock; returns what `change` returns."""
        with self._lock, open(self.path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                text = handle.read()
                now = time.monotonic()
                state = _valid_state(text, now)
                result = change(state, now)
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(state))
                handle.flush()  # the page cache is what the other processes read: no fsync needed
                return result
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _reserve(self, state: dict[str, Any], now: float) -> float:
        keep = max(1, math.floor(self._rate))
        recent: list[float] = state["recent"][-keep:]
        slot = max(now, state.get("next", 0.0), state.get("paused_until", 0.0))
        if len(recent) == keep:
            slot = max(slot, recent[0] + 1.0 + self._margin)
        state["next"] = slot + 1.0 / self._rate
        state["recent"] = [*recent, slot][-keep:]
        return slot

    def acquire(self) -> float:
        """Block until the caller may send (on every process's schedule); returns the seconds waited."""
        start = time.monotonic()
        slot = self._update(self._reserve)
        shutdown.sleep(slot - start)
        now = time.monotonic()
        if now > slot + self._margin / 2:  # woke late: the window rule counts the actual send time

            def record(state: dict[str, Any], _now: float) -> float:
                state["recent"] = [max(t, now) if t == slot else t for t in state["recent"]]
                return now

            self._update(record)
        return now - start

    def pause_until(self, deadline: float) -> None:
        """Hold every caller of every process until monotonic time `deadline`."""

        def pause(state: dict[str, Any], _now: float) -> float:
            state["paused_until"] = max(state.get("paused_until", 0.0), deadline)
            state["next"] = max(state.get("next", 0.0), deadline)
            return deadline

        self._update(pause)


_registry: dict[tuple[str, str], RateLimiter | SharedRateLimiter] = {}
_registry_lock = threading.Lock()


def budget_file(budget_dir: Path, host: str) -> Path:
    """The file that holds the machine-wide budget of `host` under `budget_dir`."""
    return budget_dir / ("".join(c if c.isalnum() or c in ".-" else "_" for c in host) + ".json")


def limiter_for(host: str, rate: float, budget_dir: Path | None = None) -> RateLimiter | SharedRateLimiter:
    """The limiter of `host` (e.g. "www.sec.gov" or "127.0.0.1:8080"): the process's, or with `budget_dir`
    the one every process of the machine shares through a file there.

    Its rate is the lowest one requested so far for that host in this process, capped at MAX_RATE.
    """
    rate = min(rate, MAX_RATE)
    key = (host, str(budget_dir) if budget_dir is not None else "")
    with _registry_lock:
        limiter = _registry.get(key)
        if limiter is None:
            limiter = _registry[key] = (RateLimiter(rate) if budget_dir is None
                                        else SharedRateLimiter(budget_file(budget_dir, host), rate))
        elif rate < limiter.rate:
            limiter.set_rate(rate)
        return limiter


def reset_limiters() -> None:
    """Forget every registered limiter (tests use this to start from a clean slate)."""
    with _registry_lock:
        _registry.clear()
