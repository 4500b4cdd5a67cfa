"""``background: true``: a ``coord run`` whose routed agent asks to run in the background.

Claude Code starts such a sub-agent as a background task. ``coord run`` does the nearest
thing a CLI can: it routes the request (lexically, or to ``--agent``), and when that agent
says ``background: true`` it starts the same run as a detached process (its own session,
stdin closed, output to ``WORKSPACE/.coordinator/background/<pid>.log``) with the same
arguments, the agent fixed and ``--foreground``, prints the process id and returns at
once. The session shows in ``coord sessions`` like any other; ``coord log`` shows its
chain. ``--foreground`` (and ``--json``, ``--batch``) keep a run in the foreground.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
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


def start_detached(argv: list[str], workspace: Path) -> tuple[int, Path]:
    """Start ``coord ARGV`` as a detached process (in this working directory, so relative
    paths and the project's ``.claude/`` mean the same); its pid and log file."""
    folder = workspace / BACKGROUND_DIR
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="starting-", suffix=".log", dir=folder)
    log = Path(name)
    with os.fdopen(handle, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coordinator", *argv],
            cwd=Path.cwd(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=os.environ.copy(),
        )
    final = folder / f"{proc.pid}.log"
    log.rename(final)  # the child keeps writing to the same open file
    return proc.pid, final
