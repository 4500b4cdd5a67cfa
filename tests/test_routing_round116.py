# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 116: on the bundled web shop, terse asks and a PM's or a manager's words go to the
layer the work lives in.

Frames (``outcomes._ROUND116_LINES``): a report or list slow since the data grew to a count
(200k orders, 50 тисяч клієнтів) is its query (the database); several addresses, phones or
suppliers kept for one customer or product are a one-to-many table (the database); a new
version to try or click through somewhere before the customers see it is a preview
environment (DevOps); staff (менеджерка, менеджери, a warehouse) who see or edit what they
should not is access control (the backend); a supplier who wants the orders to arrive in
their system by themselves is an integration (the backend); a tap that does nothing is the
button's handler (the frontend); typing dots or autoscroll in a bot's chat window are the
chat UI (the frontend); a status in colours is a badge; an order left unpaid after payment
is the payment webhook's. A count in thousands (200k, 50к) reads as ``k``; "col" as column.
Requests here are constructed, not taken from a set."""

from __future__ import annotations

import pytest
from kit import frames_of, situation_tests

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKEND = "fastapi-backend-expert"
FRONTEND = "react-frontend-expert"
DATABASE = "database-engineer"
DEVOPS = "devops-expert"
LLM = "llm-ml-engineer"

#: (request, the frame it holds, the bundled agent it goes to)
SITUATIONS = [
    (
        "адмінка зі списком клієнтів вантажиться секунд 20, відколи їх стало 50 тисяч",
        "outcomegrewslow",
        DATABASE,
    ),
    ("звіт по залишках думає хвилини дві, як товарів стало більше", "outcomegrewslow", DATABASE),
    ("the stock report hangs for a minute since we passed 80k orders", "outcomegrewslow", DATABASE),
    ("сторінка замовлень в адмінці гальмує, відколи їх стало 300к", "outcomegrewslow", DATABASE),
    (
        "clients want to save several shipping addresses, where does that live",
        "outcomemany",
        DATABASE,
    ),
    ("клієнти хочуть зберігати кілька адрес доставки, де це тримати", "outcomemany", DATABASE),
    (
        "менеджери хочуть, щоб у товару було більше одного постачальника",
        "outcomemany",
        DATABASE,
    ),
    (
        "product owner: i'd like to try the new cart somewhere before the customers get it",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "пм: хочу потикати новий чекаут десь до того, як його побачать клієнти",
        "outcomepreview",
        DEVOPS,
    ),
    (
        "the warehouse staff can see the finance section and they shouldn't",
        "outcomeroles",
        BACKEND,
    ),
    ("бухгалтерка може редагувати товари, хоча не повинна", "outcomeroles", BACKEND),
    ("менеджери відкривають розділ фінансів в адмінці, а не повинні", "outcomeroles", BACKEND),
    (
        "a new supplier wants our orders to land in their system automatically",
        "outcomehook",
        BACKEND,
    ),
    ("склад хоче, щоб нові замовлення самі потрапляли в їхню CRM", "outcomehook", BACKEND),
    ("постачальники хочуть автоматично отримувати наші замовлення", "outcomehook", BACKEND),
    ("customers tap 'place order' and nothing happens", "outcomedeadtap", FRONTEND),
    (
        "support says the 'add to cart' button does nothing when customers tap it",
        "outcomedeadtap",
        FRONTEND,
    ),
    ("bot chat should autoscroll to the newest message", "outcomechatwidget", FRONTEND),
    ("додай автоскрол у вікні чату з асистентом", "outcomechatwidget", FRONTEND),
    (
        "хочу бачити статус замовлення кольором: зелений, жовтий, червоний",
        "outcomestatusbadge",
        FRONTEND,
    ),
    ("після оплати замовлення іноді лишається неоплаченим", "outcomepaidnoorder", BACKEND),
    ("customers paid but the order still shows as unpaid sometimes", "outcomepaidnoorder", BACKEND),
]

test_the_situation_holds_its_frame, test_the_situation_goes_to_its_field = situation_tests(
    SITUATIONS
)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("the site got slow since we moved to the new hosting", "outcomegrewslow"),
        ("the page is slow since we added more images to the gallery", "outcomegrewslow"),
        ("show more than one address on the checkout page as radio buttons", "outcomemany"),
        ("my customers have several phone numbers, which crm to buy", "outcomemany"),
        ("put a banner somewhere before the footer so customers see it", "outcomepreview"),
        ("before customers pay, check the coupon on the server somewhere", "outcomepreview"),
        ("my manager sees my screen at work and shouldn't, how to hide it", "outcomeroles"),
        ("менеджер не бачить нову кнопку в меню", "outcomeroles"),
        ("our supplier sends orders automatically as pdf emails, how to print them", "outcomehook"),
        ("I clicked the link in the email and nothing happened, is it a scam", "outcomedeadtap"),
        ("the export endpoint returns nothing when users click download", "outcomedeadtap"),
        ("the chatbot misunderstands what customers are typing", "outcomechatwidget"),
        (
            "support keeps asking for a typing indicator in the help chat, the page polls now",
            "outcomechatwidget",
        ),
    ],
)
def test_near_miss_makes_no_frame(text: str, joined: str) -> None:
    assert joined not in frames_of(text)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("add an index on orders.created_at, the report is slow", DATABASE),
        ("deploy the staging environment with docker compose", DEVOPS),
        ("the admin finance endpoint returns 403 for admins", BACKEND),
        ("the chatbot answers with made-up facts", LLM),
        ("the checkout button is misaligned on mobile", FRONTEND),
        ("show a confirmation modal before customers pay", FRONTEND),
        ("show more than one address on the checkout page as radio buttons", FRONTEND),
        ("the export endpoint returns nothing when users click download", BACKEND),
        ("менеджер не бачить нову кнопку в меню", FRONTEND),
        ("sort support emails into categories automatically", LLM),
        ("set up automatic deploys to the new server on every push", DEVOPS),
        ("add a typing indicator to the support chat", FRONTEND),
        ("the bot replies slowly and forgets the start of the conversation", LLM),
        ("add gift_wrap col to orders", DATABASE),
    ],
)
def test_near_misses_keep_their_agent(bundled: Registry, text: str, agent: str) -> None:
    assert route(text, bundled).agent == agent


@pytest.mark.parametrize(
    "text",
    [
        "my laptop is slow since i installed 20k photos",
        "my supplier sends me orders automatically by email, how to print them",
        "my parcel status is yellow in the tracking app, what does it mean",
        "i paid for my order but it's still pending on aliexpress",
        "мій чат з другом у телеграмі не прокручується",
    ],
)
def test_everyday_stays_none(bundled: Registry, text: str) -> None:
    assert route(text, bundled).agent is None


@pytest.mark.parametrize("text", ["the order list is slow since we hit 200k", "відколи 200к"])
def test_a_count_in_thousands_reads_as_k(text: str) -> None:
    from coordinator.routing.outcomes import _keys_of

    assert "k" in _keys_of(text.split()[-1])
