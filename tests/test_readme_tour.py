"""The README's tour runs top to bottom, exactly as written, with the scripted provider
added to its ``coord run`` commands (as the README says to run it offline). Real processes:
these are the commands a newcomer types. A line that is plain words and double-quoted
strings runs as the argv a shell would make of it (``~/`` expanded), forked by the test
zygote (see zygote.py); the ``coord route`` line, and any line using more of the shell's
syntax, runs in ``bash -c`` as typed, exec'ing the installed ``coord`` script."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import zygote

REPO = Path(__file__).resolve().parents[1]
OFFLINE = " --provider scripted --script examples/tour-script.yaml"
#: ``coord`` and words a shell leaves as they are: plain, or in double quotes without $ ` \
SIMPLE = re.compile(r"""coord( +("[^"$`\\]*"|[^\s"'$`\\|&;<>()*?\[\]{}!#=]+))* *""")


def argv_of(line: str, home: Path) -> list[str] | None:
    """The argv bash makes of a simple ``line``; None when it needs the shell itself."""
    if line.startswith("coord route") or not SIMPLE.fullmatch(line):
        return None
    return [str(home) + w[1:] if w.startswith("~/") else w for w in shlex.split(line)]


def tour_commands() -> list[str]:
    """The command lines of the README's "A tour" block (comments dropped)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## A tour", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None, "the tour has no bash block"
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block[1].splitlines()]
    return [line for line in lines if line]


def test_the_readme_tour_runs_as_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "COORDINATOR_", "ANTHROPIC_"))
    }
    env["HOME"] = str(home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    out: dict[str, subprocess.CompletedProcess[str]] = {}
    for line in tour_commands():
        if line.startswith("export ANTHROPIC_API_KEY"):
            continue  # the offline tour needs no key
        command = line + OFFLINE if line.startswith("coord run ") else line
        argv = argv_of(command, home)
        start = subprocess.run if argv is None else zygote.run
        proc = start(
            ["bash", "-c", command] if argv is None else argv,
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )
        expected = 3 if line.startswith('coord run "Add GET') else 0  # waits for a person
        assert proc.returncode == expected, f"{line}\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr, proc.stderr
        out[line.split()[1] + (" " + line.split()[2] if len(line.split()) > 2 else "")] = proc
    run = next(p for k, p in out.items() if k.startswith('run "Add'))
    sid = re.search(r"session ([0-9a-f]{12})", run.stdout)
    assert sid is not None, run.stdout
    assert f"coord log {sid[1]} --workspace {home / 'taskboard'}" in run.stdout
    assert sid[1] in out["sessions"].stdout
    assert "Blocked on Product" in out["log"].stdout
    assert "Use the email column of users" in out["log --transcript"].stdout
    assert "fastapi-backend-expert" in out["stats"].stdout
