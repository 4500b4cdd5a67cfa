"""Tolerant parser for specialist reports.

The text is digested line by line (:mod:`protocols.labels`), grouped into drafts
(:mod:`protocols.drafts`), and the agent's own last report is chosen: drafts in code blocks,
quoted from another agent or shown as a sample are not the agent's; the last own draft with
a status wins, unless an own attempt after it has no status (then the text is refused,
never read from the earlier draft) or it is a bare status contradicting the report before it
(refused too). A JSON object with a status is read too.
``docs/report-parser.md`` explains the choice with examples. The parser never guesses:
anything missing or unreadable raises :class:`ReportParseError` naming the line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final, TypeVar

from protocols.domains import CANONICAL_DOMAINS, DISPLAY_NAMES, ambiguity, canonical_domain
from protocols.drafts import Draft, Field, Note, Origin, introduced_at, scan
from protocols.files import FileItem, group_heading, merge, pathlike, read_item
from protocols.identity import Identity, Party, Relays, relays_of
from protocols.jsonreport import JsonReport, as_items, as_text, find_json_report
from protocols.labels import (
    FieldName,
    Line,
    label_fields,
    split_lines,
    starts_with_symbol,
    strip_symbols,
    visible,
)
from protocols.plain import Values as _Values
from protocols.plain import plain_values
from protocols.render import STATUS_TEXT
from protocols.report import AgentReport, Status, is_none, says_none, says_undetermined
from protocols.seed import seed_report
from protocols.values import (
    ValueProblem,
    asks_more,
    change_item,
    clean_inline,
    placeholder,
    read_status,
    strip_quotes,
    summary_status,
    written_domain,
)

T = TypeVar("T")

__all__ = ["Identity", "Party", "ReportParseError", "parse_general", "parse_report"]

_DOMAIN_CHOICES: Final = ", ".join(DISPLAY_NAMES[d] for d in CANONICAL_DOMAINS[:-1]) + (
    f" or {DISPLAY_NAMES[CANONICAL_DOMAINS[-1]]}"
)
_STATUS_EXAMPLE: Final = "expected a line like '**Status:** Complete'"


class ReportParseError(ValueError):
    """The text holds no usable report; the message says what is missing and where."""


def _change_items(fld: Field) -> list[str]:
    """Change bullets; nested bullets and wrapped lines join their parent item."""
    items = [fld.inline] if fld.inline and not is_none(fld.inline) else []
    base: int | None = None
    for line in fld.lines:
        if fld.also is not None and not line.bullet and group_heading(line.text) is not None:
            continue  # "Created:" over a combined list's items is a file group, no change
        if line.bullet:
            base = line.indent if base is None else base
            if line.indent > base + 1 and items:
                joiner = " " if items[-1].endswith(":") else "; "
                items[-1] = f"{items[-1]}{joiner}{line.text}"
                continue
            items.append(line.text)
        elif line.indent > 0 and items and base is not None:
            items[-1] = f"{items[-1]} {line.text}"
        else:
            items.append(line.text)
    return [change_item(item) for item in items if item.strip("*_`~ ") and not is_none(item)]


class _Folders:
    """The folders a Files list nests its items under (``- backend/alembic/`` over ``-
    env.py``, or a drawn tree): an item under a folder names the file in it, and a folder
    holding items is no file itself."""

    def __init__(self) -> None:
        self.open: list[tuple[int, str]] = []  # indent, path ("backend/app/")
        self.used = False  # an item was placed in a folder

    def place(self, line: Line, items: list[FileItem]) -> list[FileItem]:
        """``items`` read from ``line``, their paths under the folders it is nested in."""
        while self.open and self.open[-1][0] >= line.indent:
            self.open.pop()
        if not line.bullet:
            self.open.clear()
            return items
        under = self.open[-1][1] if self.open else ""
        self.used = self.used or bool(under and items)
        placed = [replace(i, path=_in_folder(under, i.path)) for i in items]
        if len(placed) == 1 and placed[0].path.endswith("/") and placed[0].lines is None:
            self.open.append((line.indent, placed[0].path))
        return placed


def _in_folder(folder: str, path: str) -> str:
    """``path`` listed under ``folder``: the file in it (``main.py`` under ``app/``), unless
    ``path`` already names it from the top (``app/main.py``, ``/etc/nginx/nginx.conf``)."""
    if not folder or path.startswith((folder, "/")):
        return path
    return folder + path


def _without_filled_folders(items: list[FileItem]) -> list[FileItem]:
    """``items`` without a folder (``app/``) that a later item lies in."""
    return [
        item
        for at, item in enumerate(items)
        if not (
            item.path.endswith("/")
            and any(later.path.startswith(item.path) for later in items[at + 1 :])
        )
    ]


def _file_items(fld: Field) -> list[FileItem]:
    """Files, with the group heading each was listed under; descriptions are dropped."""
    items = read_item(fld.inline) if fld.inline and group_heading(fld.inline) is None else []
    group: tuple[str, int, bool] | None = None  # name, indent, written as a bullet
    item_indent: int | None = None
    folders = _Folders()
    for line in fld.lines:
        name = group_heading(line.text) or (line.text.strip("*_ ") if line.heading else None)
        if name is not None:
            group, item_indent = (name, line.indent, line.bullet), None
            continue
        if group is not None and group[2] and line.indent <= group[1]:
            group = None
        if item_indent is not None and line.indent > item_indent and not pathlike(line.text):
            continue  # a note under a file, not a file
        item_indent = line.indent if item_indent is None or line.bullet else item_indent
        items += folders.place(line, read_item(line.text, group[0] if group else None))
    if fld.also is not None:  # "**Changes / Files:**": a change naming no path is no file
        items = [item for item in items if pathlike(item.path)]
    return _without_filled_folders(items) if folders.used else items


def _text(fld: Field) -> str:
    """A free-text field: inline value and its bullets/paragraph (indentation kept)."""
    parts = [fld.inline] if fld.inline else []
    for line in fld.lines:
        text = strip_quotes(line.text)
        body = f"{line.marker} {text}" if line.bullet else text
        parts.append(" " * line.indent + body if body.strip() else "")
    return strip_quotes("\n".join(p.rstrip() for p in parts if p.strip()))


def _summary_line(draft: Draft) -> tuple[str, int]:
    """The draft's summary as written (a Summary field, else its summary line)."""
    fld = draft.fields.get("summary")
    if fld is not None:
        return " ".join([fld.inline, *(ln.text for ln in fld.lines)]), fld.line
    if draft.summary_line is not None:
        return draft.summary_line.text, draft.summary_line.no
    return "", 0


