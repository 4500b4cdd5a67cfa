"""trust81: the trust boundary attacked from inside an agent, with real runs.

1. ``--bash-network`` shared the host's abstract Unix sockets. Granted the network, a
   sandbox keeps the host's network namespace (bwrap has nothing between one of its own and
   the host's), and abstract sockets (``@/tmp/.X11-unix/X0``, a D-Bus bus, a container
   runtime's, other users' daemons) are the network namespace's, not the file system's: no
   path hides them, and a command connected to any. Where the kernel has Landlock's ABI 6
   (Linux 6.12), bwrap is started in a domain scoping abstract sockets and signals
   (``tools/landlock.py``): a connection to one made outside it is refused, the network
   itself (a loopback TCP listener here; no test reaches the internet) still works. Where
   it has not, a session granting the network is warned once.
2. The dynamic loader's variables reached bwrap itself. A command's environment is passed
   through bwrap's own (no value on its command line), so a variable the user lets into
   commands (``--bash-env LD_LIBRARY_PATH``, its value the workspace's ``build/lib``: a
   project developing a C library) or a confined MCP server's ``env`` (a cloned
   repository's ``.mcp.json``: ``LD_PRELOAD: ./x.so``) made bwrap, which runs outside the
   sandbox as coord's user, load a library a command compiled there: its constructor ran
   outside the sandbox. bwrap now starts without them and sets them for the command.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli import coord
from kit import needs_bwrap, report, workspace, write_script

from coordinator.tools import landlock

needs_scopes = pytest.mark.skipif(
    landlock.abi_version() < landlock.SCOPED_ABI,
    reason="this kernel has no Landlock scopes (ABI 6, Linux 6.12)",
)

DONE = {"text": report("Complete", "Done")}

#: The probe's interpreter: the system's, which the sandbox shows (the test's own may live
#: where the sandbox shows nothing: CI's venv is under a fresh /tmp).
SYSTEM_PYTHON = "/usr/bin/python3"
needs_system_python = pytest.mark.skipif(
    not os.access(SYSTEM_PYTHON, os.X_OK), reason=f"{SYSTEM_PYTHON} not installed"
)

#: A command's probe: connect to the abstract socket NAME, then to 127.0.0.1:PORT; each
#: outcome written to ``out.txt`` in the workspace.
PROBE = """import socket
said = []
for family, address in ((socket.AF_UNIX, {abstract!r}), (socket.AF_INET, ("127.0.0.1", {port}))):
    s = socket.socket(family)
    try:
        s.connect(address)
        said.append("connected")
    except OSError as exc:
        said.append("refused " + type(exc).__name__)
open("out.txt", "w").write(" / ".join(said))
"""


def agents_folder(folder: Path) -> Path:
    """A roster outside the workspace: ``runner`` (Bash)."""
    folder.mkdir()
    (folder / "runner.md").write_text(
        "---\nname: runner\ndescription: runs commands\ntools: Bash\n---\nRun.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(name="listeners")
def host_listeners() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A host process's abstract Unix socket and loopback TCP socket, both listening (a
    connection completes into their backlog: nothing needs to accept it)."""
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind(f"\0trust81-{os.getpid()}-{id(abstract)}")
    abstract.listen(4)
    tcp = socket.socket(socket.AF_INET)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(4)
    abstract.setblocking(False)
    tcp.setblocking(False)
    yield abstract, tcp
    abstract.close()
    tcp.close()


