"""canonical_domain: the six seed domains from whatever decoration a model adds."""

from __future__ import annotations

import pytest

from protocols.domains import CANONICAL_DOMAINS, canonical_domain, display_domain


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
    ],
)
def test_known_domains_fold_to_their_canonical_name(text: str, expected: str) -> None:
    assert canonical_domain(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Security", "security"),
        ("Security Engineer (S1)", "security"),
        ("**Machine Learning**", "machine learning"),
        ("Mobile.", "mobile"),
    ],
)
def test_unknown_domains_are_kept_lower_cased_without_decoration(text: str, expected: str) -> None:
    assert canonical_domain(text) == expected


def test_canonical_names_are_fixed_points_and_display_names_map_back() -> None:
    for domain in (*CANONICAL_DOMAINS, "security", "machine learning"):
        assert canonical_domain(domain) == domain
        assert canonical_domain(display_domain(domain)) == domain


def test_text_without_words_gives_empty_string() -> None:
    assert canonical_domain("**()**") == ""
