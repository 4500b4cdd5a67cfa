# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 34: "none" by cause, both directions (coordinator/routing/offtopic.py, products.py).
A request written for a platform no agent of the roster covers (Apple's native SDKs, Android,
a game engine, office macros, boards, Windows desktop UI) gets no specialist when its other
words are ones any program has; everyday life walked further by field (jobs, leisure asked,
shopping, trips, money, health); a request about a covered field's everyday subjects goes to
that field's agent when no agent fits otherwise; git words are software. Requests here are
constructed, not taken from a set."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route, router_for
from coordinator.routing.offtopic import field_agents, foreign_platforms, life_subject
from coordinator.routing.text import term_list, words


def _roster(tmp_path: Path, agents: dict[str, str]) -> Registry:
    folder = tmp_path / "agents"
    folder.mkdir()
    for name, description in agents.items():
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\nYou help with {name}.\n",
            encoding="utf-8",
        )
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


@pytest.mark.parametrize(
    ("request_text", "platform"),
    [
        ("SwiftUI list stutters when scrolling 5k rows", "Apple"),
        ("кнопка збереження в SwiftUI не працює", "Apple"),
        ("Unity C# script: the player jumps twice when I press space", "game engine"),
        ("у Unity гра лагає коли спавняться вороги", "game engine"),
        ("my arduino sketch won't compile, says servo library not found", "microcontroller"),
        ("a native android app that scans barcodes in the warehouse", "Android"),
        ("WPF datagrid freezes when I scroll 10k rows", "Windows desktop"),
    ],
)
def test_a_platform_no_agent_covers_gets_no_specialist(
    bundled: Registry, request_text: str, platform: str
) -> None:
    decision = route(request_text, bundled)
    assert decision.agent is None
    assert platform in decision.reason


@pytest.mark.parametrize(
    ("request_text", "agent"),
    [
        ("our iOS app gets 401 from the FastAPI endpoint after token refresh", "fastapi"),
        ("store the Unity game's leaderboard in Postgres", "database-engineer"),
        ("parse the uploaded Excel file in the FastAPI endpoint", "fastapi"),
        ("save button goes off screen on iphone", "react-frontend-expert"),
        ("react native app crashes on android when opening the camera", ""),
    ],
)
def test_a_word_the_roster_is_for_keeps_the_request_routed(
    bundled: Registry, request_text: str, agent: str
) -> None:
    decision = route(request_text, bundled)
    assert decision.agent is not None, decision.reason
    assert agent in decision.agent


def test_a_roster_that_covers_the_platform_routes_it(tmp_path: Path) -> None:
    registry = _roster(
        tmp_path,
        {
            "ios-developer": "Native iOS apps in Swift and SwiftUI.",
            "web-developer": "Web pages and forms in React.",
        },
    )
    decision = route("SwiftUI list stutters when scrolling", registry)
    assert decision.agent == "ios-developer", decision.reason


def test_foreign_platforms_are_the_ones_no_agent_describes() -> None:
    everything = foreign_platforms(frozenset())
    assert "swiftui" in everything.names and "unity" in everything.names
    assert "iphon" in everything.devices  # an iPhone names Apple's SDKs only beside "native"
    apple = foreign_platforms(frozenset(term_list("ios")))
    assert "swiftui" not in apple.names and "unity" in apple.names


def test_a_device_word_names_the_platform_only_beside_native() -> None:
    everything = foreign_platforms(frozenset())
    assert everything.named(words("the page looks broken on my iphone")) is None
    assert everything.named(words("a native iphone app for our shop")) is not None


def test_print_is_no_platform() -> None:
    assert foreign_platforms(frozenset()).named(words("works with debug prints")) is None


@pytest.mark.parametrize(
    ("request_text", "subject"),
    [
        ("write a LinkedIn post saying I'm looking for a new job", "linkedin"),
        ("help me prepare for a job interview", "job"),
        ("how do I ask my manager for a raise", "raise"),
        ("my back hurts after sitting at the desk all day", "hurts"),
        ("plan a 3-day trip to Lviv for two", "trip"),
        ("which vacuum cleaner should I buy under $200", "cleaner"),
        ("compare two smartphones, which one is better", "smartphones"),
        ("напиши пост у лінкедін що я шукаю роботу", "лінкедін"),
        ("що подивитись на вихідних, щось схоже на Breaking Bad", "подивитись"),
        ("що подарувати колезі на 30 років", "колезі"),
        ("допоможи скласти план тренувань на тиждень", "тренувань"),
        ("написати супровідний лист для вакансії дизайнера", "лист"),
        ("як скласти сімейний бюджет", "бюджет"),
    ],
)
def test_everyday_fields_name_everyday_life(request_text: str, subject: str) -> None:
    assert life_subject(words(request_text)) == subject


