"""A fork server ("zygote") for the ``coord`` processes the tests start.

Every ``python -m coordinator`` (or ``coord``) a test starts through :class:`Popen` / :func:`run`
is still a real, separate OS process: its own pid, process group or session
(``start_new_session``), stdio pipes, argv (bytes, so invalid UTF-8 survives), environment,
working directory, signals (kill -9, SIGSTOP, Ctrl-C), locks, ``/proc/PID`` and exit status.
It only skips exec and the import of the heavy modules (typer, rich, the anthropic SDK,
pydantic, the providers, runtime and store; procrastinate, psycopg and mcp when installed):
it is forked from a server process, one per run (the xdist main process starts it for every
worker), that imported them once and serves launch requests on a Unix socket. A second,
light server per pytest process imported only the CLI app: import probes fork from it
(:class:`LightPopen`, ``run(light=True)``; see ``cli.coord_probe``). Both import the package
of the tree under test, the one the launching process imports (:func:`tree_under_test`, first
on their ``sys.path``), not the installed one, which in a git worktree is another checkout's.

What the child does, as ``python -m coordinator`` would: ``setsid`` if asked; the given fds
on 0/1/2 and every other fd closed; ``chdir``; ``os.environ`` replaced; ``tempfile``'s cached
directory forgotten; signal dispositions and mask as a fresh interpreter has them (SIGINT
``default_int_handler`` unless the launcher ignores it, SIGPIPE and SIGXFSZ ignored, the rest
default); ``sys.stdin/stdout/stderr`` rebuilt for that environment (PYTHONUNBUFFERED,
PYTHONIOENCODING, line buffering on a tty, stderr ``backslashreplace``); PYTHONFAULTHANDLER
honoured; ``sys.argv``, ``sys.orig_argv`` and ``sys.path[0]`` as for ``-m`` (or the ``coord``
script, ``-c``, a script; no ``sys.path[0]`` with PYTHONSAFEPATH set, as ``-P``), then the
child's own PYTHONPATH entries (coord's MCP client gives a user's stdio server both), the tree
under test, the server's standard library and site-packages; ``random`` reseeded; then
``coordinator.__main__`` runs as ``__main__`` (runpy).
SystemExit becomes the exit code, an uncaught exception a traceback and 1, an uncaught
KeyboardInterrupt death by SIGINT; then, as at interpreter shutdown, non-daemon threads are
joined, atexit functions run and stdio is flushed (a failed flush exits 120). The server reaps
the child through a pidfd and sends its wait status back on the launch's connection.

The environment a child gets when none is given is the launcher's C ``environ`` (what an
exec'd child inherits, including what C code set behind ``os.environ``, such as readline's
COLUMNS and LINES). ``python -c CODE`` is run the same way (tests/test_zygote.py compares a
forked and an exec'd probe of all of the above).

What it does not preserve: the cost and the effects of exec and import themselves (what a
fresh interpreter imports, import-time errors, a module shadowed by the working directory),
``PYTHONHASHSEED`` (every child has the server's hash seed), the parent pid (the server is
the child's parent; the launcher is not, so it waits through the server), the runpy frames
of a traceback (``run_module``'s, not ``-m``'s), and ``signal.getsignal`` of the signals
faulthandler holds (SIG_DFL, where a fresh interpreter says None; the handlers are the same),
``sys.flags.safe_path`` (the server's; the path is as the flag would make it),
``/proc/PID/cmdline`` and ``/proc/PID/environ`` (the kernel shows the server's: do not test
what a coord process's environ block holds through them), the umask (the server's, taken from
the launcher when it started).
So real exec stays where those are tested (``coord_probe``, test_cli_start's and the other
import checks of modules the zygote preloads, the console script, processes in bwrap
namespaces). A check that a command does not import a module the zygote never preloaded
(``NOT_PRELOADED``) runs forked (``coord_probe(forked=True)``). A library that starts the
process itself (the mcp SDK's stdio client, coord's MCP client) is given :func:`launcher`'s
command: a tiny launcher hands its own stdio fds to the zygote, relays signals and exits as
the forked process did. A launch
whose environment changes what a fresh interpreter reads at start-up (``PYTHON*`` variables
other than the ones above, the locale, the variables typer and rich read at import), or that
asks for what the server does not do (``preexec_fn``, ``pass_fds``, a user or group change, a
missing ``cwd``, another program), is a real exec. So is every launch when the server cannot
start (no fork, ``send_fds`` or pidfd): callers cannot tell but for the time. Setting
``COORD_TESTS_NO_ZYGOTE=1`` makes every launch a real exec (to compare, or to rule it out).
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import importlib.util
import inspect
import io
import itertools
import os
import pickle
import select
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import types
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

#: Environment variables a fresh interpreter (or typer/rich at import) reads at start-up and
#: a forked child cannot take on: a launch that changes one of them is a real exec.
_STARTUP_PREFIXES = ("PYTHON", "LC_")
_STARTUP_NAMES = frozenset(
    {"LANG", "TERMINAL_WIDTH", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR"}
    | {"_TYPER_STANDARD_TRACEBACK", "TYPER_STANDARD_TRACEBACK", "_TYPER_FORCE_DISABLE_TERMINAL"}
)
#: ...except these, which the child applies itself.
_APPLIED = frozenset(
    {"PYTHONUNBUFFERED", "PYTHONIOENCODING", "PYTHONFAULTHANDLER", "PYTHONDONTWRITEBYTECODE"}
    | {"PYTHONSAFEPATH", "PYTHONPATH"}  # sys.path: see _child_path
)
_DISABLE = "COORD_TESTS_NO_ZYGOTE"
#: The socket of a zygote shared by every pytest process of a run (set by :func:`share`).
_SHARED = "COORD_TESTS_ZYGOTE"
_PID = struct.Struct("=q")
_STATUS = struct.Struct("=qi")
_READY = b"zygote ready\n"
#: How a zygote's socket folder (in the temporary directory) is named.
_PREFIX = "coord-zygote-"


def _startup_env(env: Mapping[bytes, bytes]) -> dict[bytes, bytes]:
    """The part of ``env`` that a fresh interpreter reads at start-up and the child cannot apply."""
    out = {}
    for key, value in env.items():
        name = key.decode("utf-8", "replace")
        if name in _APPLIED:
            continue
        if name.startswith(_STARTUP_PREFIXES) or name in _STARTUP_NAMES:
            out[key] = value
    return out


# --------------------------------------------------------------------------- the server


#: Modules of the package the zygote leaves out of its preload: imported only when a feature
#: is on, so a forked probe can show that a command did not import them (see
#: ``cli.coord_probe(forked=True)``; the tests check the zygote's own modules lack them).
NOT_PRELOADED = frozenset({"coordinator.telemetry.otel"})


def _preload() -> None:
    """Import everything a ``coord`` command needs, creating no thread, loop or socket."""
    import importlib
    import pkgutil

    import coordinator

    for info in pkgutil.walk_packages(coordinator.__path__, "coordinator."):
        if not info.name.endswith("__main__") and info.name not in NOT_PRELOADED:
            importlib.import_module(info.name)
    for optional in ("procrastinate", "psycopg", "psycopg_pool", "mcp", "mcp.client.stdio"):
        with contextlib.suppress(ImportError):
            importlib.import_module(optional)
    if threading.active_count() != 1:
        raise RuntimeError(f"importing started threads: {threading.enumerate()}")
    import gc

    gc.collect()
    gc.freeze()  # the children's collections skip (and so do not copy) the preloaded objects


def _preload_light() -> None:
    """Import the CLI app, what every ``coord`` command imports first, and nothing more: a
    probe forked from here shows what the command imported, as in a fresh interpreter
    (test_cli_start checks that this is a part of what ``coord --version`` imports)."""
    import gc

    import coordinator.cli.app  # noqa: F401

    gc.collect()
    gc.freeze()


def _serve(listener_fd: int, tree: str, light: bool) -> None:
    """Preload the package from ``tree``, then fork a child per request until stdin (the
    launcher's pipe) closes.

    The launcher bound and listens on the socket before starting this process, so a client
    may connect at once: its request waits in the backlog until the preload is done.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the children, not the server
    if sys.flags.safe_path:  # (no folder of this file first on the path to replace)
        sys.path.insert(0, tree)
    else:
        sys.path[0] = tree  # (was this file's folder); a child's sys.path[0] is set per launch
    listener = socket.socket(fileno=listener_fd)
    try:
        _serve_on(listener, light, _path_tail())
    finally:  # the launcher is gone (stopped, or killed before its atexit ran): leave no folder
        _remove_folder(os.path.dirname(listener.getsockname()))


def _pythonpath(value: str) -> list[str]:
    """The ``sys.path`` entries a fresh interpreter makes of ``PYTHONPATH`` ``value`` in the
    current folder: each made absolute (an empty one: the folder), in order."""
    return [os.path.abspath(p) for p in value.split(os.pathsep)] if value else []


def _path_tail() -> list[str] | None:
    """What follows the tree under test and this server's ``PYTHONPATH`` entries on its
    ``sys.path`` (the standard library, site-packages and what their ``.pth`` files add),
    which a child's path ends with; None when its path is not laid out so (a child then
    gets it unchanged, and a launch with another ``PYTHONPATH`` is refused)."""
    own = _pythonpath(os.environ.get("PYTHONPATH", ""))
    if sys.path[1 : 1 + len(own)] != own:
        return None
    return sys.path[1 + len(own) :]


def _child_path(tree: str, tail: list[str] | None) -> None:
    """A child's ``sys.path`` before its ``-m``/``-c``/script entry: its own ``PYTHONPATH``
    entries, the tree under test (where they do not already name it), the server's tail,
    each once (as ``site`` removes duplicates). Unchanged where ``tail`` is None."""
    if tail is not None:
        entries = [*_pythonpath(os.environ.get("PYTHONPATH", "")), tree, *tail]
        sys.path[:] = list(dict.fromkeys(entries))


def _serve_on(listener: socket.socket, light: bool, tail: list[str] | None) -> None:
    """:func:`_serve`'s work: the preload, "ready", then the requests until stdin closes."""
    _preload_light() if light else _preload()
    base = (sys.stdout.encoding, sys.stdout.errors)
    startup = _startup_env(os.environb)
    if tail is None:  # this server cannot give a child another PYTHONPATH
        startup[b"PYTHONPATH"] = os.environb.get(b"PYTHONPATH", b"")
    paths = (sys.path[0], tail)
    sys.stdout.buffer.write(_READY)
    sys.stdout.flush()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # nobody reads the pipe after "ready"
    os.close(null)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, connection)
    while True:
        for key, _ in sel.select():
            what = key.data
            if what == "stdin":
                if not os.read(sys.stdin.fileno(), 4096):
                    return
            elif what == "accept":
                conn, _ = listener.accept()
                sel.register(conn, selectors.EVENT_READ, "request")
            elif what == "request":
                conn = key.fileobj  # type: ignore[assignment]
                sel.unregister(conn)
                try:
                    pidfd = _launch(conn, base, startup, paths)  # type: ignore[arg-type]
                except Exception:  # a bad request: that client is told by EOF; serve on
                    traceback.print_exc()
                    pidfd = None
                if pidfd is None:
                    conn.close()  # type: ignore[union-attr]
                else:
                    children[pidfd[0]] = (pidfd[1], conn)  # type: ignore[assignment]
                    sel.register(pidfd[0], selectors.EVENT_READ, "child")
            else:
                pid, conn = children.pop(key.fd)
                sel.unregister(key.fd)
                os.close(key.fd)
                _, status = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):
                    conn.send(_STATUS.pack(pid, status))
                conn.close()


