"""Settings: where they come from, and how bad ones are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.config import Settings, load_settings
from coordinator.errors import UserError
from coordinator.pricing import cost_usd
from coordinator.providers.base import Usage


def write_config(workspace: Path, text: str) -> Path:
    path = workspace / ".coordinator" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_workspace_config_is_read_and_flags_override_it(tmp_path: Path) -> None:
    write_config(tmp_path, "max_report_repairs: 5\nrouter: llm\ndomains: {tests: qa-bot}\n")
    settings = load_settings(tmp_path, overrides={"max_report_repairs": 2, "db": None})
    assert settings.max_report_repairs == 2  # the flag wins
    assert settings.router == "llm"
    assert settings.domains == {"tests": "qa-bot"}
    assert settings.db is None  # the default database (coordinator.store.paths)


def test_user_config_is_the_fallback(tmp_path: Path) -> None:
    home_config = Path.home() / ".config" / "coordinator" / "config.yaml"
    home_config.parent.mkdir(parents=True)
    home_config.write_text("max_turns: 7\nmax_report_repairs: 1\n", encoding="utf-8")
    assert load_settings(tmp_path).max_turns == 7
    write_config(tmp_path, "max_report_repairs: 4\n")
    settings = load_settings(tmp_path)
    assert (settings.max_turns, settings.max_report_repairs) == (7, 4)  # merged, workspace wins


def test_unknown_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = write_config(tmp_path, "max_turn: 3\n")
    with pytest.raises(UserError, match=rf"{path}:1: unknown setting 'max_turn'; did you mean"):
        load_settings(tmp_path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write_config(tmp_path, "max_turns: 3\ndomains: {tests: [\n")
    with pytest.raises(UserError, match=rf"{path}:\d+: config is not valid YAML"):
        load_settings(tmp_path)


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read --config"):
        load_settings(tmp_path, tmp_path / "nope.yaml")


def test_base_url_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:11434")
    assert load_settings(tmp_path).base_url == "http://127.0.0.1:11434"


def test_model_aliases_and_inherit_resolve_to_ids(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, overrides={"default_model": "haiku"})
    assert settings.resolve_model("sonnet") == "claude-sonnet-5-5"
    assert settings.resolve_model("inherit") == "claude-haiku-4-5"
    assert settings.resolve_model(None) == "claude-haiku-4-5"
    assert settings.resolve_model("claude-sonnet-4-20250514") == "claude-sonnet-4-20250514"


def test_cost_counts_every_token_kind_and_dated_ids(tmp_path: Path) -> None:
    prices = load_settings(tmp_path).prices
    usage = Usage(
        input_tokens=1_000_000,
        output_tokens=1_000_000,
        cache_creation_input_tokens=1_000_000,
        cache_read_input_tokens=1_000_000,
    )
    assert cost_usd("claude-sonnet-5-5", usage, prices) == pytest.approx(2 + 10 + 2.5 + 0.2)
    assert cost_usd("claude-haiku-4-5-20251001", usage, prices) == pytest.approx(7.35)
    assert cost_usd("some-local-model", usage, prices) == 0.0


def test_every_claude_code_model_alias_resolves_to_a_model_id() -> None:
    from coordinator.roster.fields import MODEL_ALIASES

    settings = Settings()
    for alias in MODEL_ALIASES:
        resolved = settings.resolve_model(alias)
        assert resolved.startswith("claude-"), (alias, resolved)
        assert resolved in settings.prices, (alias, resolved)  # its cost is known
    assert settings.resolve_model("opus[1m]") == settings.resolve_model("opus")
    assert settings.resolve_model("fable") == "claude-fable-5-2"
