"""Source hygiene the interpreter itself reports: every module compiles without a warning
(an invalid escape sequence in a docstring is a SyntaxWarning from Python 3.12 and meant to
become an error)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    path
    for package in ("coordinator", "protocols", "bench")
    for path in (ROOT / package).rglob("*.py")
)


def test_every_module_compiles_without_a_warning() -> None:
    assert len(SOURCES) > 100
    warned: list[str] = []
    for path in SOURCES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        warned.extend(f"{path.relative_to(ROOT)}: {w.message}" for w in caught)
    assert warned == []


@pytest.mark.parametrize("text", ['"""a \\` b"""\n'])
def test_the_check_sees_an_invalid_escape(text: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile(text, "probe.py", "exec")
    assert caught, "compile() must report an invalid escape sequence"
