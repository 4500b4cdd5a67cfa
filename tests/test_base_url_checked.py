"""A base URL that is no http(s) address (``--base-url``, ``ANTHROPIC_BASE_URL``) is bad input,
named with where it came from before any model call: the SDK took it for an outage, retried
three times and left an interrupted session "to try again later" (daily29, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from kit import workspace, write_agents

BAD = ["notaurl", "ftp://gateway.example/v1", "http://localhost:99999", "http://[::1"]


@pytest.mark.parametrize("url", BAD)
def test_a_bad_base_url_flag_is_refused_before_any_call(tmp_path: Path, url: str) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    key = {"ANTHROPIC_API_KEY": "sk-ant-test-key"}
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", "--base-url", url, env=key)  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    assert ran.stderr.startswith(f"error: --base-url: '{url}' is not an http:// or https://")
    assert not (ws / ".coordinator").exists()  # no session was made


def test_the_environment_is_named_and_its_password_masked(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    env = {"ANTHROPIC_API_KEY": "sk-ant-test-key", "ANTHROPIC_BASE_URL": "gw:s3cret@host"}
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", env=env)  # fmt: skip
    assert ran.returncode == 4
    assert ran.stderr.startswith("error: ANTHROPIC_BASE_URL: ")
    env["ANTHROPIC_BASE_URL"] = "ftp://me:s3cret-pw@gateway.example"
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", env=env)  # fmt: skip
    assert ran.stderr.startswith("error: ANTHROPIC_BASE_URL: 'ftp://***@gateway.example'")
    assert "s3cret" not in ran.stderr


def test_a_scripted_run_ignores_the_environments_url_as_before(tmp_path: Path) -> None:
    """ANTHROPIC_BASE_URL is ambient: a scripted run leaves it be (a --base-url flag beside
    --script is refused: test_daily30)."""
    from kit import report, write_script

    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "Add a FastAPI endpoint", "--workspace", ws, "--agents-dir", agents,
                "--only", "--script", script, env={"ANTHROPIC_BASE_URL": "notaurl"})  # fmt: skip
    assert ran.returncode == 0, ran.stderr


def test_a_resume_names_the_sessions_stored_url(tmp_path: Path) -> None:
    """A session stored before the check with a bad (loopback) URL: its resume names the
    stored URL, not a --base-url the user did not give."""
    from coordinator.config import explain_settings
    from coordinator.errors import UserError
    from coordinator.runtime.options import SessionOptions

    explained = explain_settings(tmp_path)
    saved = SessionOptions(provider="anthropic", base_url="http://localhost:99999")
    _, _, choice = saved.resumed_with(explained.settings)
    assert choice.base_url == "http://localhost:99999"
    with pytest.raises(UserError) as caught:
        choice.checked(explained)
    assert caught.value.message.startswith("the session's stored base URL: 'http://localhost:")
