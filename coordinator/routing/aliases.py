# ruff: noqa: RUF001, RUF002 - Ukrainian letters are intended
"""Technology names as people type them, read as the name of the agent named for it (round 92).

People rarely write a technology the way an agent's name does: "sklearn" for scikit-learn,
"gha" or "гх екшнс" for GitHub Actions, "psql" for PostgreSQL, "k8s" for Kubernetes. A word
the roster does not know then falls to its concept domain (sklearn: machine learning model)
and a neighbouring agent with more of the request's plain words takes it (tensorflow-expert).

:func:`roster_aliases` derives, once per roster (with the index), the short forms the
roster's own names and descriptions imply: the initials of a technology an agent is named
for, as its description writes it in camel case or as capitalised words, an upper-case
part kept whole (GitHub Actions: gha, GraphQL: gql, RabbitMQ: rmq, DynamoDB: ddb). The
name's first word must be a technology (:func:`coordinator.routing.roles.is_technology`:
not "UI Designer", whose uid is a user id) and the writing hold a lower-case letter (not
"LLM AI").

A derived form counts only when it is MIN_FORM letters or more, no word the roster knows
or a common English word, and one name's only: a form two names give is dropped. What no
name or description implies is the small :data:`CURATED` table (sklearn, otel, gh/гх,
psql for postgres, whose agents write PostgreSQL). Numeronyms (k8s, a11y, i18n) stay
:mod:`coordinator.routing.concepts`' few: derived from every name word they were mostly
noise, and o11y came out as opentelemetry. Each form stands for the name's words: the
reader plans them beside the word itself, as a technology an error code names
(:meth:`coordinator.routing.reading.QueryReader._plan`).

A compound written split or joined (fast api, open telemetry) is
:meth:`coordinator.routing.spelling.NameSpellings.split`'s; a name written in Cyrillic by
ear (екшнс, сайкіт) :mod:`coordinator.routing.byear`'s.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from coordinator.roster.spec import AgentSpec
from coordinator.routing.roles import is_technology
from coordinator.routing.senses import common_words
from coordinator.routing.text import term_list, words
from coordinator.routing.tuning import MAX_PLANS

#: Forms no agent's name or description implies, as ``name words: form form`` lines:
#: the import name (sklearn), a project's own short name (otel), the CLI's name (gh).
CURATED = """
scikit: sklearn
opentelemetry: otel
github: gh гх
postgres: psql
"""

#: Shortest derived form: two letters are initials of too many things (rn, ts, tf, ga).
MIN_FORM = 3
#: Most capitalised words a written name spans (GitHub Actions, Google Cloud Platform).
MAX_SPAN = 3

#: A word as written, case kept.
_WRITTEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
#: The parts of a camel-cased word: an upper-case run not followed by a lower-case letter
#: (SQL in PostgreSQL, MQ), a capital and its lower-case letters (Git, Hub), a lower-case run.
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")


def curated_forms() -> dict[str, tuple[str, ...]]:
    """:data:`CURATED` as form -> name words."""
    out: dict[str, tuple[str, ...]] = {}
    for line in CURATED.strip().splitlines():
        names, _, forms = line.partition(":")
        for form in forms.split():
            out[form] = tuple(names.split())
    return out


def initials(written: Iterable[str]) -> str:
    """The initials of a name as written (its words, case kept): each camel-case part's
    first letter, an upper-case part of two letters or more whole (GitHub Actions: gha,
    PostgreSQL: psql); "" when the name has one part only."""
    parts = [p for w in written for p in _CAMEL.findall(w)]
    if len(parts) < 2:
        return ""
    return "".join(p.lower() if p.isupper() and len(p) > 1 else p[0].lower() for p in parts)


def _runs(parts: list[str]) -> dict[str, tuple[str, ...]]:
    """The runs of an agent's name words, joined (github, actions, githubactions), each
    with its words."""
    return {
        "".join(parts[i:j]): tuple(parts[i:j])
        for i in range(len(parts))
        for j in range(i + 1, len(parts) + 1)
    }


def _written_names(text: str, runs: dict[str, tuple[str, ...]]) -> Iterable[tuple[str, ...]]:
    """Each way ``text`` writes one of the name ``runs``: one to MAX_SPAN words, the later
    ones capitalised, some letter lower case, that join to the run, yielded as the run's
    words, "|" and the words as written."""
    found = _WRITTEN.findall(text)
    for start, first in enumerate(found):
        joined = first.lower()
        for end in range(start + 1, min(start + MAX_SPAN, len(found)) + 1):
            if end > start + 1:
                word = found[end - 1]
                if not word[0].isupper():
                    break
                joined += word.lower()
            names = runs.get(joined)
            written = found[start:end]
            if names and not all(w.isupper() for w in written):
                yield (*names, "|", *written)


def _derived(agent: AgentSpec) -> Iterable[tuple[str, tuple[str, ...]]]:
    """The forms ``agent``'s name and description imply, each with the name words it
    stands for."""
    parts = [w for w in words(agent.name.replace("-", " ")) if w.isalpha()]
    runs = {
        run: names
        for run, names in _runs(parts).items()
        if is_technology(names[0], term_list(names[0])[0])
    }
    for found in _written_names(agent.description, runs):
        at = found.index("|")
        form = initials(found[at + 1 :])
        if form:
            yield form, found[:at]


def roster_aliases(
    agents: Iterable[AgentSpec], known: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Form -> the name words it stands for: :data:`CURATED` and what the roster's names
    and descriptions imply (:func:`_derived`), a derived form kept only when it is
    MIN_FORM letters or more, no term the roster ``known``s, no common word or name word,
    and one name's only."""
    agents = list(agents)
    names = {w for a in agents for w in words(a.name.replace("-", " "))}
    common = common_words()
    found: dict[str, set[tuple[str, ...]]] = {}
    for agent in agents:
        for form, stands in _derived(agent):
            if len(form) < MIN_FORM or form in names or form in common:
                continue
            if term_list(form)[:1] and term_list(form)[0] in known:
                continue
            found.setdefault(form, set()).add(stands)
    out = {form: next(iter(s)) for form, s in found.items() if len(s) == 1}
    out.update(curated_forms())
    return out


