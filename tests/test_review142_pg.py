"""review142: ops114's `coord workers` and its "no fetch before warm", as an operator and
an attacker meet them. A worker whose imports hang (an NFS mount that stopped answering, a
module waiting on the network as it loads) said `ready`, beat, fetched nothing and was
listed `alive` for ever, its queued sessions waiting beside it with no word: it now stops
once they took ``--import-limit`` seconds, naming the import, exit 1, its sessions left
queued for another worker (as review138 made a failed import stop)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path

from cli import coord
from kit import write_agents, write_script
from test_review138_pg import real_worker
from test_workers_pg import chain, submit, unstamped

ROOT = Path(__file__).resolve().parents[1]


def hung_sdk(tmp: Path) -> str:
    """A PYTHONPATH whose ``anthropic`` never finishes loading (the worker's warm-up thread
    waits in its import for ever), then this checkout."""
    hung = tmp / "site" / "anthropic"
    hung.mkdir(parents=True)
    (hung / "__init__.py").write_text(
        "import threading\nthreading.Event().wait()\n", encoding="utf-8"
    )
    return os.pathsep.join((str(tmp / "site"), str(ROOT)))


def until_exit(proc: subprocess.Popen[str]) -> tuple[int | None, str]:
    """Its exit code and every line it said (None: it did not exit: killed here, a safety
    net, not a measure)."""
    try:
        code: int | None = proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = None
    assert proc.stderr is not None
    return code, "".join(unstamped(line) for line in proc.stderr)


def test_a_worker_whose_imports_hang_stops_naming_them_and_leaves_its_session_queued(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    proc = real_worker(tmp_path, pg_url, hung_sdk(tmp_path), "--import-limit", "1")
    code, said = until_exit(proc)
    assert code == 1, said
    assert re.search(r"import of coordinator\.[\w.]+ did not end within 1 s", said), said
    assert "--import-limit" in said, said
    assert "exit code 1" in said.splitlines()[-1], said
    assert "Traceback" not in said, said
    assert sid not in said, said  # never fetched, never claimed
    [shown] = json.loads(coord("sessions", "--db", pg_url, "--json").stdout)
    assert (shown["session"], shown["status"], shown["queued_at"] is not None) == (
        sid,
        "running",
        True,
    ), shown
    listed = json.loads(coord("workers", "--db", pg_url, "--json").stdout)
    assert (listed["workers"], listed["queued"]) == ([], 1), listed  # its row removed


def test_sigterm_while_the_imports_hang_exits_at_once(tmp_path: Path, pg_url: str) -> None:
    """A guard (passes on ops114 too): the stop ends the wait for the imports, and the
    process exits though its warm-up thread is still inside ``import anthropic``."""
    (tmp_path / "roots").mkdir()
    proc = real_worker(tmp_path, pg_url, hung_sdk(tmp_path))
    assert proc.stderr is not None
    for line in proc.stderr:
        if " ready: " in line:
            break
    proc.send_signal(signal.SIGTERM)
    code, said = until_exit(proc)
    assert code == 0, said
    assert said.splitlines()[-1] == "worker stopped after 0 sessions", said


#: The JSON types docs/commands.md names, as Python sees them.
TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
    "list of objects": list,
    "list of strings": list,
}


def documented_fields() -> dict[str, str]:
    """``coord workers --json``'s fields as docs/commands.md's table types them."""
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    start = text.index("`coord workers --json`")
    rows = re.findall(r"^\| `([\w\[\].]+)` \| ([^|]+) \|", text[start:], re.M)
    assert rows, "no table of coord workers --json's fields in docs/commands.md"
    return {name: kind.strip() for name, kind in rows}


def typed(value: object, kind: str) -> bool:
    """Whether ``value`` is of the documented ``kind`` (``string or null``, ...)."""
    if isinstance(value, bool) and "boolean" not in kind:
        return False
    return any(isinstance(value, TYPES[part]) for part in kind.split(" or "))


def check_documented(got: dict[str, object], fields: dict[str, str], prefix: str = "") -> None:
    """Every field of ``got`` is documented with its type, and every documented one is there."""
    mine = {k[len(prefix) :]: v for k, v in fields.items() if k.startswith(prefix)}
    mine = {k: v for k, v in mine.items() if "." not in k and "[" not in k}
    assert set(got) == set(mine), (prefix, sorted(got), sorted(mine))
    for key, value in got.items():
        assert typed(value, mine[key]), (prefix + key, value, mine[key])
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                check_documented(item, fields, f"{prefix}{key}[].")


def test_the_json_of_coord_workers_is_documented_with_its_types(
    tmp_path: Path, pg_url: str
) -> None:
    """docs/commands.md types each field `coord workers --json` gives, read here from a
    store with a worker of this coord, one of an older coord (no id said: nulls) beside
    it, and a session no alive worker's roots hold."""
    import psycopg
    from test_workers_pg import InProcessWorker

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    (tmp_path / "mine").mkdir()
    live = InProcessWorker(pg_url, tmp_path / "mine", lease=30.0)
    try:
        live.line_with(" ready: ")
        with psycopg.connect(pg_url, autocommit=True) as con:  # what an older coord announced
            [(old,)] = con.execute(
                "INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id"
            ).fetchall()
            con.execute(
                "INSERT INTO coordinator_workers (worker_id, roots) VALUES (%s, %s)",
                (old, [str(tmp_path / "elsewhere")]),
            )
        [sid] = submit(tmp_path, pg_url, script, agents, 1)  # under roots/: no one's
        ran = coord("workers", "--db", pg_url, "--json")
    finally:
        live.stop()
    assert ran.returncode == 0, ran.stderr
    got = json.loads(ran.stdout)
    states = sorted((w["worker"] is None, w["state"]) for w in got["workers"])
    assert states == [(False, "alive"), (True, "alive")], got
    assert [u["session"] for u in got["unserved"]] == [sid], got
    check_documented(got, documented_fields())


