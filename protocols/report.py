"""Pydantic models of the fixed report every specialist ends its work with."""

from __future__ import annotations

import textwrap
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
    never rejected. ``files`` holds paths only, each once; ``file_lines`` maps a path to the
    line ranges written after it (``app.py:88-104`` -> ``{"app.py": "88-104"}``) and
    ``file_groups`` maps a path to the group heading it was listed under (``Created``).
    ``blocker`` and ``required`` keep their bullet structure (nested bullets keep their
    relative indentation). ``raw`` keeps the text the report was read from and takes no part
    in equality.
    """

    model_config = ConfigDict(frozen=True)

    summary: str = ""
    changes: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    file_lines: dict[str, str] = Field(default_factory=dict)
    file_groups: dict[str, str] = Field(default_factory=dict)
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

    @field_validator("changes")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        """Each item is one trimmed line; empty items are dropped."""
        items = (" ".join(item.split()) for item in value)
        return [item for item in items if item]

    @field_validator("files")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        """Each path is one trimmed line, listed once; empty paths are dropped."""
        paths = (" ".join(item.split()) for item in value)
        return list(dict.fromkeys(path for path in paths if path))

    @field_validator("file_lines", "file_groups")
    @classmethod
    def _notes(cls, value: dict[str, str]) -> dict[str, str]:
        """Each note is one trimmed line; empty notes are dropped."""
        notes = {path: " ".join(note.split()) for path, note in value.items()}
        return {path: note for path, note in notes.items() if note}

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
        """Blank lines dropped, common indentation removed, nested indentation kept."""
        if value is None:
            return None
        lines = [line.rstrip() for line in value.expandtabs(4).splitlines() if line.strip()]
        return textwrap.dedent("\n".join(lines)).strip() or None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgentReport):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())
