"""Write one benchmark's section of bench/RESULTS.md, leaving the other sections alone."""

from __future__ import annotations

import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nEach section is rewritten by the script named in it.\n"


def help_asked(doc: str | None) -> None:
    """Print ``doc`` (the script's docstring) and exit 0 when ``-h`` or ``--help`` is given.

    A bench script runs for minutes and rewrites its section of RESULTS.md; asked for help,
    it must do neither."""
    if {"-h", "--help"} & set(sys.argv[1:]):
        print((doc or "").strip())
        raise SystemExit(0)


def write_section(name: str, title: str, script: str, body: str) -> None:
    """Replace (or append) the section ``name`` with ``body`` (Markdown)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"
    )
    block = (
        f"<!-- {name} -->\n## {title}\n\n"
        f"_`python {script}` on {when}, {machine}_\n\n{body.strip()}\n<!-- /{name} -->"
    )
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    text = (
        pattern.sub(lambda _m: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block
    )
    RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")