def _launch(
    conn: socket.socket,
    base: tuple[str, str],
    startup: Mapping[bytes, bytes],
    paths: tuple[str, list[str] | None],
) -> tuple[int, int] | None:
    """Read one request, fork its child; the child's pidfd and pid (None: none started).

    A request whose environment changes what a fresh interpreter reads at start-up is
    refused (pid -1): the client execs it instead.
    """
    try:
        data, fds, _, _ = socket.recv_fds(conn, 1 << 22, 3)
    except OSError:
        return None
    if not data or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return None
    request = pickle.loads(data)
    wanted = _startup_env(request["env"])
    if paths[1] is None:  # (see _serve_on)
        wanted[b"PYTHONPATH"] = request["env"].get(b"PYTHONPATH", b"")
    if wanted != startup:
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError):
            conn.send(_PID.pack(-1))
        return None
    pid = os.fork()
    if pid == 0:
        _child(request, fds, base, paths)  # never returns
    for fd in fds:
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    try:
        conn.send(_PID.pack(pid))
    except OSError:
        pass  # the client is gone; the child runs on and is reaped all the same
    return pidfd, pid


def _child(
    request: dict[str, Any],
    fds: list[int],
    base: tuple[str, str],
    paths: tuple[str, list[str] | None],
) -> None:
    """In the forked child: become the process ``request`` describes and run it."""
    code = 1
    try:
        _become(request, fds, base)
        _child_path(*paths)
        code = _run(request)
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(code)