def _summary_text(draft: Draft) -> tuple[str, int]:
    text, no = _summary_line(draft)
    return clean_inline(text), no


def _values_of(draft: Draft) -> _Values:
    """Collect a draft's raw values (the draft has a status)."""
    f = draft.fields
    values = _Values(status=(f["status"].first_value(), f["status"].line))
    summary, no = _summary_line(draft)
    values.summary, values.said = (clean_inline(summary), no), summary_status(summary)
    if "changes" in f:
        values.changes = (_change_items(f["changes"]), f["changes"].line)
    if "files" in f:
        values.files = (_file_items(f["files"]), f["files"].line)
    if "domain" in f:
        values.domain = (f["domain"].first_value(), f["domain"].line)
    for name in ("blocker", "required"):
        if name in f:
            setattr(values, name, (_text(f[name]), f[name].line))
    return values


def _values_of_json(found: JsonReport) -> _Values:
    """Collect a JSON report's raw values; every value points at the object's first line."""
    f, at = found.fields, found.line
    values = _Values(status=(str(f.get("status") or ""), at))
    summary = str(f.get("summary") or "")
    values.summary, values.said = (clean_inline(summary), at), summary_status(summary)
    values.changes = ([change_item(c) for c in as_items(f.get("changes"))], at)
    values.files = ([i for item in as_items(f.get("files")) for i in read_item(item)], at)
    for name in ("domain", "blocker", "required"):
        text = as_text(f.get(name))
        if text is not None:
            setattr(values, name, (strip_quotes(text), at))
    return values


def _at(line: int, read: Callable[[str], T], value: str) -> T:
    """Run ``read`` and turn its :class:`ValueProblem` into a located parse error."""
    try:
        return read(value)
    except ValueProblem as exc:
        raise ReportParseError(f"line {line}: {exc}") from None


