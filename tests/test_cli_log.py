"""``coord log`` and ``coord sessions``: the stored chain as a tree, JSON and a table."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from cli import coord, coord_probe
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.runtime.answerer import answering_person

USAGE = {"input_tokens": 1000, "output_tokens": 100}
PRICED = """\
default_model: test-model
prices: {test-model: {input: 3.0, output: 15.0, cache_write: 3.75, cache_read: 0.3}}
"""


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One complete chain and one waiting session in the same workspace (built once: the
    tests only read them)."""
    tmp_path = tmp_path_factory.mktemp("chain")
    ws = workspace(tmp_path)
    user_config = Path.home() / ".config" / "coordinator" / "config.yaml"  # prices: not in ws
    user_config.parent.mkdir(parents=True)
    user_config.write_text(PRICED)
    agents = write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"when": "task", "usage": USAGE, "text": blocked("Database", "User schema")},
                {"when": "task", "usage": USAGE, "text": report("Complete", "Task endpoint")},
                {"when": "Document", "usage": USAGE, "text": blocked("Docs", "Where docs live")},
            ],
            "dba": [{"usage": USAGE, "text": "email: str\n" + report("Complete", "User schema")}],
        },
    )
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--provider", "scripted"]
    base += ["--agent", "backend", "--script", script, "--json"]
    done = coord("run", "Add a task endpoint", *base)
    waiting = coord("run", "Document the API", *base)
    assert (done.returncode, waiting.returncode) == (0, 3), done.stderr + waiting.stderr
    return {
        "asker": answering_person(ws),
        "ws": ws,
        "done": json.loads(done.stdout)["session"],
        "waiting": json.loads(waiting.stdout)["session"],
    }


def normalised(text: str, *ids: str, asker: str = "") -> str:
    for n, sid in enumerate(ids):
        text = text.replace(sid, f"<session{n}>")
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(?: UTC(?:[+-]\d\d:\d\d)?)?", "<started>", text)
    here = f"{socket.gethostname()}:{os.getpid()}"
    text = text.replace(f"started by {asker} on {here}\n", "started by <asker> on <this process>\n")
    return re.sub(r"\d+\.\ds\b", "N.Ns", text)


def test_log_draws_the_delegation_tree(chain: dict[str, Any]) -> None:
    """The tree; the line under its request names who asked (the user's own git identity,
    else the OS user) and the process that started the session (audit112: ``coord run`` ran
    in this process)."""
    proc = coord("log", chain["done"][:6], "--workspace", chain["ws"])
    assert proc.returncode == 0, proc.stderr
    assert chain["asker"]
    assert normalised(proc.stdout, chain["done"], asker=chain["asker"]) == (
        """\
session <session0>  complete  <started>  3.3k tokens · $0.0135
└── “Add a task endpoint”
    started by <asker> on <this process>
    └── backend  complete  2 turns · 2.2k tok · $0.0090 · N.Ns
        ├── Blocked on Database — Required: User schema
        │     Blocker: Missing context
        │   ├── dba  complete  1 turn · 1.1k tok · $0.0045 · N.Ns
        │   │   └── ✔ Complete: User schema
        │   └── ↩ resumed backend with dba's answer
        └── ✔ Complete: Task endpoint
"""
    )


def test_log_of_a_waiting_session_shows_the_question(chain: dict[str, Any]) -> None:
    proc = coord("log", chain["waiting"], "--workspace", chain["ws"])
    assert "Blocked on Docs — Required: Where docs live" in proc.stdout
    assert "⏸ waiting for a person (no specialist for this domain)" in proc.stdout


def test_log_json_has_the_tree_and_every_event(chain: dict[str, Any]) -> None:
    proc = coord("log", chain["done"], "--workspace", chain["ws"], "--json")
    out = json.loads(proc.stdout)
    assert (out["status"], out["tokens"]) == ("complete", 3300)
    root = out["chain"]
    assert (root["agent"], root["turns"], root["tokens"]) == ("backend", 2, 2200)
    (question,) = root["questions"]
    assert (question["domain"], question["required"], question["answered_by"]) == (
        "database",
        "User schema",
        "dba",
    )
    assert question["consult"]["agent"] == "dba"
    assert out["events"][0]["kind"] == "routed"
    assert [e["seq"] for e in out["events"]] == sorted(e["seq"] for e in out["events"])
    assert out["events"][-1]["kind"] == "completed"


def test_sessions_lists_and_filters_by_status(chain: dict[str, Any]) -> None:
    listed = json.loads(coord("sessions", "--workspace", chain["ws"], "--json").stdout)
    assert [(s["session"], s["status"]) for s in listed] == [
        (chain["waiting"], "waiting"),
        (chain["done"], "complete"),
    ]
    only = json.loads(
        coord("sessions", "--status", "waiting", "--workspace", chain["ws"], "--json").stdout
    )
    assert [s["session"] for s in only] == [chain["waiting"]]
    table = coord("sessions", "--workspace", chain["ws"]).stdout
    assert chain["done"] in table and "Document the" in table
    assert "$0.0135" in table  # 3 calls x (1000 in x $3/M + 100 out x $15/M)
    bad = coord("sessions", "--status", "bogus", "--workspace", chain["ws"])
    assert bad.returncode == 4 and "unknown status 'bogus'" in bad.stderr


def test_no_database_yet_is_a_clear_error(tmp_path: Path) -> None:
    """A ``--db`` file not made yet is an error (a typo?); a workspace nothing ran in
    lists none, with ``--workspace`` as with ``--here`` (daily112: it was this error)."""
    proc = coord("sessions", "--db", tmp_path / "sessions.db")
    assert proc.returncode == 4
    assert "no session database at" in proc.stderr
    fresh = coord("sessions", "--workspace", tmp_path)
    assert fresh.returncode == 0 and fresh.stdout.startswith("no sessions in workspace")
    assert not (tmp_path / ".coordinator").exists()  # reading never creates one


def test_log_and_sessions_never_import_the_model_sdk(chain: dict[str, Any]) -> None:
    for args in (
        ["log", chain["done"], "--workspace", str(chain["ws"])],
        ["sessions", "--workspace", str(chain["ws"])],
    ):
        probe = coord_probe(*args)
        assert probe.returncode == 0, probe.stderr
        assert "coordinator.store.db" in probe.modules  # the probe saw the command run
        heavy = sorted(
            m for m in probe.modules if m.split(".")[0] in ("anthropic", "httpx2", "httpx")
        )
        assert heavy == [], f"coord {args[0]} imported {heavy}"
