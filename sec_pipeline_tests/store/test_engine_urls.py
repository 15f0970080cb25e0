"""Database URLs: the password is masked in every message, whatever the URL's shape."""

from __future__ import annotations

import pytest

from sec_pipeline.store.engine import StoreConfigError, normalize_url, redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://user:secret@host/db", "postgresql://user:***@host/db"),
    ("postgresql://:secret@host/db", "postgresql://:***@host/db"),  # empty user name
    ("postgresql://user:p@ss@host:5432/db", "postgresql://user:***@host:5432/db"),  # unencoded "@"
    ("postgresql://user@host/db", "postgresql://user@host/db"),
    ("postgresql://:secret@host:abc/db", "postgresql://:***@host:abc/db"),  # empty user, malformed port
    ("postgresql://host/db?user=u&password=secret&sslmode=require",
     "postgresql://host/db?user=u&password=***&sslmode=require"),
    ("failed: host=h user=u password=secret dbname=d", "failed: host=h user=u password=*** dbname=d"),
    ("see 'postgresql://u:secret@h/db' or mail admin@example.com", "see 'postgresql://u:***@h/db' or mail admin@example.com"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_malformed_url_error_never_shows_the_password() -> None:
    with pytest.raises(StoreConfigError) as raised:
        normalize_url("postgresql://user:secret@host:notaport/db")
    assert "secret" not in str(raised.value) and "user:***@host:notaport" in str(raised.value)


def test_an_unencoded_at_in_the_password_is_refused_before_it_reaches_a_driver() -> None:
    # the driver would read "ss-secret@host" as the host name and print it in its errors
    with pytest.raises(StoreConfigError, match="unencoded '@' in its password; percent-encode it as %40") as raised:
        normalize_url("postgresql://user:p@ss-secret@host/db")
    assert "secret" not in str(raised.value)
    assert normalize_url("postgresql://user:p%40ss@host/db").password == "p@ss"
