"""daily81: rough edges in daily use.

Each test failed on the start commit 787a0f2f.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_script

from coordinator.status import BASH_OFF, BASH_OFF_FINISHED, SessionStatus
from coordinator.store.run_tree import bash_off_said

SHELL_AGENT = "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nRun them.\n"


def _shell_run(tmp_path: Path, last: str, *, settings: dict[str, Any] | None = None) -> Any:
    """``coord run`` (Bash off) of agent ``shell``, which calls ``Bash ls`` and
    ``Bash git push``, then answers ``last``; returns what the command printed, its
    workspace and session id."""
    ws = workspace(tmp_path)
    if settings is not None:
        (ws / ".claude").mkdir(exist_ok=True)
        (ws / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(SHELL_AGENT, encoding="utf-8")
    calls = [{"name": "Bash", "input": {"command": c}} for c in ("ls", "git push")]
    script = write_script(tmp_path / "s.yaml", {"shell": [{"tool_calls": calls}, {"text": last}]})
    args = ["--workspace", ws, "--agents-dir", agents, "--only", "--script", script]
    ran = coord("run", "List the files", "--agent", "shell", *args)
    session = ran.stdout.split()[1]
    return ran, ws, session


def _log(session: str, ws: Path) -> str:
    return " ".join(coord("log", session, cwd=ws).stdout.replace("│", " ").split())


# ---- 1. the Bash-off advice says what applies where the session stands -------------------


def test_a_complete_sessions_bash_off_note_gives_no_resume_advice(tmp_path: Path) -> None:
    """A complete session whose Bash calls were refused said "`coord resume ID
    --allow-bash` turns it on while the session waits": nothing resumes a complete
    session. Its tree says to run the request again with --allow-bash."""
    ran, ws, session = _shell_run(tmp_path, report("Complete"))
    assert ran.returncode == 0, ran.stderr
    for shown in (" ".join(ran.stdout.replace("│", " ").split()), _log(session, ws)):
        assert "coord resume" not in shown
        assert "while the session waits" not in shown
        assert BASH_OFF_FINISHED in shown
    live = [line for line in ran.stderr.splitlines() if "Bash is off" in line]
    assert len(live) == 1 and "coord resume" not in live[0]  # the run's end was not known


def test_a_waiting_sessions_bash_off_note_names_the_resume_that_works(tmp_path: Path) -> None:
    """A session waiting for a person's answer was told "`coord resume ID --allow-bash`
    turns it on": that resume drove nothing (no answer), said "agents may run shell
    commands from this resume on" and logged it, and the resume that answered, without the
    flag, ran with Bash off. The note names the answer; the flag alone is refused."""
    ran, ws, session = _shell_run(tmp_path, blocked("Product", "Which files?"))
    assert ran.returncode == 3, ran.stderr
    resume = f'`coord resume {session} --context "..." --allow-bash` turns it on'
    assert f"{BASH_OFF}: {resume}" in _log(session, ws)
    kinds = [
        e["kind"] for e in json.loads(coord("log", session, "--json", cwd=ws).stdout)["events"]
    ]
    refused = coord("resume", session, "--allow-bash", cwd=ws)
    assert refused.returncode == 4
    assert f"session {session} waits for a person's answer: nothing runs without one" in (
        refused.stderr
    )
    assert f'coord resume {session} --context "..." --allow-bash' in refused.stderr
    assert "from this resume on" not in refused.stderr + refused.stdout
    after = json.loads(coord("log", session, "--json", cwd=ws).stdout)
    assert [e["kind"] for e in after["events"]] == kinds  # nothing logged
    assert after["status"] == "waiting"


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (SessionStatus.RUNNING, BASH_OFF),
        (SessionStatus.WAITING, f"{BASH_OFF}: `coord resume s1 --allow-bash` turns it on"),
        (SessionStatus.INTERRUPTED, f"{BASH_OFF}: `coord resume s1 --allow-bash` turns it on"),
        (SessionStatus.COMPLETE, BASH_OFF_FINISHED),
        (SessionStatus.NEEDS_REVIEW, BASH_OFF_FINISHED),
        (SessionStatus.FAILED, BASH_OFF_FINISHED),
    ],
)
def test_bash_off_said_by_status(tmp_path: Path, status: SessionStatus, said: str) -> None:
    """(A session waiting with no question for a person: a budget, a held call.)"""
    from coordinator.store.db import Store

    assert bash_off_said(Store.open(tmp_path / "s.db"), "s1", status, []) == said


# ---- 2. a refused call is one progress line ----------------------------------------------


def test_a_call_refused_before_it_runs_is_one_progress_line(tmp_path: Path) -> None:
    """``Bash ls`` refused because Bash is off printed ``shell: Bash ls`` and then
    ``shell: refused: Bash ls (Bash off ...)``: two lines for one call; so did a call a
    settings rule denies. Now the refusal alone."""
    deny = {"permissions": {"deny": ["Bash(git push:*)"]}}
    ran, ws, session = _shell_run(tmp_path, report("Complete"), settings=deny)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stderr.splitlines()
    [ls] = [line for line in lines if "Bash ls" in line]
    assert ls.endswith("shell: refused: Bash ls (Bash off without --allow-bash)")
    [push] = [line for line in lines if "Bash git push" in line]
    assert "shell: refused: Bash git push (settings deny Bash(git push:*)" in push
    logged = json.loads(coord("log", session, "--json", cwd=ws).stdout)
    kinds = [e["kind"] for e in logged["events"]]
    assert "tool_call" not in kinds and kinds.count("tool_refused") == 2
    assert kinds.count("tool_result") == 2  # each call's result is still logged


async def test_a_call_refused_before_it_runs_has_one_span(tmp_path: Path) -> None:
    """Without a ``tool_call`` event the refused call still has its ``execute_tool`` span,
    an error of type ``tool_refused``, under its run's span."""
    pytest.importorskip("opentelemetry.sdk")
    from test_audit48_refused import run

    ran = await run(tmp_path, [{"name": "Bash", "input": {"command": "ls"}}], traced=True)
    assert [p for p in ran.progress() if "Bash ls" in p] == [
        f"[{ran.sid[:8]}]   worker: refused: Bash ls (Bash off without --allow-bash)"
    ]
    [span] = [s for s in ran.spans if s.name == "execute_tool Bash"]
    assert span.attributes["error.type"] == "tool_refused"
    assert span.attributes["coordinator.refused_by"] == "Bash off"
    [agent] = [s for s in ran.spans if s.context.span_id == span.parent.span_id]
    assert agent.name.startswith("invoke_agent")


# ---- 3. coord agents show names the files claudeMdExcludes keeps out --------------------


def test_agents_show_lists_the_excluded_files_with_the_pattern_and_its_file(
    tmp_path: Path,
) -> None:
    """A user wondering why ``.claude/rules/style.md`` is not given saw the files given
    and nothing else; now it is listed, marked excluded, by which pattern of which file."""
    ws = workspace(tmp_path)
    (ws / "CLAUDE.md").write_text("ROOT\n", encoding="utf-8")
    (ws / ".claude" / "rules").mkdir(parents=True)
    (ws / ".claude" / "rules" / "style.md").write_text("STYLE\n", encoding="utf-8")
    settings = ws / ".claude" / "settings.local.json"
    settings.write_text(json.dumps({"claudeMdExcludes": ["**/rules/style.md"]}))
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(SHELL_AGENT, encoding="utf-8")
    args = ("agents", "show", "shell", "--agents-dir", agents, "--only")
    shown = coord(*args, cwd=ws)
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert (
        ".claude/rules/style.md (project_rule, excluded: claudeMdExcludes"
        f" '**/rules/style.md' in {settings}: not given)"
    ) in text
    data = json.loads(coord(*args, "--json", cwd=ws).stdout)["instructions"]
    assert [f["path"] for f in data["files"]] == ["CLAUDE.md"]
    assert data["excluded"] == [
        {
            "path": ".claude/rules/style.md",
            "kind": "project_rule",
            "pattern": "**/rules/style.md",
            "settings": str(settings),
        }
    ]


# ---- 4. a backwards range is warned of in rule files and the sandbox's lists -------------


def test_a_backwards_range_in_a_rule_files_paths_is_warned_of(tmp_path: Path) -> None:
    """The project's ``.claude/rules/api.md`` with ``paths: ["src/[z-a].py"]`` is a rule
    no Read ever brings: one line naming the file and the pattern (a permission rule's
    ``[z-a]`` was warned of; a rule file's was not)."""
    from coordinator.runtime.instructions import workspace_instructions

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude" / "rules").mkdir(parents=True)
    home.mkdir()
    rule = '---\npaths: ["src/[z-a].py", "src/*.py"]\n---\nAPI\n'
    (ws / ".claude" / "rules" / "api.md").write_text(rule, encoding="utf-8")
    found = workspace_instructions(ws, home=home)
    assert found.warnings == [
        "instructions: .claude/rules/api.md: paths: 'src/[z-a].py' matches no file: [z-a]"
        " matches no character (a backwards range)"
    ]


def test_a_backwards_range_in_a_sub_folders_rule_is_warned_of_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A sub-folder's rule file is read when a Read reaches its folder: its ``[z-a]`` is
    told then (once while the file stays the same), and the Read goes on."""
    from test_claude_md import agent, setup, write

    from coordinator.runtime.preload import Preload

    ws, home = setup(tmp_path)
    write(ws / "sub/.claude/rules/bad.md", '---\npaths: ["[z-a]/*.py"]\n---\nBAD')
    write(ws / "sub/main.py", "x\n")
    write(ws / "sub/other.py", "x\n")
    preload = Preload(ws, home=home, managed=None)
    assert preload.read_given(agent(), ["sub/main.py"], []) is None
    assert preload.read_given(agent(), ["sub/other.py"], []) is None
    said = [r.getMessage() for r in caplog.records if "[z-a]" in r.getMessage()]
    assert said == [
        "warning: instructions: sub/.claude/rules/bad.md: paths: '[z-a]/*.py' matches no"
        " file: [z-a] matches no character (a backwards range)"
    ]


def test_a_backwards_range_in_the_sandbox_lists_is_warned_of(tmp_path: Path) -> None:
    """``sandbox.filesystem.denyRead``/``denyWrite`` (any file) and the user's
    ``allowRead`` (read to re-open a denyRead) holding ``[z-a]``: one line each, naming
    the file, the key and the entry, as a permission rule's."""
    from coordinator.runtime.permission_files import load_permissions

    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / ".claude").mkdir(parents=True)
    (home / ".claude").mkdir(parents=True)
    block = {"denyRead": ["/x/[z-a]*", "/fine/[a-z]"], "denyWrite": ["./[9-0]"]}
    project = ws / ".claude" / "settings.json"
    project.write_text(json.dumps({"sandbox": {"filesystem": block}}))
    user = home / ".claude" / "settings.json"
    user.write_text(json.dumps({"sandbox": {"filesystem": {"allowRead": ["~/[z-a]"]}}}))
    warnings = load_permissions(ws, home=home, managed=None).warnings
    said = [w for w in warnings if "backwards range" in w]
    assert said == [
        f"{project}: sandbox.filesystem.denyRead: '/x/[z-a]*' matches no path: [z-a] matches"
        " no character (a backwards range)",
        f"{project}: sandbox.filesystem.denyWrite: './[9-0]' matches no path: [9-0] matches"
        " no character (a backwards range)",
        f"{user}: sandbox.filesystem.allowRead: '~/[z-a]' matches no path: [z-a] matches no"
        " character (a backwards range)",
    ], warnings
