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


def ran(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch, program: str = "") -> bool:
    """Whether bash runs the ``rm`` stub for ``command`` (:func:`ran_rm`), its program
    (its first word unless named) linked into the stub's folder too; the test skipped
    where it is not installed."""
    program = program or command.split()[0]
    if shutil.which(program) is None:
        pytest.skip(f"no {program}")
    if program not in test_shell73._LINKED:
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


# ---- an option whose value is a command line the program runs ------------------------------

#: Lines whose program runs ``rm f`` through an option, run here by bash where installed.
RUN_BY_AN_OPTION = [
    "gdb -batch -ex 'shell rm f'",
    "gdb -nx -batch -ex '!rm f'",
    "gdb --batch --eval-command='shell rm f'",
    "vim -es -c '!rm f' -c q",
    "vim -es +'!rm f' +q",
    "ex -s -c 'silent !rm f' -c q",
    "vim -es -c 'e f | !rm f' -c q",
    "ssh -o ProxyCommand='rm f' h",
    "ssh -oProxyCommand='rm f' h",
    "ssh -o 'ProxyCommand rm f' h",
    "zip a.zip f -T -TT 'rm f'",
    "zip --unzip-command='rm f' -T a.zip f",
    "git init -q && git commit -q --allow-empty -m a && git commit -q --allow-empty -m b "
    "&& git rebase -x 'rm f' HEAD~1",
]
#: The same, read only: the program is not installed here or wants a remote or a history.
READ_BY_AN_OPTION = [
    "gdb -batch -ex run --args rm f",
    "vim -c 'call system(\"rm f\")'",
    "vim -c 'exe \"!rm f\"'",
    "vim -c 'g/a/!rm f'",
    "ssh -vo LocalCommand='rm f' -o PermitLocalCommand=yes h",
    "scp -S rm a h:b",
    "sftp -D rm h",
    "zip -TT 'rm f' a.zip f",
    "git difftool -x rm HEAD",
    "git difftool --extcmd=rm HEAD",
    "git difftool -y --extcmd 'rm f'",
    "git rebase --exec 'rm f' HEAD~1",
    "git fetch --upload-pack='rm f' o",
    "git clone -u 'rm f' a b",
    "git push --receive-pack='rm f' o",
    "git filter-branch --tree-filter 'rm f' HEAD",
    "git submodule foreach rm f",
    "git bisect run rm f",
    "less '+!rm f' a.txt",
    "man -P 'rm f' ls",
    "man --pager='rm f' ls",
    "rsync -e rm a h:b",
    "rsync -avze rm a h:b",
    "rsync --rsh='rm f' a h:b",
    "RSYNC_RSH=rm rsync a h:b",
    "PAGER=cat git -c alias.x='!rm f' x",
]


