"""canonical_domain: the six seed domains from whatever decoration a model adds."""

from __future__ import annotations

import pytest

from protocols.domains import (
    CANONICAL_DOMAINS,
    SEED_DOMAINS,
    ambiguity,
    canonical_domain,
    display_domain,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Database (D1)", "database"),
        ("database engineer", "database"),
        ("DevOps Expert (O1)", "devops"),
        ("Frontend", "frontend"),
        ("React Frontend Expert (F1)", "frontend"),
        ("QA", "tests"),
        ("Testing", "tests"),
        ("Documentation", "docs"),
        ("**Backend**", "backend"),
        ("`back-end`", "backend"),
        ("Dev Ops", "devops"),
        ("Infrastructure / CI", "devops"),
        ("База даних", "database"),
        ("бекенд", "backend"),
        ("Фронтенд", "frontend"),
        ("Тестування", "tests"),
        ("Документація", "docs"),
        ("  DATABASE.  ", "database"),
        ("**Machine Learning**", "ml"),
        ("ML", "ml"),
        ("AI / LLM engineer", "ml"),
        ("LLM-ML", "ml"),
    ],
)
def test_known_domains_fold_to_their_canonical_name(text: str, expected: str) -> None:
    assert canonical_domain(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Security", "security"),
        ("Security Engineer (S1)", "security"),
        ("**Site Reliability**", "site reliability"),
        ("Mobile.", "mobile"),
    ],
)
def test_unknown_domains_are_kept_lower_cased_without_decoration(text: str, expected: str) -> None:
    assert canonical_domain(text) == expected


def test_canonical_names_are_fixed_points_and_display_names_map_back() -> None:
    for domain in (*CANONICAL_DOMAINS, "security", "site reliability"):
        assert canonical_domain(domain) == domain
        assert canonical_domain(display_domain(domain)) == domain


def test_text_without_words_gives_empty_string() -> None:
    assert canonical_domain("**()**") == ""


def test_ml_is_the_one_extension_of_the_seed_domains() -> None:
    assert CANONICAL_DOMAINS == (*SEED_DOMAINS, "ml")
    assert display_domain("ml") == "ML"


@pytest.mark.parametrize(
    "text",
    ["Backend or Database", "database/devops", "Frontend, Backend", "maybe database?", "TBD"],
)
def test_ambiguous_domains_are_named_as_such(text: str) -> None:
    assert ambiguity(text) is not None


@pytest.mark.parametrize(
    "text", ["Infrastructure / CI", "Database (D1)", "DevOps Expert (O1)", "Backend API schema"]
)
def test_one_domain_however_decorated_is_not_ambiguous(text: str) -> None:
    assert ambiguity(text) is None
