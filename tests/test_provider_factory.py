"""make_provider: which provider a run gets, and the errors a user sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.providers.anthropic import AnthropicProvider
from coordinator.providers.factory import make_provider
from coordinator.providers.scripted import ScriptedProvider


def test_no_key_and_no_kind_points_to_the_demo() -> None:
    with pytest.raises(UserError) as info:
        make_provider(None, Settings())
    assert info.value.message == "no ANTHROPIC_API_KEY is set"
    assert info.value.hint and "coord demo" in info.value.hint and "--script" in info.value.hint


async def test_a_key_gives_the_anthropic_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-factory-test-0123456789")
    provider = make_provider(None, Settings(base_url="http://127.0.0.1:9999"))
    assert isinstance(provider, AnthropicProvider)
    assert provider.base_url.startswith("http://127.0.0.1:9999")
    assert "sk-ant" not in repr(provider)
    explicit = make_provider(
        "anthropic", Settings(base_url="http://127.0.0.1:1"), base_url="http://localhost:2"
    )
    assert isinstance(explicit, AnthropicProvider)
    assert explicit.base_url.startswith("http://localhost:2")
    await provider.aclose()
    await explicit.aclose()


def test_auth_token_alone_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "token-0123456789abcdef")
    assert isinstance(make_provider("anthropic", Settings()), AnthropicProvider)


def test_a_local_server_needs_no_key() -> None:
    provider = make_provider(None, Settings(), base_url="http://localhost:11434")
    assert isinstance(provider, AnthropicProvider)
    with pytest.raises(UserError, match="no ANTHROPIC_API_KEY"):
        make_provider(None, Settings(), base_url="https://llm.example.com")


def test_scripted_needs_a_script(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="needs a script") as info:
        make_provider("scripted", Settings())
    assert info.value.hint == "Pass --script FILE (YAML)."
    script = tmp_path / "s.yaml"
    script.write_text("agents:\n  a:\n    - {text: hi}\n")
    provider = make_provider("scripted", Settings(), script=script)
    assert isinstance(provider, ScriptedProvider)
    assert provider.model.unused() == ["agents.a[0] (text 'hi')"]


def test_unknown_kind_is_a_user_error() -> None:
    with pytest.raises(UserError, match="unknown provider 'openai'"):
        make_provider("openai", Settings())
