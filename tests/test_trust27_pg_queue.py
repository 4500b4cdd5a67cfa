"""What a row of the shared store can make a worker do (a real cluster, tests/pgcluster.py).

Anyone who can write the shared database can write a queued resume's flags (the lease row's
``resume``) and the session and job rows. A worker takes from them only what narrows the
session's own stored options: a resume's flags that would widen them (hooks back on,
``--only`` off, a networked provider for an offline session, an agents folder neither the
session's nor inside its workspace, any key a resume never hands on) are refused whole, the
lease failed with one line, nothing driven. A session is driven only in its own workspace,
and only when that workspace, resolved, lies under one of the worker's roots.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_agents, write_script

MARK = "# effects"
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _edit_then_report() -> dict[str, Any]:
    edit = {"file_path": "effects.log", "old_string": MARK, "new_string": f"{MARK}\ndriven"}
    return {"backend": [{"tool_calls": [{"name": "Edit", "input": edit}]},
                        {"text": report("Complete", "Done")}]}  # fmt: skip


@dataclass
class Queued:
    sid: str
    ws: Path
    agents: Path
    script: Path


def _queued(tmp: Path, url: str, *, hooks: bool = False, only: bool = True) -> Queued:
    """A scripted session queued for the workers in roots/ws (as ``coord run --detach``)."""
    from coordinator.config import load_settings
    from coordinator.runtime.options import ModelChoice, SessionOptions

    agents = write_agents(tmp / "agents", "backend")
    script = write_script(tmp / "s.yaml", _edit_then_report())
    ws = tmp / "roots" / "ws"
    ws.mkdir(parents=True)
    (ws / "effects.log").write_text(MARK + "\n", encoding="utf-8")
    settings = load_settings(None, None, {"db": url})
    choice = ModelChoice("scripted", script, None, None)
    options = SessionOptions.remember(
        choice, agents_dirs=[agents], only=only, settings=settings, hooks=hooks
    )
    sid = _start_detached(url, ws, agents, options, "backend", "task")
    return Queued(sid, ws, agents, script)


def _start_detached(
    url: str, ws: Path, agents: Path, options: Any, agent: str, request: str
) -> str:
    """Start ``request`` on ``agent`` in ``ws`` with the stored ``options`` (their scripted
    provider), queued for the workers of the store at ``url`` (as ``coord run --detach``)."""
    from coordinator.config import load_settings
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import ModelChoice
    from coordinator.store.pg import PgStore

    settings = load_settings(None, None, {"db": url})
    registry = load_registry([agents], only=True)
    provider = ModelChoice("scripted", Path(options.script)).provider(settings)

    async def start(store: Any) -> str:
        engine = Engine(
            registry=registry, provider=provider, store=store, settings=settings, workspace=ws
        )
        result = await engine.start(request, agent=agent, options=options, detach=True)
        await provider.aclose()
        return result.session_id

    with closing(PgStore.connect(url)) as store:
        return asyncio.run(start(store))


def _sql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        cur = con.execute(sql, params)  # type: ignore[arg-type]
        return [tuple(r) for r in cur.fetchall()] if cur.description else []


def _drive(url: str, sid: str) -> list[str]:
    """Claim the session as a worker's job does and drive it; the worker's log lines."""
    from coordinator.providers.pool import ProviderPool
    from coordinator.runtime.worker import drive_claimed
    from coordinator.store.pg import PgStore

    said: list[str] = []
    with closing(PgStore.connect(url)) as store:
        assert store.claim_session(sid, "test worker") is not None
        asyncio.run(drive_claimed(store, said.append, ProviderPool()))
    return said


def _lease(url: str, sid: str) -> tuple[Any, ...]:
    [row] = _sql(url, "SELECT state, error FROM coordinator_jobs WHERE session_id = %s", (sid,))
    return row


def _driven(q: Queued) -> bool:
    return "driven" in (q.ws / "effects.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        ({"hooks": True}, "hooks"),
        ({"only": False}, "--only"),
        ({"provider": "anthropic"}, "provider"),
        ({"provider": "anthropic", "model": "opus"}, "provider"),
        ({"allow_bash": True}, "allow_bash"),
        ({"unsandboxed_bash": True}, "unsandboxed_bash"),
        ({"bash_network": True, "bash_env": ["HOME"]}, "bash_env"),
        ({"base_url": "http://127.0.0.1:9"}, "base_url"),
        ({"workspace": "/"}, "workspace"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, dict) else None,
)
def test_a_queued_resume_that_would_widen_the_session_is_refused_whole(
    tmp_path: Path, pg_url: str, flags: dict[str, Any], named: str
) -> None:
    q = _queued(tmp_path, pg_url)
    _sql(pg_url, "UPDATE coordinator_jobs SET resume = %s", (json.dumps(flags),))
    said = _drive(pg_url, q.sid)
    assert not _driven(q), said
    state, error = _lease(pg_url, q.sid)
    assert state == "failed" and named in error, error
    assert error.startswith("the queued resume asks for more than the session"), error
    assert "\n" not in error and "Traceback" not in "".join(said)
    assert [line.split()[:2] for line in said] == [["failed", f"{q.sid}:"]], said


def test_a_queued_resume_naming_a_folder_the_session_never_had_is_refused(
    tmp_path: Path, pg_url: str
) -> None:
    """Another user's agents (or any folder on the worker's machine) are not the session's:
    their hooks and MCP servers would run as the worker."""
    q = _queued(tmp_path, pg_url)
    elsewhere = write_agents(tmp_path / "elsewhere", "backend")
    flags = {"agents_dirs": [str(elsewhere)]}
    _sql(pg_url, "UPDATE coordinator_jobs SET resume = %s", (json.dumps(flags),))
    said = _drive(pg_url, q.sid)
    assert not _driven(q)
    state, error = _lease(pg_url, q.sid)
    assert state == "failed" and str(elsewhere) in error, (error, said)


def test_a_queued_resume_that_narrows_or_keeps_the_session_is_honoured(
    tmp_path: Path, pg_url: str
) -> None:
    """The session's own folders, one inside its workspace, --no-hooks, --only, the offline
    provider with another script and another model: driven with them."""
    q = _queued(tmp_path, pg_url, hooks=True, only=False)
    inside = write_agents(q.ws / "team-agents", "backend")
    other = write_script(tmp_path / "b.yaml", _edit_then_report())
    flags = {
        "agents_dirs": [str(q.agents), str(inside)],
        "hooks": False,
        "only": True,
        "provider": "scripted",
        "script": str(other),
        "model": "haiku",
    }
    _sql(pg_url, "UPDATE coordinator_jobs SET resume = %s", (json.dumps(flags),))
    said = _drive(pg_url, q.sid)
    assert _driven(q), said
    assert _lease(pg_url, q.sid) == ("done", None)


def _run_job(url: str, root: Path, sid: str, job_workspace: str) -> list[str]:
    """A worker's job "drive session S" as Procrastinate runs it (its args as given)."""
    from coordinator.runtime.worker import Driver, Stores, WorkerConfig

    said: list[str] = []
    cfg = WorkerConfig(url, (root.resolve(),))
    stores = Stores(cfg)
    try:
        driver = Driver(cfg, stores, said.append)
        driver.ready.set()  # as its worker does once it said it is ready
        asyncio.run(driver.run_job(sid, job_workspace))
    finally:
        stores.close()
    return said


