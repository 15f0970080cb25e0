"""Bearer-key authentication and authorization as FastAPI dependencies, with per-key rate limiting.

Every refusal (401: no, malformed, unknown or revoked key; 403: the key lacks the scope) is written to
`auth_events` and logged as one line starting `auth_refused` (the key's id or public prefix, never a secret).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NoReturn

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBearer

from sec_pipeline.serving.keys import KeyInfo, KeyRing
from sec_pipeline.serving.ratelimit import KeyRateLimiter

log = logging.getLogger("sec_pipeline.serving")
# Declares the scheme in the OpenAPI document (and the /docs "Authorize" button); parsing is ours.
BEARER = HTTPBearer(auto_error=False, description="an API key from `sec-pipeline keys create`")
_MESSAGES = {
    "missing": "send Authorization: Bearer <key>",
    "malformed": "the Authorization header is not 'Bearer secp_...'; send the key exactly as created",
    "unknown_key": "the key is not known; ask an admin for a key",
    "revoked": "the key was revoked; ask an admin for a new key",
}


class Authenticator:
    """Builds the dependency each endpoint declares with the scope it needs."""

    def __init__(self, keys: KeyRing, limiter: KeyRateLimiter) -> None:
        self.keys, self.limiter = keys, limiter

    def require(self, scope: str) -> Callable[..., KeyInfo]:
        """A dependency admitting keys holding `scope`; 401/403/429 otherwise."""

        def dependency(request: Request, _scheme: object = Depends(BEARER)) -> KeyInfo:
            header = request.headers.get("authorization")
            token = _bearer_token(header)
            verdict = self.keys.authenticate(token) if token is not None else None
            if header is None:
                self._refuse(request, 401, "missing", None, None)
            if verdict is None:
                self._refuse(request, 401, "malformed", None, None)
            key = verdict.key
            if key is None:
                self._refuse(request, 401, verdict.reason or "unknown_key", None, verdict.prefix)
            request.state.key_id = key.id
            if not key.allows(scope):
                self._refuse(request, 403, f"needs_{scope}", key.id, key.prefix,
                             f"the key lacks the {scope!r} scope; ask an admin for a key with it")
            wait_s = self.limiter.admit(key.id)
            if wait_s is not None:
                log.warning("rate_limited key_id=%s method=%s path=%s", key.id, request.method, request.url.path)
                raise HTTPException(429, f"key {key.id} is over its rate limit; retry in {wait_s:.2f} s",
                                    headers={"Retry-After": str(max(1, round(wait_s)))})
            return key

        return dependency

    def _refuse(self, request: Request, status: int, reason: str, key_id: int | None, prefix: str | None,
                message: str | None = None) -> NoReturn:
        client = request.client.host if request.client else None
        self.keys.record_refusal(status=status, reason=reason, method=request.method, path=request.url.path,
                                 client=client, key_id=key_id, prefix=prefix)
        log.warning("auth_refused status=%d reason=%s key_id=%s key_prefix=%s client=%s method=%s path=%s",
                    status, reason, key_id if key_id is not None else "-", prefix or "-", client or "-",
                    request.method, request.url.path)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        raise HTTPException(status, message or _MESSAGES.get(reason, _MESSAGES["unknown_key"]), headers=headers)


def _bearer_token(header: str | None) -> str | None:
    """The token of 'Bearer TOKEN' (scheme case-insensitive); None when the header is absent or not that."""
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
