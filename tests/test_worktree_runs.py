"""isolation: worktree through the engine: real git repositories, scripted model."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from tests.kit import Harness, git, git_init, report


def make_repo(ws: Path) -> None:
    (ws / ".gitignore").write_text(".coordinator/\n")
    git_init(ws)


def isolated(isolation: str = "worktree") -> Registry:
    return Registry(
        [
            AgentSpec(
                name="backend",
                description="backend specialist",
                domain="backend",
                extra={"isolation": isolation},
            )
        ]
    )


def write_turns(
    path: str, content: str, when: str | None = None, hold: Path | None = None
) -> list[dict[str, Any]]:
    """A Write of ``path``, then a report; ``hold``: the Write is answered only once this
    file exists."""
    tool: dict[str, Any] = {
        "tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]
    }
    if hold is not None:
        tool["hold_until"] = str(hold)
    done = {"text": report("Complete", f"wrote {path}", files=path)}
    if when:
        tool["when"] = done["when"] = when
    return [tool, done]


def events(h: Harness, sid: str, kind: str) -> list[dict[str, Any]]:
    return [e.data for e in h.store.events(sid) if e.kind == kind]


async def test_run_works_in_a_worktree_and_is_merged_back(tmp_path: Path) -> None:
    h = Harness(tmp_path, {"backend": write_turns("app/new.py", "x = 1\n")}, registry=isolated())
    make_repo(h.ws)
    result = await h.engine.start("add a module", agent="backend")
    assert result.status == "complete"
    assert (h.ws / "app" / "new.py").read_text() == "x = 1\n"
    opened = events(h, result.session_id, "worktree")[0]
    assert opened["branch"] == f"coord/{result.session_id}/1"
    merged = events(h, result.session_id, "worktree_merge")[0]
    assert merged["status"] == "merged" and merged["files"] == ["app/new.py"]
    assert git(h.ws, "branch", "--format=%(refname:short)").split() == ["main"]
    assert "app/new.py" in git(h.ws, "show", "--stat", "HEAD^2")
    h.close()


async def test_two_concurrent_chains_do_not_clobber_each_other(tmp_path: Path) -> None:
    """Both runs have their worktree (each is in its first model call) before either
    writes: neither starts from the other's merged change, however late one starts."""
    both = tmp_path / "both-in-a-call"
    script = {
        "backend": [
            *write_turns("app/models/user.py", "USER = 'one'\n", when="task one", hold=both),
            *write_turns("app/models/user.py", "USER = 'two'\n", when="task two", hold=both),
            *write_turns("app/api/one.py", "ONE = 1\n", when="task three"),
        ]
    }
    h = Harness(tmp_path, script, registry=isolated())
    make_repo(h.ws)
    runs = [
        asyncio.ensure_future(h.engine.start(f"task {n}", agent="backend")) for n in ("one", "two")
    ]
    calls = h.provider.model.calls
    while len(calls) < 2 and not any(run.done() for run in runs):  # each run's first call
        await asyncio.wait(runs, timeout=0.01)  # a look at the calls between two waits
    both.touch()
    first, second = await asyncio.gather(*runs)
    statuses = sorted([first.status, second.status])
    assert statuses == ["complete", "needs_review"]  # one merged, one conflicted
    loser = first if first.status == "needs_review" else second
    kept = events(h, loser.session_id, "worktree_merge")[0]
    assert kept["status"] == "conflict" and kept["files"] == ["app/models/user.py"]
    assert kept["branch"] in git(h.ws, "branch", "--format=%(refname:short)")
    assert loser.report is not None and "not merged" in loser.report.summary
    assert "git merge" in loser.reason
    winner_text = (h.ws / "app" / "models" / "user.py").read_text()
    assert winner_text in ("USER = 'one'\n", "USER = 'two'\n")  # whole, never interleaved
    shown = CliRunner().invoke(app, ["log", loser.session_id, "--db", str(h.db)])
    assert f"worktree conflict: {kept['branch']}" in " ".join(shown.stdout.split())
    third = await h.engine.start("task three", agent="backend")
    assert third.status == "complete" and (h.ws / "app" / "api" / "one.py").exists()
    h.close()


async def test_non_git_workspace_runs_in_place_with_a_warning(tmp_path: Path) -> None:
    h = Harness(tmp_path, {"backend": write_turns("new.py", "y = 2\n")}, registry=isolated())
    result = await h.engine.start("add", agent="backend")
    assert result.status == "complete"
    assert (h.ws / "new.py").exists()
    skipped = events(h, result.session_id, "isolation_skipped")[0]
    assert "not in a git repository" in skipped["reason"]
    h.close()


