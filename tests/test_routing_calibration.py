"""Routing rules that must generalise: stemming, sub-words, Ukrainian, damping, triggers,
two domains, the eval report, and `coord run` failing before the SDK is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.evaluate import Case, Language, evaluate
from coordinator.routing.lexical import route
from coordinator.routing.match import Vocabulary
from coordinator.routing.text import terms
from tests.kit import write_agent as _agent


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("debugging", "debug"),
        ("тести", "тестування"),
        ("кнопку", "кнопки"),
        ("синьою", "синіми"),
        ("деплою", "deploy"),
        ("caching", "cache"),
    ],
)
def test_word_forms_meet_one_term(one: str, other: str) -> None:
    assert set(terms(one)) == set(terms(other))


def test_bare_numbers_are_not_terms_but_mixed_tokens_are() -> None:
    assert terms("OWASP Top 10 on 12 hosts") == ["owasp", "top", "host"]
    assert {"p99", "5xx", "oauth2"} <= set(terms("p99 5xx oauth2"))


@pytest.mark.parametrize(
    ("request_term", "roster_term"),
    [("dockerfil", "docker"), ("postgr", "postgresql"), ("torch", "pytorch")],
)
def test_sub_words_of_five_letters_meet(request_term: str, roster_term: str) -> None:
    vocabulary = Vocabulary([roster_term, "other"])
    assert roster_term in vocabulary.related(request_term)


def test_unknown_ukrainian_is_transliterated_to_roster_vocabulary() -> None:
    vocabulary = Vocabulary(["webpack", "refund", "grafana", "join"])

    def meets(word: str) -> tuple[str, ...]:  # the glossary may already spell it in Latin
        found = terms(word)[0]
        return (found, *vocabulary.related(found))

    assert "webpack" in meets("вебпаком")
    assert "refund" in meets("рефандами")
    assert "grafana" in meets("графані")
    assert vocabulary.related(terms("борщу")[0]) == ()


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("зроби кнопку синьою", "react-frontend-expert"),
        ("Зроби кнопки синіми", "react-frontend-expert"),
        ("add a login page", "react-frontend-expert"),
        ("задеплой на прод", "devops-expert"),
    ],
)
def test_everyday_wording_reaches_a_specialist(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, bundled).agent == agent


def test_numbers_do_not_fire_a_numbered_trigger(tmp_path: Path) -> None:
    _agent(tmp_path, "security-auditor", 'Security audits.\nTriggers on: "OWASP Top 10"')
    _agent(tmp_path, "copywriter", "Writes marketing copy for landing pages.")
    registry = load_registry([tmp_path], only=True, cache=False)
    decision = route("write 10 taglines for the landing page", registry)
    assert decision.agent == "copywriter"
    assert all("OWASP" not in m for c in decision.candidates for m in c.matched)


def test_quoted_phrase_trigger_fires_only_as_the_phrase(tmp_path: Path) -> None:
    _agent(tmp_path, "launch-reviewer", 'Reviews launches.\nTriggers on: "ship or no ship"')
    _agent(tmp_path, "logistics", "Shipping rates, parcels and carriers for the warehouse.")
    registry = load_registry([tmp_path], only=True, cache=False)
    phrase = route("ship or no ship for the beta?", registry)
    assert phrase.candidates[0].matched[0] == 'trigger "ship or no ship"'
    shipping = route("compare shipping rates of two carriers", registry)
    assert shipping.candidates[0].agent == "logistics"
    assert not any(m.startswith("trigger") for c in shipping.candidates for m in c.matched)


def test_tech_homonym_counts_only_when_written_as_tech(tmp_path: Path) -> None:
    _agent(tmp_path, "go-expert", "Go services, goroutines and channels. Go modules.")
    _agent(tmp_path, "travel-planner", "Plans trips: flights, hotels, itineraries to go on.")
    registry = load_registry([tmp_path], only=True, cache=False)
    tech = route("write a Go service that reads channels", registry)
    assert tech.candidates[0].agent == "go-expert"
    plain = route("where should we go on our trip to Lisbon", registry)
    assert plain.candidates[0].agent == "travel-planner"


def test_two_domains_are_named_in_also(bundled: Registry) -> None:
    decision = route(
        "add a status column to the tasks table and show it in the React list", bundled
    )
    assert decision.agent in {"react-frontend-expert", "database-engineer"}
    other = ({"react-frontend-expert", "database-engineer"} - {decision.agent}).pop()
    assert other in decision.also
    assert route("Write the Dockerfile for the worker", bundled).also == []


def test_eval_reports_exact_none_rank_and_language(bundled: Registry) -> None:
    cases = [
        Case(request="Create an endpoint that lists invoices", expect=["fastapi-backend-expert"]),
        Case(request="Додай індекс на колонку email", expect=["devops-expert"]),
        Case(request="Write a sonnet about the sea", expect=[None]),
        Case(request="Deploy with Docker", expect=[None]),
    ]
    result = evaluate(cases, bundled)
    assert (result.correct, result.total) == (2, 4)
    assert result.none_recall.hits == 1 and result.none_recall.total == 2
    assert result.none_precision.total == 1 and result.none_precision.hits == 1
    assert result.languages[Language.UK].total == 1 and result.languages[Language.UK].hits == 0
    ukrainian = next(m for m in result.misses if m.language == Language.UK)
    assert ukrainian.got == "database-engineer" and ukrainian.rank is not None


def test_eval_command_json(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {request: Write a haiku about rain, expect: none}\n"
        "- {request: Напиши Dockerfile для воркера, expect: devops-expert}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["agents", "eval", str(cases), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["accuracy"] == 1.0 and data["exact"] == 1.0
    assert data["none_recall"] == {"hits": 1, "total": 1}
    assert data["languages"]["uk"] == {"hits": 1, "total": 1}


PROBE = """
import json, sys
sys.argv = ["coord", "run", "Write a sonnet about the sea", "--workspace", sys.argv[1]]
from coordinator.cli.app import main
try:
    main()
except SystemExit as exc:
    sys.stderr.write("\\nEXIT=" + str(exc.code) + "\\n")
sys.stderr.write("\\nHEAVY=" + json.dumps(sorted(
    m for m in sys.modules if m.startswith(("anthropic", "httpx", "coordinator.runtime.engine"))
)) + "\\n")
"""


def test_run_fails_on_no_fit_before_importing_the_sdk(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    lines = proc.stderr.splitlines()
    assert "EXIT=4" in lines, proc.stderr
    assert "no agent fits" in proc.stderr
    heavy = json.loads(next(ln for ln in lines if ln.startswith("HEAVY=")).removeprefix("HEAVY="))
    assert heavy == []
