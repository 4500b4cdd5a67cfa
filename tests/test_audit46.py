"""audit46: what an auditor still met after audit45.

``coord sessions --agent NAME`` matched only the agent a session was routed to: an agent
consulted in a session (asked twice) got "no sessions routed to" it, though it worked there.
A failed run's ``coord log --transcript`` stopped at the request: nothing said it failed.
A list cut at ``--limit N`` said "``--limit 2N`` shows more" however many matched.
A waiting session's ``coord log`` tree did not say how to answer it, nor, once answered,
when a person answered and how long the chain waited for it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.events import Routed
from coordinator.store import listing
from coordinator.store.db import SessionQuery, Store

FIRST = {"role": "user", "content": "hi"}
#: backend asks a person (no specialist for Product), then completes once answered.
ASKS = {"backend": [{"text": blocked("Product", "Which plan?")}, {"text": report("Complete")}]}


def _ran(tmp_path: Path, request: str, script: dict[str, Any]) -> dict[str, Any]:
    """``coord run REQUEST --json`` routed to backend with ``script``'s agents in a fresh
    demo workspace: the workspace, agents, script, exit code and result."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", *script)
    scripted = write_script(tmp_path / "s.yaml", script)
    ran = coord("run", request, "--workspace", ws, "--agents-dir", agents, "--only",
                "--agent", "backend", "--script", scripted, "--json")  # fmt: skip
    out = json.loads(ran.stdout)
    return {"ws": ws, "agents": agents, "script": scripted, "exit": ran.returncode, **out}


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """backend asks ops twice, then completes; ops answers both. Built once: the tests
    only read it."""
    tmp_path = tmp_path_factory.mktemp("consulted")
    ran = _ran(
        tmp_path,
        "Add the task service",
        {
            "backend": [
                {"text": blocked("Devops", "The port")},
                {"text": blocked("Devops", "The host")},
                {"text": report("Complete", "Done")},
            ],
            "ops": [{"text": report("Complete", "Port 8000")}, {"text": report("Complete", "h")}],
        },
    )
    assert ran["exit"] == 0, ran
    return ran


def test_sessions_agent_finds_a_session_the_agent_was_consulted_in(
    chain: dict[str, Any],
) -> None:
    shown = coord("sessions", "--agent", "ops", "--workspace", chain["ws"], "--json")
    assert shown.returncode == 0, shown.stderr
    (line,) = json.loads(shown.stdout)
    assert (line["session"], line["agent"]) == (chain["session"], "backend")


def test_the_table_says_the_agent_was_consulted_not_routed_to(chain: dict[str, Any]) -> None:
    shown = coord("sessions", "--agent", "ops", "--workspace", chain["ws"])
    assert shown.returncode == 0, shown.stderr
    assert chain["session"][:8] in shown.stdout
    assert shown.stderr == (
        "ops was consulted in 1 of the 1 sessions shown (the agent column names the one"
        " each was routed to)\n"
    )
    routed = coord("sessions", "--agent", "backend", "--workspace", chain["ws"])
    assert chain["session"][:8] in routed.stdout and routed.stderr == ""


def test_an_empty_list_says_where_the_agent_ran(chain: dict[str, Any]) -> None:
    none = coord("sessions", "--agent", "ops", "--status", "failed", "--workspace", chain["ws"])
    said = f"no sessions with status failed, where ops ran in workspace {chain['ws']}\n"
    assert (none.returncode, none.stdout) == (0, said)


def _consulting(store: Store, ws: Path, asked: str) -> str:
    """A session routed to backend, which consulted ``asked``."""
    sid = store.create_session("r", ws, {})
    with store.transaction():
        root = store.start_run(
            sid, agent="backend", model="m", depth=0, max_turns=5, first_message=FIRST
        )
        store.start_run(sid, agent=asked, model="m", depth=1, max_turns=5,
                        parent_run_id=root, domain="D", first_message=FIRST)  # fmt: skip
        store.add_event(Routed(sid, None, "r", "backend"))
    return sid


def test_the_store_matches_any_agent_that_ran_on_both_backends(
    store: Store, tmp_path: Path
) -> None:
    a = _consulting(store, tmp_path, "dba")
    b = _consulting(store, tmp_path, "ops")

    def ids(agent: str) -> list[str]:
        return [s.row.id for s in store.find_sessions(SessionQuery(agent=agent))]

    assert (ids("dba"), ids("ops"), ids("backend")) == ([a], [b], [b, a])
    (found,) = store.find_sessions(SessionQuery(agent="dba"))
    assert found.agent == "backend"  # still the agent it was routed to
    assert store.ran_agents() == ["backend", "dba", "ops"]


