"""bytes86: paths that are not UTF-8 (Linux takes any byte but ``/`` and NUL in a name).

A workspace whose own path is not UTF-8 is refused at the start, naming it: coord keeps a
workspace's path as text (the session index, hooks' ``cwd``, MCP roots) and could not find
the session again. File names inside a workspace that are not UTF-8 work: listed with
U+FFFD, named back that way by the model, and a worktree run's git reads them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli import Ran, coord
from kit import git, git_init, report, write_script

from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.runtime import worktree
from coordinator.serve.service import CoordinatorService, ServiceOptions
from coordinator.store.index import SessionIndex
from coordinator.tools import gitdirs, implicit
from coordinator.tools.base import ToolError
from coordinator.tools.workspace import resolve_in_workspace

#: ``café`` in Latin-1, as ``os.fsdecode`` reads the byte 0xe9 (surrogateescape).
CAFE = "caf\udce9"
#: How the model is shown it (and names it back): U+FFFD for the byte.
SHOWN = "caf\ufffd"


def _made(path: Path, *, folder: bool = False) -> Path:
    """``path`` made (a folder, or a file holding ``hello there``); the test is skipped
    where the file system refuses a name that is not UTF-8."""
    try:
        if folder:
            path.mkdir()
        else:
            path.write_bytes(b"hello there\n")
    except (OSError, UnicodeEncodeError) as exc:
        pytest.skip(f"the file system refuses a name that is not UTF-8: {exc}")
    return path


def _agents(tmp_path: Path, *, worktree_run: bool = False) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir()
    isolation = "isolation: worktree\n" if worktree_run else ""
    (agents / "web-dev.md").write_text(
        f"---\nname: web-dev\ndescription: Pages.\n{isolation}---\nBody.\n", encoding="utf-8"
    )
    return agents


def _run(
    tmp_path: Path, ws: Path, agents: Path, calls: list[dict[str, object]], *extra: str
) -> Ran:
    """``coord run --json`` of web-dev in ``ws``: ``calls``, then a Complete report."""
    turns = [{"tool_calls": calls}] if calls else []
    script = write_script(tmp_path / "s.yaml", {"web-dev": [*turns, {"text": report("Complete")}]})
    base = ("--agent", "web-dev", "--agents-dir", agents, "--only", "--script", script)
    return coord("run", "Fix the page", *base, "--workspace", ws, "--json", *extra, cwd=tmp_path)


# ---- the workspace's own path -----------------------------------------------------------


def test_a_run_in_a_workspace_whose_path_is_not_utf8_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    """``coord run`` there crashed with a traceback (UnicodeEncodeError writing the list of
    coord's folders) and left a ``.coordinator`` folder behind."""
    ws = _made(tmp_path / CAFE, folder=True)
    ran = _run(tmp_path, ws, _agents(tmp_path), [])
    assert ran.returncode == EXIT_USER_ERROR, ran.stderr
    said = json.loads(ran.stdout)
    assert said["error"].startswith(f"workspace {tmp_path}/caf\\xe9: its path is not UTF-8")
    assert "Rename the folder" in said["hint"]
    assert os.listdir(ws) == []  # no session folder, no session
    assert SessionIndex().find("") == []


def test_a_resume_in_such_a_workspace_is_refused_the_same_way(tmp_path: Path) -> None:
    ws = _made(tmp_path / CAFE, folder=True)
    ran = coord("resume", "--workspace", ws, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert f"workspace {tmp_path}/caf\\xe9: its path is not UTF-8" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_coord_mcps_service_refuses_such_a_workspace(tmp_path: Path) -> None:
    ws = _made(tmp_path / CAFE, folder=True)
    with pytest.raises(UserError, match=r"caf\\xe9: its path is not UTF-8"):
        CoordinatorService(ServiceOptions(workspace=ws))


def test_a_session_database_whose_path_is_not_utf8_is_refused(tmp_path: Path) -> None:
    """``--db`` there ran, and the index kept the path with U+FFFD: ``coord log ID`` then
    said the database "is gone" and its (UTF-8) workspace "was moved or deleted"."""
    ws = tmp_path / "ws"
    ws.mkdir()
    folder = _made(tmp_path / CAFE, folder=True)
    ran = _run(tmp_path, ws, _agents(tmp_path), [], "--db", str(folder / "s.db"))
    assert ran.returncode == EXIT_USER_ERROR, ran.stdout
    error = json.loads(ran.stdout)["error"]
    assert error.startswith(f"session database {tmp_path}/caf\\xe9/s.db: its path is not UTF-8")
    assert os.listdir(folder) == []


# ---- file names inside a workspace ------------------------------------------------------


def test_the_file_tools_find_a_name_shown_with_u_fffd(tmp_path: Path) -> None:
    """Glob listed ``caf\\xe9.txt`` as ``caf\ufffd.txt``; Read and Edit of that name said
    the file did not exist (only Bash could reach it)."""
    _made(tmp_path / f"{CAFE}.txt")
    _made(tmp_path / f"sub{CAFE}", folder=True)
    _made(tmp_path / f"sub{CAFE}" / "x.txt")
    assert resolve_in_workspace(tmp_path, f"{SHOWN}.txt") == tmp_path / f"{CAFE}.txt"
    found = resolve_in_workspace(tmp_path, f"sub{SHOWN}/x.txt")
    assert found == tmp_path / f"sub{CAFE}" / "x.txt"
    new = resolve_in_workspace(tmp_path, f"sub{SHOWN}/new.txt")  # a file to write there
    assert new == tmp_path / f"sub{CAFE}" / "new.txt"


def test_two_names_shown_alike_are_neither_taken(tmp_path: Path) -> None:
    _made(tmp_path / f"{CAFE}.txt")
    _made(tmp_path / "caf\udce8.txt")
    _made(tmp_path / f"sub{CAFE}", folder=True)
    _made(tmp_path / f"sub{CAFE}" / f"{CAFE}.txt")
    assert resolve_in_workspace(tmp_path, f"{SHOWN}.txt") == tmp_path / f"{SHOWN}.txt"
    found = resolve_in_workspace(tmp_path, f"sub{SHOWN}/{SHOWN}.txt")  # one there
    assert found == tmp_path / f"sub{CAFE}" / f"{CAFE}.txt"


def test_a_name_shown_with_u_fffd_outside_the_workspace_is_still_refused(
    tmp_path: Path,
) -> None:
    ws = _made(tmp_path / "ws", folder=True)
    _made(tmp_path / f"{CAFE}.txt")
    _made(ws / f"{CAFE}.txt")
    assert resolve_in_workspace(ws, f"{SHOWN}.txt") == ws / f"{CAFE}.txt"
    with pytest.raises(ToolError, match="outside the workspace"):
        resolve_in_workspace(ws, f"../{SHOWN}.txt")


def test_an_agent_reads_and_edits_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    _made(ws / f"{CAFE}.txt")
    edit = {"file_path": f"{SHOWN}.txt", "old_string": "there", "new_string": "again"}
    calls = [
        {"name": "Glob", "input": {"pattern": "*"}},
        {"name": "Read", "input": {"file_path": f"{SHOWN}.txt"}},
        {"name": "Edit", "input": edit},
    ]
    ran = _run(tmp_path, ws, _agents(tmp_path), calls)
    assert ran.returncode == 0, ran.stdout
    assert (ws / f"{CAFE}.txt").read_bytes() == b"hello again\n"
    assert json.loads(ran.stdout)["files"] == [f"{SHOWN}.txt"]


# ---- a worktree run in a repository holding such names ----------------------------------


def test_a_worktree_run_in_a_repository_with_a_name_not_utf8_edits_it(tmp_path: Path) -> None:
    """git's output was decoded as strict UTF-8: ``git ls-files`` listing ``caf\\xe9.txt``
    crashed the run with a UnicodeDecodeError traceback before the agent's first call."""
    ws = tmp_path / "ws"
    ws.mkdir()
    _made(ws / f"{CAFE}.txt")
    git_init(ws)
    edit = {"file_path": f"{SHOWN}.txt", "old_string": "there", "new_string": "again"}
    ran = _run(
        tmp_path, ws, _agents(tmp_path, worktree_run=True), [{"name": "Edit", "input": edit}]
    )
    assert ran.returncode == 0, ran.stdout
    assert (ws / f"{CAFE}.txt").read_bytes() == b"hello again\n"  # merged back
    assert git(ws, "status", "--porcelain") == ""


def test_a_worktree_runs_files_are_named_as_they_are_not_as_git_quotes_them(
    tmp_path: Path,
) -> None:
    """``git diff --name-only`` quotes a name with any byte past ASCII (``core.quotePath``):
    a worktree run writing ``café.txt`` said ``"caf\\303\\251.txt"`` in the merge and
    its conflicts, and the protected files' check read those quoted names."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(ws)
    write = {"file_path": "café.txt", "content": "x\n"}
    agents = _agents(tmp_path, worktree_run=True)
    ran = _run(tmp_path, ws, agents, [{"name": "Write", "input": write}])
    assert ran.returncode == 0, ran.stdout
    logged = json.loads(coord("log", json.loads(ran.stdout)["session"], "--json").stdout)
    merged = [e for e in logged["events"] if e["kind"] == "worktree_merge"]
    assert [e["files"] for e in merged] == [["café.txt"]]


def test_the_merges_protected_files_check_reads_names_past_ascii(tmp_path: Path) -> None:
    """A branch a command wrote (under ``.git``, outside the run's sandbox) adding
    ``.claude/agents/évil.md`` passed the check before the merge: git quoted the name
    (``".claude/agents/\\303\\251vil.md"``), which no protected folder's prefix matched."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(ws)
    git(ws, "checkout", "-q", "-b", "side")
    (ws / ".claude" / "agents").mkdir(parents=True)
    (ws / ".claude" / "agents" / "évil.md").write_text("x\n", encoding="utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "side")
    tip = git(ws, "rev-parse", "HEAD").strip()
    git(ws, "checkout", "-q", "main")
    assert worktree._protected_files(ws, tip, []) == [".claude/agents/évil.md"]


def test_a_hooks_folder_whose_name_is_not_utf8_is_protected_not_a_crash(tmp_path: Path) -> None:
    """``core.hooksPath`` naming a folder ``h\\xe9`` in the workspace: asking git where it is
    crashed every run there with a UnicodeDecodeError traceback."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(ws)
    hooks = _made(ws / "h\udce9", folder=True)
    git(ws, "config", "core.hooksPath", "h\udce9")
    write = {"file_path": "h\ufffd/pre-commit", "content": "#!/bin/sh\necho hi\n"}
    ran = _run(tmp_path, ws, _agents(tmp_path), [{"name": "Write", "input": write}])
    assert ran.returncode == 0, ran.stdout
    assert [r["by"] for r in json.loads(ran.stdout)["refused"]] == ["protected path"]
    assert os.listdir(hooks) == []


def test_a_git_file_naming_a_folder_not_utf8_leads_the_guard_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sub/.git`` reading ``gitdir: ../.git/objects/caf\\xe9`` (a repository hidden
    where the walk does not look): the guard's reading of it failed on the byte and took
    it for naming nothing, so git's settings and hooks there went unwatched."""
    monkeypatch.setattr(gitdirs, "SETTLING_NS", 0)
    git(tmp_path, "init", "-q")
    hidden = _made(tmp_path / ".git" / "objects" / CAFE, folder=True)
    git(tmp_path, "init", "-q", "--bare", str(hidden))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".git").write_bytes(b"gitdir: ../.git/objects/caf\xe9\n")
    assert gitdirs.git_dirs(tmp_path) == [tmp_path / ".git", hidden]


def test_an_interpreters_import_folder_not_utf8_is_read_not_a_crash(tmp_path: Path) -> None:
    """A Python outside the workspace whose ``sys.path`` holds ``/opt/caf\\xe9`` (it
    prints the byte as it is, in the C locale it is asked in): reading its answer as
    strict UTF-8 raised out of the check of a hook's or command's ``python -m``."""
    fake = tmp_path / "bin" / "python3"
    fake.parent.mkdir()
    fake.write_bytes(b"#!/bin/sh\nprintf '/opt/caf\\351\\n/usr/lib/python3\\n'\n")
    fake.chmod(0o755)
    assert implicit._interpreter_path(str(fake)) == ("/opt/caf\udce9", "/usr/lib/python3")


# ---- review87: what the permission rules see ---------------------------------------------


def _denied(tmp_path: Path, ws: Path, rule: str, call: str, args: dict[str, str]) -> str | None:
    """Why a ``deny`` rule ``rule`` (from a settings file outside ``ws``) refuses ``call``."""
    from coordinator.runtime.permission_rules import Behavior, parse_rules
    from coordinator.runtime.permissions import PermissionRules

    rules, problems = parse_rules([rule], Behavior.DENY, tmp_path / "settings.json")
    assert problems == []
    return PermissionRules(rules=rules, home=tmp_path / "home").refusal(call, args, ws)


def test_a_deny_rule_sees_the_file_a_name_shown_with_u_fffd_leads_to(tmp_path: Path) -> None:
    """A link ``caf\\xe9`` to the folder a deny rule names: the tool reads the file through
    it when the model names it ``caf\\ufffd/key``, so the rule must see where it leads (it
    saw only the missing ``caf\\ufffd/key`` and let the Read past ``Read(./secret/**)``)."""
    ws = tmp_path / "ws"
    (ws / "secret").mkdir(parents=True)
    (ws / "secret" / "key").write_text("hunter2\n", encoding="utf-8")
    try:
        (ws / CAFE).symlink_to("secret")
    except (OSError, UnicodeEncodeError) as exc:
        pytest.skip(f"the file system refuses a name that is not UTF-8: {exc}")
    assert resolve_in_workspace(ws, f"{SHOWN}/key") == ws / "secret" / "key"
    for call in ("Read", "Edit", "Write"):
        args = {"file_path": f"{SHOWN}/key"}
        why = _denied(tmp_path, ws, f"{call}(./secret/**)", call, args)
        assert why is not None and "Permission denied" in why, call
    assert _denied(tmp_path, ws, "Read(./other/**)", "Read", {"file_path": f"{SHOWN}/key"}) is None


def test_the_merges_check_finds_a_git_directory_in_a_folder_whose_name_holds_a_newline(
    tmp_path: Path,
) -> None:
    """A branch adding a bare repository ``a\\nb/`` (a ``HEAD``, ``objects``, ``refs``):
    merged, the user's git there runs what its config names. Read with ``-z``, the name
    reached ``git cat-file --batch-check`` whole, which took its newline for two questions:
    the answers fell out of step and the folder was not found a git directory."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git_init(ws)
    git(ws, "checkout", "-q", "-b", "side")
    bare = ws / "a\nb"
    for name in ("objects/x", "refs/x", "HEAD", "config"):
        (bare / name).parent.mkdir(parents=True, exist_ok=True)
        (bare / name).write_text("x\n", encoding="utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "side")
    tip = git(ws, "rev-parse", "HEAD").strip()
    git(ws, "checkout", "-q", "main")
    found = worktree._protected_files(ws, tip, [])
    assert found == [f"a\nb/{n}" for n in ("HEAD", "config", "objects/x", "refs/x")]
