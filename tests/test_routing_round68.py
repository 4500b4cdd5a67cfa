# ruff: noqa: RUF001 - Ukrainian requests
"""Round 68: the act a request asks for picks the role. The agents for an act are read from
the roster's own names (and descriptions) by the actor noun English forms from its verb
(coordinator.routing.roles: review -> reviewer, debug -> debugger, audit -> auditor); the
act a request opens with (its first verb, or a light verb's object) is weighed as one named
outright; an actor noun ("the reviewer said") asks for nothing. Requests here are
constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.acts import lead_terms, role_agents
from coordinator.routing.lexical import route, router_for
from coordinator.routing.roles import Role, actor_nouns, head_words
from coordinator.routing.text import words


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("review", "reviewer"),
        ("debug", "debugger"),
        ("audit", "auditor"),
        ("automate", "automator"),
        ("write", "writer"),
        ("respond", "responder"),
        ("refactor", "refactoring"),
        ("document", "documentation"),
        ("deploy", "deployment"),
        ("perform", "performance"),
        ("migrate", "migration"),
    ],
)
def test_an_actor_noun_is_formed_from_its_verb(verb: str, noun: str) -> None:
    assert noun in actor_nouns(verb)


def test_a_name_holds_the_doer_and_only_the_acts_objects() -> None:
    code = Role("review", "code", required=True)
    assert code.named("code-reviewer".split("-")) == 0
    assert code.named("code-reviewer-pro".split("-")) == 1  # a generic word: looser
    assert code.named("architect-reviewer".split("-")) is None  # a reviewer of something else
    assert code.named("ad-security-reviewer".split("-")) is None
    assert code.named("python-pro".split("-")) is None
    audit = Role("audit", "security", required=True)
    assert audit.named("security-auditor".split("-")) == 0
    assert audit.named("compliance-auditor".split("-")) is None


@pytest.mark.parametrize(
    ("role", "description", "declared"),
    [
        (Role("audit", "security", True), "A senior security auditor and ethical hacker.", True),
        (Role("debug"), "Debugging specialist for errors and test failures.", True),
        (Role("debug"), "Hypothesis-driven debugging investigator.", False),
        (Role("test"), "Use this agent when you need accessibility testing.", False),
        (Role("perform"), "Expert in building high-performance Node.js apps.", False),
        (Role("audit", "security", True), "A compliance auditor for SOC 2.", False),
    ],
)
def test_a_description_declares_a_doer_only_by_its_head_noun(
    role: Role, description: str, declared: bool
) -> None:
    assert role.declared(head_words(description)) is declared


def test_the_roles_come_from_the_rosters_names_and_descriptions() -> None:
    names = ["python-pro", "tester", "code-reviewer-expert", "sec-guard", "compliance-auditor"]
    descriptions = ["Python.", "Tests.", "Reviews.", "A senior security auditor.", "SOC 2."]
    acts = {act.name: agents for act, agents in role_agents(names, descriptions).acts}
    assert acts["test"] == (1,)
    assert acts["code review"] == (2,)
    assert acts["security audit"] == (3,)  # declared by its description, not its name
    assert "debug" not in acts  # no debugger: the act is no one's here
    assert role_agents(["python-pro", "react-pro"], ["Python.", "React."]).acts == ()


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("please document the billing service", {"docu"}),
        ("задокументуй сервіс платежів", {"docu"}),
        ("update the docs after the refactor", {"upd", "docu", "doc"}),
        ("треба оновити документацію", {"upd", "docu"}),
        ("after the deploy the page is blank", {"after"}),
    ],
)
def test_the_lead_is_the_first_verb_and_a_light_verbs_object(text: str, lead: set[str]) -> None:
    assert lead_terms(words(text)) == lead


def test_a_checks_lead_holds_what_it_checks_for() -> None:
    assert {"check", "xss"} <= lead_terms(words("check the signup form for xss"))
    assert "xss" not in lead_terms(words("the signup form: check it for xss"))


_ROSTER = [
    ("debugger", "Debugging specialist for errors, test failures and unexpected behavior."),
    ("code-reviewer", "Reviews code for quality, maintainability and security."),
    ("documentation-expert", "Software documentation: guides, references and tutorials."),
    ("deployment-engineer", "CI/CD pipelines, releases and rollouts to production."),
    ("security-auditor", "Application security: vulnerabilities, OWASP, penetration tests."),
    ("notification-service-expert", "Notification service: push, email and SMS notifications."),
    ("kubernetes-specialist", "Kubernetes clusters, deployments, autoscaling, Helm charts."),
    ("frontend-developer", "Web pages, buttons, forms and layouts in React and CSS."),
    ("python-pro", "Idiomatic Python: functions, classes, packaging, typing."),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r68"), _ROSTER)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent of the request's object leads by far; the act it opens with decides
        ("document the notification service", "documentation-expert"),
        ("задокументуй сервіс нотифікацій", "documentation-expert"),
        ("deploy the notification service to production", "deployment-engineer"),
        ("review the notification service module", "code-reviewer"),
        ("знайди баг у сервісі нотифікацій", "debugger"),
        ("find the bug in the function that totals the cart", "debugger"),
        # the request names the technology its top agent is for: that agent keeps it
        ("deploy the app to kubernetes with autoscaling", "kubernetes-specialist"),
    ],
)
def test_the_act_a_request_opens_with_picks_the_role(
    roster: Registry, text: str, expected: str
) -> None:
    assert route(text, roster).agent == expected


def _asked(text: str, roster: Registry) -> list[str]:
    router = router_for(roster)
    query = router.query(text)
    return [act.name for act, _ in router.acts.asked(query.weights, query.tokens)]


def test_an_incidental_act_asks_for_no_role(roster: Registry) -> None:
    assert _asked("the reviewer said the checkout module looks ugly", roster) == []
    assert "review code" in _asked("review the checkout module", roster)
    assert "change to merge" in _asked("go over my PR diff before I merge", roster)
    assert "change to merge" not in _asked("merge conflict in my PR", roster)
    assert "deploy" not in _asked("after the deploy the billing page is blank", roster)
    assert "find the bug" not in _asked("click through checkout and list the bugs you find", roster)
    assert (
        route("after the deploy the billing page is blank", roster).agent != "deployment-engineer"
    )


_ACT_ROSTER = [
    ("debugger", "Debugging specialist."),
    ("code-reviewer", "Reviews code."),
    ("refactoring-specialist", "Refactors code."),
    ("performance-engineer", "Makes software fast."),
    ("deployment-engineer", "Ships releases."),
    ("security-auditor", "Finds holes."),
]


@pytest.fixture(scope="module")
def act_roster(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return roster_of(tmp_path_factory.mktemp("r68acts"), _ACT_ROSTER)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("переглянь мої зміни перед пушем", "change review"),
        ("clean up this module, it is a mess of copy paste", "clean up code"),
        ("почисти модуль замовлень, там копіпаста", "clean up code"),
        ("speed up the dashboard page", "speed up"),
        ("profile the checkout endpoint, it got slow", "speed up"),
        ("find out why login fails for some users", "find the bug"),
        ("задеплой сервіс на прод", "deploy"),
        ("перевір модуль оплати на XSS", "security"),
    ],
)
def test_an_act_in_either_language_is_asked(act_roster: Registry, text: str, act: str) -> None:
    assert act in _asked(text, act_roster)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("clean the old docker images from the server", "clean up code"),
        ("optimize the slow sql query on orders", "speed up"),  # the database's
        ("the page got slow after we sped up the build, profile says nothing", "speed up"),
        ("we found that login fails after the deploy", "find the bug"),
    ],
)
def test_a_near_phrase_asks_for_no_act(act_roster: Registry, text: str, act: str) -> None:
    assert act not in _asked(text, act_roster)