def _become(request: dict[str, Any], fds: list[int], base: tuple[str, str]) -> None:
    """Session, stdio fds, cwd, environment, signals and streams of a fresh interpreter."""
    if request["start_new_session"]:
        os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target, inheritable=True)
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
    os.chdir(request["cwd"])
    os.environb.clear()
    os.environb.update(request["env"])
    tempfile.tempdir = None
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    _fresh_signals(request["ignored"])
    _fresh_streams(base)
    if os.environ.get("PYTHONFAULTHANDLER"):
        import faulthandler

        faulthandler.enable()
    import random

    random.seed()


def _fresh_signals(ignored: Sequence[int]) -> None:
    """Dispositions and mask as after exec: ignored ones stay ignored, the rest default."""
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        with contextlib.suppress(OSError, ValueError):
            signal.signal(sig, signal.SIG_IGN if sig in ignored else signal.SIG_DFL)
    for sig in (signal.SIGPIPE, signal.SIGXFSZ):  # as CPython sets them at start-up
        signal.signal(sig, signal.SIG_IGN)
    if signal.SIGINT not in ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def _fresh_streams(base: tuple[str, str]) -> None:
    """``sys.stdin/stdout/stderr`` as CPython's create_stdio makes them for this environment."""
    encoding, errors = base
    setting = os.environ.get("PYTHONIOENCODING", "")
    if setting:
        enc, _, err = setting.partition(":")
        encoding = codecs.lookup(enc).name if enc else encoding  # as CPython names it
        errors = err or ("strict" if enc and not err else errors)
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    streams = []
    for fd, mode in ((0, "r"), (1, "w"), (2, "w")):
        write = mode == "w"
        try:
            buffering = 0 if unbuffered and write else -1
            raw = open(fd, mode + "b", buffering=buffering, closefd=False)
        except OSError:
            streams.append(None)
            continue
        line = not unbuffered and (fd == 2 or os.isatty(fd))
        stream = io.TextIOWrapper(
            raw,
            encoding=encoding,
            errors="backslashreplace" if fd == 2 else errors,
            newline="\n",
            line_buffering=line,
            write_through=unbuffered,
        )
        stream.mode = mode  # type: ignore[misc]
        streams.append(stream)
    sys.stdin, sys.stdout, sys.stderr = streams  # type: ignore[assignment]
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams  # type: ignore[misc]


