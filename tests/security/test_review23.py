"""review23: what trust16's new checks refused or confined that they should not have. A
repository whose ``.gitattributes`` (or the user's ``core.autocrlf``) checks files out with
CRLF, where every worktree run was kept for review; a file an agent names like the
configuration of a program that reads none (``.jq``, ``.grep``), which made every user hook
running ``jq`` skip. Real git, real runs with the scripted provider.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def repo(ws: Path, attributes: str, *config: str) -> None:
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    git(ws, "config", "user.email", "u@x")
    git(ws, "config", "user.name", "u")
    for setting in config:
        name, _, value = setting.partition("=")
        git(ws, "config", name, value)
    (ws / ".gitattributes").write_text(attributes, encoding="utf-8")
    (ws / "a.txt").write_text("a\n", encoding="utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "start")


@pytest.mark.parametrize(
    ("attributes", "config"),
    [("* text=auto eol=crlf\n", ()), ("* text=auto\n", ("core.autocrlf=true",))],
)
def test_attributes_checked_out_with_crlf_do_not_stop_a_merge(
    tmp_path: Path, attributes: str, config: tuple[str, ...]
) -> None:
    """git checks the repository's own ``.gitattributes`` out with CRLF line endings (its
    ``eol=crlf``, the user's ``core.autocrlf``): the run did not change it (``git add``
    would store what is there), so a run that only adds ``b.txt`` merges. One that does
    change it is still kept for review."""
    from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree

    ws = tmp_path / "ws"
    repo(ws, attributes, *config)

    async def run(session: str, changed: bool) -> Any:
        wt = await open_worktree(ws, session, 1)
        assert b"\r\n" in (wt.path / ".gitattributes").read_bytes()
        (wt.root / f"{session}.txt").write_text("b\n", encoding="utf-8")
        if changed:
            with (wt.root / ".gitattributes").open("a", encoding="utf-8") as attrs:
                attrs.write("*.txt filter=mark\r\n")
        return await finish_worktree(wt, "agent run")

    merged = asyncio.run(run("s1", False))
    assert merged.status is MergeStatus.MERGED, merged.detail
    assert (ws / "s1.txt").exists()
    kept = asyncio.run(run("s2", True))
    assert (kept.status, kept.files) == (MergeStatus.CONFLICT, [".gitattributes"])


def test_programs_that_read_no_configuration_in_their_folder_are_not_workspace_code(
    tmp_path: Path,
) -> None:
    """An agent names files like the configuration of the everyday programs of a hook
    (``jq``, ``grep``, ``sed``, ``cat``, ``curl``: they read none from the folder they run
    in): a hook running them is still the user's own. mypy's still counts."""
    from coordinator.tools.command_files import writable_file_named as runs

    ws = tmp_path / "ws"
    ws.mkdir()
    planted = ".jq jq.json .grep .sed .cat catfile .tee curlrc .curlrc wgetrc .awk head.json"
    for name in [*planted.split(), ".sort", ".notify", "mypy.ini"]:
        (ws / name).write_text("x\n", encoding="utf-8")
    for line in [
        "jq -r .tool_input.file_path | grep -q '\\.py$'",
        "cat | sed -n 1p | tee -a /tmp/log | awk '{print}' | sort | head -1",
        "curl -s -d @- https://hooks.example/notify",
        "wget -q -O- https://example.com",
        "notify-send 'Claude is done'",
    ]:
        assert runs(ws, ["bash", "-c", line], {}) is None, line
    assert runs(ws, shlex.split("mypy ."), {}) is not None


def test_an_agents_dot_jq_does_not_skip_the_users_jq_hook(tmp_path: Path) -> None:
    """The user's PreToolUse hook pipes its input through ``jq`` (the usual guard); an
    agent writes ``.jq`` in the workspace, then calls a tool. Without ``--allow-bash`` a
    confined hook is skipped: the guard still runs as the user's, for every call."""
    from cli import coord

    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    ws.mkdir()
    seen = tmp_path / "seen"
    hook = {"type": "command", "command": f"jq -r .tool_name >> {shlex.quote(str(seen))}"}
    (home / ".claude").mkdir(exist_ok=True)
    settings = {"hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    writes = [
        {"name": "Write", "input": {"file_path": ".jq", "content": "def x: 1;\n"}},
        {"name": "Write", "input": {"file_path": "b.txt", "content": "b\n"}},
    ]
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes files for tests\ntools: Write\n---\nW.\n",
        encoding="utf-8",
    )
    script = _two_steps(tmp_path / "s.yaml", writes)
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "b.txt").exists()
    assert seen.read_text(encoding="utf-8").split() == ["Write", "Write"], ran.stderr


def _two_steps(path: Path, calls: list[dict[str, Any]]) -> Path:
    """A script in which agent ``writer`` makes each of ``calls`` in its own turn."""
    from kit import report, write_script

    turns: list[dict[str, Any]] = [{"tool_calls": [call]} for call in calls]
    return write_script(path, {"writer": [*turns, {"text": report("Complete")}]})


