"""Per-key rate limiting in process: one token bucket per key (a burst, refilled at a steady rate)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class KeyRateLimiter:
    """Admits a key's request when its bucket holds a token; buckets start full (`burst` tokens) and refill
    at `rate_per_s`. Thread-safe; `clock` is injectable for tests."""

    def __init__(self, rate_per_s: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError(f"rate {rate_per_s}/s and burst {burst} must both be positive")
        self.rate_per_s, self.burst, self._clock = rate_per_s, burst, clock
        self._buckets: dict[int, tuple[float, float]] = {}  # key id -> (tokens, time of last refill)
        self._lock = threading.Lock()

    def admit(self, key_id: int) -> float | None:
        """None when admitted (a token is spent); else the seconds until the next token (Retry-After)."""
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get(key_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate_per_s)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return None
            self._buckets[key_id] = (tokens, now)
            return (1.0 - tokens) / self.rate_per_s
