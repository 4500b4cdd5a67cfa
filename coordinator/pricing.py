"""Cost of model calls from the price table in the settings."""

from __future__ import annotations

from collections.abc import Mapping

from coordinator.config import Price
from coordinator.providers.base import Usage

MILLION = 1_000_000


def cost_usd(model: str, usage: Usage, prices: Mapping[str, Price]) -> float:
    """USD cost of ``usage`` on ``model``; 0.0 for a model with no known price.

    A model id with a date suffix (``claude-sonnet-4-5-20250929``) uses the price of its
    undated prefix when only that is listed.
    """
    return cost_of(price_of(model, prices), usage)


def price_of(model: str, prices: Mapping[str, Price]) -> Price | None:
    """``model``'s price, or None: that of its longest listed prefix when it is not listed
    itself (``claude-opus-4-5-20251101`` is ``claude-opus-4-5``'s, ``claude-opus-4-1-20250805``
    ``claude-opus-4``'s, whatever the table's order)."""
    price = prices.get(model)
    if price is not None:
        return price
    prefixes = [
        name for name in prices if model.startswith(name + "-") or model.startswith(name + "@")
    ]
    return prices[max(prefixes, key=len)] if prefixes else None


def cost_of(price: Price | None, usage: Usage) -> float:
    """USD cost of ``usage`` at ``price`` (0.0 for no known price)."""
    if price is None:
        return 0.0
    return (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / MILLION


def ceiling(prices: Mapping[str, Price]) -> Price | None:
    """The highest price of each kind in ``prices`` (None when it is empty): what a call on
    a model with no known price counts under a cost budget, which it would otherwise not
    limit (its cost counted $0: a shared queue's row, or an agent file, naming any model
    id, trust41)."""
    if not prices:
        return None
    table = prices.values()
    return Price(
        input=max(p.input for p in table),
        output=max(p.output for p in table),
        cache_write=max(p.cache_write for p in table),
        cache_read=max(p.cache_read for p in table),
    )


def dearer(model: str, than: str, prices: Mapping[str, Price]) -> bool:
    """Whether calls on ``model`` may cost more than on ``than`` (API ids): some price of
    ``model``'s is higher, or one of them has no known price (so cannot be compared); never
    for the same model. What agents could have written (a workspace SKILL.md's ``model``)
    may choose a model only when it is not dearer than the run's own (mend104)."""
    if model == than:
        return False
    mine, theirs = price_of(model, prices), price_of(than, prices)
    if mine is None or theirs is None:
        return True
    return (
        mine.input > theirs.input
        or mine.output > theirs.output
        or mine.cache_write > theirs.cache_write
        or mine.cache_read > theirs.cache_read
    )
