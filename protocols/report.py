"""Pydantic models of the fixed report every specialist ends its work with."""

from __future__ import annotations

import re
import textwrap
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from protocols.domains import CANONICAL_DOMAINS, canonical_domain

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
        "нічого",
        "без змін",
        "немає змін",
        "змін немає",
        "жодних змін",
        "не змінено",
        "немає файлів",
        "файлів немає",
        "файли не змінено",
    }
)


_CANONICAL: Final = frozenset(CANONICAL_DOMAINS)


def is_none(text: str) -> bool:
    """Whether ``text`` says "nothing" (``none``, ``—``, ``-``, ``n/a``, ``немає``)."""
    core = text.strip().strip("*_ ").strip()
    if core and not core.strip("-\u2013\u2014 "):
        return True
    core = core.strip("()[].").strip().lower()
    return core in _NONE_WORDS


_LEAD: Final = re.compile(r"[(\[,;:.!\u2013\u2014]|\s-\s")


def says_none(text: str) -> bool:
    """Whether a Blocker or Required says "nothing" before any explanation: ``none``,
    ``None (resolved by adding the index)``, ``n/a — fixed in this change``."""
    core = text.strip().strip("*_ ")
    if not core or is_none(core):
        return True
    lead = _LEAD.search(core)  # no leading \s*: a run of spaces is scanned once, not per space
    head = core[: lead.start()].rstrip() if lead else ""
    return bool(head) and is_none(head)


#: A Required that names nothing yet: the need is not known (``TBD``, ``unknown``, ``?``).
_UNDETERMINED: Final = frozenset(
    {
        "tbd",
        "tba",
        "todo",
        "to do",
        "to be determined",
        "to be decided",
        "unknown",
        "unclear",
        "not sure",
        "not sure yet",
        "unsure",
        "don't know",
        "i don't know",
        "do not know",
        "i do not know",
        "no idea",
        "?",
        "??",
        "???",
        "невідомо",
        "не визначено",
        "незрозуміло",
        "не знаю",
        "не впевнений",
        "не впевнена",
        "хтозна",
    }
)
#: A Required that only points elsewhere in the message: ``see above``, ``як вище``.
_POINTER: Final = re.compile(
    r"(?:(?:see|cf|as|per|same as)\b\W*(?:[^\W\d_]+\W+){0,3}?(?:above|below|earlier)|"
    r"(?:див(?:ись|іться)?|як|дивіться)\b\W*(?:[^\W\d_]+\W+){0,3}?(?:вище|нижче))\W*",
    re.IGNORECASE,
)
#: Where a Required's first words end and what it says after them begins: ``TBD - the key``.
_HEAD_END: Final = re.compile(r"[,;:!\u2013\u2014]|\s-\s|\.\s")


_ASIDE: Final = re.compile(r"\(([^()]*)\)\s*$")
#: How an aside opens when it names nothing either: a condition, a hedge, a pointer
#: (``depends on the vendor``, ``not sure yet``, ``see above``, ``need to check``).
_NAMES_NOTHING: Final = re.compile(
    r"(?:depend\w*|if|unless|until|when|whether|maybe|perhaps|probably|possibly|likely|not|"
    r"no|unsure|still|yet|will|see|to be|need to|needs to|have to|check\w*|investigat\w*|"
    r"find out|figur\w*|залеж\w*|якщо|поки|коли|можливо|ймовірно|ще|не|див|"
    r"(?:треба |потрібно )?з['\u2019\u02bc]ясу\w*|"
    r"(?:треба |потрібно )?подума\w*|think\w*|"
    # nothing named, or only the not knowing: "nothing yet", "n/a", "I don't know", "something"
    r"nothing|none|nobody|n/a|nil|hard to say|something|anything|whatever|various|"
    r"i\s*(?:don|do\s+not|am\s+not|['\u2019]m\s+not|have\s+no|can)|"
    r"нічого|немає|нема|щось|будь-що|хтозна|важко)\b",
    re.IGNORECASE,
)


