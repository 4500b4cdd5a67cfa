"""tidy102: a skill command whose sandbox cannot start is a note, not a crash of the run.

compat100 ran a skill's ``!`command``` through the agent's own Bash tool; when bubblewrap
could not set the sandbox up (the tool's ``ToolError``: what an agent's Bash call reads as
an error result), the error escaped a preloaded skill's rendering, the run's first drive:
``coord run`` ended on a traceback with its session left ``running``. Now the command stays
as written with a note saying why, as a refused one does. Real engine, scripted provider
(the ``anthropic`` SDK over its transport), real SKILL.md files and a real ``bwrap`` that
fails to set up (a mount of a folder that does not exist).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from kit import rows
from test_compat100_skill_shell import agent, invoke, preload, setup

from coordinator.tools import sandbox, shell
from coordinator.tools.sandbox import SETUP_FAILED

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")

#: A folder that does not exist, which the broken sandbox mounts over (bwrap fails).
GONE = "/coord-tidy102-gone/folder"


@pytest.fixture
def broken_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Bash command line asks bwrap to mount over :data:`GONE`: it never starts."""
    assert not Path(GONE).parent.exists()
    real = sandbox.bwrap_argv

    def argv(*args: Any, **kwargs: Any) -> list[str]:
        built = real(*args, **kwargs)
        at = built.index("--chdir")
        built[at:at] = ["--tmpfs", GONE, "--remount-ro", GONE]
        return built

    monkeypatch.setattr(shell, "bwrap_argv", argv)


@pytest.mark.usefixtures("broken_sandbox")
async def test_a_preloaded_skills_command_whose_sandbox_fails_is_a_note(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    result, system = await preload(tmp_path, ws, agent(extra={"skills": ["status"]}), bash=True)

    assert str(result.status) == "complete"
    assert f"Marker: !`cat marker.txt`\n[coord did not run this skill command: {SETUP_FAILED}" in (
        system
    )
    assert GONE in system
    assert "marker-7f3a" not in system
    assert rows(tmp_path / "s.db", "SELECT status FROM sessions") == [("complete",)]


@pytest.mark.usefixtures("broken_sandbox")
async def test_an_invoked_skills_command_whose_sandbox_fails_is_a_note(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    result, text = await invoke(tmp_path, ws, agent(), bash=True)

    assert str(result.status) == "complete"
    assert f"Marker: !`cat marker.txt`\n[coord did not run this skill command: {SETUP_FAILED}" in (
        text
    )
    assert f"Session {result.session_id} at effort low." in text  # the rest of the skill
