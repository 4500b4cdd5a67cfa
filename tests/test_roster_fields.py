"""Every frontmatter field is honoured or reported; models and permission modes are checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.errors import UserError
from coordinator.roster.fields import (
    FIELDS,
    PERMISSION_MODES,
    Support,
    check_model,
    field_summary,
    model_error,
)
from coordinator.roster.loader import load_registry
from coordinator.tools.toolset import build_toolset

#: The sub-agent fields Claude Code documents.
CLAUDE_CODE_FIELDS = (
    "name description tools disallowedTools model permissionMode maxTurns skills mcpServers "
    "hooks memory background effort isolation color initialPrompt"
).split()

FULL = """---
name: planner
description: Plans backend changes.
tools: Read, Grep, Write, Bash
disallowedTools: Glob
model: fable
permissionMode: plan
maxTurns: 12
skills: [api-conventions]
mcpServers: [github]
hooks:
  PreToolUse:
    - matcher: Bash
      hooks: [{type: command, command: ./check.sh}]
memory: project
background: false
effort: high
isolation: worktree
color: blue
initialPrompt: Read the README first.
category: planning
---
You plan.
"""


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_the_table_covers_every_claude_code_field_with_a_reason() -> None:
    assert set(CLAUDE_CODE_FIELDS) <= set(FIELDS)
    for key in CLAUDE_CODE_FIELDS:
        assert FIELDS[key].support != Support.UNKNOWN and len(FIELDS[key].note) > 10
    assert set(PERMISSION_MODES) == {
        "default",
        "auto",
        "acceptEdits",
        "dontAsk",
        "plan",
        "bypassPermissions",
    }


def test_show_lists_every_field_of_the_file_with_its_status(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "planner.md").write_text(FULL, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["agents", "show", "planner", "--json", "--agents-dir", str(folder), "--only"]
    )
    assert result.exit_code == 0, result.output
    fields = {f["field"]: f for f in json.loads(result.stdout)["fields"]}
    assert list(fields) == [*CLAUDE_CODE_FIELDS, "category"]
    assert fields["permissionMode"]["support"] == "honoured"
    assert "read-only" in fields["permissionMode"]["note"]
    assert fields["hooks"]["support"] == "honoured" and fields["hooks"]["line"] == 11
    assert fields["category"]["support"] == "unknown"
    text = CliRunner().invoke(
        app, ["agents", "show", "planner", "--agents-dir", str(folder), "--only"]
    )
    assert "initialPrompt" in text.stdout and "honoured" in text.stdout
    # every Claude Code field of the file is honoured now; the unknown one says so
    assert "not yet" not in text.stdout and "unknown" in text.stdout


def test_unknown_fields_warn_once_per_field(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.md").write_text(
            f"---\nname: a{n}\ndescription: Agent {n}.\ncategory: x\nversion: 1\n---\n",
            encoding="utf-8",
        )
    registry = load_registry([folder], only=True)
    messages = [p.message for p in registry.problems]
    assert messages == [
        "unknown frontmatter field 'category' is ignored (and 2 more files)",
        "unknown frontmatter field 'version' is ignored (and 2 more files)",
    ]
    summary = {u.field: (u.files, u.support) for u in field_summary(registry)}
    assert summary["category"] == (3, Support.UNKNOWN)


def test_plan_mode_gives_read_only_tools(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "planner.md").write_text(FULL, encoding="utf-8")
    agent = load_registry([folder], only=True).get("planner")
    toolset = build_toolset(agent.tools, agent.disallowed_tools)
    assert toolset.names == ["Read", "Grep"]


@pytest.mark.parametrize(
    "model",
    ["inherit", "sonnet", "opus", "haiku", "fable", "opusplan", "best", "default",
     "sonnet[1m]", "opus[1m]", "claude-sonnet-4-20250514", "claude-fable-5-2",
     "claude-opus-4-1@20250805", "claude-sonnet-4-5[1m]"],
)  # fmt: skip
def test_claude_code_models_are_accepted(model: str) -> None:
    assert model_error(model) is None
    assert check_model(f" {model} ") == model


@pytest.mark.parametrize("model", ["gpt-4", 'sonnet"', "'sonnet", "Claude Sonnet", "", "claude-"])
def test_unknown_models_are_refused(model: str) -> None:
    assert model_error(model) is not None
    with pytest.raises(UserError, match="unknown model"):
        check_model(model)


def test_a_model_alias_from_the_settings_is_accepted_on_the_command_line() -> None:
    assert check_model("test-model", {"test-model": "claude-x"}) == "test-model"
    assert check_model(None) is None


def test_corpus_has_no_silently_ignored_field(shared: Path) -> None:
    corpus = shared / "corpus"
    result = CliRunner().invoke(app, ["agents", "validate", str(corpus), "--json"])
    data = json.loads(result.stdout)
    fields = {f["field"]: f for f in data["fields"]}
    assert all(f["support"] != "unknown" and f["note"] for f in fields.values())
    assert set(fields) == {"name", "description", "model", "tools", "color"}
    assert (data["agent_count"], data["error_count"]) == (474, 1)


def test_the_docs_page_mirrors_the_table() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "agent-fields.md").read_text()
    for key, info in [*FIELDS.items(), *PERMISSION_MODES.items()]:
        assert f"| `{key}` | {info.support} | {info.note} |" in page


def test_validate_one_file_lists_its_fields(tmp_path: Path) -> None:
    path = tmp_path / "planner.md"
    path.write_text(FULL, encoding="utf-8")
    result = CliRunner().invoke(app, ["agents", "validate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    fields = {f["field"]: (f["files"], f["support"]) for f in data["fields"]}
    assert fields["permissionMode: plan"] == (1, "honoured")
    assert fields["skills"] == (1, "honoured") and fields["category"] == (1, "unknown")
    assert [p["message"] for p in data["problems"]] == [
        "unknown frontmatter field 'category' is ignored"
    ]
