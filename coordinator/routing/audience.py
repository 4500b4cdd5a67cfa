"""A request about a business's product: it names the people the product serves.

"Customers pay monthly and cancel anytime", "partners hammer our public API", "користувачі
зникають після першого тижня": a request that speaks of a product's customers, users,
clients, sellers or subscribers is about building or running that product, not the
speaker's own life, even when it holds no developer word at all (product words only). No
spent request that fits no specialist names such an audience (round 42: 0 of 405), while a
request naming one is often a short business description whose domain words are few: the
router then asks less of the agent's coverage (:data:`AUDIENCE_COVERAGE`).

Singular English nouns are left out (a customer service line, my partner); Ukrainian words
are matched by stem (клієнтів, користувачам, юзерів), plural-only stems where the singular
is a person's own (партнер).
"""

from __future__ import annotations

from operator import itemgetter

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


def names_audience(tokens: list[str]) -> bool:
    """Whether ``tokens`` (a request's words) name the people a business's product serves."""
    if not AUDIENCE_EN.isdisjoint(tokens):
        return True
    if _HEADS.isdisjoint(map(_HEAD, tokens)):
        return False
    return any(token.startswith(AUDIENCE_UK) for token in tokens)
