"""Round 21 routing knowledge: pasted error messages, exception names and codes name their
technology (signatures._ERROR_TOKENS, signatures._ERROR_PHRASES, six code shapes) and a
phrase may hold a gap for the name a message fills in (``relation "x" does not exist``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import signatures
from coordinator.routing.lexical import Router
from coordinator.routing.text import words
from tests.kit import roster_of


def _found(text: str) -> list[str]:
    """The technology words the tokens and phrases of ``text`` name."""
    tokens = words(text)
    keys = tokens + signatures.phrases(tokens)
    return [name for key in keys for name in signatures.technologies(key)]


@pytest.mark.parametrize(
    ("text", "tokens", "phrase"),
    [
        ('relation "orders" does not exist', 1, "relation * does not exist"),
        ('relation "public.orders" does not exist', 2, "relation * does not exist"),
        ("Table 'shop.orders' doesn't exist", 2, "table * doesnt exist"),
    ],
)
def test_a_gap_in_a_phrase_stands_for_one_or_two_tokens(
    text: str, tokens: int, phrase: str
) -> None:
    assert signatures.phrases(words(text)) == ["phrase:" + phrase]


@pytest.mark.parametrize(
    "text",
    [
        "relation does not exist",  # no name in the gap
        "relation a b c does not exist",  # three tokens: longer than a name
        "the relation with my sister does not exist anymore",
    ],
)
def test_a_gap_does_not_stretch(text: str) -> None:
    assert signatures.phrases(words(text)) == []


@pytest.mark.parametrize(
    ("text", "technology"),
    [
        ("ModuleNotFoundError: No module named 'requests'", "python"),
        ("sqlite3.OperationalError: database is locked", "sqlite"),
        ("SyntaxError: Cannot use import statement outside a module", "node"),
        ("ValueError: Input contains NaN, infinity or a value too large", "sklearn"),
        ("Waiting for changelog lock....", "liquibase"),
        ("JavaScript heap out of memory", "node"),
        ("access blocked by CORS policy: No 'Access-Control-Allow-Origin' header", "cors"),
        ("401 Unauthorized from the gateway", "authentication"),
        ("ERROR 1040 (HY000): Too many connections", "mysql"),
        ('ERROR: relation "users" does not exist (SQLSTATE 42P01)', "postgres"),
        ("error[E0597]: `x` does not live long enough", "rust"),
        ("CUDA out of memory. Tried to allocate 2.00 GiB", "pytorch"),
        ("fatal: refusing to merge unrelated histories", "git"),
        ("SSL: unable to get local issuer certificate", "tls"),
        ("Error: connect ECONNREFUSED 10.0.0.5:80", "network"),
        ("NG0100: ExpressionChanged", "angular"),
        ("AADSTS50011: the redirect URI does not match", "azure"),
        ("java.lang.IllegalStateException: Failed to load ApplicationContext", "java"),
        ("System.ArgumentNullException: Value cannot be null", "dotnet"),
        ("Warning: Each child in a list should have a unique key prop", "react"),
        ("0/3 nodes are available: 3 Insufficient cpu", "kubernetes"),
        ("Error: context_length_exceeded", "llm"),
    ],
)
def test_a_pasted_error_names_its_technology(text: str, technology: str) -> None:
    assert technology in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "TypeError: x is undefined",  # Python and JavaScript both print TypeError
        "RuntimeError: can't modify frozen String",  # Python and Ruby
        "java.io.IOException vs System.IO.IOException",  # Java and C#
        "the package has a missing dependency",  # React's lint only with "React Hook"
        "I cannot move out of my flat before May",  # rustc's wording needs "which is behind"
        "the connection to the server drops every evening",  # kubectl's needs "was refused"
        "a validation error for the email field",  # pydantic's count is plain English
        "our landing page expired",  # Laravel's needs its 419
        "no such table at the restaurant, we booked for four",  # SQLite's, and a waiter's
    ],
)
def test_names_and_phrases_two_technologies_or_plain_english_share_are_left_out(
    text: str,
) -> None:
    assert _found(text) == []


def test_a_runtime_crash_asks_for_debugging() -> None:
    found = signatures.phrases(words("TypeError: 'NoneType' object is not subscriptable"))
    assert not signatures.RUNTIME_FAILURES.isdisjoint(found)
    assert signatures.RUNTIME_FAILURES.isdisjoint(signatures.phrases(words("no such column")))


def test_the_round_21_tables_repeat_no_key_of_the_earlier_ones() -> None:
    earlier = signatures._table(signatures._TOKENS)
    assert earlier.keys().isdisjoint(signatures._table(signatures._ERROR_TOKENS))
    phrases = [line.partition(":")[2].strip() for line in signatures._ERROR_PHRASES.split("\n")]
    earlier_phrases = {line.partition(":")[2].strip() for line in signatures._PHRASES.split("\n")}
    kept = [p for p in phrases if p]
    assert len(kept) == len(set(kept)) and earlier_phrases.isdisjoint(kept)
    assert all(not p.startswith(signatures.GAP) and p.count(signatures.GAP) <= 1 for p in kept)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round21"),
        [
            ("sqlite-expert", "SQLite databases: embedded storage, WAL mode, file databases."),
            ("liquibase-expert", "Liquibase changelogs and database schema migrations."),
            ("sklearn-expert", "scikit-learn models: pipelines, estimators, cross-validation."),
            ("postgres-expert", "PostgreSQL schemas, queries, indexes and roles."),
            ("mysql-expert", "MySQL and MariaDB: InnoDB, replication, transactions."),
            ("rust-expert", "Rust programs: ownership, lifetimes, traits, async."),
            ("data-engineer", "Data pipelines, ETL jobs, scheduled imports and warehouses."),
            ("python-pro", "Python code: packaging, typing, scripts and services."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("the app fails with database is locked when two workers write", "sqlite-expert"),
        ("deploy hangs at 'Waiting for changelog lock....'", "liquibase-expert"),
        ("ValueError: Input contains NaN in my pipeline", "sklearn-expert"),
        ('ERROR: relation "orders" does not exist after the deploy', "postgres-expert"),
        ("Lock wait timeout exceeded; try restarting transaction", "mysql-expert"),
        ("`buf` does not live long enough in the parser", "rust-expert"),
    ],
)
def test_a_pasted_error_reaches_its_specialist(
    team: Registry, request_text: str, expected: str
) -> None:
    assert Router(team).route(request_text).agent == expected


def test_a_request_without_an_error_routes_as_before(team: Registry, tmp_path: Path) -> None:
    assert Router(team).route("schedule the nightly imports into the warehouse").agent == (
        "data-engineer"
    )


def test_a_phrase_is_filed_under_its_first_uncommon_word() -> None:
    # "is not defined" is looked for under "defined"; a request made only of common words
    # ("is", "no", "error", ...) is let go by one set test
    assert "is" not in signatures._TELLING and "no" not in signatures._TELLING
    assert signatures.phrases(words("x is not defined")) == ["phrase:is not defined"]
    assert signatures.phrases(words("the table is not a list of the user data")) == []
    assert signatures.phrases(words("database is locked, then no such column")) == [
        "phrase:database is locked",
        "phrase:no such column",
    ]