def _run(request: dict[str, Any]) -> int:
    """Run the command as its argv says; the exit code, after the interpreter's shutdown steps."""
    import runpy

    argv = [os.fsdecode(a) for a in request["argv"]]
    sys.orig_argv = list(argv)
    kind, what = request["program"]
    first: str | None
    if kind == "module":  # python -m coordinator ARGS
        sys.argv, first = ["-m", *argv[3:]], os.getcwd()
    elif kind == "safe module":  # python -P -m coordinator ARGS: the folder not on sys.path
        sys.argv, first = ["-m", *argv[4:]], None
    elif kind == "code":  # python -c CODE ARGS
        sys.argv, first = ["-c", *argv[3:]], ""
    elif kind == "script":  # python SCRIPT ARGS
        sys.argv, first = argv[1:], os.path.dirname(os.path.realpath(what))
    else:  # the coord console script
        sys.argv, first = [what, *argv[1:]], os.path.dirname(what)
    if first is not None and not os.environ.get("PYTHONSAFEPATH"):  # (as -P)
        sys.path.insert(0, first)
    code = 0
    try:
        if kind in ("module", "safe module"):
            runpy.run_module(what, run_name="__main__", alter_sys=True)
        elif kind == "code":
            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            exec(compile(what, "<string>", "exec"), main.__dict__)
        else:
            runpy.run_path(what, run_name="__main__")
    except SystemExit as exc:
        code = _exit_code(exc)
    except KeyboardInterrupt as exc:
        _report(exc)
        _shutdown()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)  # as CPython exits on an uncaught Ctrl-C
    except BaseException as exc:
        _report(exc)
        code = 1
    return _shutdown() or code


def _report(exc: BaseException) -> None:
    """The traceback the interpreter prints, without this module's own frame."""
    tb = exc.__traceback__.tb_next if exc.__traceback__ else None
    sys.excepthook(type(exc), exc.with_traceback(tb), tb)


