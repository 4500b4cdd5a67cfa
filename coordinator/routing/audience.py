"""A request about a business's product: it names the people the product serves.

"Customers pay monthly and cancel anytime", "partners hammer our public API", "користувачі
зникають після першого тижня": a request that speaks of a product's customers, users,
clients, sellers or subscribers is about building or running that product, not the
speaker's own life, even when it holds no developer word at all (product words only). No
spent request that fits no specialist names such an audience (round 42: 0 of 405), while a
request naming one is often a short business description whose domain words are few: the
router then asks less of the agent's coverage (:data:`AUDIENCE_COVERAGE`).

A request naming a piece of software the business runs (an app, a site, a form, a widget:
:func:`asks_product_work`) is work on that software as well, unless it speaks as the
software's user or shopper (my bank app, is there an app, порадь застосунок): when no agent
fits it by coverage, its nearest agent needs only :data:`PRODUCT_COVERAGE` (round 70).

Singular English nouns are left out (a customer service line, my partner); Ukrainian words
are matched by stem (клієнтів, користувачам, юзерів), plural-only stems where the singular
is a person's own (партнер).
"""

from __future__ import annotations

from operator import itemgetter

from coordinator.routing.offtopic import asks_trade, is_everyday

#: A product's audience in English, as written (plural: a business's people).
AUDIENCE_EN = frozenset(
    """
    customers users clients partners subscribers shoppers buyers sellers merchants vendors
    patients visitors tenants
    """.split()
)
#: The same audience as Ukrainian stems (any form of the word).
AUDIENCE_UK = tuple(
    """
    клієнт користувач юзер покупц покупець продавц продавець партнери партнерів партнерам
    відвідувач підписник абонент пацієнт замовник кастомер
    """.split()
)


#: The first letters of every Ukrainian stem (each has four or more): a request none of whose
#: words starts so names no Ukrainian audience (one check in C before any prefix test).
_HEAD = itemgetter(slice(0, 4))
_HEADS = frozenset(map(_HEAD, AUDIENCE_UK))


#: A piece of software a business runs, in English, as written: a request naming one asks for
#: work on it (the app's cart empties, a widget to refresh, the booking form double-books) even
#: when its other words are a customer's (round 70).
PRODUCT_EN = frozenset(
    """
    app apps website websites site sites form forms widget widgets dashboard
    dashboards bot chatbot player calculator kiosk firmware portal checkout tracker crm erp
    cms pos plugin plugins
    """.split()
)
#: The same as Ukrainian stems (застосунку, віджета, плагіна), and short words as written
#: (бот, форма: not формат, ботанік).
PRODUCT_UK = tuple(
    """
    застосун додатк додаток сайт віджет дашборд плеєр калькулятор кіоск прошивк
    портал трекер адмінк плагін
    """.split()
)
PRODUCT_UK_WORDS = frozenset("бот бота боту боті ботом форма форму формі форми формою".split())


#: A room that is a product's page too (a customer's кабінет, the personal one): software
#: unless an everyday word follows it (кабінет стоматолога, a dentist's room: round 82).
ROOM_UK = "кабінет"


def names_product(tokens: list[str]) -> bool:
    """Whether ``tokens`` (a request's words) name a piece of software (an app, a site, a
    form, a widget, a customer's кабінет): the request is about that software, whoever its
    words speak of."""
    if not PRODUCT_EN.isdisjoint(tokens) or not PRODUCT_UK_WORDS.isdisjoint(tokens):
        return True
    for token in tokens:  # loops, not any() over generators (3.11)
        if token.startswith(PRODUCT_UK):
            return True
    for at, token in enumerate(tokens):
        if token.startswith(ROOM_UK) and not is_everyday(tokens[at + 1 : at + 2]):
            return True
    return False


#: Words of a business speaking of its own software (our app, наш сайт).
OWNER_WORDS = frozenset(
    "our ours we us weve наш наша наше наші нашого нашому нашій нашим нашу ми нас".split()
)
#: Words of a person using or choosing software as a consumer: themselves (my bank app logs
#: me out, не можу купити), or asking which to use (is there an app, порадь застосунок).
CONSUMER_WORDS = frozenset(
    """
    i my me im mine ive id myself which recommend good best should there fill
    я мені мене мій моя моє мої моєму моїй можу порадь порадьте яке який яка яку чи
    заповнити заповнюю заповнювати
    """.split()
)


def asks_product_work(tokens: list[str]) -> bool:
    """Whether ``tokens`` ask for work on a piece of software (:func:`names_product`) in
    the voice of those who run it: they own it (our app), or no one speaks as its user or
    shops for one (the booking form lets two people reserve a table). Another trade's
    question about the software (VAT for our online store, the ads that bring people to
    our site: offtopic.asks_trade) asks that trade, not for work on it (round 79)."""
    if not names_product(tokens):
        return False
    if not OWNER_WORDS.isdisjoint(tokens) or CONSUMER_WORDS.isdisjoint(tokens):
        return not asks_trade(tokens)
    return False


def names_audience(tokens: list[str]) -> bool:
    """Whether ``tokens`` (a request's words) name the people a business's product serves."""
    if not AUDIENCE_EN.isdisjoint(tokens):
        return True
    if _HEADS.isdisjoint(map(_HEAD, tokens)):
        return False
    return any(token.startswith(AUDIENCE_UK) for token in tokens)