def says_undetermined(text: str) -> bool:
    """Whether a Required names nothing yet: ``TBD``, ``?``, ``unknown (depends on the
    vendor)``, ``not sure - maybe more memory?``, ``see above``; a Blocked report needs what
    it is waiting for. ``TBD - the vendor's API key`` and ``unknown (the vendor's region)``
    name it: the word says its value is not known to the agent, the rest says what it is,
    and the value is kept as written (never guessed)."""
    value = text.strip().strip("*_` ").replace("\u2019", "'")
    aside = _ASIDE.search(value)
    core = value[: aside.start()].rstrip() if aside else value
    inner = aside.group(1).strip(" *_`.") if aside else ""
    if _vague(core):
        return not inner or _vague(inner) or _NAMES_NOTHING.match(inner) is not None
    head = _HEAD_END.search(core)
    if head is None or not core[: head.start()].strip() or not _vague(core[: head.start()]):
        return False
    rest = core[head.end() :].strip(" *_`.")
    if rest and not _vague(rest) and _NAMES_NOTHING.match(rest) is None:
        return False  # "TBD - the vendor's API key"
    return not inner or _vague(inner) or _NAMES_NOTHING.match(inner) is not None


def _vague(words: str) -> bool:
    """Whether ``words`` are all the not knowing (``TBD``, ``не знаю``) or a pointer
    elsewhere (``see above``)."""
    core = words.strip("*_`.()[] ")
    return core.lower() in _UNDETERMINED or _POINTER.fullmatch(core) is not None


def one_line(value: str) -> str:
    """Inner whitespace (newlines included) collapsed to single spaces, trimmed."""
    return " ".join(value.split())


def clean_items(value: list[str]) -> list[str]:
    """Each item one trimmed line; empty items dropped."""
    if not value:
        return []
    lines = (" ".join(item.split()) for item in value)
    return [item for item in lines if item]


def clean_paths(value: list[str]) -> list[str]:
    """Each path one trimmed line, listed once; empty paths dropped."""
    if not value:
        return []
    return list(dict.fromkeys(clean_items(value)))


def clean_notes(value: dict[str, str]) -> dict[str, str]:
    """Each note one trimmed line; empty notes dropped."""
    if not value:
        return {}
    trimmed = {path: " ".join(note.split()) for path, note in value.items()}
    return {path: note for path, note in trimmed.items() if note}


def domain_of(value: str | None) -> str | None:
    """Canonical lower-case domain (``Database (D1)`` -> ``database``); blank/none -> None."""
    if value in _CANONICAL:
        return value
    if value is None or is_none(value):
        return None
    domain = canonical_domain(value)
    return None if not domain or is_none(domain) else domain


def block_text(value: str | None) -> str | None:
    """Blank lines dropped, common indentation removed, nested indentation kept."""
    if value is None:
        return None
    if value.isprintable():  # one line (no line or tab character; no space but ASCII's)
        return value.strip() or None
    lines = [line.rstrip() for line in value.expandtabs(4).splitlines() if line.strip()]
    return textwrap.dedent("\n".join(lines)).strip() or None


class Status(StrEnum):
    """Outcome a specialist declares in its ``**Status:**`` line."""

    COMPLETE = "complete"
    BLOCKED = "blocked"
    NEEDS_REVIEW = "needs_review"


# The members by plain names, for the parser's and the runner's hot paths: in Python 3.11
# every ``Status.X`` goes through ``EnumType.__getattr__``'s slow attribute hook (~0.9 K
# instructions a read; a delegation hop read nine, bench/RESULTS.md "hop47").
COMPLETE: Final = Status.COMPLETE
BLOCKED: Final = Status.BLOCKED
NEEDS_REVIEW: Final = Status.NEEDS_REVIEW


