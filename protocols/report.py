"""Pydantic models of the fixed report every specialist ends its work with."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """Outcome a specialist declares in its ``**Status:**`` line."""

    COMPLETE = "complete"
    BLOCKED = "blocked"
    NEEDS_REVIEW = "needs_review"


class AgentReport(BaseModel):
    """A parsed specialist report.

    ``domain`` is a canonical lower-case string (``backend``, ``frontend``, ``database``,
    ``tests``, ``docs``, ``devops``); unknown domains are kept as written (normalised),
    never rejected. ``raw`` keeps the text the report was read from and takes no part
    in equality.
    """

    model_config = ConfigDict(frozen=True)

    summary: str = ""
    changes: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    status: Status
    domain: str | None = None
    blocker: str | None = None
    required: str | None = None
    raw: str = Field(default="", repr=False, exclude=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgentReport):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())
