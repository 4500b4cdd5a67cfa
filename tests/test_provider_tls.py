"""The real provider's HTTP clients share one TLS context per CA setting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpcore2
import pytest

from coordinator.providers import anthropic as provider


def test_clients_share_one_tls_context_until_the_ca_setting_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built: list[object] = []
    real = httpcore2.default_ssl_context

    def counting(**kwargs: Any) -> Any:
        ctx = real(**kwargs)
        built.append(ctx)
        return ctx

    monkeypatch.setattr(httpcore2, "default_ssl_context", counting)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    provider.shared_ssl_context.cache_clear()
    first = provider.AnthropicProvider(api_key="sk-test", base_url="http://127.0.0.1:9")
    second = provider.AnthropicProvider(api_key="sk-test", base_url="http://127.0.0.1:9")
    assert len(built) == 1  # one CA bundle read for both clients
    assert first._client is not second._client

    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))  # another CA setting: its own context
    provider.AnthropicProvider(api_key="sk-test", base_url="http://127.0.0.1:9")
    assert len(built) == 2
