"""trust46: a red-team round at the trust boundary, on what trust45 left.

Holes found and closed (each test fails on the session's start code, 730800fe):

1. The user's git hooks folder as the workspace itself. trust45 protected the folder
   ``core.hooksPath`` names in the work tree, but not when it is the workspace (the top,
   ``$PWD`` or ``.``; or ``app`` when the workspace is ``app``): that folder is every
   agent's to write, so a command's executable ``post-index-change`` there ran as the
   user, out of any sandbox, at the user's next ``git status``, and Write rewrote the
   committed ``pre-commit``. The files git runs as hooks there (githooks(5)'s names) are
   now protected, as the folder is elsewhere (``worktree.hooks_inside``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import backend, bash, run
from kit import git, git_init, report

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")


def _hook(marker: Path) -> str:
    """A hook the user's own git would run, as the user, outside any sandbox."""
    return f"#!/bin/sh\necho ran >> {marker}\n"


@needs_bwrap
@pytest.mark.parametrize("where", ["top", "subfolder"])
def test_hooks_folder_that_is_the_workspace_gets_no_hook(tmp_path: Path, where: str) -> None:
    """``core.hooksPath`` naming the workspace itself (the top, by its absolute path:
    git 2.39 runs no hook from ``.`` or ``./``, a later one may; or the folder the
    workspace is, ``app``): a command cannot leave a hook there for the user's next ``git status``
    (``post-index-change``) or commit, and Write cannot rewrite the committed one."""
    top = tmp_path / "repo"
    ws = top if where == "top" else top / "app"
    ws.mkdir(parents=True)
    (ws / "main.py").write_text("print('hi')\n", encoding="utf-8")
    pre_commit = ws / "pre-commit"
    pre_commit.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    pre_commit.chmod(0o755)
    git_init(top)
    git(top, "config", "core.hooksPath", str(top) if where == "top" else "app")
    marker = tmp_path / "ran"
    plant = (
        f"printf '{_hook(marker)}' > post-index-change; chmod +x post-index-change; "
        "echo changed >> main.py; true"
    )
    write = {"name": "Write", "input": {"file_path": "pre-commit", "content": _hook(marker)}}
    turns = [bash(plant), {"tool_calls": [write]}, {"text": report("Complete")}]
    provider = run(ws, tmp_path / "home", backend(), turns)
    assert (ws / "main.py").read_text(encoding="utf-8").endswith("changed\n")  # the command ran
    (result,) = provider.model.calls[-1].messages[-1]["content"]
    assert result["is_error"] and "pre-commit" in result["content"], result
    assert pre_commit.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    git(top, "status", "--short")
    git(top, "commit", "-q", "--allow-empty", "-m", "the agent's work")
    assert not (ws / "post-index-change").exists()
    assert not marker.exists()
