"""daily42 (2026-12-05): rough edges earlier sessions noticed and left.

- A config file with several mistakes said only the first: the user fixed it, ran again and
  met the next. Every mistake of the settings is said in one error, each at its file and
  line (unknown keys, refused values, keys a workspace file may not set).
- ``coord resume`` on a shared store counted a worker killed with kill -9 as live for a
  minute after its last heartbeat: it counts those heard from within the lease after which
  the workers themselves take a silent worker's sessions over.
- ``coord worker`` started with sessions already queued said ``ready`` after the lines of
  the sessions it had claimed meanwhile: a script waiting for ``ready`` missed them.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from cli import coord, spawn, worker_ready
from kit import blocked, report, waiting_on, workspace, write_agents, write_script

from coordinator.store.pg import LEASE

# ---- a config file's mistakes, all at once ------------------------------------------------


def test_every_mistake_of_a_config_file_is_named_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "c.yaml"
    config.parent.mkdir()
    config.write_text(
        "max_turn: 3\nrouter: fast\nmax_depth: -1\nbash_read: [rel/path]\n"
        "concurrency: lots\nrooter: llm\n",
        encoding="utf-8",
    )
    (tmp_path / "ws").mkdir()
    shown = coord("config", "--config", config, cwd=tmp_path / "ws")
    assert (shown.returncode, shown.stdout) == (4, "")
    assert shown.stderr.splitlines()[:7] == [
        "error: the settings have 6 mistakes:",
        f"  {config}:1: unknown setting 'max_turn'; did you mean max_turns?",
        f"  {config}:2: invalid setting 'router': must be 'lexical' or 'llm' (got 'fast')",
        f"  {config}:3: invalid setting 'max_depth': must be at least 0 (got -1)",
        f"  {config}:4: invalid setting 'bash_read': rel/path: expected an absolute path"
        " or one from ~",
        f"  {config}:5: invalid setting 'concurrency': must be a whole number (got 'lots')",
        f"  {config}:6: unknown setting 'rooter'; did you mean router?",
    ]
    assert shown.stderr.splitlines()[7].startswith("This file may hold: agents_dirs,")
    config.write_text("max_turns: 0\n", encoding="utf-8")  # one mistake reads as it did
    one = coord("config", "--config", config, cwd=tmp_path / "ws")
    assert one.stderr.splitlines() == [
        f"error: {config}:1: invalid setting 'max_turns': must be at least 1 (got 0)"
    ]


def test_a_workspace_config_is_told_every_key_it_may_not_hold(tmp_path: Path) -> None:
    config = tmp_path / ".coordinator" / "config.yaml"
    config.parent.mkdir()
    config.write_text(
        "allow_bash: true\nrooter: llm\nagents_dirs: [../elsewhere]\nmax_turns: 9\n",
        encoding="utf-8",
    )
    shown = coord("route", "Add an index", cwd=tmp_path)
    assert (shown.returncode, shown.stdout) == (4, "")
    lines = shown.stderr.splitlines()
    assert lines[0] == "error: the settings have 4 mistakes:"
    confined = (
        "cannot be set in a config file inside the workspace (an agent working there could"
        " have written it);"
    )
    outside = "~/.config/coordinator/config.yaml or a --config file outside the workspace"
    assert lines[1:5] == [
        f"  {config}:1: 'allow_bash' {confined} pass --allow-bash, or put it in {outside}",
        f"  {config}:2: unknown setting 'rooter'; did you mean router?",
        f"  {config}:3: agents_dirs entry '../elsewhere' is outside the workspace; a config"
        " file inside the workspace may only name folders inside it",
        f"  {config}:4: 'max_turns' {confined} put it in {outside}",
    ]
    assert lines[5:] == [
        "A workspace config may hold only: agents_dirs, domains, max_continuations,"
        " max_report_repairs, router. Pass --agents-dir ../elsewhere, or list it in"
        " ~/.config/coordinator/config.yaml."
    ]


# ---- the workers a queued session's note counts -------------------------------------------


def _workers(url: str) -> set[int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        return {int(r[0]) for r in con.execute("SELECT id FROM procrastinate_workers")}


def test_a_killed_worker_silent_past_the_lease_is_not_counted_live(
    tmp_path: Path, pg_url: str
) -> None:
    import psycopg

    elsewhere = tmp_path / "elsewhere"  # the workers' root: neither takes the session
    elsewhere.mkdir()
    args = ("worker", "--db", pg_url, "--workspace-root", elsewhere)
    live = spawn(*args)
    try:
        worker_ready(live)
        before = _workers(pg_url)
        victim = spawn(*args)
        worker_ready(victim)
        (dead,) = _workers(pg_url) - before
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=120)  # a safety net: the SIGKILL ends it
        with psycopg.connect(pg_url, autocommit=True) as con:  # as if the lease passed since
            con.execute(
                "UPDATE procrastinate_workers SET last_heartbeat = last_heartbeat"
                " - make_interval(secs => %s) WHERE id = %s",
                (LEASE + 1, dead),
            )
        sid, _, _ = waiting_on(tmp_path, pg_url, blocked("Payments", "id"))
        queued = coord("resume", sid, "--context", "merchant 42", "--db", pg_url, cwd=tmp_path)
        assert queued.returncode == 0, queued.stderr
        said = " ".join(queued.stderr.split())
        assert (  # the live one counted (daily61: and said to take no session there)
            "(1 worker sent a heartbeat in the last 5 s, but none has a --workspace-root"
            " holding it, so nothing drives it yet)" in said
        )
    finally:
        live.send_signal(signal.SIGTERM)
        live.wait(timeout=120)


# ---- a worker says it is ready before any session's line ----------------------------------


def test_a_worker_says_ready_before_the_sessions_queued_before_it_started(
    tmp_path: Path, pg_url: str
) -> None:
    from coordinator.runtime.worker import WorkerConfig, serve

    roots, agents = tmp_path / "roots", write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ids = []
    for n in range(3):  # queued before any worker runs
        ws = workspace(roots / f"ws{n}")
        ran = coord(
            "run", "Add an endpoint", "--agent", "backend", "--workspace", ws, "--db", pg_url,
            "--agents-dir", agents, "--only", "--script", script, "--detach",
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        ids.append(ran.stdout.strip())
    lines: list[str] = []  # the worker's log, in order (in process: the order is the point)
    cfg = WorkerConfig(pg_url, (roots.resolve(),), concurrency=2, drain=True)
    end = asyncio.run(serve(cfg, asyncio.Event(), lines.append))
    assert end.ended == 3
    assert " ready: 2 slots over 1 root" in lines[0], lines
    assert sorted(line.split()[1] for line in lines if line.startswith("ended ")) == sorted(ids)
