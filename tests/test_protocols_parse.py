"""parse_report: what real models write, read the same way; anything unusable refused."""

from __future__ import annotations

import pytest

from protocols import AgentReport, ReportParseError, Status, parse_report

BLOCKED_TAIL = (
    "**Status:** Blocked\n"
    "**Domain:** Database\n"
    "**Blocker:** Orders table has no index on customer_id\n"
    "**Required:** Approval for migration 0012\n"
)


def seed_report(status: str = "Complete", tail: str = "") -> str:
    return (
        "\u2705 Order export endpoint\n\n"
        "**Changes:**\n- CSV export of orders\n- Streaming response for large exports\n\n"
        "**Files:** backend/app/api/routes/orders.py, backend/app/services/export.py\n\n"
        f"**Status:** {status}\n{tail}"
    )


def test_canonical_seed_report_is_read_field_by_field() -> None:
    report = parse_report(seed_report())
    assert report == AgentReport(
        summary="Order export endpoint",
        changes=["CSV export of orders", "Streaming response for large exports"],
        files=["backend/app/api/routes/orders.py", "backend/app/services/export.py"],
        status=Status.COMPLETE,
    )
    assert report.raw == seed_report()


@pytest.mark.parametrize(
    "status_line",
    [
        "**Status:** Needs Review",
        "**Status**: Needs Review",
        "__Status:__ Needs Review",
        "__Status__: Needs Review",
        "*Status:* Needs Review",
        "Status: Needs Review",
        "- **Status:** Needs Review",
        "**Status: Needs Review**",
        "### Status\nNeeds Review",
        "## Status:\n\nNeeds Review",
        "**Status**\nNeeds Review",
        "`Status`: Needs Review",
        "> **Status:** Needs Review",
        "**Status** — Needs Review",
        "Status \u2013 Needs Review",  # en dash
        "Status - Needs Review",
    ],
)
def test_every_label_style_is_a_label(status_line: str) -> None:
    text = f"\u2705 Rate limiter\n\n**Changes:**\n- Token bucket per API key\n\n{status_line}\n"
    report = parse_report(text)
    assert report.status is Status.NEEDS_REVIEW
    assert report.changes == ["Token bucket per API key"]


def test_heading_style_report_with_values_on_following_lines() -> None:
    text = (
        "## Summary\nSearch endpoint with trigram index\n\n"
        "### Changes\n- GET /search?q=\n- pg_trgm index on tasks.title\n\n"
        "### Files\n- `backend/app/api/routes/search.py`\n\n"
        "### Status\nBlocked\n\n### Domain\nDatabase\n\n"
        "### Blocker\npg_trgm extension is not enabled\n\n"
        "### Required\nPermission to run CREATE EXTENSION pg_trgm\n"
    )
    report = parse_report(text)
    assert report.summary == "Search endpoint with trigram index"
    assert report.changes == ["GET /search?q=", "pg_trgm index on tasks.title"]
    assert report.files == ["backend/app/api/routes/search.py"]
    assert (report.status, report.domain) == (Status.BLOCKED, "database")
    assert report.blocker == "pg_trgm extension is not enabled"
    assert report.required == "Permission to run CREATE EXTENSION pg_trgm"


@pytest.mark.parametrize("fence", ["```", "```markdown", "~~~", "````md"])
def test_report_inside_a_code_fence_with_prose_around_it(fence: str) -> None:
    closing = fence.rstrip("markdown").rstrip("md") if fence.startswith("`") else "~~~"
    text = (
        "All done, tests are green. My report:\n\n"
        f"{fence}\n{seed_report('Complete')}{closing}\n\n"
        "Tell me if the export should also support XLSX."
    )
    report = parse_report(text)
    assert report.status is Status.COMPLETE
    assert report.summary == "Order export endpoint"
    assert len(report.files) == 2


def test_crlf_and_lone_cr_line_endings() -> None:
    crlf = seed_report("Blocked", BLOCKED_TAIL).replace("\n", "\r\n")
    report = parse_report(crlf)
    assert report.status is Status.BLOCKED
    assert report.required == "Approval for migration 0012"
    assert parse_report(seed_report().replace("\n", "\r")).files[1].endswith("export.py")


