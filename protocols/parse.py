"""Tolerant parser for specialist reports (stub: implemented by the protocols work)."""

from __future__ import annotations

from protocols.report import AgentReport


class ReportParseError(ValueError):
    """The text holds no usable report; the message says what is missing and where."""


def parse_report(text: str) -> AgentReport:
    """Read the last complete report in ``text``; raise :class:`ReportParseError` otherwise."""
    raise ReportParseError("parser not implemented yet")
