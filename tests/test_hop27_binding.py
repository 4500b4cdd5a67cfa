"""Issue 12, hop27: parameters bound without the sqlite3 module's adaptation protocol, and
``safe_params`` scanning each string once without a call per string.

* The status enums (``StrEnum``) are bound by an adapter registered for each: stored as the
  same text, typed ``text``, as a ``str`` subclass was before.
* ``safe_params`` looks for an Anthropic key's shape and a URL inline; a string with a URL
  is handed to ``safe_str``: a URL's password is still redacted, a URL without one (or a
  masked one) is kept as it was.
"""

from __future__ import annotations

import sqlite3

import pytest

from coordinator.sanitize import REDACTED, safe_params
from coordinator.status import DelegationStatus, RunStatus, SessionStatus, WaitReason
from coordinator.store import transactions  # noqa: F401  (registers the adapters)


@pytest.mark.parametrize(
    "status",
    [RunStatus.BLOCKED, SessionStatus.WAITING, DelegationStatus.CONSULTING, WaitReason.BUDGET],
)
def test_a_status_is_bound_as_its_text(status: str) -> None:
    db = sqlite3.connect(":memory:")
    value, kind = db.execute("SELECT ?, typeof(?)", (status, status)).fetchone()
    assert (value, kind) == (str(status), "text")
    assert type(value) is str


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("see https://user:hunter2@example.com/x", f"see https://user:{REDACTED}@example.com/x"),
        ("✅ git clone https://me:tok3n@host/r", f"✅ git clone https://me:{REDACTED}@host/r"),
    ],
)
def test_a_url_password_in_a_parameter_is_still_redacted(value: str, expected: str) -> None:
    assert safe_params((1, "ok", value), ()) == (1, "ok", expected)
    assert safe_params({"a": value, "b": None}, ()) == {"a": expected, "b": None}


@pytest.mark.parametrize(
    "value", ["docs at https://example.com/a?b=c", "https://user:***@host/x", "a://b"]
)
def test_a_url_without_a_password_is_kept(value: str) -> None:
    assert safe_params(("ok", value), ()) == ("ok", value)


class _Text(str):
    """A ``str`` subclass: scanned like a ``str`` (hop35 skips only exact ints, floats, None)."""


def test_a_rows_numbers_are_kept_and_its_strings_still_scanned() -> None:
    key = "sk-ant-api03-" + "x" * 40
    plain = (3, 2.5, None, True, "ok", _Text("fine"))
    assert safe_params(plain, ()) is plain
    scrubbed = safe_params((3, 2.5, None, True, _Text(key)), ())
    assert scrubbed[:4] == (3, 2.5, None, True) and key not in scrubbed[4]
    assert REDACTED in scrubbed[4]
