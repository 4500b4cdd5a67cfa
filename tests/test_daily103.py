"""daily103: a new user's first hour with the short README: the rough edges met on the way,
each checked where it is decided (the core) and, where the command's words are the point,
through ``coord`` in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord

from coordinator.roster.loader import load_registry


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


# ---- an indented `tools:` line is a field gone astray, not words of the description ------

FRONT = "---\nname: docs-writer\ndescription: Пише документацію та README.\n"


@pytest.mark.parametrize(
    ("misplaced", "key"),
    [
        ("\ttools: Read, Write\n", "tools"),  # a tab: YAML never indents with one
        ("  tools: Read, Write\n", "tools"),  # spaces after a one-line description
        ("\tdisallowedTools: Bash\n", "disallowedTools"),
        ("\tpermissionMode: plan\n", "permissionMode"),
    ],
)
def test_an_indented_field_skips_the_file_rather_than_lose_what_it_limits(
    tmp_path: Path, misplaced: str, key: str
) -> None:
    """Read as part of the description, the line left the agent every tool (or its Bash,
    or its writes): the file is skipped with its line, the field and the way to fix it."""
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "docs-writer.md").write_text(f"{FRONT}{misplaced}---\nBody\n", encoding="utf-8")
    registry = load_registry([folder], only=True)
    assert [a.name for a in registry] == []
    [error] = [p for p in registry.problems if p.severity == "error"]
    assert error.line == 4
    assert f"'{key}' is indented" in error.message and "part of 'description'" in error.message
    assert error.message.endswith("file skipped")


def test_agents_validate_names_the_indented_tools_line(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    path = folder / "docs-writer.md"
    path.write_text(f"{FRONT}\ttools: Read, Write\n---\nBody\n", encoding="utf-8")
    done = coord("agents", "validate", path, cwd=tmp_path)
    assert done.returncode == 1
    assert "docs-writer.md:4: error: 'tools' is indented" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("frontmatter", "kept"),
    [
        # words of a description that only look like a key, on a line of their own
        ("description: Reviews code. <example>\n  Context: a review\n</example>\n", "Context"),
        # a block scalar's lines are its text, whatever they say (YAML fails on `notes`)
        ("description: |\n  Writes docs.\n  model: not a field here\nnotes: a: b\n", "model"),
    ],
)
def test_prose_that_looks_like_a_key_still_loads(
    tmp_path: Path, frontmatter: str, kept: str
) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "rev.md").write_text(f"---\nname: rev\n{frontmatter}---\nBody\n", encoding="utf-8")
    registry = load_registry([folder], only=True)
    assert f"{kept}: " in registry.get("rev").description
    assert "not valid YAML" in registry.problems[0].message
    assert {p.severity for p in registry.problems} == {"warning"}


# ---- counts said as a person says them: no "hook(s) check" ------------------------------


def test_skipped_hooks_are_counted_with_their_verbs(tmp_path: Path) -> None:
    """``coord run``'s notice of workspace hooks skipped without --allow-bash: two guards
    "check nothing", two onFailure "block" hooks "refuse what they match" (one: "checks",
    "refuses what it matches", in test_daily47 and test_compat88_on_failure)."""
    import json

    from kit import team, workspace

    from coordinator.config import Settings
    from coordinator.runtime.extras import session_extras

    ws = workspace(tmp_path)
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    entries = [
        {"type": "command", "command": "exit 2"},
        {"type": "command", "command": "exit 3"},
        {"type": "command", "command": "sh a.sh", "onFailure": "block"},
        {"type": "command", "command": "sh b.sh", "onFailure": "block"},
    ]
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": entries}]}
    settings.write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    config, registry = Settings(), team("backend")
    extras = session_extras(ws, config, registry, home=tmp_path / "home")
    notice = "\n".join(extras.notice(registry, config))
    assert (
        "2 skipped PreToolUse hooks check nothing: the calls they match run without them "
        "(--allow-bash runs them, in the sandbox)" in notice
    )
    assert '2 skipped hooks with onFailure "block" refuse what they match' in notice
    assert "(s)" not in notice


def test_unread_hook_fields_are_one_field_or_fields(tmp_path: Path) -> None:
    import json

    from coordinator.runtime.hooks import load_hooks

    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    entries = [
        {"type": "command", "command": "a", "colour": "red"},
        {"type": "command", "command": "b", "colour": "red", "size": 3},
    ]
    hooks = {"PreToolUse": [{"hooks": entries}]}
    (home / ".claude/settings.json").write_text(json.dumps({"hooks": hooks}), encoding="utf-8")
    warnings = "\n".join(load_hooks(tmp_path / "ws", home=home, managed=None).warnings)
    assert "PreToolUse: command hook field colour not read" in warnings
    assert "PreToolUse: command hook fields colour, size not read" in warnings


@pytest.mark.parametrize(
    ("spans", "said"), [(1, "1 span for URL was dropped"), (3, "3 spans for URL were dropped")]
)
def test_dropped_spans_are_counted_with_their_verb(spans: int, said: str) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from collections.abc import Sequence

    from opentelemetry.sdk.trace import ReadableSpan
    from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

    from coordinator.telemetry.otel import Delivery

    class Refused(SpanExporter):
        def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
            return SpanExportResult.FAILURE

    warned: list[str] = []
    delivery = Delivery(Refused(), "URL", warned.append)
    delivery.export([ReadableSpan(name=f"s{i}") for i in range(spans)])
    delivery.finish()
    [line] = warned
    assert line.startswith(f"traces not sent: {said};"), line


# ---- an index on a read-only filesystem (a read-only home) is read where it lies ----------


def test_an_index_on_a_read_only_filesystem_lists_every_workspace_and_says_why_once(
    tmp_path: Path,
) -> None:
    """Before, every command said "session index … is unusable (unable to open database
    file); skipped" and `coord sessions` listed only the current workspace's sessions."""
    from kit import session_in
    from test_store_faults import bwrap, sandboxed_coord

    from coordinator.store.paths import index_path

    first = session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    folder = str(index_path().parent)
    again = ["run", "again", "--workspace", tmp_path / "a", "--agents-dir", tmp_path / "agents"]
    again += ["--only", "--agent", "worker", "--script", tmp_path / "w.yaml"]
    listed, ran = sandboxed_coord(
        bwrap("--ro-bind", folder, folder), tmp_path / "out.json", ["sessions"], again
    )
    assert listed.code == 0 and first in listed.stdout and other in listed.stdout
    assert listed.stderr == ""
    assert ran.code == 0, ran.stderr
    (said,) = [line for line in ran.stderr.splitlines() if "index" in line]  # once
    assert said == (
        f"warning: session index {index_path()} is on a read-only filesystem: it is read, "
        "not written (a session run now is found from its own workspace)"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("log", "show", "abc"), "error: Unexpected extra argument: abc\n"),
        (("stats", "last", "week"), "error: Unexpected extra arguments: last week\n"),
    ],
)
def test_extra_arguments_are_counted_as_a_person_says_them(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    """click said "Got unexpected extra argument(s) (abc)"; the line keeps its hints."""
    ran = coord(*args, cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert ran.returncode == 4
    assert ran.stderr.startswith(said), ran.stderr