def _exit_code(exc: SystemExit) -> int:
    """What CPython makes of ``SystemExit(code)``."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    with contextlib.suppress(BaseException):
        print(exc.code, file=sys.stderr)
    return 1


def _shutdown() -> int:
    """Join non-daemon threads, run atexit functions, flush stdio: 120 if a flush fails."""
    with contextlib.suppress(BaseException):
        threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    failed = 0
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            failed = 120
    return failed


# --------------------------------------------------------------------------- the client


class _Server:
    """A zygote of this pytest process: started on first use, stopped at exit. ``light``: the
    one that preloads only the CLI app (:func:`_preload_light`), for import probes."""

    def __init__(self, light: bool = False) -> None:
        self.light = light
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.path = ""
        self.startup: dict[bytes, bytes] = {}
        self.failed = bool(os.environ.get(_DISABLE)) or not _supported()
        self.folder = ""

    def address(self) -> str | None:
        """The socket path of a running zygote, starting it first; None where it cannot run."""
        with self.lock:
            if self.path or self.failed:
                return None if self.failed else self.path
            shared = "" if self.light else os.environ.get(_SHARED, "")
            if shared:  # started by the run's main process, which stops it
                self.startup = _startup_env(_server_env())
                self.path = shared
                return shared
            try:
                self._start(wait=True)
            except (OSError, RuntimeError) as exc:
                self.failed = True
                warnings.warn(f"no test zygote ({exc}): coord is exec'd", stacklevel=3)
            return None if self.failed else self.path

    def _start(self, wait: bool) -> None:
        sweep_stale()
        self.folder = tempfile.mkdtemp(prefix=_PREFIX)
        self.path = os.path.join(self.folder, "sock")
        env = _server_env()
        self.startup = _startup_env(env)
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as listener:
            listener.bind(self.path)
            listener.listen(64)
            self.proc = subprocess.Popen(
                [sys.executable, __file__, str(listener.fileno()), tree_under_test()]
                + ["light"] * self.light,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=self.folder,
                pass_fds=(listener.fileno(),),
            )
        atexit.register(self.stop)
        if wait:
            self._wait_ready()

    def _wait_ready(self) -> None:
        """Wait for the server's "ready" (its preload worked); stop it and raise if not."""
        out = self.proc.stdout if self.proc else None
        ready, _, _ = select.select([out], [], [], 300) if out else ([], [], [])  # a safety net
        line = out.readline() if out and ready else b""
        if line != _READY:
            self.stop()
            raise RuntimeError(f"it said {line!r}")

    def stop(self) -> None:
        """Close the zygote's stdin (it exits) and wait for it; its children run on."""
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # type: ignore[union-attr]
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            with contextlib.suppress(OSError):
                proc.stdout.close()  # type: ignore[union-attr]
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.failed = True