def _outside(tmp: Path) -> Path:
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "effects.log").write_text(MARK + "\n", encoding="utf-8")
    return outside


def test_a_session_moved_out_of_the_workers_roots_after_it_was_queued_is_refused(
    tmp_path: Path, pg_url: str
) -> None:
    """The job was queued under the root; the session's row now names another folder."""
    q = _queued(tmp_path, pg_url)
    outside = _outside(tmp_path)
    _sql(pg_url, "UPDATE sessions SET workspace = %s WHERE id = %s", (str(outside), q.sid))
    said = _run_job(pg_url, tmp_path / "roots", q.sid, str(q.ws))
    assert "driven" not in (outside / "effects.log").read_text()
    assert any(line.startswith(f"refused {q.sid}: ") for line in said), said
    assert _lease(pg_url, q.sid)[0] == "failed"


@pytest.mark.parametrize("how", ["dotdot", "link"])
def test_a_workspace_that_only_reads_as_under_a_root_is_refused(
    tmp_path: Path, pg_url: str, how: str
) -> None:
    """``ROOT/../outside`` passes the fetch's prefix test, and so does a link inside the
    root to a folder outside it: resolved, neither is under the root."""
    q = _queued(tmp_path, pg_url)
    outside = _outside(tmp_path)
    if how == "dotdot":
        sneaky = str(tmp_path / "roots" / ".." / "outside")
    else:
        (tmp_path / "roots" / "link").symlink_to(outside)
        sneaky = str(tmp_path / "roots" / "link")
    _sql(pg_url, "UPDATE sessions SET workspace = %s WHERE id = %s", (sneaky, q.sid))
    _sql(pg_url, "UPDATE coordinator_jobs SET workspace = %s", (sneaky,))
    said = _run_job(pg_url, tmp_path / "roots", q.sid, sneaky)
    assert "driven" not in (outside / "effects.log").read_text()
    assert any(line.startswith(f"refused {q.sid}: ") for line in said), said