@functools.lru_cache(maxsize=1024)
def _domain(value: str) -> str:
    """One canonical domain; an empty, hedged or several-way value is refused, never guessed.

    Cached: a pure function of the text (a refusal raises and is not kept), and reports
    name the same few domains."""
    shown = " ".join(clean_inline(value).split())
    if is_none(value) or not shown:
        raise ValueProblem(f"empty domain (expected {_DOMAIN_CHOICES})")
    problem = ambiguity(value)
    if problem is not None:
        template = "|" in value and problem != "hedged"
        what = "unfilled template domain" if template else f"ambiguous domain ({problem})"
        raise ValueProblem(f"{what} '{shown[:60]}' (choose one of {_DOMAIN_CHOICES})")
    return canonical_domain(clean_inline(value))


def _optional_text(entry: tuple[str, int] | None) -> str | None:
    if entry is None or is_none(entry[0]) or not entry[0].strip():
        return None
    return entry[0]


def _check_placeholders(values: _Values) -> None:
    """Refuse a template copied without being filled in (``[1-line task summary]``)."""
    checks: list[tuple[str, list[str], int]] = [
        ("summary", [values.summary[0]], values.summary[1]),
        ("changes", values.changes[0], values.changes[1]),
        ("files", [i.path for i in values.files[0]], values.files[1]),
    ]
    for name in ("blocker", "required"):
        entry: tuple[str, int] | None = getattr(values, name)
        if entry is not None:
            checks.append((name, [ln.lstrip(" -*") for ln in entry[0].splitlines()], entry[1]))
    for name, texts, line in checks:
        found = placeholder(texts)
        if found is not None:
            where = f"line {line}: " if line else ""
            raise ReportParseError(f"{where}unfilled template placeholder '{found}' in {name}")


def _blocked_fields(values: _Values, status_line: int) -> str:
    """The domain of a Blocked report; Domain and Required are both required."""
    if values.domain is None or is_none(values.domain[0]):
        if values.domain is not None:
            _at(values.domain[1], _domain, values.domain[0])
        raise ReportParseError(
            f"line {status_line}: status is Blocked but no 'Domain:' is given "
            f"(expected {_DOMAIN_CHOICES})"
        )
    domain = _at(values.domain[1], _domain, values.domain[0])
    required = _optional_text(values.required)
    if required is not None and values.required and says_undetermined(required):
        raise ReportParseError(
            f"line {values.required[1]}: status is Blocked but 'Required:' says {required!r}: "
            "name what is needed to continue"
        )
    if required is None:
        raise ReportParseError(
            f"line {status_line}: status is Blocked but no 'Required:' says what is "
            "needed to continue"
        )
    return domain


def _check_verdicts(values: _Values, status: Status) -> None:
    """Refuse a report whose summary says the work is stopped while its Status says less
    (``⛔ Blocked: …`` over ``Status: Complete``): which one holds is a guess."""
    line = values.status[1]
    if values.said is not None and asks_more(values.said, status):
        raise ReportParseError(
            f"line {line}: two different statuses: {STATUS_TEXT[values.said]} (the summary, "
            f"line {values.summary[1]}) and {STATUS_TEXT[status]} (line {line}); a report "
            "gives one status"
        )


def _check_needs(values: _Values, status: Status, domain: str | None) -> None:
    """Refuse a report whose Blocker and Required (neither "none") say what stops the work
    while its Status reads otherwise, where which one holds is a guess: a Complete report
    (finished, yet stopped), or a Needs Review report naming a specialist's Domain (the
    chain could consult that specialist, as for Blocked, or stop for a person's review).
    A Needs Review report with no Domain reads as written: Blocked would need one, so its
    Blocker and Required are what the person reviewing is asked for, kept in the report."""
    if status is Status.BLOCKED or not values.blocker or not values.required:
        return
    blocker, required = values.blocker, values.required
    if says_none(blocker[0]) or says_none(required[0]):
        return
    line = values.status[1]
    named = f"'Blocker:' (line {blocker[1]}) and 'Required:' (line {required[1]})"
    if status is Status.COMPLETE:
        raise ReportParseError(
            f"line {line}: status is Complete but {named} say what stops the work; a "
            "finished report names no blocker (use Status: Blocked, or drop them)"
        )
    if domain and values.domain is not None:  # "()": no specialist named (the report's None)
        raise ReportParseError(
            f"line {line}: status is Needs Review but {named} say what stops the work and "
            f"'Domain:' (line {values.domain[1]}) names {domain}: use Status: Blocked for "
            f"the {domain} specialist to answer, or drop Domain for a person's review"
        )


