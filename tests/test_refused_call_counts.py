"""A model call that ends the run but was billed (stop reason ``refusal``, or
``model_context_window_exceeded``) is a model call like any other: in the run's calls, its
``model_call`` event, the session's and ``coord stats``' tokens and cost, all agreeing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script

USAGE = {"input_tokens": 1000, "output_tokens": 50}


@pytest.mark.parametrize("stop_reason", ["refusal", "model_context_window_exceeded"])
def test_a_billed_call_that_fails_the_run_is_counted_everywhere(
    tmp_path: Path, stop_reason: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}], "usage": USAGE},
                {"text": "I can't help with that.", "stop_reason": stop_reason, "usage": USAGE},
            ]
        },
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = ("--agents-dir", agents, "--only", "--workspace", ws)
    ran = coord("run", "Add a FastAPI endpoint", *flags, "--script", script)
    assert ran.returncode == 1, ran.stderr
    log = json.loads(coord("log", "--json", "--workspace", ws).stdout)
    calls = [e for e in log["events"] if e["kind"] == "model_call"]
    assert [(e["turn"], e["stop_reason"]) for e in calls] == [(1, "tool_use"), (2, stop_reason)]
    chain = log["chain"]
    assert chain["turns"] == 2 and chain["failure"] is not None
    assert chain["tokens"] == log["tokens"] == sum(
        e["input_tokens"] + e["output_tokens"] for e in calls
    ) == 2100  # fmt: skip
    assert chain["cost_usd"] == log["cost_usd"] == round(sum(e["cost_usd"] for e in calls), 4)
    [stats] = json.loads(coord("stats", "--json", "--here", cwd=ws).stdout)
    assert (stats["runs"], stats["cost_usd"]) == (1, chain["cost_usd"])
    assert stats["input_tokens"] + stats["output_tokens"] == 2100
    tree = coord("log", "--workspace", ws, env={"COLUMNS": "200"}).stdout
    assert "backend  failed  2 turns · 2.1k tok" in tree
