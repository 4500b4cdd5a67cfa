# ruff: noqa: RUF001 - Ukrainian requests
"""Round 47: outcome frames walked field by field (coordinator.routing.outcomes). A PM,
founder, support lead or designer names a field's outcome ("our newsletter ends up in
spam", "only managers should see salaries", "кожне оновлення ламає те, що раніше
працювало"); the frame brings the field's terms, and a person's own life ("my emails to my
landlord go to spam") makes none. Requests here are constructed, not from a set."""

from __future__ import annotations

import pytest
from kit import frame_names, frames_of

from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import Router, route
from coordinator.routing.text import term_list

FIELD_REQUESTS = [
    ("a customer asked us to erase everything we hold about them", "outcomeerase"),
    ("клієнтка просить видалити всі свої дані з нашого сервісу", "outcomeerase"),
    ("our newsletter keeps ending up in spam for subscribers", "outcomespam"),
    ("наші листи клієнтам потрапляють у спам", "outcomespam"),
    ("each update breaks something that worked before", "outcomeregress"),
    ("кожне оновлення ламає щось, що раніше працювало", "outcomeregress"),
    ("nobody knows how the invoicing part works since Olena left", "outcomeknowhow"),
    ("ніхто не знає як працює наш деплой", "outcomeknowhow"),
    ("sales numbers on the dashboard only update the next morning", "outcomelatedata"),
    ("цифри продажів у звіті оновлюються тільки наступного дня", "outcomelatedata"),
    ("copy the shop's orders into the warehouse every night", "outcomecopyover"),
    ("shoppers who bought a tent should get suggestions of similar gear", "outcomesuggest"),
    ("клієнти, які купили курс, мають бачити схожі рекомендації", "outcomesuggest"),
    ("people order with stolen cards on our store", "outcomefraud"),
    ("the app closes by itself for some users", "outcomecrash"),
    ("застосунок вилітає у деяких клієнтів", "outcomecrash"),
    ("the site was down two hours last night, why and how to prevent it", "outcomepostmortem"),
    ("if the server dies do we lose all orders", "outcomebackup"),
    ("only managers should see the salaries", "outcomeroles"),
    ("тільки бухгалтер має бачити рахунки", "outcomeroles"),
    ("customers want to download their order history as excel", "outcomeexport"),
    ("people can't upload large videos, it fails halfway", "outcomebigupload"),
    ("shoppers want to filter by size and color", "outcomefilter"),
    ("пошук нічого не знаходить, коли люди роблять опечатки", "outcometypo"),
    ("clients in other countries see the wrong delivery time", "outcometimezone"),
    ("new signups should get a series of welcome emails", "outcomedrip"),
    ("where do people drop off between the cart and payment", "outcomefunnel"),
    ("what do our competitors charge for it", "outcomerivals"),
    ("our team keeps missing sprint deadlines", "outcomedeadlines"),
    ("what should the first version include and what can wait", "outcomemvp"),
    ("older customers struggle to read the small text in our app", "outcomeseniors"),
    ("our builds take 25 minutes", "outcomecibuild"),
    ("if I change the order number in the link I see another order", "outcomeidor"),
    ("we pay drivers their share minus our commission", "outcomepayout"),
    ("support answers the same questions hundreds of times a day", "outcomesamequestions"),
    ("users want to turn off some notification emails", "outcomenotifyprefs"),
    ("watch five real customers try the new checkout design", "outcomeusability"),
    ("how do we get the app to beta testers", "outcomebeta"),
    ("the aws bill doubled last month", "outcomehosting"),
    ("can we predict which customers will cancel", "outcomeforecast"),
    ("users should see new comments appear live without refreshing", "outcomelive"),
    ("the monthly report takes a minute to open", "outcomeslowreport"),
    ("testers check everything by hand before every release", "outcomemanualqa"),
    ("partners keep asking how to use our api", "outcomeapidocs"),
    ("let people sign in with google", "outcomesociallogin"),
    ("our biggest clients are unhappy and may not renew", "outcomeaccounthealth"),
    ("we will store patients' medical records", "outcomemedical"),
    ("the sensors send readings every minute", "outcomedevices"),
    ("customers abroad want to pay in euros", "outcomecurrency"),
    ("customers get their money back automatically when they cancel", "outcomerefund"),
    ("someone accidentally deleted the database, do we have copies", "outcomebackup"),
    ("додаток зависає у деяких користувачів", "outcomecrash"),
    ("маркетплейс виплачує продавцям їх частку мінус комісія", "outcomepayout"),
    ("the order status should change on the screen without reloading", "outcomelive"),
    ("only Max understands how our servers are set up", "outcomeknowhow"),
    ("people who can't use a mouse cannot get through checkout", "outcomekeyboard"),
    ("how many users open the app every day", "outcomeactive"),
    ("could hackers get into our customer database", "outcomehackers"),
    ("чи можуть зловмисники вкрасти дані з нашого сайту", "outcomehackers"),
    ("the camera on the line should spot damaged packages", "outcomephotodefect"),
    ("фото товарів з браком треба автоматично виявляти", "outcomephotodefect"),
    ("our support bot confidently invents answers about prices", "outcomemadeup"),
    ("the site goes down every time we send the newsletter", "outcomepeakload"),
    ("сайт лягає під час розпродажу", "outcomepeakload"),
    # by-ear and surzhyk spellings
    ("після кожного апдейту ламається те, що раніше працювало", "outcomeregress"),
    ("сапорт щодня відповідає на ті самі питання", "outcomesamequestions"),
    ("клієнти хочуть рефанд автоматично при скасуванні", "outcomerefund"),
    ("клієнти хочуть вивантажити замовлення в ексел", "outcomeexport"),
    ("вчора був даунтайм дві години, чому і як уникнути", "outcomepostmortem"),
]


