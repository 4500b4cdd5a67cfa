"""lead46: rough edges the lead mended (forty-sixth session).

* ``coord stats`` counted a scripted (offline) run's tokens at the model's list prices with
  nothing to tell it from a billed one, so a user who had run the demo read a spend that was
  never charged. Its rows now keep offline runs apart: the model is marked ``(offline)``, the
  JSON says ``"offline": true``, and the prices stay what ``coord log`` shows for them.
* A missing folder named by its beginning (``--agents-dir corpus/wshobson`` for
  ``corpus/wshobson__agents``) got no "did you mean": the near-name check compared whole
  names only. The one name the given one begins is offered now, as a shell's Tab would.
* ``coord run --json`` did not say that a call was refused (audit48 put refused calls in
  ``coord log --json``, the tree, the progress lines and the traces): a script reading the
  run's JSON now gets ``refused``, each call with its agent, tool and what refused it; so
  does a client of ``coord mcp``'s ``run`` and ``resume`` tools.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.store import spend
from coordinator.store.db import Store


def test_stats_keep_scripted_runs_apart_from_billed_ones(store: Store, tmp_path: Path) -> None:
    for options in (
        {"provider": "scripted"},
        {"provider": "anthropic"},
        {},
        {"provider": "scripted"},
    ):
        sid = store.create_session("Task", tmp_path, options)
        first = {"role": "user", "content": "hi"}
        store.start_run(sid, agent="backend", model="m", depth=0, max_turns=5, first_message=first)
    rows = spend.stats_of(store, None)
    assert [(row.runs, row.offline) for row in rows] == [(2, False), (2, True)]
    assert [row.to_json()["offline"] for row in rows] == [False, True]


def test_coord_stats_marks_the_demo_s_runs_offline(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--workspace", str(ws)]).exit_code == 0
    shown = runner.invoke(app, ["stats", "--workspace", str(ws), "--json"])
    rows = json.loads(shown.stdout)
    assert len(rows) == 2 and all(row["offline"] for row in rows), rows
    assert all(row["cost_usd"] > 0 for row in rows)  # priced as `coord log` prices them
    table = runner.invoke(app, ["stats", "--workspace", str(ws)]).stdout.splitlines()
    assert all(line.split()[2:4] == [rows[0]["model"], "(offline)"] for line in table[1:3])
    assert "(offline)" not in table[-1]  # the total line


def test_a_folder_named_by_its_beginning_is_offered_whole(tmp_path: Path) -> None:
    (tmp_path / "wshobson__agents").mkdir()
    (tmp_path / "VoltAgent__subagents").mkdir()
    (tmp_path / "voltage-notes").mkdir()  # "volt" begins two names: none is offered
    runner = CliRunner()
    for given, meant in (("wshobson", "wshobson__agents"), ("WSHOB", "wshobson__agents")):
        shown = runner.invoke(app, ["route", "x", "--agents-dir", str(tmp_path / given)])
        assert shown.exit_code == 4
        assert f"did you mean {tmp_path / meant}?" in shown.output, shown.output
    shown = runner.invoke(app, ["route", "x", "--agents-dir", str(tmp_path / "volt")])
    assert shown.exit_code == 4 and "did you mean" not in shown.output, shown.output


def _refusing(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Agents (backend), a script in which backend writes ``.mcp.json`` (a protected path:
    refused) then completes, and an empty workspace."""
    from kit import report, write_agents, write_script

    agents = write_agents(tmp_path / "agents", "backend")
    write = {"name": "Write", "input": {"file_path": ".mcp.json", "content": "{}"}}
    steps = [{"tool_calls": [write]}, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": steps})
    ws = tmp_path / "ws"
    ws.mkdir()
    return agents, script, ws


def test_run_json_lists_the_calls_refused_before_they_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agents, script, ws = _refusing(tmp_path)
    monkeypatch.chdir(ws)
    args = ["run", "Task", "--agent", "backend", "--agents-dir", str(agents), "--only"]
    shown = CliRunner().invoke(app, [*args, "--script", str(script), "--json"])
    assert shown.exit_code == 0, shown.output
    refused = json.loads(shown.stdout)["refused"]
    assert [(r["agent"], r["name"], r["by"]) for r in refused] == [
        ("backend", "Write", "protected path")
    ]
    assert refused[0]["input_summary"] == ".mcp.json" and refused[0]["reason"]
    assert not (ws / ".mcp.json").exists()


def test_the_mcp_run_tool_lists_the_calls_refused_before_they_ran(tmp_path: Path) -> None:
    import asyncio

    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    agents, script, ws = _refusing(tmp_path)
    options = ServiceOptions(ws, agents_dirs=[agents], choice=ModelChoice("scripted", script))
    data = asyncio.run(CoordinatorService(options).run("Task", agent="backend"))
    assert data["status"] == "complete"
    assert [(r["agent"], r["name"], r["by"]) for r in data["refused"]] == [
        ("backend", "Write", "protected path")
    ]