def test_a_session_under_the_root_is_driven_by_the_job(tmp_path: Path, pg_url: str) -> None:
    q = _queued(tmp_path, pg_url)
    said = _run_job(pg_url, tmp_path / "roots", q.sid, str(q.ws))
    assert _driven(q), said
    assert _lease(pg_url, q.sid) == ("done", None)


def test_coord_resume_refuses_at_once_what_a_worker_would_refuse(
    tmp_path: Path, pg_url: str
) -> None:
    """The same check before anything is queued: one message, exit 4, the lease untouched;
    ``--here`` drives the session in this process with the flags instead."""
    from cli import coord

    q = _queued(tmp_path, pg_url)
    elsewhere = write_agents(tmp_path / "elsewhere", "backend")
    for flags in (["--provider", "anthropic"], ["--agents-dir", str(elsewhere)]):
        refused = coord("resume", q.sid, "--db", pg_url, *flags)
        assert refused.returncode == 4, refused.stderr
        first = refused.stderr.splitlines()[0]
        assert first.startswith(
            "error: the queued resume asks for more than the session was started with: "
        ), refused.stderr
        assert "Pass --here" in refused.stderr and "Traceback" not in refused.stderr
    assert _sql(pg_url, "SELECT state, resume FROM coordinator_jobs") == [("todo", None)]
    kept = coord("resume", q.sid, "--db", pg_url, "--agents-dir", str(q.agents), "--only")
    assert kept.returncode == 0, kept.stderr


def _shell_session(tmp: Path, url: str, command: str) -> Queued:
    """A queued session whose stored options ask for Bash without its sandbox, with the host
    network and the worker's TRUST27_SECRET: what any writer of the store can put in a row."""
    from coordinator.runtime.options import SessionOptions

    agents = tmp / "agents"
    agents.mkdir()
    (agents / "shell.md").write_text(
        "---\nname: shell\ndescription: Runs commands.\ntools: Read, Bash\n---\nYou run them.\n",
        encoding="utf-8",
    )
    turns = [{"tool_calls": [{"name": "Bash", "input": {"command": command}}]},
             {"text": report("Complete", "Ran it")}]  # fmt: skip
    script = write_script(tmp / "s.yaml", {"shell": turns})
    ws = tmp / "roots" / "ws"
    ws.mkdir(parents=True)
    options = SessionOptions(
        agents_dirs=(str(agents),), only=True, provider="scripted", script=str(script),
        allow_bash=True, unsandboxed_bash=True, bash_network=True,
        bash_env=("TRUST27_SECRET",), hooks=False,
    )  # fmt: skip
    sid = _start_detached(url, ws, agents, options, "shell", "run it")
    return Queued(sid, ws, agents, script)


