"""Canonical renderer for specialist reports (stub)."""

from __future__ import annotations

from protocols.report import AgentReport


def render_report(report: AgentReport) -> str:
    """Write ``report`` in the seed's canonical format."""
    raise NotImplementedError
