"""review98: the Skill tool (skill96) against an agent that writes the workspace's skills.

A workspace SKILL.md is an agent's text, and the model chooses a call's ``args``: neither
may make coord spend quadratic time or unbounded memory rendering a skill, nor leave a
quoted skill unclosed, nor put raw control characters in a result; and an agent that writes
thousands of skill folders must not make the next run's start read each folder once per
skill. Real files, the real engine over the scripted provider (the ``anthropic`` SDK).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kit import workspace
from test_skill96_skill_tool import agent, results, run, skill, text_of

from coordinator.runtime import preload as preload_module
from coordinator.runtime import prompt_files
from coordinator.runtime.preload import Preload
from coordinator.runtime.skill_tool import _PLACEHOLDER, RENDERED_CHARS, render

#: The cut's note (``tools.workspace.cap_text``).
CUT = re.compile(r"\[skill truncated: [\d,]+ of [\d,]+ characters cut\]")


def test_placeholders_substituted_past_a_bound_stay_as_written() -> None:
    """A skill of 20,000 ``$0`` given a 1,000-character argument rendered to 20 million
    characters (200,000 ``$0`` with the model's longest arguments: gigabytes); now what
    the substitutions add is bounded and the text cut to RENDERED_CHARS, saying so."""
    done = render("$0 " * 20_000, "x" * 1_000, None, "d", "p")

    assert len(done) < RENDERED_CHARS + 100
    assert CUT.search(done.rsplit("\n", 1)[-1])
    assert done.startswith("x" * 1_000 + " " + "x" * 1_000)


def test_a_placeholder_match_starts_only_at_the_first_backslash_of_a_run() -> None:
    """The pattern tried at every backslash of a run read the whole run each time: a
    SKILL.md of a megabyte of backslashes took about 45 minutes of the event loop (40,000
    took 4.4 s, quadratic); a match may start only where a run starts (linear). What the
    escapes mean is unchanged."""
    assert _PLACEHOLDER.match("\\\\\\$0", 1) is None
    assert _PLACEHOLDER.match("\\\\\\$0", 0) is not None
    assert render("a \\$0 b \\\\$0 c", "x", None, "d", "p") == "a $0 b \\\\x c"


async def test_a_huge_workspace_skill_is_cut_inside_its_quote(tmp_path: Path) -> None:
    """A workspace skill longer than a tool result was cut by the toolset's cap after it was
    quoted: the quote never closed, and the cut's note sat inside it. Now the text is cut
    first and the quote closes."""
    ws = workspace(tmp_path)
    body = "Step.\n" * 40_000  # 240,000 characters
    skill(ws / ".claude/skills", "big", f"---\nname: big\ndescription: Big\n---\n{body}")
    call = {"name": "Skill", "input": {"skill": "big"}}
    _, calls = await run(tmp_path, ws, agent(None), [call])

    [block] = results(calls[1])
    text = text_of(block)
    assert not block.get("is_error")
    opened = re.search(r'<skill name="big" boundary="([^"]+)">', text)
    assert opened is not None
    assert text.endswith(f'</skill boundary="{opened[1]}">')
    assert CUT.search(text)


async def test_the_skills_named_in_an_error_are_escaped(tmp_path: Path) -> None:
    """The listing escaped a workspace skill's declared name; the error naming the skills
    one may invoke gave it raw (an ESC sequence, a newline)."""
    ws = workspace(tmp_path)
    odd = '---\nname: "odd\\u001b[2J\\nline"\ndescription: Odd\n---\nODD\n'
    skill(ws / ".claude/skills", "odd", odd)
    call = {"name": "Skill", "input": {"skill": "nope"}}
    _, calls = await run(tmp_path, ws, agent(None), [call])

    [block] = results(calls[1])
    text = text_of(block)
    assert block["is_error"]
    assert "\x1b" not in text and "\n" not in text
    assert text.endswith('Skills you may invoke: "odd\\x1b[2J\\nline".')


def test_the_skill_scan_reads_each_skill_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skills whose folders are not their names (``folder7/SKILL.md`` declaring ``s7``):
    each name was looked up by reading every SKILL.md of the folder again (N*N/2 reads:
    1,000 such skills took 67 s before a run's first model call); now each is read a few
    times, whatever their number."""
    ws = workspace(tmp_path)
    count = 60
    for n in range(count):
        skill(ws / ".claude/skills", f"folder{n}", f"---\nname: s{n}\ndescription: S\n---\nB\n")
    reads: list[Path] = []
    real = prompt_files.read_bytes

    def counted(path: Path, limit: int) -> bytes | None:
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(preload_module, "read_bytes", counted)
    found = Preload(root=ws, home=tmp_path / "home").invocable_skills()

    assert [s.name for s in found] == sorted((f"s{n}" for n in range(count)), key=_folder)
    assert len(reads) <= 5 * count


def _folder(name: str) -> str:
    """The folder of the skill ``name`` (``s7``: ``folder7``), by which they are sorted."""
    return f"folder{name[1:]}"
