"""mend111: review127's and review126's leftovers, met as a user meets them (``coord run``,
``resume`` and ``log`` on the real SDK against the loopback fake, ``strict``: it refuses
what the real API refuses, in its words).

A blank text block inside a tool result's content is mended at sending, as one outside is;
a ``pause_turn``'s text sent back as the final assistant message loses the whitespace at its
end; the hint of a 403/404 (what to fix) is stored with the interruption, so ``coord log``
of a session another process drove shows it; ``coord agents new`` refuses a trigger that
starts with "-" (an option taken as the word of ``-t``).
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
    KEY,
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


def test_a_blank_block_inside_a_tool_result_is_mended_when_sent(tmp_path: Path) -> None:
    """A tool result whose content is a list of blocks (an older store's, any path storing
    one) holding an empty or whitespace-only text block: the API refuses it like one
    outside (``text content blocks must contain non-whitespace text``), and review127's
    mend looked only at the message's own blocks, so every call of the resumed run was a
    400 and it failed. Now those blocks are dropped too, none left sent as ``(empty)``."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(message("Looking.", tool_calls=[GLOB, GLOB], model=MODEL), KEY_REJECTED)
        session = interrupted(run(server, ws).stdout)
        with closing(sqlite3.connect(ws / DEFAULT_DB)) as con, con:
            (content,) = con.execute("SELECT content FROM messages WHERE idx = 2").fetchone()
            results = json.loads(content)
            results[0]["content"] = [{"type": "text", "text": " \n"}, {"type": "text", "text": "a"}]
            results[1]["content"] = [{"type": "text", "text": ""}]
            con.execute("UPDATE messages SET content = ? WHERE idx = 2", (json.dumps(results),))

        server.reply(message(REPORT, model=MODEL))
        again = coord(server, ws, "resume", session)
        assert again.returncode == 0, again.stdout + again.stderr
        resent = sent(server, 2)[1]["content"]
    assert resent[0]["content"] == [{"type": "text", "text": "a"}]
    assert resent[1]["content"] == [{"type": "text", "text": "(empty)"}]


def test_a_paused_turn_sent_back_loses_the_whitespace_at_its_end(tmp_path: Path) -> None:
    """``pause_turn``: the reply is sent back as the final assistant message for the model
    to go on, and the API refuses one whose text ends in whitespace (``final assistant
    content cannot end with trailing whitespace``): the run failed on its next call."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(reply([{"type": "text", "text": "Searching the web.\n\n"}], "pause_turn"))
        server.reply(message(REPORT, model=MODEL))
        ran = run(server, ws)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        last = sent(server, 1)[-1]
    assert last == {
        "role": "assistant",
        "content": [{"type": "text", "text": "Searching the web."}],
    }


def test_an_earlier_assistant_message_keeps_its_whitespace() -> None:
    """Only the final assistant message is trimmed (the API refuses trailing whitespace
    there only); an earlier one is sent as the model wrote it."""
    from coordinator.providers.body import sendable_messages  # (none on the start tree)

    said = {"role": "assistant", "content": [{"type": "text", "text": "Table:\n| a |\n"}]}
    user = {"role": "user", "content": "go on"}
    assert sendable_messages([said, user]) == [said, user]
    trimmed = sendable_messages([user, said])[1]
    assert trimmed["content"][0]["text"] == "Table:\n| a |"
    assert said["content"][0]["text"] == "Table:\n| a |\n"  # the caller's left as it is


def test_a_404s_hint_is_stored_with_the_interruption(tmp_path: Path) -> None:
    """The hint of a 404 (the agent file and line asking for the model, --model) was given
    only to the command that met it: ``coord log`` of the session (a worker's, a detached
    one, or this one later) showed the error alone. Now the ``interrupted`` event keeps it
    (``hint``) and the text view shows it above ``Continue with``."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        ran, agent = run_nope_agent(server, ws)
    session = interrupted(ran.stdout)
    logged = json.loads(coord(server, ws, "log", session).stdout)
    (event,) = [e for e in logged["events"] if e["kind"] == "interrupted"]
    where = f"`model: claude-nope-9` in {agent}:4"
    assert where in event["hint"], event
    assert "coord resume" not in event["hint"]  # how to continue: the log's own `resume`
    shown = run_coord("log", session, "-w", ws, env={"ANTHROPIC_API_KEY": KEY, "COLUMNS": "400"})
    lines = shown.stdout.splitlines()
    assert (
        lines[-3]
        == "Interrupted: the API found no such model (404 not_found_error: model: claude-nope-9)"
    )
    assert lines[-2].startswith("To fix: nope-expert's model comes from ") and where in lines[-2]
    assert lines[-1].startswith(f"Continue with: coord resume {session}")


def test_an_interruption_stored_before_its_hint_shows_no_fix(tmp_path: Path) -> None:
    """An ``interrupted`` event stored before ``hint`` was recorded (or by an error saying
    nothing to fix): ``coord log`` ends as before, ``--json``'s ``hint`` null (guard)."""
    ws = workspace(tmp_path)
    with FakeMessagesServer(strict=True) as server:
        server.reply(error(404, "not_found_error", "model: claude-nope"))
        session = interrupted(run(server, ws).stdout)
    with closing(sqlite3.connect(ws / DEFAULT_DB)) as con, con:
        (seq, data) = con.execute(
            "SELECT seq, data FROM events WHERE kind = 'interrupted'"
        ).fetchone()
        older = {k: v for k, v in json.loads(data).items() if k != "hint"}
        con.execute("UPDATE events SET data = ? WHERE seq = ?", (json.dumps(older), seq))
    logged = json.loads(coord(server, ws, "log", session).stdout)
    (event,) = [e for e in logged["events"] if e["kind"] == "interrupted"]
    assert event["hint"] is None and event["exit_code"] == 4
    shown = run_coord("log", session, "-w", ws, env={"COLUMNS": "400"}).stdout.splitlines()
    assert shown[-1].startswith(f"Continue with: coord resume {session}")
    assert not any(line.startswith(("Interrupted:", "To fix:")) for line in shown)


def test_agents_new_refuses_a_trigger_starting_with_a_dash(tmp_path: Path) -> None:
    """``-t -x`` took the option as the trigger word: the router reads no dash, so "-x"
    never matched and ``try``'s ``coord route -x`` was "No such option". Refused now,
    naming it, with the word to give; nothing written."""
    folder = tmp_path / "agents"
    for dashed, example in (("-x", "--trigger refund"), ("--force", "--trigger force")):
        ran = run_coord(
            "agents", "new", "pay-expert", "--domain", "Payments", "-t", "refund",
            "-t", dashed, "--agents-dir", folder, "--json", cwd=tmp_path,
        )  # fmt: skip
        said = json.loads(ran.stdout)
        assert ran.returncode == 4, said
        assert f"trigger '{dashed}' starts with '-'" in said["error"]
        assert example in said["hint"]
    assert not folder.exists() or not any(folder.iterdir())
