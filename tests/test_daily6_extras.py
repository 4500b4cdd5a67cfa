"""Hooks and skills come from the resuming machine: a session remembers a digest of those it
started with, and a resume (local or a worker's) that finds different ones says so once on
stderr or in the worker's log, and in ``coord log``. Nothing else changes."""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from pathlib import Path

from cli import coord
from kit import report, team, workspace, write_agents, write_script
from test_daily6_resume_dirs import interrupted_session

from coordinator.runtime.options import (
    EXTRAS_CHANGED,
    ModelChoice,
    SessionOptions,
    extras_digest,
    extras_note,
)

HOOK = {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "true"}]}]}


def add_skill(root: Path, name: str, text: str) -> None:
    folder = root / ".claude" / "skills" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_text(f"---\nname: {name}\n---\n{text}\n", encoding="utf-8")


def user_hook(home: Path) -> None:
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps({"hooks": HOOK}), "utf-8")


def test_the_digest_follows_hooks_and_skills_only(tmp_path: Path) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    ws.mkdir()
    agents = list(team("backend"))

    def digest(hooks: bool = True) -> str:
        return extras_digest(ws, agents, hooks=hooks, home=home)

    first = digest()
    assert digest() == first  # stable
    (ws / "notes.txt").write_text("not a hook or a skill", encoding="utf-8")
    assert digest() == first
    add_skill(ws, "style", "Use black.")
    with_skill = digest()
    assert with_skill != first
    add_skill(ws, "style", "Use ruff format.")  # the same skill, other text
    assert digest() != with_skill
    with_skill = digest()
    user_hook(home)
    assert digest() != with_skill  # a hook in the user's settings
    assert digest(hooks=False) not in (digest(), with_skill)  # --no-hooks


def test_a_session_stored_without_a_digest_is_not_flagged(tmp_path: Path) -> None:
    old = SessionOptions.remember(ModelChoice())
    assert old.extras is None
    assert extras_note(old, tmp_path, list(team("backend")), hooks=True) is None
    again = SessionOptions.from_json(old.with_extras(tmp_path, team("backend")).to_json())
    assert again.extras is not None
    assert extras_note(again, tmp_path, list(team("backend")), hooks=True) is None
    assert extras_note(again, tmp_path, list(team("backend")), hooks=False) == EXTRAS_CHANGED


def test_a_resume_with_other_skills_says_so_once_and_in_the_log(tmp_path: Path) -> None:
    ws, _, sid = interrupted_session(tmp_path)
    add_skill(ws, "style", "Use ruff format.")  # this checkout has a skill the start had not
    done = write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})
    resumed = coord("resume", sid, "--script", done, cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.count(EXTRAS_CHANGED) == 1, resumed.stderr
    logged = json.loads(coord("log", sid, "--json", cwd=ws).stdout)
    (event,) = [e for e in logged["events"] if e["kind"] == "session_resumed"]
    assert event["notes"] == [EXTRAS_CHANGED]
    assert "hooks or skills differ" in coord("log", sid, cwd=ws).stdout


def test_a_resume_with_the_same_hooks_and_skills_says_nothing(tmp_path: Path) -> None:
    ws, _, sid = interrupted_session(tmp_path)
    done = write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})
    resumed = coord("resume", sid, "--script", done, cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    assert "differ" not in resumed.stderr


def test_a_worker_names_other_hooks_in_its_log(tmp_path: Path, pg_fresh: str) -> None:
    from coordinator.providers.pool import ProviderPool
    from coordinator.runtime.worker import engine_for
    from coordinator.store.pg import PgStore

    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--agents-dir", agents,
                "--only", "--provider", "scripted", "--script", script, "--db", pg_fresh,
                "--detach", cwd=ws)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sid = ran.stdout.strip()
    said: list[str] = []

    def notes() -> tuple[str, ...]:
        providers = ProviderPool()
        with closing(PgStore.connect(pg_fresh)) as store:
            found = engine_for(store, store.session(sid), providers, said.append).notes
            asyncio.run(providers.aclose())
        return found

    assert notes() == () and said == []  # the same hooks and skills as the submitter's
    user_hook(Path.home())  # the worker's machine has a hook the submitter's had not
    assert notes() == (EXTRAS_CHANGED,)
    assert said == [f"session {sid}: {EXTRAS_CHANGED}"]
