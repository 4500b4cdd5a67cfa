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
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli import coord
from kit import report, workspace, write_script

from coordinator.tools import landlock

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
needs_scopes = pytest.mark.skipif(
    landlock.abi_version() < landlock.SCOPED_ABI,
    reason="this kernel has no Landlock scopes (ABI 6, Linux 6.12)",
)

DONE = {"text": report("Complete", "Done")}

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
    command = {"name": "Bash", "input": {"command": f"{sys.executable} -I probe.py"}}
    script = write_script(tmp_path / "s.yaml", {"runner": [{"tool_calls": [command]}, DONE]})
    ran = coord(
        "run", "Probe", "-w", ws, "--agents-dir", agents_folder(tmp_path / "agents"), "--only",
        "--script", script, "--agent", "runner", "--allow-bash", *flags,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return (ws / "out.txt").read_text(encoding="utf-8")


@needs_bwrap
@needs_scopes
def test_with_network_a_command_reaches_no_abstract_socket_of_the_host(
    tmp_path: Path, listeners: tuple[socket.socket, socket.socket]
) -> None:
    said = run_probe(tmp_path, listeners, "--bash-network")
    assert said == "refused PermissionError / connected", said
    abstract, tcp = listeners
    assert not connected(abstract)
    assert connected(tcp)  # the network itself still works


@needs_bwrap
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
