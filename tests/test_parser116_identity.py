"""parser116: the parser told whose report it reads (``parse_report(text, identity=...)``).

With the identity the runtime passes (the agent's own name and domain, and the other agents
of the roster), a report a sentence attributes to another named agent or domain is a relay,
refused with a reason naming that agent; the agent's own name still reads; other agents
mentioned in ordinary ways change nothing. Without it the parser reads as before
(``tests/test_parser112_real.py``'s guard).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import Harness, report

from protocols import Identity, Party, ReportParseError, Status, parse_report

BACKEND = Identity(
    Party("backend-expert", "backend", ("api-dev",)),
    (
        Party("database-engineer", "database"),
        Party("frontend-developer", "frontend"),
        Party("devops-engineer", "devops"),
        Party("test-writer", "tests"),
        Party("docs-writer", "docs"),
    ),
)
FRONTEND = Identity(
    Party("frontend-developer", "frontend"),
    (Party("backend-expert", "backend"), Party("database-engineer", "database")),
)

_REPORT = (
    "✅ Added the orders index\n\n**Changes:**\n- Index on orders.created_at\n\n"
    "**Files:**\n- backend/app/db.py\n\n**Status:** Complete\n"
)

RELAYS = [
    ("Here is the database result:", "database-engineer"),
    ("The database specialist replied:", "database-engineer"),
    ("Відповідь database-engineer:", "database-engineer"),
    ("Here is the database-engineer result:", "database-engineer"),
    ("database-engineer report:", "database-engineer"),
    ("Database engineer report:", "database-engineer"),
    ("Here is the frontend result:", "frontend-developer"),
    ("Frontend output:", "frontend-developer"),
    ("Report from the frontend-developer:", "frontend-developer"),
    ("Result from the database engineer:", "database-engineer"),
    ("The frontend developer's report:", "frontend-developer"),
    ("Here is what the devops-engineer sent back:", "devops-engineer"),
    ("Here is what the DevOps agent came back with:", "devops-engineer"),
    ("The devops-engineer answered:", "devops-engineer"),
    ("I asked the database-engineer; the database result:", "database-engineer"),
    ("### Database result", "database-engineer"),
    ("## database-engineer report", "database-engineer"),
    ("Here's the frontend-developer output:", "frontend-developer"),
    ("Below is the DevOps report:", "devops-engineer"),
    ("Звіт database-engineer:", "database-engineer"),
    ("Результат від frontend-developer:", "frontend-developer"),
    ("Відповідь фронтенду:", "frontend-developer"),
    ("Звіт бази даних:", "database-engineer"),
    ("The test-writer reported:", "test-writer"),
    ("Here is the test-writer result:", "test-writer"),
    ("The docs writer's answer:", "docs-writer"),
    ("Docs agent result:", "docs-writer"),
    ("Here is the database engineer's final report, as-is:", "database-engineer"),
    ("The database team replied with the following.", "database-engineer"),
    ("Here is the frontend-developer summary:", "frontend-developer"),
    ("Here is what the database engineer found:", "database-engineer"),
    ("Frontend developer's result, verbatim:", "frontend-developer"),
]

OWN = [
    "Here is the backend result:",
    "backend-expert's report:",
    "Backend expert report:",
    "Report from backend-expert:",
    "Here is the api-dev result:",
    "I coordinated with the database-engineer on the index; here is the result:",
    "The frontend agent will need to call the new endpoint. Report:",
    "Coordinated with the database engineer before the change. Summary:",
    "After the database-engineer confirmed the schema, I added the endpoint:",
    "The frontend-developer can now use the endpoint. Here is what I did:",
    "I did not need the DevOps agent for this. Result:",
    "Tests result:",
    "Here is the test result:",
    "The docs will need an update by the docs-writer later. Final report:",
    "No changes to the database were needed; backend only:",
    "The database query result was 3 rows, as expected. Report:",
    "I asked the database-engineer about the index and added it myself:",
    "Frontend-facing API is unchanged; here is my report:",
    "Backend result, after the database-engineer's index landed:",
    "Agent report:",
    "Final report:",
    "The frontend team asked for pagination, so I added it:",
    "Done. The devops-engineer should deploy it next:",
    "Here's the output:",
    "Відповідь готова:",
    "Мій звіт (з database-engineer узгоджено):",
    "Result (the frontend-developer will wire the UI next):",
    "I checked the frontend output and fixed the API shape:",
    "Summary for the frontend-developer and the database-engineer:",
    "The database result set is now paginated:",
    "Here is the database migration I wrote:",
    "The test-writer's fixtures still pass. Report:",
    "Tested against the frontend; result:",
    "Backend and database result:",
    "The database output now includes the archived flag:",
    "Result of the database migration:",
    "Here's the output of the frontend build:",
    "The DevOps pipeline result:",
    "What the frontend did not handle, I fixed:",
    "Звіт для фронтенду:",
    "Результат міграції бази даних:",
]


@pytest.mark.parametrize(("intro", "named"), RELAYS)
def test_a_report_attributed_to_another_agent_is_a_relay(intro: str, named: str) -> None:
    with pytest.raises(ReportParseError, match=f"relayed from {named}"):
        parse_report(f"{intro}\n\n{_REPORT}", identity=BACKEND)


@pytest.mark.parametrize("intro", OWN)
def test_an_own_report_naming_itself_or_others_in_passing_stays_own(intro: str) -> None:
    report = parse_report(f"{intro}\n\n{_REPORT}", identity=BACKEND)
    assert (report.status, report.files) == (Status.COMPLETE, ["backend/app/db.py"])


@pytest.mark.parametrize(
    ("intro", "refused"),
    [
        ("Here is the backend result:", True),
        ("Here is the frontend result:", False),
        ("frontend-developer's report:", False),
        ("backend-expert's report:", True),
    ],
)
def test_the_same_words_read_by_who_wrote_them(intro: str, refused: bool) -> None:
    text = f"{intro}\n\n{_REPORT}"
    if refused:
        with pytest.raises(ReportParseError, match="relayed from backend-expert"):
            parse_report(text, identity=FRONTEND)
    else:
        assert parse_report(text, identity=FRONTEND).status is Status.COMPLETE


@pytest.mark.parametrize(
    "intro",
    [
        "### Answer from the backend expert",
        "Here is the output from the backend-expert subagent:",
        "The backend-expert replied:",
    ],
)
def test_the_writers_name_on_an_answer_given_back_stays_quoted(intro: str) -> None:
    """Only the writer naming its own work (report, result, output) reads as its own; an
    answer or reply given back, or a subagent's output, is another run's even under the
    writer's name (``answer-under-a-heading-naming-its-author``)."""
    with pytest.raises(ReportParseError, match="quoted from another agent"):
        parse_report(f"{intro}\n\n{_REPORT}", identity=BACKEND)


