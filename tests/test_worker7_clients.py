"""One provider (one SDK client) per worker process and client key, not one per session."""

from __future__ import annotations

import asyncio
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kit import report, write_agents, write_script

from coordinator.config import Settings, load_settings
from coordinator.providers.anthropic import AnthropicProvider
from coordinator.providers.pool import ProviderPool, provider_key
from coordinator.providers.scripted import ScriptedProvider

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def done_script(path: Path) -> Path:
    return write_script(path, {"backend": [{"text": report("Complete", "Done")}]})


def closed(provider: Any) -> bool:
    return bool(provider._client.is_closed())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(tmp_path, None, {})


def test_same_script_shares_one_provider_another_script_gets_its_own(
    tmp_path: Path, settings: Settings
) -> None:
    a, b = done_script(tmp_path / "a.yaml"), done_script(tmp_path / "b.yaml")
    pool = ProviderPool()
    first = pool.get("scripted", settings, script=a)
    assert pool.get("scripted", settings, script=tmp_path / "." / "a.yaml") is first
    other = pool.get("scripted", settings, script=b)
    assert other is not first and len(pool) == 2
    asyncio.run(pool.aclose())
    assert closed(first) and closed(other) and len(pool) == 0


def test_an_edited_script_gets_a_new_provider(tmp_path: Path, settings: Settings) -> None:
    a = done_script(tmp_path / "a.yaml")
    pool = ProviderPool()
    first = pool.get("scripted", settings, script=a)
    write_script(a, {"backend": [{"text": report("Complete", "Edited, longer")}]})
    assert pool.get("scripted", settings, script=a) is not first
    asyncio.run(pool.aclose())


def test_base_urls_and_credentials_make_distinct_clients_never_shown(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-secret-one")
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    pool = ProviderPool()
    one = pool.get("anthropic", settings, base_url="http://127.0.0.1:9/")
    assert pool.get(None, settings, base_url="http://127.0.0.1:9/") is one
    two = pool.get("anthropic", settings, base_url="http://127.0.0.1:8/")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-secret-two")
    three = pool.get("anthropic", settings, base_url="http://127.0.0.1:9/")
    user = pool.get("anthropic", settings, base_url="http://u:hunter2@127.0.0.1:9/?k=pw")
    assert len({id(p) for p in (one, two, three, user)}) == 4
    assert all(isinstance(p, AnthropicProvider) for p in (one, two, three, user))
    shown = repr(pool.keys()) + " ".join(k.describe() for k in pool.keys())
    for secret in ("sk-ant-secret", "hunter2", "pw"):
        assert secret not in shown
    assert "http://127.0.0.1:9/" in shown
    asyncio.run(pool.aclose())
    assert all(closed(p) for p in (one, two, three, user))


def test_a_key_digest_does_not_hold_the_key(settings: Settings) -> None:
    key = provider_key("anthropic", settings, base_url="http://a:s3cr3t@127.0.0.1:1/")
    assert "s3cr3t" not in repr(key) and "s3cr3t" not in key.secret
    assert key.url == "http://127.0.0.1:1/"


def test_aclose_closes_the_others_when_one_fails(tmp_path: Path, settings: Settings) -> None:
    pool = ProviderPool()
    bad = pool.get("scripted", settings, script=done_script(tmp_path / "a.yaml"))
    good = pool.get("scripted", settings, script=done_script(tmp_path / "b.yaml"))

    async def broken() -> None:
        raise RuntimeError("close failed")

    bad.aclose = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="close failed"):
        asyncio.run(pool.aclose())
    assert closed(good) and len(pool) == 0


# --- a real worker (PostgreSQL, Procrastinate) --------------------------------------------


class Built:
    """Every ScriptedProvider this process builds (the real class, counted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.providers: list[ScriptedProvider] = []
        original = ScriptedProvider.__init__

        def counted(provider: ScriptedProvider, *args: Any, **kwargs: Any) -> None:
            original(provider, *args, **kwargs)
            self.providers.append(provider)

        monkeypatch.setattr(ScriptedProvider, "__init__", counted)


def detach(url: str, root: Path, agents: Path, scripts: list[Path]) -> list[str]:
    """Queue one session per script (each in its own workspace under ``root``)."""
    from coordinator.roster.loader import load_registry
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.store.pg import PgStore

    settings = load_settings(None, None, {"db": url})
    registry = load_registry([agents], only=True)

    async def start_all(store: Any) -> list[str]:
        ids = []
        for i, script in enumerate(scripts):
            ws = root / f"ws{i}"
            ws.mkdir(parents=True)
            choice = ModelChoice("scripted", script, None, None)
            options = SessionOptions.remember(
                choice, agents_dirs=[agents], only=True, settings=settings
            )
            provider = choice.provider(settings)
            engine = Engine(
                registry=registry, provider=provider, store=store, settings=settings, workspace=ws
            )
            result = await engine.start(f"task {i}", agent="backend", options=options, detach=True)
            await provider.aclose()
            ids.append(result.session_id)
        return ids

    with closing(PgStore.connect(url)) as store:
        return asyncio.run(start_all(store))


def drain(url: str, root: Path) -> list[str]:
    from coordinator.runtime.worker import WorkerConfig, serve

    lines: list[str] = []
    cfg = WorkerConfig(url, (root.resolve(),), concurrency=2, sweep=0.1, drain=True)
    end = asyncio.run(serve(cfg, asyncio.Event(), lines.append))
    assert end.exit_code == 0, lines
    return lines


def test_a_worker_builds_one_provider_per_script_and_closes_them_at_stop(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    a, b = done_script(tmp_path / "a.yaml"), done_script(tmp_path / "b.yaml")
    ids = detach(pg_url, tmp_path / "roots", agents, [a, a, a, b, a, b])
    built = Built(monkeypatch)  # from here: what the worker builds
    lines = drain(pg_url, tmp_path / "roots")
    assert sum(f"ended {sid} " in " ".join(lines) for sid in ids) == len(ids), lines
    scripts = sorted(p.model.source for p in built.providers)
    assert scripts == sorted([str(a.resolve()), str(b.resolve())])
    assert all(closed(p) for p in built.providers)
