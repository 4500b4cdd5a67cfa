"""The test zygote (zygote.py) gives a forked process what an exec'd one has.

A probe (``python -c``, which the zygote also runs) reports the process state a command can
see; a fork and an exec of the same probe, with the same argv, env, cwd and stdio, must
report the same. Then the things only a process shows: exit codes, signals, atexit,
timeouts, and the fallback to exec.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote

PROBE = r"""
import faulthandler, json, os, random, signal, sys, tempfile, threading
def stream(s):
    return [type(s).__name__, s.encoding, s.errors, s.line_buffering, s.write_through,
            s.isatty(), s.mode, s.fileno(), s is getattr(sys, "__" + name + "__")]
state = {}
for name in ("stdin", "stdout", "stderr"):
    state[name] = stream(getattr(sys, name))
state.update(
    argv=[a.encode("utf-8", "surrogateescape").hex() for a in sys.argv],
    orig_argv=[a.encode("utf-8", "surrogateescape").hex() for a in sys.orig_argv],
    path0=sys.path[0], cwd=os.getcwd(), env=dict(os.environ), main=__name__,
    tmp=tempfile.gettempdir(), faulthandler=faulthandler.is_enabled(),
    bytecode=sys.dont_write_bytecode, threads=threading.active_count(),
    fds=sorted(os.listdir("/proc/self/fd")), leader=os.getsid(0) == os.getpid(),
    group=os.getpgrp() == os.getpid(), umask=os.umask(0o22),
    mask=sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])),
    signals={int(s): repr(signal.getsignal(s)) for s in signal.valid_signals()
             if s not in (signal.SIGKILL, signal.SIGSTOP)},
    stdin=sys.stdin.read(), random=random.random(),
)
print(json.dumps(state))
"""


@pytest.fixture(autouse=True)
def _needs_the_zygote() -> None:
    if zygote._SERVER.address() is None:
        pytest.skip("no zygote on this platform (fork, pidfd, send_fds)")


def both(args: list[str | bytes], **kw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The probe's state from a forked and from an exec'd process, same arguments."""
    states = []
    for start in (zygote.Popen, subprocess.Popen):
        proc = start([sys.executable, "-c", PROBE, *args], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)  # fmt: skip
        out, err = proc.communicate(b"from stdin\n", timeout=120)
        assert proc.returncode == 0, err
        assert getattr(proc, "forked", False) is (start is zygote.Popen)  # forked, or exec'd
        states.append(json.loads(out))
    forked, execd = states
    assert forked.pop("random") != execd.pop("random")
    return forked, execd


def test_a_forked_process_sees_what_an_exec_d_one_sees(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "X": "caf\xe9"}
    env.pop("PYTHONUNBUFFERED", None)
    forked, execd = both(["plain", b"bad \xff utf-8", "--flag"], cwd=tmp_path, env=env)
    assert forked == execd
    assert forked["tmp"] == str(tmp_path) and forked["cwd"] == str(tmp_path)
    assert forked["fds"] == ["0", "1", "2", "3"]  # 3: listdir's own
    assert forked["stdin"] == "from stdin\n" and not forked["faulthandler"]
    assert not forked["leader"] and not forked["group"]


def test_a_new_session_unbuffered_an_io_encoding_and_the_fault_handler() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "latin-1:replace"}
    env["PYTHONFAULTHANDLER"] = "1"
    forked, execd = both([], env=env, start_new_session=True)
    # faulthandler holds these; a fresh interpreter's getsignal() says None, the fork's SIG_DFL
    for sig in (signal.SIGSEGV, signal.SIGFPE, signal.SIGABRT, signal.SIGBUS, signal.SIGILL):
        assert execd["signals"].pop(str(int(sig))) == "None"
        forked["signals"].pop(str(int(sig)))
    assert forked == execd and forked["faulthandler"]
    assert forked["leader"] and forked["group"]
    assert forked["stdout"][1:5] == ["iso8859-1", "replace", False, True]


def test_ignored_signals_stay_ignored_and_sigint_is_a_keyboard_interrupt() -> None:
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        forked, execd = both([])
    finally:
        signal.signal(signal.SIGHUP, before)
    assert forked == execd
    assert forked["signals"][str(int(signal.SIGHUP))] == repr(signal.SIG_IGN)
    assert "default_int_handler" in forked["signals"][str(int(signal.SIGINT))]


WHERE_FROM = """
import json, coordinator, coordinator.runtime.worker, protocols
print(json.dumps([coordinator.__file__, coordinator.runtime.worker.__file__, protocols.__file__]))
"""


