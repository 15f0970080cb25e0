"""API keys: created with a random secret shown once, stored as HMAC-SHA256(per-key salt, secret), checked in
constant time, revocable at once; and the audit of refused requests (`auth_events`).

A key reads `secp_<prefix>_<secret>`: the prefix (12 hex digits, public, unique) finds the key's row; the
secret (43 URL-safe characters, 256 random bits) is what the hash proves. Because the secret is random and
long, one keyed hash is as strong as a slow password hash and costs microseconds per request.

A bootstrap admin key may also come from the environment (SEC_PIPELINE_API_ADMIN_KEY, read by the config): it is
in no table, so `list` never shows it and `revoke` cannot remove it; it answers as key id 0 and is rotated by
changing the secret and restarting the API.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from sec_pipeline.store import schema
from sec_pipeline.store.engine import write_engine
from sec_pipeline.store.schema import utcnow

SCOPES: tuple[str, ...] = ("read", "process", "admin")
ADMIN = "admin"
KEY_PATTERN = re.compile(r"secp_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
BOOTSTRAP_KEY_ID = 0
BOOTSTRAP_PREFIX = "env"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute per key
MAX_NAME_CHARS = 128
_keys, _events = schema.api_keys, schema.auth_events


class KeySpecError(ValueError):
    """A key name or scope cannot be used; the message names it and the fix."""


@dataclass(frozen=True)
class KeyInfo:
    """A key as listed: never its secret or hash."""

    id: int
    name: str
    scopes: tuple[str, ...]
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def allows(self, scope: str) -> bool:
        """True when the key holds `scope` (an admin key holds every scope)."""
        return scope in self.scopes or ADMIN in self.scopes

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `GET /admin/keys` and `keys list`."""
        return {"id": self.id, "name": self.name, "scopes": list(self.scopes), "prefix": self.prefix,
                "created_at": self.created_at, "last_used_at": self.last_used_at, "revoked_at": self.revoked_at}


@dataclass(frozen=True)
class CreatedKey:
    """A new key and its secret, which exists only here: show it once."""

    info: KeyInfo
    secret: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a presented key: the key, or why it was refused (and the prefix it claimed)."""

    key: KeyInfo | None
    reason: str | None = None
    prefix: str | None = None


def checked_scopes(scopes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`scopes` deduplicated in SCOPES order; KeySpecError naming an unknown one."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise KeySpecError(f"scope {unknown[0]!r} is unknown; use {', '.join(SCOPES)}")
    if not scopes:
        raise KeySpecError(f"a key needs at least one scope; use {', '.join(SCOPES)}")
    return tuple(s for s in SCOPES if s in scopes)


def checked_name(name: str) -> str:
    """`name` trimmed; KeySpecError unless it is 1 to MAX_NAME_CHARS printable characters."""
    name = name.strip()
    if not 0 < len(name) <= MAX_NAME_CHARS or not name.isprintable():
        raise KeySpecError(f"key name {name[:40]!r} must be 1 to {MAX_NAME_CHARS} printable characters")
    return name


def _digest(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode(), hashlib.sha256).hexdigest()


def _fingerprint(secret: str) -> bytes:
    """A fixed-length digest, so that comparing two of them in constant time reveals no length either."""
    return hashlib.sha256(secret.encode()).digest()


def _info(row: Any) -> KeyInfo:
    return KeyInfo(id=row.id, name=row.name, scopes=tuple(row.scopes), prefix=row.prefix,
                   created_at=row.created_at, last_used_at=row.last_used_at, revoked_at=row.revoked_at)


class KeyRing:
    """The keys and the refused-request audit in the app database (migrated by the caller), and the bootstrap
    admin key `bootstrap_admin_key` (empty: none)."""

    def __init__(self, engine: Engine, *, bootstrap_admin_key: str = "") -> None:
        self.engine = engine
        self._writer = write_engine(engine)
        self._bootstrap = _fingerprint(bootstrap_admin_key) if bootstrap_admin_key else None
        self._bootstrap_info = KeyInfo(id=BOOTSTRAP_KEY_ID, name="bootstrap admin key (environment)",
                                       scopes=(ADMIN,), prefix=BOOTSTRAP_PREFIX, created_at=utcnow(),
                                       last_used_at=None, revoked_at=None)

    def create(self, name: str, scopes: list[str] | tuple[str, ...]) -> CreatedKey:
        """A new key named `name` with `scopes`; its secret is in the result and nowhere else."""
        name, scopes = checked_name(name), checked_scopes(scopes)
        prefix, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
        with self._writer.begin() as conn:
            row = conn.execute(insert(_keys).values(
                name=name, scopes=list(scopes), prefix=prefix, salt=salt, secret_hash=_digest(salt, secret),
                created_at=utcnow()).returning(*_keys.c)).one()
        return CreatedKey(_info(row), f"secp_{prefix}_{secret}")

    def list(self) -> list[KeyInfo]:
        """Every key, revoked ones included, oldest first."""
        with self.engine.connect() as conn:
            return [_info(row) for row in conn.execute(select(_keys).order_by(_keys.c.id))]

    def revoke(self, key_id: int) -> KeyInfo | None:
        """Revoke the key now (a second revoke keeps the first time); None when there is no such key."""
        with self._writer.begin() as conn:
            conn.execute(update(_keys).where(_keys.c.id == key_id, _keys.c.revoked_at.is_(None))
                         .values(revoked_at=utcnow()))
            row = conn.execute(select(_keys).where(_keys.c.id == key_id)).first()
        return None if row is None else _info(row)

    def authenticate(self, presented: str | None) -> Verdict:
        """Who `presented` (the bearer token: a stored key or the bootstrap admin key) is, or why not: missing, malformed, unknown_key, revoked."""
        if not presented:
            return Verdict(None, "missing")
        if self._bootstrap is not None and hmac.compare_digest(_fingerprint(presented), self._bootstrap):
            return Verdict(self._bootstrap_info, prefix=BOOTSTRAP_PREFIX)
        match = KEY_PATTERN.fullmatch(presented)
        if match is None:
            return Verdict(None, "malformed")
        prefix, secret = match.groups()
        with self.engine.connect() as conn:
            row = conn.execute(select(_keys).where(_keys.c.prefix == prefix)).first()
        if row is None or not hmac.compare_digest(_digest(row.salt, secret), row.secret_hash):
            return Verdict(None, "unknown_key", prefix)
        info = _info(row)
        if info.revoked_at is not None:
            return Verdict(None, "revoked", prefix)
        self._touch(info)
        return Verdict(info, prefix=prefix)

    def _touch(self, info: KeyInfo) -> None:
        now = utcnow()
        if info.last_used_at is not None and now - info.last_used_at < LAST_USED_RESOLUTION:
            return
        with self._writer.begin() as conn:
            conn.execute(update(_keys).where(_keys.c.id == info.id).values(last_used_at=now))

    def record_refusal(self, *, status: int, reason: str, method: str, path: str, client: str | None,
                       key_id: int | None, prefix: str | None) -> None:
        """One auth_events row for a 401 or 403."""
        with self._writer.begin() as conn:
            conn.execute(insert(_events).values(
                occurred_at=utcnow(), status=status, reason=reason, method=method[:16], path=path[:512],
                client=(client or "")[:64] or None, key_id=key_id, key_prefix=prefix))

