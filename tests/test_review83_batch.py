"""review83: PostToolBatch (compat81) across a kill -9 and after a blocking hook.

Claude Code's hooks reference: PostToolBatch "fires exactly once with the full batch" before
the next model call; "Returning ``decision: "block"`` or ``continue: false`` stops the
agentic loop before the next model call. The blocking message comes from the JSON ``reason``
or ``stopReason``, or from stderr on exit 2 ... it stays in the conversation, so Claude sees
it when the conversation continues."
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord, spawn
from kit import report, wait_for_line, workspace, write_agents, write_script
from test_hooks import WRITE, Run, hook, py_hook

DONE = report("Complete", "Done")


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("import sys; sys.stderr.write('run the tests first'); sys.exit(2)\n", "run the tests"),
        ("print(json.dumps({'decision': 'block', 'reason': 'run the tests first'}))\n", "run the"),
        ("print(json.dumps({'continue': False, 'stopReason': 'quota spent'}))\n", "quota spent"),
    ],
)
async def test_a_blocking_batch_hooks_message_stays_in_the_stored_conversation(
    tmp_path: Path, body: str, said: str
) -> None:
    cmd = py_hook(tmp_path, "halt.py", body)
    r = Run(tmp_path, {"backend": [{"tool_calls": [WRITE]}]}, hook("PostToolBatch", cmd))
    result = await r.engine.start("Write notes", agent="backend")
    [run] = r.store.runs(result.session_id)
    assert run.failure_kind == "hook_stopped"
    *_, last = r.store.messages(run.id)
    assert last["role"] == "user" and last["content"][0]["type"] == "tool_result"
    assert any(said in block.get("text", "") for block in last["content"][1:])


BATCH_HOOK = """
import os, time
with open({log!r}, 'a') as out:
    out.write(json.dumps([c['tool_name'] for c in data['tool_calls']]) + '\\n')
if not os.path.exists({marker!r}):
    open({marker!r}, 'w').close()
    with open({fifo!r}, 'w') as f:
        f.write(f'{{os.getpid()}}\\n')
    time.sleep(3600)  # until the test kills it: coord is killed meanwhile
print(json.dumps({{'hookSpecificOutput': {{'hookEventName': 'PostToolBatch',
                   'additionalContext': 'BATCH-CONTEXT'}}}}))
"""


def test_a_run_killed_in_its_batch_hook_fires_it_again_on_resume_and_the_model_sees_it(
    tmp_path: Path,
) -> None:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents")
    log, marker, fifo = tmp_path / "batch.log", tmp_path / "fired", tmp_path / "fifo"
    os.mkfifo(fifo)
    script = tmp_path / "batch.py"
    body = BATCH_HOOK.format(log=str(log), marker=str(marker), fifo=str(fifo))
    script.write_text("import json, sys\ndata = json.load(sys.stdin)\n" + body)
    settings = Path.home() / ".claude/settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": hook("PostToolBatch", f"{sys.executable} {script}")}))
    first = write_script(tmp_path / "s1.yaml", {"backend": [{"tool_calls": [WRITE]}]})
    proc = spawn(
        "run", "Write notes", "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
        "--only", "--provider", "scripted", "--script", first, "--json",
    )  # fmt: skip
    hook_pid = int(wait_for_line(fifo, proc))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=120)  # a safety net: the SIGKILL ends it
    with contextlib.suppress(ProcessLookupError):
        os.kill(hook_pid, signal.SIGKILL)

    turns = [{"tool_calls": [WRITE]}, {"expect": "BATCH-CONTEXT", "text": DONE}]
    again = write_script(tmp_path / "s2.yaml", {"backend": turns})
    listed = json.loads(coord("sessions", "--json", "--workspace", ws).stdout)
    done = coord("resume", listed[0]["session"][:6], "--workspace", ws, "--script", again, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    # the killed firing never ended; the resumed run's fired once, with the stored result
    assert log.read_text().splitlines() == ['["Write"]', '["Write"]']
    db = ws / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con:
        (ran,) = con.execute("SELECT count(*) FROM events WHERE kind = 'tool_call'").fetchone()
    assert ran == 1  # the Write ran once, its stored result given to the resumed batch
