"""Tolerant parser for specialist reports.

The report is read line by line (see :mod:`protocols.labels` for the label grammar):
each label opens a field that takes its inline value and, depending on the field, the
following bullets or paragraph. A field that repeats, or a report-opening label after
prose that follows a status, starts a new report; the last report with a status wins.
A JSON object with a status is read too. The parser never guesses: anything missing or
unreadable raises :class:`ReportParseError` naming the line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from protocols.domains import CANONICAL_DOMAINS, DISPLAY_NAMES, canonical_domain
from protocols.jsonreport import JsonReport, as_items, as_text, find_json_report
from protocols.labels import (
    FieldName,
    Hit,
    Line,
    find_label,
    split_inline,
    split_lines,
    starts_with_symbol,
)
from protocols.report import AgentReport, Status, is_none
from protocols.values import (
    ValueProblem,
    change_item,
    clean_inline,
    placeholder,
    read_files,
    read_status,
    strip_quotes,
)

T = TypeVar("T")

_SINGLE: Final = frozenset({"status", "domain"})
_LISTS: Final = frozenset({"changes", "files"})
# Labels that may follow a status across prose and still belong to its report.
_TRAILERS: Final = frozenset({"domain", "blocker", "required"})
_DOMAIN_CHOICES: Final = ", ".join(DISPLAY_NAMES[d] for d in CANONICAL_DOMAINS[:-1]) + (
    f" or {DISPLAY_NAMES[CANONICAL_DOMAINS[-1]]}"
)
_STATUS_EXAMPLE: Final = "expected a line like '**Status:** Complete'"


class ReportParseError(ValueError):
    """The text holds no usable report; the message says what is missing and where."""


@dataclass
class _Field:
    """A label and the lines it took."""

    name: FieldName
    line: int
    inline: str
    bulleted: bool
    lines: list[Line] = field(default_factory=list)
    gap: bool = False

    @property
    def has_content(self) -> bool:
        return bool(self.inline) or bool(self.lines)

    def first_value(self) -> str:
        """The value of a single-valued field: inline, else its first line."""
        return self.inline or (self.lines[0].text if self.lines else "")


@dataclass
class _Draft:
    """The fields of one report, as found in the text."""

    fields: dict[FieldName, _Field]
    summary_line: Line | None
    prose_after: bool = False


def _accepts(fld: _Field, line: Line) -> bool:
    """Whether ``line`` continues ``fld`` (blank lines are taken but not kept)."""
    if line.blank:
        fld.gap = fld.gap or fld.has_content
        return True
    if not fld.has_content:
        fld.lines.append(line)
        return True
    if fld.name in _SINGLE:
        return False
    previous_bullet = bool(fld.lines) and fld.lines[-1].bullet
    if fld.gap:
        ok = line.bullet and (previous_bullet or not fld.lines) and fld.name not in _SINGLE
    elif fld.name in _LISTS:
        all_plain = bool(fld.lines) and not any(ln.bullet for ln in fld.lines)
        ok = line.bullet or line.indent > 0 or all_plain
    else:
        ok = line.bullet or line.indent > 0 or bool(fld.lines)
    if ok:
        fld.lines.append(line)
    return ok


def _labels_on(line: Line, current: _Field | None) -> list[Hit]:
    """The labels on ``line``; a plain ``- Status: x`` bullet inside a list is an item."""
    if line.blank:
        return []
    hit = find_label(line)
    if hit is None:
        return []
    in_list = current is not None and current.name in _LISTS and not current.bulleted
    if line.bullet and not hit.strong and in_list and not _is_status(hit):
        return []
    return split_inline(hit)


def _is_status(hit: Hit) -> bool:
    if hit.field != "status":
        return False
    try:
        read_status(hit.value)
    except ValueProblem:
        return False
    return True


def _summary_line(orphans: Sequence[Line], label_no: int) -> Line | None:
    """The report's summary line: the last emoji line before it, else the line just above."""
    for line in reversed(orphans):
        if starts_with_symbol(line.text):
            return line
    last = orphans[-1] if orphans else None
    if last is None or label_no - last.no > 2 or last.bullet or last.heading:
        return None
    return None if last.text.endswith((":", "\uff1a")) else last


def _starts_new(draft: _Draft, hit: Hit) -> bool:
    if hit.field in draft.fields:
        return True
    return draft.prose_after and "status" in draft.fields and hit.field not in _TRAILERS


def _scan(lines: Sequence[Line]) -> list[_Draft]:
    """Group labelled fields into draft reports, in text order."""
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    current: _Field | None = None
    orphans: list[Line] = []
    for line in lines:
        hits = _labels_on(line, current)
        for hit in hits:
            if draft is None or _starts_new(draft, hit):
                draft = _Draft({}, _summary_line(orphans, line.no))
                drafts.append(draft)
            current = _Field(hit.field, line.no, hit.value, line.bullet)
            draft.fields[hit.field] = current
        if hits:
            orphans = []
            continue
        if current is not None and _accepts(current, line):
            continue
        current = None
        if not line.blank:
            orphans.append(line)
            if draft is not None:
                draft.prose_after = True
    return drafts


@dataclass
class _Values:
    """Raw field values with the line each came from, before validation."""

    status: tuple[str, int]
    summary: tuple[str, int] = ("", 0)
    changes: tuple[list[str], int] = ([], 0)
    files: tuple[list[str], int] = ([], 0)
    domain: tuple[str, int] | None = None
    blocker: tuple[str, int] | None = None
    required: tuple[str, int] | None = None


