"""Review of walk14's output and bad-input fixes (review18): each defect found, with the
test that failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from rich.cells import cell_len

#: An escape sequence an agent (or a file it wrote) could plant: a clipboard write, a clear.
PLANTED = "\x1b]52;c;cHduZWQ=\x07\x1b[2J"
#: Text that must be shown as written: Ukrainian, an emoji sequence, Hebrew, a combining mark.
LEGIT = "Привіт 👩\u200d💻 שלום e\u0301"


def _batch(tmp_path: Path, items: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Run ``items`` as a batch in 80 columns; its exit code and the table's lines."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    batch = tmp_path / "tasks.yaml"
    batch.write_text(json.dumps(items), encoding="utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = coord(
        "run", "--batch", batch, "--workspace", ws, "--agents-dir", agents, "--only",
        "--script", script, env={"COLUMNS": "80"},
    )  # fmt: skip
    return proc.returncode, proc.stdout.splitlines()


def test_a_batch_request_holding_escape_sequences_keeps_to_80_columns(tmp_path: Path) -> None:
    """rich measured ESC as no column, then the console showed it as U+FFFD (one column):
    a request holding escape sequences pushed its row past 80 columns, so a terminal
    folded it. The text is made printable before it is measured."""
    request = f"Add an endpoint {PLANTED} {PLANTED} {PLANTED} for the health of the database"
    code, lines = _batch(tmp_path, [{"request": request, "agent": "backend"}])
    assert code == 0
    assert len(lines) == 2 and all(cell_len(line) <= 80 for line in lines), lines
    assert "\ufffd]52;c;" in lines[1] and "\x1b" not in "".join(lines)


def test_a_failed_batch_tasks_request_keeps_to_one_line(tmp_path: Path) -> None:
    """A task that could not start had its request folded over lines in 80 columns (the
    others' requests were clipped to one): now clipped too, its error on the line below."""
    long = "What should I cook for dinner tonight with the vegetables left in the fridge"
    code, lines = _batch(tmp_path, [{"request": long}])  # no agent fits it
    assert code != 0
    _head, row, error, *_rest = lines  # its error wrapped below it
    assert "What should I cook" in row and row.rstrip().endswith("…"), lines
    assert error.strip().startswith("no agent fits this request")
    assert row.index("What should") == error.index("no agent fits")


def test_hook_commands_and_rules_from_workspace_settings_are_shown_as_text(
    tmp_path: Path,
) -> None:
    """``coord run`` lists the active hooks and permission rules on stderr; those of
    ``.claude/settings.json`` (a file an agent could have written) were printed raw, so
    a planted OSC 52 clipboard write or screen clear reached the terminal."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    (ws / ".claude").mkdir(exist_ok=True)
    hook = {"matcher": "Write", "hooks": [{"type": "command", "command": f"true #{PLANTED}"}]}
    settings = {"hooks": {"PreToolUse": [hook]}, "permissions": {"deny": [f"Bash(rm{PLANTED})"]}}
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    proc = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", script,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "true #\ufffd]52;c;cHduZWQ=\ufffd\ufffd[2J" in proc.stderr
    assert "Bash(rm\ufffd]52;c;" in proc.stderr


def test_tabs_in_the_agents_final_text_are_printed_as_written(tmp_path: Path) -> None:
    """``coord run … > notes.md``: a tab in the agent's text (a Makefile recipe, a TSV)
    became spaces, so the saved recipe no longer ran; the text is printed as written
    (behind the gutter since tidy51; ``--json`` holds it bare)."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    text = report("Complete") + f"\n```make\nall:\n\techo hi\n```\nname\tvalue\n{LEGIT}\n"
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text}]})
    proc = coord(
        "run", "Add it", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--script", script,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "│ \techo hi" in lines and "│ name\tvalue" in lines and f"│ {LEGIT}" in lines


def test_parse_reads_stdin_beside_a_folder_named_dash(tmp_path: Path) -> None:
    """``… | coord parse -`` in a folder holding one named ``-`` said "-: is a directory":
    walk14's folder check came before the stdin case. ``-`` is standard input."""
    (tmp_path / "-").mkdir()
    proc = coord("parse", "-", "--json", cwd=tmp_path, stdin=report("Complete"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "complete"


@pytest.mark.parametrize("existing", [False, True])
def test_a_disk_filling_during_the_demo_copy_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    """``coord demo --workspace DIR`` on a disk that fills up mid-copy: shutil's error
    listed every file's (source, target, message) on the error line, and an empty DIR
    given kept the half copy, so running it again said "is not empty". Now one reason,
    and DIR is as it was."""
    import errno
    import shutil

    copied: list[str] = []
    real = shutil.copyfile

    def filling(src: str, dst: str, *args: object, **kwargs: object) -> str:
        if len(copied) >= 2:
            raise OSError(errno.ENOSPC, "No space left on device", dst)
        copied.append(dst)
        return real(src, dst)

    monkeypatch.setattr(shutil, "copyfile", filling)
    target = tmp_path / "taskboard"
    if existing:
        target.mkdir()
    proc = coord("demo", "--workspace", target, cwd=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.splitlines() == [
        f"error: cannot copy the demo's sample project to {target}: No space left on device",
        "Pass a writable folder with --workspace (or free some space).",
    ]
    assert (list(target.iterdir()) == []) if existing else not target.exists()


@pytest.mark.parametrize("command", ["route", "run"])
def test_a_skipped_agent_file_named_with_an_escape_sequence_is_shown_as_text(
    tmp_path: Path, command: str
) -> None:
    """An agent can write a broken file into the workspace's ``.claude/agents`` under a
    name holding an escape sequence; every later ``coord route`` and ``run`` named it in
    its "agent files skipped" warning, raw, so the terminal obeyed it."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    planted = ws / ".claude" / "agents" / f"x{PLANTED}.md"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("---\nname: [\n---\n", encoding="utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    args = ("--agent", "backend", "--workspace", ws, "--script", script) if command == "run" else ()
    proc = coord(command, "Add an endpoint", "--agents-dir", agents, *args, cwd=ws)
    assert "agent file skipped" in proc.stderr, proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr


def test_a_workers_lines_are_text_only(capsys: pytest.CaptureFixture[str]) -> None:
    """``coord worker`` logs a failed session's error, a resume note and a queued row's
    workspace on stderr; each may hold what an agent wrote, and was written raw."""
    from coordinator.runtime import worker

    worker.log_line(f"failed 0123abcd: unknown agent x{PLANTED}")
    _, line = capsys.readouterr().err.split(" ", 1)  # after its time (ops67)
    assert line == "failed 0123abcd: unknown agent x\ufffd]52;c;cHduZWQ=\ufffd\ufffd[2J\n"


def test_the_transcript_keeps_each_line_and_tab_as_written(tmp_path: Path) -> None:
    """``coord log --transcript > t.txt`` cut the agent's lines at 80 columns and turned
    its tabs into spaces, as ``coord run`` did before walk14 printed its text as written:
    a code line or a Makefile recipe in the transcript no longer read as written."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    code = "    result = session.execute(select(Task).options(joinedload(Task.owner))).scalar_one()"
    text = report("Complete") + f"\n```\n{code}\nall:\n\techo hi\n```\n{LEGIT}\n"
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text}]})
    base = ("--workspace", ws)
    ran = coord(
        "run", "Add it", "--agent", "backend", *base, "--agents-dir", agents, "--only",
        "--script", script,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    proc = coord("log", "--transcript", *base, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()  # each further line behind the gutter (tidy48), whole
    assert f"│ {code}" in lines and "│ \techo hi" in lines and f"│ {LEGIT}" in lines


def test_the_mcp_resume_tool_refuses_a_blank_answer_as_coord_resume_does(
    tmp_path: Path,
) -> None:
    """``coord mcp``'s ``resume`` was held to the size limit as ``coord resume`` is, but
    not to a blank answer: "   " resumed the session with nothing, and the question it
    waited on was lost. It is refused, and the session still waits."""
    import asyncio

    from coordinator.errors import UserError
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "w.yaml", {"backend": [{"text": blocked("Docs", "Where")}]})
    waiting = coord(
        "run", "Document the API", "--agent", "backend", "--workspace", ws,
        "--agents-dir", agents, "--only", "--json", "--script", script,
    )  # fmt: skip
    assert waiting.returncode == 3, waiting.stderr
    session = json.loads(waiting.stdout)["session"]
    done = write_script(tmp_path / "d.yaml", {"backend": [{"text": report("Complete")}]})
    service = CoordinatorService(ServiceOptions(ws, choice=ModelChoice("scripted", done)))
    with pytest.raises(UserError, match="the answer is empty"):
        asyncio.run(service.resume(session, " \n\t "))
    shown = coord("sessions", "--workspace", ws, "--json")
    assert [s["status"] for s in json.loads(shown.stdout)] == ["waiting"]
