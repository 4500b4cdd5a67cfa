"""review76: shell74's two readings that let a line run a script unread, a venv's
``activate`` made just before and a script written from literal text, trusted the
writing command to have run: a line whose write may not happen (``;``, ``||``, ``!``, a
command that succeeds writing nothing: ``python3 -m venv --help``, ``--upgrade``, ``echo
virtualenv .venv``) ran a workspace file already there. Each is run by ``/bin/bash`` in a
scratch folder holding that file with ``rm f`` in it, ``rm`` a logging stub
(:func:`tests.security.test_shell73.ran_rm`), and read by the deny rule ``Bash(rm:*)``."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from tests.security import test_shell73
from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import ran_rm, refused_by_rm
from tests.security.test_shell74 import ran

#: A venv's activate the write before may not have written (it is the workspace's).
NOT_WRITTEN_ACTIVATE = [
    "/usr/bin/python3 -m venv --help .venv && . .venv/bin/activate",
    "/usr/bin/python3 -m venv .venv -h && . .venv/bin/activate",
    "/usr/bin/python3 -m venv --upgrade .venv && . .venv/bin/activate",
    "/usr/bin/python3 -m venv .venv --bogus || . .venv/bin/activate",
    "/usr/bin/python3 -m venv .venv --bogus ; . .venv/bin/activate",
    "! /usr/bin/python3 -m venv --bogus .venv && . .venv/bin/activate",
    "/usr/bin/python3 -c pass -m venv .venv && . .venv/bin/activate",
    "echo virtualenv .venv && . .venv/bin/activate",
    "echo uv venv && . .venv/bin/activate",
]
#: A literal script the line may not have written before running it.
NOT_WRITTEN_SCRIPT = [
    "false && printf 'echo hi\\n' > s.sh; bash s.sh",
    "false && printf 'echo hi\\n' > s.sh; ./s.sh",
    "true || echo hi > s.sh; ./s.sh",
    "set -C; printf 'echo hi\\n' > s.sh; ./s.sh",
    "set -C && printf 'echo hi\\n' > s.sh || ./s.sh",
    "false && echo hi > s.sh || ./s.sh",
    "false && echo hi > s.sh # '\n./s.sh # '",
]
#: A literal script that a program run after its writing, naming no file, rewrites.
REWRITTEN_SCRIPT = [
    "printf 'echo f\\n' > s.sh && sed -i s/echo/rm/ *.sh && chmod +x s.sh && ./s.sh",
    "printf 'echo f\\n' > s.sh && cp sub/* . && chmod +x s.sh && ./s.sh",
    "printf 'echo f\\n' > s.sh && tar xf a.tar && ./s.sh",
]


@pytest.mark.parametrize("command", NOT_WRITTEN_ACTIVATE)
def test_an_activate_the_line_may_not_write_is_read(command: str, tmp_path: Path) -> None:
    """A workspace ``.venv/bin/activate`` holding ``rm f``, and a line whose venv command
    may write no activate before it is sourced: the workspace's is read (refused), since
    bash runs it."""
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "activate").write_text("rm f\n", encoding="utf-8")
    refused_by_rm(command, tmp_path)
    assert ran_rm(command, tmp_path)


@pytest.mark.parametrize("command", NOT_WRITTEN_SCRIPT)
def test_a_script_the_line_may_not_write_is_read(command: str, tmp_path: Path) -> None:
    """A workspace ``s.sh`` holding ``rm f``, and a line whose ``printf``/``echo`` may
    not write it before it runs: the workspace's script is read (refused)."""
    (tmp_path / "s.sh").write_text("rm f\n", encoding="utf-8")
    (tmp_path / "s.sh").chmod(0o755)
    refused_by_rm(command, tmp_path)
    assert ran_rm(command, tmp_path)


