"""Batches: many sessions at once under one shared limit on model calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from cli import coord
from kit import (
    Harness,
    blocked,
    report,
    scripted,
    workspace,
    write_agents,
    write_script,
)

from coordinator.errors import UserError
from coordinator.runtime.batch import (
    BatchTask,
    LimitedProvider,
    batch_exit_code,
    load_tasks,
    run_batch,
)

CHAIN = {
    "backend": [
        {"latency_ms": 40, "text": blocked("Database", "User schema")},
        {"latency_ms": 40, "expect": "[coordinator:resume]", "text": report("Complete")},
    ],
    "dba": [{"latency_ms": 40, "text": "email: str\n" + report("Complete", "Schema")}],
}


async def test_twenty_sessions_share_a_limit_of_five_model_calls(tmp_path: Path) -> None:
    model = scripted(CHAIN)
    limited = LimitedProvider(model, 5)
    h = Harness(tmp_path, {}, provider=limited)
    tasks = [BatchTask(f"Endpoint number {i}", "backend") for i in range(20)]
    items = await run_batch(h.engine, tasks)
    assert [i.result.status if i.result else i.error for i in items] == ["complete"] * 20
    assert limited.peak == 5  # the limit was reached and never passed
    assert len(model.model.calls) == 60  # 20 chains x 3 calls
    assert len({i.result.session_id for i in items if i.result}) == 20
    assert batch_exit_code(items) == 0


async def test_a_user_error_in_one_task_does_not_stop_the_others(tmp_path: Path) -> None:
    h = Harness(tmp_path, CHAIN)
    items = await run_batch(
        h.engine, [BatchTask("Endpoint", "backend"), BatchTask("Endpoint", "nobody")]
    )
    assert items[0].result is not None and items[0].result.status == "complete"
    assert items[1].error is not None and "unknown agent: nobody" in items[1].error
    assert batch_exit_code(items) == 4


def test_batch_files_accept_strings_and_mappings_and_reject_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(["Add login", {"request": "Add logout", "agent": "backend"}]))
    assert load_tasks(good) == [BatchTask("Add login"), BatchTask("Add logout", "backend")]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(["ok", {"reqest": "typo"}]))
    with pytest.raises(UserError, match=r"bad.yaml:2: item 2 must be"):
        load_tasks(bad)
    examples = Path(__file__).resolve().parents[1] / "examples" / "batch-tasks.yaml"
    assert len(load_tasks(examples)) >= 3


def test_cli_batch_runs_every_request_and_reports_the_peak(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", CHAIN)
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(
        yaml.safe_dump([{"request": f"Task {i}", "agent": "backend"} for i in range(8)])
    )
    proc = coord(
        "run", "--batch", tasks, "--concurrency", "3", "--workspace", ws, "--agents-dir", agents,
        "--only", "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["peak_in_flight"] == 3
    assert [i["status"] for i in out["items"]] == ["complete"] * 8
    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    assert len(listed) == 8
