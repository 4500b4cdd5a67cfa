"""trust35: the guard's proof by change times, with the system's clock set back.

A git directory that the last walk did not find is the user's (its hooks and settings
kept) only when the file system's change times prove it was there before the command
started (:func:`coordinator.tools.gitdirs.there_before`). Change times come from the
system's clock: set back while a command runs (a time service stepping it, a leap
second), what the command makes then is stamped before it started. No command can set the
clock (it has no capability), so the step is simulated: the command's starting point is
taken as it would have been read before a step back of a minute (change time and the
system's lead over the monotonic clock alike), the real clock is never touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from kit import needs_bwrap, sandboxed_bash

from coordinator.tools import gitdirs

#: The step back simulated (nanoseconds).
STEP_NS = 60 * 1_000_000_000


def before_a_step_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each guard's starting point (:func:`gitdirs.clock`) as read a minute ahead: as if the
    system's clock was set back by a minute since."""
    real = gitdirs.clock

    def clock(folder: Path) -> gitdirs.Clock | None:
        now = real(folder)
        if now is None:
            return None
        return gitdirs.Clock(now.device, now.ctime_ns + STEP_NS, now.offset_ns + STEP_NS)

    monkeypatch.setattr(gitdirs, "clock", clock)


def test_a_clock_set_back_since_is_seen_and_one_left_alone_is_not(tmp_path: Path) -> None:
    now = gitdirs.clock(tmp_path)
    assert now is not None
    assert not gitdirs.stepped_back(now)
    ahead = gitdirs.Clock(now.device, now.ctime_ns + STEP_NS, now.offset_ns + STEP_NS)
    assert gitdirs.stepped_back(ahead)
    assert gitdirs.changed_since(tmp_path, ahead)  # no change time proves it older then


@needs_bwrap
def test_a_repository_a_command_makes_after_the_clock_was_set_back_keeps_no_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock is set back while a command runs: the repository it makes (an fsmonitor,
    a hook), stamped before the command started, is still the command's, its hook and
    fsmonitor removed; the user's git status there runs nothing."""
    ws = tmp_path / "ws"
    ws.mkdir()
    marker = tmp_path / "USER_GIT_RAN"
    sandboxed_bash(ws, "mkdir -p vendor && true")  # the walk the next guard judges by
    before_a_step_back(monkeypatch)
    command = (
        f"git init -q vendor/lib && git -C vendor/lib config core.fsmonitor 'touch {marker}; "
        f"true' && printf '#!/bin/sh\\ntouch {marker}\\n' > vendor/lib/.git/hooks/pre-commit "
        "&& chmod +x vendor/lib/.git/hooks/pre-commit && echo ok"
    )
    text = sandboxed_bash(ws, command).content
    assert "vendor/lib/.git/hooks/pre-commit: removed" in text, text
    assert "vendor/lib/.git/config: core.fsmonitor removed" in text
    subprocess.run(["git", "status"], cwd=ws / "vendor" / "lib", capture_output=True, check=True)
    assert not marker.exists()
