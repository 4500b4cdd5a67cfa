"""shell74: the programs shell73 and review73 left, that run a command line an option of
theirs gives (``gdb -ex 'shell rm f'``, ``vim -c '!rm f'``, ``ssh -o ProxyCommand='rm f'``,
``zip -TT 'rm f'``, ``git difftool -x rm``, ``rsync -e rm``, ``man -P``, ``less +!``),
wrappers the table did not know (``numactl``, ``prlimit``), and ``zig build-exe main.zig
&& ./main`` refused as rustc's was. Each ``rm`` case is run by ``/bin/bash`` with a
logging ``rm`` stub in a scratch folder where the program is installed
(:func:`tests.security.test_shell73.ran_rm`), and read by the deny rule ``Bash(rm:*)``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.security import test_shell73
from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import ran_rm, refused_by_rm


def ran(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether bash runs the ``rm`` stub for ``command`` (:func:`ran_rm`), its program
    linked into the stub's folder too; the test skipped where it is not installed."""
    program = command.split()[0]
    if shutil.which(program) is None:
        pytest.skip(f"no {program}")
    monkeypatch.setattr(test_shell73, "_LINKED", (*test_shell73._LINKED, program))
    return ran_rm(command, folder)


# ---- wrappers the table did not know ------------------------------------------------------

WRAPPED = [
    "numactl -N 0 rm f",
    "numactl --interleave=all rm f",
    "prlimit --nofile=100 rm f",
    "valgrind --leak-check=full rm f",
    "xvfb-run -a -s '-screen 0 640x480x24' rm f",
    "eatmydata rm f",
    "pkexec --user root rm f",
    "dbus-run-session -- rm f",
    "setpriv --no-new-privs rm f",
    "cgexec -g cpu:x rm f",
    "systemd-inhibit --what=idle rm f",
    "catchsegv rm f",
    "torsocks rm f",
    "proxychains4 -q rm f",
    "tsp -L a rm f",
    "toybox rm f",
    "faketime '2020-01-01 00:00:00' rm f",
    "entr -c rm f",
    "sg staff -c 'rm f'",
]


@pytest.mark.parametrize("command", WRAPPED)
def test_a_wrapper_runs_the_command_after_it(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``prlimit --nofile=100 rm f`` runs rm as ``nice rm f`` does."""
    refused_by_rm(command, tmp_path)
    assert refusal(command.replace("rm f", "make test"), tmp_path) is None
    if command.split()[0] in ("prlimit", "setpriv"):  # (installed here; the rest read only)
        assert ran(command, tmp_path, monkeypatch)


# ---- zig names its program after its source, as rustc does ---------------------------------


@pytest.mark.parametrize(
    "command", ["zig build-exe main.zig && ./main", "zig build-exe src/app.zig && ./app --help"]
)
def test_zigs_program_named_after_its_source_runs(command: str, tmp_path: Path) -> None:
    """``zig build-exe main.zig`` builds ``./main``: run at once it is read no more than
    ``rustc main.rs && ./main`` is; a copy of rm or a script written as ``main`` is not."""
    assert refusal(command, tmp_path) is None
    refused_by_rm("cp /bin/rm main && zig build-exe main.zig && ./main f", tmp_path)
    refused_by_rm("echo 'rm f' > main && zig build-exe main.zig; ./main", tmp_path)
