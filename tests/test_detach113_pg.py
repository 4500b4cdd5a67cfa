"""detach113: a command that only queues sessions for the workers (``run --detach``,
``run --batch FILE --detach``, a resume on a shared store) imports no SDK: its provider is
built at its first model call, and queueing makes none (ops113: 11.6 of the 18 s of a
``run --detach`` went to importing ``anthropic`` for a provider it never called).

Real ``coord`` processes (forked by the light test zygote, which imported only the CLI app)
against the private PostgreSQL cluster, with a key set, as a user who also calls the model
from this machine has it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cli import Probed, coord_probe
from kit import blocked, report, workspace, write_agents, write_script
from test_workers_pg import InProcessWorker, submit

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.providers.base import ModelRequest, ProviderKind
from coordinator.providers.factory import BuiltLater, prepare_provider

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

#: The SDK and what only it brings in.
HEAVY = ("anthropic", "httpx", "httpx2", "jiter")


def heavy(probe: Probed) -> list[str]:
    """The heavy modules ``probe``'s process had imported by its end."""
    return sorted(m for m in probe.modules if m.split(".")[0] in HEAVY)


def test_run_detach_and_resume_of_the_queued_session_import_no_sdk(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-detach113")
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    common = ("--workspace", ws, "--db", pg_url, "--agents-dir", agents, "--only")
    ran = coord_probe("run", "Add a login endpoint", "--agent", "backend", "--detach", *common)
    assert ran.returncode == 0, ran.stderr
    assert heavy(ran) == [], ran.stderr
    sid = ran.stdout.strip()
    resumed = coord_probe("resume", sid, "--db", pg_url)  # queued again for the workers
    assert resumed.returncode == 0, resumed.stderr
    assert heavy(resumed) == [], resumed.stderr


def test_an_answer_to_a_waiting_session_queued_with_context_imports_no_sdk(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``coord resume ID --context`` of a session a worker left waiting for an answer."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-detach113")
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [{"text": blocked("Database", "the User model schema")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    [sid] = submit(tmp_path, pg_url, script, agents, 1)
    live = InProcessWorker(pg_url, tmp_path / "roots", lease=5.0, poll=0.5)
    try:
        live.line_with(f"ended {sid} waiting", timeout=60)  # no database agent in this roster
    finally:
        live.stop()
    answered = coord_probe("resume", sid, "--context", "email is unique", "--db", pg_url)
    assert answered.returncode == 0, answered.stderr
    assert "queued for the workers" in answered.stderr, answered.stderr
    assert heavy(answered) == [], answered.stderr


def test_a_scripted_run_and_a_batch_queued_import_no_sdk(tmp_path: Path, pg_url: str) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    common = ("--workspace", ws, "--db", pg_url, "--agents-dir", agents, "--only")
    scripted = ("--provider", "scripted", "--script", script)
    ran = coord_probe(
        "run", "Add an endpoint", "--agent", "backend", "--detach", *scripted, *common
    )
    assert ran.returncode == 0, ran.stderr
    assert heavy(ran) == [], ran.stderr
    batch = tmp_path / "batch.txt"
    batch.write_text(
        "- {request: Add an endpoint, agent: backend}\n- {request: Add a page, agent: backend}\n",
        encoding="utf-8",
    )
    queued = coord_probe("run", "--batch", batch, "--detach", *scripted, *common)
    assert queued.returncode == 0, queued.stderr
    assert heavy(queued) == [], queued.stderr


def test_built_at_its_first_call_named_before_and_its_build_error_that_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provider of a queueing command is built at its first call (a prompt hook's,
    ``router: llm``'s), named before; what only building finds is that call's error."""
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": "hello"}]})
    ready = prepare_provider("scripted", Settings(), script=script)
    later = ready.build_later()
    assert isinstance(later, BuiltLater)
    assert (later.name, later.call_bound) == (ProviderKind.SCRIPTED, None)
    request = ModelRequest(
        system="s",
        messages=[{"role": "user", "content": "hi"}],
        tools=[],
        model="m",
        agent="backend",
    )
    response = asyncio.run(later.complete(request))
    assert "hello" in str(response.content)
    asyncio.run(later.aclose())
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-detach113")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:notaport")
    online = prepare_provider(None, Settings(), key_elsewhere=True).build_later()
    assert online.name == ProviderKind.ANTHROPIC
    asyncio.run(online.aclose())  # never built: nothing to close, no error
    with pytest.raises(UserError, match="proxy"):
        asyncio.run(online.complete(request))
