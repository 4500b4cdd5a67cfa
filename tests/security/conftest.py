"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from coordinator import sanitize


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential registered yet, as in a new ``coord`` process (restored after)."""
    for name, empty in (("_registered", set()), ("_credentials", set()), ("_named", {}),
                        ("_tokens", set()), ("_named_shape", [None]),
                        ("_named_values", [()])):  # fmt: skip
        monkeypatch.setattr(sanitize, name, empty, raising=False)
    sanitize._cache.clear()
