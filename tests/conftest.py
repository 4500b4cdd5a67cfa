"""Shared fixtures. The no-network switch is on for every test and every subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from coordinator.providers.base import ALLOW_ENV

# Any model request that would leave this machine fails inside tests; subprocesses inherit it.
os.environ[ALLOW_ENV] = "0"
os.environ.pop("ANTHROPIC_API_KEY", None)
os.environ.pop("ANTHROPIC_AUTH_TOKEN", None)
os.environ.pop("ANTHROPIC_BASE_URL", None)

# CI explores a fixed set of examples, so a run is reproducible; locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The ``../shared`` folder; tests using it skip cleanly where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the user's ~/.claude/agents and ~/.config out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("COORDINATOR_CONFIG", raising=False)
