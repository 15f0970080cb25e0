"""Modules that ship only with the source checkout (benchmarks/), imported by the commands that need them."""

from __future__ import annotations

import importlib
from types import ModuleType


class NotInCheckoutError(RuntimeError):
    """A benchmarks module is not importable: the command runs outside a source checkout."""


def checkout_module(name: str, purpose: str) -> ModuleType:
    """Import `name` (a benchmarks.* module); NotInCheckoutError saying what needs it when it is absent."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not (name == exc.name or name.startswith(exc.name + ".")):  # a dependency is missing
            raise
        raise NotInCheckoutError(f"{purpose} needs {name}, which ships with the repository: run from a source "
                                 "checkout (pip install -e . in a clone)") from None