class AgentReport(BaseModel):
    """A parsed specialist report.

    ``domain`` is a canonical lower-case string (``backend``, ``frontend``, ``database``,
    ``tests``, ``docs``, ``devops``); unknown domains are kept as written (normalised),
    never rejected. ``files`` holds paths only, each once; ``file_lines`` maps a path to the
    line ranges written after it (``app.py:88-104`` -> ``{"app.py": "88-104"}``) and
    ``file_groups`` maps a path to the group heading it was listed under (``Created``).
    ``blocker`` and ``required`` keep their bullet structure (nested bullets keep their
    relative indentation). ``raw`` keeps the text the report was read from and
    ``domain_written`` the Domain as its agent wrote it (``Frontend / React Native``, where
    ``domain`` is ``frontend``: who answers reads its technology); neither takes part in
    equality or the JSON.
    """

    model_config = ConfigDict(frozen=True)

    summary: str = ""
    changes: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    file_lines: dict[str, str] = Field(default_factory=dict)
    file_groups: dict[str, str] = Field(default_factory=dict)
    # written as its value by ``str`` in JSON (the same text; pydantic's enum serializer
    # reads the member's ``value``, a Python property, twice: bench/RESULTS.md "hop49")
    status: Annotated[Status, PlainSerializer(str, when_used="json")]
    domain: str | None = None
    blocker: str | None = None
    required: str | None = None
    raw: str = Field(default="", repr=False, exclude=True)
    domain_written: str = Field(default="", repr=False, exclude=True)

    @field_validator("summary")
    @classmethod
    def _one_line(cls, value: str) -> str:
        """The summary is one line: inner whitespace (newlines included) collapses."""
        return one_line(value)

    @field_validator("changes")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        """Each item is one trimmed line; empty items are dropped."""
        return clean_items(value)

    @field_validator("files")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        """Each path is one trimmed line, listed once; empty paths are dropped."""
        return clean_paths(value)

    @field_validator("file_lines", "file_groups")
    @classmethod
    def _notes(cls, value: dict[str, str]) -> dict[str, str]:
        """Each note is one trimmed line; empty notes are dropped."""
        return clean_notes(value)

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        """Canonical lower-case domain (``Database (D1)`` -> ``database``); blank/none -> None."""
        return domain_of(value)

    @field_validator("blocker", "required")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        """Blank lines dropped, common indentation removed, nested indentation kept."""
        return block_text(value)

    @classmethod
    def of_parts(
        cls,
        *,
        summary: str,
        changes: list[str],
        files: list[str],
        file_lines: dict[str, str],
        file_groups: dict[str, str],
        status: Status,
        domain: str | None,
        blocker: str | None,
        required: str | None,
        raw: str,
        domain_written: str = "",
    ) -> AgentReport:
        """The report the validators would make of these values, without pydantic's
        validation pass: for callers whose values already have the fields' types (the
        parser). The same normalisation runs; the result equals ``AgentReport(...)``."""
        if not isinstance(status, Status):
            raise TypeError(f"status must be a Status, not {type(status).__name__}")
        values = {
            "summary": one_line(summary),
            "changes": clean_items(changes),
            "files": clean_paths(files),
            "file_lines": clean_notes(file_lines),
            "file_groups": clean_notes(file_groups),
            "status": status,
            "domain": domain_of(domain),
            "blocker": block_text(blocker),
            "required": block_text(required),
            "raw": raw,
            "domain_written": domain_written,
        }
        return report_of(values, cls)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgentReport):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())


_FIELD_NAMES: Final = frozenset(AgentReport.model_fields)
# ``BaseModel``'s four slots, set by their own descriptors (``object.__setattr__`` looks each
# name up on the class first): what ``report_of`` writes, as ``model_construct`` would.
_new = object.__new__  # ``AgentReport.__new__`` (no model class defines its own)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def report_of(values: dict[str, Any], cls: type[AgentReport] = AgentReport) -> AgentReport:
    """An instance of ``values``: every field, in the model's order, each already as
    :meth:`AgentReport.of_parts` normalises it. What ``model_construct`` makes when every
    field is given (no alias, no post-init, extra ignored), without its per-field loop
    (a third of a plain report's parse): ``tests/test_hop2_report_construct.py`` checks
    both agree."""
    report = _new(cls)
    _set_dict(report, values)
    _set_fields_set(report, set(_FIELD_NAMES))
    _set_extra(report, None)
    _set_private(report, None)
    return report


#: The model's serializer, read once: pydantic's metaclass has a ``__getattr__``, so a class
#: attribute read off it takes the same slow hook as an enum member (see :data:`COMPLETE`).
_SERIALIZER: Final = AgentReport.__pydantic_serializer__


def report_json(report: AgentReport) -> str:
    """``report.model_dump_json()``, the same text, made by the model's serializer directly
    (the method's keyword handling costs as much as serializing a small report)."""
    cls = type(report)
    serializer = _SERIALIZER if cls is AgentReport else cls.__pydantic_serializer__
    return serializer.to_json(report).decode()


def stored_report_json(report: AgentReport) -> str:
    """:func:`report_json` without the fields that hold their defaults (an empty list or
    map, an empty summary, no domain, blocker or required): how the store keeps a report
    since schema 16 (``RunRow.report_json`` reads the defaults back, in the fields'
    order). A plain report's row is ~40% shorter (bench/RESULTS.md, "hop50")."""
    cls = type(report)
    serializer = _SERIALIZER if cls is AgentReport else cls.__pydantic_serializer__
    return serializer.to_json(report, exclude_defaults=True).decode()
