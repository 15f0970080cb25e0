"""vocabulary.forms: form types, their families and amendments."""

from __future__ import annotations

import pytest

from sec_pipeline import vocabulary as v


@pytest.mark.parametrize("form,family", [
    ("10-K405/A", "10-K"), ("10-KT", "10-K"), ("10-K", "10-K"), ("10k", "10-K"),
    ("10-Q/A", "10-Q"), ("10-Q", "10-Q"), ("8-K/A", "8-K"), ("8-K12B", "8-K"), ("8 - K", "8-K"),
])
def test_form_family_of_every_variant(form: str, family: str) -> None:
    assert v.form_family(form) == family


def test_form_family_refuses_other_forms() -> None:
    with pytest.raises(ValueError, match="'S-1' is not supported"):
        v.form_family("S-1")


def test_amendments_keep_their_suffix() -> None:
    assert v.normalize_form(" 8-k/a ") == "8-K/A" and v.normalize_form(None) == ""
    assert v.is_amendment("10-K405/A") and not v.is_amendment("10-K405")
    assert v.form_types_of("10-K", amendments=False) == {"10-K", "10-K405", "10-KT"}
    assert v.form_types_of("10-Q", amendments=False) == {"10-Q"}
    assert v.form_types_of("8-K", amendments=True) == {"8-K", "8-K/A"}
    assert {v.form_family(f) for f in v.FORM_TYPES} == set(v.FAMILIES)
