"""shell71: review70's two leftovers, mended.

1. A repository source registered as ``https://github.com/evil/m.GIT`` (or with trailing
   slashes) escaped a managed block on ``evil/m``: ``.git`` was stripped before lower-casing.
2. A refused CLI value holding a newline split the one-line usage error over two lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

from coordinator.errors import EXIT_USER_ERROR

_BLOCK = {"blockedMarketplaces": [{"source": "github", "repo": "evil/m"}]}


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/evil/m.GIT",
        "https://github.com/Evil/M.Git/",
        "https://github.com/evil/m.git//",
        "git@github.com:evil/m.GIT",
    ],
)
def test_a_blocked_repository_is_blocked_whatever_the_case_of_its_git_suffix(url: str) -> None:
    from coordinator.roster.marketplaces import MarketGate

    known = {"evil": {"source": {"source": "git", "url": url}}}
    gate = MarketGate.of(_BLOCK, [known])
    assert "blocked" in (gate.refusal("tool@evil") or ""), url


def test_another_repository_is_not_blocked() -> None:
    from coordinator.roster.marketplaces import MarketGate

    known = {"ok": {"source": {"source": "git", "url": "https://github.com/evil/m-git.GIT"}}}
    assert MarketGate.of(_BLOCK, [known]).refusal("tool@ok") is None


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1\n2", "--limit: '1\\n2' is not a whole number"),
        ("1\x1b[2J", "--limit: '1\\x1b[2J' is not a whole number"),
    ],
)
def test_a_refused_value_with_control_characters_stays_on_its_line(
    tmp_path: Path, value: str, said: str
) -> None:
    ran = coord("sessions", "--limit", value, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr == f"error: {said}\n"
    as_json = coord("sessions", "--limit", value, "--json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["error"] == said
