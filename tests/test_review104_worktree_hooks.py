"""review104: WorktreeCreate hooks (worktree101) reviewed as an attacker and a user. A hook
giving every run the same folder must not move a live run onto another run's branch; a
``kill -9`` between the hook and coord's checkout must not make the resume fire the hook
again (which refuses the folder it made: the run failed, the worktree orphaned); an
``async`` WorktreeCreate hook is refused by name, never started. Real hook scripts, real
git, the real store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import test_hooks
from kit import git
from test_hooks import Run
from test_worktree101_hooks import CREATE, DONE, WRITE, kinds, run_of, script
from test_worktree_runs import isolated, make_repo

from coordinator.runtime import worktree
from coordinator.runtime.worktree import WorktreeHooks, WorktreeRefused, open_worktree

#: :data:`CREATE`, also counting its runs in a file of its own (one line each).
COUNTED = CREATE.replace("data = json.load(sys.stdin)\n", "data = json.load(sys.stdin)\n"
                         "open({count!r}, 'a').write('ran\\n')\n")  # fmt: skip


async def test_a_hook_printing_a_live_runs_worktree_again_is_refused(tmp_path: Path) -> None:
    """A hook that gives every run one folder (``echo $PWD/tree``): the second run would
    have coord check its branch out in the first run's worktree, under it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    make_repo(ws)
    shared = ws / "tree"

    async def create(name: str) -> str:
        if not shared.exists():
            git(ws, "worktree", "add", "-q", "-b", "hook/one", str(shared), "HEAD")
        return str(shared)

    async def remove(path: Path) -> None:
        return None

    hooks = WorktreeHooks(create, remove)
    first = await open_worktree(ws, "s104", 1, hooks)
    with pytest.raises(WorktreeRefused, match="another run's branch coord/s104/1"):
        await open_worktree(ws, "s104", 2, hooks)
    assert git(first.path, "symbolic-ref", "HEAD").strip() == "refs/heads/coord/s104/1"
    assert "coord/s104/2" not in git(ws, "branch", "--format=%(refname:short)")


class Killed(BaseException):
    """As ``kill -9``: nothing after it runs, nothing more is stored."""


async def test_a_kill_between_the_hook_and_the_checkout_resumes_in_the_hooks_worktree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = tmp_path / "count"
    create = script(tmp_path / "create.py", COUNTED, log=str(tmp_path / "made.json"),
                    count=str(count))  # fmt: skip
    hooks: dict[str, Any] = {"WorktreeCreate": [{"hooks": [{"command": create}]}]}
    r = run_of(tmp_path, hooks)
    sid = "wt104k"
    adopt = worktree._adopt

    def killed(*args: Any) -> Any:
        raise Killed

    monkeypatch.setattr(worktree, "_adopt", killed)
    with pytest.raises(Killed):
        await r.engine.start("Write notes", agent="backend", session_id=sid)
    target = r.ws.resolve() / ".claude" / "worktrees" / f"{sid}-1"
    assert target.is_dir() and count.read_text() == "ran\n"  # made, branch not checked out
    r.store.close()

    monkeypatch.setattr(worktree, "_adopt", adopt)
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    monkeypatch.setattr(test_hooks, "workspace", lambda _: r.ws)  # (a new process: same ws)
    shutil.rmtree(r.home)  # (its settings written again, the same)
    again = Run(tmp_path, agents, hooks, registry=isolated())  # (and the same store file)
    result = await again.engine.resume(sid)

    assert result.status == "complete", result.reason
    assert count.read_text() == "ran\n"  # the hook was not fired twice
    [opened] = kinds(again, sid, "worktree")
    assert opened["path"] == str(target)
    assert (again.ws / "notes.txt").read_text() == "hello" and not target.exists()


async def test_an_async_worktree_create_hook_is_refused_by_name_never_started(
    tmp_path: Path,
) -> None:
    made = tmp_path / "made.json"
    create = script(tmp_path / "create.py", CREATE, log=str(made))
    entry = {"command": create, "async": True}
    r = run_of(tmp_path, {"WorktreeCreate": [{"hooks": [entry]}]})
    sid = "wt104a"
    result = await r.engine.start("Write notes", agent="backend", session_id=sid)

    assert result.status == "failed" and "is async" in (result.reason or ""), result.reason
    assert not made.exists()  # never started: no worktree made for nothing
    assert not (r.ws / ".claude" / "worktrees").exists()
    assert not (r.ws / "notes.txt").exists()


async def test_a_path_past_the_kept_output_is_no_path_not_a_piece_of_another_line(
    tmp_path: Path,
) -> None:
    """Output past 1 MiB is cut: its last kept line is a piece of another line (here the
    start of a longer path in the chatter, naming a worktree the hook made aside), never
    the path the hook printed last, which coord then has not read."""
    decoy = str(tmp_path / "ws" / "aside")
    line = f"{decoy}-but-longer\n"
    lines = (1 << 20) // len(line) - 1
    pad = (1 << 20) + 1 - len(decoy) - lines * len(line) - 1
    chatter = "p" * pad + "\n" + line * (lines + 2)
    assert chatter.encode()[: (1 << 20) + 1].decode().splitlines()[-1] == decoy
    (tmp_path / "chatter").write_text(chatter)
    show = f"import sys; sys.stdout.write(open({str(tmp_path / 'chatter')!r}).read())"
    command = f'git worktree add -q {decoy} HEAD >&2; {sys.executable} -c "{show}"; echo /no/such'
    r = run_of(tmp_path, {"WorktreeCreate": [{"hooks": [{"command": command}]}]})
    result = await r.engine.start("Write notes", agent="backend", session_id="wt104o")

    assert result.status == "failed", result.reason
    assert "printed no worktree path" in (result.reason or ""), result.reason
    assert kinds(r, "wt104o", "worktree") == []  # the piece was not taken for the path
