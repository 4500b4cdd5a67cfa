"""The specialist report protocol: models, a tolerant parser and the canonical renderer.

Importable without the ``coordinator`` runtime::

    from protocols import parse_report, render_report, AgentReport, Status
"""

from protocols.parse import ReportParseError, parse_report
from protocols.render import render_report
from protocols.report import AgentReport, Status

__all__ = ["AgentReport", "ReportParseError", "Status", "parse_report", "render_report"]
