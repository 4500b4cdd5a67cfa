# ruff: noqa: RUF001 - Ukrainian requests
"""Round 93: an analyst's, a founder's or a PM's question names the field.

``outcomes``' round 93 frames read the question (why a business number fell, what predicts
or drives an outcome, a board of business numbers by segment, which clients will not renew,
how users of a signup month stay, what first while everyone pulls their way or which
pricing model, how a bot answers, a screen that looks dated) and ``acts`` gives the
analyst's, the scientist's, the product manager's and the prompt engineer's questions to
them, whatever source of data or product part the request names. Requests here are
constructed, not taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import outcomes
from coordinator.routing.lexical import route
from coordinator.routing.text import words
from tests.routing_support import Rosters


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("why did our checkout conversions drop after the redesign", "outcomewhydrop"),
        ("чому впала виручка в березні", "outcomewhydrop"),
        ("which user actions predict that a trial converts to paid", "outcomepredicts"),
        ("що найбільше впливає на апгрейд до Pro", "outcomepredicts"),
        ("quarterly board dashboard with ARR and churn by plan in Looker", "outcomemetricsboard"),
        ("які клієнти не продовжать контракт", "outcomewontrenew"),
        ("integrations or mobile app first? everyone is shouting", "outcomepmdecide"),
        ("freemium чи trial, що виміряти і як вирішити", "outcomepmdecide"),
        ("бот відповідає як робот, хочу тепліший тон", "outcomebotvoice"),
        ("our assistant writes replies that are too formal", "outcomebotvoice"),
        ("дашборд виглядає застаріло", "outcomedatedlook"),
    ],
)
def test_the_question_makes_its_frame(text: str, frame: str) -> None:
    assert frame in outcomes.frames(words(text))


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("why does the orders table drop rows after the migration", "outcomewhydrop"),
        ("users drop off at step 3 of signup and we do not know why", "outcomewhydrop"),
        ("want Postgres in the browser for an offline-first notes app", "outcomepmdecide"),
        ("3 teams, next quarter we add a public api", "outcomepmdecide"),
        ("the chatbot should answer from our docs, not invent answers", "outcomebotvoice"),
        ("the bot answers slowly, the OpenAI call takes 8 seconds", "outcomebotvoice"),
        ("predict which users cancel next month from their usage data", "outcomewontrenew"),
        ("build a Grafana dashboard for p99 latency and error rate", "outcomemetricsboard"),
        ("our Next.js site looks broken on mobile Safari", "outcomedatedlook"),
    ],
)
def test_near_misses_make_no_such_frame(text: str, frame: str) -> None:
    assert frame not in outcomes.frames(words(text))


def test_a_frame_may_yield_to_several() -> None:
    fired = outcomes.frames(words("which customers stopped using the product this month"))
    assert "outcomewontrenew" in fired
    assert "outcomechurn" not in fired


@pytest.mark.parametrize(
    ("roster", "text", "agent"),
    [
        (
            "voltagent",
            "чому впала виручка в березні, є вигрузка замовлень з woocommerce",
            "data-analyst",
        ),
        (
            "voltagent",
            "why did revenue drop by a third in May? I have the stripe export",
            "data-analyst",
        ),
        (
            "voltagent",
            "which user actions predict that a trial converts to paid? events are in Postgres",
            "data-scientist",
        ),
        (
            "voltagent",
            "що впливає на те, чи клієнт купує повторно? є таблиця з 50 колонками",
            "data-scientist",
        ),
        (
            "voltagent",
            "what drives churn among our API customers — want feature importance from usage data",
            "data-scientist",
        ),
        (
            "voltagent",
            "quarterly board dashboard with ARR, NRR and churn by plan in Looker",
            "data-analyst",
        ),
        (
            "voltagent",
            "freemium or paid pilot for B2B? what metrics tell us which works",
            "product-manager",
        ),
        (
            "voltagent",
            "integrations or mobile app first? sales want one, support another, everyone shouts",
            "product-manager",
        ),
        (
            "voltagent",
            "наш чатбот відповідає грубо і вигадує ціни, як йому пояснити поводитись",
            "prompt-engineer",
        ),
        (
            "voltagent",
            "the support assistant sounds robotic and cold, make it friendlier",
            "prompt-engineer",
        ),
        (
            "lst97",
            "our AI assistant writes replies that are too formal and wordy, make it sound human",
            "prompt-engineer",
        ),
        ("lst97", "адмінка виглядає застаріло, хочемо сучасний дизайн", "ui-designer"),
        (
            "voltagent",
            "які клієнти перестали користуватись сервісом і можуть не продовжити підписку?",
            "customer-success-manager",
        ),
        (
            "voltagent",
            "which customers stopped logging in this month? the CSMs want to call them",
            "customer-success-manager",
        ),
        (
            "voltagent",
            "how many users who signed up in March still come back after 8 weeks?",
            "cohort-analysis",
        ),
        # near misses: the agent the work itself names
        (
            "lst97",
            "which users will churn: predict it with a model in production, retrain it weekly",
            "ml-engineer",
        ),
        (
            "voltagent",
            "our subscriptions webhook from Stripe fails with 400 after plan change",
            "payment-integration",
        ),
        ("voltagent", "train a churn prediction model and serve it behind an API", "ml-engineer"),
        (
            "voltagent",
            "the chatbot takes 10 seconds to answer, how to make the LLM calls faster",
            "llm-architect",
        ),
        ("voltagent", "migrate the legacy dashboard from AngularJS to React", "legacy-modernizer"),
        (
            "voltagent",
            "які індекси додати щоб запит по замовленнях не гальмував",
            "database-optimizer",
        ),
        ("voltagent", "write a prompt for summarizing support tickets", "prompt-engineer"),
        ("lst97", "modernize our old jQuery admin panel to React", "react-pro"),
        (
            "lst97",
            "set up a cron job that exports the sales table to S3 every night",
            "data-engineer",
        ),
    ],
)
def test_routes(corpus_rosters: Rosters, roster: str, text: str, agent: str) -> None:
    assert route(text, corpus_rosters[roster]).agent == agent
