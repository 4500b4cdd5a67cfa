"""Blocked needs both Domain and Required, in every layout; a domain is never guessed."""

from __future__ import annotations

import json

import pytest

from protocols import ReportParseError, parse_report


def _layouts(domain: str | None, required: str | None) -> dict[str, str]:
    """The same Blocked report in each layout models write, with or without each field."""
    d, r = domain, required
    json_fields = {"status": "blocked", "domain": d, "required": r}
    return {
        "seed": "**Status:** Blocked\n"
        + (f"**Domain:** {d}\n" if d else "")
        + "**Blocker:** no schema\n"
        + (f"**Required:** {r}\n" if r else ""),
        "plain": "Status: Blocked\n"
        + (f"Domain: {d}\n" if d else "")
        + (f"Required: {r}\n" if r else ""),
        "bullets": "**Status:** Blocked\n"
        + (f"- **Domain:** {d}\n" if d else "")
        + "- **Blocker:** no schema\n"
        + (f"- **Required:** {r}\n" if r else ""),
        "headings": "### Status\nBlocked\n\n"
        + (f"### Domain\n{d}\n\n" if d else "")
        + (f"### Required\n{r}\n" if r else ""),
        "one line": "Status: Blocked"
        + (f", Domain: {d}" if d else "")
        + (f", Required: {r}" if r else "")
        + "\n",
        "ukrainian": "**Статус:** Заблоковано\n"
        + (f"**Домен:** {d}\n" if d else "")
        + (f"**Потрібно:** {r}\n" if r else ""),
        "after prose": "**Status:** Blocked\n\nI stopped here.\n\n"
        + (f"**Domain:** {d}\n" if d else "")
        + (f"**Required:** {r}\n" if r else ""),
        "json": json.dumps({k: v for k, v in json_fields.items() if v}),
    }


LAYOUTS = list(_layouts("x", "y"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_complete_blocked_report_reads_in_every_layout(layout: str) -> None:
    report = parse_report(_layouts("Database", "The orders schema")[layout])
    assert (report.domain, report.required) == ("database", "The orders schema")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_blocked_without_domain_is_refused_in_every_layout(layout: str) -> None:
    with pytest.raises(ReportParseError, match="no 'Domain:'"):
        parse_report(_layouts(None, "The orders schema")[layout])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_blocked_without_required_is_refused_in_every_layout(layout: str) -> None:
    with pytest.raises(ReportParseError, match="no 'Required:'"):
        parse_report(_layouts("Database", None)[layout])


@pytest.mark.parametrize(
    "domain",
    ["Backend or Database", "database/devops", "Frontend, Backend", "probably database?", "TBD"],
)
@pytest.mark.parametrize("layout", ["seed", "bullets", "headings", "json"])
def test_ambiguous_domain_is_refused_not_guessed(layout: str, domain: str) -> None:
    with pytest.raises(ReportParseError, match=r"ambiguous domain|unfilled template"):
        parse_report(_layouts(domain, "The orders schema")[layout])


def test_ambiguous_domain_on_a_finished_report_is_dropped_not_guessed() -> None:
    report = parse_report("**Status:** Complete\n**Domain:** Backend, Frontend\n")
    assert report.domain is None


def test_ml_is_a_domain() -> None:
    assert parse_report(_layouts("LLM / ML engineer", "model choice")["seed"]).domain == "ml"
