"""Fuzz the roster loader with mutated agent files: every one is loaded or skipped, none crash.

The mutations are seeded (:mod:`agent_mutations`), so a CI run explores the same files every
time; ``COORD_FUZZ_FILES`` raises the count for a long run (see bench/RESULTS.md).

Why 2,000 in the suite: of six faults seeded into a copy of the loader (nesting depth, alias
and node budgets, NUL bytes, maxTurns bounds and huge integers unchecked), the 5,000 files
this test used to check catch one, huge integers, in 67 files (the first is #34); the first
2,000 catch it in 31. The other five pass both: this check finds crashes, not lost limits,
which the roster's own tests pin down case by case (tests/test_roster_faults.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from agent_mutations import mutants, seeds
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.roster.fields import agent_fields, model_error
from coordinator.roster.frontmatter import parse_bytes
from coordinator.roster.loader import MAX_TURNS_LIMIT, build_spec, load_registry
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec, Severity
from coordinator.routing.lexical import route

FILES = int(os.environ.get("COORD_FUZZ_FILES", "2000"))
ON_DISK = 300
SEED = 20261130


def check_loaded(spec: AgentSpec) -> None:
    """What a loaded agent may never be: nameless, an unknown model, unserialisable."""
    assert spec.name.strip() and spec.description.strip()
    assert spec.model is None or model_error(spec.model) is None, spec.model
    assert spec.max_turns is None or 1 <= spec.max_turns <= MAX_TURNS_LIMIT
    json.dumps(spec.model_dump(mode="json"))
    assert [f.field for f in agent_fields(spec)] == list(spec.keys)


def test_mutated_agent_files_are_loaded_or_skipped_never_crash(shared_or_none: Path | None) -> None:
    pool = seeds(shared_or_none)
    path = Path("/fuzz/agent.md")
    loaded: dict[str, AgentSpec] = {}
    outcomes = {"loaded": 0, "skipped": 0}
    for data in mutants(SEED, FILES, pool):
        spec, problems = build_spec(path, parse_bytes(data))
        errors = [p for p in problems if p.severity == Severity.ERROR]
        assert (spec is None) == bool(errors), problems
        assert all(p.line >= 1 and p.message for p in problems)
        if spec is None:
            outcomes["skipped"] += 1
            continue
        outcomes["loaded"] += 1
        check_loaded(spec)
        loaded.setdefault(spec.name, spec)
    assert outcomes["loaded"] + outcomes["skipped"] == FILES
    assert outcomes["loaded"] > FILES // 10 and outcomes["skipped"] > FILES // 10, outcomes
    registry = Registry(list(loaded.values()))
    for request in ("add a FastAPI endpoint", "fix the flaky test", "додай endpoint"):
        route(request, registry)


def test_mutated_files_on_disk_through_the_real_loader_and_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_or_none: Path | None
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "agents"
    folder.mkdir()
    for index, data in enumerate(mutants(SEED + 1, ON_DISK, seeds(shared_or_none))):
        (folder / f"m{index:04d}.md").write_bytes(data)
    first = load_registry([folder], only=True)
    again = load_registry([folder], only=True)  # served from the parse cache
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert sorted(again.agents) == sorted(first.agents)
    skipped = {p.path for p in first.skipped}
    loaded = {a.source for a in first} | {s.path for s in first.shadowed}
    assert len(loaded | skipped) == ON_DISK and not loaded & skipped
    runner = CliRunner()
    for args in (["agents", "list", "--json"], ["agents", "validate", str(folder), "--json"]):
        extra = [] if args[1] == "validate" else ["--agents-dir", str(folder), "--only"]
        result = runner.invoke(app, [*args, *extra])
        assert (result.exit_code in (0, 1) and result.exception is None) or isinstance(
            result.exception, SystemExit
        ), result.output
        json.loads(result.stdout)
    result = runner.invoke(
        app, ["route", "add an endpoint", "--json", "--agents-dir", str(folder), "--only"]
    )
    assert result.exit_code in (0, 4), result.output  # 4: no agent fits
    json.loads(result.stdout)
    assert result.stderr.count("\n") == 1 and "agent files skipped" in result.stderr


@pytest.fixture
def shared_or_none() -> Path | None:
    """``../shared`` when present (adds the 534 corpus files to the seeds), else None."""
    folder = Path(__file__).resolve().parents[3] / "shared"
    return folder if folder.is_dir() else None
