"""shell71: a script's line under a deny rule refuses what could rewrite the script, not
every other program.

shell70 refused a line where any other program ran before or beside a script a rule
read (``./build.sh && ./test.sh``, ``./ok.sh && ./ok.sh``), since it could rewrite the
script after the check. Now a program counts only when it could write it: a workspace
shell script run before it counts when its own commands (read, scripts they run too) could
(a write naming it, a folder holding it, another name of it; a program that may write
anything); a write (redirection, ``tee``/``touch``/``mkdir``) counts when it could reach
it on the disk. Each race still closed is first run by ``/bin/bash`` with shell69's
logging ``rm`` stub (:func:`ran_rm`), including two shell70 left open: a script run by
``sh``/``.`` before it that rewrites it, and a script that rewrites itself as it runs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.security.test_shell69 import ran_rm, refusal

OK = "#!/bin/sh\necho ok\n"
FILES = {
    "ok.sh": OK,
    "test.sh": "#!/bin/sh\necho testing\n",
    "build.sh": "#!/bin/sh\necho building > build.log\nmkdir -p out\nls out\n",
    "w.sh": "#!/bin/sh\nprintf 'rm x\\n' > ok.sh\n",
    "w.py": "open('ok.sh', 'w').write('rm x\\n')\n",
    "py.sh": "#!/bin/sh\n/usr/bin/python3 w.py\n",
    "p.sh": "sh w.sh\nsh ok.sh\n",
    "self.sh": "#!/bin/sh\nprintf 'rm x\\n' >> self.sh\n",
    "parent.sh": "#!/bin/sh\nsh grow.sh\necho grown\n",
    "grow.sh": "printf 'rm x\\n' >> parent.sh\n",
    "ls": "#!/bin/sh\nprintf 'rm x\\n' > ok.sh\n",
    "up.sh": "cd sub\nprintf 'rm x\\n' > ../ok.sh\n",
}


def _put(root: Path) -> None:
    for name, text in FILES.items():
        (root / name).write_text(text, encoding="utf-8")
        (root / name).chmod(0o755)
    (root / "sub").mkdir(exist_ok=True)
    for link in ("lnk", "hard"):
        (root / link).unlink(missing_ok=True)
    (root / "lnk").symlink_to("ok.sh")
    os.link(root / "ok.sh", root / "hard")


@pytest.mark.parametrize(
    "command",
    [
        "./build.sh && ./test.sh",
        "./ok.sh && ./ok.sh",
        "sh build.sh; sh test.sh",
        ". ./build.sh && ./test.sh",
        "./build.sh > out.log 2>&1 && ./test.sh",
        "echo start > progress.log; ./test.sh",
        "cat test.sh && ./test.sh",
        "sed -n 1p test.sh && ./test.sh",
        "find . -name '*.sh' && ./test.sh",
        "mkdir -p out && ./test.sh | tee out/test.log",
        "/bin/ls; ./test.sh",
    ],
)
def test_a_line_whose_other_commands_cannot_write_the_script_runs(
    command: str, tmp_path: Path
) -> None:
    _put(tmp_path)
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("sh w.sh; sh ok.sh", "runs w.sh (which writes ok.sh) before it or beside it"),
        (". ./w.sh; ./ok.sh", "runs ./w.sh (which writes ok.sh) before it"),
        ("./w.sh && ./ok.sh", "runs ./w.sh (which writes ok.sh) before it"),
        ("./py.sh && ./ok.sh", "runs ./py.sh (which runs /usr/bin/python3) before it"),
        ("sh p.sh", "runs w.sh (which writes ok.sh) before it"),
        ("printf 'rm x\\n' > lnk; ./ok.sh", "could change it before it runs (it writes lnk)"),
        ("printf 'rm x\\n' > hard; ./ok.sh", "could change it before it runs (it writes hard)"),
        ("printf 'rm x\\n' > sub/../ok.sh; ./ok.sh", "(it writes sub/../ok.sh)"),
        ("printf 'rm x\\n' > /proc/self/cwd/ok.sh; ./ok.sh", "(it writes /proc/self/cwd/ok.sh)"),
        ("PATH=.:$PATH; ls; ./ok.sh", "runs ls before it or beside it"),
        ("sh up.sh; ./ok.sh", "runs up.sh (which writes ../ok.sh) before it"),
        ("./self.sh", "it could rewrite itself as it runs (it writes self.sh)"),
        ("./parent.sh", "could rewrite itself as it runs (it runs grow.sh (which writes"),
    ],
)
def test_a_line_that_could_rewrite_the_script_first_is_still_refused(
    command: str, said: str, tmp_path: Path
) -> None:
    _put(tmp_path)
    assert ran_rm(command, tmp_path)
    _put(tmp_path)  # (as the check reads it)
    assert said in (refusal(command, tmp_path) or "")


def test_a_program_outside_the_system_folders_named_like_ls_still_counts(tmp_path: Path) -> None:
    """``/tmp/…/ls`` is no ls: a program an agent could have written (START took it for
    ls by its name, so it ran rm)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    _put(ws)
    (tmp_path / "ls").write_text(FILES["ls"], encoding="utf-8")
    (tmp_path / "ls").chmod(0o755)
    command = f"{tmp_path}/ls; ./ok.sh"
    assert ran_rm(command, ws)
    _put(ws)
    assert f"runs {tmp_path}/ls before it" in (refusal(command, ws) or "")
