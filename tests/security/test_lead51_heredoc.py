"""lead51: an interpreter's here-document body that starts no program is not read for
command names the shell builds (``print([1,2])``: its ``[1,2]`` was taken for a glob
naming a command, and an everyday ``python3 - <<'EOF'`` was refused under a deny rule);
one that may start a program still is, and a denied name in either still is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import ran_rm, refused_by_rm

EVERYDAY = [
    "python3 - <<'EOF'\nprint([1,2])\nEOF",
    "python3 - <<'EOF'\nimport json\nrows = [{'a': [1, 2]}]\nprint(json.dumps(rows))\nEOF",
    "python3 <<'EOF'\nfrom pathlib import Path\n"
    "print(sorted(p.name for p in Path('.').glob('*.py')))\nEOF",
    "ruby - <<'EOF'\nputs([1,2].sum)\nEOF",
    "cat <<'EOF' | node\nconsole.log([1,2])\nEOF",
]


@pytest.mark.parametrize("command", EVERYDAY)
def test_an_interpreters_body_that_starts_no_program_runs(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None


STARTS = [
    "perl - <<'EOF'\nmy $c = 'r' . 'm';\n`$c f`;\nEOF",
    "perl - <<'EOF'\n`/bin/r? f`;\nEOF",
    "python3 - <<'EOF'\nimport os\nos.system('$(echo r)m f')\nEOF",
    "python3 - <<'EOF'\nimport os\nos.system('rm f')\nEOF",
    "python3 - <<'EOF'\nx = ('rm f')\nEOF",
    "python3 - <<EOF\nprint('$(rm f)')\nEOF",
]


@pytest.mark.parametrize("command", STARTS)
def test_a_body_that_may_start_a_program_or_names_rm_is_still_refused(
    command: str, tmp_path: Path
) -> None:
    refused_by_rm(command, tmp_path)


def test_the_perl_line_refused_really_runs_rm(tmp_path: Path) -> None:
    """(The first STARTS line is no hypothetical: perl runs the built rm.)"""
    assert ran_rm(STARTS[0], tmp_path)
