"""Run the ``coord`` CLI in tests: in process (the default) or as a real process.

``coord`` drives the typer app in this interpreter with typer's ``CliRunner``: the same
command objects, exit codes, stdout and stderr a user gets, without paying the start-up
and SDK import of a new process. Use ``coord_process`` / ``spawn`` only where the process
itself matters: what a fresh interpreter imports, kill -9, locks held by another process,
signals, the README's commands. Those processes are forked by the test zygote (zygote.py):
real, separate processes that skip exec and the SDK import; ``coord_process(fresh=True)`` and
``coord_probe`` exec a new interpreter where that is what a test checks.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import zygote
from typer.testing import CliRunner

from coordinator.cli.app import app


@dataclass(frozen=True)
class Ran:
    """What an in-process ``coord`` left behind (the fields of a CompletedProcess)."""

    returncode: int
    stdout: str
    stderr: str


class _CurrentStderr(logging.Handler):
    """Python's last-resort handler: WARNING and above to whatever ``sys.stderr`` is now.

    A real ``coord`` process configures no logging, so its warnings reach stderr; under
    pytest the root logger has capture handlers instead, so this puts them back in place.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


@contextmanager
def _as_a_process(cwd: Path | None) -> Iterator[None]:
    """The current directory and logging a ``coord`` process would have; restored after."""
    before = Path.cwd()
    handler = _CurrentStderr()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(before)
        root.removeHandler(handler)


def coord(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str | bytes | None = None,
) -> Ran:
    """``coord ARGS`` in this process; ``env`` is added to the environment for the call.

    Any exception other than an exit escapes and fails the test: a user would have seen
    a traceback.
    """
    with _as_a_process(cwd):
        result = CliRunner().invoke(
            app, [str(a) for a in args], input=stdin, env=env, catch_exceptions=False
        )
    return Ran(result.exit_code, result.stdout, result.stderr)


def coord_process(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
    program: tuple[str, ...] = (sys.executable, "-m", "coordinator"),
    fresh: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python -m coordinator ARGS`` in a new process; ``env`` is added to this one's.

    The process is forked by the test zygote (see zygote.py): real, but without exec and
    import. ``fresh`` execs a new interpreter instead, where that is what a test checks;
    ``program`` may then be ``("coord",)``, the console script.
    """
    start = subprocess.run if fresh else zygote.run
    return start(
        [*program, *map(str, args)],
        cwd=cwd,
        env={**os.environ, **env} if env else None,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def spawn(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``python -m coordinator ARGS`` in the background (stdout and stderr piped).

    Its fault handler is on, so :func:`finish` can show where a process that never ended
    was stuck. It is forked by the test zygote (see zygote.py): real, but without exec and
    import.
    """
    return zygote.Popen(
        [sys.executable, "-m", "coordinator", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, "PYTHONFAULTHANDLER": "1", **(env or {})},
    )


def worker_ready(proc: subprocess.Popen[str]) -> None:
    """Return once a :func:`spawn`-ed ``coord worker`` says it is ready (registered, its
    roots recorded, beating); fail when it exits first."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if " ready: " in line:
            return
    raise AssertionError(f"worker exited (code {proc.wait()}) before it was ready")


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[str, str]:
    """Wait for a :func:`spawn`-ed process to end; its stdout and stderr.

    ``timeout`` is a safety net, not a wait: past it the process is sent SIGABRT, its fault
    handler writes every thread's stack to stderr, and the test fails showing them.
    """
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        signals = _signal_state(proc.pid)
        proc.send_signal(signal.SIGABRT)
        out, err = proc.communicate(timeout=30)
        raise AssertionError(
            f"the process had not ended after {timeout} s; its signal state per thread:\n"
            f"{signals}\nits stacks:\n{err}\n{out}"
        ) from None


def _signal_state(pid: int) -> str:
    """Pending, blocked and caught signals of each thread of ``pid`` (Linux /proc)."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            status = (task / "status").read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        fields = [x for x in status if x.startswith(("SigPnd", "ShdPnd", "SigBlk", "SigCgt"))]
        lines.append(f"{task.name}: {' '.join(' '.join(f.split()) for f in fields)}")
    return "\n".join(lines)


_PROBE = """
import importlib, json, sys
out, args = sys.argv[1], json.loads(sys.argv[2])
for name in sys.argv[3:]:
    importlib.import_module(name)
sys.argv = ["coord", *args]
try:
    from coordinator.cli.app import main
    main()
finally:
    with open(out, "w", encoding="utf-8") as f:
        json.dump(sorted(sys.modules), f)
"""


def zygote_modules(light: bool = False) -> frozenset[str]:
    """The modules a process forked by the test zygote (``light``: the light one) has before
    it runs anything (those of a fresh interpreter where no zygote runs)."""
    code = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    proc = zygote.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, light=light
    )
    assert proc.returncode == 0, proc.stderr
    return frozenset(json.loads(proc.stdout))


@dataclass(frozen=True)
class Probed:
    """A ``coord`` run in a fresh interpreter, and every module it had imported by the end."""

    returncode: int
    stdout: str
    stderr: str
    modules: frozenset[str]


def coord_probe(
    *args: str | Path,
    cwd: Path | None = None,
    preload: tuple[str, ...] = (),
    preloaded: bool = False,
    fresh: bool = False,
) -> Probed:
    """``coord ARGS`` in a new process (after importing ``preload``): what it imported.

    The process is forked by the light test zygote (zygote.py), which imported only the CLI
    app, what every command imports first (test_cli_start checks it is a part of what
    ``coord --version`` imports in a fresh interpreter): it shows what the command imported,
    as a fresh interpreter would, without the start-up. ``fresh``: a new interpreter (exec).
    ``preloaded``: forked by the zygote that preloaded the package and the SDK instead (for a
    command that needs them): only a module that zygote did not preload can be found absent
    there (:func:`zygote_modules`), so a test using it checks that first.
    """
    fd, name = tempfile.mkstemp(prefix="coord-modules-", suffix=".json")
    os.close(fd)
    out = Path(name)
    start = subprocess.run if fresh else functools.partial(zygote.run, light=not preloaded)
    try:
        proc = start(
            [sys.executable, "-c", _PROBE, out, json.dumps([str(a) for a in args]), *preload],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        modules = frozenset(json.loads(out.read_text(encoding="utf-8") or "[]"))
    finally:
        out.unlink()
    return Probed(proc.returncode, proc.stdout, proc.stderr, modules)
