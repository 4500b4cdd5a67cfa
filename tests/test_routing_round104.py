# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 104: VoltAgent and lst97, a role agent named by the job a person asks for.

People who are no developers ask for an act (decide whether to keep a feature, plan what a
small team builds first, map a business process, prepare a client's demo, find why a board
differs from finance, set a reliability target, explain a cloud bill, read competitors,
attack the site on purpose, look for its holes, rework where users look for a page, ask
customers the right questions, give the screens one style, fix help text that points to
what is gone, review a change that makes services share a database, build a small site with
an admin page end to end): the act names the role agent, the technical nouns around it are
context. The frames (``outcomes._ROUND104_LINES``) fire only on a roster with the role's
agent (``outcomes.unserved``), their acts (``act_catalogue._business_roles`` and the
others) take the request to that agent, and business work on everyday subjects is no one's
own life there (``FitChecks._role_job``). Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing import outcomes
from coordinator.routing.acts import role_agents
from coordinator.routing.lexical import route, router_for
from coordinator.routing.text import term_list, words
from tests.routing_support import Rosters, assert_routes_to

#: (request, frame): each situation makes its frame.
FRAMES = [
    ("the wishlist feature took a sprint and barely anyone uses it, cut it?", "outcomekeepkill"),
    ("розділом «Обране» майже ніхто не користується, залишати чи видаляти?", "outcomekeepkill"),
    ("we have budget for only one of these features, which first?", "outcomepmfirst"),
    ("складіть план на квартал, нас троє розробників і дизайнер", "outcomepmfirst"),
    (
        "returns are a mess: warehouse and accounting keep their own excel, describe the process",
        "outcomebizprocess",
    ),
    ("погодження рахунків через пошту, все губиться, треба описати процес", "outcomebizprocess"),
    (
        "next week we demo to a retailer how we plug into their ERP, help me prep",
        "outcomesalesdemo",
    ),
    ("показуємо демо банку, як наше апі інтегрується з їхньою системою", "outcomesalesdemo"),
    (
        "revenue on the metabase dashboard never matches what accounting says",
        "outcomenumbersdiffer",
    ),
    ("у дашборді виручка одна, а в бухгалтерії інша", "outcomenumbersdiffer"),
    ("we lost a third of our users after the redesign", "outcomelostusers"),
    ("what uptime target should we promise our customers", "outcomeslo"),
    ("сервіс доступний 99.7% часу, яку ціль ставити", "outcomeslo"),
    ("our azure bill doubled and nobody knows why", "outcomecloudbill"),
    ("платимо амазону щомісяця, ніхто не знає за що", "outcomecloudbill"),
    ("which competitors launched same-day delivery this year", "outcomerivalsnews"),
    ("attack our shop on purpose before launch", "outcomeattackus"),
    ("спробуйте зламати наш сайт, поки цього не зробили хакери", "outcomeattackus"),
    ("check our web shop for weak spots", "outcomeholes"),
    ("people look for invoices in the menu but we keep them in the footer", "outcomelookfor"),
    ("клієнти шукають доставку в меню, а вона схована внизу", "outcomelookfor"),
    ("we will interview six customers, what questions to ask", "outcomeinterviewask"),
    ("будемо говорити з клієнтами, що їх питати", "outcomeinterviewask"),
    ("customers find the checkout too complicated, nine steps", "outcomeclunky"),
    ("buttons and cards in one style on every page", "outcomeonestyle"),
    ("треба єдиний стиль для кнопок і карток на всіх сторінках", "outcomeonestyle"),
    ("a clean look for the profile page: colors, spacing, fonts", "outcomelookdesign"),
    ("намалюй макет головного екрану застосунку", "outcomelookdesign"),
    ("write a guide for our support staff on refunds", "outcomeguide"),
    ("the help article says to click Archive but that option was removed", "outcomedocsdrift"),
    ("в інструкції написано натиснути Імпорт, а його вже нема", "outcomedocsdrift"),
    ("this PR makes two microservices share one database, is that ok?", "outcomesharedb"),
    ("нові сервіси ходять напряму в чужі бази", "outcomesharedb"),
    ("a site where clients book a table and an admin page with all bookings", "outcomewholeapp"),
    ("one dev alone to build the whole thing end to end", "outcomewholeapp"),
    ("the shop crawls when lots of visitors come at once", "outcomeloadslow"),
    ("сайт гальмує коли багато людей", "outcomeloadslow"),
    ("a client needs us to be iso 27001 certified before the deal", "outcomecertify"),
    ("why doesn't google show us for our keywords", "outcomeseofound"),
    ("every release customers find bugs, how should we test", "outcomebugsrelease"),
    ("пройти весь сайт по сценаріях і скласти список багів", "outcomewalkthrough"),
    ("переносимо облікову систему на delphi у веб", "outcomelegacyapp"),
]


