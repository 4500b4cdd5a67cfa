"""review127: provider108's mends of the Messages API's answers, reviewed as a user would
meet them (``coord run``/``resume`` on the real SDK against the loopback fake, ``strict``).

A blank reply is mended where it is sent, so a stored one (an older store's, or any other
path's) no longer fails every later call; a whitespace-only reply is blank too; ``resume
--model`` is stored, so the next plain resume keeps it; a model that keeps answering empty,
or keeps cutting a tool call at ``max_tokens``, ends its run on a bound.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from cli import coord as run_coord
from fake_messages_server import FakeMessagesServer, error, message
from test_provider108_api import (
    GLOB,
    KEY_REJECTED,
    MODEL,
    REPORT,
    coord,
    interrupted,
    reply,
    run,
    run_nope_agent,
    sent,
    workspace,
)

from coordinator.store.paths import DEFAULT_DB


def test_a_whitespace_only_reply_is_mended_too(tmp_path: Path) -> None:
    """The API answers a reply of only whitespace ("\\n\\n") now and then, and refuses it
    back (``text content blocks must contain non-whitespace text``): stored as it came, the
    next call was a 400 and the run failed."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(
            message("Looking.", tool_calls=[GLOB]),
            reply([{"type": "text", "text": "\n\n"}], "end_turn"),
        )
        server.reply(message(REPORT, model=MODEL))
        ran = run(server, ws)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        third = sent(server, 2)
    assert third[2] == {"role": "assistant", "content": [{"type": "text", "text": "(no reply)"}]}


def test_a_blank_turn_already_stored_is_mended_when_sent(tmp_path: Path) -> None:
    """A store written before provider108 (or by any path that stores a turn without its
    mend) holds an empty text block: every call of the resumed run was a 400, the run
    failed. Now it is dropped on the way out; the store is left as it is."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(message("Looking.", tool_calls=[GLOB], model=MODEL), KEY_REJECTED)
        first = run(server, ws)
        assert first.returncode == 4, first.stdout + first.stderr
        session = interrupted(first.stdout)
        with closing(sqlite3.connect(ws / DEFAULT_DB)) as con, con:
            (content,) = con.execute("SELECT content FROM messages WHERE idx = 1").fetchone()
            blocks = json.loads(content)
            assert blocks[0] == {"type": "text", "text": "Looking."}
            blocks[0]["text"] = ""
            con.execute("UPDATE messages SET content = ? WHERE idx = 1", (json.dumps(blocks),))

        server.reply(message(REPORT, model=MODEL))
        again = coord(server, ws, "resume", session)
        assert again.returncode == 0, again.stdout + again.stderr
        resent = sent(server, 2)
    assert resent[0]["content"] == blocks[1:]  # the tool call kept, its blank text dropped


def test_resume_model_is_kept_for_the_next_resume(tmp_path: Path) -> None:
    """``coord resume ID --model M`` after a 404: the run calls M, and a later plain
    ``coord resume`` (after a rejected key, a Ctrl-C, a 429) called the refused model
    again: --model was not stored."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(message("Looking.", tool_calls=[GLOB], model=MODEL))
        server.reply(error(404, "not_found_error", "model: claude-nope"))
        session = interrupted(run(server, ws).stdout)
        server.reply(KEY_REJECTED)
        again = coord(server, ws, "resume", session, "--model", "haiku")
        assert again.returncode == 4, again.stdout + again.stderr
        server.reply(message(REPORT, model=MODEL))
        last = coord(server, ws, "resume", session)
        assert last.returncode == 0, last.stdout + last.stderr
        models = [r.body["model"] for r in server.requests]
    assert models[0] != MODEL and models[2:] == [MODEL, MODEL]


def test_sendable_message_leaves_a_good_message_as_it_is() -> None:
    """The mend copies only a message it changes (the encoder's cache compares them)."""
    from coordinator.providers.body import sendable_message  # (none on the start tree)

    good = {"role": "assistant", "content": [{"type": "text", "text": "ok"}]}
    assert sendable_message(good) is good
    user = {"role": "user", "content": " "}
    assert sendable_message(user) == {
        "role": "user",
        "content": [{"type": "text", "text": "(empty)"}],
    }


