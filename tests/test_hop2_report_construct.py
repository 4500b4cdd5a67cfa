"""``AgentReport.of_parts`` builds its instance without ``model_construct``'s per-field loop:
it must make exactly what ``model_construct`` makes (same attributes, fields set, equality,
dumps, copies), so a pydantic upgrade that changes the model's layout fails here."""

from __future__ import annotations

from protocols import AgentReport, Status, parse_report


def _parts() -> dict[str, object]:
    return {
        "summary": "Added the endpoint",
        "changes": ["one", "two"],
        "files": ["app.py"],
        "file_lines": {"app.py": "1-2"},
        "file_groups": {"app.py": "Created"},
        "status": Status.BLOCKED,
        "domain": "database",
        "blocker": "b",
        "required": "schema",
        "raw": "text",
        "domain_written": "Database (D1)",
    }


def test_of_parts_makes_what_model_construct_makes() -> None:
    fast = AgentReport.of_parts(**_parts())  # type: ignore[arg-type]
    slow = AgentReport.model_construct(**_parts())  # type: ignore[arg-type]
    assert fast.__dict__ == slow.__dict__
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.__pydantic_extra__ == slow.__pydantic_extra__
    assert fast.__pydantic_private__ == slow.__pydantic_private__
    assert fast == slow and fast.model_dump_json() == slow.model_dump_json()
    assert fast.raw == "text" and "raw" not in fast.model_dump()
    copy = fast.model_copy(update={"status": Status.COMPLETE})
    assert copy.status is Status.COMPLETE and fast.status is Status.BLOCKED


def test_a_parsed_report_validates_as_itself() -> None:
    report = parse_report("✅ Done\n\n**Files:** a.py\n\n**Status:** Complete\n")
    assert AgentReport.model_validate(report.model_dump()) == report
    assert report.model_fields_set == set(AgentReport.model_fields)


def test_of_parts_pickles_copies_and_validates_as_model_construct() -> None:
    """``report_of`` sets the model's slots by their descriptors on ``object.__new__``'s
    instance: what pickling, deep copies and re-validation read must be the same."""
    import copy
    import pickle

    assert AgentReport.__new__ is object.__new__  # else report_of would skip a __new__
    fast = AgentReport.of_parts(**_parts())  # type: ignore[arg-type]
    slow = AgentReport.model_construct(**_parts())  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(fast)).__dict__ == slow.__dict__
    assert copy.deepcopy(fast).__getstate__() == copy.deepcopy(slow).__getstate__()
    assert AgentReport.model_validate(fast.model_dump()) == slow
    assert repr(fast) == repr(slow)
