"""Workspace tools: confinement, caps, Claude Code semantics, Bash permission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kit import needs_bwrap

from coordinator.tools.base import ToolContext, ToolError, ToolResult
from coordinator.tools.globbing import compile_glob
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.toolset import TOOL_NAMES, build_toolset
from coordinator.tools.workspace import resolve_in_workspace

ALL = build_toolset(None)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "app" / "models").mkdir(parents=True)
    (root / "app" / "models" / "user.py").write_text("class User:\n    email: str\n")
    (root / "app" / "main.py").write_text("from app.models.user import User\nprint('hi')\n")
    (root / "README.md").write_text("# Demo\nUser docs\n")
    (tmp_path / "secret.txt").write_text("TOP SECRET\n")
    return root


async def run(ws: Path, name: str, args: dict[str, Any], **ctx: Any) -> ToolResult:
    return await ALL.execute(name, args, ToolContext(root=ws, **ctx))


# --- confinement ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["../secret.txt", "app/../../secret.txt", "/etc/passwd", "~/.bashrc"]
)
@pytest.mark.parametrize("tool", ["Read", "Write", "Edit"])
async def test_paths_outside_the_workspace_are_refused(ws: Path, tool: str, path: str) -> None:
    args: dict[str, Any] = {"file_path": path}
    if tool == "Write":
        args["content"] = "x"
    if tool == "Edit":
        args.update(old_string="TOP", new_string="NOT")
    result = await run(ws, tool, args)
    assert result.is_error
    assert "outside the workspace" in result.content
    assert (ws.parent / "secret.txt").read_text() == "TOP SECRET\n"


async def test_absolute_paths_inside_the_workspace_are_fine(ws: Path) -> None:
    result = await run(ws, "Read", {"file_path": str(ws / "app" / "models" / "user.py")})
    assert not result.is_error
    assert "class User" in result.content


async def test_symlinks_leading_out_are_refused(ws: Path) -> None:
    (ws / "link.txt").symlink_to(ws.parent / "secret.txt")
    (ws / "linkdir").symlink_to(ws.parent, target_is_directory=True)
    for path in ("link.txt", "linkdir/secret.txt"):
        result = await run(ws, "Read", {"file_path": path})
        assert result.is_error and "outside the workspace" in result.content
    write = await run(ws, "Write", {"file_path": "linkdir/new.txt", "content": "x"})
    assert write.is_error and not (ws.parent / "new.txt").exists()
    glob = await run(ws, "Glob", {"pattern": "**/*.txt"})
    assert "secret" not in glob.content and "link.txt" not in glob.content
    grep = await run(ws, "Grep", {"pattern": "SECRET", "output_mode": "content"})
    assert "TOP SECRET" not in grep.content
    assert (await run(ws, "Grep", {"pattern": "x", "path": "linkdir"})).is_error


async def test_symlinks_inside_the_workspace_are_followed(ws: Path) -> None:
    (ws / "alias.py").symlink_to(ws / "app" / "main.py")
    result = await run(ws, "Read", {"file_path": "alias.py"})
    assert "print('hi')" in result.content


def test_resolve_in_workspace_returns_resolved_paths(ws: Path) -> None:
    assert resolve_in_workspace(ws, "app/./models/../main.py") == (ws / "app/main.py").resolve()
    assert resolve_in_workspace(ws, ".") == ws.resolve()
    with pytest.raises(ToolError, match=r"'\.\./x' is outside the workspace"):
        resolve_in_workspace(ws, "../x")


# --- Read ----------------------------------------------------------------------------


async def test_read_is_line_numbered_with_offset_and_limit(ws: Path) -> None:
    (ws / "n.txt").write_text("".join(f"line {i}\n" for i in range(1, 11)))
    full = await run(ws, "Read", {"file_path": "n.txt"})
    assert full.content.splitlines()[0] == "     1\tline 1"
    part = await run(ws, "Read", {"file_path": "n.txt", "offset": 4, "limit": 2})
    assert part.content.splitlines()[:2] == ["     4\tline 4", "     5\tline 5"]
    assert "offset=6" in part.content
    past = await run(ws, "Read", {"file_path": "n.txt", "offset": 50})
    assert past.is_error and "10 lines" in past.content


async def test_huge_files_are_capped_with_a_note(ws: Path) -> None:
    (ws / "big.txt").write_text("".join(f"row {i}\n" for i in range(100_000)))
    (ws / "wide.txt").write_text("x" * 50_000 + "\nshort\n")
    big = await run(ws, "Read", {"file_path": "big.txt"})
    assert len(big.content.splitlines()) <= 2002
    assert "showing lines 1-2000" in big.content and "offset=2001" in big.content
    wide = await run(ws, "Read", {"file_path": "wide.txt"})
    assert "[line truncated]" in wide.content and len(wide.content) < 3000


async def test_binary_and_missing_files(ws: Path) -> None:
    (ws / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(1000))
    binary = await run(ws, "Read", {"file_path": "logo.png"})
    assert "binary file, 1,010 bytes" in binary.content
    missing = await run(ws, "Read", {"file_path": "nope.py"})
    assert missing.is_error and "does not exist" in missing.content
    folder = await run(ws, "Read", {"file_path": "app"})
    assert folder.is_error and "directory" in folder.content


# --- Write / Edit --------------------------------------------------------------------


async def test_write_creates_parent_directories(ws: Path) -> None:
    result = await run(ws, "Write", {"file_path": "new/deep/file.py", "content": "a\nb\n"})
    assert not result.is_error and "Created 'new/deep/file.py'" in result.content
    assert (ws / "new/deep/file.py").read_text() == "a\nb\n"


async def test_edit_requires_a_unique_match(ws: Path) -> None:
    (ws / "dup.py").write_text("x = 1\nx = 1\ny = 2\n")
    ambiguous = await run(
        ws, "Edit", {"file_path": "dup.py", "old_string": "x = 1", "new_string": "x = 3"}
    )
    assert ambiguous.is_error and "matches 2 places" in ambiguous.content
    missing = await run(
        ws, "Edit", {"file_path": "dup.py", "old_string": "z = 9", "new_string": "z = 0"}
    )
    assert missing.is_error and "not found" in missing.content
    assert (ws / "dup.py").read_text() == "x = 1\nx = 1\ny = 2\n"
    unique = await run(
        ws, "Edit", {"file_path": "dup.py", "old_string": "y = 2", "new_string": "y = 5"}
    )
    assert not unique.is_error
    every = await run(
        ws,
        "Edit",
        {"file_path": "dup.py", "old_string": "x = 1", "new_string": "x = 3", "replace_all": True},
    )
    assert "replaced 2 occurrences" in every.content
    assert (ws / "dup.py").read_text() == "x = 3\nx = 3\ny = 5\n"


async def test_edit_preserves_crlf_line_endings(ws: Path) -> None:
    (ws / "win.txt").write_bytes(b"one\r\ntwo\r\n")
    await run(ws, "Edit", {"file_path": "win.txt", "old_string": "two", "new_string": "2"})
    assert (ws / "win.txt").read_bytes() == b"one\r\n2\r\n"


# --- Glob ----------------------------------------------------------------------------


async def test_glob_patterns_and_order(ws: Path) -> None:
    (ws / "node_modules" / "pkg").mkdir(parents=True)
    (ws / "node_modules" / "pkg" / "index.py").write_text("")
    result = await run(ws, "Glob", {"pattern": "**/*.py"})
    assert result.content.splitlines() == ["app/main.py", "app/models/user.py"]
    top = await run(ws, "Glob", {"pattern": "*.{md,py}"})
    assert top.content.splitlines() == ["README.md"]
    scoped = await run(ws, "Glob", {"pattern": "*.py", "path": "app/models"})
    assert scoped.content == "app/models/user.py"
    none = await run(ws, "Glob", {"pattern": "**/*.rs"})
    assert none.content == "No files found" and not none.is_error


async def test_glob_caps_results(ws: Path) -> None:
    (ws / "many").mkdir()
    for i in range(150):
        (ws / "many" / f"f{i:03}.txt").write_text("")
    result = await run(ws, "Glob", {"pattern": "many/*.txt"})
    assert len(result.content.splitlines()) == 101
    assert "showing 100 of 150 matches" in result.content


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.py", "a/b/c.py", True),
        ("**/*.py", "c.py", True),
        ("*.py", "a/c.py", False),
        ("src/**", "src/a/b", True),
        ("[!a]*.txt", "b.txt", True),
        ("[!a]*.txt", "a.txt", False),
        ("*.{ts,tsx}", "x.tsx", True),
        ("file?.md", "file1.md", True),
        ("a+b.txt", "a+b.txt", True),
    ],
)
def test_glob_matcher(pattern: str, path: str, matches: bool) -> None:
    assert (compile_glob(pattern).match(path) is not None) is matches


# --- Grep ----------------------------------------------------------------------------


async def test_grep_modes(ws: Path) -> None:
    files = await run(ws, "Grep", {"pattern": "User"})
    assert files.content.splitlines() == ["README.md", "app/main.py", "app/models/user.py"]
    content = await run(ws, "Grep", {"pattern": "class \\w+", "output_mode": "content"})
    assert content.content == "app/models/user.py:1:class User:"
    no_numbers = await run(ws, "Grep", {"pattern": "^class", "output_mode": "content", "-n": False})
    assert no_numbers.content == "app/models/user.py:class User:"
    count = await run(ws, "Grep", {"pattern": "user", "-i": True, "output_mode": "count"})
    assert "app/main.py:1" in count.content.splitlines()
    scoped = await run(ws, "Grep", {"pattern": "User", "glob": "*.py", "path": "app"})
    assert scoped.content.splitlines() == ["app/main.py", "app/models/user.py"]
    head = await run(ws, "Grep", {"pattern": "User", "head_limit": 1})
    assert head.content.startswith("README.md\n[showing the first 1 of 3")


async def test_grep_skips_binary_and_reports_bad_regex(ws: Path) -> None:
    (ws / "blob.bin").write_bytes(b"User\x00\x01\x02")
    result = await run(ws, "Grep", {"pattern": "User"})
    assert "blob.bin" not in result.content
    bad = await run(ws, "Grep", {"pattern": "("})
    assert bad.is_error and "invalid regular expression" in bad.content
    none = await run(ws, "Grep", {"pattern": "nothing-like-this"})
    assert none.content == "No matches found" and not none.is_error


# --- Bash ----------------------------------------------------------------------------


async def test_bash_is_refused_unless_allowed(ws: Path) -> None:
    result = await run(ws, "Bash", {"command": "touch made-by-bash"})
    assert result.is_error and "Bash is disabled" in result.content
    assert not (ws / "made-by-bash").exists()


@needs_bwrap
async def test_bash_runs_in_the_workspace_with_an_allow_listed_env(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-should-not-leak")
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "tok-should-not-leak")
    monkeypatch.setenv("GITHUB_TOKEN", "gh-should-not-leak")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "aws-should-not-leak")
    monkeypatch.setenv("HARMLESS_SETTING", "visible")
    result = await run(ws, "Bash", {"command": "pwd; env"}, allow_bash=True)
    assert not result.is_error, result.content
    assert result.content.splitlines()[0] == str(ws)
    assert "HARMLESS_SETTING" not in result.content  # an allow-list, not a deny-list
    assert "should-not-leak" not in result.content
    assert "PATH=" in result.content
    named = BashSandbox(env_names=("HARMLESS_SETTING",))
    result = await run(ws, "Bash", {"command": "env"}, allow_bash=True, sandbox=named)
    assert "HARMLESS_SETTING=visible" in result.content
    assert "should-not-leak" not in result.content


@needs_bwrap
async def test_bash_exit_code_timeout_and_cap(ws: Path) -> None:
    failed = await run(ws, "Bash", {"command": "echo oops; exit 3"}, allow_bash=True)
    assert failed.is_error and failed.content == "oops\n[exit code 3]"
    slow = await run(ws, "Bash", {"command": "sleep 5", "timeout": 200}, allow_bash=True)
    assert slow.is_error and "timed out after 0.2 s" in slow.content
    loud = await run(ws, "Bash", {"command": "yes | head -c 100000"}, allow_bash=True)
    assert len(loud.content) < 31_000 and "truncated" in loud.content


# --- Toolset -------------------------------------------------------------------------


async def test_unknown_tools_and_invalid_input_are_error_results(ws: Path) -> None:
    unknown = await run(ws, "WebSearch", {"query": "x"})
    assert unknown.is_error and "no tool named 'WebSearch'" in unknown.content
    assert "Read" in unknown.content
    missing = await run(ws, "Read", {})
    assert missing.is_error and "missing required parameter 'file_path'" in missing.content
    typed = await run(ws, "Read", {"file_path": "README.md", "limit": "ten"})
    assert typed.is_error and "'limit' must be an integer" in typed.content
    extra = await run(ws, "Read", {"file_path": "README.md", "pages": "1"})
    assert extra.is_error and "unknown parameter 'pages'" in extra.content
    mode = await run(ws, "Grep", {"pattern": "x", "output_mode": "lines"})
    assert mode.is_error and "must be one of" in mode.content


async def test_tool_bugs_propagate(ws: Path) -> None:
    class Broken:
        name = "Broken"
        description = "always fails"
        input_schema: dict[str, Any] = {"type": "object", "properties": {}}  # noqa: RUF012

        async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
            raise KeyError("bug")

    from coordinator.tools.toolset import Toolset

    with pytest.raises(KeyError):
        await Toolset([Broken()]).execute("Broken", {}, ToolContext(root=ws))


def test_build_toolset_follows_the_agent_frontmatter() -> None:
    assert build_toolset(None).names == list(TOOL_NAMES)
    assert build_toolset(["Read", "Grep", "WebSearch", "mcp__github__search"]).names == [
        "Read",
        "Grep",
    ]
    assert "Bash" not in build_toolset(None, ["Bash", "Write"]).names
    assert "Write" not in build_toolset(None, ["Bash", "Write"]).names
    assert build_toolset(["Bash(git diff:*)", "Read"]).names == ["Read", "Bash"]
    schemas = build_toolset(["Read"]).schemas()
    assert schemas[0]["name"] == "Read"
    assert schemas[0]["input_schema"]["required"] == ["file_path"]
    schemas[0]["input_schema"]["required"].append("oops")
    assert build_toolset(["Read"]).schemas()[0]["input_schema"]["required"] == ["file_path"]