#: A technology's job named in plain words (round 92), as ``added words: need | need ...``:
#: each ``need`` is a set of word prefixes one of which the request must write; all needs
#: met, the added words join the request. They only weigh for the agents that hold them:
#: an alert's grouping, flapping or firing/resolved states are Alertmanager's (Prometheus'
#: alerting); one request followed through several services is distributed tracing;
#: notifications sent through AWS as texts (SMS) or pushes are its notification service's
#: (SNS, round 105); the users who see data change on a page only after a reload, wanted live,
#: want a WebSocket (not one's own list left stale after an edit: a page's bug); logs
#: searched by their labels or from Grafana are Loki's; loops over an array
#: are NumPy's to vectorise; a prediction from a table is classic machine learning's
#: (scikit-learn's, round 113).
JOBS = """
alertmanager: alert алерт | group групу згрупу inhibit silenc dedup flap флап firing resolved
distributed tracing: request запит виклик | through across between via через між крізь
distributed tracing: service сервіс мікросервіс microservice
sns: aws амазон | notif сповіщ push | sms смс text texts текст
websocket: reload refresh перезавантаж перезагруж | без without сам itself автомат очах live наживо
websocket: status статус message повідомл chat чат notif сповіщ order замовл feed стрічк score
websocket: client клієнт user користувач customer покупц operator оператор курєр кур'єр інш люди
loki: logs logging логи логів логах | label лейбл мітк grafana графан
numpy: loop цикл iterat ітеру | array масив матриц matrix matrices 2d 3d | python пайтон range numpy
sklearn: predict передбач прогнозув classif класифік churn відтік | табличк табличц tabular spreadsh
"""


def _jobs() -> tuple[list[tuple[list[str], tuple[int, ...]]], list[tuple[str, ...]]]:
    """:data:`JOBS` as (added words, the numbers of its needs), lines of the same added
    words adding their needs; and each need's word prefixes, by number."""
    needs: list[tuple[str, ...]] = []
    out: dict[str, list[int]] = {}
    for line in JOBS.strip().splitlines():
        added, _, written = line.partition(":")
        for need in written.split("|"):
            out.setdefault(added.strip(), []).append(len(needs))
            needs.append(tuple(need.split()))
    return [(added.split(), tuple(numbers)) for added, numbers in out.items()], needs


_JOB_TABLE, _NEEDS = _jobs()
#: The routing terms of the words jobs add (alertmanager; distributed, tracing).
JOB_TERMS = frozenset(t for added, _ in _JOB_TABLE for word in added for t in term_list(word))


class _NeedsMet(dict[str, frozenset[int]]):
    """Per word seen, the numbers of the needs it meets (it begins with one of their
    prefixes): worked out on its first look-up, kept while fewer than MAX_PLANS words are."""

    def __missing__(self, token: str) -> frozenset[int]:
        found = _NO_NEEDS
        # most words begin no need's prefix: one look-up of their first letters (route38:
        # the scan of 107 prefixes was most of a new word's cost here), then one test
        if token[:_HEAD] in _HEADS and token.startswith(_PREFIXES):
            found = frozenset(n for n, prefixes in enumerate(_NEEDS) if token.startswith(prefixes))
        if len(self) < MAX_PLANS:
            self[token] = found
            _CHECKED.add(token)
            if found:
                _MEETING.add(token)
        return found


_MET = _NeedsMet()
#: Route41: the words :data:`_MET` keeps, and those of them that meet some need (a request
#: of words all kept, none meeting one, adds no job's words: two set tests, in C).
_CHECKED: set[str] = set()
_MEETING: set[str] = set()
#: No need met (a plain constant: calling ``frozenset[int]()`` costs a generic alias's call).
_NO_NEEDS: frozenset[int] = frozenset()
#: Every need's prefixes.
_PREFIXES = tuple(dict.fromkeys(prefix for prefixes in _NEEDS for prefix in prefixes))
#: Their first _HEAD letters (each prefix has that many or more): a word that begins with
#: none of them begins no prefix.
_HEAD = 2
_HEADS = frozenset(prefix[:_HEAD] for prefix in _PREFIXES)


def meets_need(token: str) -> bool:
    """Whether ``token`` meets some job's need: :func:`job_words` of tokens none of which
    does is empty (route74)."""
    return bool(_MET[token])


def job_words(tokens: list[str]) -> list[str]:
    """The words :data:`JOBS` adds for a request's ``tokens`` (most requests: none): a
    job's added words when for each of its needs some token begins with one of the need's
    prefixes (each word's needs met are looked up once)."""
    if _CHECKED.issuperset(tokens) and _MEETING.isdisjoint(tokens):  # most requests
        return []
    met = _NO_NEEDS.union(*map(_MET.__getitem__, tokens))
    if not met:  # most requests
        return []
    return [word for added, needs in _JOB_TABLE if met.issuperset(needs) for word in added]
