"""The suite's own command: the README's, the Makefile's and CI's are one, under xdist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMAND = "python -m pytest -q -n auto"


def test_ci_runs_the_readme_test_command_and_so_does_make() -> None:
    line5 = (REPO / "README.md").read_text(encoding="utf-8").splitlines()[4]
    assert line5.endswith(f"pip install -e '.[test]' && {COMMAND}"), line5
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    [extract] = [line for line in ci.splitlines() if line.startswith("test_cmd=")]
    read = subprocess.run(
        ["bash", "-c", f'{extract}\nprintf %s "$test_cmd"'],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert read.stdout == COMMAND
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test:\n\t\$\(PY\) -m pytest -q -n auto$", make, re.M), make