def _change_items(fld: _Field) -> list[str]:
    """Change bullets; nested bullets and wrapped lines join their parent item."""
    items = [fld.inline] if fld.inline and not is_none(fld.inline) else []
    base: int | None = None
    for line in fld.lines:
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
    return [change_item(item) for item in items if not is_none(item)]


def _text(fld: _Field) -> str:
    """A free-text field: inline value and its bullets/paragraph, quotes stripped."""
    parts = [fld.inline] if fld.inline else []
    for line in fld.lines:
        text = strip_quotes(line.text)
        parts.append(f"{line.marker} {text}" if line.bullet else text)
    return strip_quotes("\n".join(p.strip() for p in parts if p.strip()))


def _summary_text(draft: _Draft) -> tuple[str, int]:
    fld = draft.fields.get("summary")
    if fld is not None:
        text = " ".join([fld.inline, *(ln.text for ln in fld.lines)])
        return clean_inline(text), fld.line
    if draft.summary_line is not None:
        return clean_inline(draft.summary_line.text), draft.summary_line.no
    return "", 0


def _values_of(draft: _Draft) -> _Values:
    """Collect a draft's raw values (the draft has a status)."""
    f = draft.fields
    values = _Values(status=(f["status"].first_value(), f["status"].line))
    values.summary = _summary_text(draft)
    if "changes" in f:
        values.changes = (_change_items(f["changes"]), f["changes"].line)
    if "files" in f:
        fld = f["files"]
        values.files = (read_files([fld.inline, *(ln.text for ln in fld.lines)]), fld.line)
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
    values.summary = (clean_inline(str(f.get("summary") or "")), at)
    values.changes = ([change_item(c) for c in as_items(f.get("changes"))], at)
    values.files = (read_files(as_items(f.get("files"))), at)
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


def _domain(value: str) -> str:
    """A canonical domain; a ``Backend | Frontend`` template or an empty value is refused."""
    if is_none(value) or not clean_inline(value):
        raise ValueProblem(f"empty domain (expected {_DOMAIN_CHOICES})")
    options = {canonical_domain(p) for p in value.split("|")} & set(CANONICAL_DOMAINS)
    if "|" in value and len(options) > 1:
        raise ValueProblem(
            f"unfilled template domain '{clean_inline(value)}' (choose one of {_DOMAIN_CHOICES})"
        )
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
        ("files", values.files[0], values.files[1]),
    ]
    for name in ("blocker", "required"):
        entry: tuple[str, int] | None = getattr(values, name)
        if entry is not None:
            checks.append((name, entry[0].splitlines(), entry[1]))
    for name, texts, line in checks:
        found = placeholder(texts)
        if found is not None:
            where = f"line {line}: " if line else ""
            raise ReportParseError(f"{where}unfilled template placeholder '{found}' in {name}")


def _build(values: _Values, raw: str) -> AgentReport:
    """Validate ``values`` and make the report."""
    status_line = values.status[1]
    status = _at(status_line, read_status, values.status[0])
    _check_placeholders(values)
    domain = None
    if values.domain and (status is Status.BLOCKED or not is_none(values.domain[0])):
        # "Domain: n/a" on a finished report means no domain; a blocked one needs one.
        domain = _at(values.domain[1], _domain, values.domain[0])
    blocker = _optional_text(values.blocker)
    required = _optional_text(values.required)
    if status is Status.BLOCKED:
        if domain is None:
            raise ReportParseError(
                f"line {status_line}: status is Blocked but no 'Domain:' is given "
                f"(expected {_DOMAIN_CHOICES})"
            )
        if required is None:
            raise ReportParseError(
                f"line {status_line}: status is Blocked but no 'Required:' says what is "
                "needed to continue"
            )
    return AgentReport(
        summary=values.summary[0],
        changes=values.changes[0],
        files=values.files[0],
        status=status,
        domain=domain,
        blocker=blocker,
        required=required,
        raw=raw,
    )


def _missing_status(drafts: Sequence[_Draft], lines: Sequence[Line]) -> ReportParseError:
    labels = sorted({name for d in drafts for name in d.fields})
    if labels:
        found = ", ".join(name.capitalize() for name in labels)
        return ReportParseError(
            f"no 'Status:' line: found {found} but no status ({_STATUS_EXAMPLE})"
        )
    count = sum(1 for ln in lines if not ln.blank)
    return ReportParseError(
        f"no report found: no 'Status:' line in {count} line(s) of text ({_STATUS_EXAMPLE})"
    )


def parse_report(text: str) -> AgentReport:
    """Read the last complete report in ``text``; raise :class:`ReportParseError` otherwise.

    Accepts the seed format and what models really write around it: bold, underscore,
    plain and heading labels (English or Ukrainian), code fences, prose before and after,
    several reports (the last wins), CRLF, and a JSON object report.
    """
    if not text or not text.strip():
        raise ReportParseError("empty text: there is no report to read")
    lines = split_lines(text)
    drafts = _scan(lines)
    with_status = [d for d in drafts if "status" in d.fields]
    found = find_json_report(text)
    last = with_status[-1] if with_status else None
    if found is not None and (last is None or last.fields["status"].line <= found.end_line):
        return _build(_values_of_json(found), text)
    if last is None:
        raise _missing_status(drafts, lines)
    return _build(_values_of(last), text)
