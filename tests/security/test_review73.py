"""review73: variations of shell73's readings a Bash deny rule (``Bash(rm:*)``) missed.

Each line first runs ``rm`` in a scratch folder (:func:`ran_rm`, ``rm`` a stub that logs),
then must be refused; the everyday lines beside them must not.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import ran_rm, refused_by_rm

# ---- make: a makefile named in a cluster of short options, an abbreviation, MAKEFILES ------

MAKE_FILES = [
    "printf 'all:\\n\\trm f\\n' > x && make -sf x",
    "printf 'all:\\n\\trm f\\n' > x && make -kf x",
    "printf 'all:\\n\\trm f\\n' > x && make -sfx",
    "printf 'all:\\n\\trm f\\n' > x && make --fil x",
    "printf 'all:\\n\\trm f\\n' > x && make --makef=x",
    "make -sE 'all: ; $(RM) f'",
    "make --ev='all: ; $(RM) f'",
    "printf '$(shell rm f)\\n' > x && MAKEFILES=x make",
    "printf '$(shell rm f)\\n' > x && export MAKEFILES='y x' && make",
]


@pytest.mark.parametrize("command", MAKE_FILES)
def test_a_makefile_the_line_writes_is_read_however_make_is_told_of_it(
    command: str, tmp_path: Path
) -> None:
    """make reads a makefile named in a cluster (``-sf x``), by an abbreviated long option
    (``--fil x``) or in ``MAKEFILES``: the commands in it no rule read."""
    if not shutil.which("make"):
        pytest.skip("no make")
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)


def test_make_options_that_name_no_makefile_still_run(tmp_path: Path) -> None:
    """A cluster without ``-f`` and a written file make does not read stay runnable."""
    for command in (
        "echo x > notes.txt && make -sj4 test",
        "echo x > out.log && make -Onone -k all",
        "echo x > build.txt && MAKEFLAGS=-s make -C sub",
    ):
        assert refusal(command, tmp_path) is None, command


# ---- git: its settings file under XDG_CONFIG_HOME ($X/git/config, ~/.config/git/config) ----

GIT_CONFIGS = [
    "mkdir -p x/git && printf '[alias]\\n\\ty = !rm f\\n' > x/git/config && "
    "XDG_CONFIG_HOME=x git y",
    "mkdir -p .config/git && printf '[alias]\\n\\ty = !rm f\\n' > .config/git/config && "
    "HOME=. git y",
]


@pytest.mark.parametrize("command", GIT_CONFIGS)
def test_gits_settings_file_under_xdg_config_home_is_read_as_written(
    command: str, tmp_path: Path
) -> None:
    """git reads ``$XDG_CONFIG_HOME/git/config`` (``~/.config/git/config``) as it reads
    ``~/.gitconfig``: an alias written there runs commands no rule read."""
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)
    ordinary = "mkdir -p docs/git && echo x > docs/git/notes.md && git add -A"
    assert refusal(ordinary, tmp_path) is None


# ---- interpreters: posix_spawn, asyncio's subprocesses, perl's piped open ------------------

INTERPRETED = [
    'python3 -c \'import os; os.posix_spawnp("rm", ["rm", "f"], dict(os.environ))\'',
    'python3 -c \'from os import *; posix_spawnp("r" + "m", ["x", "f"], environ)\'',
    'python3 -c \'import asyncio as a; a.run(a.create_subprocess_exec("r" + "m", "f"))\'',
    'perl -e \'open my $f, "-|", "rm", "f"; <$f>\'',
    "perl -we 'open F, \"rm f |\"; <F>'",
    'perl -e \'open(F, "| r" . "m f"); close F\'',
]


@pytest.mark.parametrize("command", INTERPRETED)
def test_an_inline_program_starting_programs_otherwise_is_refused(
    command: str, tmp_path: Path
) -> None:
    """``os.posix_spawnp``, asyncio's ``create_subprocess_exec`` and perl's ``open`` of a
    pipe start programs as ``subprocess`` and ``system`` do."""
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)


def test_inline_programs_that_open_files_still_run(tmp_path: Path) -> None:
    """Opening files, printing a bar, a pipe in a regex: no program started."""
    for command in (
        "perl -ne 'print if /a|b/' f",
        'perl -e \'open(my $f, "<", "f") or die; print <$f>\'',
        'perl -e \'open F, "f"; print join("|", <F>)\'',
        'python3 -c \'print(open("f").read().replace("|", ","))\'',
        "python3 -c 'import asyncio; asyncio.run(asyncio.sleep(0))'",
    ):
        assert refusal(command, tmp_path) is None, command


def test_many_opens_in_a_perl_program_are_read_in_linear_time() -> None:
    """Each ``open`` is looked at only up to its statement's end: 10,000 of them with no
    ``;`` (a first reading scanned from each ``open`` to the end: 17 s of CPU)."""
    command = "perl -e '" + 'open "' * 10_000 + "'"
    started = time.thread_time()  # CPU time: a busy machine's waits are not counted
    refusal(command)
    assert time.thread_time() - started < 3


# ---- a false refusal: rustc's program named after its source, as shell73 took -o's --------


@pytest.mark.parametrize(
    "command", ["rustc main.rs && ./main", "rustc -O src/hello.rs && ./hello --help"]
)
def test_rustcs_program_named_after_its_source_runs(command: str, tmp_path: Path) -> None:
    """``rustc main.rs`` builds ``./main``: run at once it is read no more than
    ``rustc -o main main.rs && ./main`` is (refused only while it did not exist yet)."""
    assert refusal(command, tmp_path) is None
    refused_by_rm("cp /bin/rm main && rustc main.rs && ./main f", tmp_path)
    refused_by_rm("echo 'rm f' > main && rustc main.rs; ./main", tmp_path)
