"""Score the router on a labelled set of requests.

A cases file is a YAML list of ``{request, expect}``: ``expect`` names the acceptable agents,
preferred first, or ``none`` when no specialist fits; an optional ``also`` lists the agents
a request involves (``[]``: no other), of which the one it is routed to is left out when
scored (a two-domain request lists both, and either may take it). :func:`evaluate` reports
what a router author needs to see the kinds of failure apart: exact accuracy (the preferred
agent), acceptable accuracy (any listed agent), precision and recall of the "none" answer,
the rank of the expected agent among the candidates on a miss, accuracy per language, and
over the cases with ``also``, precision and recall of the others the router names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr

from coordinator.errors import UserError, every_mistake, unknown_keys
from coordinator.roster.registry import Registry, shown_path
from coordinator.routing.lexical import RouteDecision, route
from coordinator.yamlfile import (
    item_line,
    item_lines,
    not_a_list,
    parse_yaml,
    read_text,
    shown,
)

_CYRILLIC = re.compile(r"[а-яіїєґё]", re.I)  # noqa: RUF001 - Ukrainian letters


class Language(StrEnum):
    """The language a request is written in (any Cyrillic letter makes it Ukrainian)."""

    EN = "en"
    UK = "uk"


class Case(BaseModel):
    """One labelled request: ``expect`` lists acceptable agents (None: no specialist fits)."""

    request: str
    expect: list[str | None]
    #: The agents the request involves, the one it is routed to aside (None: not labelled).
    also: list[str] | None = None
    #: Where the case is (:func:`load_cases`'s: its file, line and entry), found when asked.
    _where: Callable[[], str] | None = PrivateAttr(default=None)

    @property
    def language(self) -> Language:
        """Ukrainian when the request holds a Cyrillic letter, else English."""
        return Language.UK if _CYRILLIC.search(self.request) else Language.EN

    @property
    def where(self) -> str | None:
        """``FILE:LINE: entry N`` for a case read from a file, as its errors are placed;
        None for one made otherwise."""
        return self._where() if self._where is not None else None


class _CasesText:
    """A cases file's text, for the place of an entry a warning names: its items' lines
    are found once, when first asked (composing the file again costs as much as reading
    it, which a valid file never needs)."""

    def __init__(self, path: Path, text: str) -> None:
        self._path, self._text = path, text

    @functools.cached_property
    def _lines(self) -> list[int]:
        return item_lines(self._text)

    def where(self, index: int) -> str:
        """``FILE:LINE: entry N`` of the item ``index``."""
        line = self._lines[index] if index < len(self._lines) else None
        return f"{shown(self._path)}{f':{line}' if line is not None else ''}: entry {index + 1}"


class Miss(BaseModel):
    """A case the router got wrong; ``rank`` is the expected agent's place among candidates."""

    request: str
    expect: list[str | None]
    got: str | None
    score: float
    rank: int | None = None
    language: Language = Language.EN


class Share(BaseModel):
    """``hits`` of ``total`` and their ratio (0 when ``total`` is 0)."""

    hits: int = 0
    total: int = 0

    @property
    def ratio(self) -> float:
        """hits / total, 0.0 for an empty share."""
        return self.hits / self.total if self.total else 0.0

    def add(self, hit: bool) -> None:
        """Count one more case, a hit or not."""
        self.total += 1
        self.hits += int(hit)


