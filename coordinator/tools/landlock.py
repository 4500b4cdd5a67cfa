"""Landlock's scopes for a sandbox that shares the host's network (``--bash-network``).

Without a network namespace of its own, a sandboxed command shares the host's abstract
Unix sockets (``@/tmp/.X11-unix/X0``, a D-Bus bus, a container runtime's, other users'
daemons): a path hides none of them, and connecting to one is a power beyond "network".
Landlock's ABI 6 (Linux 6.12) scopes a domain: ``LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET``
refuses a connection to an abstract socket made outside it, ``LANDLOCK_SCOPE_SIGNAL`` a
signal to a process outside it. bwrap (0.8) has no option for it, so coord starts bwrap
through a launcher (:func:`scoped_prefix`: its own interpreter, isolated, no site) that
makes such a domain and execs bwrap in it: bwrap and the command, and all they start, are
in it; coord, outside, still signals them. The launcher sets ``no_new_privs`` (Landlock
needs it), which bwrap sets anyway, but which a setuid bwrap would lose its privileges to:
one is started as before. Where the kernel has no such scope (older, Landlock not
enabled, alpha's other syscall numbers) or bwrap is setuid, a session granting the network
is warned once (:func:`warn_unscoped`).
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import stat
import sys

_LOG = logging.getLogger(__name__)

#: ``landlock_create_ruleset`` and ``landlock_restrict_self``: the same numbers on every
#: architecture (the table shared since Linux 5.1: x86_64, aarch64, arm, riscv, ...) but alpha.
_CREATE_RULESET = 444
_RESTRICT_SELF = 446
#: ``landlock_create_ruleset``'s flag asking for the ABI version.
_VERSION = 1
#: ``LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL``.
SCOPES = 0x1 | 0x2
#: The first ABI with scopes (``struct landlock_ruleset_attr``'s ``scoped``).
SCOPED_ABI = 6

#: The launcher: a ruleset handling no access but the scopes (its attr: handled_access_fs,
#: handled_access_net, scoped), ``no_new_privs``, the domain, then bwrap in it; exit 126
#: naming the error, and nothing run, when any of it fails.
_LAUNCH = f"""import ctypes,os,sys
c=ctypes.CDLL(None,use_errno=True)
a=(ctypes.c_uint64*3)(0,0,{SCOPES})
f=c.syscall({_CREATE_RULESET},a,ctypes.sizeof(a),0)
if f<0 or c.prctl(38,1,0,0,0) or c.syscall({_RESTRICT_SELF},f,0):
 sys.stderr.write('coord: Landlock scope not applied: '+os.strerror(ctypes.get_errno())+'\\n')
 sys.exit(126)
os.close(f)
os.execv(sys.argv[1],sys.argv[1:])
"""

#: What a session granting the network is told where its commands are not scoped.
UNSCOPED = (
    "--bash-network: commands share the host's network namespace, so they can connect to "
    "the host's abstract Unix sockets (X11's, D-Bus's, container runtimes', other users' "
    "daemons); coord shuts those out with Landlock's scope (ABI 6, Linux 6.12), which {why}"
)


@functools.cache
def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 where it has none (older than 5.13, Landlock
    not among its security modules, a seccomp filter refusing the call, alpha)."""
    if sys.platform != "linux" or platform.machine() == "alpha":
        return 0
    import ctypes  # (only for a session granting the network)

    libc = ctypes.CDLL(None, use_errno=True)
    version = libc.syscall(_CREATE_RULESET, None, 0, _VERSION)
    return max(int(version), 0)


def unscoped_reason(bwrap: str) -> str | None:
    """Why commands run by ``bwrap`` cannot be scoped here, or None when they can."""
    version = abi_version()
    if version < SCOPED_ABI:
        found = f"ABI {version}" if version else "none"
        return f"this kernel does not have (Landlock: {found})"
    if _setuid(bwrap):
        return f"a setuid bwrap ({bwrap}) cannot run under (it needs no_new_privs)"
    if not sys.executable or not os.access(sys.executable, os.X_OK):
        return "needs coord's Python interpreter, not found (sys.executable)"
    return None


def scoped_prefix(bwrap: str) -> list[str]:
    """What runs ``bwrap`` in a Landlock domain scoping abstract Unix sockets and signals
    (``python -I -S -c LAUNCHER``, bwrap's argv after it); nothing where that cannot be
    (:func:`unscoped_reason`)."""
    if unscoped_reason(bwrap) is not None:
        return []
    return [sys.executable, "-I", "-S", "-c", _LAUNCH]


@functools.cache
def warn_unscoped(bwrap: str) -> None:
    """Warn once (by log) when commands granted the network by ``bwrap`` are not scoped."""
    why = unscoped_reason(bwrap)
    if why is not None:
        _LOG.warning(UNSCOPED.format(why=why))


@functools.cache
def _setuid(program: str) -> bool:
    try:
        return bool(os.stat(program).st_mode & stat.S_ISUID)
    except OSError:
        return False
