"""Typed state: statuses equal the stored strings, budgets as one object, the session
options a resume relies on (never a credential)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.config import Settings
from coordinator.errors import (
    EXIT_COMPLETE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NEEDS_REVIEW,
    EXIT_WAITING,
)
from coordinator.providers.base import Usage, is_loopback
from coordinator.runtime.options import ModelChoice, SessionOptions, storable_url
from coordinator.runtime.state import UsageLimits
from coordinator.status import SessionStatus


def test_statuses_are_the_stored_strings_and_map_to_exit_codes() -> None:
    assert SessionStatus("needs_review") is SessionStatus.NEEDS_REVIEW
    assert f"{SessionStatus.WAITING}" == "waiting"
    codes = {s: s.exit_code for s in SessionStatus if s is not SessionStatus.RUNNING}
    assert codes == {
        "complete": EXIT_COMPLETE,
        "needs_review": EXIT_NEEDS_REVIEW,
        "failed": EXIT_FAILED,
        "waiting": EXIT_WAITING,
        "interrupted": EXIT_INTERRUPTED,
    }
    assert [s for s in SessionStatus if s.finished] == ["complete", "needs_review", "failed"]


def test_usage_limits_name_the_limit_reached() -> None:
    limits = UsageLimits(max_tokens=1000, max_cost=0.5)
    assert limits.exceeded(Usage(input_tokens=900, output_tokens=99), 0.49) is None
    tokens = limits.exceeded(Usage(input_tokens=900, output_tokens=100), 0.0)
    assert str(tokens) == "session used 1,000 tokens; max_session_tokens is 1000"
    cost = limits.exceeded(Usage(), 0.5)
    assert cost is not None and cost.what == "cost"
    assert UsageLimits().exceeded(Usage(input_tokens=10**9), 10.0**6) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("http://127.0.0.1:8080/v1", True),
        ("https://llm.example.com", True),
        ("https://user:sk-ant-secret@llm.example.com", False),
        ("https://sk-ant-secret@llm.example.com", False),
        ("https://llm.example.com/?key=sk-ant-secret", False),
        ("https://llm.example.com/#sk-ant-secret", False),
        ("http://[::1", False),
    ],
)
def test_a_url_carrying_credentials_is_never_stored(url: str, kept: bool) -> None:
    assert (storable_url(url) == url) is kept
    options = SessionOptions.remember(ModelChoice(base_url=url))
    assert (url in str(options.to_json())) is kept


def test_options_round_trip_and_flags_given_again_win(tmp_path: Path) -> None:
    choice = ModelChoice("scripted", tmp_path / "s.yaml", "http://localhost:1", "opus")
    saved = SessionOptions.remember(choice, agents_dirs=[tmp_path], only=True, allow_bash=True)
    again = SessionOptions.from_json(saved.to_json())
    assert again == saved
    dirs, only, merged = again.resumed_with(Settings())
    assert (dirs, only, merged) == ([tmp_path.resolve()], True, choice)
    other = tmp_path / "other"
    dirs, _, merged = again.resumed_with(
        Settings(), agents_dirs=[other], choice=ModelChoice(model="haiku")
    )
    assert dirs == [other] and merged.model == "haiku" and merged.kind == "scripted"


def test_options_of_an_older_or_damaged_row_take_their_defaults() -> None:
    bad = {"agents_dirs": "not-a-list", "only": "yes", "model": 3, "base_url": "http://u:p@h"}
    assert SessionOptions.from_json(bad) == SessionOptions()
    assert SessionOptions.from_json({"demo": True}) == SessionOptions(demo=True)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("[::1]", True),
        ("evil.localhost", False),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("", False),
    ],
)
def test_one_loopback_rule(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
