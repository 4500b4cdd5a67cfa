"""review147: parser116's relays read against real rosters (agents named by ordinary words).

Every corpus text parsed as written by each agent of the bundled, VoltAgent and lst97 rosters
(132,400 parses) refused nothing new but ``relay-only-no-own``. The false relays were agents
named by one ordinary word (``debugger``, ``planner``, ``test``, ``build``): *"The test
result:"* over an agent's own report read as relayed from an agent named ``test``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import report

from coordinator.runtime.consult import technology
from coordinator.runtime.rebuild import stored_block
from coordinator.runtime.report_identity import report_identity
from coordinator.store.rows import RunRow
from protocols import Identity, Party, ReportParseError, Status, parse_report
from protocols.report import stored_report_json
from tests.test_consult49 import CART, FIX, _choose, _roster

_REPORT = (
    "✅ Fixed the flaky retry\n\n**Changes:**\n- Retry waits on the event\n\n"
    "**Files:**\n- src/retry.py\n\n**Status:** Complete\n"
)
_WORDS = ("debugger", "planner", "writer", "test", "build", "review", "web", "plan")
WRITER = Identity(
    Party("error-detective"),
    (*(Party(w) for w in _WORDS), Party("code-reviewer"), Party("database-engineer", "database")),
)


@pytest.mark.parametrize(
    "intro",
    [
        "The test result:",
        "The review result:",
        "The build result:",
        "Here is the debugger output:",
        "Debugger output:",
        "Planner's summary:",
        "The plan summary:",
        "Web result:",
        "Writer's summary:",
        "The debugger found this:",
        "Result from the build:",
    ],
)
def test_an_ordinary_word_that_is_an_agents_name_is_still_the_word(intro: str) -> None:
    assert parse_report(f"{intro}\n\n{_REPORT}", identity=WRITER).status is Status.COMPLETE


@pytest.mark.parametrize(
    ("intro", "named"),
    [
        ("Here is the `debugger` output:", "debugger"),
        ("`planner`'s summary:", "planner"),
        ("@planner's findings:", "planner"),
        ("The debugger agent's report:", "debugger"),
        ("Result from `build`:", "build"),
        ("The test subagent replied:", "test"),
        ("The code reviewer's findings:", "code-reviewer"),
        ("Here is the database result:", "database-engineer"),
    ],
)
def test_the_same_name_marked_as_a_name_is_a_relay(intro: str, named: str) -> None:
    with pytest.raises(ReportParseError, match=f"relayed from {named} "):
        parse_report(f"{intro}\n\n{_REPORT}", identity=WRITER)


def test_a_resumed_block_is_read_again_as_its_writers(tmp_path: Path) -> None:
    """Guard (rebuild.stored_block): a Blocked report under the writer's own name (*"api-dev's
    report:"*, refused as quoted without the identity) read at the block with the writer's
    identity is read so again on a resume: the Domain's technology it wrote picks the same
    consultant."""
    registry = _roster(tmp_path)
    mine = report_identity(registry.get("api-dev"), registry)
    text = "api-dev's report:\n\n" + report(
        "Blocked", domain="Frontend / Vue", blocker=CART, required=FIX
    )
    rep = parse_report(text, identity=mine)
    assert technology(rep) == "vue"
    row = RunRow(
        *(1, "s1", None, "api-dev", "m", 0, None, "blocked", 5, 1, 0, 0, None),
        *(0, 0, 0, 0, 0.0, 0, stored_report_json(rep), None, None, None, 0.0, None),
    )
    again = stored_block(row, text, mine).report
    assert again == rep and technology(again) == "vue"
    assert _choose(registry, again).consultant.name == "vue-dev"
