"""``tools: Raed, Grep`` left the agent without Read and nobody said so: ``coord agents
validate`` warns of a ``tools`` entry that is no tool coord or Claude Code has, with the
nearest tool's name, and says nothing of Claude Code's own tools, MCP tools or a Bash
pattern (a definition written for Claude Code lists them) (daily29, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_a_mistyped_tool_is_a_warning_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes the docs.\n"
        "tools: Raed, Grep, WebFetch, Task, mcp__docs__search, Bash(git diff:*)\n"
        "mcpServers: [docs]\n---\nWrite.\n",  # (an MCP tool of a server it lists: no typo)
        encoding="utf-8",
    )
    ran = coord("agents", "validate", folder, cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout  # a warning: the agent still loads
    warnings = [line for line in ran.stdout.splitlines() if ": warning: " in line]
    assert warnings == [
        "team/writer.md:4: warning: tools: 'Raed' is no tool coord or Claude Code has; "
        "did you mean Read? (ignored)"
    ]
    data = json.loads(coord("agents", "validate", folder, "--json", cwd=tmp_path).stdout)
    assert (data["agent_count"], data["warning_count"]) == (1, 1)


def test_agents_new_names_a_bad_model_as_its_flag(tmp_path: Path) -> None:
    """``coord agents new … --model gpt-9`` named a line of the file it had just removed
    ("the new agent file would not load: …/qa-expert.md:9: …"); it names the flag (daily29)."""
    ran = coord("agents", "new", "qa-expert", "--domain", "QA", "--trigger", "pytest",
                "--model", "gpt-9", cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 4
    assert ran.stderr.startswith("error: --model: unknown model 'gpt-9'")
    assert not (tmp_path / ".claude").exists()  # nothing written
