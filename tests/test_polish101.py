"""polish101: rough edges a daily user meets, mended.

Each test failed on the start commit 88800814.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cli import coord
from kit import (
    REPO,
    blocked,
    scripted,
    session_in,
    workspace,
    write_agents,
    write_script,
)
from test_fork100_skill_fork import BACKEND, agent, script, skill

from coordinator import events as ev
from coordinator.cli.views import progress_line
from coordinator.clip import counted
from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.evaluate import Case, evaluate
from coordinator.routing.lexical import Router
from coordinator.routing.text import term_list
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store
from coordinator.tools.base import ToolContext
from coordinator.tools.toolset import build_toolset

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import ReadableSpan

# ---- 1. `coord route` shows each candidate only the evidence it has ------------------------

#: A request whose outcome frame (something shown to users) every candidate shared.
SHOWN = "the button does not show up on the page"


def _situation_words(matched: list[str]) -> list[str]:
    """The words of every ``situation "..."`` piece of ``matched``."""
    return [
        w for m in matched for found in re.findall(r'^situation "(.*)"$', m) for w in found.split()
    ]


def test_each_candidate_names_only_the_situation_words_it_holds(tmp_path: Path) -> None:
    """The frame "frontend ui component display" was listed as matched for every runner-up,
    devops-expert too, as if each matched the whole situation: each now names the words of
    the situation's field it holds, the agent chosen more than the runners-up."""
    bundled = load_registry([REPO / "agents"], only=True, cwd=tmp_path, cache=False)
    router = Router(bundled)
    decision = router.route(SHOWN)
    assert decision.agent == "react-frontend-expert"
    chosen = _situation_words(decision.matched)
    assert {"frontend", "ui", "component"} <= set(chosen)
    terms = router.agent_terms  # what each agent holds
    for candidate in decision.candidates:
        words = _situation_words(candidate.matched)
        held = terms[router.names.index(candidate.agent)]
        assert words, candidate  # each holds some of the field (frontend)
        assert all(any(t in held for t in term_list(w)) for w in words), (candidate, words)
    devops = next(c for c in decision.candidates if c.agent == "devops-expert")
    assert "ui" not in _situation_words(devops.matched)


