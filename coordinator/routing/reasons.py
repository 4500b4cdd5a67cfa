"""The reasons a route gives for its choice (standard library only: ``coord log`` reads them
without importing the router)."""

from __future__ import annotations

from enum import StrEnum


class Chosen(StrEnum):
    """The rule that decided which agent a route chose: its ``reason`` (:func:`why_chosen`,
    which names the top scorer passed over when the rule chose another)."""

    TOP = "best lexical and trigger match"
    FEATURE = "the request asks for a whole feature: data, API and screen"
    ACT = "the request asks for its role's work"
    TRIGGER = "a near tie: a trigger only it has fired"
    LABEL = "the label the request opens with names its technology"
    LANGUAGE = "the request asks for code in the language it is named for"
    SYSTEM = "the request is about a whole system: its architect, not a language's expert"
    FRAMEWORK = "a near tie: its name holds the framework the request writes"
    WIDER = "a near tie: it explains more of the request"
    FRAME = "the request's outcome frame is its field"
    GENERIC = "the agents above it are named for a technology the request does not name"
    SITUATION = (
        "everyday words chose the agents above it; it is the agent of the situation the "
        "request names"
    )
    RUNNER_UP = "the agents above it explain too little of the request; it fits and explains more"


#: The rules that decide a near tie (the chosen agent scored a little less than the top
#: scorer): their reasons say by how much (:func:`score_gap`).
NEAR_TIES = frozenset({Chosen.TRIGGER, Chosen.FRAMEWORK, Chosen.WIDER})


def _percent_below(lower: float, higher: float) -> int:
    """How many percent ``lower`` is below ``higher`` (both as shown, rounded), whole."""
    return round((higher - lower) / higher * 100) if higher > 0 else 0


def score_gap(score: float, top: float) -> str:
    """How much less an agent scoring ``score`` scored than the top scorer's ``top``, as a
    person reads it: ``it scored only 3% less`` (``the same`` under 1%)."""
    below = _percent_below(score, top)
    return "it scored the same, to within 1%" if below < 1 else f"it scored only {below}% less"


def tie_margin(score: float, other: float) -> str:
    """Two near-tied scores as a person reads them: ``0.54 each``, or ``0.54 and 0.52,
    4% apart``."""
    if f"{score:.2f}" == f"{other:.2f}":
        return f"{score:.2f} each"
    apart = max(1, _percent_below(min(score, other), max(score, other)))
    return f"{score:.2f} and {other:.2f}, {apart}% apart"


#: The reason of the top scorer's choice (a plain str: a route reads no enum member's value).
TOP_REASON: str = Chosen.TOP.value


def why_chosen(rule: Chosen, top: str, score: float, detail: str = "") -> str:
    """The reason of a decision ``rule`` made (``detail``: what the rule read, such as the
    act asked), naming the top scorer ``top`` (scoring ``score``) it was chosen over."""
    if rule is Chosen.TOP:
        return TOP_REASON
    return f"{rule.value}{detail}; chosen over the top scorer, {top} ({score:.2f})"