def _build(values: _Values, raw: str) -> AgentReport:
    """Validate ``values`` and make the report."""
    status_line = values.status[1]
    status = _at(status_line, read_status, values.status[0])
    _check_verdicts(values, status)
    _check_placeholders(values)
    domain = None
    if status is Status.BLOCKED:
        domain = _blocked_fields(values, status_line)
    elif values.domain and not is_none(values.domain[0]):
        # On a finished report "Domain: n/a" or "Backend, Frontend" means no one domain.
        if ambiguity(values.domain[0]) is None or "|" in values.domain[0]:
            domain = _at(values.domain[1], _domain, values.domain[0])
    _check_needs(values, status, domain)
    files, file_lines, file_groups = merge(values.files[0])
    return AgentReport.of_parts(
        summary=values.summary[0],
        changes=values.changes[0],
        files=files,
        file_lines=file_lines,
        file_groups=file_groups,
        status=status,
        domain=domain,
        blocker=_optional_text(values.blocker),
        required=_optional_text(values.required),
        raw=raw,
        domain_written=written_domain(values.domain[0]) if domain and values.domain else "",
    )


_NAMES: Final[dict[FieldName, str]] = {
    "summary": "Summary",
    "changes": "Changes",
    "files": "Files",
    "status": "Status",
    "domain": "Domain",
    "blocker": "Blocker",
    "required": "Required",
}
_WHERE: Final[dict[Origin, str]] = {
    Origin.CODE: "inside a code block",
    Origin.QUOTED: "quoted from another agent",
    Origin.SAMPLE: "shown as a sample",
    Origin.OWN: "",
}


def _whose(origin: Origin, note: Note | None) -> str:
    """Whose words a report not the agent's is: *"relayed from database-engineer (as line
    1 says)"* where the writer's identity named the agent, else where it stands."""
    if note is not None and note.relayed:
        return f"relayed from {note.relayed} (as line {note.line} says), not the agent's own"
    return _WHERE[origin]


def _found(drafts: Sequence[Draft]) -> str:
    names = {name for d in drafts for name in d.fields}
    return ", ".join(_NAMES[n] for n in _NAMES if n in names)


def _missing_status(drafts: Sequence[Draft], lines: Sequence[Line]) -> ReportParseError:
    # A "## Summary" heading over prose is no report begun: only the report's fields are.
    own = [d for d in drafts if d.origin is Origin.OWN and set(d.fields) - {"summary"}]
    if own:
        return ReportParseError(
            f"no 'Status:' line: found {_found(own)} but no status ({_STATUS_EXAMPLE})"
        )
    foreign = [d for d in drafts if "status" in d.fields]
    if foreign:
        last = foreign[-1]
        return ReportParseError(
            f"no report of the agent's own: the only report (line {last.first_line}) is "
            f"{_whose(last.origin, last.origin_note)} ({_STATUS_EXAMPLE})"
        )
    count = sum(1 for ln in lines if not ln.blank)
    return ReportParseError(
        f"no report found: no 'Status:' line in {count} line(s) of text ({_STATUS_EXAMPLE})"
    )


def _is_template(draft: Draft) -> bool:
    """A draft that is the seed's template or a sample with placeholders, not a report."""
    try:
        values = _values_of(draft) if "status" in draft.fields else None
        if values is None:
            values = _Values(status=("", 0), summary=_summary_text(draft))
            if "changes" in draft.fields:
                values.changes = (_change_items(draft.fields["changes"]), 0)
            if "files" in draft.fields:
                values.files = (_file_items(draft.fields["files"]), 0)
        else:
            read_status(values.status[0])
        _check_placeholders(values)
    except ReportParseError:
        return True
    except ValueProblem as exc:
        return str(exc).startswith("unfilled")
    return False


def _attempt(draft: Draft) -> bool:
    """Whether a draft without a status is a real (if incomplete) report attempt."""
    names = set(draft.fields) - {"status"}
    count = len(names) + (draft.summary_line is not None and "summary" not in names)
    return (count >= 2 or bool(names & {"changes", "files"})) and not _is_template(draft)