class EvalResult(BaseModel):
    """Accuracy of the router over a labelled set."""

    total: int
    correct: int
    accuracy: float
    exact: float = 0.0
    none_precision: Share = Field(default_factory=Share)
    none_recall: Share = Field(default_factory=Share)
    #: Over the cases labelled with ``also``: the others named that are listed...
    also_precision: Share = Field(default_factory=Share)
    #: ...and the listed ones named.
    also_recall: Share = Field(default_factory=Share)
    languages: dict[Language, Share] = Field(default_factory=dict)
    misses: list[Miss] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    #: The cases naming an agent not in the roster (each has its :attr:`warnings`).
    cases_off_roster: int = 0

    @property
    def misses_title(self) -> str:
        """The misses' table's title: ``1 miss``, ``45 misses``."""
        count = len(self.misses)
        return f"{count} miss" if count == 1 else f"{count} misses"

    def shown_warnings(self) -> list[str]:
        """The warnings as the text view lists them: every one, up to
        :data:`WARNINGS_SHOWN`; beyond, the first three and one line counting the rest and
        the cases they come from, since a set written for another roster names an absent
        agent in nearly every case (``--json`` keeps each one)."""
        if len(self.warnings) <= WARNINGS_SHOWN:
            return list(self.warnings)
        rest = len(self.warnings) - 3
        return [
            *self.warnings[:3],
            f"and {rest} more like them (--json lists each):"
            f" {self.cases_off_roster} of {self.total} cases expect agents this roster lacks;"
            " evaluate them with the roster they were written for (--agents-dir DIR --only)",
        ]

    def points_short(self, minimum: float) -> float:
        """How many percentage points the (acceptable) accuracy falls short of ``minimum``,
        a percentage; 0.0 when it reaches it (compared in whole cases: 29 of 100 reach 29)."""
        if self.correct * 100 >= minimum * self.total:
            return 0.0
        return minimum - 100 * self.accuracy


#: The most warnings ``agents eval`` lists one by one (:meth:`EvalResult.shown_warnings`).
WARNINGS_SHOWN = 5


def load_cases(path: Path, config: Path | None = None) -> list[Case]:
    """Read a cases file (a YAML list of ``{request, expect}``; ``-``: standard input, unless
    ``config`` is read from there); UserError naming the entry."""
    from coordinator.request_text import reads_stdin, stdin_once

    stdin_once(config, the_cases=reads_stdin(path))
    text = read_text(path, "the cases file", stdin=True)
    data = parse_yaml(text, path, "the cases file", stdin=True)
    if not isinstance(data, list) or not data:
        raise not_a_list(
            f"{shown(path)}: expected a non-empty YAML list of {{request, expect}} entries",
            data,
            '- {request: "Add an index to the users table", expect: database-engineer}',
        )
    cases, source = [], _CasesText(path, text)
    wrong: list[tuple[str, str, str | None]] = []  # every bad entry, said together
    for index, entry in enumerate(data):
        try:
            case = _case(f"entry {index + 1}", entry)
        except UserError as exc:  # (its line found only now: each look composes the file)
            line = item_line(text, index)
            place = f"{shown(path)}{f':{line}' if line is not None else ''}"
            wrong.append((place, exc.message, exc.hint))
            continue
        case._where = functools.partial(source.where, index)
        cases.append(case)
    if wrong:
        raise every_mistake("the cases", wrong)
    return cases


#: The keys of a case: what it asks, the agent(s) it expects, the others it involves.
CASE_KEYS = ("request", "expect", "also")


def _case(where: str, entry: object) -> Case:
    """The case ``entry`` of a cases file; UserError starting with ``where`` (the file, the
    line and the entry's number) when it is malformed."""
    if not isinstance(entry, dict):
        raise UserError(f"{where}: expected a mapping with 'request' and 'expect'")
    unknown = sorted(str(key) for key in entry if key not in CASE_KEYS)
    if unknown:  # a misspelt 'also' was no label at all, and its scores were never kept
        raise UserError(
            f"{where}: {unknown_keys(unknown, CASE_KEYS)}",
            hint=f"A case has {', '.join(CASE_KEYS[:-1])} and, optionally, {CASE_KEYS[-1]}.",
        )
    request = entry.get("request")
    if not isinstance(request, str) or not request.strip():
        raise UserError(f"{where}: 'request' must be a non-empty string")
    if "expect" not in entry:
        raise UserError(f"{where}: 'expect' is missing (an agent name, a list of names, or none)")
    raw = entry["expect"]
    values = raw if isinstance(raw, list) else [raw]
    expect: list[str | None] = []
    for value in values:
        if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
            expect.append(None)
        elif isinstance(value, str) and value.strip():
            expect.append(value.strip())
        else:
            raise UserError(f"{where}: 'expect' must be an agent name, a list of names, or none")
    if not expect:
        raise UserError(f"{where}: 'expect' is an empty list")
    return Case(request=request, expect=expect, also=_also(where, entry))


