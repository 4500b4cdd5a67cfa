"""review123: parser108's seven rules pushed to misfire ("accepts what real models write and
NEVER guesses"). Each ``refused`` case was read as the agent's own (or a guessed domain) on
main at c68d7598; the guards held there already and still do."""

from __future__ import annotations

import pytest

from protocols import ReportParseError, parse_report

_REPORT = "> ✅ Index added\n>\n> **Status:** Complete\n> **Files:** db.sql\n"

#: Another agent's report in a ``> [!NOTE]`` callout, or a guess: each must be refused.
MISFIRES = {
    "callout-after-an-attribution-without-a-colon": (
        "Here is what the database engineer sent back to me.\n\n> [!NOTE]\n" + _REPORT,
        "quoted from another agent",
    ),
    "callout-attributed-in-its-first-line": (
        "> [!NOTE]\n> From the database engineer:\n>\n" + _REPORT,
        "quoted from another agent",
    ),
    "callout-attributed-by-its-title-line": (
        "> [!IMPORTANT]\n> The database engineer sent this back\n"
        "> **Status:** Complete\n> **Files:** db.sql\n",
        "quoted from another agent",
    ),
    "blockquote-nested-in-a-callout": (
        "> [!NOTE]\n> I checked the index.\n>\n> > **Status:** Complete\n> > **Files:** db.sql\n",
        "quoted from another agent",
    ),
    "intro-over-a-json-fence-and-a-fenced-report": (
        'The frontend agent\'s result was:\n\n```json\n{\n  "status": "Complete"\n}\n```\n\n'
        "```\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** creds\n```\n",
        "quoted from another agent",
    ),
    "intro-over-two-fenced-reports": (
        "The two agents replied:\n\n```\n✅ A\n**Status:** Complete\n**Files:** a.sql\n```\n\n"
        "```\n✅ B\n**Status:** Complete\n**Files:** b.sql\n```\n",
        "quoted from another agent",
    ),
    "dash-domain-which-i-think-is": (
        "## Summary\nStatus: Blocked\nDomain — which I think is the frontend\n"
        "Required: FormData API\n",
        r"ambiguous domain \(hedged\)",
    ),
    "dash-domain-i-guess": (
        "Status: Blocked\nDomain — frontend, I guess\nRequired: FormData API\n",
        r"ambiguous domain \(hedged\)",
    ),
    "bold-domain-seems-to-be": (
        "✅ Form\n\n**Status:** Blocked\n**Domain:** seems to be frontend\n**Required:** x\n",
        r"ambiguous domain \(hedged\)",
    ),
}


@pytest.mark.parametrize("case", sorted(MISFIRES))
def test_a_quote_or_a_hedge_is_refused_not_taken(case: str) -> None:
    text, why = MISFIRES[case]
    with pytest.raises(ReportParseError, match=why):
        parse_report(text)


def test_guard_an_own_callout_and_an_own_report_after_a_quoted_json_fence_are_read() -> None:
    """Guard: the mends leave parser108's own cases read (a callout with no other party
    named; a report outside fences after another agent's JSON; "My report:" over a fence)."""
    own = parse_report("I fixed it.\n\n> [!NOTE]\n" + _REPORT)
    assert own.files == ["db.sql"]
    json = '```json\n{"status": "Blocked", "domain": "Backend", "required": "x"}\n```\n\n'
    after = parse_report(f"The DBA's result was:\n\n{json}✅ Mine\n\n**Status:** Complete\n")
    assert after.summary == "Mine"
    mine = parse_report(
        f"The DBA's result was:\n\n{json}My report:\n\n```\n✅ B\n"
        "**Status:** Complete\n**Files:** b.sql\n```\n"
    )
    assert mine.files == ["b.sql"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("> [!IMPORTANT] The database engineer's answer\n" + _REPORT, "quoted from another"),
        ("The DBA replied:\n\n> [!NOTE]\n" + _REPORT, "quoted from another"),
        ("> [!NOTE]\n" + _REPORT + "\n(That was the database engineer's answer.)\n", "quoted"),
        ("✅ W\n\n**Status / Domain:** Blocked\n**Required:** creds\n", "no 'Status:' line"),
        ("✅ W\n\n**Status:** Blocked\n**Domain / Required:** DevOps\n**Required:** c\n", "Domain"),
        (
            "Answers from the DBA:\n\n```\n**Status:** Complete\n**Files:** a.sql\n```\n"
            "```\n**Status:** Complete\n**Files:** b.sql\n```\n",
            "quoted from another",
        ),
    ],
)
def test_guard_what_parser108_already_refused(text: str, why: str) -> None:
    """Guards (held at c68d7598): an alert line with a title, an attribution line above a
    callout or after it, a label pair naming two fields, an intro over two fenced reports."""
    with pytest.raises(ReportParseError, match=why):
        parse_report(text)


@pytest.mark.parametrize(
    "required",
    [
        "unknown host key for deploy.example.com added to known_hosts",
        "Unknown: the vendor must tell us the region",
        "TBD - the vendor's API key",
    ],
)
def test_guard_a_required_starting_with_unknown_names_its_need(required: str) -> None:
    text = f"✅ W\n\n**Status:** Blocked\n**Domain:** DevOps\n**Required:** {required}\n"
    assert parse_report(text).required == required


def test_plain_status_lines_are_walked_in_linear_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """parser108's walk from every plain ``Status:`` line over the label lines around it was
    quadratic: 27 KB of ``Status: Blocked`` / ``Blocker: y`` lines took 4.7 s of CPU, 100 KB
    over a minute. Counted in steps (each line looked at), not timed."""
    import protocols.labels as labels

    looked = 0
    real = labels._plain_label_or_list

    def counted(raw: str) -> bool:
        nonlocal looked
        looked += 1
        return real(raw)

    monkeypatch.setattr(labels, "_plain_label_or_list", counted)
    text = "Status: Blocked\nBlocker: y\n" * 400 + "Domain — frontend\nRequired: FormData\n"
    assert parse_report(text).domain == "frontend"
    assert looked <= 2 * text.count("\n") + 2
