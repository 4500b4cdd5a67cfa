# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 38: a person's own use of a consumer app or device (a banking app's error code,
chats moved to a new phone, a forgotten Instagram password) is tech support, not software
work: no specialist (coordinator/routing/offtopic.py, consumer_support). Building such a
product (our app, the API, a release) still routes. Requests here are constructed."""

from __future__ import annotations

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import consumer_support, life_subject
from coordinator.routing.text import words

PERSONAL_USE = [
    "my bank app shows error 1023 when I log in",
    "I forgot my Instagram password, how do I reset it",
    "how do I move my WhatsApp chats to a new phone",
    "як перенести чати вайбера зі старого андроїда на новий айфон",
    "how do I delete my Facebook account",
    "my printer won't connect to the home wifi",
    "my iPhone won't update to the new iOS",
    "Netflix on my smart TV keeps saying error code",
    "I can't sign in to my PlayStation account",
    "як перенести чати вайбер на мій новий телефон",
    "у мене не оновлюється телефон, що робити",
    "забула пароль від інстаграму, як відновити мій акаунт",
    "мій монобанк пише помилку при вході",
    "не можу підключити мій принтер до вайфаю",
]

SOFTWARE_WORK = [
    "users of our banking app can't log in, error 1023 after the release",
    "integrate the Instagram API to post photos from our backend",
    "our Telegram bot stops answering after the deploy",
    "the login screen of our Android app crashes on Samsung phones",
    "build a WhatsApp webhook endpoint in FastAPI",
    "my React app can't log in users through Facebook OAuth",
    "write tests for the password reset code of our app",
    "наш телеграм бот не відповідає після деплою",
    "користувачі нашого банківського застосунку не можуть увійти",
    "інтеграція з API монобанку для нашого бекенду",
    "how do I add Sign in with Apple to our iOS app",
    "our Viber chatbot doesn't answer after the update",
    "how to send WhatsApp messages from a Python script",
    "the PayPal checkout on our site fails with error 10486",
    # round 79: a Flutter app is a platform the bundled roster lacks (none), so a web app here
    "my web app can't receive push notifications on iPhone",
    "how do I scrape my Instagram followers with Python",
    "users can't log in to our smart TV app after the update",
    "my Django site's Facebook login shows error 191",
    "how do I publish my app to the Play Store, the release keeps failing",
    "my Spotify playlist exporter script fails with 401",
    "how do I connect our printer service to the CUPS backend",
    "my Telegram bot can't send photos, error 400",
    "our YouTube upload integration hits the quota error",
    "how do I test our Netflix-like streaming backend",
    "my React Native app crashes on Samsung phones when I log in",
    "як підключити оплату монобанку до нашого сайту",
    "мій телеграм бот не відповідає, помилка 409",
    "наш застосунок для айфона не проходить ревʼю",
    "як інтегрувати інстаграм апі в наш бекенд",
    "користувачі не можуть увійти в наш застосунок на смартфоні після релізу",
]


@pytest.mark.parametrize("request_text", PERSONAL_USE)
def test_personal_use_of_a_consumer_product_is_no_software(request_text: str) -> None:
    tokens = words(request_text)
    assert consumer_support(tokens) is not None
    assert life_subject(tokens) is not None


@pytest.mark.parametrize("request_text", SOFTWARE_WORK)
def test_building_such_a_product_is_software(request_text: str) -> None:
    assert consumer_support(words(request_text)) is None


def test_a_product_without_a_problem_or_a_person_is_no_frame() -> None:
    assert consumer_support(words("compare Viber and Telegram encryption")) is None
    assert consumer_support(words("my printer")) is None


@pytest.mark.parametrize("request_text", PERSONAL_USE)
def test_personal_use_gets_no_specialist_on_the_bundled_roster(
    bundled: Registry, request_text: str
) -> None:
    assert route(request_text, bundled).agent is None


@pytest.mark.parametrize("request_text", SOFTWARE_WORK)
def test_software_work_about_such_products_still_routes(
    bundled: Registry, request_text: str
) -> None:
    assert route(request_text, bundled).agent is not None
