"""review147: parser116's relays read against real rosters (agents named by ordinary words).

Every corpus text parsed as written by each agent of the bundled, VoltAgent and lst97 rosters
(132,400 parses) refused nothing new but ``relay-only-no-own``. The false relays were agents
named by one ordinary word (``debugger``, ``planner``, ``test``, ``build``): *"The test
result:"* over an agent's own report read as relayed from an agent named ``test``.
"""

from __future__ import annotations

import pytest

from protocols import Identity, Party, ReportParseError, Status, parse_report

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
