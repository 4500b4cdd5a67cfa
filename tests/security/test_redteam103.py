"""redteam103: a hostile agent reaching past the sandbox to what the host keeps, driven as
one would (its tool calls scripted turns of the real engine, its commands in real
bubblewrap, the session in real SQLite).

1. The kernel's keyrings are no file system's: bwrap's mounts and namespaces left them, and
   a command read every key of the session keyring coord was started with (a login's, which
   ``pam_keyinit`` links to the user's keyring: Kerberos tickets, ``keyctl``'s secrets) and,
   coord run as root, of root's own keyrings. Every sandboxed program now runs under a
   seccomp filter refusing ``add_key``, ``keyctl`` and ``request_key``
   (``tools/seccomp.py``), as Docker's and Flatpak's do.
2. The host's sockets were found in coord's own network namespace only
   (``/proc/net/unix``), yet a connection to a socket's path crosses namespaces: a service
   with a network of its own (systemd's ``PrivateNetwork=``, ``unshare -n``) or a container
   whose socket lies in a folder of the host (a volume: ``-v /srv/pg:/var/run/postgresql``)
   was reached by a command. Every network namespace coord sees a process of is read, its
   paths translated through that process's mounts (``tools/sockets.py``).
"""

from __future__ import annotations

import ctypes
import os
import platform
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hostile import backend, bash, run, workspace
from kit import needs_bwrap, report, wait_for_file

from coordinator.tools.seccomp import KEYRING_CALLS

DONE = {"text": report("Complete", "Done")}
#: The probes' interpreter: the system's, which the sandbox shows (a venv may be hidden).
SYSTEM_PYTHON = "/usr/bin/python3"
needs_system_python = pytest.mark.skipif(
    not os.access(SYSTEM_PYTHON, os.X_OK), reason=f"{SYSTEM_PYTHON} not installed"
)
#: This machine's ``add_key``, ``keyctl`` and ``request_key`` (its own architecture's).
CALLS = KEYRING_CALLS.get(platform.machine(), ((0, ()),))[0][1]
needs_keyring_calls = pytest.mark.skipif(not CALLS, reason="no keyring filter for this machine")

KEY_SPEC_SESSION_KEYRING = -3
KEYCTL_REVOKE, KEYCTL_SEARCH, KEYCTL_READ = 3, 10, 11


def answer(provider: Any, call: int = 1) -> str:
    """What the model was given back for its tool call in request ``call``."""
    return str(provider.model.calls[call].messages[-1]["content"][0]["content"])


# ---- 1. the kernel keyring -------------------------------------------------------------------

#: A command's probe: find the key DESCRIPTION through the session keyring and read it.
READ_KEY = """import ctypes, os
c = ctypes.CDLL(None, use_errno=True)
key = c.syscall({keyctl}, {search}, {session}, b"user", {description!r}, 0)
if key < 0:
    print("refused:", os.strerror(ctypes.get_errno()))
else:
    buf = ctypes.create_string_buffer(256)
    c.syscall({keyctl}, {read}, key, buf, 256)
    print("READ", buf.value.decode())
"""


@pytest.fixture(name="session_key")
def a_session_key() -> Iterator[tuple[str, str]]:
    """A key in this process's session keyring (what a login's keyring holds, and every
    process started from here inherits): its description and secret; revoked after."""
    add_key, keyctl, _ = CALLS
    libc = ctypes.CDLL(None, use_errno=True)
    description, secret = f"redteam103-{uuid.uuid4().hex[:8]}", f"s3cret-{uuid.uuid4().hex}"
    key = libc.syscall(
        add_key, b"user", description.encode(), secret.encode(), ctypes.c_size_t(len(secret)),
        ctypes.c_int(KEY_SPEC_SESSION_KEYRING),
    )  # fmt: skip
    if key < 0:  # (a container's seccomp profile refuses it too: Docker's default does)
        pytest.skip(f"no kernel keyring here: {os.strerror(ctypes.get_errno())}")
    yield description, secret
    libc.syscall(keyctl, KEYCTL_REVOKE, ctypes.c_long(key))


@needs_bwrap
@needs_system_python
@needs_keyring_calls
def test_a_command_reads_no_key_of_the_keyring_coord_started_with(
    tmp_path: Path, session_key: tuple[str, str]
) -> None:
    """The key coord's session keyring holds was read by ``keyctl search @s``/``read`` in a
    command (root or not: bwrap's user namespace keeps the session keyring); the sandbox's
    seccomp filter refuses the keyring's calls."""
    description, secret = session_key
    ws, home = workspace(tmp_path)
    probe = READ_KEY.format(
        keyctl=CALLS[1], search=KEYCTL_SEARCH, read=KEYCTL_READ,
        session=KEY_SPEC_SESSION_KEYRING, description=description.encode(),
    )  # fmt: skip
    (ws / "probe.py").write_text(probe, encoding="utf-8")
    provider = run(ws, home, backend(), [bash(f"{SYSTEM_PYTHON} -I probe.py"), DONE])
    got = answer(provider)
    assert secret not in got, got
    assert "refused: Operation not permitted" in got, got


# ---- 2. a socket bound in another network namespace -----------------------------------------

