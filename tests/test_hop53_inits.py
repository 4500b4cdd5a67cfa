"""The objects a model call builds (its request, the run's outcome, the consult choice) stay
frozen dataclasses equal to what their generated ``__init__`` made, and are built without
``object.__setattr__``: their fields are stored into the instance's own ``__dict__``
(bench/RESULTS.md, "hop53")."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from coordinator import events as ev
from coordinator.providers.base import ModelRequest
from coordinator.runtime.consult import BY_DOMAIN, Consult
from coordinator.runtime.state import Blocked, Complete, NeedsReview
from protocols import AgentReport, Status

REPORT = AgentReport(summary="done", status=Status.COMPLETE)
BUILT: list[tuple[type[Any], dict[str, Any]]] = [
    (Complete, {"report": REPORT, "text": "final"}),
    (Blocked, {"report": REPORT, "text": "final"}),
    (NeedsReview, {"text": "final", "report": REPORT, "reason": "why"}),
    (Consult, {"consultant": "dba-spec", "chosen": BY_DOMAIN}),
    (
        ModelRequest,
        {
            "agent": "backend",
            "model": "m",
            "system": "s",
            "tools": [],
            "messages": [{"role": "user", "content": "x"}],
            "max_tokens": 100,
            "effort": "low",
        },
    ),
]


@pytest.mark.parametrize(("kind", "values"), BUILT, ids=lambda v: getattr(v, "__name__", ""))
def test_a_hot_frozen_object_is_built_by_storing_into_its_dict(
    kind: type[Any], values: dict[str, Any]
) -> None:
    made = kind(**values)
    names = [f.name for f in dataclasses.fields(kind)]
    assert list(made.__dict__) == names  # in declaration order, as the generated init
    assert made.__dict__ == values
    assert made == kind(*values.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], "other")
    code = kind.__init__.__code__
    assert "__setattr__" not in code.co_names and "_set" not in code.co_names


def test_a_need_for_review_keeps_its_defaults() -> None:
    made = NeedsReview("final")
    assert made.__dict__ == {"text": "final", "report": None, "reason": ""}


def test_every_event_is_built_by_storing_its_payload_into_its_dict() -> None:
    kinds = [ev.Event]
    for kind in kinds:
        kinds += kind.__subclasses__()
    for kind in kinds[1:]:  # (the base has no payload)
        code = kind.__init__.__code__
        assert "_sid" in code.co_names, kind  # the quick init is installed
        assert "__setattr__" not in code.co_names and "_set" not in code.co_names, kind
    made = ev.RunEnded("s", 7, "dba", "complete")
    assert made.__dict__ == {"agent": "dba", "status": "complete", "reason": ""}
    assert (made.session_id, made.run_id) == ("s", 7)
