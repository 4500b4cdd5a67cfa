"""Fixtures of the security tests."""

from __future__ import annotations

from typing import Any

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


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``--otel`` exports into memory: the exporter whose finished spans are read."""
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator.telemetry import otel

    exporter = InMemorySpanExporter()
    monkeypatch.setattr(otel, "otlp_recorder", lambda env, warn=None: otel.recorder(exporter))
    return exporter