def test_a_worker_whose_session_a_shorter_leased_worker_took_over_is_not_listed_alive(
    tmp_path: Path, pg_url: str
) -> None:
    """Each worker's sweep hands on the jobs of a worker silent for the SWEEPER's --lease,
    not the silent one's own: a paused worker of --lease 60 beside one of --lease 1 loses
    its session after 1 s. It was listed `alive` meanwhile (judged by its own 60 s), its
    session being driven by the other; it is `stalled` now, from the shortest lease of
    the live workers that sweep it."""
    from test_workers_pg import InProcessWorker, line_with, worker

    agents = write_agents(tmp_path / "agents", "backend")
    gate = tmp_path / "answer"  # never written: each driver waits in the first model call
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0, hold=gate))
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    slow = worker(pg_url, tmp_path, "--lease", "60")
    try:
        name = line_with(slow, " ready: ").split()[1]
        line_with(slow, f"driving {sid} epoch 1")
        quick = InProcessWorker(pg_url, tmp_path / "roots", lease=1.0)
        try:
            quick.line_with(" ready: ")
            os.kill(slow.pid, signal.SIGSTOP)  # its heartbeat stops, its connections stay
            quick.line_with(f"claimed {sid} epoch 2")  # taken over: 1 s of silence
            seen = json.loads(coord("workers", "--db", pg_url, "--json").stdout)
        finally:
            gate.touch()
            quick.stop()
    finally:
        os.kill(slow.pid, signal.SIGKILL)
        slow.wait()
    shown = {w["worker"]: w for w in seen["workers"]}
    assert shown[name]["state"] == "stalled", seen
    assert shown[name]["lease"] == 60, seen


def test_a_team_role_listing_workers_before_the_upgrade_is_told_the_owner_nothing_written(
    pg_url: str,
) -> None:
    """A guard (passes on ops114 too): a role that may not alter the tables runs
    `coord workers --json` before the owner added the workers' columns: exit 4, the
    owner and its command named in the JSON error, no password shown, nothing written."""
    import psycopg
    from test_ops84_roles_pg import PASSWORD, READ_WRITE, owned_schema, role_url

    owned_schema(pg_url)
    _, team = role_url(pg_url, READ_WRITE)
    columns = "SELECT count(*) FROM information_schema.columns WHERE table_name ="
    with psycopg.connect(pg_url, autocommit=True) as con:  # as an older coord left it
        con.execute(
            "ALTER TABLE coordinator_workers DROP COLUMN name, DROP COLUMN started_at,"
            " DROP COLUMN lease, DROP COLUMN slots"
        )
    ran = coord("workers", "--db", team, "--json")
    assert ran.returncode == 4, ran.stderr
    error = json.loads(ran.stdout)
    assert error["exit_code"] == 4, error
    assert "only their owner, role postgres, may make" in error["error"], error
    assert "nothing was changed" in error["error"], error
    assert error["hint"].startswith("Have postgres run once: coord sessions --db "), error
    assert PASSWORD not in ran.stdout + ran.stderr and "Traceback" not in ran.stderr
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert con.execute(f"{columns} 'coordinator_workers'").fetchone() == (2,)
