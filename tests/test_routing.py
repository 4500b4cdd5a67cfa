# ruff: noqa: RUF001 - Ukrainian text is intended
"""Routing: both languages, triggers, redirects, "no specialist fits", labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.errors import UserError
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.roster.triggers import parse_description
from coordinator.routing.evaluate import evaluate, load_cases
from coordinator.routing.lexical import route
from coordinator.routing.text import terms
from tests.kit import write_agent as _agent
from tests.routing_support import ROUTE_JSON_KEYS

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Створи", "створити"),
        ("ендпоінт", "endpoint"),
        ("ендпойнт", "endpoints"),
        ("міграцію", "migrations"),
        ("докер", "Docker"),
        ("обовʼязки", "обов'язки"),
        ("queries", "query"),
        ("Optimize", "optimization"),
        ("бази даних", "database"),
    ],
)
def test_word_forms_and_languages_meet(one: str, other: str) -> None:
    assert terms(one) == terms(other)


def test_trigger_blocks_in_both_languages() -> None:
    parts = parse_description(
        'Backend.\n\nТРИГЕРИ:\n- Ключові слова: "FastAPI", "backend"\n- Запити: "Створи endpoint"\n'
        '- Автоматично: після змін схеми\n\nTRIGGERS:\n- Keywords: "REST"\n'
        '- Requests: "Add a route"\n\nНЕ для:\n- Frontend → React Frontend Expert (F1)\n'
        "- Deployment/Docker -> DevOps Expert (O1)\n",
        ["declared phrase"],
    )
    assert parts.triggers == [
        "FastAPI", "backend", "Створи endpoint", "після змін схеми", "REST", "Add a route",
        "declared phrase",
    ]  # fmt: skip
    assert parts.exclusions == [
        ("Frontend", "React Frontend Expert (F1)"),
        ("Deployment/Docker", "DevOps Expert (O1)"),
    ]
    assert "Frontend" not in parts.text  # NOT-for topics never count for this agent


def test_proactively_sentence_gives_triggers() -> None:
    parts = parse_description(
        "Kafka expert. Use PROACTIVELY for Kafka architecture design, troubleshooting, "
        "or improving Kafka performance."
    )
    assert parts.triggers == [
        "Kafka architecture design", "troubleshooting", "improving Kafka performance",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("Створи endpoint для профілю користувача", "fastapi-backend-expert"),
        ("Create an endpoint that lists invoices", "fastapi-backend-expert"),
        ("Зверстай сторінку налаштувань на React", "react-frontend-expert"),
        ("Додай індекс на колонку email", "database-engineer"),
        ("Напиши Dockerfile для воркера", "devops-expert"),
        ("Improve the prompt for ticket classification", "llm-ml-engineer"),
        # a file upload is the backend's (FastAPI's UploadFile), not the page's "loading" state
        ("Add an endpoint for the avatar upload, multipart, max 5 MB", "fastapi-backend-expert"),
        ("зроби ендпоінт для аплоаду аватарки, до 5 мб", "fastapi-backend-expert"),
        ("Додай індикатор завантаження на сторінку задач", "react-frontend-expert"),
    ],
)
def test_bundled_routes_in_both_languages(bundled: Registry, request_text: str, agent: str) -> None:
    decision = route(request_text, bundled)
    assert decision.agent == agent, decision
    assert decision.matched and decision.candidates[0].agent == agent


def test_matched_triggers_are_reported(bundled: Registry) -> None:
    decision = route("Переглянь FastAPI код", bundled)
    assert 'trigger "Переглянь FastAPI код"' in decision.matched


def test_nothing_fits_gives_none_with_candidates(bundled: Registry) -> None:
    for text in ("Write a sonnet about the sea", "Порадь фільм на вечір", "Book a table for four"):
        decision = route(text, bundled)
        assert decision.agent is None, (text, decision)
        assert "no agent fits this request" in decision.reason or decision.candidates == []


def test_empty_request_routes_nowhere(bundled: Registry) -> None:
    assert route("  the of and  ", bundled).agent is None


def test_not_for_topic_redirects_to_its_target(tmp_path: Path) -> None:
    _agent(
        tmp_path,
        "api-expert",
        'API expert for billing services.\nTRIGGERS:\n- Keywords: "billing API", "invoices"\n'
        "NOT for:\n- Invoice PDF rendering → Pdf Designer (P1)",
    )
    _agent(tmp_path, "pdf-designer", "Designs printable documents and layouts.")
    registry = load_registry([tmp_path], only=True, cache=False)
    decision = route("Fix invoice PDF rendering in the billing API", registry)
    assert decision.agent == "pdf-designer"
    assert decision.redirected_from == "api-expert"
    assert "not for it" in decision.reason
    plain = route("Add a billing API for invoices", registry)
    assert plain.agent == "api-expert" and plain.redirected_from is None


def test_bundled_redirect_follows_the_seed(bundled: Registry) -> None:
    decision = route("Optimize the database queries of the FastAPI backend", bundled)
    assert decision.agent == "database-engineer"


def test_json_shape(bundled: Registry) -> None:
    data = route("Deploy with Docker", bundled).to_json()
    assert list(data) == ROUTE_JSON_KEYS
    assert all(set(c) == {"agent", "score", "matched"} for c in data["candidates"])  # type: ignore[union-attr]


def test_routing_is_deterministic(bundled: Registry) -> None:
    first = route("Add a column and an endpoint", bundled)
    assert all(route("Add a column and an endpoint", bundled) == first for _ in range(3))


def test_own_examples_without_shared(bundled: Registry) -> None:
    result = evaluate(load_cases(REPO / "examples" / "routing-cases.yaml"), bundled)
    assert result.total >= 20
    assert result.accuracy >= 0.9, result.misses


def test_dev_bundled_accuracy(shared: Path, bundled: Registry) -> None:
    result = evaluate(load_cases(shared / "routing" / "dev-bundled.yaml"), bundled)
    assert result.accuracy >= 0.95, result.misses


def test_dev_wshobson_accuracy(shared: Path) -> None:
    roster = load_registry([shared / "corpus" / "wshobson__agents"], only=True, cache=False)
    result = evaluate(load_cases(shared / "routing" / "dev-wshobson.yaml"), roster)
    assert result.accuracy >= 0.85, result.misses


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("request: not a list\n", "non-empty YAML list"),
        ("- {request: ok, expect: a}\n- {expect: b}\n", "entry 2: 'request'"),
        ("- {request: ok}\n", "entry 1: 'expect' is missing"),
        ("- {request: ok, expect: [a, 3]}\n", "entry 1: 'expect' must be"),
        ("- {request: [unclosed\n", "not valid YAML"),
    ],
)
def test_malformed_cases_file_names_file_and_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message) as info:
        load_cases(path)
    assert str(path) in str(info.value)


def test_expect_none_and_lists(tmp_path: Path, bundled: Registry) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        "- {request: Write a haiku about rain, expect: none}\n"
        "- {request: Add an index on tasks.status, expect: [database-engineer, devops-expert]}\n"
        "- {request: Add an index on tasks.status, expect: react-frontend-expert}\n",
        encoding="utf-8",
    )
    result = evaluate(load_cases(path), bundled)
    assert (result.total, result.correct) == (3, 2)
    assert result.misses[0].got == "database-engineer"
