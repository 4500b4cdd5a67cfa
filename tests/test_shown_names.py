"""A file name holding a newline or another control character is shown escaped, one way
everywhere a name is shown (``sanitize.shown_name``): the run's "Files changed" line, its
progress lines, a worktree's notes, ``coord parse``'s files; what is stored and printed as
JSON keeps the name as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import report, write_agents, write_script

from coordinator.cli.views import scope_note
from coordinator.runtime import worktree
from coordinator.runtime.run_scope import conflict_note
from coordinator.runtime.worktree import MergeResult, MergeStatus
from coordinator.sanitize import shown_name, shown_word

#: A name that would print a line of its own, coloured red.
FAKE = "ok.txt\nFiles changed: none\x1b[31m"
SHOWN = '"ok.txt\\nFiles changed: none\\x1b[31m"'


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("app/main.py", "app/main.py"),
        ("docs/Звіт 1.md", "docs/Звіт 1.md"),
        (FAKE, SHOWN),
        ("a\tb\rc", '"a\\tb\\rc"'),
        ("evil\u202etxt.exe", '"evil\\u202etxt.exe"'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
    ],
)
def test_a_name_is_shown_as_it_is_or_quoted_with_c_escapes(name: str, shown: str) -> None:
    assert shown_name(name) == shown
    assert "\n" not in shown_name(name) and "\x1b" not in shown_name(name)


def test_a_name_in_a_shell_command_is_quoted_for_the_shell_unless_escaped() -> None:
    assert shown_word("a b.py") == "'a b.py'"
    assert shown_word(FAKE) == SHOWN


def test_a_worktrees_notes_show_each_name_on_the_line() -> None:
    files = ["app.py", FAKE]
    data = {"status": "conflict", "branch": "coord/x", "files": files, "reason": "conflict"}
    note = scope_note("worktree_merge", data)
    assert note is not None and "\n" not in note and f"-- app.py {SHOWN}`" in note
    for detail in ("merge failed", worktree._PROTECTED_DETAIL):  # tried, or held back
        shown = conflict_note(MergeResult(MergeStatus.CONFLICT, "coord/x", files, detail))
        assert "\n" not in shown and f"files: app.py, {SHOWN})" in shown
    held = conflict_note(MergeResult(MergeStatus.CONFLICT, "b", files, worktree._PROTECTED_DETAIL))
    assert f"git diff HEAD...b -- app.py {SHOWN}`" in held


def test_a_run_shows_a_file_name_escaped_and_keeps_it_as_it_is(tmp_path: Path) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    write = {"name": "Write", "input": {"file_path": FAKE, "content": "x"}}
    script = {"backend": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    path = write_script(tmp_path / "s.yaml", script)
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = ("--agents-dir", agents, "--only", "--workspace", ws, "--script", path)
    ran = coord("run", "Add a FastAPI endpoint", *flags, env={"COLUMNS": "300"})
    assert ran.returncode == 0, ran.stderr
    assert (ws / FAKE).read_text(encoding="utf-8") == "x"  # the name as the agent wrote it
    changed = [line for line in ran.stdout.splitlines() if line.startswith("Files changed")]
    assert changed == [f"Files changed: {SHOWN}"]
    assert "Files changed: none" not in ran.stdout.replace(SHOWN, "")  # only escaped
    assert f"files changed: {SHOWN}" in ran.stdout  # the tree's line of the run (audit45)
    assert f"backend: Write {SHOWN}" in ran.stderr.splitlines()[2]
    (ws / FAKE).unlink()  # written afresh: a write of what a file holds changes nothing
    as_json = coord("run", "Add a FastAPI endpoint", *flags, "--json")
    assert json.loads(as_json.stdout)["files"] == [FAKE]
