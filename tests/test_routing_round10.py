# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 10 routing rules: an everyday frame (office software, a home device, a time of the
week or day) outweighs software words that have an everyday sense too."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for, sense, spans_layers
from coordinator.routing.match import _sound, _sounds_alike
from coordinator.routing.offtopic import life_subject
from coordinator.routing.shapes import transliterate
from coordinator.routing.text import term_list, words
from tests.kit import roster_of


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10"),
        [
            ("sql-pro", "SQL queries, tables, columns, rows, joins and indexes."),
            ("network-engineer", "Networks, routers, firewalls, passwords and VPN access."),
            ("frontend-developer", "Website pages, UI components, forms and layout."),
            ("backend-developer", "APIs, endpoints, backups, reports and email delivery."),
        ],
    )


# -- an everyday frame ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("book me a table for two on friday at 8pm", "friday"),
        ("excel formula to sum column B only where column A says paid", "excel"),
        ("vba macro in excel that emails each row to a different person", "vba"),
        ("forgot the wifi password on my home router, how do i reset it", "wifi"),
        ("напиши макрос для ексель, який підсвічує дублікати в колонці", "ексель"),
        ("допоможи скласти план тренувань в залі на тиждень", "тренувань"),
        ("допоможи скласти резюме на позицію джуна", "резюме"),
        ("my car shows error code P0420, what do i do", "car"),
        # software words outweigh the frame, or something only software has occurs
        ("export the orders report to excel", None),
        ("pandas read_excel is slow on a 2gb file", None),
        ("schedule the report email every monday at 9am", None),
        ("the backup on sunday at 2am failed", None),
        ("reports every monday are empty", None),
        ("add an export to excel button on the orders page", None),
        ("the api returns a table of bookings for friday", None),
        ("wifi provisioning flow in the iot firmware", None),
        ("імпорт з ексель файлу в таблицю падає на кирилиці", None),
    ],
)
def test_an_everyday_frame(request_text: str, subject: str | None) -> None:
    assert life_subject(words(request_text)) == subject


def test_a_booking_gets_no_specialist(team: Registry) -> None:
    # before: sql-pro, on table
    decision = route("book me a table for two on friday at 8pm", team)
    assert decision.agent is None


def test_a_home_router_gets_no_specialist(team: Registry) -> None:
    # before: network-engineer, on password + router
    decision = route("forgot the wifi password on my home router, how do i reset it", team)
    assert decision.agent is None


def test_a_spreadsheet_formula_gets_no_specialist(team: Registry) -> None:
    # before: sql-pro, on column
    decision = route("excel formula to sum column B only where column A says paid", team)
    assert decision.agent is None


def test_a_frame_word_the_roster_describes_is_no_frame(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    office = roster_of(
        tmp_path_factory.mktemp("office"),
        [
            ("excel-expert", "Excel spreadsheets: formulas, VBA macros, pivot tables."),
            ("sql-pro", "SQL queries, tables, columns and joins."),
        ],
    )
    decision = route("excel formula to sum column B only where column A says paid", office)
    assert decision.agent == "excel-expert"


def test_a_weekly_report_still_routes(team: Registry) -> None:
    assert route("the weekly report email every monday at 9am is empty", team).agent == (
        "backend-developer"
    )


# -- a Cyrillic spelling read by its sound ---------------------------------------------------


@pytest.fixture(scope="module")
def data_team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10-sound"),
        [
            ("documentation-writer", "README files, guides and docs for repositories."),
            ("data-engineer", "Airflow DAGs, Snowflake loads and incremental ETL pipelines."),
            ("rust-engineer", "Rust crates, ownership, borrowing and async Rust."),
            ("product-manager", "Roadmaps, specs, priorities and what to build next."),
        ],
    )


@pytest.mark.parametrize(
    ("english", "ukrainian"),
    [("readme", "ридмі"), ("airflow", "ейрфлоу"), ("snowflake", "сноуфлейк"), ("bundle", "бандл")],
)
def test_a_borrowed_word_sounds_like_its_english(english: str, ukrainian: str) -> None:
    eng, uk = _sound(english), _sound(transliterate(ukrainian))
    assert eng[0] == uk[0]
    assert _sounds_alike(eng[1], uk[1])


def test_a_native_word_with_the_same_consonants_is_no_borrowing() -> None:
    # росте (grows) has rust's consonants, not its vowel
    assert not _sounds_alike(_sound("rust")[1], _sound(transliterate("росте"))[1])


@pytest.mark.parametrize(
    ("word", "relative"),
    [("ридм", ("readm",)), ("ейрфло", ("airflow",)), ("рост", ()), ("зараз", ())],
)
def test_a_cyrillic_word_meets_a_described_term_by_sound(
    data_team: Registry, word: str, relative: tuple[str, ...]
) -> None:
    assert router_for(data_team).vocabulary.related(word) == relative


def test_a_ukrainian_readme_goes_to_the_writer(data_team: Registry) -> None:
    # before: no specialist; ридмі met no roster word
    decision = route("напиши ридмі для нашого проєкту, які змінні потрібні", data_team)
    assert decision.agent == "documentation-writer"


