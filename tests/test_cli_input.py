"""Input a developer expects: requests from stdin or a file, size limits, empty requests,
``--script`` alone, config typos, and a ``.gitignore`` in the store's folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
import zygote
from cli import coord
from kit import report, write_agents, write_script

LIMIT_CONFIG = "max_request_bytes: 1000\n"


@pytest.fixture
def small_limit(tmp_path: Path) -> dict[str, str]:
    """A user config (outside the workspace) lowering the request limit to 1000 bytes."""
    config = tmp_path / "user-config.yaml"
    config.write_text(LIMIT_CONFIG, encoding="utf-8")
    return {"COORDINATOR_CONFIG": str(config)}


def run_args(tmp_path: Path, *request: str) -> list[str | Path]:
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    return ["run", *request, "--workspace", ws, "--agents-dir", agents, "--only",
            "--script", script, "--agent", "backend", "--json"]  # fmt: skip


def test_route_reads_standard_input_and_a_file(tmp_path: Path) -> None:
    request = "Add an index\non tasks.assignee_id\nfor the slow query"
    piped = coord("route", "-", "--json", cwd=tmp_path, stdin=request)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["agent"] == "database-engineer"
    path = tmp_path / "request.txt"
    path.write_text(request, encoding="utf-8")
    from_file = coord("route", "--file", path, "--json", cwd=tmp_path)
    assert json.loads(from_file.stdout) == json.loads(piped.stdout)


def test_run_reads_a_multi_line_request_from_stdin(tmp_path: Path) -> None:
    request = "Add a login endpoint.\n\nIt takes an email\nand a password."
    proc = coord(*run_args(tmp_path, "-"), stdin=request)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    db = tmp_path / "ws/.coordinator/coordinator.db"
    log = coord("log", data["session"], "--json", "--db", db)
    assert request in log.stdout.replace("\\n", "\n")


def test_script_alone_implies_the_scripted_provider(tmp_path: Path) -> None:
    proc = coord(*run_args(tmp_path, "Add a login endpoint"), env={"ANTHROPIC_API_KEY": ""})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "complete"


@pytest.mark.parametrize("request_text", ["", "   \n\t "])
def test_an_empty_request_is_refused(tmp_path: Path, request_text: str) -> None:
    proc = coord(*run_args(tmp_path, request_text))
    assert proc.returncode == 4
    assert proc.stderr.startswith("error: the request is empty")
    assert not (tmp_path / "ws/.coordinator").exists()  # no session was started


def test_empty_stdin_is_refused(tmp_path: Path) -> None:
    proc = coord("route", "-", cwd=tmp_path, stdin="")
    assert proc.returncode == 4 and "standard input is empty" in proc.stderr


def test_a_request_over_the_limit_is_refused_with_its_size(
    tmp_path: Path, small_limit: dict[str, str]
) -> None:
    big = "add an endpoint " * 200  # 3200 bytes
    for args in (run_args(tmp_path, big), run_args(tmp_path, "-")):
        proc = coord(*args, env=small_limit, stdin=big)
        assert proc.returncode == 4
        assert "(3,200 bytes), over the 1,000 bytes limit" in proc.stderr, proc.stderr
    path = tmp_path / "big.txt"
    path.write_text(big, encoding="utf-8")
    proc = coord("route", "--file", path, env=small_limit, cwd=tmp_path / "ws")
    assert proc.returncode == 4 and f"{path} is 3 KB (3,200 bytes)" in proc.stderr
    assert not (tmp_path / "ws/.coordinator").exists()


def test_the_default_limit_refuses_a_megabyte(tmp_path: Path) -> None:
    proc = coord(*run_args(tmp_path, "-"), stdin="x" * 1_000_000)
    assert proc.returncode == 4 and "1,000,000 bytes" in proc.stderr


def test_a_batch_item_over_the_limit_is_refused(
    tmp_path: Path, small_limit: dict[str, str]
) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(yaml.safe_dump(["Add login", "x" * 2000]), encoding="utf-8")
    args = run_args(tmp_path, "--batch", str(batch))
    proc = coord(*args, env=small_limit)
    assert proc.returncode == 4
    assert f"{batch}:2: item 2 is 2 KB (2,000 bytes)" in proc.stderr
    assert not (tmp_path / "ws/.coordinator").exists()  # refused before any session


def test_request_and_file_together_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Add an index", encoding="utf-8")
    proc = coord("route", "Add an index", "--file", path, cwd=tmp_path)
    assert proc.returncode == 4 and "not both" in proc.stderr
    missing = coord("route", "--file", tmp_path / "nope.txt", cwd=tmp_path)
    assert missing.returncode == 4 and "cannot read --file" in missing.stderr


def test_a_config_typo_suggests_the_key(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("max_turn: 3\n", encoding="utf-8")
    proc = coord("route", "Add an index", "--config", config, cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.startswith(f"error: {config}:1: unknown setting 'max_turn'; did you mean "
                                  "max_turns?")  # fmt: skip
    assert "pydantic" not in proc.stderr and "Extra inputs" not in proc.stderr


def test_a_workspace_config_typo_points_outside_the_workspace(tmp_path: Path) -> None:
    (tmp_path / ".coordinator").mkdir()
    (tmp_path / ".coordinator/config.yaml").write_text("rooter: llm\nmax_turn: 3\n")
    proc = coord("route", "Add an index", cwd=tmp_path)
    assert "unknown setting 'rooter'; did you mean router?" in proc.stderr
    (tmp_path / ".coordinator/config.yaml").write_text("max_turn: 3\n")
    proc = coord("route", "Add an index", cwd=tmp_path)
    assert "did you mean max_turns? (it belongs in ~/.config/coordinator" in proc.stderr
    assert "A workspace config may hold only: agents_dirs, domains," in proc.stderr


def test_the_store_folder_gets_a_gitignore(tmp_path: Path) -> None:
    proc = coord(*run_args(tmp_path, "Add a login endpoint"))
    assert proc.returncode == 0, proc.stderr
    ignore = tmp_path / "ws/.coordinator/.gitignore"
    assert ignore.read_text(encoding="utf-8") == "*\n"


def test_an_existing_store_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "ws/.coordinator"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text("router: lexical\n", encoding="utf-8")
    proc = coord(*run_args(tmp_path, "Add a login endpoint"))
    assert proc.returncode == 0, proc.stderr
    assert not (folder / ".gitignore").exists()  # not ours: the user made this folder


def test_a_background_run_gets_the_request_read_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A detached run cannot read this process's stdin: the text read here is passed on."""
    zygote.fork_detached_runs(monkeypatch)
    import os
    import re

    ws = tmp_path / "ws"
    ws.mkdir()
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        "background: true\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    request = "Add a FastAPI endpoint\nfor the login page"
    ran = coord("run", "-", "--workspace", ws, "--agents-dir", agents, "--only",
                "--script", script, stdin=request)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    found = re.search(r"process (\d+)", ran.stdout)
    assert found is not None, ran.stdout
    _, status = zygote.waitpid(int(found.group(1)))  # the detached run is this test's child
    assert os.waitstatus_to_exitcode(status) == 0
    sessions = json.loads(coord("sessions", "--workspace", ws, "--json").stdout)
    shown = " ".join(request.split())  # sessions --json shows a one-line clip of the request
    assert [(s["status"], s["request"]) for s in sessions] == [("complete", shown)]


def test_a_file_without_a_size_is_read_bounded(tmp_path: Path) -> None:
    """A device (or a pipe) reports size 0: it is read only up to the limit, then counted."""
    proc = coord("route", "--file", "/dev/zero", cwd=tmp_path)
    assert proc.returncode == 4
    assert "/dev/zero is over 16.0 MB, over the 256 KB limit" in proc.stderr, proc.stderr
