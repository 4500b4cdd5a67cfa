"""stats14: ``coord stats`` counts the model call of a prompt hook that refused a request.

Such a session has no run: its hook's call is recorded only in its ``hook`` event. ``coord
log``, the session's result and ``coord sessions`` count it; ``coord stats`` (and its
``--json``), built from runs alone, left it out, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from storefixtures import open_at

from coordinator.store.db import Store


def _engine_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: str, agents: Any) -> Any:
    """test_hooks' engine with a UserPromptSubmit prompt hook, storing in ``db`` (either
    backend)."""
    import test_hooks
    from test_hooks_prompt import prompt_hook

    class OnDb:
        @staticmethod
        def open(_path: Path) -> Store:
            return open_at(db)

    monkeypatch.setattr(test_hooks, "Store", OnDb)
    return test_hooks.Run(tmp_path, agents, prompt_hook("UserPromptSubmit", "OK? $ARGUMENTS"))


async def test_stats_count_a_refused_requests_prompt_hook_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store_db: str
) -> None:
    """One request refused by the hook (its call: 700 + 30 tokens, no run), one allowed (the
    hook's call counted in its first run, as before: not twice). The refused call is a row
    of agent "(hook)" and the hook's model, in ``coord stats --json`` and in the totals."""
    from test_hooks_prompt import HOOK_USAGE, answer

    from coordinator.runtime.hook_prompt import PROMPT_AGENT
    from coordinator.store import session_log, spend

    refusal = answer('{"ok": false, "reason": "no deploys on Friday"}', usage=HOOK_USAGE)
    allowed = answer('{"ok": true}', usage=HOOK_USAGE)
    done = {"text": "done", "usage": {"input_tokens": 20, "output_tokens": 5}}
    r = _engine_on(monkeypatch, tmp_path / "a", store_db, {PROMPT_AGENT: [refusal]})
    ok = _engine_on(
        monkeypatch, tmp_path / "b", store_db, {PROMPT_AGENT: [allowed], "backend": [done]}
    )
    try:
        refused = await r.engine.start("Deploy now", agent="backend")
        await ok.engine.start("Fix the login", agent="backend")
        logged = session_log.log_json(r.store, r.store.session(refused.session_id))
        rows = {row.agent: row for row in spend.stats_of(r.store, None)}
        model = r.hook_events(refused.session_id)[0]["model"]
    finally:
        r.store.close()
        ok.store.close()
    assert logged["tokens"] == 730 and logged["cost_usd"] > 0
    hook = rows["(hook)"]
    assert (hook.runs, hook.input_tokens, hook.output_tokens) == (0, 700, 30)
    assert hook.model == model
    assert round(hook.cost_usd, 6) == logged["cost_usd"]
    assert (rows["backend"].runs, rows["backend"].input_tokens) == (1, 720)
    shown = coord("stats", "--db", store_db, "--json")
    assert shown.returncode == 0, shown.stderr
    listed = json.loads(shown.stdout)
    assert [row.to_json() for row in rows.values()] == listed
    assert sum(row["input_tokens"] + row["output_tokens"] for row in listed) == 730 + 730 + 25
    table = coord("stats", "--db", store_db, env={"COLUMNS": "100"})
    assert "(hook)" in table.stdout, table.stdout


def test_stats_read_the_runless_sessions_by_index(pg_fresh: str) -> None:
    """The shared store's sessions without a run are found by the indexes ``coord stats``
    reads runs with (not a scan of every session and run)."""
    from contextlib import closing

    from coordinator.store.db import RUNLESS_SINCE
    from coordinator.store.pg import translate_sql

    with closing(open_at(pg_fresh)) as store:
        pg: Any = store
        pg._pg.run("SET enable_seqscan = off")  # an empty table: only an index avoids it
        sql = translate_sql(RUNLESS_SINCE, (1.0,))
        plan = " ".join(r[0] for r in pg._pg.run("EXPLAIN " + sql, (1.0,)).fetchall())
    assert "sessions_by_created" in plan and "runs_by_session" in plan, plan