def test_a_run_kept_for_its_attributes_says_to_read_them_before_merging(tmp_path: Path) -> None:
    """A worktree run's agent writes a ``.gitattributes``: the run is Needs Review, its
    branch kept. What coord prints and ``coord log`` show say how to finish it: read what
    the branch changes first (a plain ``git merge`` runs the filters it names), then merge
    or delete the branch."""
    from cli import coord
    from kit import report, write_script

    ws = tmp_path / "ws"
    repo(ws, "*.png binary\n")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes files for tests\ntools: Write\n"
        "isolation: worktree\n---\nW.\n",
        encoding="utf-8",
    )
    calls = [
        {"name": "Write", "input": {"file_path": ".gitattributes", "content": "* filter=x\n"}},
        {"name": "Write", "input": {"file_path": "b.txt", "content": "b\n"}},
    ]
    script = write_script(
        tmp_path / "s.yaml", {"writer": [{"tool_calls": calls}, {"text": report("Complete")}]}
    )
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    result = json.loads(ran.stdout)
    branch = git(ws, "branch", "--list", "coord/*").strip()
    assert result["status"] == "needs_review" and branch, ran.stdout
    review = f"git diff HEAD...{branch} -- .gitattributes"
    assert review in result["reason"] and f"git branch -D {branch}" in result["reason"]
    shown = coord("log", "-w", ws, env={"COLUMNS": "200"})
    text = " ".join(shown.stdout.split())
    assert review in text and f"git merge {branch}" in text, shown.stdout


def test_a_hook_confined_by_the_users_pythonpath_says_why_and_what_to_do(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The user's shell exports ``PYTHONPATH`` naming the workspace's ``src``; their Stop
    hook runs ``python3 -c 'import helper'``. Without ``--allow-bash`` it is skipped: the
    warning and the skip line in ``coord log`` name the variable (not "workspace code"),
    and the warning says how to run it (``--allow-bash``, or coord started without it)."""
    from cli import coord
    from kit import report, write_script

    ws, home = tmp_path / "ws", Path(os.environ["HOME"])
    (ws / "src").mkdir(parents=True)
    (ws / "src" / "helper.py").write_text("x = 1\n", encoding="utf-8")
    hook = {"type": "command", "command": "python3 -c 'import helper'"}
    (home / ".claude").mkdir(exist_ok=True)
    settings = {"hooks": {"Stop": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes files for tests\ntools: Write\n---\nW.\n",
        encoding="utf-8",
    )
    write = {"name": "Write", "input": {"file_path": "b.txt", "content": "b\n"}}
    steps = {"writer": [{"tool_calls": [write]}, {"text": report("Complete")}]}
    script = write_script(tmp_path / "s.yaml", steps)
    monkeypatch.setenv("PYTHONPATH", str(ws / "src"))
    ran = coord(
        "run", "Do it", "--agent", "writer", "-w", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    warning = " ".join(ran.stderr.split())
    assert "runs with your PYTHONPATH" in warning, warning
    assert "env -u PYTHONPATH coord" in warning and "--allow-bash" in warning, warning
    shown = " ".join(coord("log", "-w", ws, env={"COLUMNS": "300"}).stdout.split())
    why = "an agent can rewrite (with your PYTHONPATH, which names"
    assert f"skipped (user): your hook runs workspace code {why}" in shown, shown


def test_an_empty_entry_of_the_users_pythonpath_is_named_as_such(tmp_path: Path) -> None:
    """``export PYTHONPATH="$PYTHONPATH:/opt/lib"`` with none before leaves an empty entry
    (Python's working folder: the workspace, where hooks run): what confines the hook says
    that, not "names ."."""
    from coordinator.runtime.hooks import confined_by
    from coordinator.tools.command_files import writable_file_named as runs

    ws = tmp_path / "ws"
    ws.mkdir()
    found = runs(ws, ["say", "done"], {"PYTHONPATH": ":/opt/lib", "PATH": "/usr/bin"})
    assert found is not None
    assert confined_by(found) == (
        "with your PYTHONPATH, which has an empty entry (the folder it runs in: the workspace)"
    )


def test_a_tracked_link_named_gitattributes_does_not_stop_every_merge(tmp_path: Path) -> None:
    """The repository tracks ``.gitattributes`` as a link (to a shared file; git reads no
    attributes through it): a run leaving it as it is merges; one pointing it elsewhere is
    kept for review."""
    from coordinator.runtime.worktree import MergeStatus, finish_worktree, open_worktree

    ws = tmp_path / "ws"
    repo(ws, "")
    (ws / ".gitattributes").unlink()
    (ws / "shared").write_text("*.png binary\n", encoding="utf-8")
    (ws / ".gitattributes").symlink_to("shared")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "a link")

    async def run(session: str, retarget: bool) -> Any:
        wt = await open_worktree(ws, session, 1)
        (wt.root / f"{session}.txt").write_text("b\n", encoding="utf-8")
        if retarget:
            (wt.root / ".gitattributes").unlink()
            (wt.root / ".gitattributes").symlink_to("a.txt")
        return await finish_worktree(wt, "agent run")

    merged = asyncio.run(run("s1", False))
    assert merged.status is MergeStatus.MERGED, merged.detail
    kept = asyncio.run(run("s2", True))
    assert (kept.status, kept.files) == (MergeStatus.CONFLICT, [".gitattributes"])
