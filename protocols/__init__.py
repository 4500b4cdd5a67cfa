"""The specialist report protocol: models, a tolerant parser and the canonical renderer.

Importable without the ``coordinator`` runtime::

    from protocols import parse_report, render_report, AgentReport, Status

The names are loaded on first use, so importing one light submodule (``protocols.domains``)
does not build the parser and the pydantic models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from protocols.identity import Identity, Party
    from protocols.parse import ReportParseError, parse_report
    from protocols.render import render_report
    from protocols.report import AgentReport, Status

__all__ = [
    "AgentReport",
    "Identity",
    "Party",
    "ReportParseError",
    "Status",
    "parse_report",
    "render_report",
]

_HOME = {
    "AgentReport": "protocols.report",
    "Status": "protocols.report",
    "Identity": "protocols.identity",
    "Party": "protocols.identity",
    "ReportParseError": "protocols.parse",
    "parse_report": "protocols.parse",
    "render_report": "protocols.render",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'protocols' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