@pytest.mark.parametrize(
    "request_text",
    [
        "a new job is queued for every upload and never finishes",
        "raise a ValueError when the email is invalid",
        "що подивитись у логах, щоб знайти причину 500",
        "що почитати про архітектуру мікросервісів",
        "що краще купити: сервер чи хмару під базу",
        "звіт не формується на вихідних",
        "git flow чи trunk-based для команди з 6 людей, і як мерджити без болю",
        "наш мвп це маркетплейс репетиторів, хто вже таке робить",
    ],
)
def test_developer_requests_with_those_words_are_not_everyday(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


def test_the_bundled_roster_has_no_life_specialist(bundled: Registry) -> None:
    # an everyday word that stems to a developer's word (cleaner: clean) would make the
    # bundled roster's bodies describe two everyday subjects and switch the check off there
    assert not router_for(bundled).serves_life


def test_a_field_agent_takes_its_everyday_subjects_when_no_agent_fits(tmp_path: Path) -> None:
    registry = _roster(
        tmp_path,
        {
            "fiber-expert": "Master in fiber technology and the fiber industry.",
            "python-pro": "Idiomatic Python, packaging and testing.",
        },
    )
    decision = route("бавовна чи льон для літньої сорочки, що краще дихає?", registry)
    assert decision.agent == "fiber-expert", decision.reason
    assert route("льон для сорочки у python скрипті", registry).agent != "fiber-expert"


def test_one_field_word_in_a_description_makes_no_field_agent() -> None:
    fibers = frozenset(term_list("fibers"))
    assert field_agents(["php-pro"], [fibers]).agents == {}
    assert list(field_agents(["fiber-expert"], [fibers]).agents.values()) == ["fiber-expert"]


def test_leisure_asked_is_a_cue_that_needs_another() -> None:
    assert life_subject(words("що краще купити")) is None  # one cue decides nothing
    assert life_subject(words("що подарувати мамі на день народження")) == "мамі"
    # a Ukrainian cue reads as English words a roster may describe (view): still a cue
    described = frozenset(term_list("подивитись"))
    assert life_subject(words("що подивитись на вихідних"), described) == "подивитись"


@pytest.mark.parametrize(
    "request_text",
    [
        "our customers can't find sneakers when they search for running shoes",
        "клієнти не можуть знайти кросівки, коли шукають взуття для бігу",
        "в каталозі товарів неправильно показується ціна на зимові куртки",
        "patients can book a dentist appointment twice for the same slot",
    ],
)
def test_a_business_audience_or_stock_is_a_product_not_everyday_life(request_text: str) -> None:
    assert life_subject(words(request_text)) is None


def test_iot_messaging_covers_no_board(tmp_path: Path) -> None:
    registry = _roster(
        tmp_path,
        {
            "mqtt-expert": "MQTT brokers and IoT messaging, QoS and retained messages.",
            "c-expert": "C code, compilers, libraries and memory.",
        },
    )
    decision = route("my arduino sketch won't compile, says servo library not found", registry)
    assert decision.agent is None, decision.reason
    assert route("esp32 sensors flood the MQTT broker with QoS 2", registry).agent == "mqtt-expert"


def test_a_data_file_in_a_macro_is_no_anchor(bundled: Registry) -> None:
    assert route("Excel macro to import a CSV file every morning", bundled).agent is None
    decision = route("export orders from the database to an Excel file every night", bundled)
    assert decision.agent is not None, decision.reason


def test_a_common_word_covers_a_platform_but_anchors_no_request(tmp_path: Path) -> None:
    registry = _roster(
        tmp_path,
        {
            "game-developer": "Builds games: gameplay, physics and netcode.",
            "web-developer": "Web pages and forms in React; type-safe code.",
        },
    )
    assert route("unity game stutters when spawning enemies", registry).agent == "game-developer"
    foreign = foreign_platforms(frozenset(term_list("type")), frozenset(term_list("type")))
    assert foreign.named(words("autohotkey script that types my email when I press F1"))


@pytest.mark.parametrize(
    "request_text",
    [
        "PLC ladder logic: the conveyor motor doesn't stop when the sensor trips",
        "COBOL batch job abends with S0C7 on the payroll file",
        "AppleScript to rename all files in a folder by date",
        "minecraft spigot plugin: give players a kit on first join",
    ],
)
def test_more_platforms_no_bundled_agent_covers(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent is None


def test_a_business_field_agent_takes_no_personal_question(tmp_path: Path) -> None:
    registry = _roster(
        tmp_path,
        {
            "legal-advisor": "Legal counsel for software companies: law, contracts, licensing.",
            "python-pro": "Idiomatic Python, packaging and testing.",
        },
    )
    decision = route("мій орендодавець не повертає депозит, що каже суд у таких справах", registry)
    assert decision.agent is None, decision.reason