@pytest.mark.parametrize(("text", "joined"), FIELD_REQUESTS)
def test_a_field_named_by_its_outcome_makes_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


def test_every_round47_frame_is_exercised_here() -> None:
    named = frame_names(outcomes._ROUND47_LINES)
    assert named <= {joined for _, joined in FIELD_REQUESTS}
    assert named <= set(outcomes.ENTRIES)


@pytest.mark.parametrize(
    "text",
    [
        "how do I delete all my data from facebook",
        "my emails to my landlord go to spam",
        "my laptop update broke my printer which worked before",
        "my phone app closes by itself, should I reinstall",
        "I lost all my photos when my phone died",
        "my flight time is wrong because of the time zone",
        "how do I get my money back for a cancelled flight",
        "мої листи до орендодавця потрапляють у спам",
        # round 83: an app failing to start on an import is the API's (outcomeappstart)
        "the nightly job crashes with a segfault, help me find why",
        "can hackers get into my wifi",
        "how many people visit the louvre every day",
        "someone accidentally deleted the family photos, do we have copies",
        "hackers got into our home wifi",
        "older customers struggle to read our printed menu",
    ],
)
def test_a_persons_own_life_or_a_developers_crash_makes_none(text: str) -> None:
    assert frames_of(text) == []


def test_an_export_of_ones_orders_is_no_erasure() -> None:
    found = frames_of("клієнти хочуть вивантажити свої замовлення в ексель")
    assert "outcomeexport" in found and "outcomeerase" not in found


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    from tests.kit import roster_of

    return roster_of(
        tmp_path_factory.mktemp("round47"),
        [
            ("privacy-officer", "GDPR and privacy compliance: personal data, erasure."),
            ("deliverability-engineer", "Email deliverability: SPF, DKIM, DMARC, inbox placement."),
            ("qa-engineer", "Test automation, regression testing, e2e suites, QA."),
            ("security-engineer", "Authorization, access control, RBAC, vulnerabilities."),
            ("frontend-developer", "Web pages, UI components, CSS and JavaScript."),
        ],
    )


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("a customer asked us to erase everything we hold about them", "privacy-officer"),
        ("наші листи клієнтам потрапляють у спам", "deliverability-engineer"),
        ("every update breaks something that used to work", "qa-engineer"),
        ("only managers should see the orders of their own store", "security-engineer"),
    ],
)
def test_a_framed_field_routes_to_its_agent(team: Registry, request_text: str, agent: str) -> None:
    assert route(request_text, team).agent == agent
    assert Router(team).query(request_text).framed


def test_who_may_see_what_routes_but_an_office_question_stays_none(team: Registry) -> None:
    # a rule for a product's roles is access control; the frame leaves life words their say
    assert term_list("outcomeroles")[0] not in outcomes.PRODUCT_TERMS
    assert route("only admins should delete projects in our app", team).agent == "security-engineer"
    assert (
        route("у нас в офісі тільки бухгалтер бачить зарплати, це нормально?", team).agent is None
    )
    assert route("my emails to my landlord go to spam", team).agent is None
