"""HTTP client for SEC EDGAR (www.sec.gov and data.sec.gov, or a mirror of them).

Every request declares the User-Agent SEC requires, waits for the rate limiter of its host (shared by every
process of the machine when `budget_dir` is given), and is retried with exponential backoff and jitter on 429,
5xx, timeouts, connection errors and truncated bodies, and on a 200 body the caller's `validate` rejects
(never cached). SEC's "Request Rate Threshold Exceeded" answer means a ~10 minute block: every caller sharing
the limiter pauses `throttle_pause_s` before trying again. Immutable Archives documents are cached on disk
when `cache_dir` is given.

Bounds: each attempt has a connect timeout, a first-byte (read) timeout and an overall deadline for the whole
body, so a server that trickles bytes cannot hold a download (nor the `sec_edgar` pool) for long; two attempts
in a row past the deadline end the request. A body larger than `max_body_bytes` (decompressed) fails at once.
A requested shutdown (`sec_pipeline.shutdown`) abandons the request between chunks and ends every wait.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from sec_pipeline import shutdown
from sec_pipeline.edgar.ratelimit import Pacer, limiter_for
from sec_pipeline.edgar.sgml import MAX_DECOMPRESSED_BYTES, DecodeError, DecompressedTooLarge, Inflater
from sec_pipeline.files import write_atomic

USER_AGENT_ENV = "SEC_PIPELINE_USER_AGENT"
THROTTLE_PHRASE = b"Request Rate Threshold Exceeded"
_USER_AGENT = re.compile(r"^\S.*\s[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_IMMUTABLE = re.compile(r"^/Archives/edgar/data/\d+/(?:\d{18}/[^/]+|\d{10}-\d{2}-\d{6}\.txt)$")
_DATA_PREFIXES = ("/submissions/", "/api/")
_MAX_RETRY_AFTER_S = 900.0
_MAX_SLOW_ATTEMPTS = 2  # attempts in a row past the deadline before the request gives up (a trickling server)


class EdgarError(Exception):
    """Base class of EDGAR access errors."""


class UserAgentError(EdgarError, ValueError):
    """No User-Agent of the form "Company Name admin@company.com" was declared."""


class NotFound(EdgarError):
    """EDGAR answered 404 for this URL (not retried)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"not found on EDGAR: {url}")
        self.url = url


class BodyTooLarge(EdgarError):
    """The answer is larger than the client's `max_body_bytes` (not retried: it would be as large again)."""


class _SlowAnswer(Exception):
    """One attempt ran past its deadline."""


class EdgarHTTPError(EdgarError):
    """EDGAR answered an error status that retrying cannot fix, or retries ran out."""

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status


@dataclass
class ClientStats:
    """Counters of one client (read them with `EdgarClient.stats`)."""

    requests: int = 0
    throttled: int = 0
    retries: int = 0
    bytes: int = 0
    cache_hits: int = 0
    answers_429: int = 0
    answers_403: int = 0


def validate_user_agent(user_agent: str) -> str:
    """The stripped User-Agent, or UserAgentError when it lacks a name and an e-mail address."""
    value = (user_agent or "").strip()
    if not _USER_AGENT.match(value):
        raise UserAgentError(
            f"SEC requires a declared User-Agent such as 'Example Corp admin@example.com'; got {value!r}. "
            f"Set {USER_AGENT_ENV}='Your Company you@your-company.com'."
        )
    return value


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _invalid(validate: Callable[[bytes], object] | None, body: bytes) -> str | None:
    """Why `validate` rejects `body` (its ValueError's message), or None when it accepts it (or there is none)."""
    if validate is None:
        return None
    try:
        validate(body)
    except ValueError as exc:
        return str(exc)
    return None