def connected(listener: socket.socket) -> bool:
    """Whether a connection waits in ``listener``'s backlog."""
    try:
        conn, _ = listener.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def run_probe(tmp_path: Path, listeners: tuple[socket.socket, socket.socket], *flags: str) -> str:
    """A real run whose agent's command (in the real sandbox, with ``flags``) tries both
    listeners; what it wrote."""
    abstract, tcp = listeners
    ws = workspace(tmp_path)
    name = abstract.getsockname()
    probe = PROBE.format(
        abstract=name if isinstance(name, str) else name.decode(), port=tcp.getsockname()[1]
    )
    (ws / "probe.py").write_text(probe, encoding="utf-8")
    command = {"name": "Bash", "input": {"command": f"{SYSTEM_PYTHON} -I probe.py"}}
    script = write_script(tmp_path / "s.yaml", {"runner": [{"tool_calls": [command]}, DONE]})
    ran = coord(
        "run", "Probe", "-w", ws, "--agents-dir", agents_folder(tmp_path / "agents"), "--only",
        "--script", script, "--agent", "runner", "--allow-bash", *flags,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return (ws / "out.txt").read_text(encoding="utf-8")


@needs_bwrap
@needs_scopes
@needs_system_python
def test_with_network_a_command_reaches_no_abstract_socket_of_the_host(
    tmp_path: Path, listeners: tuple[socket.socket, socket.socket]
) -> None:
    said = run_probe(tmp_path, listeners, "--bash-network")
    assert said == "refused PermissionError / connected", said
    abstract, tcp = listeners
    assert not connected(abstract)
    assert connected(tcp)  # the network itself still works


@needs_bwrap
@needs_system_python
def test_without_network_a_command_reaches_neither(
    tmp_path: Path, listeners: tuple[socket.socket, socket.socket]
) -> None:
    """The default: a network namespace of its own, which has its own abstract sockets."""
    said = run_probe(tmp_path, listeners)
    assert said.startswith("refused") and " / refused" in said, said
    assert not any(connected(listener) for listener in listeners)


@needs_bwrap
def test_a_kernel_without_scopes_is_warned_of_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Where the kernel cannot scope them, a session granting the network says that its
    commands can reach the host's abstract sockets (once a process)."""
    monkeypatch.setattr(landlock, "abi_version", lambda: 0)
    landlock.warn_unscoped.cache_clear()
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {"runner": [DONE]})
    agents = agents_folder(tmp_path / "agents")
    base = ("--agents-dir", agents, "--only", "--script", script, "--agent", "runner")
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            ran = coord("run", "Go", "-w", ws, *base, "--allow-bash", "--bash-network")
            assert ran.returncode == 0, ran.stderr
    warned = [r.getMessage() for r in caplog.records if "abstract Unix sockets" in r.getMessage()]
    assert len(warned) == 1, warned
    assert "Landlock: none" in warned[0]
    landlock.warn_unscoped.cache_clear()


@needs_bwrap
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_a_library_a_command_built_is_not_loaded_outside_the_sandbox(tmp_path: Path) -> None:
    """``--bash-env LD_LIBRARY_PATH`` naming the workspace's ``build/lib``: the first
    command builds a ``libcap.so.2`` (bwrap's) whose constructor writes outside the
    sandbox; the second command's bwrap loaded it, as coord's user. The commands still
    get the variable."""
    ws = workspace(tmp_path)
    marker = tmp_path / "escaped"
    (ws / "lib.c").write_text(
        "#include <stdio.h>\n"
        "__attribute__((constructor)) static void ran(void) {\n"
        f'  FILE *f = fopen("{marker}", "a"); if (f) {{ fputs("outside\\n", f); fclose(f); }}\n'
        "}\n"
        "int cap_from_name(const char *name, unsigned *value) { *value = 0; return -1; }\n",
        encoding="utf-8",
    )
    build = "mkdir -p build/lib && cc -shared -fPIC -o build/lib/libcap.so.2 lib.c && echo built"
    calls = [
        {"tool_calls": [{"name": "Bash", "input": {"command": build}}]},
        {"tool_calls": [{"name": "Bash", "input": {"command": "echo $LD_LIBRARY_PATH > seen"}}]},
        DONE,
    ]
    script = write_script(tmp_path / "s.yaml", {"runner": calls})
    library = str(ws / "build" / "lib")
    ran = coord(
        "run", "Build", "-w", ws, "--agents-dir", agents_folder(tmp_path / "agents"), "--only",
        "--script", script, "--agent", "runner", "--allow-bash", "--bash-env", "LD_LIBRARY_PATH",
        env={"LD_LIBRARY_PATH": library},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (ws / "build" / "lib" / "libcap.so.2").is_file()
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    assert (ws / "seen").read_text(encoding="utf-8").strip() == library


def test_a_confined_servers_loader_variables_are_set_inside_the_sandbox(tmp_path: Path) -> None:
    """A confined stdio server's ``env`` (``LD_PRELOAD: ./x.so`` in a cloned repository's
    ``.mcp.json``) is not the environment bwrap starts with: bwrap sets it for the server."""
    from coordinator.mcp.client import stdio_params
    from coordinator.mcp.config import ServerConfig, Transport
    from coordinator.tools.sandbox import BashSandbox, Confiner

    config = ServerConfig(
        name="docs", transport=Transport.STDIO, source=".mcp.json", trusted=True,
        command="node", args=("server.js",), env={"LD_PRELOAD": "./x.so"},
        confined="its definition is in the workspace",
    )  # fmt: skip
    params = stdio_params(config, tmp_path, Confiner("/usr/bin/bwrap", BashSandbox()))
    assert "LD_PRELOAD" not in (params.env or {})
    at = params.args.index("LD_PRELOAD")
    assert params.args[at - 1 : at + 2] == ["--setenv", "LD_PRELOAD", "./x.so"]
    assert at < params.args.index("--")


#: A gconv module whose constructor writes a file (its argument): what glibc loads, for a
#: charset its own code does not convert (ISO-8859-1), from ``GCONV_PATH``.
GCONV_MODULE = """#include <stdio.h>
__attribute__((constructor)) static void ran(void) {{
  FILE *f = fopen("{marker}", "a"); if (f) {{ fputs("outside\\n", f); fclose(f); }}
}}
int gconv_init(void *step) {{ return 1; }}
int gconv(void *step) {{ return 1; }}
"""


def locale_and_converter(folder: Path, marker: Path) -> dict[str, str]:
    """What a cloned repository can ship: a compiled locale whose charset is ISO-8859-1
    (``loc/xx``) and a ``gconv-modules`` naming its own converter for that charset; the
    variables that make a program calling ``setlocale`` load it (a server's ``env``)."""
    if shutil.which("localedef") is None or shutil.which("cc") is None:
        pytest.skip("needs localedef and a C compiler")
    (folder / "gconv").mkdir(parents=True)
    (folder / "loc").mkdir()
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / "loc" / "xx")],
        capture_output=True, check=False,
    )  # fmt: skip
    if not (folder / "loc" / "xx" / "LC_CTYPE").is_file():
        pytest.skip(f"localedef cannot build a locale here: {made.stderr!r}")
    (folder / "evil.c").write_text(GCONV_MODULE.format(marker=marker), encoding="utf-8")
    built = folder / "gconv" / "evil.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", built, folder / "evil.c"], check=True)
    (folder / "gconv" / "gconv-modules").write_text(
        "module ISO-8859-1// INTERNAL evil 1\nmodule INTERNAL ISO-8859-1// evil 1\n",
        encoding="utf-8",
    )
    return {"LOCPATH": str(folder / "loc"), "GCONV_PATH": str(folder / "gconv"), "LC_ALL": "xx"}