#: The service: bind PATH and listen (a connection completes on the backlog alone).
LISTEN = """import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(8)
time.sleep(600)
"""
CONNECT = f"""{SYSTEM_PYTHON} -I -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
    print("CONNECTED")
except OSError as exc:
    print("refused:", exc.strerror)
' {{path}}"""


@contextmanager
def _service(folder: Path, container: bool) -> Iterator[Path]:
    """A service listening on a socket from a network namespace of its own (and, as a
    container, a mount namespace whose ``/inside`` is the host's ``host``, where it binds);
    the socket's path on the host. Skips where namespaces cannot be made."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is absent")
    host = folder / "host"
    host.mkdir()
    argv = [unshare, "--net", *(["--mount"] if container else [])]
    argv += ["--map-root-user"] if os.getuid() != 0 else []
    bound = host / "s.sock"
    if container:
        inside = folder / "inside"
        inside.mkdir()
        script = f'mount --bind "{host}" "{inside}" && exec "$0" -I -c "$1" "{inside}/s.sock"'
        argv += ["sh", "-c", script, SYSTEM_PYTHON, LISTEN]
    else:
        argv += [SYSTEM_PYTHON, "-I", "-c", LISTEN, str(bound)]
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    try:
        try:
            wait_for_file(bound, proc)
        except AssertionError as exc:  # (unshare ended first: it could not make them)
            pytest.skip(f"no namespaces of its own here: {exc}")
        yield bound
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(name="shown_folder")
def a_folder_the_sandbox_shows() -> Iterator[Path]:
    """A fresh folder in ``/var/tmp``: outside what the sandbox hides whole (``/tmp``,
    ``/run``, HOME), as a service's ``/srv`` or ``/var/lib`` is."""
    if not os.access("/var/tmp", os.W_OK):
        pytest.skip("/var/tmp is not writable here")
    folder = Path("/var/tmp") / f"coord-redteam103-{uuid.uuid4().hex[:12]}"
    folder.mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_bwrap
@needs_system_python
@pytest.mark.parametrize("container", [False, True], ids=["own-network", "container-volume"])
def test_a_service_socket_of_another_network_namespace_is_not_reached(
    tmp_path: Path, shown_folder: Path, container: bool
) -> None:
    """A socket bound by a process with a network of its own (or a container's, bound in
    a volume of the host's folder) is in coord's ``/proc/net/unix`` no more, yet a command
    connected to its path; it is covered as coord's own namespace's are."""
    ws, home = workspace(tmp_path)
    with _service(shown_folder, container) as bound:
        provider = run(ws, home, backend(), [bash(CONNECT.format(path=bound)), DONE])
        got = answer(provider)
        assert "CONNECTED" not in got, got
        assert "refused" in got, got


# ---- 3. a socket in the home folder's tools' state, the workspace holding it -----------------

#: Where each socket lies in the home folder (``-w ~``), and whether a command may reach it.
HOME_SOCKETS = {
    ".docker/desktop/docker.sock": False,  # Docker Desktop's engine: a container as root
    ".ssh/cm-git@example.com:22": False,  # ssh's ControlMaster: a shell on that host
    ".gnupg/S.gpg-agent": False,  # (a credential's folder: masked whole already)
    "src/app/tmp/dev.sock": True,  # a project's own dev server: the agent's to use
}


@contextmanager
def _listening(home: Path) -> Iterator[dict[str, Path]]:
    """This process listening on each of :data:`HOME_SOCKETS` in ``home`` (bound through a
    short link in ``/tmp``: a socket's path holds at most 107 bytes)."""
    short = Path("/tmp") / f"rt103-{uuid.uuid4().hex[:8]}"
    short.mkdir()
    made, bound = [], {}
    try:
        for at, rel in enumerate(HOME_SOCKETS):
            (home / rel).parent.mkdir(parents=True, exist_ok=True)
            (short / str(at)).symlink_to((home / rel).parent)
            listener = socket.socket(socket.AF_UNIX)
            listener.bind(f"{short}/{at}/{(home / rel).name}")
            listener.listen(8)
            made.append(listener)
            bound[rel] = home / rel
        yield bound
    finally:
        for listener in made:
            listener.close()
        shutil.rmtree(short, ignore_errors=True)


@needs_bwrap
@needs_system_python
def test_a_home_workspace_hides_the_sockets_of_the_users_tools() -> None:
    """``-w ~``: the workspace's sockets were left to commands, the home folder's tools'
    among them: a command reached Docker Desktop's engine socket and an ssh ControlMaster
    one (each a power past the sandbox). A socket in a dot-folder of the home folder is
    covered now; a project's own dev server's socket still connects, and a credential's
    folder (masked whole) still lets the sandbox be set up."""
    home = Path(os.environ["HOME"])
    with _listening(home) as bound:
        commands = [CONNECT.format(path=f"'{path}'") for path in bound.values()]
        provider = run(home, home, backend(), [bash(" ; ".join(commands)), DONE])
    lines = answer(provider).splitlines()
    assert len(lines) == len(HOME_SOCKETS), lines
    for (rel, reachable), line in zip(HOME_SOCKETS.items(), lines, strict=True):
        assert line.startswith("CONNECTED" if reachable else "refused"), (rel, line)