@pytest.mark.parametrize("command", RUN_BY_AN_OPTION)
def test_an_options_command_line_is_read(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gdb -ex 'shell rm f'``, ``vim -c '!rm f'``, ``ssh -o ProxyCommand='rm f'`` and
    ``zip -TT 'rm f'`` run ``rm f``: the deny rule reads it as the command it is."""
    refused_by_rm(command, tmp_path)
    assert ran(command, tmp_path, monkeypatch)


@pytest.mark.parametrize("command", READ_BY_AN_OPTION)
def test_an_options_command_line_is_read_where_it_cannot_run(command: str, tmp_path: Path) -> None:
    """The same options of programs not installed here (rsync), or that need a remote,
    a history or a terminal (``git difftool -x``, ``less +!``): read alike."""
    refused_by_rm(command, tmp_path)


#: Everyday lines of the same programs, which run no denied program.
EVERYDAY = [
    "gdb -batch -ex run -ex bt --args ./a.out --flag",
    "gdb -q -batch -ex 'info functions' ./a.out",
    "vim -c '%s/foo/bar/g' -c 'wq' f.py",
    "vim -es -c '%s/a/b/g' -c 'wq!' f",
    "vim +10 f.py",
    "ex -sc '%s/x/y/|x' f",
    "vim -c 'normal gg=G' -c wq f",
    "ssh -o StrictHostKeyChecking=no -J jump h ls",
    "ssh -o ProxyCommand=none h",
    "ssh -o ProxyCommand='ssh -W %h:%p jump' h",
    "scp -o ProxyCommand='ssh -W %h:%p jump' a h:b",
    "zip -r a.zip src",
    "git difftool -y HEAD",
    "git rebase -x 'make test' HEAD~3",
    "git push origin main",
    "git submodule foreach 'git pull'",
    "git bisect run make test",
    "less +F log.txt",
    "man -P cat ls",
    "rsync -avz -e 'ssh -p 2222' src/ h:dst/",
    "rsync -avz --delete src/ dst/",
    "PAGER=cat git log",
]


@pytest.mark.parametrize("command", EVERYDAY)
def test_everyday_lines_of_those_programs_run(command: str, tmp_path: Path) -> None:
    """Reading those options refuses only a command line the rule denies."""
    assert refusal(command, tmp_path) is None


# ---- core.hooksPath: the reason says what it names --------------------------------------


def test_core_hooks_path_is_refused_for_the_hooks_it_names(tmp_path: Path) -> None:
    """``git config core.hooksPath .githooks`` names a folder of hooks git runs on its
    own: the reason says so (it said "an alias, a pager", which fit an included file)."""
    refused = refusal("git config core.hooksPath .githooks", tmp_path)
    assert refused is not None and "folder of hooks" in refused and "alias" not in refused
    included = refusal("git config include.path ../settings", tmp_path)
    assert included is not None and "file of settings" in included


# ---- a script the line writes whole from literal text, then runs --------------------------

WRITTEN_AND_RUN = [
    "printf 'echo hi\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "printf '#!/bin/sh\\necho hi\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "echo 'echo hi' > s.sh && bash s.sh",
]
#: The same with rm in the text, the text built or escaped, or the file changed after.
WRITTEN_WITH_RM = [
    "printf 'rm f\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "echo 'rm f' > s.sh && chmod +x s.sh && ./s.sh",
    "printf '\\162m f\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "printf '%s\\n' 'rm f' > s.sh && chmod +x s.sh && ./s.sh",
    "echo -e '\\x72m f' > s.sh && chmod +x s.sh && ./s.sh",
    "printf 'x=r; ${x}m f\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "printf 'echo hi\\n' > s.sh && echo 'rm f' >> s.sh && chmod +x s.sh && ./s.sh",
    "printf 'echo hi\\n' > s.sh && cp \"$(command -v rm)\" s.sh && chmod +x s.sh && ./s.sh f",
]


@pytest.mark.parametrize("command", WRITTEN_AND_RUN)
@pytest.mark.parametrize("there", [False, True])
def test_a_script_written_from_literal_text_is_read_as_that_text(
    command: str, there: bool, tmp_path: Path
) -> None:
    """``printf 'echo hi\\n' > s.sh && chmod +x s.sh && ./s.sh``: the line writes the
    whole script from words it holds, so the script is that text, read as commands (it
    was refused: "the command line could change it"), also when s.sh is there already."""
    if there:
        (tmp_path / "s.sh").write_text("echo old\n", encoding="utf-8")
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize("command", WRITTEN_WITH_RM)
def test_a_script_written_with_rm_is_refused(command: str, tmp_path: Path) -> None:
    """A script whose text holds rm, or is built, escaped or changed after, is refused
    (each runs rm in bash)."""
    refused_by_rm(command, tmp_path)
    assert ran_rm(command, tmp_path)


def test_a_script_written_that_names_itself_is_read_as_before(tmp_path: Path) -> None:
    """A text naming its own file could rewrite itself as bash reads it: not taken as
    the text (refused as it was)."""
    refused_by_rm("printf 'sed -i s/a/b/ s.sh\\necho f\\n' > s.sh && bash s.sh", tmp_path)


# ---- a virtual environment made and activated on one line ---------------------------------

ACTIVATED = [
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e .",
    "python3 -m venv .venv && source .venv/bin/activate && pip install -r requirements.txt",
    "/usr/bin/python3 -m venv --prompt x ./env/ && . ./env/bin/activate",
    "virtualenv .venv && . .venv/bin/activate",
    "uv venv && . .venv/bin/activate && uv pip install -e .",
]
#: Another folder's script, one written between, a venv made beside or elsewhere.
NOT_THE_VENVS = [
    "python3 -m venv .venv && . other/bin/activate",
    "python3 -m venv .venv && echo 'rm f' > .venv/bin/activate && . .venv/bin/activate",
    "python3 -m venv .venv & . .venv/bin/activate",
    "python3 -m venv .venv && cd sub && . .venv/bin/activate",
    "./python3 -m venv .venv && . .venv/bin/activate",
]


@pytest.mark.parametrize("command", ACTIVATED)
def test_a_venv_made_then_activated_runs(command: str, tmp_path: Path) -> None:
    """``python3 -m venv .venv && . .venv/bin/activate``: the script is the venv module's
    own, written again by the command just before (it was refused: "no file in the
    workspace")."""
    assert refusal(command, tmp_path) is None
    refused_by_rm(f"{command} && rm f", tmp_path)


@pytest.mark.parametrize("command", NOT_THE_VENVS)
def test_an_activate_script_not_just_made_is_read_as_before(command: str, tmp_path: Path) -> None:
    """Any other ``activate`` is read as a script still (absent here: refused)."""
    refused_by_rm(command, tmp_path)


# ---- an option's command line built when the line runs ------------------------------------

BUILT_VALUES = [
    "C='!rm f'; vim -es -c \"$C\" -c q",
    "X='shell rm f'; gdb -batch -ex \"$X\"",
    "O='ProxyCommand=rm f'; ssh -o \"$O\" h",
    'gdb -batch -ex "shell $(echo rm) f"',
    "vim -es -c $'!\\x72m f' -c q",
    "gdb -batch -ex $'shell \\x72m f'",
]


@pytest.mark.parametrize("command", BUILT_VALUES)
def test_an_options_command_line_built_when_it_runs_is_refused(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``vim -c "$C"``: a command line known only when the line runs is not read; it is
    refused (each runs rm in bash)."""
    refused_by_rm(command, tmp_path)
    program = next(p for p in ("vim", "gdb", "ssh") if f"{p} " in command)
    assert ran(command, tmp_path, monkeypatch, program)


@pytest.mark.parametrize(
    "command",
    [
        "man -H'rm f' ls",
        "man --html='rm f' ls",
        "git rebase --exe='rm f' HEAD~1",
        "git bisect run -- rm f",
    ],
)
def test_an_options_other_spellings_are_read(command: str, tmp_path: Path) -> None:
    """man's browser (``-H``), an abbreviated long option (``--exe`` for ``--exec``: git
    takes a unique beginning), ``--`` before bisect's command."""
    refused_by_rm(command, tmp_path)


# ---- chmod changes a script's mode, not its text ------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "chmod +x s.sh && ./s.sh",
        "chmod +x scripts/run.sh && ./scripts/run.sh",
        "chmod 755 s.sh; bash s.sh",
    ],
)
def test_chmod_before_a_workspace_script_runs_it(command: str, tmp_path: Path) -> None:
    """``chmod +x s.sh && ./s.sh`` of a script in the workspace: chmod changes no text,
    so the script is read as it is (it was refused: "could rewrite it")."""
    (tmp_path / "scripts").mkdir()
    for name in ("s.sh", "scripts/run.sh"):
        (tmp_path / name).write_text("echo hi\n", encoding="utf-8")
    assert refusal(command, tmp_path) is None
    for name in ("s.sh", "scripts/run.sh"):
        (tmp_path / name).write_text("rm f\n", encoding="utf-8")
    refused_by_rm(command, tmp_path)
