"""Shared fixtures. The no-network switch is on for every test and every subprocess.

The suite runs under pytest-xdist (``-n auto --dist loadgroup``): every test is its own unit
of work, handed to whichever worker is free, except the tests on the private PostgreSQL
cluster, which form one group so that a run starts one cluster, not one per worker. The
tests that start real processes run first, so no worker is left with a long one at the end.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import itertools
import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import zygote
from fake_messages_server import FakeMessagesServer
from hypothesis import settings

from coordinator.providers.base import ALLOW_ENV

if TYPE_CHECKING:
    from coordinator.roster.registry import Registry
    from tests.routing_support import Rosters

# Test modules (asserts rewritten) and the package are compiled once and kept in __pycache__,
# as Python does by default, even where PYTHONDONTWRITEBYTECODE is set (~3 s per worker).
sys.dont_write_bytecode = False
# The xdist workers (started after this file is read) and the processes tests start do so
# too: a worker loads pytest's plugins before this file, and with the variable set it
# assert-rewrote and compiled them (hypothesis, anyio, xdist: ~110 modules) at every run.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The PostgreSQL cluster; stores of both backends; xdist groups under pytest 9.
pytest_plugins = ["pgcluster", "storefixtures", "xdist_groups"]
# The shared checks (kit, routing_support) fail with pytest's explanation of the values compared.
pytest.register_assert_rewrite("tests.kit", "tests.routing_support")

# Any model request that would leave this machine fails inside tests; subprocesses inherit it.
os.environ[ALLOW_ENV] = "0"
os.environ.pop("ANTHROPIC_API_KEY", None)
os.environ.pop("ANTHROPIC_AUTH_TOKEN", None)
os.environ.pop("ANTHROPIC_BASE_URL", None)

# A suite started in the background by a non-interactive shell (`pytest &`, nohup, a CI or
# measuring script) inherits SIGINT ignored, and so would every coord it spawns: the Ctrl-C
# tests would wait on a process that ignores the signal. Children start as from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# CI explores a fixed set of examples, so a run is reproducible; locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


#: Test modules that start real processes (or fuzz), slowest first: run before the rest.
RUN_FIRST = (
    "test_readme_tour.py",
    "test_store_faults.py",
    "test_protocols_fuzz.py",
    "test_kill_resume.py",
    "test_mcp_server.py",
    "test_mcp_client.py",
    "test_hooks_resume.py",
    "test_cli_run.py",
    "test_cli_live.py",
    "test_cli_input.py",
    "test_text.py",
    "test_otel.py",
    "test_background.py",
    "test_protocols_roundtrip.py",
    "test_sandbox_bash.py",
    "test_agent_file_fuzz.py",
    "test_hooks_sandbox.py",
    "test_cli_start.py",
)
PG_GROUP = "postgres"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """One xdist group for the PostgreSQL tests; the process-heavy modules first."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(PG_GROUP))
    rank = {name: i for i, name in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture
def shared() -> Path:
    """The ``../shared`` folder; tests using it skip cleanly where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    return SHARED


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    """The bundled roster, loaded once per worker from an empty project (tests only read it)."""
    from coordinator.roster.loader import load_registry

    return load_registry(cwd=tmp_path_factory.mktemp("cwd"), cache=False)


@pytest.fixture(scope="session")
def corpus_rosters(bundled: Registry, tmp_path_factory: pytest.TempPathFactory) -> Rosters:
    """The bundled and ../shared corpus rosters by short name (skips where ../shared is absent)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    from tests.routing_support import Rosters

    return Rosters(bundled, tmp_path_factory.mktemp("cwd"))


#: The user's own settings in the environment (``CLAUDE_CONFIG_DIR``: the user's agents,
#: hooks, skills and MCP servers, :mod:`coordinator.claude_home`).
_PERSONAL = (
    "COORDINATOR_CONFIG",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "CLAUDE_CONFIG_DIR",
)


def _isolate(home: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("HOME", str(home))
    for name in _PERSONAL:
        mp.delenv(name, raising=False)


#: Numbers the folders :func:`fresh_folder` makes in this process (a worker: its own base folder).
_FOLDERS = itertools.count()


def fresh_folder(factory: pytest.TempPathFactory, prefix: str) -> Path:
    """A new empty folder ``PREFIX<n>`` in this run's base temporary folder, as
    ``factory.mktemp(prefix)`` makes, without its cost: pytest numbers a folder by listing the
    whole base folder for the highest number in use (and links ``PREFIXcurrent`` to it), so
    each test's home and ``tmp_path`` listed every folder made before it: ~9,000 entries at
    a worker's end, quadratic over a run. Here the number is this process's next one; a name
    taken (a folder pytest's ``mktemp`` numbered) moves on to the next."""
    base = factory.getbasetemp()
    while True:
        folder = base / f"{prefix}{next(_FOLDERS)}"
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's ``tmp_path`` (a new folder named after the test, kept after the run), made by
    :func:`fresh_folder`. ``tmpdir`` is made from this one."""
    return fresh_folder(tmp_path_factory, re.sub(r"\W", "_", request.node.name)[:30])


@pytest.fixture(scope="session", autouse=True)
def _isolated_home_for_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures see an empty home too (set up before any test's)."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(tmp_path_factory.mktemp("session-home"), mp)
        yield


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the user's ~/.claude/agents, ~/.config and caches out of every test, and give
    each test its own standard input: a config read from there is kept for the process
    (``config._READ_ONCE``), which is the whole worker for an in-process ``coord``."""
    _isolate(fresh_folder(tmp_path_factory, "home"), monkeypatch)
    monkeypatch.setattr("coordinator.config._READ_ONCE", {})
    # The credential variables' values are read again once a second or when the
    # environment's size changes (credentials._moving_values): a test that sets other values
    # of the same number of variables within that second must not see the last test's.
    credentials = sys.modules.get("coordinator.tools.credentials")
    if credentials is not None:
        monkeypatch.setattr(credentials, "_MOVING", [(-1.0, -1, ())])


def pytest_configure(config: pytest.Config) -> None:
    """Under xdist, the main process starts one zygote for every worker (zygote.share)."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        zygote.share()
    else:  # this process collects: no cyclic collection until it is done (see below)
        gc.disable()


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (the SDK, pydantic models, the package) stays for the whole
    run: take it out of the cyclic collector's passes, which walked it again and again, and
    collect the youngest objects less often (GC time in a worker: ~1.5 s -> ~0.8 s).
    Collection itself ran with the collector off (pytest_configure): its ~200 passes over the
    growing heap cost ~1 s of CPU per worker; one pass here frees what collection left behind
    (~10 MB) before the rest is frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


@pytest.hookimpl(tryfirst=True)  # before pytest's own (tmpdir) runs the removal
def pytest_sessionfinish(session: pytest.Session) -> None:
    """As a run ends, pytest removes the temporary folders of the runs before the last three
    (and any ``garbage-*`` left): ~40,000 files a run here, which took 30-50 s on a disk
    mounted with ``discard`` while the run waited for it (after every worker was done). The
    same removal, pytest's own, is done by a detached process of its own: the run ends at
    once. Only where pytest made the folders (the main process; a worker's is given)."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    stack = getattr(factory, "_exit_stack", None)
    if not isinstance(stack, contextlib.ExitStack) or hasattr(session.config, "workerinput"):
        return
    removal = stack.pop_all()  # pytest's sessionfinish then closes an empty stack
    # This run's folder stays; its lock goes now (pytest's removal of it is a no-op in a
    # forked process, and a folder left locked would be kept for 3 days).
    with contextlib.suppress(OSError, TypeError):
        (factory._basetemp / ".lock").unlink()  # type: ignore[union-attr]
    try:
        pid = os.fork()
    except OSError:
        removal.close()
        return
    if pid == 0:  # the child: start the remover and end, so the run reaps it at once
        code = 0
        try:
            os.setsid()
            if os.fork() == 0:
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.closerange(3, os.sysconf("SC_OPEN_MAX"))
                with contextlib.suppress(BaseException):
                    removal.close()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.waitpid(pid, 0)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the zygote this process started, if any (a worker's is the main process's)."""
    zygote.stop()
    if hasattr(config, "workerinput") and "coverage" not in sys.modules:
        atexit.register(_exit_without_teardown)  # the last one registered: it runs first


def _exit_without_teardown() -> None:
    """How an xdist worker ends once its run is over and reported: every other exit handler
    runs, as at any interpreter exit, then the process ends without the interpreter's
    teardown (freeing, one by one, every object the SDK, the package and ~1,200 tests made:
    ~1 s per worker). Not under coverage, which saves its data as the interpreter ends."""
    atexit.unregister(_exit_without_teardown)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


@pytest.fixture(scope="session", autouse=True)
def _zygote() -> Iterator[None]:
    """The fork server for coord processes (zygote.py) starts on first use; stop it at the end."""
    yield
    zygote.stop()


@pytest.fixture
def server() -> Iterator[FakeMessagesServer]:
    """A loopback fake Messages API server (see fake_messages_server.py)."""
    with FakeMessagesServer() as fake:
        yield fake