# -- world knowledge the rosters do not write down -------------------------------------------


@pytest.fixture(scope="module")
def business(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10-knowledge"),
        [
            ("legal-advisor", "Legal questions: contracts, licenses, compliance and law."),
            ("ux-researcher", "UX research: usability studies and user experience."),
            ("cloud-architect", "Cloud architecture on AWS, cost optimization and FinOps."),
            ("data-scientist", "Statistics, experiments and statistical analysis of data."),
            ("websocket-engineer", "Realtime websocket servers and their connections."),
            ("payment-integration", "Payment gateways, refunds and billing."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("we want to call the product acme. is that a trademark problem?", "legal-advisor"),
        ("users find the checkout confusing", "ux-researcher"),
        ("порахуй скільки ми витрачаємо на aws і де зекономити", "cloud-architect"),
        ("конверсія 3.1% проти 3.4%, це значимо чи шум?", "data-scientist"),
    ],
)
def test_an_everyday_question_reaches_its_domain(
    business: Registry, request_text: str, agent: str
) -> None:
    assert route(request_text, business).agent == agent


# -- a whole feature: data, API and screen ---------------------------------------------------


@pytest.fixture(scope="module")
def web_team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10-layers"),
        [
            ("database-optimizer", "Database tables, schema design, SQL and indexes."),
            ("backend-architect", "Backend API and endpoint design."),
            ("frontend-developer", "Frontend pages, forms and UI components."),
            ("full-stack-developer", "Features across the stack."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "spans"),
    [
        ("фіча: нова таблиця в базі, ендпоінт і сторінка з формою", True),
        ("invoices end to end: the table, the API and the React page", True),
        ("add a column to the table and show it on the page", False),
        ("the endpoint is slow because the table has no index", False),
    ],
)
def test_a_whole_feature_spans_three_layers(request_text: str, spans: bool) -> None:
    sequence = tuple(t for w in words(request_text) for t in term_list(w))
    assert spans_layers(sequence) is spans


def test_a_whole_feature_goes_to_the_full_stack_agent(web_team: Registry) -> None:
    # before: database-optimizer, on table + database + schema words
    decision = route("зроби фічу: таблиця в базі, API і сторінка для рахунків", web_team)
    assert decision.agent == "full-stack-developer"
    assert "whole feature" in decision.reason


def test_one_layer_stays_with_its_specialist(web_team: Registry) -> None:
    decision = route("add an index to the invoices table schema", web_team)
    assert decision.agent == "database-optimizer"


# -- senses: a Helm chart, an A/B test -------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "word", "reads"),
    [
        ("helm chart for the worker, with resource limits", "chart", "kubernetes"),
        ("a chart of weekly signups on the dashboard", "chart", None),
        ("design the A/B test for the new pricing page", "test", "experiment"),
        ("а/б тест: конверсія 3.1% проти 3.4%", "тест", "experiment"),
        ("write a unit test for the parser", "test", None),
    ],
)
def test_a_word_read_in_its_second_sense(request_text: str, word: str, reads: str | None) -> None:
    tokens = words(request_text)
    meaning = sense(tokens, tokens.index(word))
    assert (reads in meaning) if reads else meaning == ()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10-senses"),
        [
            ("kubernetes-specialist", "Kubernetes clusters, deployments and Helm releases."),
            ("data-visualization", "Charts, dashboards and data visualization."),
            ("ab-test-analysis", "A/B experiment design and statistical analysis."),
            ("test-automator", "Unit and integration test suites."),
            ("pricing-copywriter", "Copy for the pricing page and landing pages."),
        ],
    )


def test_a_helm_chart_goes_to_kubernetes(platform: Registry) -> None:
    # before: data-visualization, on chart
    assert route("helm chart for the api with an HPA", platform).agent == "kubernetes-specialist"


def test_an_ab_test_goes_to_the_experiment_analyst(platform: Registry) -> None:
    # before: test-automator or the copywriter, on test and pricing page
    decision = route("design the A/B test for the new pricing page", platform)
    assert decision.agent == "ab-test-analysis"


# -- a pasted runtime failure asks for debugging ---------------------------------------------


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(
        tmp_path_factory.mktemp("round10-runtime"),
        [
            ("javascript-pro", "JavaScript and TypeScript language features, modules and tooling."),
            ("rust-engineer", "Rust: ownership, the borrow checker, mutable borrows."),
            ("debugger", "Debugging: find the root cause of a bug, reproduce, fix."),
        ],
    )


def test_a_pasted_runtime_failure_goes_to_the_debugger(languages: Registry) -> None:
    # before: javascript-pro, on the technology the phrase names
    decision = route(
        "TypeError: Cannot read properties of undefined (reading 'map') - where from?", languages
    )
    assert decision.agent == "debugger"


def test_a_compile_error_stays_with_its_language(languages: Registry) -> None:
    decision = route(
        "error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed",
        languages,
    )
    assert decision.agent == "rust-engineer"