@pytest.mark.parametrize("light", [False, True], ids=["preloaded", "light"])
def test_a_forked_process_runs_the_package_this_process_tests(tmp_path: Path, light: bool) -> None:
    """Whatever its cwd, a forked process runs the code of the tree under test, the tree this
    process imported (before: the zygote preloaded the installed package, so in a worktree,
    a forked ``coord worker`` ran another checkout's code and a test of this one's could not
    fail)."""
    import coordinator.runtime.worker
    import protocols

    proc = zygote.run([sys.executable, "-c", WHERE_FROM], cwd=tmp_path, capture_output=True,
                      text=True, light=light, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    ours = [coordinator.__file__, coordinator.runtime.worker.__file__, protocols.__file__]
    assert json.loads(proc.stdout) == [os.path.abspath(str(f)) for f in ours]


WAIT_FOR_CTRL_C = """
import atexit, sys
atexit.register(lambda: print("atexit ran", flush=True))
sys.stdout.write("waiting"); sys.stdout.flush()
sys.stdin.read()
"""


@pytest.mark.parametrize("start", [zygote.Popen, subprocess.Popen], ids=["forked", "exec"])
def test_ctrl_c_kill_and_timeouts_act_on_the_real_process(start: Any) -> None:
    proc = start([sys.executable, "-c", WAIT_FOR_CTRL_C], stdin=subprocess.PIPE,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert os.read(proc.stdout.fileno(), 100) == b"waiting"
    assert proc.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        proc.wait(timeout=0.01)
    assert Path(f"/proc/{proc.pid}/cmdline").is_file()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGINT  # as CPython ends on an uncaught Ctrl-C
    assert "KeyboardInterrupt" in err.decode() and out == b"atexit ran\n"

    again = start([sys.executable, "-c", WAIT_FOR_CTRL_C], stdin=subprocess.PIPE,
                  stdout=subprocess.PIPE)  # fmt: skip
    assert os.read(again.stdout.fileno(), 100) == b"waiting"
    again.kill()
    assert again.wait(timeout=120) == -signal.SIGKILL
    again.stdin.close()
    again.stdout.close()


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [
        ("import sys; sys.exit(3)", 3, ""),
        ("import sys; sys.exit('a message')", 1, "a message"),
        ("raise ValueError('boom')", 1, "ValueError: boom"),
        ("import sys; sys.stdout.write('no newline')", 0, ""),
    ],
)
def test_exit_codes_and_output_as_an_interpreter_ends(code: str, status: int, stderr: str) -> None:
    ran = zygote.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    real = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (ran.returncode, ran.stdout, ran.stderr) == (real.returncode, real.stdout, real.stderr)
    assert ran.returncode == status and stderr in ran.stderr


def test_what_the_zygote_cannot_reproduce_is_exec_d(tmp_path: Path) -> None:
    """A start-up variable it cannot apply (PYTHONHASHSEED), another program, a missing cwd."""
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    seeded = zygote.Popen(
        [sys.executable, "-c", "print(hash('x'))"], stdout=subprocess.PIPE, env=env
    )
    assert (
        seeded.communicate(timeout=120)[0]
        == subprocess.run(
            [sys.executable, "-c", "print(hash('x'))"], capture_output=True, env=env
        ).stdout
    )
    assert seeded._zygote is None
    other = zygote.run(["true"], timeout=120)
    assert other.returncode == 0
    with pytest.raises(FileNotFoundError):
        zygote.run([sys.executable, "-c", "pass"], cwd=tmp_path / "missing")


def test_two_forked_processes_draw_different_random_numbers() -> None:
    """The server's random state is not handed down: each child is seeded as a fresh one."""
    draw = [sys.executable, "-c", "import random; print(random.random())"]
    first, second = (zygote.run(draw, capture_output=True, timeout=120).stdout for _ in "ab")
    assert first and first != second


# ---- the launcher: for libraries that start the process themselves (the mcp SDK) ----------


def launched(argv: list[str], **kw: Any) -> subprocess.Popen[bytes]:
    """``argv`` started through the launcher, as a library given ``zygote.launcher(argv)``
    as its command would start it."""
    return subprocess.Popen(zygote.launcher(argv), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)  # fmt: skip


def test_a_launched_process_is_forked_and_sees_what_an_exec_d_one_sees(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "X": "caf\xe9"}
    env.pop("PYTHONUNBUFFERED", None)
    argv = [sys.executable, "-c", PROBE, "plain", "--flag"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    states = []
    for start in (launched, functools.partial(subprocess.Popen, **pipes)):
        proc = start(argv, cwd=tmp_path, env=env, start_new_session=True)
        out, err = proc.communicate(b"from stdin\n", timeout=120)
        assert proc.returncode == 0, err
        states.append(json.loads(out))
    forked, execd = states
    assert forked.pop("random") != execd.pop("random")
    assert forked == execd
    assert forked["leader"] and forked["stdin"] == "from stdin\n"
    pid_and_sdk = "import os, sys; print(os.getpid(), 'jiter' in sys.modules)"
    who = launched([sys.executable, "-c", pid_and_sdk])
    out, _ = who.communicate(timeout=120)
    pid, preloaded = out.split()
    assert int(pid) != who.pid and preloaded == b"True"  # forked by the zygote, not exec'd


def test_the_launcher_relays_signals_and_ends_as_its_process_did() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        proc = launched([sys.executable, "-c", WAIT_FOR_CTRL_C])
        assert proc.stdout is not None
        assert os.read(proc.stdout.fileno(), 100) == b"waiting"
        proc.send_signal(sig)
        # The launcher passes the signal on a moment later: its stdin stays open till the end
        # (closing it first would end the process on its own, before the signal).
        assert proc.wait(timeout=120) == -sig
        out, err = proc.communicate(timeout=120)
        if sig == signal.SIGINT:  # a KeyboardInterrupt in the process itself
            assert "KeyboardInterrupt" in err.decode() and out == b"atexit ran\n"
    ended = launched([sys.executable, "-c", "import sys; sys.exit('a message')"])
    assert ended.communicate(timeout=120)[1] == b"a message\n" and ended.returncode == 1


def test_what_the_zygote_cannot_reproduce_the_launcher_execs() -> None:
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    code = [sys.executable, "-c", "import os; print(hash('x'), os.getpid())"]
    proc = launched(code, env=env)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    real = subprocess.run(code, capture_output=True, env=env, check=True).stdout
    assert out.split()[0] == real.split()[0]  # the hash seed a fresh interpreter applies
    assert int(out.split()[1]) == proc.pid  # the launcher became the process: exec'd


SHADOW = "import shadow, sys; print(shadow.WHERE, sys.path[0])"


def test_a_safe_path_and_another_pythonpath_are_applied_by_the_forked_process(
    tmp_path: Path,
) -> None:
    """``PYTHONSAFEPATH=1`` and a ``PYTHONPATH`` of its own (what coord's MCP client gives a
    stdio server): forked, not exec'd, and it imports what an exec'd one imports: neither its
    working folder's nor its script's sibling module, the ``PYTHONPATH`` one."""
    lib, ws, code = (tmp_path / name for name in ("lib", "ws", "code"))
    for folder in (lib, ws, code):
        folder.mkdir()
        (folder / "shadow.py").write_text(f"WHERE = {folder.name!r}\n")
    (code / "server.py").write_text(SHADOW + "\n")
    own = os.environ.get("PYTHONPATH")
    for safe, where in (("1", "lib"), ("", "ws")):
        env = {**os.environ, "PYTHONSAFEPATH": safe}
        env["PYTHONPATH"] = os.pathsep.join([str(lib), *([own] if own else [])])
        script = [sys.executable, str(code / "server.py")]
        for argv, folder in (([sys.executable, "-c", SHADOW], where),
                             (script, "lib" if safe else "code")):  # fmt: skip
            forked = zygote.run(argv, cwd=ws, env=env, capture_output=True, timeout=120)
            execd = subprocess.run(argv, cwd=ws, env=env, capture_output=True, timeout=120)
            assert forked.returncode == 0, forked.stderr
            assert forked.stdout == execd.stdout and forked.stdout.split()[0] == folder.encode()
    env = {**os.environ, "PYTHONSAFEPATH": "1", "PYTHONPATH": str(lib)}
    proc = zygote.Popen([sys.executable, "-c", SHADOW], cwd=ws, env=env, stdout=subprocess.PIPE)
    assert proc.communicate(timeout=120)[0].split()[0] == b"lib" and proc.forked
    who = launched([sys.executable, str(code / "server.py")], cwd=ws, env=env)
    ran = launched([sys.executable, "-c", "import os; print(os.getpid())"], cwd=ws, env=env)
    assert who.communicate(timeout=120)[0].split()[0] == b"lib"
    assert int(ran.communicate(timeout=120)[0]) != ran.pid  # forked by the zygote, not exec'd