def test_route_shows_it_in_the_table_and_the_json(tmp_path: Path) -> None:
    text = coord("route", SHOWN, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    rows = [line for line in text.stdout.splitlines() if "devops-expert" in line]
    assert rows and "ui component" not in rows[0], text.stdout
    data = json.loads(coord("route", "--json", SHOWN, cwd=tmp_path).stdout)
    devops = next(c for c in data["candidates"] if c["agent"] == "devops-expert")
    assert not [m for m in devops["matched"] if "ui component" in m]
    assert [m for m in data["matched"] if m.startswith('situation "frontend ui component')]


# ---- 2. a count agrees with its noun: "1 line", never "1 lines" ----------------------------


async def test_the_write_tool_says_1_line_and_1_byte(tmp_path: Path) -> None:
    """The Write tool's result (what the model reads and the transcript shows) said
    "(1 lines, 8 bytes)"."""
    tools = build_toolset(None)
    ctx = ToolContext(root=tmp_path)
    wrote = await tools.execute("Write", {"file_path": "a.txt", "content": "one line"}, ctx)
    assert "(1 line, 8 bytes)" in wrote.content, wrote.content
    same = await tools.execute("Write", {"file_path": "b.txt", "content": "x"}, ctx)
    assert "(1 line, 1 byte)" in same.content, same.content
    two = await tools.execute("Write", {"file_path": "c.txt", "content": "a\nb\n"}, ctx)
    assert "(2 lines, 4 bytes)" in two.content, two.content
    past = await tools.execute("Read", {"file_path": "a.txt", "offset": 5}, ctx)
    assert past.is_error and "(1 line)" in past.content, past.content
    one = await tools.execute("Read", {"file_path": "c.txt", "limit": 1}, ctx)
    assert "output limited to 1 line:" in one.content, one.content


def test_counted_says_a_count_as_a_person_does() -> None:
    assert [counted(n, "line") for n in (0, 1, 2)] == ["0 lines", "1 line", "2 lines"]
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(1234, "entry", "entries") == "1,234 entries"


def test_agents_show_and_list_say_1_line_and_1_agent(tmp_path: Path) -> None:
    agents = tmp_path / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "solo.md").write_text(
        "---\nname: solo\ndescription: Answers questions about the solo project.\n---\n"
        "You answer questions.\n",
        encoding="utf-8",
    )
    shown = coord("agents", "show", "solo", "--agents-dir", agents, "--only", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert " 1 line, " in shown.stdout and "1 lines" not in shown.stdout, shown.stdout
    listed = coord("agents", "list", "--agents-dir", agents, "--only", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "1 agent" in listed.stdout and "1 agents" not in listed.stdout, listed.stdout


# ---- 3. a reader of a damaged database is told what is true for a reader -------------------


def _damaged_page(tmp_path: Path) -> Path:
    """Workspace ``a``'s database with the sessions table's root page made garbage (a
    damaged page: SQLite reads the file, then finds it malformed)."""
    session_in(tmp_path / "a", tmp_path, "here")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'"
        ).fetchone()
        (size,) = con.execute("PRAGMA page_size").fetchone()
    for left in db.parent.glob("coordinator.db-*"):  # its -wal and -shm
        left.unlink()
    with db.open("r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xa5" * 64)
    return db


def test_a_reader_of_a_damaged_page_is_not_told_of_a_write(tmp_path: Path) -> None:
    """`coord sessions --here` said "Nothing more was written to it" of a command that writes
    nothing: a reader is told the file is as it was, and how to read what is left."""
    db = _damaged_page(tmp_path)
    before = db.read_bytes()
    for args in (("sessions", "--here"), ("log",), ("stats", "--here")):
        done = coord(*args, cwd=tmp_path / "a")
        assert done.returncode == 4, (args, done.stdout, done.stderr)
        error, hint = done.stderr.splitlines()
        assert error.startswith(f"error: session database {db} is damaged"), args
        assert "written" not in hint, (args, hint)
        assert hint == (
            "This command only reads; the file is as it was. Recover what is readable with "
            f"`sqlite3 {db} .recover | sqlite3 NEW.db`, then read that with --db NEW.db."
        ), args
    assert db.read_bytes() == before


# ---- 4. the closing sentences wrap at words on a terminal, stay whole in a pipe -------------

#: A terminal 80 columns wide, as rich detects one (no colour: plain text to compare).
TERMINAL = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "80"}
#: What a terminal's escape sequences look like (the live view's cursor moves, styles).
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _paragraph(stdout: str, opening: str) -> list[str]:
    """The lines of ``stdout`` (escapes dropped) from the one starting with ``opening`` to the
    next empty or indented one."""
    lines = [line.rstrip() for line in _ESCAPE.sub("", stdout).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(opening))
    found = [lines[start]]
    for line in lines[start + 1 :]:
        if not line or line.startswith(" "):
            break
        found.append(line)
    return found


def _wrapped_at_words(terminal: list[str], piped: str) -> None:
    """``terminal``'s lines fit 80 columns and hold ``piped``'s words, none cut."""
    assert all(len(line) <= 80 for line in terminal), terminal
    assert len(terminal) > 1 and " ".join(terminal).split() == piped.split(), terminal


def test_demo_offline_sentence_wraps_at_words_on_a_terminal(tmp_path: Path) -> None:
    piped = coord("demo", cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    (whole,) = _paragraph(piped.stdout, "Offline: ")  # one line a script can read
    assert len(whole) > 150
    terminal = coord("demo", cwd=tmp_path, env=TERMINAL)
    assert terminal.returncode == 0, terminal.stderr
    _wrapped_at_words(_paragraph(terminal.stdout, "Offline: "), whole)


def test_a_waiting_runs_sentence_wraps_at_words_on_a_terminal(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("Product", "Which plan?")}]}
    )
    args = ("run", "Charge the card", "--agent", "backend", "--agents-dir", agents, "--only",
            "--script", script)  # fmt: skip
    piped = coord(*args, cwd=ws)
    assert piped.returncode == 3, piped.stderr
    (whole,) = _paragraph(piped.stdout, "Waiting for a person")
    assert len(whole) > 80
    terminal = coord(*args, cwd=ws, env=TERMINAL)
    assert terminal.returncode == 3, terminal.stderr
    _wrapped_at_words(_paragraph(terminal.stdout, "Waiting for a person"), whole)


# ---- 5. a forked skill shows in the progress lines and the trace, as a consult does --------


def _fork_run(tmp_path: Path) -> tuple[Path, list[str]]:
    """``coord run`` (in process, piped: progress lines on stderr) of backend invoking the
    ``context: fork`` skill survey: the workspace and the progress lines."""
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND)
    skill(ws / ".claude/skills")
    path = write_script(tmp_path / "s.yaml", script())
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted")
    ran = coord("run", "Ship the service", *base, "--agent", "backend", "--script", path)
    assert ran.returncode == 0, ran.stderr
    return ws, [line.split("] ", 1)[1] for line in ran.stderr.splitlines()]


