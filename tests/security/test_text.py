"""Text that is not valid Unicode never crashes a run nor leaves a session stuck.

A lone surrogate (``"\\ud800"`` is valid JSON) in a model reply, invalid UTF-8 in a request
(argv, a context file, a batch file) or in a workspace file: each is stored and sent with
U+FFFD in its place, and the session ends (or waits) as it would have.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote
from fake_messages_server import FakeMessagesServer, message
from kit import blocked, report, write_script, write_worker
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.sanitize import clean_json, clean_text

KEY = "sk-text-test-key-0001"
LONE = "\ud800"
FFFD = "\ufffd"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(
        app, [str(a) for a in args], env={"ANTHROPIC_API_KEY": KEY, **(env or {})}
    )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "latin1.txt").write_bytes(b"caf\xe9 cr\xe8me\nsecond line \xff\xfe\n")
    write_worker(tmp_path / "agents")
    return ws


def common(ws: Path, *extra: str | Path) -> list[str | Path]:
    return ["-w", ws, "--agent", "worker", "--agents-dir", ws.parent / "agents", "--only", *extra]


def sessions(ws: Path) -> list[dict[str, Any]]:
    result = invoke("sessions", "-w", ws, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def log(ws: Path, sid: str) -> str:
    result = invoke("log", sid, "-w", ws, "--json")
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_a_lone_surrogate_in_a_reply_is_stored_and_sent_back_as_fffd(ws: Path) -> None:
    write = ("Write", {"file_path": "out.txt", "content": f"a{LONE}b"})
    read = ("Read", {"file_path": "latin1.txt"})
    grep = ("Grep", {"pattern": "caf", "output_mode": "content"})
    with FakeMessagesServer() as server:
        server.reply(
            message(text=f"Looking {LONE}", tool_calls=[write, read, grep]),
            message(text="Half \udc80 a pair\n" + report("Complete", f"Done {LONE}")),
        )
        result = invoke("run", "Do it", *common(ws, "--base-url", server.base_url, "--json"))
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["status"] == "complete"
        # The second request carries the first reply back, valid and with U+FFFD.
        sent = server.requests[1].body["messages"]
        assert sent[1]["content"][0]["text"] == f"Looking {FFFD}"
        results = json.dumps(sent[2]["content"], ensure_ascii=False)
        assert "caf\ufffd cr\ufffdme" in results  # Read replaced the bad bytes
    assert (ws / "out.txt").read_text(encoding="utf-8") == f"a{FFFD}b"
    [row] = sessions(ws)
    assert row["status"] == "complete"
    assert f"Done {FFFD}" in log(ws, row["session"])


def test_a_waiting_session_with_bad_text_resumes_without_looping(ws: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_bytes(b"Use the \xff column\n")
    with FakeMessagesServer() as server:
        server.reply(message(text=blocked("Tests", f"Which framework {LONE}?")))
        first = invoke("run", "Do it", *common(ws, "--base-url", server.base_url, "--json"))
        assert first.exit_code == 3, first.output
        sid = json.loads(first.stdout)["session"]
        assert f"Which framework {FFFD}?" in first.stdout

        server.reply(message(text=report("Complete", "Done")))
        args = ["-w", ws, "--base-url", server.base_url, "--context-file", answer, "--json"]
        second = invoke("resume", sid, *args)
        assert second.exit_code == 0, second.output
        assert len(server.requests) == 2  # one call each: no repeat of the first
        assert f"Use the {FFFD} column" in json.dumps(server.requests[1].body, ensure_ascii=False)
    again = invoke("resume", sid, "-w", ws, "--base-url", "http://127.0.0.1:9")
    # a second resume of the ended session changes nothing and exits with its code (ops103)
    assert again.exit_code == 0 and "had already ended: complete" in again.stderr


def test_invalid_utf8_in_the_request_argument_is_replaced(ws: Path, tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.yaml", {"worker": [{"text": report("Complete", "Ok")}]})
    args: list[str | bytes] = ["run", b"Fix the caf\xe9 page", *map(str, common(ws, "--json"))]
    args += ["--provider", "scripted", "--script", str(script)]
    proc = zygote.run(  # a real process, its argv bytes as given (see zygote.py)
        [sys.executable, "-m", "coordinator", *args], capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    result = json.loads(proc.stdout.decode("utf-8"))
    assert result["status"] == "complete"
    [row] = sessions(ws)
    assert row["request"] == f"Fix the caf{FFFD} page"


def test_invalid_text_in_a_batch_file_is_replaced(ws: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_bytes(
        b'- {request: "Fix the \\ud800 page", agent: worker}\n'
        b"- {request: Fix the caf\xe9 page, agent: worker}\n"
    )
    script = write_script(tmp_path / "s.yaml", {"worker": [{"text": report("Complete", "Ok")}]})
    result = invoke(
        "run", "--batch", batch, *common(ws, "--json", "--provider", "scripted", "--script", script)
    )
    assert result.exit_code == 0, result.output
    requests = sorted(row["request"] for row in sessions(ws))
    assert requests == [f"Fix the caf{FFFD} page", f"Fix the {FFFD} page"]


def test_clean_text_keeps_valid_text_and_joins_split_pairs() -> None:
    assert clean_text("plain ✓ 😀") == "plain ✓ 😀"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair split into two code points
    assert clean_text(f"{LONE}x\udfff") == f"{FFFD}x{FFFD}"
    value = {"a": ["ok", {"b": 1}]}
    assert clean_json(value) is value  # nothing to clean: nothing copied
    assert clean_json({LONE: [LONE, 2]}) == {FFFD: [FFFD, 2]}