async def test_without_isolation_no_worktree_is_made(tmp_path: Path) -> None:
    h = Harness(tmp_path, {"backend": write_turns("new.py", "y = 2\n")}, registry=isolated(""))
    make_repo(h.ws)
    result = await h.engine.start("add", agent="backend")
    assert result.status == "complete"
    assert "worktree" not in [e.kind for e in h.store.events(result.session_id)]
    assert "new.py" in git(h.ws, "status", "--porcelain")  # left uncommitted, as before
    h.close()


def test_the_field_table_names_an_unknown_isolation_value() -> None:
    from coordinator.roster.fields import Support, field_info

    assert field_info("isolation", "worktree").support == Support.HONOURED
    unknown = field_info("isolation", "container")
    assert unknown.support == Support.PARTIAL and "'container'" in unknown.note


async def test_an_interrupted_isolated_run_resumes_in_the_same_worktree(tmp_path: Path) -> None:
    outage = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}
    write = write_turns("half.py", "h = 1\n")
    h = Harness(tmp_path, {"backend": [write[0], outage]}, registry=isolated())
    make_repo(h.ws)
    stopped = await h.engine.start("add", agent="backend")
    assert stopped.status == "interrupted"
    branch = events(h, stopped.session_id, "worktree")[0]["branch"]
    assert not (h.ws / "half.py").exists()  # still only in the worktree
    assert branch in git(h.ws, "branch", "--format=%(refname:short)")
    h.close()

    again = Harness(tmp_path, {"backend": write}, registry=isolated())
    result = await again.engine.resume(stopped.session_id)
    assert result.status == "complete"
    assert (again.ws / "half.py").read_text() == "h = 1\n"
    merged = events(again, stopped.session_id, "worktree_merge")
    assert [m["status"] for m in merged] == ["merged"] and merged[0]["branch"] == branch
    again.close()


async def test_a_failed_isolated_run_keeps_its_branch_unmerged(tmp_path: Path) -> None:
    spec = isolated().get("backend").model_copy(update={"max_turns": 1})
    write = write_turns("partial.py", "p = 1\n")
    h = Harness(tmp_path, {"backend": write}, registry=Registry([spec]))
    make_repo(h.ws)
    result = await h.engine.start("add", agent="backend")
    assert result.status == "failed"
    kept = events(h, result.session_id, "worktree_merge")[0]
    assert kept["status"] == "kept" and "coord-worktrees" in kept["reason"]
    assert not (h.ws / "partial.py").exists()
    assert kept["branch"] in git(h.ws, "branch", "--format=%(refname:short)")
    h.close()


async def test_a_worktree_run_cannot_rewrite_the_rosters_agent_files_either(
    tmp_path: Path,
) -> None:
    """The roster's agent folders in the workspace are protected in the run's worktree too:
    what the agent writes there would be merged back into the next run's definitions."""
    registry = isolated()
    calls = [
        {"name": "Write", "input": {"file_path": "team/reviewer.md", "content": "wider\n"}},
        {"name": "Write", "input": {"file_path": ".claude/agents/x.md", "content": "new\n"}},
        {"name": "Write", "input": {"file_path": "app/ok.py", "content": "x = 1\n"}},
    ]
    turns = [{"tool_calls": calls}, {"text": report("Complete", "done", files="app/ok.py")}]
    h = Harness(tmp_path, {"backend": turns}, registry=registry)
    (h.ws / "team").mkdir()
    (h.ws / "team" / "reviewer.md").write_text("original\n")
    registry.source_dirs = [h.ws / "team"]
    make_repo(h.ws)
    h.close()
    h = Harness(tmp_path, {"backend": turns}, registry=registry)  # its engine reads them
    result = await h.engine.start("add a module", agent="backend")
    assert result.status == "complete"
    assert (h.ws / "team" / "reviewer.md").read_text() == "original\n"
    assert not (h.ws / ".claude" / "agents" / "x.md").exists()
    assert (h.ws / "app" / "ok.py").read_text() == "x = 1\n"
    h.close()


async def test_a_partial_clone_missing_an_object_says_why_it_runs_in_place(
    tmp_path: Path,
) -> None:
    """review113: coord's git fetches nothing (redteam105), so a worktree run in the user's
    blobless clone whose HEAD's files were never fetched runs in the workspace; the warning
    says why (git's ``fatal:`` line), not git's first line ``Preparing worktree``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("a\n")
    git_init(src)
    git(src, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{src}", str(clone))
    h = Harness(tmp_path, {"backend": write_turns("new.py", "y = 2\n")}, registry=isolated())
    (clone / ".git").rename(h.ws / ".git")
    result = await h.engine.start("add", agent="backend")
    assert result.status == "complete" and (h.ws / "new.py").exists()
    skipped = events(h, result.session_id, "isolation_skipped")[0]
    assert "from promisor remote" in skipped["reason"], skipped["reason"]
    h.close()
