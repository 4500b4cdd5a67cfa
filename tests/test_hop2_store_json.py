"""The store's compact JSON encoders (one C encoder built once) write exactly what
``json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))`` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coordinator.store import db

CASES: list[Any] = [
    "plain",
    'quote " and \\ backslash, ✅ Ukrainian: звіт, lone \ud800 surrogate',
    0,
    -7,
    1.5,
    2.25e-300,
    float("nan"),
    float("inf"),
    None,
    True,
    [],
    {},
    [1, {"a": [None, "ü", {"deep": [[]]}]}],
    {1: "int key", None: 2, 1.5: 3, False: 4},
    [{"type": "text", "text": "✅ Done\n\n**Status:** Complete"}],
]


def _reference(default: Any = None) -> Any:
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default).encode


@pytest.mark.parametrize("value", CASES)
def test_same_text_as_the_standard_encoder(value: Any) -> None:
    assert db._dumps(value) == _reference()(value)
    assert db._dumps_any(value) == _reference(str)(value)


def test_what_json_cannot_hold() -> None:
    assert db._dumps_any({"path": Path("/x")}) == '{"path":"/x"}'
    with pytest.raises(TypeError, match="PosixPath is not JSON serializable"):
        db._dumps({"path": Path("/x")})


def test_without_the_c_accelerator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    encode = db._compact_encoder(str)
    assert encode(CASES[-1]) == _reference(str)(CASES[-1])
    assert encode({"p": Path("/y")}) == '{"p":"/y"}'
