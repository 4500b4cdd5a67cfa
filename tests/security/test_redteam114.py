"""redteam114: what coord itself runs or reads on the workspace, outside the sandbox, after a
hostile agent prepared it (its tool calls scripted turns of the real engine, its commands in
real bubblewrap, real git, the session in real SQLite).

A sandboxed command may ``git commit`` in the workspace's repository (only git's settings,
hooks and attributes are kept from it), and so choose what HEAD holds at every path,
protected ones too (``.claude/hooks/check.sh``), without touching the file on disk. A
worktree run (``isolation: worktree``) checks HEAD out, and a user's hook (or server) that
names a protected file by a relative path ran the worktree's copy: the agent's, as the
user, outside any sandbox, though coord tells users to keep hook scripts in
``.claude/hooks/`` because agents cannot write there. In a worktree run's checkout a
protected file is now the user's only where it holds what the workspace has
(``command_files._agents_may_write``); else the hook runs confined, as one an agent wrote.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, needs_git, run, said, workspace
from kit import git_init, needs_bwrap, report, write_script

from coordinator.mcp.config import ServerConfig, Transport, agents_code
from coordinator.runtime.run_scope import conflict_note
from coordinator.runtime.worktree import MergeResult
from coordinator.status import MergeStatus
from coordinator.tools.command_files import writable_file_named

#: The user's own hook (in ~/.claude/settings.json): runs the project's script, by a path
#: relative to where it runs.
USERS_HOOK = "sh .claude/hooks/check.sh"
#: The checkout whose ``coordinator`` a child ``coord`` runs.
ROOT = Path(__file__).resolve().parents[2]
#: A Read the worktree run makes (its PreToolUse hook fires first).
READ = {"tool_calls": [{"name": "Read", "input": {"file_path": ".gitignore"}}]}


def _hooked(ws: Path, home: Path, users: Path) -> None:
    """``ws`` a repository whose committed ``.claude/hooks/check.sh`` writes ``users``, and
    the user's PreToolUse hook running it."""
    hooks = ws / ".claude" / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "check.sh").write_text(f"echo user > {users}\n", encoding="utf-8")
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    hook = {"type": "command", "command": USERS_HOOK}
    settings = {"hooks": {"PreToolUse": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")


def _commit_script(mark: Path) -> str:
    """A command committing, as HEAD's ``.claude/hooks/check.sh``, a script writing ``mark``
    (the file on disk left as it is: only git's index and objects written)."""
    return (
        f"b=$(printf 'touch {mark}\\n' | git hash-object -w --stdin)"
        " && git update-index --cacheinfo 100644,$b,.claude/hooks/check.sh"
        " && git -c user.name=a -c user.email=a@a commit -qm tidy && echo committed"
    )


@needs_bwrap
@needs_git
def test_a_protected_script_an_agent_committed_does_not_run_as_the_user_in_a_worktree_run(
    tmp_path: Path,
) -> None:
    ws, home = workspace(tmp_path)
    users, mark = tmp_path / "user-ran", tmp_path / "agent-ran"
    _hooked(ws, home, users)
    provider = run(ws, home, backend(), [bash(_commit_script(mark)), DONE])
    assert "committed" in said(provider, 1)
    assert users.read_text() == "user\n" and not mark.exists()  # (the workspace's script)
    users.unlink()

    run(ws, home, backend(isolation="worktree"), [READ, DONE], request="Read it")

    assert not mark.exists(), "the agent's committed script ran as the user"
    assert not users.exists()  # (confined: the sandbox writes nothing outside)


@needs_bwrap
@needs_git
def test_guard_the_users_own_script_still_runs_as_the_user_in_a_worktree_run(
    tmp_path: Path,
) -> None:
    """Guard: where HEAD holds what the workspace has, the hook runs as the user."""
    ws, home = workspace(tmp_path)
    users = tmp_path / "user-ran"
    _hooked(ws, home, users)
    run(ws, home, backend(isolation="worktree"), [READ, DONE], request="Read it")
    assert users.read_text() == "user\n"


def protected_checkout(tmp_path: Path, name: str, text: str) -> tuple[Path, Path]:
    """A repository ``ws`` holding ``text`` as its protected ``.claude/hooks/NAME``,
    committed, and a worktree ``tree`` of it (as a worktree run checks it out)."""
    ws = tmp_path / "ws"
    (ws / ".claude" / "hooks").mkdir(parents=True)
    (ws / ".claude" / "hooks" / name).write_text(text, encoding="utf-8")
    git_init(ws)
    tree = tmp_path / "tree"
    subprocess.run(["git", "worktree", "add", "-q", str(tree)], cwd=ws, check=True)
    return ws, tree


@needs_git
def test_a_server_run_in_a_worktree_from_a_protected_file_is_the_users_only_as_in_the_workspace(
    tmp_path: Path,
) -> None:
    """A user's stdio server ``python .claude/hooks/srv.py`` of a worktree run runs in its
    worktree: the checkout's file counts as an agent's unless the workspace holds the same."""
    ws, tree = protected_checkout(tmp_path, "srv.py", "print('user')\n")
    server = ServerConfig(
        "srv", Transport.STDIO, "~/.claude.json", True, "python3", (".claude/hooks/srv.py",)
    )
    assert agents_code(server, (ws, tree)) is None  # the same bytes: the user's
    (tree / ".claude" / "hooks" / "srv.py").write_text("print('agent')\n", encoding="utf-8")
    assert str(agents_code(server, (ws, tree))).startswith(".claude/hooks/srv.py as the run's")
    assert writable_file_named(tree, ["sh", ".claude/hooks/srv.py"]) is None  # (no workspace)


def _zlib_bomb(declared: int, inflated: int) -> bytes:
    """A loose object's zlib stream whose header says ``blob DECLARED`` and that inflates to
    ``inflated`` bytes of zeros more (no end: coord on the start tree inflated it whole
    before finding it incomplete), in about ``inflated / 1000`` bytes."""
    deflate, zeros = zlib.compressobj(9), bytes(1 << 20)
    head = deflate.compress(b"blob %d\0" % declared) + deflate.flush(zlib.Z_FULL_FLUSH)
    deflate.compress(zeros)
    deflate.flush(zlib.Z_FULL_FLUSH)  # (the first block differs: it has no history yet)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    return head + block * (inflated >> 20)


def _limited() -> None:
    """A child's address space held to 2 GB: what coord would allocate past it fails."""
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


#: An agent working in a worktree, with Bash.
ISOLATED = (
    "---\nname: iso\ndescription: Works in a worktree\ntools: Read, Bash\n"
    "isolation: worktree\n---\nYou work.\n"
)


def _limited_run(
    tmp_path: Path, ws: Path, agents: Path, home: Path, script: Path
) -> subprocess.CompletedProcess[str]:
    """``coord run`` of agent ``iso`` in ``ws``, a process of its own held to a 2 GB
    address space (:func:`_limited`)."""
    env = {**os.environ, "HOME": str(home), "MALLOC_ARENA_MAX": "2", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-P", "-m", "coordinator", "run", "Do it", "--agent", "iso",
         "-w", str(ws), "--agents-dir", str(agents), "--only", "--provider", "scripted",
         "--script", str(script), "--allow-bash"],
        cwd=tmp_path, env=env, capture_output=True, text=True, preexec_fn=_limited, check=False,
    )  # fmt: skip


@needs_bwrap
@needs_git
@pytest.mark.parametrize("declared", [10, 4 << 30])
def test_a_loose_object_bomb_in_a_worktree_runs_store_is_never_inflated_whole(
    tmp_path: Path, declared: int
) -> None:
    """After each command of a worktree run coord takes the objects its commands wrote in
    the run's store into the repository, checking each loose one hashes to its name. It
    inflated the file in one piece: 4 MB of zlib, 4 GB of zeros, had coord (outside the
    sandbox) allocate gigabytes (2.5 GB resident, then MemoryError: the run ended with a
    traceback). Now read and inflated a megabyte at a time, refused at once when it
    inflates past the size its header declares, or declares more than git writes loose."""
    ws, agents, home = tmp_path / "ws", tmp_path / "agents", tmp_path / "home"
    for folder in (ws, agents, home):
        folder.mkdir()
    (agents / "iso.md").write_text(ISOLATED, encoding="utf-8")
    (ws / "bomb.z").write_bytes(_zlib_bomb(declared, 4 << 30))
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    plant = 'mkdir -p "$GIT_OBJECT_DIRECTORY/ab" && cp bomb.z "$GIT_OBJECT_DIRECTORY/ab/{}"'
    turns = [bash(plant.format("c" * 38)), {"text": report("Complete", "Done")}]
    done = _limited_run(
        tmp_path, ws, agents, home, write_script(tmp_path / "s.yaml", {"iso": turns})
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "is no object named by its content" in done.stdout + done.stderr, done.stdout


def _merges(ws: Path) -> list[dict[str, object]]:
    """The worktree merges a run in ``ws`` stored, in order."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'worktree_merge' ORDER BY seq")
        return [json.loads(row[0]) for row in rows]


@needs_bwrap
@needs_git
def test_a_sparse_file_of_a_worktree_run_is_neither_committed_nor_merged(tmp_path: Path) -> None:
    """A command's ``truncate -s`` makes a file of any size that holds nothing on disk;
    coord's ``git add -A`` (outside the sandbox, as the user) read it whole (~8 s of CPU a
    GB: a terabyte, hours) and its merge wrote it out, dense, in the user's workspace. Past
    the ``worktree_max_commit_mb`` setting (1 GiB) nothing is committed: the worktree is
    kept, the files named."""
    ws, home = workspace(tmp_path)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    run(ws, home, backend(isolation="worktree"), [bash("truncate -s 1536M big.bin"), DONE])
    [merge] = _merges(ws)
    assert merge["status"] == "conflict" and merge["files"] == ["big.bin"], merge
    assert "larger than coord commits" in str(merge["reason"]), merge
    assert not (ws / "big.bin").exists()
    kept = [p for p in (ws / ".git" / "coord-worktrees").glob("*/big.bin")]
    assert len(kept) == 1 and kept[0].stat().st_size == 1536 << 20  # (for a person)
    result = MergeResult(
        MergeStatus.CONFLICT, str(merge["branch"]), ["big.bin"], str(merge["reason"])
    )
    note = conflict_note(result)
    assert "neither committed nor merged" in note and str(kept[0].parent) in note, note


@needs_bwrap
@needs_git
def test_a_sparse_attribute_file_is_not_read_whole(tmp_path: Path) -> None:
    """Before committing, coord hashes the run's attribute files itself: a command's sparse
    ``.gitattributes`` of 64 GiB was read whole into coord's memory (MemoryError and a
    traceback in a 2 GB address space; else the machine's memory)."""
    ws, agents, home = tmp_path / "ws", tmp_path / "agents", tmp_path / "home"
    for folder in (ws, agents, home):
        folder.mkdir()
    (agents / "iso.md").write_text(ISOLATED, encoding="utf-8")
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    turns = [bash("truncate -s 64G .gitattributes"), {"text": report("Complete", "Done")}]
    done = _limited_run(
        tmp_path, ws, agents, home, write_script(tmp_path / "s.yaml", {"iso": turns})
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "larger than coord commits" in done.stdout + done.stderr, done.stdout


@needs_bwrap
@needs_git
def test_a_committed_link_from_a_protected_path_to_the_agents_file_runs_confined(
    tmp_path: Path,
) -> None:
    """HEAD's ``.claude/hooks/check.sh`` made a link (mode 120000) to a workspace file the
    agent writes: in the worktree it leads out of the checkout, into the workspace, where
    it is the agent's."""
    ws, home = workspace(tmp_path)
    users, mark = tmp_path / "user-ran", tmp_path / "agent-ran"
    _hooked(ws, home, users)
    command = (
        f"printf 'touch {mark}\\n' > evil.sh"
        f" && b=$(printf %s {ws}/evil.sh | git hash-object -w --stdin)"
        " && git update-index --cacheinfo 120000,$b,.claude/hooks/check.sh"
        " && git -c user.name=a -c user.email=a@a commit -qm tidy && echo committed"
    )
    provider = run(ws, home, backend(), [bash(command), DONE])
    assert "committed" in said(provider, 1)
    users.unlink()
    run(ws, home, backend(isolation="worktree"), [READ, DONE], request="Read it")
    assert not mark.exists(), "the agent's script, through HEAD's link, ran as the user"
