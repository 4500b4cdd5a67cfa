"""shell75: the programs shell74 left, that run a command their words give: a profiler's
or a package manager's run word (``perf stat rm f``, ``bundle exec rm f``, ``conda run -n
e rm f``, ``direnv exec . rm f``), read as ``uv run rm f`` is. Read by the deny rule
``Bash(rm:*)``; each ``rm`` case whose program is installed here is also run by
``/bin/bash`` with a logging ``rm`` stub in a scratch folder
(:func:`tests.security.test_shell74.ran`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_shell69 import refusal
from tests.security.test_shell73 import refused_by_rm
from tests.security.test_shell74 import ran

# ---- a run word: the command after it --------------------------------------------------------

RUN_WORDS = [
    "perf stat rm f",
    "perf record rm f",
    "perf stat -e cycles -- rm f",
    "perf record -g -o p.data rm f",
    "perf trace rm f",
    "bundle exec rm f",
    "pipenv run rm f",
    "conda run rm f",
    "conda run -n env rm f",
    "direnv exec . rm f",
]


@pytest.mark.parametrize("command", RUN_WORDS)
def test_a_run_word_runs_the_command_after_it(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``perf stat rm f`` runs rm as ``uv run rm f`` does."""
    refused_by_rm(command, tmp_path)
    if command.startswith("perf stat"):  # (installed here; the rest read only)
        assert ran(command, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "command",
    [
        "perf --version",
        "perf stat make test",
        "perf record -g ./prog",
        "perf report",
        "bundle install",
        "bundle exec rspec",
        "pipenv run pytest",
        "conda run -n env python x.py",
        "direnv allow",
        "direnv exec . make test",
        "uv run pytest",
    ],
)
def test_everyday_run_words_run(command: str, tmp_path: Path) -> None:
    """The everyday lines of those programs are not refused."""
    assert refusal(command, tmp_path) is None


# ---- at and batch run the commands of their input ------------------------------------------


@pytest.mark.parametrize(
    "command", ["at now <<< 'rm f'", "batch <<< 'rm f'", "at now <<EOF\nrm f\nEOF"]
)
def test_at_reads_its_here_string(command: str, tmp_path: Path) -> None:
    """``at now <<< 'rm f'`` queues ``rm f``: its literal input is read as commands."""
    refused_by_rm(command, tmp_path)


@pytest.mark.parametrize("command", ["echo 'rm f' | at now", "echo 'rm f' | batch", "at now < j"])
def test_at_from_a_pipe_or_file_is_refused(command: str, tmp_path: Path) -> None:
    """A pipe's or file's commands cannot be read: refused, the reason says why."""
    refused = refusal(command, tmp_path)
    assert refused is not None and "standard input" in refused, command


@pytest.mark.parametrize("command", ["atq", "at -l", "atrm 3", "at now <<< 'make test'"])
def test_everyday_at_lines_run(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None


# ---- a command line an option or operand gives: hyperfine, screen, nix-shell, expect --------

GIVEN = [
    "hyperfine 'rm f'",
    "hyperfine -w 3 'ls' 'rm f'",
    "hyperfine --prepare 'rm f' 'ls'",
    "hyperfine -p 'rm f' ls",
    "hyperfine --cleanup 'rm f' ls",
    "hyperfine -c 'rm f' ls",
    "hyperfine --setup='rm f' ls",
    "hyperfine --conclude 'rm f' ls",
    "hyperfine -S rm ls",
    "screen -dm rm f",
    "screen -dmS s rm f",
    "screen -S s -d -m rm f",
    "screen -s rm",
    "nix-shell --run 'rm f'",
    "nix-shell --command 'rm f'",
    "nix-shell -p hello --run 'rm f'",
]


@pytest.mark.parametrize("command", GIVEN)
def test_a_command_line_given_is_read(command: str, tmp_path: Path) -> None:
    """``hyperfine 'rm f'`` and ``screen -dm rm f`` run rm: read as commands."""
    refused_by_rm(command, tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        "hyperfine -L x rm,ls '{x} f'",
        "hyperfine -P n 1 3 'rm f{n}'",
        'hyperfine "$CMD"',
        "expect -c 'spawn rm f'",
        "expect -c 'exec rm f'",
        "screen -S s -X stuff 'rm f\\n'",
    ],
)
def test_a_command_built_when_it_runs_is_refused(command: str, tmp_path: Path) -> None:
    """A command hyperfine builds from a parameter, expect's Tcl, screen's ``-X``: refused."""
    assert refusal(command, tmp_path) is not None, command