#: Fields that do not make a report on their own: a status and its Blocked trailers.
_BARE: Final[frozenset[FieldName]] = frozenset({"status", "domain", "blocker", "required"})


def _content(fld: Field) -> str:
    return " ".join(" ".join([fld.inline, *(ln.text for ln in fld.lines)]).split()).lower()


def _recap(tail: Draft, report: Draft) -> bool:
    """A block after the report that only repeats some of its fields (a recap, no attempt)."""
    return all(
        name in report.fields and _content(fld) == _content(report.fields[name])
        for name, fld in tail.fields.items()
    )


def _merge(report: Draft, tail: Draft) -> Draft | None:
    """A status-first report continued after prose (``Status: Done`` / text / ``Changes:``);
    not a second report opened by its own summary line (``✅ …``) under one that has one."""
    if set(report.fields) & set(tail.fields) or {"changes", "files"} & set(report.fields):
        return None
    if report.summary_line is not None and _opens_report(tail):
        return None
    fields = {**report.fields, **tail.fields}
    summary = report.summary_line or tail.summary_line
    return Draft(fields, summary, report.code, report.quoted, report.origin_note)


#: An emoji line that is a remark or a section's title, not a report's summary:
#: ``⚠️ Note: the migration locks the table``, ``📝 Changes``.
_REMARK: Final = re.compile(
    r"(?:note|nb|n\.b\.|warning|caution|careful|heads[- ]up|tip|fyi|p\.?s\.?|important|"
    r"reminder|примітка|увага|зауваж\w*|порада|важливо)\b\s*[:\u2013\u2014-]",
    re.IGNORECASE,
)


def _opens_report(draft: Draft) -> bool:
    """Whether a draft opens with a summary line of the seed's shape (an emoji first), not
    a remark (``⚠️ Note: …``) or a section title naming a field (``📝 Changes``)."""
    line = draft.summary_line
    if line is None or not starts_with_symbol(line.text):
        return False
    text = strip_symbols(line.text).strip("*_ ")
    return _REMARK.match(text) is None and not label_fields(text)


def _declared(draft: Draft) -> Status | None:
    """The status a draft declares, None when its Status value is unreadable."""
    try:
        return read_status(draft.fields["status"].first_value())
    except ValueProblem:
        return None


def _settle_bare(own: Sequence[Draft], reports: Sequence[int], chosen: Draft) -> Draft:
    """The report to read when the last status stands bare after an earlier report.

    A status with no Summary, Changes or Files of its own (``**Status:** Complete`` written
    inside a Blocked report's Blocker or Required, or a lone status line after the report)
    is not a new report. With a different status the text says two things and is refused,
    never read as the later one; with the same status, no summary line and nothing new it
    only repeats the report before it, which is read."""
    if len(reports) < 2 or set(chosen.fields) - _BARE:
        return chosen
    earlier = own[reports[-2]]
    before, after = _declared(earlier), _declared(chosen)
    if before is None or after is None:
        return chosen
    if before is not after:
        line, first = chosen.fields["status"].line, earlier.fields["status"].line
        raise ReportParseError(
            f"line {line}: two different statuses: {STATUS_TEXT[before]} (line {first}) and "
            f"{STATUS_TEXT[after]} (line {line}); a report gives one 'Status:' line"
        )
    tail: dict[FieldName, Field] = {n: f for n, f in chosen.fields.items() if n != "status"}
    repeat = chosen.summary_line is None and _recap(Draft(tail, None, False, False), earlier)
    return earlier if repeat else chosen


def _foreign_status_after(drafts: Sequence[Draft], attempt: Draft) -> bool:
    """Whether a status that is not the agent's follows ``attempt``: then the attempt is no
    continuation of a status-first report (its own status may be the one cut off)."""
    return any(
        d.origin is not Origin.OWN and "status" in d.fields and d.first_line > attempt.first_line
        for d in drafts
    )