def test_run_progress_lines_show_the_fork_start_and_end(tmp_path: Path) -> None:
    """The progress said "backend started" twice and nothing of a fork: now the fork's start
    and its result, as a consult's "started (consult on ...)" and "resumed with"."""
    _, lines = _fork_run(tmp_path)
    assert lines == [
        "given to backend, as named (not routed)",
        "backend started",
        "  backend: Skill args=app, skill=survey",
        "backend started",
        "skill survey forked: backend runs it as a sub-agent",
        "backend complete",
        "the forked skill returned: backend's final message is its Skill call's result",
        "backend complete",
    ]
    failed = progress_line(ev.SkillForkDone("a" * 12, 1, "backend", "failed", 2))
    assert failed.endswith("the forked skill failed: its Skill call's result is an error")


def _spans(tmp_path: Path) -> tuple[list[ReadableSpan], list[ReadableSpan]]:
    """A fork's session traced live (the engine's recorder) and replayed from its stored
    events (as ``coord log --otel`` does): both span lists."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator.telemetry.otel import logged_events, recorder

    ws = workspace(tmp_path)
    skill(ws / ".claude/skills")
    registry, settings = Registry([agent("backend", None)]), Settings()
    extras = session_extras(ws, settings, registry, home=tmp_path / "home", managed=None)
    live = InMemorySpanExporter()
    rec = recorder(live)
    store = Store.open(tmp_path / "s.db")
    engine = Engine(
        registry=registry,
        provider=scripted(script()),
        store=store,
        settings=settings,
        workspace=ws,
        preload=extras.preload,
        observer=rec,
    )
    result = asyncio.run(engine.start("Ship the service", agent="backend"))
    rec.close()
    again = InMemorySpanExporter()
    replaying = recorder(again)
    replaying.replay(logged_events(store.events(result.session_id)))
    replaying.close()
    store.close()
    return list(live.get_finished_spans()), list(again.get_finished_spans())


def test_the_trace_shows_the_fork_live_and_replayed(tmp_path: Path) -> None:
    """No span event said a skill forked (the sub-agent's span was there, unnamed as a
    fork): now ``skill_forked`` and ``skill_fork_done`` on the caller's span, and the
    sub-agent's span names the skill, live and in ``coord log --otel``'s replay alike."""
    for spans in _spans(tmp_path):
        agents = [s for s in spans if s.name == "invoke_agent backend"]
        caller = next(s for s in agents if s.parent is not None and s.attributes
                      and "coordinator.fork.skill" not in s.attributes)  # fmt: skip
        [child] = [s for s in agents if s is not caller]
        assert child.parent is not None and child.parent.span_id == caller.context.span_id
        assert (child.attributes or {})["coordinator.fork.skill"] == "survey"
        assert [e.name for e in caller.events] == ["skill_forked", "skill_fork_done"]
        forked, done = (dict(e.attributes or {}) for e in caller.events)
        assert forked == {"coordinator.skill": "survey", "coordinator.agent": "backend"}
        assert done == {"coordinator.agent": "backend", "coordinator.status": "complete"}


# ---- 6. a case expecting an agent the roster lacks does not count where it misleads --------


def test_a_case_for_an_absent_agent_counts_no_wrong_none_nor_a_missed_other(tmp_path: Path) -> None:
    """A case expecting an agent the roster lacks printed "none precision 0% (0/1)" beside
    its warning: the router's "none" was the best this roster could answer. It is still a
    miss for the accuracy a gate reads, and a "none" for a roster agent still counts."""
    bundled = load_registry([REPO / "agents"], only=True, cwd=tmp_path, cache=False)
    cases = [
        Case(request="bake a cake", expect=["kube-guru"]),
        Case(
            request="deploy to kubernetes with helm", expect=["devops-expert"], also=["kube-guru"]
        ),
    ]
    result = evaluate(cases, bundled)
    assert (result.none_precision.total, result.also_recall.total) == (0, 0)
    assert (result.correct, result.total, result.cases_off_roster) == (1, 2, 2)
    assert [m.request for m in result.misses] == ["bake a cake"]
    control = evaluate([Case(request="bake a cake", expect=["devops-expert"])], bundled)
    assert (control.none_precision.hits, control.none_precision.total) == (0, 1)
    path = tmp_path / "cases.yaml"
    path.write_text('- {request: "bake a cake", expect: kube-guru}\n', encoding="utf-8")
    shown = coord("agents", "eval", path, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "none precision" not in shown.stdout, shown.stdout
    assert "expected agent not in the roster: kube-guru" in shown.stdout
