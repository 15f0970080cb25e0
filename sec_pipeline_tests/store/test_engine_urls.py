"""Database URLs: the password is masked in every message, whatever the URL's shape."""

from __future__ import annotations

import pytest

from sec_pipeline.store.engine import StoreConfigError, normalize_url, redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://user:secret@host/db", "postgresql://user:***@host/db"),
    ("postgresql://:secret@host/db", "postgresql://:***@host/db"),  # empty user name
    ("postgresql://user:p@ss@host:5432/db", "postgresql://user:***@host:5432/db"),  # unencoded "@"
    ("postgresql://user@host/db", "postgresql://user@host/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_malformed_url_error_never_shows_the_password() -> None:
    with pytest.raises(StoreConfigError) as raised:
        normalize_url("postgresql://user:secret@host:notaport/db")
    assert "secret" not in str(raised.value) and "user:***@host:notaport" in str(raised.value)