def _choose(drafts: Sequence[Draft], lines: Sequence[Line]) -> Draft:
    """The agent's own final report; refuse when its last attempt is incomplete."""
    own = [d for d in drafts if d.origin is Origin.OWN]
    reports = [i for i, d in enumerate(own) if "status" in d.fields]
    while len(reports) > 1 and _is_template(own[reports[-1]]):
        reports.pop()  # a trailing template after a real report
    if not reports:
        raise _missing_status(drafts, lines)
    chosen = own[reports[-1]]
    attempts = [d for d in own[reports[-1] + 1 :] if _attempt(d) and not _recap(d, chosen)]
    if (
        len(attempts) == 1
        and not _foreign_status_after(drafts, attempts[0])
        and (merged := _merge(chosen, attempts[0])) is not None
    ):
        return merged
    chosen = _settle_bare(own, reports, chosen)
    if attempts:
        last = attempts[-1]
        raise ReportParseError(
            f"line {last.first_line}: the final report has no 'Status:' line (found "
            f"{_found([last])}); the earlier report at line {chosen.first_line} is not used "
            f"({_STATUS_EXAMPLE})"
        )
    return chosen


def _foreign_line(
    lines: Sequence[Line], relays: Relays | None, relayed: list[tuple[int, Note]]
) -> Callable[[int], bool]:
    """Whether a JSON object starting on a line is not the agent's: on a code or quoted line,
    or introduced as another agent's answer or a sample (a relay named by the writer's
    identity is kept in ``relayed``, for the refusal to name)."""

    def foreign(no: int) -> bool:
        if no > len(lines):
            return False
        line = lines[no - 1]
        if line.code or line.quoted:
            return True
        note = introduced_at(lines, no, relays)
        if note is not None and note.relayed:
            relayed.append((no, note))
        return note is not None

    return foreign


def parse_report(text: str, *, identity: Identity | None = None) -> AgentReport:
    """Read the agent's own last complete report in ``text``; raise otherwise.

    Accepts the seed format and what models really write around it: bold, underscore,
    plain and heading labels (English or Ukrainian), wrapping fences, prose before and
    after, several reports (the last wins), CRLF, and a JSON object report. Reports inside
    code blocks, quoted from another agent or shown as samples are not the agent's.

    A report written exactly in the seed's shape is read by one pattern
    (:mod:`protocols.seed`), one written plainly in its format in one pass
    (:mod:`protocols.plain`); anything else by the general grammar (:func:`parse_general`).
    Invisible characters (zero-width spaces, a byte order mark) are dropped first.

    ``identity``: who wrote ``text`` and the other agents of the roster. With it, a report
    a line attributes to another named agent or domain (*"Here is the database result:"*)
    is refused as relayed, naming that agent, and the writer's own name (*"backend-expert's
    report:"*) introduces its own; without it the parser is not told who wrote the text.
    """
    text = visible(text)
    relays = relays_of(identity) if identity is not None else None
    report = seed_report(text)
    if report is not None and (relays is None or not relays.mentioned(report.summary)):
        return report
    values = plain_values(text)
    if values is not None and (relays is None or not relays.mentioned(values.summary[0])):
        return _build(values, text)
    return parse_general(text, identity=identity)


def parse_general(text: str, *, identity: Identity | None = None) -> AgentReport:
    """:func:`parse_report` by the general grammar alone: invisible characters dropped, as
    there, lines digested, grouped into drafts, the agent's own report chosen
    (``docs/report-parser.md``)."""
    text = visible(text)  # (its raw as parse_report's: a no-op on the text it hands here)
    if not text or not text.strip():
        raise ReportParseError("empty text: there is no report to read")
    relays = relays_of(identity) if identity is not None else None
    lines = split_lines(text)
    drafts = scan(lines, relays)
    relayed: list[tuple[int, Note]] = []
    found = find_json_report(text, skip=_foreign_line(lines, relays, relayed))
    try:
        chosen = _choose(drafts, lines)
    except ReportParseError:
        if found is None:
            if relayed and not any("status" in d.fields for d in drafts):
                no, note = relayed[-1]  # a relayed JSON report, the only one
                raise ReportParseError(
                    f"no report of the agent's own: the only report (line {no}) is "
                    f"{_whose(Origin.QUOTED, note)} ({_STATUS_EXAMPLE})"
                ) from None
            raise
        return _build(_values_of_json(found), text)
    if found is not None and chosen.fields["status"].line <= found.end_line:
        return _build(_values_of_json(found), text)
    return _build(_values_of(chosen), text)
