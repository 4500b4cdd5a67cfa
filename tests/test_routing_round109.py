# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 109: an analyst's, researcher's, designer's or writer's deliverable named.

The deliverable a request names (a report of sales by region, an experiment's verdict, what
drives revenue, users to talk to, a flow to change, a guide, a manual QA plan, a person's
data asked for and erased, search traffic lost, a team of agents for a product) decides over
the technology words around it (Postgres, a CRM, Next.js, a wiki). Frames
(``outcomes._ROUND109_LINES``) name those situations and acts (:mod:`acts`) send them to the
role agent a roster has; a SQL query for the report itself, a load test's plan, a bug seen at
a step of a flow and a feature flag stay with their agents. Requests here are constructed,
not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from tests.routing_support import Rosters, assert_routes_to


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("my manager needs a monthly report of revenue by store", "outcomesalesboard"),
        ("власник хоче звіт про прибуток по філіях", "outcomesalesboard"),
        (
            "control had 5100 visits and 140 purchases, the variant 171: roll out?",
            "outcomeexperiment",
        ),
        ("what really drives our revenue: price or season?", "outcomepredicts"),
        ("що впливає на продажі більше, знижки чи розсилки", "outcomepredicts"),
        ("how many who signed up in march are still active each month", "outcomesignupcohort"),
        ("треба покрокова інструкція для клієнтів", "outcomeguide"),
        ("users leave at step 2, what should we change in the form?", "outcomeflowdrop"),
        ("користувачі кидають оформлення на кроці оплати, що змінити у формі", "outcomeflowdrop"),
        ("I want to talk to some of them and find out why", "outcomeinterview"),
        ("we need a checklist for manual QA before the release", "outcometestplan"),
        ("a customer asked for all personal data we have and to erase it", "outcomedatarequest"),
        ("organic traffic from google fell by half", "outcomeseotraffic"),
        ("who should do what in what order if agents build our mvp", "outcomeagentteam"),
    ],
)
def test_the_deliverable_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("write the SQL query for the weekly sales report by region", "outcomesalesboard"),
        ("need a load test plan, p95 is 2s at 300 rps", "outcometestplan"),
        ("the payments traffic dropped after the deploy", "outcomeseotraffic"),
        ("14 manual steps to set up the project, make it nicer for the team", "outcomeguide"),
        ("the store page with the sales banner is slow", "outcomesalesboard"),
    ],
)
def test_a_near_miss_holds_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


ROUTES = [
    (
        "керівник хоче щотижневий звіт продажів по регіонах, дані в гугл таблицях і в постгресі",
        "voltagent",
        "data-analyst",
    ),
    (
        "I want a dashboard with profit per branch per week for our 12 bakeries",
        "voltagent",
        "data-analyst",
    ),
    (
        "we ran an a/b test on the pricing page: control 5100 visits 140 purchases, variant 5050"
        " visits 171. roll out or is it noise?",
        "voltagent",
        "ab-test-analysis",
    ),
    (
        "what actually drives our revenue — price, season or ad spend — and by how much?",
        "lst97",
        "data-scientist",
    ),
    (
        "how many users who signed up in march are still active each month after?",
        "voltagent",
        "cohort-analysis",
    ),
    (
        "people abandon the onboarding flow at the third screen, how do we simplify it?",
        "lst97",
        "ux-designer",
    ),
    (
        "хочу поговорити з кількома клієнтами, які пішли, щоб зрозуміти чому",
        "voltagent",
        "ux-researcher",
    ),
    (
        "потрібна покрокова інструкція для працівників складу, як працювати з новою адмінкою",
        "voltagent",
        "documentation-engineer",
    ),
    (
        "треба гайд для нових розробників: як підняти проект локально, бо вікі застаріла",
        "lst97",
        "documentation-expert",
    ),
    ("потрібен план ручного тестування нового кабінету перед релізом", "lst97", "qa-expert"),
    (
        "a customer from France asked for a copy of all personal data we have on her and then to"
        " erase it",
        "voltagent",
        "gdpr-ccpa-compliance",
    ),
    ("органічний трафік з гугла впав удвічі після редизайну сайту", "voltagent", "seo-specialist"),
    (
        "a government buyer wants an audit that our app meets WCAG 2.2 AA",
        "voltagent",
        "accessibility-tester",
    ),
    (
        "хочу, щоб агенти зробили мвп застосунку: хто що робить і в якому порядку",
        "lst97",
        "agent-organizer",
    ),
    (
        "our startup ships weekly and bugs keep reaching customers, we have no QA and track"
        " escaped defects by hand — how should we test before a release?",
        "lst97",
        "qa-expert",
    ),
]

NEAR_MISSES = [
    (
        "the sales report query by region is slow, explain shows a seq scan",
        "voltagent",
        "database-optimizer",
    ),
    (
        "need a load test plan: p95 goes to 2s at 300 rps, find the bottleneck",
        "lst97",
        "performance-engineer",
    ),
    (
        "prepare a demo for the bank: show how our api plugs into their core system",
        "voltagent",
        "sales-engineer",
    ),
    (
        "which of our enterprise clients stopped using the product and may not renew?",
        "voltagent",
        "customer-success-manager",
    ),
    ("document the REST endpoints of the orders API in openapi", "voltagent", "api-documenter"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES + NEAR_MISSES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


def test_a_sql_query_for_the_report_stays_with_sql(corpus_rosters: Rosters) -> None:
    from coordinator.routing.lexical import route

    text = "write the SQL query for the weekly sales report by region, it groups wrong"
    assert route(text, corpus_rosters["voltagent"]).agent == "sql-pro"


def test_a_poem_stays_no_ones(corpus_rosters: Rosters) -> None:
    from coordinator.routing.lexical import route

    assert route("write a poem about autumn", corpus_rosters["voltagent"]).agent is None
