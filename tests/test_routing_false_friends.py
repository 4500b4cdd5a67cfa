# ruff: noqa: RUF003 - Ukrainian text is intended
"""Ukrainian words whose derivational root only looks like a glossary stem stay themselves."""

from __future__ import annotations

import pytest

from coordinator.routing.text import term_list


@pytest.mark.parametrize(
    ("word", "not_term"),
    [
        ("подарувати", "pod"),  # to give a gift, not a Kubernetes pod
        ("грабувати", "game"),  # to rob, not гра
        ("консолідувати", "consol"),  # to consolidate, not a console
        ("базарувати", "databas"),  # to haggle, not a база
    ],
)
def test_a_root_that_only_starts_like_a_stem_is_not_its_term(word: str, not_term: str) -> None:
    assert not_term not in term_list(word)


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("тестувати", "test"),
        ("протестувати", "test"),
        ("синхронізувати", "sync"),
        ("індексування", "index"),
        ("закешувати", "cach"),
        ("моделювати", "model"),
        ("повідомити", "messag"),
        ("синхронізація", "sync"),  # a root joined by -із-
        ("конфігурація", "config"),  # ...by -ур-
        ("версіонуванням", "version"),  # ...by -он-
        ("встановлювати", "install"),  # ...by the л after a labial
        ("досліджувати", "research"),  # ...by the ж of д
    ],
)
def test_a_root_that_is_the_stem_still_reaches_its_term(word: str, term: str) -> None:
    assert term in term_list(word)
