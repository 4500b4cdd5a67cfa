"""Round 78: a page, screen or service told slow by its seconds (outcomes' round 63 frame) is
the performance engineer's, whatever framework renders the page (nextjs, a UI designer's
"page" words) or however the request is read (a request "запит" is not a database query);
one query told slow in its database stays the optimizer's. A prompt to write, or one whose
answers vary from run to run, is the prompt engineer's (round 67's frame, by more lines),
not the AI engineer's of the bot around it. The agents are read from the roster's names,
none is listed. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for

_ROSTER = [
    ("performance-engineer", "Application performance: profiling, latency, load testing."),
    ("nextjs-pro", "Next.js pages, server rendering, routing, page loading and images."),
    ("ui-designer", "Designs pages, screens, components, layouts and visual styles."),
    ("frontend-developer", "Builds frontend pages and components, page load and rendering."),
    ("database-optimizer", "Database performance: slow SQL queries, indexes, query plans."),
    ("backend-architect", "Designs backend services, APIs and request handling under load."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78"), _ROSTER)


def _asked(text: str, roster: Registry) -> list[str]:
    router = router_for(roster)
    query = router.query(text)
    return [act.name for act, _ in router.acts.asked(query.weights, query.tokens)]


@pytest.mark.parametrize(
    "text",
    [
        "the pricing page takes 9 seconds to load and the sales team is furious",
        "сторінка замовлень вантажиться 7 секунд, що гальмує",
        "the checkout screen takes 5 seconds to open after the last release",
        "кожен запит до сервісу відповідає 3 секунди під навантаженням",
    ],
)
def test_slowness_in_seconds_asks_for_performance_work(roster: Registry, text: str) -> None:
    assert "slow in seconds" in _asked(text, roster)
    assert route(text, roster).agent == "performance-engineer"


@pytest.mark.parametrize(
    "text",
    [
        "the sales report query takes 40 seconds in postgres, explain shows a seq scan",
        "the orders page takes 6 seconds: the sql behind it has no index",
    ],
)
def test_one_slow_query_in_a_database_is_not_asked(roster: Registry, text: str) -> None:
    assert "slow in seconds" not in _asked(text, roster)
    assert route(text, roster).agent == "database-optimizer"


def test_slow_without_seconds_asks_for_nothing_new(roster: Registry) -> None:
    # the frame needs its measure: "slow" alone is a symptom the technology's expert reads
    assert "slow in seconds" not in _asked("the next.js page feels slow", roster)


@pytest.mark.parametrize(
    "text",
    [
        "write a prompt that sorts incoming tickets into five buckets",
        "склади промпт для бота, який відповідає на питання про доставку",
        "the summariser prompt gives a different format on every run",
        "промпт щоразу відповідає по-різному на те саме питання",
    ],
)
def test_a_prompt_made_or_unstable_frames_prompt_work(text: str) -> None:
    assert "outcomeprompt" in frames_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "write a cli that asks for confirmation before deleting",  # no prompt named
        "the prompt is fine, the bot answers slowly",  # the prompt is not what is asked
    ],
)
def test_no_prompt_work_without_the_prompt_as_the_object(text: str) -> None:
    assert "outcomeprompt" not in frames_of(text)


_AI_ROSTER = [
    ("ai-engineer", "Builds LLM apps: support chatbots, RAG, assistants and their answers."),
    ("prompt-engineer", "Designs and optimizes prompts for LLMs."),
    ("nlp-engineer", "Text classification, named entities and language models."),
]


@pytest.fixture(scope="module")
def ai_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78ai"), _AI_ROSTER)


def test_the_prompt_engineer_takes_the_prompt_from_the_bot(ai_roster: Registry) -> None:
    text = "our support chatbot's prompt gives different answers to the same question"
    assert route(text, ai_roster).agent == "prompt-engineer"
    assert route("our support chatbot answers questions about orders", ai_roster).agent == (
        "ai-engineer"
    )


@pytest.mark.parametrize(
    "text",
    [
        "our apollo resolvers fire a thousand db queries for one orders page",
        "графкуел резолвер робить сотні запитів у базу на один список",  # noqa: RUF001
    ],
)
def test_n_plus_one_told_by_its_count_frames_graphql(text: str) -> None:
    assert "outcomegqlnplusone" in frames_of(text)


def test_a_count_without_graphql_frames_nothing() -> None:
    assert "outcomegqlnplusone" not in frames_of("the report makes a thousand db queries")


_SYSTEM_ROSTER = [
    ("backend-architect", "Designs backend systems, APIs and service boundaries."),
    ("incident-responder", "Handles production incidents and coordinates teams."),
    ("refactoring-specialist", "Refactors code: splits modules and classes, no behavior change."),
    ("api-designer", "Designs REST and GraphQL schemas for services."),
]


@pytest.fixture(scope="module")
def system_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78sys"), _SYSTEM_ROSTER)


@pytest.mark.parametrize(
    "text",
    [
        "як розбити наш бекенд на кілька сервісів, щоб команди не блокували одна одну",
        "how do we split the backend into services so teams stop blocking each other",
    ],
)
def test_a_backend_split_into_services_is_the_architects(
    system_roster: Registry, text: str
) -> None:
    assert "split by services" in _asked(text, system_roster)
    assert route(text, system_roster).agent == "backend-architect"


def test_a_split_into_code_parts_is_not_a_system_split(system_roster: Registry) -> None:
    text = "split this service into smaller modules without changing behavior"
    assert "split by services" not in _asked(text, system_roster)
    assert route(text, system_roster).agent == "refactoring-specialist"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("нові розробники чекають 15 хв на білд після кожної зміни", "outcomecibuild"),
        ("ми чекали пів години на збірку", "outcomecibuild"),
        ("чи повертаються клієнти, які зареєструвались в березні", "outcomechurn"),
    ],
)
def test_more_ukrainian_builds_and_cohorts_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_a_build_without_minutes_is_no_build_frame() -> None:
    assert "outcomecibuild" not in frames_of("чекаю на білд від колеги")


_BUILD_ROSTER = [
    ("typescript-pro", "TypeScript: tsc, strict types, generics, monorepo project references."),
    ("build-engineer", "Build systems: webpack, bundlers, caching, incremental builds."),
    ("dx-optimizer", "Developer experience: faster feedback loops, tooling, onboarding."),
]


@pytest.fixture(scope="module")
def build_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78build"), _BUILD_ROSTER)


def test_a_slow_build_is_the_builds_whatever_compiler(build_roster: Registry) -> None:
    text = "our typescript monorepo build takes 30 minutes with tsc, the team waits"
    assert "slow build" in _asked(text, build_roster)
    assert route(text, build_roster).agent == "build-engineer"
    assert route("tsc complains about generics in the monorepo", build_roster).agent == (
        "typescript-pro"
    )


def test_an_alert_told_by_its_numbers_and_minutes_frames_a_page() -> None:
    assert "outcomepaged" in frames_of("ALERT: orders-api 5xx rate 20% for 15 min, where first")
    assert "outcomepaged" not in frames_of("set up an alert on the p99 latency of the api")


_ONCALL_ROSTER = [
    ("incident-responder", "Handles production incidents: triage, mitigation, communication."),
    ("performance-engineer", "Performance: latency, p99, bottlenecks, load testing."),
    ("payment-integration", "Payment providers, checkout flows, payments services."),
]


@pytest.fixture(scope="module")
def oncall_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r78oncall"), _ONCALL_ROSTER)


def test_an_alert_being_handled_is_the_responders(oncall_roster: Registry) -> None:
    text = "ALERT p2: payments 5xx rate 30% for 12 min, p99 latency 9s, what do I check first"
    assert "paged" in _asked(text, oncall_roster)
    assert route(text, oncall_roster).agent == "incident-responder"
