"""The CLI's start path stays light: no Anthropic SDK, no HTTP stack, on the commands that
must answer instantly. Checked in a fresh subprocess, the way a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "anthropic",
    "httpx2",
    "httpx",
    "jiter",
    "coordinator.engine",
    "coordinator.providers.anthropic",
)

PROBE = """
import json, sys
sys.argv = ["coord", *json.loads(sys.argv[1])]
from coordinator.cli.app import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES=" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded_modules(args: list[str]) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_light_commands_do_not_import_heavy_modules(args: list[str]) -> None:
    modules = loaded_modules(args)
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == [], f"coord {' '.join(args)} imported {heavy}"


def test_probe_detects_a_heavy_import() -> None:
    """Guard against a probe that cannot fail: importing the SDK must show up."""
    proc = subprocess.run(
        [sys.executable, "-c", "import anthropic, sys; print('anthropic' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.strip() == "True"


def test_version_and_bad_flag_exit_codes() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "coordinator", "--version"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("coord ")
    bad = subprocess.run(
        [sys.executable, "-m", "coordinator", "--bogus"], capture_output=True, text=True
    )
    assert bad.returncode == 4
    assert "--bogus" in bad.stderr
    assert "Traceback" not in bad.stderr