def test_a_404_for_an_agent_files_model_names_that_file_and_line(tmp_path: Path) -> None:
    """A 404 for the model an agent's own ``model:`` asks for: the hint named only
    --model, the agent's `model:` and the settings in general; now the file and line."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        ran, agent = run_nope_agent(server, ws)
        assert ran.returncode == 4, ran.stdout + ran.stderr
        assert server.requests[0].body["model"] == "claude-nope-9"
    said = json.loads(ran.stdout)
    assert f"`model: claude-nope-9` in {agent}:4" in said["hint"], said
    assert "coord resume" in said["hint"]


def test_a_model_that_keeps_cutting_its_tool_call_ends_saying_which_and_what_to_raise(
    tmp_path: Path,
) -> None:
    """A model whose every reply is a tool call cut at ``max_tokens``: bounded (the continue
    prompts, then the run fails), but the reason said only "hit the output token limit
    (8192) 4 times": not which call, nor what to change."""
    ws = workspace(tmp_path)
    cut = {"type": "tool_use", "id": "toolu_cut", "name": "Write", "input": {"file_path": "a"}}
    with FakeMessagesServer(lambda rec: reply([cut], "max_tokens"), strict=True) as server:
        ran = run(server, ws)
        calls = len(server.requests)
    assert ran.returncode == 1 and calls == 4, ran.stdout
    reason = json.loads(ran.stdout)["reason"]
    assert "4 times, the last in its call of Write (not run)" in reason
    assert "max_output_tokens" in reason


def test_guard_a_model_that_always_answers_empty_is_bounded(tmp_path: Path) -> None:
    """Guard: a model answering an empty ``end_turn`` every time ends on the report
    repairs (3 calls), needs review, its text "(no reply)"; never a 400, never a loop."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(lambda rec: reply([], "end_turn"), strict=True) as server:
        ran = run(server, ws)
        calls = len(server.requests)
    result = json.loads(ran.stdout)
    assert ran.returncode == 2 and calls == 3, ran.stdout
    assert result["status"] == "needs_review" and result["text"] == "(no reply)"


def test_a_proxy_setting_httpx_cannot_use_is_one_line_without_its_password(
    tmp_path: Path,
) -> None:
    """``HTTP_PROXY`` with a port that is no number (or a SOCKS proxy without socksio, a
    scheme httpx does not know): a traceback from deep in httpx; now one line naming the
    setting, the proxy's password never shown, no call made."""
    ws = workspace(tmp_path)
    proxy = "http://alice:hunter2pw@127.0.0.1:abc"
    with FakeMessagesServer(strict=True) as server:
        ran = run_coord(
            "run",
            "Add a field",
            "--agent",
            "fastapi-backend-expert",
            "-w",
            str(ws),
            "--base-url",
            server.base_url,
            "--json",
            cwd=ws.parent,
            env={
                "ANTHROPIC_API_KEY": "sk-ant-api03-REVIEW127-0123456789abcdefghij",
                "HTTP_PROXY": proxy,
            },
        )
        assert not server.requests
    assert ran.returncode == 4, ran.stdout + ran.stderr
    said = json.loads(ran.stdout)
    assert "through the proxy" in said["error"] and "HTTP_PROXY" in said["error"]
    assert "hunter2pw" not in ran.stdout + ran.stderr


async def test_resume_model_the_allowlist_swaps_is_said(tmp_path: Path) -> None:
    """``coord resume ID --model opus`` where the managed availableModels refuses Opus:
    the runs went on on another model in silence (the notes spoke of the stored models,
    which --model replaces); now one line names --model, in a run's own words."""
    from kit import blocked
    from test_compat69_managed import Run
    from test_compat74_managed import write

    from coordinator.runtime.launch import _GOING_ON, _resumed_models
    from coordinator.runtime.permission_files import load_permissions

    r = Run(tmp_path, {"backend": [{"text": blocked("Tests", "Which test framework to use")}]})
    first = await r.start("Add an endpoint")
    assert first.question is not None
    write(r.managed, {"availableModels": ["sonnet"]})
    going_on = [run for run in r.store.runs(first.session_id) if run.status in _GOING_ON]
    rules = load_permissions(r.ws, home=r.home, managed=r.managed)
    assert _resumed_models(going_on, rules, r.settings) == []  # stored: sonnet, permitted
    lines = _resumed_models(going_on, rules, r.settings, "opus")
    assert lines == [
        f"warning: --model: availableModels ({r.managed}) does not permit opus "
        f"({r.settings.resolve_model('opus')}): runs on {r.settings.resolve_model('sonnet')}"
    ], lines
