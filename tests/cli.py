"""Run the real ``coord`` CLI in a subprocess, the way a user does (shared by the tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def coord(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m coordinator ARGS``; ``env`` is added to this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **env} if env else None,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