class EdgarClient:
    """Rate-limited, retrying, optionally caching HTTP client for EDGAR and data.sec.gov."""

    def __init__(
        self,
        user_agent: str,
        edgar_url: str = "https://www.sec.gov",
        data_url: str = "https://data.sec.gov",
        rate_limit: float = 8.0,
        cache_dir: Path | None = None,
        max_retries: int = 6,
        timeout: float = 30.0,
        throttle_pause_s: float = 600.0,
        backoff_s: float = 0.5,
        limiter: Pacer | None = None,
        *,
        connect_timeout_s: float = 10.0,
        deadline_s: float = 120.0,
        max_body_bytes: int = MAX_DECOMPRESSED_BYTES,
        budget_dir: Path | None = None,
    ) -> None:
        """`timeout` is the first-byte (read) timeout and `deadline_s` the whole attempt's; `budget_dir` holds
        the machine-wide rate budget files. `limiter` replaces the shared limiter (benchmarks only: it bypasses
        the 10/s cap)."""
        self.user_agent = validate_user_agent(user_agent)
        if rate_limit <= 0:
            raise ValueError(f"rate_limit must be > 0 requests per second, got {rate_limit}")
        if min(connect_timeout_s, timeout, deadline_s) <= 0:
            raise ValueError("connect_timeout_s, timeout and deadline_s must be above 0 seconds")
        self.edgar_url = edgar_url.rstrip("/")
        self.data_url = data_url.rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.max_retries = max_retries
        self.throttle_pause_s = throttle_pause_s
        self.backoff_s = backoff_s
        self.deadline_s = deadline_s
        self.max_body_bytes = max_body_bytes
        self.budget_dir = Path(budget_dir) if budget_dir else None
        self._rate_limit = rate_limit
        self._limiter = limiter
        self._stats = ClientStats()
        self._stats_lock = threading.Lock()
        self._http = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip"},
            timeout=httpx.Timeout(min(timeout, deadline_s), connect=min(connect_timeout_s, deadline_s)),
            follow_redirects=True,
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=16),
        )

    def __enter__(self) -> EdgarClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    @property
    def stats(self) -> dict[str, int]:
        """A consistent snapshot of the counters: requests, throttled, retries, bytes, cache_hits, and the
        429 and 403 answers (every one, throttling or not)."""
        with self._stats_lock:
            return asdict(self._stats)

    def _count(self, **deltas: int) -> None:
        with self._stats_lock:
            for name, delta in deltas.items():
                setattr(self._stats, name, getattr(self._stats, name) + delta)

    def url_for(self, path_or_url: str) -> str:
        """Absolute URL: /submissions/ and /api/ paths go to data_url, other paths to edgar_url."""
        if "://" in path_or_url:
            if not any(path_or_url.startswith(base + "/") for base in (self.edgar_url, self.data_url)):
                raise ValueError(
                    f"refusing {path_or_url!r}: absolute URLs must start with {self.edgar_url} or {self.data_url}"
                )
            return path_or_url
        path = path_or_url if path_or_url.startswith("/") else "/" + path_or_url
        base = self.data_url if path.startswith(_DATA_PREFIXES) else self.edgar_url
        return base + path

    def limiter(self, url: str) -> Pacer:
        """The rate limiter requests to `url` wait for."""
        if self._limiter is not None:
            return self._limiter
        return limiter_for(urlsplit(url).netloc, self._rate_limit, self.budget_dir)

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        parts = urlsplit(url)
        if parts.query or not _IMMUTABLE.match(parts.path):
            return None
        return self.cache_dir.joinpath(*parts.path.strip("/").split("/"))

    def _backoff(self, attempt: int) -> float:
        return min(60.0, self.backoff_s * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311

    def _sleep(self, attempt: int, seconds: float) -> None:
        """Wait before the next attempt (not after the last one: the caller is about to give up)."""
        if attempt < self.max_retries:
            shutdown.sleep(seconds)

    def _fetch(self, url: str) -> tuple[httpx.Response, bytes]:
        """One attempt: the response and its decoded body, read in chunks within the deadline and the size
        limit. Raises _SlowAnswer past the deadline, BodyTooLarge, DecodeError for a cut or corrupt gzip body,
        ShutdownRequested, and httpx's errors."""
        deadline = time.monotonic() + self.deadline_s
        with self._http.stream("GET", url) as response:
            encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
            inflater = Inflater(self.max_body_bytes) if encoding == "gzip" else None
            if encoding not in ("gzip", "identity", ""):
                raise DecodeError(f"unsupported Content-Encoding {encoding!r}")
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_raw():
                shutdown.check()
                received += len(chunk)
                if inflater is not None:
                    try:
                        inflater.feed(chunk)
                    except DecompressedTooLarge as exc:
                        raise BodyTooLarge(f"{url}: {exc}") from None
                elif received > self.max_body_bytes:
                    raise BodyTooLarge(f"{url}: the answer is larger than {self.max_body_bytes:,} bytes "
                                       "(the limit; SEC_PIPELINE_MAX_BODY_MB raises it)")
                else:
                    chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _SlowAnswer(f"no complete answer within {self.deadline_s:g} s ({received:,} bytes came)")
            expected = response.headers.get("Content-Length")
            if expected and expected.isdigit() and int(expected) != received:
                raise DecodeError(f"truncated body: {received} of {expected} bytes")
            return response, inflater.finish() if inflater is not None else b"".join(chunks)

    def get(self, path_or_url: str, validate: Callable[[bytes], object] | None = None) -> bytes:
        """The body of a GET, retried as described in the module docstring.

        `validate` raises ValueError for a 200 body that is not what was asked for: such a body is retried
        like a transient fault, never cached, and a cached copy it rejects is dropped.
        Raises NotFound on 404, EdgarHTTPError on other client errors or when retries run out.
        """
        url = self.url_for(path_or_url)
        cached = self._cache_path(url)
        if cached is not None and cached.is_file():
            body = cached.read_bytes()
            if _invalid(validate, body) is None:
                self._count(cache_hits=1)
                return body
            cached.unlink(missing_ok=True)
        limiter = self.limiter(url)
        last_error = "no attempt made"
        slow = 0
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._count(retries=1)
            shutdown.check()
            limiter.acquire()
            self._count(requests=1)
            try:
                response, body = self._fetch(url)
            except BodyTooLarge as exc:
                raise EdgarHTTPError(url, str(exc).removeprefix(f"{url}: ")) from None
            except _SlowAnswer as exc:
                last_error = str(exc)
                slow += 1
                if slow >= _MAX_SLOW_ATTEMPTS:
                    raise EdgarHTTPError(url, f"{slow} attempts in a row too slow; last: {last_error}") from None
                self._sleep(attempt, self._backoff(attempt))
                continue
            except (httpx.TimeoutException, httpx.TransportError, DecodeError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                slow = 0
                self._sleep(attempt, self._backoff(attempt))
                continue
            slow = 0
            status = response.status_code
            if status == 429:
                self._count(answers_429=1)
            elif status == 403:
                self._count(answers_403=1)
            if status == 200:
                self._count(bytes=len(body))
                rejected = _invalid(validate, body)
                if rejected is not None:
                    last_error = rejected
                    self._sleep(attempt, self._backoff(attempt))
                    continue
                if cached is not None:
                    write_atomic(cached, body)
                return body
            if status == 404:
                raise NotFound(url)
            if status in (403, 429) and THROTTLE_PHRASE in body:
                self._count(throttled=1)
                last_error = f"HTTP {status}: SEC request rate threshold exceeded"
                limiter.pause_until(time.monotonic() + self.throttle_pause_s)
                continue
            if status == 429 or status >= 500:
                last_error = f"HTTP {status}"
                if status == 429:
                    self._count(throttled=1)
                wait = parse_retry_after(response.headers.get("Retry-After"))
                if wait is None:
                    wait = self._backoff(attempt)
                wait = min(wait, _MAX_RETRY_AFTER_S)
                if status == 429:
                    limiter.pause_until(time.monotonic() + wait)
                else:
                    self._sleep(attempt, wait)
                continue
            raise EdgarHTTPError(url, f"HTTP {status}: {body[:200]!r}", status)
        raise EdgarHTTPError(url, f"gave up after {self.max_retries + 1} attempts; last error: {last_error}")

    def get_json(self, path_or_url: str) -> Any:
        """The JSON document at `path_or_url`."""
        body = self.get(path_or_url)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise EdgarHTTPError(self.url_for(path_or_url), f"response is not JSON: {exc}") from exc
