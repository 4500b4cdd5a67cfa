"""Canonical renderer for specialist reports: the seed's result format, exactly."""

from __future__ import annotations

import re
from typing import Final

from protocols.domains import display_domain
from protocols.report import AgentReport, Status, is_none
from protocols.values import unwrap

#: The emoji that opens the summary line for each status.
STATUS_EMOJI: Final[dict[Status, str]] = {
    Status.COMPLETE: "\u2705",  # ✅
    Status.BLOCKED: "\u26d4",  # ⛔
    Status.NEEDS_REVIEW: "\u26a0\ufe0f",  # ⚠️
}

#: How each status is written after ``**Status:**``.
STATUS_TEXT: Final[dict[Status, str]] = {
    Status.COMPLETE: "Complete",
    Status.BLOCKED: "Blocked",
    Status.NEEDS_REVIEW: "Needs Review",
}

_SIMPLE_PATH: Final = re.compile(r"^[^\s,;`()\[\]]+$")


def _plain(path: str) -> bool:
    """Whether ``path`` reads back as itself bare (no markup pairs, not a "none" word)."""
    return bool(_SIMPLE_PATH.match(path)) and unwrap(path) == path and not is_none(path)


def _file(report: AgentReport, path: str) -> str:
    lines = report.file_lines.get(path)
    return f"`{path}:{lines}`" if lines else f"`{path}`"


def _files(report: AgentReport) -> list[str]:
    """A comma list when every path is plain, else one backticked bullet per path.

    Line ranges follow their path (```app.py:88-104```); a group heading (``- Created:``)
    holds the bullets of the paths listed under it, indented one level.
    """
    files = report.files
    if not files:
        return ["**Files:** none"]
    if all(_plain(f) for f in files) and not report.file_lines and not report.file_groups:
        return [f"**Files:** {', '.join(files)}"]
    lines = ["**Files:**"]
    group: str | None = None
    for path in files:
        heading = report.file_groups.get(path)
        if heading is not None and heading != group:
            lines.append(f"- {heading}:")
        group = heading
        lines.append(f"{'  ' if heading else ''}- {_file(report, path)}")
    return lines


def _text_field(label: str, text: str | None) -> list[str]:
    """``**Label:** text`` for one line; the label alone then the lines for several."""
    if text is None:
        return []
    lines = text.splitlines()
    if len(lines) == 1:
        return [f"**{label}:** {lines[0]}"]
    return [f"**{label}:**", *lines]


def render_report(report: AgentReport) -> str:
    """Write ``report`` in the seed's canonical format (``parse_report`` reads it back)::

    ✅ <summary>

    **Changes:**
    - <change>

    **Files:** <path>, <path>

    **Status:** Complete | Blocked | Needs Review
    **Domain:** ... / **Blocker:** ... / **Required:** ...   (when given)
    """
    head = f"{STATUS_EMOJI[report.status]} {report.summary}".rstrip()
    changes = (
        ["**Changes:**", *(f"- {c}" for c in report.changes)]
        if report.changes
        else ["**Changes:** none"]
    )
    lines = [head, "", *changes, "", *_files(report), ""]
    lines.append(f"**Status:** {STATUS_TEXT[report.status]}")
    if report.domain is not None:
        lines.append(f"**Domain:** {display_domain(report.domain)}")
    lines += _text_field("Blocker", report.blocker)
    lines += _text_field("Required", report.required)
    return "\n".join(lines) + "\n"
