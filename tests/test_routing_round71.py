"""Round 71: the right one of near role agents. A data pipeline (ETL, Spark, Airflow) is the
data engineer's however its data is described or it fails; a slow query (EXPLAIN, a scan, a
join) is the database optimizer's whatever report it feeds; users counted (retention, churn,
weekly actives) are the data scientist's, a model predicting them the ML engineer's; an old
system moved piece by piece is the modernizer's; a system split into services is the
services' architect's (the backend architect's on a roster without one). The agents are read
from the roster's names, none is listed. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.act_catalogue import all_acts
from coordinator.routing.acts import closing_terms, role_agents
from coordinator.routing.lexical import route, router_for
from coordinator.routing.roles import Role

_ROSTER = [
    ("ml-engineer", "Trains, serves and retrains ML models in production."),
    ("data-scientist", "Data analysis, SQL, BigQuery, sales analytics, reports and insights."),
    ("data-engineer", "Builds ETL pipelines, warehouses and streaming with Spark and Airflow."),
    ("database-optimizer", "Database performance: slow SQL queries, indexes, schema design."),
    ("debugger", "Debugging specialist for errors, crashes and failures."),
    ("legacy-modernizer", "Moves legacy systems to modern stacks, strangler fig migrations."),
    ("php-pro", "Modern PHP: Laravel, Symfony, Composer, legacy PHP code and jQuery."),
    ("backend-architect", "Designs backend systems, APIs and service boundaries."),
    ("architect-reviewer", "Reviews architecture: monolith or microservices, service splits."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r71"), _ROSTER)


def _asked(text: str, roster: Registry) -> list[str]:
    router = router_for(roster)
    query = router.query(text)
    return [act.name for act, _ in router.acts.asked(query.weights, query.tokens)]


def test_the_near_roles_come_from_the_names() -> None:
    assert Role("", "data", required=True, nouns="engineer").named(["data", "engineer"]) == 0
    assert Role("", "data", required=True, nouns="engineer").named(["ml", "engineer"]) is None
    tuner = Role("optimize tune", "database query sql db", required=True)
    assert tuner.named(["database", "optimizer"]) == 0
    assert tuner.named(["performance", "engineer"]) is None
    names = ["data-scientist", "data-engineer", "database-optimizer", "legacy-modernizer"]
    acts = {act.name: agents for act, agents in role_agents(names, ["."] * 4).acts}
    assert acts["user metrics"] == (0,)
    assert acts["data pipeline"] == (1,)
    assert acts["slow query"] == (2,)
    assert acts["modernise legacy"] == (3,)
    assert "data pipeline" not in {a.name for a, _ in role_agents(["ml-engineer"], ["."]).acts}


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("the nightly etl from the crm into bigquery drops the sales rows", "data pipeline"),
        ("нічний етл зі звітами продажів падає", "data pipeline"),
        ("our spark job on the sales events dies with OOM", "data pipeline"),
        ("the sales report query takes a minute, explain shows a seq scan", "slow query"),
        ("запит до звіту продажів повільний, EXPLAIN показує seq scan", "slow query"),
        ("move the old php monolith piece by piece, no big bang rewrite", "modernise legacy"),
        ("why did WAU drop last month? dig into the events table", "user metrics"),
        ("retention по когортах з таблиці events", "user metrics"),
        (
            "should billing be a separate microservice or stay in the monolith",
            "split into services",
        ),
    ],
)
def test_a_near_roles_act_is_asked(roster: Registry, text: str, act: str) -> None:
    assert act in _asked(text, roster)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("write a sql query for the top products per category", "slow query"),
        ("the legacy php app throws a warning on login", "modernise legacy"),
        ("the ci pipeline fails on the lint step", "data pipeline"),
        ("the churn model is trained in a notebook, serve it in prod", "user metrics"),
    ],
)
def test_a_near_phrase_asks_for_no_act(roster: Registry, text: str, act: str) -> None:
    assert act not in _asked(text, roster)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the nightly etl of sales analytics into bigquery fails on mixed types", "data-engineer"),
        (
            "sales analytics report query takes 30 seconds, explain shows a hash join",
            "database-optimizer",
        ),
        (
            "our old php monolith: move it piece by piece without a big bang rewrite",
            "legacy-modernizer",
        ),
    ],
)
def test_the_near_role_takes_the_request(roster: Registry, text: str, expected: str) -> None:
    assert route(text, roster).agent == expected


def test_a_ukrainian_request_closing_with_its_act_asks_it() -> None:
    cues = frozenset(["investig", "docu"])
    assert closing_terms(["функція", "повертає", "none", "розберись"], cues) == {"investig"}
    assert closing_terms(["diagram", "in", "the", "doc"], cues) == frozenset()  # a noun
    assert closing_terms(["розберись", "з", "функцією"], cues) == frozenset()
    assert closing_terms([], cues) == frozenset()


_CLOSING_ROSTER = [
    ("debugger", "Debugging specialist: investigates errors and unexpected behavior."),
    ("data-scientist", "Data analysis: SQL, lists of records, data insights and reports."),
    ("python-pro", "Idiomatic Python: functions, classes, lists, typing."),
]


@pytest.fixture(scope="module")
def closing_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r71closing"), _CLOSING_ROSTER)


def test_the_closing_act_picks_the_role(closing_roster: Registry) -> None:
    text = "функція повертає None замість списку, хоча дані є"
    assert route(text, closing_roster).agent == "data-scientist"  # no act: the data's
    assert route(text + ", розберись", closing_roster).agent == "debugger"


def test_system_work_is_asked_outright_whatever_language_is_named() -> None:
    # a split into services or a stepwise migration is work on the system: the django or
    # php expert the request names does not keep it (an outright act passes over it)
    acts = {act.name: act for act in all_acts()}
    assert acts["split into services"].outright
    assert acts["modernise legacy"].outright
    assert not acts["data pipeline"].outright
    assert acts["test planning"].outright  # "a test plan", "a test strategy": named outright


def test_a_load_test_plan_is_no_test_planning() -> None:
    router_acts = role_agents(["qa-expert", "performance-engineer"], [".", "."])
    plan = next(act for act, _ in router_acts.acts if act.name == "test planning")
    own = frozenset(["test", "plan", "releas"])
    assert plan.asked(own, False, dict.fromkeys(own, 1.0), frozenset())
    load = own | {"loadtest", "bottleneck"}
    assert not plan.asked(load, False, dict.fromkeys(load, 1.0), frozenset())
