"""The lead's fifty-first session: a request routed (or an agent named) that an
``Agent(NAME)`` deny rule keeps from running is refused before a session is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
REQUEST = "Add a GET /health/db endpoint that checks the database connection"


def _denying(tmp_path: Path, rule: str) -> Path:
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"permissions": {"deny": [rule]}}), encoding="utf-8")
    return settings


@pytest.mark.parametrize("named", [("--agent", "fastapi-backend-expert")], ids=["named"])
def test_an_agent_a_deny_rule_refuses_is_refused_before_a_session_is_stored(
    tmp_path: Path, named: tuple[str, ...]
) -> None:
    """The named agent's run failed at once after a session was stored; now one line names
    the agent and the rule, exit non-zero, and no session is stored. (A routed request
    passes over such an agent since compat74: tests/test_compat74_routing.py.)"""
    settings = _denying(tmp_path, "Agent(fastapi-backend-expert)")
    ran = coord("run", *named, "--script", TOUR, REQUEST, cwd=tmp_path)
    assert ran.returncode != 0
    assert (
        "agent fastapi-backend-expert may not run: the rule Agent(fastapi-backend-expert) "
        f"(permissions.deny, {settings}:1) refuses it"
    ) in " ".join(ran.stderr.split()), ran.stderr
    assert "Traceback" not in ran.stderr
    listed = coord("sessions", cwd=tmp_path)
    assert "fastapi-backend-expert" not in listed.stdout, listed.stdout


def test_a_rule_on_another_agent_or_a_bare_agent_rule_lets_the_routed_agent_run(
    tmp_path: Path,
) -> None:
    """``Agent(other)`` and a bare ``Agent`` (which refuses consulted runs only) leave the
    request's own agent free to start."""
    settings = _denying(tmp_path, "Agent(react-frontend-expert)")
    ran = coord("run", "--script", TOUR, "--json", REQUEST, cwd=tmp_path)
    assert "may not run" not in ran.stderr, ran.stderr
    settings.write_text(json.dumps({"permissions": {"deny": ["Agent"]}}), encoding="utf-8")
    ran = coord("run", "--script", TOUR, "--json", REQUEST, cwd=tmp_path)
    assert "may not run: the rule Agent (" not in ran.stderr.replace("\n", " "), ran.stderr


def test_a_resume_whose_agent_a_rule_now_denies_leaves_the_session_waiting(
    tmp_path: Path,
) -> None:
    """The resume failed the session (the rule named), which then could not be resumed once
    the rule was removed; now it is refused in one line, the session still waits, and a
    resume after the rule is gone completes it."""
    waiting = "Add GET /tasks/{id} returning the owner's email"
    ran = coord("run", "--script", TOUR, waiting, cwd=tmp_path)
    assert ran.returncode == 3, ran.stderr
    settings = _denying(tmp_path, "Agent(fastapi-backend-expert)")
    answer = ("--context", "Use the contact_email column", "--script", TOUR)
    refused = coord("resume", *answer, cwd=tmp_path)
    assert refused.returncode != 0
    said = " ".join(refused.stderr.split())
    assert (
        "agent fastapi-backend-expert may not run: the rule Agent(fastapi-backend-expert) "
        f"(permissions.deny, {settings}:1) refuses it; the session is left as it was"
    ) in said, refused.stderr
    assert "waiting" in coord("sessions", cwd=tmp_path).stdout
    settings.unlink()
    resumed = coord("resume", *answer, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
