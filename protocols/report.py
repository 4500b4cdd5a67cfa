"""Pydantic models of the fixed report every specialist ends its work with."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from protocols.domains import canonical_domain

_NONE_WORDS: Final = frozenset(
    {
        "none",
        "n/a",
        "na",
        "nothing",
        "no files",
        "no files changed",
        "no file changes",
        "no changes",
        "not applicable",
        "немає",
        "нема",
        "жодних",
        "жодного",
        "відсутні",
    }
)


def is_none(text: str) -> bool:
    """Whether ``text`` says "nothing" (``none``, ``—``, ``-``, ``n/a``, ``немає``)."""
    core = text.strip().strip("*_ ").strip()
    if core and not core.strip("-\u2013\u2014 "):
        return True
    core = core.strip("()[].").strip().lower()
    return core in _NONE_WORDS


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

    @field_validator("summary")
    @classmethod
    def _one_line(cls, value: str) -> str:
        """The summary is one line: inner whitespace (newlines included) collapses."""
        return " ".join(value.split())

    @field_validator("changes", "files")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        """Each item is one trimmed line; empty items are dropped."""
        items = (" ".join(item.split()) for item in value)
        return [item for item in items if item]

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        """Canonical lower-case domain (``Database (D1)`` -> ``database``); blank/none -> None."""
        if value is None or is_none(value):
            return None
        domain = canonical_domain(value)
        return None if not domain or is_none(domain) else domain

    @field_validator("blocker", "required")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        """Trimmed lines, blank lines dropped; empty text -> None."""
        if value is None:
            return None
        lines = [line.strip() for line in value.splitlines()]
        return "\n".join(line for line in lines if line) or None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgentReport):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())