def _remove_folder(folder: str) -> None:
    """Remove a zygote's socket folder (one :class:`_Server` made, named so)."""
    if os.path.basename(folder).startswith(_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(min_age: float = 60.0) -> list[str]:
    """Remove the socket folders of zygotes that are gone (a server killed with its launcher,
    by SIGKILL, had no chance to): their socket refuses a connection, or they never got one.
    Folders younger than ``min_age`` seconds are left (a launcher may be between its
    ``mkdtemp``, ``bind`` and ``listen``); a live zygote accepts the probe and reads an empty
    request, which it ignores. The folders removed."""
    removed = []
    base = tempfile.gettempdir()
    for name in os.listdir(base):
        folder = os.path.join(base, name)
        if name.startswith(_PREFIX) and _is_stale(folder, min_age):
            _remove_folder(folder)
            removed.append(folder)
    return removed


def _is_stale(folder: str, min_age: float) -> bool:
    """Whether ``folder`` (a zygote's) is older than ``min_age`` and nothing listens there."""
    sock = os.path.join(folder, "sock")
    try:
        if time.time() - os.lstat(folder).st_mtime < min_age:
            return False
    except OSError:
        return False  # gone already, or not ours to look at
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
        probe.settimeout(5)  # a full backlog: a live one
        try:
            probe.connect(sock)
        except (ConnectionRefusedError, FileNotFoundError):
            return True
        except OSError:
            return False
    return False


def tree_under_test() -> str:
    """The folder this process imports the ``coordinator`` package from: the tree under test,
    which the zygote preloads (first on its ``sys.path``). Not the installed one: in a git
    worktree or a copy of the tree, the editable install names another checkout, and a forked
    ``coord`` would run that checkout's code while the test's own process runs this one."""
    spec = importlib.util.find_spec("coordinator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the coordinator package is not importable")
    return os.path.dirname(os.path.abspath(next(iter(spec.submodule_search_locations))))


def _supported() -> bool:
    return all(
        hasattr(x, y)
        for x, y in ((os, "fork"), (os, "pidfd_open"), (socket, "send_fds"), (socket, "AF_UNIX"))
    )


_SERVER = _Server()
_LIGHT = _Server(light=True)


def _server_env() -> dict[bytes, bytes]:
    """The zygote's own environment: this process's, with the stream settings left out (so
    its streams show the locale's defaults; each child applies its own)."""
    env = dict(os.environb)
    env.pop(b"PYTHONIOENCODING", None)
    env.pop(b"PYTHONUNBUFFERED", None)
    env.pop(_SHARED.encode(), None)
    return env


def share() -> None:
    """Start one zygote for the whole run, now, without waiting for its preload: the pytest
    processes started after this (xdist workers) inherit its address and queue their first
    launches on its socket until it serves. Saves each worker starting its own."""
    with _SERVER.lock:
        if _SERVER.failed or _SERVER.path:
            return
        try:
            _SERVER._start(wait=False)
        except OSError as exc:
            warnings.warn(f"no shared test zygote ({exc})", stacklevel=2)
            return
    os.environ[_SHARED] = _SERVER.path


def stop() -> None:
    """Stop this process's zygotes (the session's end); later launches exec."""
    _SERVER.stop()
    _LIGHT.stop()


_EXECUTE = inspect.signature(subprocess.Popen._execute_child)  # type: ignore[attr-defined]


class Popen(subprocess.Popen):  # type: ignore[type-arg]
    """``subprocess.Popen`` whose ``python -m coordinator`` / ``coord`` is forked by the zygote.

    Everything else (other programs, options the zygote does not do) is a real exec. The
    handle is a Popen: pipes, ``communicate``, ``wait(timeout)``, ``poll``, signals,
    ``returncode`` (negative for a signal) all work as usual.
    """

    _zygote: socket.socket | None = None
    #: the zygote that forks this class's processes
    zygote = _SERVER
    #: the raw wait status, once the zygote reported it
    status: int | None = None
    #: True when the zygote forked the process (False: it was exec'd)
    forked = False

    def _execute_child(self, *args: Any) -> None:
        call = _EXECUTE.bind(self, *args).arguments
        request = self._request(call)
        if request is None:
            super()._execute_child(*args)
            return
        fds = [
            call["p2cread"] if call["p2cread"] != -1 else 0,
            call["c2pwrite"] if call["c2pwrite"] != -1 else 1,
            call["errwrite"] if call["errwrite"] != -1 else 2,
        ]
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            conn.connect(request.pop("address"))
            socket.send_fds(conn, [pickle.dumps(request)], fds)
            reply = conn.recv(_PID.size)
            if len(reply) != _PID.size or _PID.unpack(reply)[0] == 0:
                raise OSError("the zygote did not start the process")
        except OSError:
            conn.close()
            raise
        if _PID.unpack(reply)[0] < 0:  # refused (a PYTHONPATH it cannot give): exec it
            conn.close()
            super()._execute_child(*args)
            return
        self.pid = _PID.unpack(reply)[0]
        self._zygote = conn
        self.forked = self._child_created = True
        _FORKED[self.pid] = self
        self._close_pipe_fds(  # type: ignore[attr-defined]
            call["p2cread"],
            call["p2cwrite"],
            call["c2pread"],
            call["c2pwrite"],
            call["errread"],
            call["errwrite"],
        )

    def _request(self, call: Mapping[str, Any]) -> dict[str, Any] | None:
        """What the zygote needs to start ``call``'s process; None: exec it for real."""
        if call["preexec_fn"] is not None or call["pass_fds"] or call["shell"]:
            return None
        if any(call.get(k) not in (None, -1) for k in _UNSUPPORTED):
            return None
        given = call["args"]
        argv = [os.fsencode(a) for a in ([given] if isinstance(given, str | bytes) else given)]
        env = (
            {os.fsencode(k): os.fsencode(v) for k, v in call["env"].items()}
            if call["env"] is not None
            else _inherited_env()
        )
        program = _program(argv, call["executable"], env.get(b"PATH"))
        cwd = os.fsdecode(call["cwd"]) if call["cwd"] is not None else os.getcwd()
        if program is None or not os.path.isdir(cwd):
            return None
        address = self.zygote.address()
        if address is None or _startup_env(env) != self.zygote.startup:
            return None
        ignored = [s for s in signal.valid_signals() if _ignored(s)]
        return {
            "address": address,
            "argv": argv,
            "program": program,
            "env": env,
            "cwd": cwd,
            "start_new_session": bool(call["start_new_session"]),
            "ignored": ignored,
        }

    def _internal_poll(
        self, _deadstate: int | None = None, *args: Any, **kwargs: Any
    ) -> int | None:
        if self._zygote is None:
            return super()._internal_poll(_deadstate, *args, **kwargs)  # type: ignore[misc]
        if self.returncode is None and self._waitpid_lock.acquire(False):  # type: ignore[attr-defined]
            try:
                self._collect(0)
            finally:
                self._waitpid_lock.release()  # type: ignore[attr-defined]
        return self.returncode

    def _wait(self, timeout: float | None) -> int:
        if self._zygote is None:
            return super()._wait(timeout)  # type: ignore[misc,no-any-return]
        with self._waitpid_lock:  # type: ignore[attr-defined]
            if self.returncode is None and not self._collect(timeout):
                raise subprocess.TimeoutExpired(self.args, timeout)  # type: ignore[arg-type]
        return self.returncode  # type: ignore[return-value]

    def _collect(self, timeout: float | None) -> bool:
        """Take the child's wait status from the zygote within ``timeout``; False if none yet."""
        conn = self._zygote
        if self.returncode is not None or conn is None:
            return True
        ready, _, _ = select.select([conn], [], [], timeout)
        if not ready:
            return False
        reply = conn.recv(_STATUS.size)
        conn.close()
        if len(reply) != _STATUS.size:
            raise RuntimeError(f"the test zygote went away before process {self.pid} ended")
        self.status = _STATUS.unpack(reply)[1]
        self._handle_exitstatus(self.status)  # type: ignore[attr-defined]
        return True


class LightPopen(Popen):
    """:class:`Popen` whose ``python -m coordinator`` / ``python -c`` is forked by the light
    zygote, which imported only the CLI app: for probes of what a command imports."""

    zygote = _LIGHT


#: Processes the zygote forked for this process, by pid, until :func:`waitpid` takes them.
_FORKED: dict[int, Popen] = {}


def waitpid(pid: int) -> tuple[int, int]:
    """``os.waitpid(pid, 0)`` for a child of this process, forked by the zygote or not."""
    proc = _FORKED.pop(pid, None)
    if proc is None or proc._zygote is None:
        return os.waitpid(pid, 0)
    proc.wait()
    return pid, proc.status if proc.status is not None else 0


class _Subprocess(types.ModuleType):
    """The ``subprocess`` module, except that its Popen forks coord through the zygote."""

    Popen = Popen

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)