@pytest.mark.parametrize(("text", "joined"), FRAMES)
def test_the_job_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


#: (request, frame): the words of a frame that say something else here.
NOT_FRAMED = [
    ("users lost their carts after the update", "outcomelostusers"),
    ("our family budget is a mess, everyone keeps their own excel", "outcomebizprocess"),
    ("users see a blank page when they look for orders in the profile menu", "outcomelookfor"),
    ("the same inputs in every terragrunt.hcl file", "outcomeonestyle"),
    ("group policy puts the same wallpaper on all computers", "outcomeonestyle"),
    ("we need a clickable prototype flow for onboarding, three screens", "outcomewalkthrough"),
    ("my boss wants a presentation for the bank about our loan", "outcomesalesdemo"),
    ("plan the next quarter of our book club: which book first?", "outcomepmfirst"),
    ("is this PR ok? it renames variables in the user service", "outcomesharedb"),
    ("set up uptime monitoring and alerts for the api", "outcomeslo"),
    ("hackers are hammering our login right now", "outcomeattackus"),
]


@pytest.mark.parametrize(("text", "joined"), NOT_FRAMED)
def test_other_senses_make_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


#: (request, roster, agent): the role the job asked names.
ROUTES = [
    (
        "we built a referral feature in spring and almost nobody uses it. keep or drop it?",
        "voltagent",
        "product-manager",
    ),
    ("фічу з чатом ніхто не відкриває, закриваємо чи доробляємо?", "lst97", "product-manager"),
    (
        "складіть план на наступний квартал, нас троє розробників: спершу мобілка чи звіти?",
        "lst97",
        "product-manager",
    ),
    (
        "погодження рахунків у нас через пошту і дзвінки, все губиться. треба описати процес",
        "voltagent",
        "business-analyst",
    ),
    (
        "next week we pitch our platform to a big retailer, they want to see how it would "
        "connect to their ERP — help me get ready",
        "voltagent",
        "sales-engineer",
    ),
    (
        "у дашборді виручка за березень одна, а в бухгалтерії інша. де правда?",
        "voltagent",
        "data-analyst",
    ),
    (
        "our checkout is up 99.5% of the time, is that good enough? what target should we promise",
        "voltagent",
        "sre-engineer",
    ),
    ("we pay aws about 12k a month and no one knows what for", "lst97", "cloud-architect"),
    (
        "порівняй нас з конкурентами: які фічі вони запустили цього року і скільки беруть",
        "voltagent",
        "competitive-analyst",
    ),
    (
        "we'd like a friendly hacker to attack our booking site on purpose before the season",
        "voltagent",
        "penetration-tester",
    ),
    (
        "a friend says our signup is easy to abuse. can you look for weak spots in the site?",
        "lst97",
        "security-auditor",
    ),
    (
        "people look for the invoices under Settings but we keep them under Billing. move it?",
        "lst97",
        "ux-designer",
    ),
    (
        "будемо розмовляти з клієнтами про оформлення замовлення, які питання їм поставити?",
        "lst97",
        "ux-designer",
    ),
    (
        "кожна сторінка в нас виглядає по-своєму, треба єдиний стиль для кнопок і карток",
        "voltagent",
        "ui-designer",
    ),
    (
        "the help article tells customers to click 'Download report' but that button was removed",
        "lst97",
        "documentation-expert",
    ),
    (
        "a colleague's pull request lets the billing service read the users service's tables "
        "directly. is that fine?",
        "lst97",
        "architect-reviewer",
    ),
    (
        "треба невеликий сайт: клієнти реєструються і бронюють столик, а я в адмінці бачу все",
        "lst97",
        "full-stack-developer",
    ),
    ("our shop crawls when lots of visitors arrive at once", "lst97", "performance-engineer"),
    (
        "a bank client wants us to be ISO 27001 certified before they sign, where do we start?",
        "voltagent",
        "compliance-auditor",
    ),
    (
        "why doesn't google show our shop when people search for 'handmade candles lviv'?",
        "voltagent",
        "seo-specialist",
    ),
    (
        "every release customers find new bugs, we need a proper way to test before we ship",
        "lst97",
        "qa-expert",
    ),
    ("треба пройти весь сайт по сценаріях і скласти список багів", "voltagent", "ui-ux-tester"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_job_goes_to_its_role(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


#: (request, roster, agents): technical work beside the same words keeps its agent.
NEAR_MISSES = [
    (
        "write a sql query for monthly revenue per region from the orders table",
        "voltagent",
        {"sql-pro", "data-analyst", "postgres-pro"},
    ),
    (
        "make a reusable Button component in React with size and variant props",
        "lst97",
        {"react-pro", "frontend-developer"},
    ),
    ("kill random pods in staging to see if checkout survives", "voltagent", {"chaos-engineer"}),
    ("review this PR for null checks and naming before I merge", "lst97", {"code-reviewer-pro"}),
    (
        "build a component library in React with Storybook for our buttons and inputs",
        "lst97",
        {"react-pro", "frontend-developer"},
    ),
    ("write end-to-end tests for the whole signup flow", "lst97", {"test-automator", "qa-expert"}),
    (
        "write unit tests for the discount calculator before the release",
        "lst97",
        {"test-automator"},
    ),
    (
        "this sql query takes 30 seconds on the orders table when many users are online",
        "lst97",
        {"database-optimizer", "postgresql-pglite-pro"},
    ),
    (
        "терагрант: як зробити щоб dev і prod не копіпастили однакові inputs у кожному файлі",
        "voltagent",
        {"terragrunt-expert", "terraform-engineer"},
    ),
]


@pytest.mark.parametrize(("text", "roster", "agents"), NEAR_MISSES)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    ("text", "roster"),
    [
        (
            "our family budget is a mess, everyone keeps their own excel. how to organize it?",
            "voltagent",
        ),
        ("my boss wants a presentation for the bank about our loan, help me prepare", "voltagent"),
        ("my boss wants a presentation for the bank about our loan, help me prepare", "lst97"),
        ("we want to plan the next quarter of our book club: which book first?", "lst97"),
        ("which bakery near me has the best croissants and how much do they charge", "voltagent"),
    ],
)
def test_everyday_life_stays_unrouted(corpus_rosters: Rosters, text: str, roster: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None


def test_competitors_everyday_goods_are_the_analyst_work(corpus_rosters: Rosters) -> None:
    """Business work on an everyday subject (grocery) is no one's own life on a roster with
    the analyst, and stays "none" on one without any role agent."""
    text = "which competitors in online grocery launched 1-hour delivery and what do they charge?"
    assert route(text, corpus_rosters["voltagent"]).agent == "competitive-analyst"
    assert route(text, corpus_rosters["bundled"]).agent is None


@pytest.mark.parametrize(
    "text",
    [
        "we built a referral feature and almost nobody uses it. keep it or drop it?",
        "our returns process is a mess: warehouse and accounting keep their own excel, "
        "describe how it should work",
        "a prospect wants a demo of how we plug into their ERP before they sign",
    ],
)
@pytest.mark.parametrize("roster", ["bundled", "0xfurai"])
def test_a_role_job_fires_no_frame_without_the_role(
    corpus_rosters: Rosters, text: str, roster: str
) -> None:
    """A roster with no agent for the job (no product manager, analyst, sales engineer)
    reads no frame of it: a developer agent gets no fit from the job's domain words."""
    query = router_for(corpus_rosters[roster]).query(text)
    assert query.framed.isdisjoint(outcomes.ROLE_TERMS)


def test_unserved_frames_follow_the_roles() -> None:
    names = ["product-manager", "python-pro", "ui-designer"]
    cues = role_agents(names).cues
    unserved = outcomes.unserved(cues)
    assert "outcomekeepkill" not in unserved
    assert "outcomeonestyle" not in unserved
    assert "outcomebizprocess" in unserved
    assert "outcomesalesdemo" in unserved
    assert outcomes.unserved(frozenset()) == outcomes.ROLE_FRAMES


@pytest.mark.parametrize(
    "text",
    [
        "find why the checkout crashes: TypeError: cannot read properties of undefined",
        "review the payment module and write tests for it",
        "document the billing api and check it for security holes",
        "the dashboard revenue differs from what finance reports, we lost users after the redesign",
        "deploy the new service, then optimize the slow query with explain",
    ],
)
def test_acts_asked_by_their_cues_are_all_the_acts_asked(
    corpus_rosters: Rosters, text: str
) -> None:
    """Asking only the acts a request's cues hold finds what asking every act finds."""
    router = router_for(corpus_rosters["voltagent"])
    query = router.query(text)
    asked = router.acts.asked(query.weights, query.tokens)
    pasted = "typeerror" in query.tokens
    from coordinator.routing.acts import _acted, lead_terms

    lead = lead_terms(query.tokens)
    own = frozenset(t for t, w in query.weights.items() if w == 1.0 or t in lead)
    own = _acted(own, query.tokens, router.acts.cues)
    every = [
        (act, agents)
        for act, agents in router.acts.acts
        if act.asked(own, pasted, query.weights, lead)
    ]
    assert [act.name for act, _ in asked] == [act.name for act, _ in every]


def _frames_by_every_group(tokens: list[str]) -> set[str]:
    """The frames every group of which some word hits within the window (no anchor used)."""
    table, keys, _ = outcomes.tables()
    places = outcomes._places(tokens)
    hits: dict[int, dict[int, list[int]]] = {}
    for place, token in zip(places, tokens, strict=True):
        pairs = dict.fromkeys(k for key in outcomes._keys_of(token) for k in keys.get(key, ()))
        for frame, group in pairs:
            hits.setdefault(frame, {}).setdefault(group, []).append(place)
    return {
        table[frame][0]
        for frame, groups in hits.items()
        if len(groups) == table[frame][1] and outcomes._near(list(groups.values()))
    }


@pytest.mark.parametrize("text", [text for text, _ in FRAMES + NOT_FRAMED])
def test_anchored_frames_are_every_frame(text: str) -> None:
    """Gathering hits only for frames whose anchor a word hits loses no frame."""
    tokens = words(text)
    assert set(frames_of(text)) <= _frames_by_every_group(tokens)
    fired = set(outcomes.frames(tokens))
    assert all(term_list(joined) for joined in fired)
    expected = _frames_by_every_group(tokens)
    # frames that give way to another (_YIELDS) are the only ones missing
    assert {j for j in expected - fired if j not in outcomes._YIELDS} == set()


def test_modules_in_a_change_are_no_shared_database(corpus_rosters: Rosters) -> None:
    """Merging round 104: "a change" and "modules" with "нормально" fired the shared-database
    review frame over a Terraform request naming its own tool; the frame needs services,
    databases, tables or boundaries."""
    text = (
        "терраформ стейт лежить локально у двох людей, зміни перетираються. як зробити remote"
        " state з локами і розбити все на модулі нормально"
    )
    decision = route(text, corpus_rosters["voltagent"])
    assert decision.agent == "terraform-engineer", decision.reason
