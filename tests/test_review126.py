"""review126: daily108's script-facing output, as a script uses it."""

from __future__ import annotations

import hashlib
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from cli import coord

# ---- coord agents new --json: its `try` commands run from any folder ---------------------


def test_agents_new_json_try_commands_name_the_folder_as_agents_dir_does(tmp_path: Path) -> None:
    """``coord agents new NAME --agents-dir elsewhere --json`` gave ``agents_dir`` absolute
    but ``try`` with ``--agents-dir elsewhere`` as typed: a script running ``try`` from
    another folder (its own) was told the agent does not exist. Both name it absolute."""
    made = coord("agents", "new", "qa-expert", "--domain", "Tests", "-t", "pytest",
                 "--agents-dir", "elsewhere", "--json", cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    said = json.loads(made.stdout)
    folder = str(tmp_path / "elsewhere")
    assert said["agents_dir"] == folder
    assert said["try"] == [
        ["coord", "route", "pytest", "--agents-dir", folder],
        ["coord", "agents", "show", "qa-expert", "--agents-dir", folder],
    ]
    shown = coord(*said["try"][1][1:], "--json", cwd=tmp_path / "elsewhere")
    assert shown.returncode == 0, shown.stderr


# ---- JSON is written as it is encoded (coord sessions --json, every session) --------


class _Sink:
    """stdout for the test: keeps only the text's length and digest (no copy of it)."""

    def __init__(self) -> None:
        self.size, self.digest = 0, hashlib.sha256()

    def write(self, text: str) -> int:
        self.size += len(text)
        self.digest.update(text.encode())
        return len(text)

    def flush(self) -> None:
        pass


def test_json_is_written_as_it_is_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """``coord sessions --json`` lists every session since daily108: 50,000 stored took
    346 MB, of which 157 MB for its JSON text, built whole (and escaped: a second copy)
    before the first byte was written. It is written as it is encoded, the same
    text: memory holds a piece of the text, not all of it."""
    from coordinator.cli.common import emit_json

    listed = [
        {"session": f"{n:012x}", "request": "Add a refund endpoint " * 10, "agent": "backend",
         "tokens": n, "question": None, "resume": ["coord", "resume", f"{n:012x}"]}
        for n in range(5000)
    ]  # fmt: skip
    listed[7]["request"] = "line\u2028separator \x85 and\nnewline"
    monkeypatch.setattr(sys, "stdout", _Sink())
    emit_json(listed[:1])  # what a first call sets up once is not the list's
    sink = _Sink()
    monkeypatch.setattr(sys, "stdout", sink)
    tracemalloc.start()
    try:
        emit_json(listed)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    whole = json.dumps(listed, ensure_ascii=False, indent=2)
    whole = whole.replace("\u2028", "\\u2028").replace("\x85", "\\u0085") + "\n"
    assert (sink.size, sink.digest.hexdigest()) == (
        len(whole),
        hashlib.sha256(whole.encode()).hexdigest(),
    )
    assert peak < sink.size / 8, (peak, sink.size)