#: Put in place of a module's ``subprocess`` (monkeypatch) so the coord processes that
#: module starts are forked by the zygote; see :func:`waitpid` to wait for them.
SUBPROCESS = _Subprocess("subprocess")


def fork_detached_runs(monkeypatch: Any) -> None:
    """The detached ``coord run`` that ``background: true`` starts is forked by the zygote
    (still its own session, stdin closed, output to its log); wait with :func:`waitpid`."""
    from coordinator.runtime import detach

    monkeypatch.setattr(detach, "subprocess", SUBPROCESS)


_UNSUPPORTED = ("gid", "gids", "uid", "umask", "process_group")


def _inherited_env() -> dict[bytes, bytes]:
    """The environment an exec'd child inherits: the C ``environ``, which also holds what C
    code set behind ``os.environ``'s back (readline sets COLUMNS and LINES, for one)."""
    try:
        import ctypes

        table = ctypes.POINTER(ctypes.c_char_p).in_dll(ctypes.CDLL(None), "environ")
        env: dict[bytes, bytes] = {}
        for i in itertools.count():
            entry = table[i]
            if entry is None:
                return env
            key, _, value = entry.partition(b"=")
            env.setdefault(key, value)
    except (OSError, ValueError, ImportError):
        pass
    return dict(os.environb)


def _ignored(sig: int) -> bool:
    if sig in (signal.SIGKILL, signal.SIGSTOP):
        return False
    with contextlib.suppress(ValueError, OSError):
        return signal.getsignal(sig) is signal.SIG_IGN
    return False


def _program(argv: Sequence[bytes], executable: Any, path: bytes | None) -> tuple[str, str] | None:
    """What the zygote runs for ``argv``: ``python [-P] -m coordinator``, ``python -c CODE`` (the
    zygote's own tests), ``python SCRIPT.py`` (the MCP fixture server) or the ``coord``
    script; None for anything else."""
    if executable is not None or not argv:
        return None
    if argv[0] == os.fsencode(sys.executable) and argv[1:3] == [b"-m", b"coordinator"]:
        return ("module", "coordinator")
    if argv[0] == os.fsencode(sys.executable) and argv[1:4] == [b"-P", b"-m", b"coordinator"]:
        return ("safe module", "coordinator")  # a detached run: its folder not on sys.path
    if argv[0] == os.fsencode(sys.executable) and len(argv) > 2 and argv[1] == b"-c":
        return ("code", os.fsdecode(argv[2]))
    if argv[0] == os.fsencode(sys.executable) and len(argv) > 1 and argv[1].endswith(b".py"):
        script = os.path.abspath(os.fsdecode(argv[1]))
        return ("script", script) if os.path.isfile(script) else None
    program = os.fsdecode(argv[0])
    search = os.fsdecode(path) if path is not None else os.defpath
    found = shutil.which(program, path=search) if os.sep not in program else program
    coord = shutil.which("coord", path=os.path.dirname(sys.executable))
    if found and coord and os.path.samefile(found, coord):
        return ("path", coord)
    return None


