"""A session with no hook at all builds no hook gate (thirty-ninth session, lead).

Hooks counted as on even when no settings file or agent defined one, so every ``coord
run`` stored a run's final turn in a step of its own before reading its report, and a
blocked run's row was updated in its blocked step: the costs ``--no-hooks`` runs and the
benches had left (hop40, hop46). A session with a hook keeps its gate: a Stop hook runs
between a final turn and its report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import scripted, workspace

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

STOP_HOOK = {"hooks": [{"type": "command", "command": "true"}]}


def _engine(tmp_path: Path, **extra: Any) -> Engine:
    ws = tmp_path / "ws" if (tmp_path / "ws").exists() else workspace(tmp_path)
    spec = AgentSpec(name="backend", description="backend", domain="backend", body="b", extra=extra)
    registry = Registry([spec])
    extras = session_extras(ws, Settings(), registry, home=tmp_path / "home", managed=None)
    return extras.engine(
        registry, scripted({}), Store.open(tmp_path / "s.db"), Settings(), ws, model=None
    )


def test_a_session_with_no_hook_has_no_hook_gate(tmp_path: Path) -> None:
    assert _engine(tmp_path).hooks is None


def test_a_settings_hook_keeps_the_gate(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": {"Stop": [STOP_HOOK]}}), encoding="utf-8")
    assert _engine(tmp_path).hooks is not None


def test_an_agents_own_hook_keeps_the_gate(tmp_path: Path) -> None:
    assert _engine(tmp_path, hooks={"Stop": [STOP_HOOK]}).hooks is not None


def test_a_run_blocked_again_after_a_resume_waits_for_a_person(tmp_path: Path) -> None:
    """A run blocked, answered by a consult, resumed and blocked again on a domain no
    specialist has: its owed row (``running`` from the resume, and its counters) is written
    as blocked when its question goes to a person. It raised TypeError (status given twice)
    once the quiet path ran for every session with no hook."""
    from cli import coord
    from kit import blocked, report, write_agents, write_script

    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "The user schema")},
                {"text": blocked("Payments", "Which provider")},
            ],
            "dba": [{"text": report("Complete", "Schema")}],
        },
    )
    ran = coord("run", "Add it", "--workspace", ws, "--agents-dir", agents, "--only",
                "--agent", "backend", "--provider", "scripted", "--script", script,
                "--no-hooks", "--json")  # fmt: skip
    out = json.loads(ran.stdout)
    assert (ran.returncode, out["status"], out["question"]["domain"]) == (3, "waiting", "payments")
    chain = json.loads(coord("log", out["session"], "--workspace", ws, "--json").stdout)["chain"]
    assert (chain["agent"], chain["status"], chain["turns"]) == ("backend", "blocked", 2)
    assert chain["report"]["required"] == "Which provider"
