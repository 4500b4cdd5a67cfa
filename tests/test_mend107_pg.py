"""mend107: the stall watch's leftovers (mend106). A model call it ends leaves a
``step_ended`` event in the session's log, which ``coord log`` shows; hooks within their
own ``timeout`` are not stalled; a fetch the database refuses for a full disk ends the
worker with one message, one refused for a deadlock or a serialization failure is
fetched again."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from kit import write_agents, write_script
from test_ops67_pg import HOPS
from test_ops104_pg import until_in_flight
from test_workers_pg import InProcessWorker, chain, store_at, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_a_model_call_the_stall_watch_ends_is_in_the_sessions_log(
    tmp_path: Path, pg_url: str
) -> None:
    """A model call hung past ``--stall-after``: the worker ends it and hands the session
    back, and the session's log now says so (a ``step_ended`` event: by the stall watch,
    what it ended), in ``coord log``'s tree and ``--json`` (before: nothing in the log; only
    the worker's own output said why the call was made again)."""
    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    roots = tmp_path / "roots"
    roots.mkdir()
    live = InProcessWorker(pg_url, roots, lease=5.0, stall=2.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1)
        until_in_flight(gate, live)
        live.line_with(f"handed back {sid} ")
        gate.touch()
        live.line_with(f"ended {sid} complete")
    finally:
        gate.touch()
        live.stop()
    what = "a model call with no progress for 2 s (paid, not stored)"
    with closing(store_at(pg_url)) as store:
        ended = [e.data for e in store.events(sid) if e.kind == "step_ended"]
    assert ended == [{"agent": "backend", "by": "stall", "what": what}]
    tree = coord("log", sid, "--db", pg_url, env={"COLUMNS": "250"})
    assert tree.returncode == 0, tree.stderr
    by = "stall watch (no progress for coord worker --stall-after)"
    said = f"handed back: the worker's {by} ended {what}"
    assert said in tree.stdout, tree.stdout
    shown = json.loads(coord("log", sid, "--db", pg_url, "--json").stdout)
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds.count("step_ended") == 1, kinds


def test_a_hook_within_its_own_timeout_is_not_cut_as_stalled(tmp_path: Path, pg_url: str) -> None:
    """A PostToolUse hook runs longer than ``--stall-after`` but within its own ``timeout``
    (a linter, a test run): the worker lets it run to its end, as a Bash command within its
    timeout (before: cut as stalled at once, its effect lost, the session handed back)."""
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=HOPS, latency_ms=0))
    ws = tmp_path / "roots" / "ws0"
    hook = "[ -e hook.once ] || { touch hook.once; sleep 3; }; echo fired >> hook.log"
    settings = {"hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command",
                "command": hook, "timeout": 60}]}]}}  # fmt: skip
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps(settings))
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, stall=1.0)
    try:
        live.line_with(" ready: ")
        [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
        live.line_with(f"ended {sid} complete")
    finally:
        live.stop()
    assert not [ln for ln in live.log if "stalled" in ln or "handed back" in ln], live.log
    assert (ws / "hook.log").read_text().splitlines() == ["fired"] * HOPS
    with closing(store_at(pg_url)) as store:
        assert [(j["state"], j["epoch"]) for j in store.jobs()] == [("done", 1)]
