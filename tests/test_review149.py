"""review149: secrets115's stored-text scrubbing must leave every stored JSON text valid.

The store scrubs a message's JSON text as a whole (``message_log``) and ``log --json``'s
output as a whole: a credential's value found right after a JSON escape (``password:\\n``
then the value on the next line, ``TOKEN=\\t...``, a PEM body cut before an escaped quote)
was redacted with the escape's backslash left standing (``\\[redacted]``), or half of
``\\"`` taken: the stored message was no JSON, and a session killed with SIGKILL could not
be resumed. And a tool input's ``{"api_key": "v"}`` scrubbed value by value kept ``v``.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from cli import coord, finish, spawn
from kit import needs_bwrap, report, workspace

from coordinator import sanitize
from coordinator.store.encoding import _safe_value

AGENT = "---\nname: ops\ndescription: Operations.\ntools: Bash\n---\nYou run commands.\n"
VALUE = "xyzzy12345plugh"
TABBED = "q1w2e3r4t5y6u7i8"
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
#: Output whose JSON text puts each credential right after an escape.
COMMAND = (
    f"printf 'password:\\n{VALUE}\\nAPI_TOKEN=\\t%s%s\\n' {TABBED[:6]} {TABBED[6:]}; "
    f"echo '\"{PEM}\"'; export DB_PASSWORD=s3cretPassw0rd9; echo done"
)


def test_scrubbed_json_texts_stay_json() -> None:
    """Each text whose JSON form puts a value right after an escape: scrubbed as a whole it
    is still JSON, its ids kept, and holds no credential (``password:`` with its value on
    the next line is none in plain text either: the value is kept, no longer ``\\[``)."""
    blocks = [
        {"type": "tool_result", "tool_use_id": "toolu_1", "content": f"password:\n{VALUE} x"},
        {"type": "tool_result", "tool_use_id": "toolu_2", "content": f"API_TOKEN=\t{TABBED}"},
        {"type": "tool_use", "id": "toolu_3", "name": "Bash", "input": {"command": f'"{PEM}"'}},
    ]
    for block in blocks:
        scrubbed = sanitize.stored_text(json.dumps(block, ensure_ascii=False))
        parsed = json.loads(scrubbed)
        assert {k: v for k, v in parsed.items() if k in ("id", "tool_use_id", "type")} == {
            k: v for k, v in block.items() if k in ("id", "tool_use_id", "type")
        }
        assert TABBED not in scrubbed and "MIIEvQ" not in scrubbed


def test_a_credential_named_field_is_scrubbed_value_by_value() -> None:
    """A tool input's ``{"api_key": "v"}`` scrubbed string by string (an event with a
    float JSON cannot hold, or any store checking values one by one): ``v`` is gone."""
    fresh = "k9Zr7Wq2Lm5Np8Xv"
    scrubbed = _safe_value({"input": {"api_key": fresh, "note": "x"}, "n": float("nan")}, ())
    assert scrubbed == {"input": {"api_key": "[redacted]", "note": "x"}, "n": None}


@needs_bwrap
def test_a_killed_session_resumes_through_the_real_sdk(tmp_path: Path) -> None:
    """``coord run`` (real SDK, loopback Messages API) runs a command whose output and
    input hold credentials after JSON escapes, then is killed with SIGKILL while its
    second model call is held; ``coord resume`` replays a conversation the strict fake
    accepts: the tool_use and its result paired by id, the credentials ``[redacted]``."""
    from fake_messages_server import FakeMessagesServer, Recorded, Reply, message

    held, release = threading.Event(), threading.Event()
    answers = iter([message(tool_calls=[("Bash", {"command": COMMAND})])])

    def answer(rec: Recorded) -> Reply:
        first = next(answers, None)
        if first is not None:
            return first
        if not held.is_set():
            held.set()
            release.wait()
        return message(text=report("Complete"))

    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ops.md").write_text(AGENT, encoding="utf-8")
    common = ["--db", str(tmp_path / "s.db")]
    with FakeMessagesServer(answer, strict=True) as server:
        proc = spawn("run", "run it", "--agent", "ops", "--agents-dir", agents, "--only",
                     "--allow-bash", "--base-url", server.base_url, "-w", ws, *common,
                     env={"ANTHROPIC_API_KEY": "sk-ant-api03-" + "r149" * 20})  # fmt: skip
        try:
            held.wait()
        finally:
            proc.kill()
            finish(proc)
            release.set()
        sid = json.loads(coord("sessions", "--json", *common).stdout)[0]["session"]
        resumed = coord("resume", sid, "--json", *common,
                        env={"ANTHROPIC_API_KEY": "sk-ant-api03-" + "r149" * 20})  # fmt: skip
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["status"] == "complete", resumed.stdout
        replayed = server.requests[-1].body["messages"]
    [use] = [b for m in replayed if m["role"] == "assistant" for b in m["content"]
             if isinstance(b, dict) and b.get("type") == "tool_use"]  # fmt: skip
    [result] = [b for m in replayed if m["role"] == "user" and isinstance(m["content"], list)
                for b in m["content"] if b.get("type") == "tool_result"]  # fmt: skip
    assert result["tool_use_id"] == use["id"]
    sent = json.dumps(replayed)
    assert "[redacted]" in sent and "done" in sent
    assert [v for v in (TABBED, "MIIEvQ", "s3cretPassw0rd9") if v in sent] == []
