"""``background: true``: a ``coord run`` whose routed agent asks to run in the background.

Claude Code starts such a sub-agent as a background task. ``coord run`` does the nearest
thing a CLI can: it routes the request (lexically, or to ``--agent``), and when that agent
says ``background: true`` it starts the same run as a detached process (its own session,
stdin closed, output to ``WORKSPACE/.coordinator/background/<pid>.log``) with the agent
fixed and ``--foreground``, prints the process id and returns at once. The session shows
in ``coord sessions`` like any other; ``coord log`` shows its chain. ``--foreground`` (and
``--json``, ``--batch``) keep a run in the foreground.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route

BACKGROUND_DIR = Path(".coordinator") / "background"


def background_agent(registry: Registry, request: str, agent: str | None) -> str | None:
    """The agent ``request`` goes to when it has ``background: true``; None otherwise."""
    name = agent or route(request, registry).agent
    if name is None or name not in registry:
        return None
    return name if registry.get(name).extra.get("background") is True else None


def detach(argv: list[str], workspace: Path) -> tuple[int, Path]:
    """Start ``coord ARGV`` as a detached process; its pid and log file."""
    folder = workspace / BACKGROUND_DIR
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="starting-", suffix=".log", dir=folder)
    log = Path(name)
    with os.fdopen(handle, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coordinator", *argv],
            cwd=workspace,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=os.environ.copy(),
        )
    final = folder / f"{proc.pid}.log"
    log.rename(final)  # the child keeps writing to the same open file
    return proc.pid, final


def run_argv(
    request: str,
    options: Mapping[str, str | Path | None],
    switches: Sequence[str] = (),
    repeated: Mapping[str, Sequence[str | Path]] | None = None,
) -> list[str]:
    """``run REQUEST --flag value ... --switch ... --foreground`` for the detached process:
    ``options`` given a value, every ``switches`` flag, each ``repeated`` value."""
    argv = ["run", request]
    for flag, value in options.items():
        if value is not None:
            argv += [flag, str(value)]
    for flag, values in (repeated or {}).items():
        for value in values:
            argv += [flag, str(value)]
    return [*argv, *switches, "--foreground"]