@pytest.mark.parametrize("command", REWRITTEN_SCRIPT)
def test_a_script_rewritten_after_its_writing_is_refused(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``printf 'echo f\\n' > s.sh && sed -i s/echo/rm/ *.sh && ./s.sh``: a program between
    the writing and the run may rewrite the script (here a glob, a copy of ``sub/*``, an
    archive holding ``s.sh`` with ``rm f``): not taken as the text written (refused)."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "s.sh").write_text("rm f\n", encoding="utf-8")
    (tmp_path / "sub" / "s.sh").chmod(0o755)
    with tarfile.open(tmp_path / "a.tar", "w") as archive:
        archive.add(tmp_path / "sub" / "s.sh", arcname="s.sh")
    refused_by_rm(command, tmp_path)
    monkeypatch.setattr(test_shell73, "_LINKED", (*test_shell73._LINKED, "tar"))
    assert ran_rm(command, tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && pytest -q",
        "python3 -m venv --clear --prompt 'my env' .venv && . .venv/bin/activate",
        "uv venv --seed -p 3.11 && . .venv/bin/activate",
        "printf 'echo a; echo b || true\\n' > s.sh && chmod +x s.sh && ./s.sh",
        "echo 'echo hi' > s.sh && bash s.sh && echo done",
    ],
)
def test_a_line_that_writes_then_runs_still_runs(command: str, tmp_path: Path) -> None:
    """The everyday lines stay let through (no file there yet)."""
    assert refusal(command, tmp_path) is None


#: gdb's commands that run another command given as their text (each ran rm in gdb 13).
GDB_RUNS_ANOTHER = [
    "gdb -batch -ex 'eval \"shell rm f\"'",
    "gdb -batch -ex 'ev \"shell rm f\"'",
    "gdb -batch -ex 'with print pretty -- shell rm f'",
    "gdb -batch -ex 'w print pretty -- shell rm f'",
    "gdb -batch -ex 'interpreter-exec console \"shell rm f\"'",
    "gdb -batch -ex 'interp console \"shell rm f\"'",
    "gdb -batch -ex 'file /bin/true' -ex 'set exec-wrapper rm f' -ex run",
]


@pytest.mark.parametrize("command", GDB_RUNS_ANOTHER)
def test_a_gdb_command_running_another_is_refused(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gdb's ``eval``, ``with … --``, ``interpreter-exec`` and ``set exec-wrapper`` run a
    command line of theirs (``shell rm f``): not read, refused, as ``pipe`` and
    ``python`` are (each runs rm in bash where gdb is installed)."""
    refused_by_rm(command, tmp_path)
    assert ran(command, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "command",
    [
        "gdb -batch -ex run -ex bt --args ./a.out",
        "gdb -batch -ex 'where' -ex 'info frame' ./a.out",
        "gdb -batch -ex 'break main' -ex 'watch x' ./a.out",
        "gdb -batch -ex 'set print pretty on' -ex 'frame 1' ./a.out",
    ],
)
def test_an_everyday_gdb_line_still_runs(command: str, tmp_path: Path) -> None:
    """gdb lines that run no other command stay let through."""
    assert refusal(command, tmp_path) is None


#: A SHELL the line sets, which vim runs its ``!`` commands with (``rm -c ls``).
SHELL_SET = [
    "SHELL=rm vim -es -c '!ls' -c q",
    "export SHELL=rm && vim -es -c '!ls' -c q",
    "SHELL=/bin/rm vim -es -c 'r !ls' -c q",
]


@pytest.mark.parametrize("command", SHELL_SET)
def test_a_shell_the_line_sets_is_read_as_a_command(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``SHELL=rm vim -c '!ls'``: vim (gdb, less, ssh's ProxyCommand) runs a command line
    of its own as ``$SHELL -c LINE``, so SHELL's value is read as a command, as PAGER's
    is (each runs rm in bash where vim is installed)."""
    refused_by_rm(command, tmp_path)
    if command.startswith("SHELL=/bin/rm"):  # (the stub is rm on PATH, not /bin/rm)
        return
    assert ran(command, tmp_path, monkeypatch, "vim")


#: A shell's string whose backslash-newline the inner shell joins (``r\`` then ``m f``).
CONTINUED_INSIDE = [
    'sh -c "r\\\\\nm f"',
    'bash -c "echo a; r\\\\\nm f"',
    'timeout 5 sh -c "r\\\\\nm f"',
]


@pytest.mark.parametrize("command", CONTINUED_INSIDE)
def test_a_line_continued_inside_a_shells_string_is_read_joined(
    command: str, tmp_path: Path
) -> None:
    """``sh -c "r\\\\<newline>m f"``: the outer shell passes ``r\\<newline>m f``, which
    the inner joins to ``rm f``; the string's newline was read as a blank (``r\\ m f``)
    and let through (each runs rm in bash)."""
    refused_by_rm(command, tmp_path)
    assert ran_rm(command, tmp_path)
