# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 105: pasted errors and long-tail technologies.

A request that pastes an error, a config line or a command, or names a less famous
technology, is that technology's work. The debugger's act yields to a near-top agent named
for the technology the request names, or whose own error class it pastes, or a tool of the
field it is named for that its text holds (``SituationPicks._named_near``: "terraform: Error
acquiring the state lock", McpError, SPF's permerror); that agent, the top, is a fit when no
other candidate's name is written or the pasted message is its technology's own
(``NamedPicks._named_pick``). A technology's name with its version joined on (vue3, webpack5)
reads as the name (``signatures.technologies``); "JS" said in Ukrainian after a framework's
name joins it (``text._with_js``: ангуляр джс); a label of two technology names ("go fiber:")
writes both as technologies; the label a request opens with names its subject
(``NamedPicks._label_pick``); what only a technology prints (ghc, tfstate) makes a request
software's (``offtopic._printed``); what software runs on is its technology ("runs on
elastic"); "No data" on every panel is Grafana's; notifications sent through AWS as texts
are SNS's job. Frames (``outcomes._ROUND105_LINES``): a build told slower in minutes, a
site's pages a search bot sees empty or Google does not index, an old desktop system moved to
the web. Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of

from coordinator.routing.frameworks import label_terms
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import life_subject
from coordinator.routing.signatures import technologies
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to, homonym_read_as_technology


@pytest.mark.parametrize(
    ("token", "names"),
    [
        ("vue3", ("vue",)),
        ("webpack5", ("webpack",)),
        ("python3", ("python",)),
        ("angular17", ("angular",)),
        ("mcperror", ("mcp",)),
        ("jwterror", ("jwt",)),
    ],
)
def test_what_a_token_names(token: str, names: tuple[str, ...]) -> None:
    assert technologies(token) == names


@pytest.mark.parametrize("token", ["arm64", "utf8", "base64", "mp4", "ipv6", "apierror"])
def test_a_token_that_names_no_technology(token: str) -> None:
    assert technologies(token) == ()


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("старий застосунок на ангуляр джс 1.x", "angularjs"),
        ("сайт на некст.джс погано індексується", "nextjs"),
        ("вью джс компонент не оновлюється", "vuejs"),
        ("нода джс сервіс тече", "nodejs"),
    ],
)
def test_js_said_in_ukrainian_joins_the_name(text: str, joined: str) -> None:
    assert joined in words(text)


def test_js_said_after_no_framework_stays() -> None:
    assert words("сайт джс не вантажиться") == ["сайт", "джс", "не", "вантажиться"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("вебпак 5: Module not found", {"webpack"}),
        ("terraform: Error acquiring the state lock", {"terraform"}),
        ("https://example.com is down", set()),
        ("the site is slow, help", set()),
    ],
)
def test_the_label_a_request_opens_with(text: str, label: set[str]) -> None:
    assert label <= label_terms(text)
    assert bool(label) == bool(label_terms(text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("go fiber: c.BodyParser returns an empty struct", "go"),
        ("the shop search is slow, the developer said it runs on elastic", "elastic"),
    ],
)
def test_a_homonym_written_as_a_technology(text: str, word: str) -> None:
    assert homonym_read_as_technology(text, word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("next week: plan the release", "next"),
        ("what is a good elastic waistband fabric for leggings", "elastic"),
        ("she runs on elastic bands of willpower", "elastic"),
    ],
)
def test_a_homonym_left_plain(text: str, word: str) -> None:
    assert not homonym_read_as_technology(text, word)


def test_what_a_technology_prints_is_software() -> None:
    assert life_subject(words("RES climbs to 8GB: foldl in our GHC service")) is None
    assert life_subject(words("my son climbs on the tv stand every evening")) is not None


