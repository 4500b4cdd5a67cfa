"""Why a command could not run a program the Bash sandbox hides, and what shows it.

The sandbox shows HOME and ``/tmp`` empty, so a toolchain there (pyenv, nvm, a virtual
environment in ``/tmp``) is gone for commands, and so is everything that leads into it: a
project's ``.venv/bin/python`` whose link leads to ``~/.pyenv/versions/…``, a script whose
``#!`` interpreter lives there, ``#!/usr/bin/env python`` finding pyenv's shim on PATH. The
shell then says "command not found", "No such file or directory", "required file not
found" or "bad interpreter", none of which names the cause: :func:`hidden_program` finds
it, for a line the model reads in the output and a warning in the run's log for the user
(the program, where it leads, and the ``bash_read`` setting that shows it).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

#: A shell's word for a program it cannot find (bash's "command not found", dash's "not found").
_NOT_FOUND = re.compile(r"(?:^|: )([\w.+-]+): (?:command )?not found$", re.MULTILINE)
#: ``/usr/bin/env: 'python': No such file or directory`` (a ``#!/usr/bin/env`` script).
_ENV_NOT_FOUND = re.compile(
    r"\benv: [\u2018'`]([\w.+-]+)[\u2019']: No such file or directory$", re.MULTILINE
)
#: A program named by its path that exists outside the sandbox but cannot run in it: a link
#: leading into a hidden folder ("No such file or directory"), a script whose interpreter
#: is there ("cannot execute: required file not found", or bash's older "bad interpreter").
_PATH_NOT_RUN = re.compile(
    r"(?:^|: )((?:/|\.{1,2}/|[\w.+-]+/)[^\s:]*): (?:No such file or directory"
    r"|cannot execute: required file not found|[^\s:]+: bad interpreter: .*)$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class HiddenProgram:
    """A program a command could not run because the sandbox hides where it leads:
    ``program`` as the output wrote it, ``path`` the hidden file it is or runs, ``cover``
    the folder hiding it (HOME or /tmp) and ``setting`` the ``bash_read`` that shows it."""

    program: str
    path: Path
    runs: bool  # ``path`` is where ``program`` leads (a link, its interpreter), not itself
    cover: Path
    setting: str

    def for_the_model(self) -> str:
        """The line added to the command's output."""
        what = f"{self.program} {'runs' if self.runs else 'is'} {self.path}"
        return (
            f"[{what}, in {self.cover}, which the Bash sandbox hides from commands; "
            f"the user can let commands read it with {self.setting} in their coord "
            "config (coord config shows where that is)]"
        )


def hidden_program(
    output: str,
    root: Path,
    readable: tuple[Path, ...],
    environ: Mapping[str, str],
    command: str = "",
) -> HiddenProgram | None:
    """Why a program the command's ``output`` could not run ran outside coord but not in
    the sandbox of workspace ``root``: an executable file in HOME or /tmp (on PATH there, a
    link into them, or a script's interpreter there), which commands do not see (but for
    the ``readable`` folders: ``bash_read``); None otherwise. A relative path is looked for
    from ``root`` and from the folders the ``command`` changes into (``cd app && ../x``)."""
    home = Path(environ.get("HOME") or Path.home()).resolve()
    inside = home == root or home.is_relative_to(root)
    covers = [*([] if inside else [home]), Path("/tmp")]  # HOME first: it may be in /tmp
    shown = [root.resolve(), *(folder.resolve() for folder in readable)]
    for label, program in _programs(output, _working_folders(command, root), environ):
        for place in _leads_to(program, environ):
            cover = next((c for c in covers if place.is_relative_to(c)), None)
            if cover is None or place == cover or any(place.is_relative_to(r) for r in shown):
                continue
            if not (place.is_file() and os.access(place, os.X_OK)):
                continue  # a file a command failed to read, an interpreter nowhere: no program
            top = cover / place.relative_to(cover).parts[0]
            named = f"~/{top.relative_to(home)}" if cover == home else str(top)
            return HiddenProgram(label, place, place != program, cover, f"bash_read: [{named}]")
    return None


def _programs(
    output: str, folders: list[Path], environ: Mapping[str, str]
) -> Iterator[tuple[str, Path]]:
    """Each program ``output`` says could not be found or run, as written and where it is
    outside the sandbox (a name found on PATH; a path, from the first of the command's
    working ``folders`` where it is a file)."""
    names = [m.group(1) for m in (*_NOT_FOUND.finditer(output), *_ENV_NOT_FOUND.finditer(output))]
    for name in dict.fromkeys(names):
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            yield name, Path(found)
    for written in dict.fromkeys(m.group(1) for m in _PATH_NOT_RUN.finditer(output)):
        starts = [Path("/")] if written.startswith("/") else folders
        path = next((p for p in (s / written for s in starts) if p.is_file()), None)
        if path is not None:
            yield written, path


#: ``cd FOLDER`` in a command (a folder written without quotes or spaces).
_CD = re.compile(r"(?:^|[;&|(]\s*)cd\s+([^\s;&|()'\"]+)")


def _working_folders(command: str, root: Path) -> list[Path]:
    """The workspace ``root`` and the folders in it that ``command`` changes into."""
    folders = [root]
    for written in _CD.findall(command):
        try:
            folder = (root / written).resolve()
            inside = folder.is_relative_to(root.resolve()) and folder.is_dir()
        except (OSError, ValueError):  # a name no folder can have (a NUL byte), a loop
            continue
        if inside:
            folders.append(folder)
    return list(dict.fromkeys(folders))


def _leads_to(program: Path, environ: Mapping[str, str]) -> Iterator[Path]:
    """``program``, where its links lead, and the same of its ``#!`` interpreter (one
    ``#!/usr/bin/env NAME`` finds on PATH)."""
    yield from dict.fromkeys((program, program.resolve()))
    interpreter = _interpreter(program, environ)
    if interpreter is not None:
        yield from dict.fromkeys((interpreter, interpreter.resolve()))


def _interpreter(program: Path, environ: Mapping[str, str]) -> Path | None:
    """The ``#!`` interpreter of ``program``, read without waiting: a FIFO (a command can
    make one where PATH finds it, and name it in its output) is not read."""
    try:
        fd = os.open(program, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            first = file.readline(512)
        except OSError:
            return None
    words = first[2:].decode("utf-8", "replace").split() if first.startswith(b"#!") else []
    if not words:
        return None
    if Path(words[0]).name != "env":
        return Path(words[0])
    name = next((w for w in words[1:] if not w.startswith("-") and "=" not in w), None)
    found = shutil.which(name, path=environ.get("PATH")) if name else None
    return Path(found) if found else None
