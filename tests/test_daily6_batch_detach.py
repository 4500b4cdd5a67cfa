"""``coord run --batch FILE --detach``: each request routed and queued for the workers of a
shared PostgreSQL store; one that cannot be queued is reported and the others still are."""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import closing
from pathlib import Path

import yaml
from cli import coord
from kit import report, write_agents, write_script

from coordinator.runtime.worker import WorkerConfig, serve
from coordinator.store.pg import PgStore

FITS_NOBODY = "What should I cook for dinner tonight?"


def batch_file(path: Path, items: list[object]) -> Path:
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return path


def test_batch_detach_queues_each_request_for_the_workers(tmp_path: Path, pg_fresh: str) -> None:
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    done = [{"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": done, "dba": done})
    ws = tmp_path / "roots" / "ws"
    ws.mkdir(parents=True)
    common = ("--detach", "--db", pg_fresh, "--workspace", ws, "--provider", "scripted",
              "--script", script, "--agents-dir", agents, "--only")  # fmt: skip
    tasks = batch_file(
        tmp_path / "tasks.yaml",
        [
            "Add a FastAPI endpoint for user signup",
            FITS_NOBODY,
            {"request": "Add an index on users.email", "agent": "dba"},
        ],
    )
    ran = coord("run", "--batch", tasks, *common)
    assert ran.returncode == 4, ran.stderr  # one request could not be queued
    first, second, third = ran.stdout.splitlines()
    assert second.startswith("- not queued: ") and "no agent" in second.lower(), second
    queued = dict(reversed(line.split()) for line in (first, third))
    assert set(queued) == {"backend", "dba"}
    listed = coord("run", "--batch", batch_file(tmp_path / "one.yaml", ["Add an API route"]),
                   *common, "--json")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    assert (item["queued"], item["agent"], item["error"]) == (True, "backend", None)
    ids = {*queued.values(), item["session"]}
    with closing(PgStore.connect(pg_fresh)) as store:
        assert {j["session_id"]: j["state"] for j in store.jobs()} == dict.fromkeys(ids, "todo")
        assert {s.id for s in store.sessions()} == ids  # nothing stored for the refused one
    cfg = WorkerConfig(pg_fresh, ((tmp_path / "roots").resolve(),), sweep=0.1, drain=True)
    end = asyncio.run(serve(cfg, asyncio.Event(), lambda line: None))
    assert (end.ended, end.exit_code) == (3, 0)  # the workers drove every queued session
    with closing(PgStore.connect(pg_fresh)) as store:
        assert {store.session(sid).status for sid in ids} == {"complete"}


def test_workers_is_refused_with_a_detached_batch(tmp_path: Path) -> None:
    tasks = batch_file(tmp_path / "tasks.yaml", ["Add an API route"])
    ran = coord("run", "--batch", tasks, "--detach", "--workers", "2", "--db", tmp_path / "s.db")
    assert ran.returncode == 4
    assert "--workers splits a batch run here" in ran.stderr


def test_batch_detach_needs_a_postgres_store(tmp_path: Path) -> None:
    tasks = batch_file(tmp_path / "tasks.yaml", ["Add an API route"])
    ran = coord("run", "--batch", tasks, "--detach", "--db", tmp_path / "s.db")
    assert ran.returncode == 4
    assert "--detach needs a shared PostgreSQL store" in ran.stderr


def test_worker_help_documents_the_presumed_dead_exit_code() -> None:
    text = " ".join(coord("worker", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "5 presumed dead: another worker pruned this one as stalled" in text


def test_a_request_a_hook_refuses_is_not_queued_and_exits_1(tmp_path: Path, pg_fresh: str) -> None:
    refuse = tmp_path / "refuse.py"
    refuse.write_text(
        "import json, sys\nif 'forbidden' in json.load(sys.stdin)['prompt']:\n"
        "    print('no forbidden work', file=sys.stderr); sys.exit(2)\n",
        encoding="utf-8",
    )
    hook = {"type": "command", "command": f"{sys.executable} {refuse}"}
    settings = Path.home() / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"hooks": {"UserPromptSubmit": [{"hooks": [hook]}]}}), "utf-8")
    agents = write_agents(tmp_path / "agents", "backend")
    tasks = batch_file(tmp_path / "t.yaml", ["Add an API route", "Add a forbidden API route"])
    ws = tmp_path / "ws"  # the hook's script outside it: one an agent can rewrite is confined
    ws.mkdir()
    script = write_script(tmp_path / "s.yaml", {"backend": []})  # (the workers' turns: none)
    ran = coord("run", "--batch", tasks, "--detach", "--db", pg_fresh, "--workspace", ws,
                "--provider", "scripted", "--script", script,
                "--agents-dir", agents, "--only", "--json")  # fmt: skip
    assert ran.returncode == 1, ran.stderr
    ok, refused = json.loads(ran.stdout)
    assert ok["queued"] and not refused["queued"]
    assert "no forbidden work" in refused["error"]
    with closing(PgStore.connect(pg_fresh)) as store:
        assert [j["session_id"] for j in store.jobs()] == [ok["session"]]
        assert store.session(refused["session"]).status == "failed"