def test_last_complete_report_wins_over_earlier_drafts() -> None:
    text = (
        seed_report("Needs Review")
        + "\nActually the streaming test failed; I fixed it.\n\n"
        + "\u2705 Order export endpoint (fixed)\n\n**Changes:**\n- Fixed chunk size\n\n"
        + "**Files:** backend/app/services/export.py\n\n**Status:** Complete\n"
    )
    report = parse_report(text)
    assert report.status is Status.COMPLETE
    assert report.summary == "Order export endpoint (fixed)"
    assert report.changes == ["Fixed chunk size"]
    assert report.files == ["backend/app/services/export.py"]


def test_blocked_trailer_after_prose_still_belongs_to_its_report() -> None:
    text = seed_report("Blocked") + (
        "\nI stopped here because the index question is not mine to decide.\n\n"
        "**Domain:** Database\n**Blocker:** No index\n**Required:** Index decision\n"
    )
    report = parse_report(text)
    assert (report.domain, report.required) == ("database", "Index decision")


def test_ukrainian_labels_and_status_values() -> None:
    text = (
        "\u2705 Експорт замовлень\n\n**Зміни:**\n- Додано CSV експорт\n\n"
        "**Файли:** немає\n\n**Статус:** Заблоковано\n**Домен:** База даних\n"
        "**Блокер:** Немає індексу\n**Потрібно:** Дозвіл на міграцію\n"
    )
    report = parse_report(text)
    assert report.summary == "Експорт замовлень"
    assert report.changes == ["Додано CSV експорт"]
    assert report.files == []
    assert (report.status, report.domain) == (Status.BLOCKED, "database")
    assert (report.blocker, report.required) == ("Немає індексу", "Дозвіл на міграцію")


def test_ukrainian_summary_label() -> None:
    text = "**Підсумок:** Додано пагінацію\n**Статус:** Завершено\n"
    assert parse_report(text).summary == "Додано пагінацію"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Complete", Status.COMPLETE),
        ("COMPLETE", Status.COMPLETE),
        ("completed.", Status.COMPLETE),
        ("\u2705 Complete", Status.COMPLETE),
        ("Complete \u2705", Status.COMPLETE),
        ("**Complete**", Status.COMPLETE),
        ("Done", Status.COMPLETE),
        ("Завершено", Status.COMPLETE),
        # finished work handed over for review, as a PR is: a note, not a second status
        ("Complete \u2014 ready for review", Status.COMPLETE),
        ("Complete; PR ready-for-review", Status.COMPLETE),
        ("blocked", Status.BLOCKED),
        ("BLOCKED \u2014 waiting on the DBA", Status.BLOCKED),
        ("\U0001f6ab Blocked (needs schema)", Status.BLOCKED),
        ("\u26d4 Blocked: no credentials", Status.BLOCKED),
        ("Заблоковано", Status.BLOCKED),
        ("Needs Review", Status.NEEDS_REVIEW),
        ("needs-review", Status.NEEDS_REVIEW),
        ("NEEDS_REVIEW", Status.NEEDS_REVIEW),
        ("needs   review", Status.NEEDS_REVIEW),
        ("\u26a0\ufe0f Needs review - flaky test", Status.NEEDS_REVIEW),
        ("Потребує перевірки", Status.NEEDS_REVIEW),
        ("Потребує рев\u02bcю", Status.NEEDS_REVIEW),
        ("потребує рев'ю", Status.NEEDS_REVIEW),
    ],
)
def test_status_spellings(value: str, expected: Status) -> None:
    text = seed_report(value, BLOCKED_TAIL.split("\n", 1)[1] if expected is Status.BLOCKED else "")
    assert parse_report(text).status is expected


@pytest.mark.parametrize(
    ("files_block", "expected"),
    [
        ("**Files:** a.py, b/c.py", ["a.py", "b/c.py"]),
        ("**Files:** `a.py`, `b/c.py`", ["a.py", "b/c.py"]),
        ("**Files:**\n- `a.py`\n- b/c.py", ["a.py", "b/c.py"]),
        ("**Files:**\n* a.py (new)\n* b/c.py \u2014 export helper", ["a.py", "b/c.py"]),
        ("**Files:**\n- Created: `a.py`\n- Modified: `b/c.py`", ["a.py", "b/c.py"]),
        ("**Files:** [a.py](a.py); b/c.py", ["a.py", "b/c.py"]),
        ("**Files:** none", []),
        ("**Files:** None.", []),
        ("**Files:** \u2014", []),
        ("**Files:** -", []),
        ("**Files:** n/a", []),
        ("**Files:** немає", []),
        ("**Files:**\n- none", []),
    ],
)
def test_files_lists(files_block: str, expected: list[str]) -> None:
    text = f"\u2705 Something\n\n{files_block}\n\n**Status:** Complete\n"
    assert parse_report(text).files == expected


