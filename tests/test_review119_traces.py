"""review119: what mend107 and audit107 put in traces. A ``step_ended`` event (a worker's
stall watch or stop ended a model call or hooks) is a span event on its run's span, as the
tree and ``--json`` show it; the person who answered (a name and email) is on a span only
with the content opt-in; a run note's lists and texts are bounded on its span event."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from coordinator import events as ev
from coordinator.telemetry import otel
from coordinator.telemetry.otel import recorder

SID = "s-review119"
PERSON = "Ada Lovelace <ada@example.org>"


def _spans(events: list[ev.Event], *, capture: bool = False) -> dict[str, Any]:
    """The span events of ``invoke_agent ops`` after ``events`` (after its run began)."""
    exporter = InMemorySpanExporter()
    rec = recorder(exporter, capture=capture)
    rec(ev.RunStarted(SID, 1, "ops", "m", 0))
    for event in events:
        rec(event)
    rec.close()
    (span,) = [s for s in exporter.get_finished_spans() if s.name == "invoke_agent ops"]
    return {e.name: dict(e.attributes or {}) for e in span.events}


def test_a_step_a_worker_ended_is_a_span_event_on_its_run() -> None:
    """mend107's ``step_ended`` (in the tree and ``--json``) was missing from traces:
    audit107's run notes, made at the same time, did not list it."""
    what = "a model call with no progress for 2 s (paid, not stored)"
    told = _spans([ev.StepEnded(SID, 1, "ops", "stall", what)])["step_ended"]
    assert told == {"coordinator.by": "stall", "coordinator.what": what}


@pytest.mark.parametrize("capture", [False, True])
def test_the_person_who_answered_is_on_a_span_only_with_the_content_opt_in(
    capture: bool,
) -> None:
    """A person's name and email are personal data: off spans unless content is opted in
    (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT); who answered (a person) always."""
    resumed = ev.Resumed(SID, 1, "ops", "person", "Pro", PERSON)
    told = _spans([resumed], capture=capture)["resumed"]
    person = {"coordinator.person": PERSON} if capture else {}
    assert told == {"coordinator.answered_by": "person", **person}


def test_a_run_notes_lists_and_texts_are_bounded_on_its_span_event() -> None:
    """A Bash call may change 10,000 files (``changes.MAX_FILES``): its ``bash_changed``
    span event keeps the first NOTE_ITEMS, then says how many more; a long text is clipped."""
    files = [[f"dir/file{i:05}.txt", "created"] for i in range(10_000)]
    hidden = ev.ProgramHidden(SID, 1, "ops", "tool", "/tmp/" + "x" * 5000, "s")
    told = _spans([ev.BashChanged(SID, 1, "ops", "toolu_1", files), hidden])
    items, chars = otel.NOTE_ITEMS, otel.NOTE_CHARS
    kept = told["bash_changed"]["coordinator.files"]
    assert len(kept) == items + 1
    assert kept[0] == "created: dir/file00000.txt"
    assert kept[-1] == f"... and {10_000 - items:,} more (coord log has them all)"
    assert len(told["program_hidden"]["coordinator.path"]) == chars
