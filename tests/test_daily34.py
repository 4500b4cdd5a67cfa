"""daily34: rough edges a demanding daily user of ``coord`` met (second round of daily33's
list), each checked where the user meets it: the command's message and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from kit import workspace

from coordinator.errors import EXIT_USER_ERROR

# ---- what the user typed wrong is named before anything about the environment -----------


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API key in the environment (a new machine, a fresh shell)."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)


@pytest.mark.parametrize("extra", [[], ["--json"], ["--foreground"]])
@pytest.mark.usefixtures("no_key")
def test_an_unknown_agent_is_named_before_the_missing_key(tmp_path: Path, extra: list[str]) -> None:
    ws = workspace(tmp_path)
    done = coord("run", "hello", "--agent", "nobody", "-w", ws, *extra, cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.startswith("error: unknown agent: nobody"), done.stderr
    assert "API_KEY" not in done.stderr
