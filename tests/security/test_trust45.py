"""Trust boundary, trust45: what an agent file a cloned repository ships (or an agent wrote
where a later run reads it) can make coord's own output do on the user's terminal.

An agent's name is checked only for control characters (a name that is not lower-case
words and hyphens is a warning, and the file is loaded), so it may hold rich markup:
``[link=https://…]…[/link]`` printed through markup became an OSC 8 hyperlink, coord's
own line pointing the user at the repository author's site (and ``[conceal]`` hid text).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from hostile import backend, bash, run
from kit import git, git_init, needs_bwrap, report, workspace, write_script

#: The markup a hostile agent file puts in its name: a terminal hyperlink when read as markup
#: (no ':' in it, no scheme: a name holding ':' is skipped, as Claude Code skips it).
LINKED = "database-expert [link=evil.example/x]see[/link]"

#: OSC 8, the terminal's hyperlink escape.
HYPERLINK = "\x1b]8;"


def _roster(folder: Path) -> Path:
    folder.mkdir()
    (folder / "db.md").write_text(
        f'---\nname: "{LINKED}"\ndescription: PostgreSQL database specialist for schema '
        "design, SQL tables, columns, migrations and indexes.\n---\nYou are the DBA.\n",
        encoding="utf-8",
    )
    (folder / "fe.md").write_text(
        "---\nname: react-frontend\ndescription: React frontend specialist for React "
        "components, lists, forms, hooks and UI state in the browser.\n---\nYou build UIs.\n",
        encoding="utf-8",
    )
    return folder


def test_an_agents_name_prints_as_written_not_as_a_terminal_hyperlink(tmp_path: Path) -> None:
    """``coord run``'s "also involves" line names the other specialists the request needs:
    a name holding markup is shown as its characters, on a colour terminal too."""
    ws = workspace(tmp_path)
    agents = _roster(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"react-frontend": [{"text": report("Complete")}]})
    ran = coord(
        "run",
        "Add a column to the tasks table and show it in the React list",
        *("--workspace", ws, "--agents-dir", agents, "--only"),
        *("--provider", "scripted", "--script", script),
        env={"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"},  # type: ignore[dict-item]
    )
    assert ran.returncode == 0, ran.stderr
    also = [line for line in ran.stdout.splitlines() if "also involves" in line]
    assert also, ran.stdout  # the line this is about was printed
    assert HYPERLINK not in ran.stdout
    assert LINKED in also[0]


def test_a_commands_line_breaks_fake_no_progress_line(tmp_path: Path) -> None:
    """A progress line names each tool call, a command by its text: its lines are joined,
    so a command cannot add lines that read as coord's own (another run "complete", a
    session's exit). A CI log or a pipe gets these lines on stderr."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\ntools: Read, Bash\n---\nBackend.\n",
        encoding="utf-8",
    )
    forged = "true\n[deadbeef] backend complete\r\ncomplete  session deadbeef0000  exit 0"
    turns = [{"tool_calls": [{"name": "Bash", "input": {"command": forged}}]}]
    script = write_script(tmp_path / "s.yaml", {"backend": [*turns, {"text": report("Complete")}]})
    ran = coord(
        "run", "Add tasks", "--agent", "backend",
        *("--workspace", ws, "--agents-dir", agents, "--only"),
        *("--provider", "scripted", "--script", script),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    lines = ran.stderr.splitlines()
    called = [line for line in lines if "backend: refused: Bash" in line]  # (Bash off:
    assert len(called) == 1, ran.stderr  # the call's line, and only one; daily81: its refusal)
    assert called[0].endswith(
        "Bash true [deadbeef] backend complete complete session deadbeef0000 exit 0"
        " (Bash off without --allow-bash)"
    )
    assert not any(line.startswith(("[deadbeef]", "complete  session")) for line in lines)


# ---- the user's git hooks folder in the work tree (core.hooksPath) ----------------------


#: A hook the user's own git would run, as the user, outside any sandbox.
def _hook(marker: Path) -> str:
    return f"#!/bin/sh\necho ran >> {marker}\n"


def _hooks_repo(tmp_path: Path) -> Path:
    """A repository whose configuration runs hooks from ``.githooks`` in the work tree (as a
    project's README says to set up: ``git config core.hooksPath .githooks``), its
    ``pre-commit`` committed, executable."""
    ws = tmp_path / "ws"
    (ws / ".githooks").mkdir(parents=True)
    (ws / "app.py").write_text("print('hi')\n", encoding="utf-8")
    pre_commit = ws / ".githooks" / "pre-commit"
    pre_commit.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    pre_commit.chmod(0o755)
    git_init(ws)
    git(ws, "config", "core.hooksPath", ".githooks")
    return ws


def test_no_tool_rewrites_a_hook_of_the_users_git_in_the_work_tree(tmp_path: Path) -> None:
    """Write and Edit refuse the folder ``core.hooksPath`` names, as they refuse
    ``.git/hooks``: the committed ``pre-commit`` keeps its executable bit when rewritten,
    and the user's next ``git commit`` ran what the agent put there."""
    ws = _hooks_repo(tmp_path)
    marker = tmp_path / "ran"
    write = {
        "name": "Write",
        "input": {"file_path": ".githooks/pre-commit", "content": _hook(marker)},
    }
    provider = run(
        ws, tmp_path / "home", backend(), [{"tool_calls": [write]}, {"text": report("Complete")}]
    )
    (result,) = provider.model.calls[-1].messages[-1]["content"]
    assert result["is_error"] and ".githooks" in result["content"], result
    assert (ws / ".githooks" / "pre-commit").read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    git(ws, "commit", "-q", "--allow-empty", "-m", "the agent's work")
    assert not marker.exists()


@needs_bwrap
@pytest.mark.parametrize("made", [True, False], ids=["folder-there", "folder-missing"])
def test_a_command_plants_no_hook_the_users_git_status_runs(tmp_path: Path, made: bool) -> None:
    """A command cannot put a hook in the ``core.hooksPath`` folder (read-only to it; one
    it made where the folder was missing is removed after it): ``post-index-change`` there
    ran as the user at the user's next ``git status``."""
    ws = _hooks_repo(tmp_path)
    if not made:
        git(ws, "rm", "-q", "-r", ".githooks")
        git(ws, "commit", "-q", "-m", "no hooks yet")
    marker = tmp_path / "ran"
    hook = ws / ".githooks" / "post-index-change"
    plant = (
        f"mkdir -p .githooks; printf '{_hook(marker)}' > .githooks/post-index-change; "
        "chmod +x .githooks/post-index-change; echo changed >> app.py; true"
    )
    run(ws, tmp_path / "home", backend(), [bash(plant), {"text": report("Complete")}])
    assert (ws / "app.py").read_text(encoding="utf-8").endswith("changed\n")  # the command ran
    git(ws, "status", "--short")
    assert not hook.exists()
    assert not marker.exists()


@needs_bwrap
def test_a_worktree_run_brings_no_hook_into_the_users_checkout(tmp_path: Path) -> None:
    """A worktree run's hooks folder is protected where the worktree has it: a command
    writing a hook there (and committing it with git's plumbing, which passes a read-only
    folder by) leaves none in what is merged into the user's checkout."""
    ws = _hooks_repo(tmp_path)
    marker = tmp_path / "ran"
    hook = ".githooks/post-index-change"
    plant = (
        f"printf '{_hook(marker)}' > {hook}; chmod +x {hook}; "
        f"blob=$(printf '{_hook(marker)}' | git hash-object -w --stdin) && "
        f"git update-index --add --cacheinfo 100755,$blob,{hook} && "
        "git commit -q -m 'add a hook'; echo changed >> app.py; echo done"
    )
    agent = backend(isolation="worktree")
    provider = run(ws, tmp_path / "home", agent, [bash(plant), {"text": report("Complete")}])
    assert "done" in str(provider.model.calls[-1].messages[-1])
    assert (ws / "app.py").read_text(encoding="utf-8").endswith("changed\n")  # merged
    assert not (ws / hook).exists()
    git(ws, "status", "--short")
    assert not marker.exists()
