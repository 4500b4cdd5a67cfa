"""PowerShell command hooks (``"shell": "powershell"``): run with the ``pwsh`` on PATH
(here a fake one, a real script recording how it was called), as Claude Code runs them;
without one, a single warning names the hook and its file, and the hook is skipped
without blocking anything."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from kit import report
from test_hooks import WRITE, Run

from coordinator.runtime.hook_run import NO_PWSH

DONE = report("Complete", "Done")


def powershell_hook(command: str) -> Any:
    entry = {"type": "command", "command": command, "shell": "powershell", "timeout": 60}
    return {"PreToolUse": [{"matcher": "Write", "hooks": [entry]}]}


def fake_pwsh(folder: Path, record: Path) -> Path:
    """A ``pwsh`` that records its arguments and stdin, and refuses the call (exit 2)."""
    folder.mkdir()
    pwsh = folder / "pwsh"
    pwsh.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$@\" > {record}.args\n"
        f"cat > {record}.stdin\n"
        "echo 'refused by PowerShell' >&2\n"
        "exit 2\n",
        encoding="utf-8",
    )
    pwsh.chmod(0o755)
    return pwsh


async def test_a_powershell_hook_runs_with_pwsh_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "pwsh"
    fake_pwsh(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    command = "Write-Error 'no'; exit 2"
    agents = {
        "backend": [{"tool_calls": [WRITE]}, {"expect": "refused by PowerShell", "text": DONE}]
    }
    r = Run(tmp_path, agents, powershell_hook(command))
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete"
    r.provider.model.assert_complete()
    assert not (r.ws / "notes.txt").exists()  # refused by the hook's exit 2
    args = (tmp_path / "pwsh.args").read_text().splitlines()
    assert args == ["-NoProfile", "-NonInteractive", "-Command", command]
    given = json.loads((tmp_path / "pwsh.stdin").read_text())
    assert (given["hook_event_name"], given["tool_name"]) == ("PreToolUse", "Write")
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["exit_code"]) == ("blocked", 2)


async def test_without_pwsh_one_warning_names_the_hook_and_it_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no pwsh anywhere (bash is found by its path)
    command = "Write-Output 'never'"
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, powershell_hook(command))
    warnings = r.engine.hooks.hooks.warnings  # type: ignore[union-attr]
    [warning] = [w for w in warnings if "pwsh" in w]
    assert "settings.json" in warning and command in warning and "PreToolUse" in warning

    result = await r.engine.start("Write notes", agent="backend")
    assert result.status == "complete"
    assert (r.ws / "notes.txt").read_text() == "hello"  # skipped: nothing blocked
    [event] = r.hook_events(result.session_id)
    assert (event["outcome"], event["note"]) == ("skipped", NO_PWSH)