def test_a_relay_then_the_agents_own_report_reads_the_own() -> None:
    text = (
        f"Here is the database result:\n\n{_REPORT}\nWith that in place I wired the API:\n\n"
        "✅ Orders API\n\n**Files:**\n- backend/app/api/orders.py\n\n**Status:** Complete\n"
    )
    assert parse_report(text, identity=BACKEND).files == ["backend/app/api/orders.py"]


def test_a_relay_in_json_is_refused_too() -> None:
    text = 'Here is the database result:\n\n```json\n{"status": "Complete", "summary": "x"}\n```\n'
    with pytest.raises(ReportParseError, match="relayed from database-engineer"):
        parse_report(text, identity=BACKEND)


def test_an_attribution_under_the_block_names_the_agent() -> None:
    text = f"{_REPORT}\n(That was the database result.)\n"
    with pytest.raises(ReportParseError, match="relayed from database-engineer"):
        parse_report(text, identity=BACKEND)


def test_a_domain_two_other_agents_share_names_both() -> None:
    """Two agents answer for the database: *"the database result"* is relayed from one of
    them (the reason names both); a name names one."""
    two = Identity(
        Party("backend-expert", "backend"),
        (Party("database-engineer", "database"), Party("postgres-dba", "database")),
    )
    with pytest.raises(ReportParseError, match="relayed from database-engineer or postgres-dba"):
        parse_report(f"Here is the database result:\n\n{_REPORT}", identity=two)
    with pytest.raises(ReportParseError, match="relayed from postgres-dba"):
        parse_report(f"Here is the postgres-dba result:\n\n{_REPORT}", identity=two)


def test_own_domain_shared_with_another_agent_is_not_a_relay() -> None:
    mine = Identity(Party("backend-expert", "backend"), (Party("api-architect", "backend"),))
    assert parse_report(f"Here is the backend result:\n\n{_REPORT}", identity=mine)


def test_without_an_identity_the_reading_is_unchanged() -> None:
    """Guard: the same relays read as before with no identity (the parser112 guard)."""
    assert parse_report(f"Here is the database result:\n\n{_REPORT}").status is Status.COMPLETE
    with pytest.raises(ReportParseError, match="quoted from another agent"):
        parse_report(f"backend-expert's report:\n\n{_REPORT}")


async def test_the_engine_asks_again_for_a_report_relayed_from_another_agent(
    tmp_path: Path,
) -> None:
    """The runtime tells the parser whose final message it reads: the backend agent's
    *"Here is the database result:"* over a report is the dba's, refused naming it; the
    repair it is asked for then is its own report, read."""
    script = {
        "backend": [
            {"text": f"Here is the database result:\n\n{report('Complete', 'Orders index')}"},
            {
                "expect": "relayed from dba",
                "text": report("Complete", "Order export", files="app/api/routes/orders.py"),
            },
        ]
    }
    h = Harness(tmp_path, script)
    result = await h.engine.start("Add an order export", agent="backend")
    h.provider.model.assert_complete()
    assert result.status == "complete" and result.report is not None
    assert result.report.files == ["app/api/routes/orders.py"]
    assert h.store.runs(result.session_id)[0].repairs == 1


async def test_the_engine_reads_an_agents_own_domain_result_at_once(tmp_path: Path) -> None:
    """Guard: *"Here is the backend result:"* written by the backend agent is its own."""
    text = f"Here is the backend result:\n\n{report('Complete', 'Export', files='a.py')}"
    h = Harness(tmp_path, {"backend": [{"text": text}]})
    result = await h.engine.start("Add an order export", agent="backend")
    assert result.status == "complete" and result.report is not None
    assert h.store.runs(result.session_id)[0].repairs == 0