#: (request, roster, agent): a technology's error pasted or named beside the debugger, its
#: name with a version, said by ear, as a label, or told by what only it prints.
ROUTES = [
    (
        "terraform apply dies with ConditionalCheckFailedException on the lock table",
        "voltagent",
        "terraform-engineer",
    ),
    (
        "helm upgrade on kubernetes fails: ValidationError(Deployment.spec.template)",
        "voltagent",
        "kubernetes-specialist",
    ),
    ("MCP server in python: tools/list returns McpError -32602", "voltagent", "mcp-developer"),
    (
        "docker compose: container exits with PermissionError writing to the volume",
        "voltagent",
        "docker-expert",
    ),
    (
        "spring boot won't start: BeanCreationException creating bean 'dataSource'",
        "voltagent",
        "spring-boot-engineer",
    ),
    (
        "наш SPF запис дає permerror у заголовках gmail, забагато include",
        "voltagent",
        "email-deliverability-engineer",
    ),
    ("у vue3 computed не перераховується коли пушу в reactive масив", "voltagent", "vue-expert"),
    (
        "our gradle build jumped from 6 to 25 minutes after adding kapt",
        "voltagent",
        "build-engineer",
    ),
    (
        "наша збірка gradle виросла з 5 до 20 хвилин після розбиття на модулі",
        "voltagent",
        "build-engineer",
    ),
    ("RES grows to 6GB and the box swaps: foldl in our GHC build", "0xfurai", "haskell-expert"),
    (
        "вебпак 5: Module not found: Error: Can't resolve 'buffer', node.js polyfills gone",
        "0xfurai",
        "webpack-expert",
    ),
    ("go fiber: app.Static serves index.html for every route", "0xfurai", "go-expert"),
    (
        "the blog search runs on elastic and returns nothing for typos",
        "0xfurai",
        "elasticsearch-expert",
    ),
    ("ангуляр джс додаток: ng-repeat гальмує на тисячі рядків", "0xfurai", "angularjs-expert"),
    ("щоночі шлемо смс клієнтам через aws, половина не доходить", "0xfurai", "sns-expert"),
    (
        "the wall tv graphs are blank, every panel just says 'no data'",
        "0xfurai",
        "grafana-expert",
    ),
    ("error TS2589 on my recursive Paths<T> type, excessively deep", "lst97", "typescript-pro"),
    (
        "Google doesn't index our Next.js product pages, the bot sees an empty page",
        "lst97",
        "nextjs-pro",
    ),
    ("we need to move our FoxPro inventory system to the web", "lst97", "legacy-modernizer"),
]


@pytest.mark.parametrize(("text", "roster", "agent"), ROUTES)
def test_the_request_goes_to_its_agent(
    corpus_rosters: Rosters, text: str, roster: str, agent: str
) -> None:
    assert_routes_to(text, corpus_rosters[roster], agent)


@pytest.mark.parametrize(
    ("text", "roster", "agents"),
    [
        (
            "TypeError: Cannot read properties of undefined (reading 'length') in checkout",
            "voltagent",
            {"debugger"},
        ),
        (
            "the checkout crashes with TypeError: x is undefined, please debug",
            "voltagent",
            {"debugger"},
        ),
        ("тести падають з AttributeError, знайди чому", "lst97", {"debugger"}),
        (
            "pytest run fails with AssertionError on order totals, find the bug",
            "lst97",
            {"debugger"},
        ),
        (
            "the job crashes every night with NullPointerException, find the cause",
            "voltagent",
            {"debugger"},
        ),
        ("gin middleware in go: c.Next() runs handlers twice", "0xfurai", {"gin-expert"}),
        (
            "the home page is empty on mobile, the hero section disappears below 400px",
            "lst97",
            {"frontend-developer"},
        ),
    ],
)
def test_near_misses_keep_their_agent(
    corpus_rosters: Rosters, text: str, roster: str, agents: set[str]
) -> None:
    assert route(text, corpus_rosters[roster]).agent in agents


@pytest.mark.parametrize(
    ("text", "roster"),
    [
        ("my son climbs on the tv stand every evening, how do I stop him?", "0xfurai"),
        ("the oven panel says no data", "0xfurai"),
        ("my car dashboard shows no data since the battery died", "0xfurai"),
        ("how do I unwrap a gift neatly so the paper can be reused?", "0xfurai"),
        ("recommend a good fiber supplement for breakfast", "0xfurai"),
    ],
)
def test_everyday_requests_stay_unrouted(corpus_rosters: Rosters, text: str, roster: str) -> None:
    assert route(text, corpus_rosters[roster]).agent is None


def test_an_elastic_waistband_is_the_textile_experts(corpus_rosters: Rosters) -> None:
    text = "What is a good elastic waistband fabric for leggings?"
    assert route(text, corpus_rosters["0xfurai"]).agent in {None, "fiber-expert"}


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("our android build went from 3 to 14 minutes", "outcomecibuild"),
        ("збірка виросла з 5 до 20 хвилин", "outcomecibuild"),
        ("google doesn't index our product pages", "outcomeseo"),
        ("для бота сторінки товарів пусті", "outcomeseo"),
        ("переносимо облікову систему на delphi 7 у веб", "outcomelegacyapp"),
    ],
)
def test_the_situation_holds_its_frame(text: str, joined: str) -> None:
    assert joined in frames_of(text)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the standup went from 15 to 40 minutes", "outcomecibuild"),
        ("the empty cart screen needs a friendly message", "outcomeseo"),
        ("we use delphi for forecasting meetings", "outcomelegacyapp"),
    ],
)
def test_a_near_miss_holds_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


def test_an_empty_screen_keeps_its_frame() -> None:
    assert "outcomeempty" in frames_of("the orders list screen is empty for new users")