def test_change_bullets_nested_numbered_and_wrapped() -> None:
    text = (
        "**Changes:**\n"
        "1. Added endpoints:\n   - GET /a\n   - POST /a\n"
        "2) Wrapped bullet that\n   continues here\n"
        "* [x] Checked item\n\n"
        "Some prose after the list that is not a change.\n\n"
        "**Status:** Complete\n"
    )
    assert parse_report(text).changes == [
        "Added endpoints: GET /a; POST /a",
        "Wrapped bullet that continues here",
        "Checked item",
    ]


def test_plain_label_like_bullets_inside_changes_stay_changes() -> None:
    text = (
        "**Changes:**\n- Status: POST now returns 201\n- Files: uploads go to S3\n\n"
        "**Files:** app.py\n\n**Status:** Complete\n"
    )
    report = parse_report(text)
    assert report.changes == ["Status: POST now returns 201", "Files: uploads go to S3"]
    assert report.files == ["app.py"]


def test_report_written_entirely_as_plain_bullets() -> None:
    text = (
        "- Summary: cache warmup\n- Changes: warm on boot\n- Files: app/cache.py\n- Status: Done\n"
    )
    report = parse_report(text)
    assert (report.summary, report.changes, report.files) == (
        "cache warmup",
        ["warm on boot"],
        ["app/cache.py"],
    )


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("Database (D1)", "database"),
        ("database engineer", "database"),
        ("**Database**", "database"),
        ("DevOps Expert (O1)", "devops"),
        ("QA", "tests"),
        ("Security", "security"),
    ],
)
def test_domain_decorations(domain: str, expected: str) -> None:
    tail = f"**Domain:** {domain}\n**Blocker:** x\n**Required:** y\n"
    assert parse_report(seed_report("Blocked", tail)).domain == expected


def test_multiline_blocker_and_required_keep_bullets_and_drop_quotes() -> None:
    tail = (
        "**Domain:** Frontend\n"
        '**Blocker:**\n- "Dashboard field list is unknown"\n- No design for empty state\n'
        "**Required:** \u201cHow the dashboard uses /reports\u201d\n"
        "\nThanks!\n"
    )
    report = parse_report(seed_report("Blocked", tail))
    assert report.blocker == "- Dashboard field list is unknown\n- No design for empty state"
    assert report.required == "How the dashboard uses /reports"


def test_blocked_fields_on_one_line_like_the_seed_rules() -> None:
    text = 'Status: Blocked, Domain: frontend, Required: "How frontend uses this API"\n'
    report = parse_report(text)
    assert (report.status, report.domain) == (Status.BLOCKED, "frontend")
    assert report.required == "How frontend uses this API"


@pytest.mark.parametrize(
    "text",
    [
        '{"summary": "Seeds", "changes": ["a"], "files": ["x.py"], "status": "needs_review"}',
        'Report:\n```json\n{\n  "Summary": "Seeds",\n  "changes": "a",\n'
        '  "files": "x.py",\n  "status": "Needs Review"\n}\n```\nDone.',
        '{"report": {"summary": "Seeds", "changes": ["a"], "files": ["x.py"],'
        ' "status": "needs-review"}}',
    ],
)
def test_json_object_reports(text: str) -> None:
    report = parse_report(text)
    assert (report.summary, report.changes, report.files, report.status) == (
        "Seeds",
        ["a"],
        ["x.py"],
        Status.NEEDS_REVIEW,
    )


def test_json_blocked_report_needs_the_same_fields() -> None:
    ok = '{"status": "blocked", "domain": "Database (D1)", "required": ["schema", "owner"]}'
    assert parse_report(ok).required == "- schema\n- owner"
    with pytest.raises(ReportParseError, match="no 'Required:'"):
        parse_report('{"status": "blocked", "domain": "backend"}')