def run(
    args: Sequence[str | bytes | os.PathLike[str]],
    *,
    input: str | bytes | None = None,
    timeout: float | None = None,
    check: bool = False,
    capture_output: bool = False,
    light: bool = False,
    **kwargs: Any,
) -> subprocess.CompletedProcess[Any]:
    """``subprocess.run`` with :class:`Popen` (:class:`LightPopen` if ``light``)."""
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    if capture_output:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    with (LightPopen if light else Popen)(args, **kwargs) as proc:
        try:
            out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
        except BaseException:
            proc.kill()
            raise
        code = proc.poll()
    if check and code:
        raise subprocess.CalledProcessError(code, proc.args, output=out, stderr=err)
    return subprocess.CompletedProcess(proc.args, code, out, err)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the launcher

#: What the launcher passes on to the process it stands for.
_RELAYED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1)


def launcher(argv: Sequence[str]) -> list[str]:
    """``argv`` (``python -m coordinator ...``, ``python SCRIPT.py ...``) as a command for a
    library that starts the process itself (the mcp SDK's ``stdio_client``, coord's MCP
    client): ``python -S -I zygote.py launch ADDRESS ARGV``, a launcher with no site (~20 ms)
    that has the zygote fork ``argv`` with the launcher's own stdio fds, cwd, environment,
    session and ignored signals, relays SIGTERM, SIGINT, SIGHUP, SIGQUIT and SIGUSR1 to it
    (a moment later than a direct kill: the launcher's handler sends it on), and exits as it
    did (killed by the same signal, or with its code). The launcher execs
    ``argv`` where the zygote would not fork it. Where no zygote runs: ``argv`` itself."""
    address = _SERVER.address()
    if address is None:
        return list(argv)
    return [sys.executable, "-S", "-I", os.path.abspath(__file__), "launch", address, *argv]


def _launch_as(address: str, argv: list[str]) -> None:
    """The launcher (see :func:`launcher`): never returns."""
    env = dict(os.environb)
    program = _program([os.fsencode(a) for a in argv], None, env.get(b"PATH"))
    request = {
        "argv": [os.fsencode(a) for a in argv],
        "program": program,
        "env": env,
        "cwd": os.getcwd(),
        "start_new_session": os.getsid(0) == os.getpid(),
        "ignored": [s for s in signal.valid_signals() if _ignored(s)],
    }
    signal.pthread_sigmask(signal.SIG_BLOCK, _RELAYED)  # until the child's pid is known
    pid = _request_fork(address, request) if program is not None else None
    if pid is None:  # the zygote would not: a real exec, as the caller asked
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _RELAYED)
        os.execv(argv[0], argv)
    child, conn = pid
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # the child holds the stdio pipes now, as if it were this process
        os.dup2(null, fd)
    reply = _relay_until_status(child, conn)
    status = _STATUS.unpack(reply)[1] if len(reply) == _STATUS.size else 1 << 8
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [os.WTERMSIG(status)])
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status))


def _relay_until_status(child: int, conn: socket.socket) -> bytes:
    """Relay :data:`_RELAYED` signals to ``child`` until the zygote sends its wait status.

    A Python handler runs only between bytecodes: a signal landing after the last check and
    before a blocking ``recv`` would wait in its flag while ``recv`` blocked forever. The
    handlers do nothing; the signal numbers come through a wake-up pipe that ``select``
    watches beside the connection, so none is lost whenever it lands."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    for sig in _RELAYED:
        signal.signal(sig, lambda _sig, _frame: None)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _RELAYED)
    while True:
        ready, _, _ = select.select([conn, wake_r], [], [])
        if wake_r in ready:
            for sig in os.read(wake_r, 512):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, sig)
        if conn in ready:
            return conn.recv(_STATUS.size)


def _request_fork(address: str, request: dict[str, Any]) -> tuple[int, socket.socket] | None:
    """Ask the zygote at ``address`` to fork ``request`` on this process's fds 0, 1 and 2:
    the child's pid and the connection its wait status will come on (None: it did not)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        conn.connect(address)
        socket.send_fds(conn, [pickle.dumps(request)], [0, 1, 2])
        reply = conn.recv(_PID.size)
    except OSError:
        conn.close()
        return None
    if len(reply) != _PID.size or _PID.unpack(reply)[0] <= 0:
        conn.close()
        return None
    return _PID.unpack(reply)[0], conn


if __name__ == "__main__":
    if sys.argv[1] == "launch":
        _launch_as(sys.argv[2], sys.argv[3:])
    _serve(int(sys.argv[1]), sys.argv[2], sys.argv[3:] == ["light"])