@pytest.fixture(scope="module")
def failed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A session whose only run the model refused."""
    refused = {"text": "I can't help with that.", "stop_reason": "refusal"}
    ran = _ran(tmp_path_factory.mktemp("failed"), "Add the task service", {"backend": [refused]})
    assert ran["exit"] == 1, ran
    return ran


def test_a_failed_runs_transcript_ends_with_its_failure(failed: dict[str, Any]) -> None:
    shown = coord("log", failed["session"], "--transcript", "--workspace", failed["ws"],
                  env={"COLUMNS": "200"})  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-2:] == [
        "[to agent] Add the task service",
        "✘ Failed (refusal): the model declined to continue (stop_reason: refusal)",
    ]
    tree = coord("log", failed["session"], "--workspace", failed["ws"], env={"COLUMNS": "200"})
    assert shown.stdout.splitlines()[-1].strip() in tree.stdout  # the line the tree shows


def test_a_failed_runs_transcript_json_ends_with_a_failed_entry(failed: dict[str, Any]) -> None:
    shown = coord("log", failed["session"], "--transcript", "--json", "--workspace", failed["ws"])
    entries = json.loads(shown.stdout)["transcript"]
    assert isinstance(entries[-1].pop("at"), float)  # when the run ended (audit105)
    assert entries[-1] == {
        "kind": "failed",
        "run": entries[0]["run"],
        "agent": "backend",
        "failure_kind": "refusal",
        "text": "the model declined to continue (stop_reason: refusal)",
    }


NARROW = "--since, --status, --agent or --search narrow them"


def test_a_cut_list_says_how_many_match_and_the_limit_that_shows_them_all(
    store: Store, store_db: str, tmp_path: Path
) -> None:
    for _ in range(5):
        _consulting(store, tmp_path, "dba")
    cut = coord("sessions", "--db", store_db, "--limit", "2", "--json")
    assert len(json.loads(cut.stdout)) == 2
    assert (
        cut.stderr == f"5 sessions match, the newest 2 shown: --limit 5 shows them all; {NARROW}\n"
    )
    assert coord("sessions", "--db", store_db, "--limit", "5").stderr == ""
    assert store.count_sessions(SessionQuery(agent="dba"), 3, 5000) == (3, False)  # to 3 only


def test_past_the_count_a_cut_list_says_more_than_it(
    store: Store, store_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "COUNTED_AT_MOST", 3)
    for _ in range(5):
        _consulting(store, tmp_path, "dba")
    cut = coord("sessions", "--db", store_db, "--limit", "2")
    assert cut.stderr == f"more than 3 sessions match, the newest 2 shown: {NARROW}\n"


def test_interrupted_ones_are_not_counted_and_no_limit_is_guessed(
    store: Store, store_db: str, tmp_path: Path
) -> None:
    for _ in range(3):  # running, held by nobody: interrupted
        _consulting(store, tmp_path, "dba")
    cut = coord("sessions", "--db", store_db, "--status", "interrupted", "--limit", "1")
    assert cut.stderr == f"more sessions match than the 1 shown (the newest): {NARROW}\n"


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A session whose agent asks a person (no specialist for Product), not answered yet."""
    ran = _ran(tmp_path_factory.mktemp("asked"), "Add billing", ASKS)
    assert ran["exit"] == 3, ran
    return ran


def test_a_waiting_sessions_tree_ends_with_how_to_answer_it(asked: dict[str, Any]) -> None:
    shown = coord("log", asked["session"], "--workspace", asked["ws"], env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    sid = asked["session"]
    here = f"--workspace {asked['ws']}"  # mend109: shown from another folder
    assert (
        shown.stdout.splitlines()[-1] == f'Answer with: coord resume {sid} {here} --context "..."'
    )
    assert shown.stdout.splitlines()[-1] == asked["hint"]  # what `coord run` printed


def test_a_finished_sessions_tree_has_no_such_line(chain: dict[str, Any]) -> None:
    shown = coord("log", chain["session"], "--workspace", chain["ws"], env={"COLUMNS": "200"})
    assert "coord resume" not in shown.stdout


def test_an_answer_says_when_a_person_gave_it_and_how_long_the_chain_waited(
    tmp_path: Path,
) -> None:
    ran = _ran(tmp_path, "Add billing", ASKS)
    ws, sid = ran["ws"], ran["session"]
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as con:  # asked 2 h ago
        con.execute("UPDATE delegations SET created_at = created_at - 7200")
    con.close()
    answered = coord("resume", sid, "--context", "The pro plan", "--workspace", ws,
                     "--agents-dir", ran["agents"], "--script", ran["script"])  # fmt: skip
    assert answered.returncode == 0, answered.stdout + answered.stderr
    (question,) = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)["chain"][
        "questions"
    ]
    assert 7200 <= question["answered_at"] - question["asked_at"] < 7300
    when = datetime.fromtimestamp(question["answered_at"]).strftime("%Y-%m-%d %H:%M")
    tree = coord("log", sid, "--workspace", ws, env={"COLUMNS": "200"}).stdout
    who = question["person"]  # (audit106: who answered, the test's OS user here)
    said = f"↩ resumed backend with a person's answer ({who}) · {when}, waited 2h"
    assert any(line.endswith(said) for line in tree.splitlines()), tree