@pytest.mark.parametrize(
    "command",
    [
        "hyperfine --help",
        "hyperfine 'make test'",
        "hyperfine -w 3 -r 10 'python3 a.py' 'python3 b.py'",
        "hyperfine --export-json out.json 'ls'",
        "screen -ls",
        "screen -r s",
        "screen -dmS s make test",
        "nix-shell",
        "nix-shell -p python3 --run 'pytest -q'",
        "expect -c 'puts hi'",
    ],
)
def test_everyday_given_lines_run(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None


# ---- LESS holds less's options: its first command among them ---------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "LESS='+!rm f' less README.md",
        "LESS='-R +!rm f' git log",
        "export LESS='+!rm f' && man ls",
        "LESS='-R +|rm f' less README.md",
    ],
)
def test_less_options_in_less_are_read(command: str, tmp_path: Path) -> None:
    """``LESS='+!rm f' less f`` runs rm as ``less '+!rm f' f`` does."""
    assert refusal(command, tmp_path) is not None, command


@pytest.mark.parametrize(
    "command",
    ["less README.md", "LESS=-R less README.md", "LESS='-R -F' git log", "LESS=+G less f"],
)
def test_everyday_less_lines_run(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None


# ---- bwrap: options that take two or three values -------------------------------------------

BWRAP = [
    "bwrap --bind / / rm f",
    "bwrap --ro-bind / / --dev /dev rm f",
    "bwrap --ro-bind /usr /usr --symlink usr/lib /lib --proc /proc --unshare-all rm f",
    "bwrap --dev-bind / / --setenv A b --chdir . rm f",
    "bwrap --overlay-src /a --overlay /u /w /m --bind / / rm f",
]


@pytest.mark.parametrize("command", BWRAP)
def test_bwrap_runs_the_command_after_its_options(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bwrap --bind / / rm f`` runs rm: its options' two or three values are skipped."""
    refused_by_rm(command, tmp_path)
    assert refusal(command.replace("rm f", "make test"), tmp_path) is None


# ---- tmux: its commands' shell commands --------------------------------------------------------

TMUX = [
    "tmux new 'rm f'",
    "tmux new-session -d rm f",
    "tmux new-session -d 'rm f'",
    "tmux new -d -s w -c . 'rm f'",
    "tmux new-s -d rm f",
    "tmux neww 'rm f'",
    "tmux new-window -n x rm f",
    "tmux split-window -h 'rm f'",
    "tmux splitw -l 10 rm f",
    "tmux run-shell 'rm f'",
    "tmux run 'rm f'",
    "tmux respawn-pane -k 'rm f'",
    "tmux pipe-pane -o 'rm f'",
    "tmux display-popup -E 'rm f'",
    "tmux -c 'rm f'",
    "tmux ls \\; new -d 'rm f'",
    "tmux -L s new -d 'ls' ';' neww 'rm f'",
    "tmux -2L x new 'rm f'",
    "tmux -2Lx new 'rm f'",
    "tmux new -d ls\\; neww 'rm f'",
]


@pytest.mark.parametrize("command", TMUX)
def test_tmux_reads_the_shell_commands_it_runs(command: str, tmp_path: Path) -> None:
    """``tmux new 'rm f'`` runs rm in a new session: read as a command."""
    refused_by_rm(command, tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        "tmux send-keys 'rm f' Enter",
        "tmux send -t 0 r m Space f Enter",
        "tmux if-shell true 'run rm'",
        "tmux bind r run 'rm f'",
        "tmux source-file t.conf",
        "tmux set -g default-command 'rm f'",
        "tmux set-hook -g after-new-window 'run rm'",
        "tmux new 'x' \\; send-keys 'rm f' Enter",
        'tmux new "$CMD"',
    ],
)
def test_tmux_keys_and_later_commands_are_refused(command: str, tmp_path: Path) -> None:
    """Keys typed into a pane, a hook, a binding, a file of commands: refused, named."""
    refused = refusal(command, tmp_path)
    assert refused is not None, command


@pytest.mark.parametrize(
    "command",
    [
        "tmux ls",
        "tmux",
        "tmux attach -t 0",
        "tmux new -d -s dev 'make test'",
        "tmux new-window -n w 'python3 -m http.server'",
        "tmux kill-server",
        "tmux set -g mouse on",
        "tmux capture-pane -p -t 0",
    ],
)
def test_everyday_tmux_lines_run(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None
