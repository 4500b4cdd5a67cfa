"""review80: edges of the fifty-fourth session's pieces a reviewer found unreached.

A glob with a backwards range (``[z-a]``) in a ``claudeMdExcludes`` entry or a rule file's
``paths:`` stopped coord with a ``re.error`` traceback; such a class matches no character
now (as Python's fnmatch and Claude Code's picomatch read it), the rest of the list applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_claude_md import agent, setup, write

from coordinator.runtime.instructions import workspace_instructions
from coordinator.runtime.preload import Preload
from coordinator.tools.globbing import glob_matcher


def test_a_backwards_range_in_an_exclude_matches_nothing_and_the_rest_apply(
    tmp_path: Path,
) -> None:
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "ROOT-TEXT")
    write(ws / "CLAUDE.local.md", "LOCAL-TEXT")
    patterns = [f"{ws}/[z-a]/CLAUDE.md", "**/CLAUDE.local.md"]
    write(ws / ".claude/settings.json", json.dumps({"claudeMdExcludes": patterns}))
    found = workspace_instructions(ws, home=home)
    assert [f.shown for f in found.files] == ["CLAUDE.md"]


def test_a_rule_file_an_agent_wrote_with_a_backwards_range_does_not_stop_a_read(
    tmp_path: Path,
) -> None:
    """``sub/.claude/rules`` is no protected path: an agent's ``paths: ["[z-a]/*.py"]``
    must not stop the session when a Read reaches its folder; a rule for all still comes."""
    ws, home = setup(tmp_path)
    write(ws / "sub/.claude/rules/bad.md", '---\npaths: ["[z-a]/*.py", "x/**/*.[z-a]"]\n---\nBAD')
    write(ws / "sub/.claude/rules/all.md", "ALL-RULE")
    write(ws / "sub/main.py", "x\n")
    preload = Preload(ws, home=home, managed=None)
    given = preload.read_given(agent(), ["sub/main.py"], [])
    assert given is not None
    assert [f.text for f in given.files] == ["ALL-RULE"]


def test_a_backwards_range_matches_no_character_in_both_matchers() -> None:
    """The regex (two wildcards or fewer) and the automaton (more) agree."""
    for pattern in ("a[z-a]b", "*/*/*/a[z-a]b", "a[!z-a]b", "[a-\\]"):
        assert not glob_matcher(pattern)("azb")
        assert not glob_matcher(pattern)("x/y/z/azb")
    assert glob_matcher("*.md")("x.md")  # (the cache holds no broken state)