def test_json_nested_past_the_recursion_limit_is_not_a_report() -> None:
    """A value nested deeper than Python's recursion limit is refused, not a crash; the
    Markdown report after it is still read."""
    deep = '{"status": "blocked", "domain": ' + "[" * 5000 + "1" + "]" * 5000 + "}"
    with pytest.raises(ReportParseError, match="no report found"):
        parse_report(f"```json\n{deep}\n```\n")
    after = f"{deep}\n\n\u2705 Seeds\n\n**Changes:** none\n**Files:** none\n**Status:** Complete\n"
    assert parse_report(after).status is Status.COMPLETE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"^empty text"),
        ("   \n\t\n", r"^empty text"),
        ("I could not find the repository.", r"^no report found: no 'Status:' line"),
        ("**Changes:**\n- a\n**Files:** a.py\n", r"^no 'Status:' line: found Changes, Files"),
        (
            "\u2705 x\n\n**Status:** Done-ish\n",
            r"^line 3: unknown status 'Done-ish' \(expected Complete, Blocked or Needs Review\)$",
        ),
        ("**Status:** Partially complete\n", r"^line 1: unknown status 'Partially complete'"),
        ("**Status:**\n\n", r"^line 1: empty status"),
        (
            "\u2705 x\n**Status:** Complete | Blocked | Needs Review\n",
            r"^line 2: unfilled template status 'Complete \| Blocked \| Needs Review'",
        ),
        (
            "\u2705 [1-line task summary]\n\n**Status:** Complete\n",
            r"^line 1: unfilled template placeholder '\[1-line task summary\]' in summary$",
        ),
        (
            "\u2705 x\n**Changes:**\n- Key change 1\n**Status:** Complete\n",
            r"^line 2: unfilled template placeholder 'Key change 1' in changes$",
        ),
        (
            "**Status:** Blocked\n**Domain:** Backend | Frontend | Database\n**Required:** x\n",
            r"^line 2: unfilled template domain",
        ),
        ("**Status:** Blocked\n**Required:** x\n", r"^line 1: status is Blocked but no 'Domain:'"),
        (
            "**Status:** Blocked\n**Domain:** DevOps\n**Blocker:** x\n",
            r"^line 1: status is Blocked but no 'Required:'",
        ),
        ("**Status:** Blocked\n**Domain:** n/a\n**Required:** x\n", r"^line 2: empty domain"),
        ("**Status:** Blocked\n**Domain:** DevOps\n**Required:** none\n", r"no 'Required:'"),
    ],
)
def test_unusable_text_is_refused_with_a_located_reason(text: str, message: str) -> None:
    with pytest.raises(ReportParseError, match=message):
        parse_report(text)


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_report("no report here")


def test_latest_status_is_not_skipped_for_an_earlier_valid_one() -> None:
    """Never guess: a final report with a bad status is an error, not the earlier draft."""
    text = seed_report("Complete") + "\n\nFinal:\n\n\u2705 x\n\n**Status:** Mostly there\n"
    with pytest.raises(ReportParseError, match="unknown status 'Mostly there'"):
        parse_report(text)


def test_prose_with_an_emoji_before_the_report_is_not_the_summary() -> None:
    text = "\U0001f389 Great news, everything works!\n\n" + seed_report()
    assert parse_report(text).summary == "Order export endpoint"


def test_intro_sentence_ending_with_colon_is_not_a_summary() -> None:
    text = "Here is my report:\n\n**Changes:**\n- a\n\n**Status:** Complete\n"
    assert parse_report(text).summary == ""


def test_dashed_prose_inside_a_field_stays_prose() -> None:
    """Only Status or a marked-up label takes a dash separator; bullets keep their words."""
    text = (
        "**Status:** Blocked\n**Domain:** Database\n**Required:**\n"
        "- Files — the list of migrations applied\n- Needs — a staging connection string\n"
    )
    report = parse_report(text)
    assert report.required == (
        "- Files — the list of migrations applied\n- Needs — a staging connection string"
    )
    assert report.files == []


def test_domain_none_on_a_finished_report_means_no_domain() -> None:
    report = parse_report("✅ Done\n**Status:** Complete\n**Domain:** N/A\n")
    assert report.domain is None
    with pytest.raises(ReportParseError, match="empty domain"):
        parse_report("**Status:** Blocked\n**Domain:** none\n**Required:** schema\n")
