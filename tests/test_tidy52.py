"""tidy52: rough edges in daily use.

* ``coord route`` said "No specialist fits this request." (and its reason again, "no
  specialist fits: …") where ``coord run`` said "no agent fits this request: …": one
  wording now, built in one place (``lexical.no_fit_words``); the JSON is as it was.
* ``coord log --transcript`` headed each run "(run 3, MODEL)", the database's id: now its
  place in the chain, "(consult 1 of 2 for backend, MODEL)" (``session_log.run_places``).
* A ``--script`` entry of the wrong kind said pydantic's "Input should be a valid integer,
  unable to parse string as an integer": now coord's words, "must be a whole number (got
  'lots')", after the file, line and field (``yamlfile.refused_value``; a config setting too).
* ``coord stats --here`` on a shared store counted every workspace's sessions: the
  statements take a workspace (both backends here; the command: test_tidy52_pg).
* ``coord agents show``/``validate`` said the user's skills and memory are in ``~/.claude``
  with ``CLAUDE_CONFIG_DIR`` moving them: now ``$CLAUDE_CONFIG_DIR``, as coord's messages do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, write_agents, write_script

from coordinator.errors import EXIT_USER_ERROR
from coordinator.store import spend
from coordinator.store.db import Store

# ---- one wording when no agent fits -------------------------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "What should I cook for dinner tonight?",  # everyday life: no nearest candidates
        "our ERC-20 transfer costs way too much gas",  # a nearest one explains too little
    ],
)
def test_route_and_run_say_the_same_words_when_no_agent_fits(
    tmp_path: Path, request_text: str
) -> None:
    env = {"COLUMNS": "300"}  # each on one line
    routed = coord("route", request_text, cwd=tmp_path, env=env)
    ran = coord("run", request_text, cwd=tmp_path, env=env)
    assert routed.returncode == ran.returncode == EXIT_USER_ERROR
    said = ran.stderr.splitlines()[0].removeprefix("error: ")
    assert said.startswith("no agent fits this request: ")
    assert routed.stdout.splitlines()[0] == said[:1].upper() + said[1:]
    assert "specialist" not in routed.stdout + ran.stderr
    as_json = json.loads(coord("route", request_text, "--json", cwd=tmp_path).stdout)
    assert as_json["agent"] is None  # the JSON in the same words (daily72)
    assert as_json["reason"] == said


# ---- the transcript names a run by its place in the chain ----------------------------------


def test_the_transcript_heads_each_run_with_its_place_not_its_database_id(
    tmp_path: Path,
) -> None:
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    script = write_script(
        tmp_path / "s.yaml",
        {
            "backend": [
                {"text": blocked("Database", "The table schema")},
                {"text": blocked("Database", "The index")},
                {"text": report("Complete")},
            ],
            "dba": [{"text": report("Complete", "Schema is X")}],
        },
    )
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--agents-dir", agents,
                "--only", "--script", script, "--json", cwd=tmp_path)  # fmt: skip
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--transcript", cwd=tmp_path, env={"COLUMNS": "200"})
    heads = [  # (each run's start after its heading: audit105)
        line.partition(") at ")[0] + ")"
        for line in shown.stdout.splitlines()
        if line.startswith("── ")
    ]
    data = json.loads(coord("log", sid, "--transcript", "--json", cwd=tmp_path).stdout)
    model = data["transcript"][0]["model"]
    assert heads == [
        f"── backend (the request, {model})",
        f"── dba (consult 1 of 2 for backend, {model})",
        f"── dba (consult 2 of 2 for backend, {model})",
    ]
    places = [e["place"] for e in data["transcript"] if e["kind"] == "run"]
    assert places == ["the request", "consult 1 of 2 for backend", "consult 2 of 2 for backend"]


# ---- a script's value of the wrong kind, in coord's words ----------------------------------


@pytest.mark.parametrize(
    ("turn", "said"),
    [
        ("text: ok\n      usage: {input_tokens: lots}",
         "4: agents.backend[0].usage.input_tokens: must be a whole number (got 'lots')"),
        ("text: [a, b]", "3: agents.backend[0].text: must be text (got a list)"),
        ("text: 5",
         "3: agents.backend[0].text: must be text (YAML read 5: put the text in quotes)"),
        ("error: {status: 200}",
         "3: agents.backend[0].error.status: must be at least 400 (got 200)"),
        ("text: ok\n      latency_ms: -1",
         "4: agents.backend[0].latency_ms: must be at least 0 (got -1)"),
        ("text: ok\n      stop_reason: done",
         "4: agents.backend[0].stop_reason: must be 'end_turn', 'max_tokens', 'stop_sequence',"
         " 'tool_use', 'pause_turn', 'refusal' or 'model_context_window_exceeded' (got 'done')"),
    ],
)  # fmt: skip
def test_a_script_value_of_the_wrong_kind_says_what_it_must_be(
    tmp_path: Path, turn: str, said: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = tmp_path / "s.yaml"
    script.write_text(f"agents:\n  backend:\n    - {turn}\n", encoding="utf-8")
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--agents-dir", agents,
                "--only", "--script", script, cwd=tmp_path)  # fmt: skip
    assert (ran.returncode, ran.stderr) == (EXIT_USER_ERROR, f"error: {script}:{said}\n")


def test_a_config_setting_of_the_wrong_kind_says_what_it_must_be(tmp_path: Path) -> None:
    config = tmp_path / "coord.yaml"
    config.write_text("max_turns: lots\n", encoding="utf-8")
    (tmp_path / "ws").mkdir()
    ran = coord("config", "--config", config, cwd=tmp_path / "ws")
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.startswith(
        f"error: {config}:1: invalid setting 'max_turns': must be a whole number (got 'lots')"
    ), ran.stderr


# ---- stats keep to one workspace when asked -----------------------------------------------


def test_the_stats_statements_keep_to_one_workspace(store: Store, tmp_path: Path) -> None:
    here, there = (str(tmp_path / name) for name in ("here", "there"))
    for ws, agent in ((here, "backend"), (there, "dba"), (there, "dba")):
        sid = store.create_session(f"Task in {ws}", Path(ws), {})
        first = {"role": "user", "content": "hi"}
        store.start_run(sid, agent=agent, model="m", depth=0, max_turns=5, first_message=first)
    runless = store.create_session("Refused there", Path(there), {})
    assert [run.agent for run, *_ in store.runs_since(None)] == ["backend", "dba", "dba"]
    assert [run.agent for run, *_ in store.runs_since(None, here)] == ["backend"]
    assert [sid for sid, _ in store.runless_since(None, here)] == []
    assert [sid for sid, _ in store.runless_since(0.0, there)] == [runless]
    assert {row.agent: row.runs for row in spend.stats_of(store, None, there)} == {"dba": 2}


# ---- the fields table names the Claude Code folder coord reads -----------------------------


@pytest.mark.parametrize(
    ("value", "folder"), [("", "~/.claude"), ("/opt/claude-config", "$CLAUDE_CONFIG_DIR")]
)
def test_agents_show_names_the_claude_code_folder_coord_reads(
    tmp_path: Path, value: str, folder: str
) -> None:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "planner.md").write_text(
        "---\nname: planner\ndescription: Plans.\nskills: [a]\nmemory: user\n---\nBody\n",
        encoding="utf-8",
    )
    env = {"CLAUDE_CONFIG_DIR": value}
    shown = coord("agents", "show", "planner", "--agents-dir", agents, "--only", "--json",
                  cwd=tmp_path, env=env)  # fmt: skip
    notes = {f["field"]: f["note"] for f in json.loads(shown.stdout)["fields"]}
    assert f"({folder}/skills/NAME, then .claude/skills/NAME)" in notes["skills"]
    assert f"user memory ({folder}/agent-memory/NAME) is read-only" in notes["memory"]
    checked = coord("agents", "validate", agents, "--json", cwd=tmp_path, env=env)
    fields = {f["field"]: f["note"] for f in json.loads(checked.stdout)["fields"]}
    assert fields["skills"] == notes["skills"] and fields["memory"] == notes["memory"]