@needs_bwrap
@needs_scopes
def test_a_confined_servers_locale_variables_load_no_converter_outside(tmp_path: Path) -> None:
    """review82: the launcher is a Python, which sets the locale as it starts: a confined
    server's ``env`` (a cloned repository's ``.mcp.json``) with ``LOCPATH`` and
    ``GCONV_PATH`` naming what the repository ships made it load the repository's gconv
    module, outside the sandbox, as coord's user (granted the network). Like the loader's,
    glibc's other variables it ignores in a setuid program are set inside the sandbox."""
    from coordinator.mcp.client import stdio_params
    from coordinator.mcp.config import ServerConfig, Transport
    from coordinator.tools.sandbox import BashSandbox, Confiner

    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    elsewhere.mkdir()
    marker = elsewhere / "escaped"
    env = locale_and_converter(repo, marker)
    config = ServerConfig(
        name="docs", transport=Transport.STDIO, source=".mcp.json", trusted=True,
        command="true", args=(), env=env, confined="its definition is in the workspace",
    )  # fmt: skip
    bwrap = shutil.which("bwrap") or "bwrap"
    params = stdio_params(config, repo, Confiner(bwrap, BashSandbox(network=True)))
    assert params.command == sys.executable  # the launcher
    started = subprocess.run(
        [params.command, *params.args], env=params.env, cwd=repo, capture_output=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert not marker.exists(), (marker.read_text(encoding="utf-8"), started.stderr)
    assert "GCONV_PATH" not in (params.env or {}) and "LOCPATH" not in (params.env or {})
    at = params.args.index("GCONV_PATH")
    assert params.args[at - 1 : at + 2] == ["--setenv", "GCONV_PATH", env["GCONV_PATH"]]
    assert at < params.args.index("--")


@pytest.mark.parametrize(
    "name",
    [
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH",
        "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR",
        "TZDIR", "LD_PRELOAD", "LD_AUDIT",
    ],
)  # fmt: skip
def test_what_glibc_ignores_in_a_setuid_program_starts_no_outside_program(name: str) -> None:
    """glibc's ``UNSECURE_ENVVARS`` (sysdeps/generic/unsecvars.h): each is kept from bwrap
    and the launcher and set inside; the rest pass through bwrap's own environment."""
    from coordinator.tools.sandbox import outside_env

    env = {name: "/ws/x", "LC_ALL": "C.UTF-8", "SECRET_TOKEN": "s3cret"}
    assert outside_env(env) == {"LC_ALL": "C.UTF-8", "SECRET_TOKEN": "s3cret"}