def _also(where: str, entry: dict[object, object]) -> list[str] | None:
    """The case's ``also`` labels: a name or a list of names; ``[]`` or none for no other."""
    if "also" not in entry:
        return None
    raw = entry["also"]
    if raw is None or (isinstance(raw, str) and raw.strip().lower() == "none"):
        return []
    values = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise UserError(f"{where}: 'also' must be an agent name, a list of names, or none")
    return [str(v).strip() for v in values]


def evaluate(
    cases: list[Case],
    registry: Registry,
    router: Callable[[str], RouteDecision] | None = None,
) -> EvalResult:
    """Route every case (with ``router``, default the lexical one) and score the answers."""
    decide = router or (lambda text: route(text, registry))
    result = EvalResult(total=len(cases), correct=0, accuracy=0.0)
    exact = 0
    for case in cases:
        decision = decide(case.request)
        ok = decision.agent in case.expect
        exact += int(decision.agent == case.expect[0])
        result.correct += int(ok)
        result.languages.setdefault(case.language, Share()).add(ok)
        absent = _absent(case, registry)
        result.cases_off_roster += int(bool(absent))
        # "none" is no wrong answer where the roster has none of the agents expected
        if decision.agent is None and not set(case.expect) <= set(absent):
            result.none_precision.add(None in case.expect)
        if None in case.expect:
            result.none_recall.add(decision.agent is None)
        if case.also is not None:  # an agent the roster lacks is no other it could name
            wanted = [name for name in case.also if name != decision.agent and name not in absent]
            _score_also(result, wanted, decision.also)
        if not ok:
            result.misses.append(_miss(case, decision))
    result.accuracy = result.correct / len(cases) if cases else 0.0
    result.exact = exact / len(cases) if cases else 0.0
    result.warnings = _not_in_roster(cases, registry)
    return result


def _not_in_roster(cases: list[Case], registry: Registry) -> list[str]:
    """A warning for each case naming an agent not in ``registry`` (in ``expect`` or
    ``also``), placed as a malformed entry is (:attr:`Case.where`), with the close names,
    when any (a typo in the cases file, never a routing miss). Such a case is still
    scored: it counts as the label says (a gate does not pass by leaving it out), except
    where that would mislead: :func:`evaluate` counts no "none" of the router's as wrong
    when the roster has none of the agents a case expects, nor an absent agent in ``also``
    as one the router failed to name."""
    import difflib

    from coordinator.roster.names import did_you_mean

    warnings: dict[str, None] = {}  # (in order, once: a case made in code has no place)
    if (skipped := registry.skipped_warning()) is not None:
        warnings[skipped.removeprefix("warning: ")] = None  # a miss may be one of these
    for case in cases:
        for name in _absent(case, registry):
            where = f"{case.where}: " if case.where is not None else ""
            problem = registry.skipped_file(name)
            if problem is not None:  # its file is there but broken: no typo to guess at
                at = f"{shown_path(problem.path)}:{problem.line}"
                said = f"its file {shown_path(problem.path)} was skipped ({at}: {problem.message})"
                warnings[f"{where}expected agent not in the roster: {name}: {said}"] = None
                continue
            guess = did_you_mean(difflib.get_close_matches(name, registry.agents, 3, 0.6))
            warnings[f"{where}expected agent not in the roster: {name}{guess}"] = None
    return list(warnings)


def _absent(case: Case, registry: Registry) -> list[str]:
    """The agents ``case`` names (in ``expect`` or ``also``) that ``registry`` lacks, once
    each, in order."""
    named = [e for e in [*case.expect, *(case.also or ())] if e is not None]
    return list(dict.fromkeys(n for n in named if n not in registry))


def _score_also(result: EvalResult, wanted: list[str], named: list[str]) -> None:
    for name in named:
        result.also_precision.add(name in wanted)
    for name in wanted:
        result.also_recall.add(name in named)


def _miss(case: Case, decision: RouteDecision) -> Miss:
    ranks = [
        place
        for place, candidate in enumerate(decision.candidates, start=1)
        if candidate.agent in case.expect
    ]
    return Miss(
        request=case.request,
        expect=case.expect,
        got=decision.agent,
        score=decision.score,
        rank=ranks[0] if ranks else None,
        language=case.language,
    )