SHELL = 'printf %s "${TRUST27_SECRET:-absent}" > seen.txt; echo x > {outside}/escaped'


@pytest.mark.parametrize(
    "operator_allows", [False, True], ids=["worker-says-no", "worker-says-yes"]
)
def test_a_sessions_sandbox_opt_outs_need_the_workers_own_settings(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, operator_allows: bool
) -> None:
    """A row asking for Bash outside its sandbox, with the host network and a variable of
    the worker's environment (its key, a cloud token) gets sandboxed Bash confined to its
    workspace, as the session's ``--allow-bash`` says, and the rest only where the worker's
    own settings (its user config here) allow it."""
    outside = tmp_path / "host"
    outside.mkdir()
    q = _shell_session(tmp_path, pg_url, SHELL.replace("{outside}", str(outside)))
    xdg = tmp_path / "xdg"
    (xdg / "coordinator").mkdir(parents=True)
    if operator_allows:
        (xdg / "coordinator" / "config.yaml").write_text(
            "unsandboxed_bash: true\nbash_env: [TRUST27_SECRET]\n", encoding="utf-8"
        )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    monkeypatch.setenv("TRUST27_SECRET", "worker-only-value-0123")
    said = _drive(pg_url, q.sid)
    assert _lease(pg_url, q.sid) == ("done", None), said
    seen = (q.ws / "seen.txt").read_text(encoding="utf-8")
    if operator_allows:
        assert seen == "worker-only-value-0123"
        assert (outside / "escaped").exists()
    else:
        assert seen == "absent" and not (outside / "escaped").exists(), said
        note = (
            f"session {q.sid}: the session was started with --unsandboxed-bash, --bash-network,"
            " --bash-env TRUST27_SECRET, which this worker's own settings do not allow: its"
            " Bash runs without them"
        )
        assert note in said, said
        [(data,)] = _sql(
            pg_url, "SELECT data FROM events WHERE kind = 'session_resumed' AND session_id = %s",
            (q.sid,),
        )  # fmt: skip
        assert note.split(": ", 1)[1] in json.loads(data)["notes"]  # `coord log`: resumed: …


def _anthropic_session(tmp: Path, url: str, base_url: str) -> Queued:
    """A queued session whose stored options name the Anthropic provider at ``base_url``."""
    q = _queued(tmp, url)
    stored = {"provider": None, "script": None, "base_url": base_url}
    _sql(url, "UPDATE sessions SET options = (options::jsonb || %s::jsonb)::text WHERE id = %s",
         (json.dumps(stored), q.sid))  # fmt: skip
    return q


@pytest.mark.parametrize("settings_name_it", [False, True], ids=["row-only", "worker-settings"])
def test_a_worker_sends_its_key_only_where_its_own_settings_say(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, settings_name_it: bool
) -> None:
    """A loopback base URL in a row is a port on the worker's machine that any of its users
    may listen on: the worker's key goes there only when its own settings name it."""
    from fake_messages_server import FakeMessagesServer, message

    key = "sk-ant-api03-worker-key-0123456789abcdef"
    with FakeMessagesServer() as server:
        server.reply(message(text=report("Complete", "Done")))
        q = _anthropic_session(tmp_path, pg_url, server.base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", key)
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
        if settings_name_it:
            monkeypatch.setenv("ANTHROPIC_BASE_URL", server.base_url)
        else:
            monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
        said = _drive(pg_url, q.sid)
        sent = [key in json.dumps(r.headers) for r in server.requests]  # its key, in a header
    if settings_name_it:
        assert sent == [True], said
        assert _lease(pg_url, q.sid) == ("done", None)
    else:
        assert sent == [], said
        state, error = _lease(pg_url, q.sid)
        assert state == "failed" and error.startswith(
            f"this session was started with --base-url {server.base_url}"
        ), error
        assert key not in error
