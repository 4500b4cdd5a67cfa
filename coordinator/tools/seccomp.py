"""The seccomp filter every sandboxed program runs under: no kernel keyring.

The kernel's keyrings are not the file system's, so no mount hides them, and bwrap's
namespaces leave them: a sandboxed process keeps the session keyring coord was started
with (a login's, which ``pam_keyinit`` links to the user's keyring) and, coord run as
root (no user namespace), reaches root's user and persistent keyrings by their special
ids. Kerberos keeps tickets there (``KEYRING:persistent:UID``, the default on Fedora and
RHEL), and so do NFS, CIFS, fscrypt and whatever a user stored with ``keyctl``: a command
read every key (redteam103). Docker's default seccomp profile and Flatpak's refuse these
calls for that reason. bwrap loads the program from a descriptor (``--seccomp FD``, a
classic BPF program, as ``seccomp_export_bpf`` writes it) and applies it to the program
it starts, after setting ``no_new_privs``: ``add_key``, ``keyctl`` and ``request_key``
fail with ``EPERM`` there (a program treats that as "no keyring"), every other call is
allowed.
"""

from __future__ import annotations

import errno
import functools
import os
import platform
import struct

#: ``add_key``, ``keyctl`` and ``request_key`` by the architecture a call is made in
#: (``AUDIT_ARCH_*``), for each machine the kernel runs: a 64-bit kernel takes its 32-bit
#: programs' calls too (x86_64's ``int 0x80``, arm64's AArch32), by other numbers.
KEYRING_CALLS: dict[str, tuple[tuple[int, tuple[int, ...]], ...]] = {
    "x86_64": ((0xC000003E, (248, 250, 249)), (0x40000003, (286, 288, 287))),
    "aarch64": ((0xC00000B7, (217, 219, 218)), (0x40000028, (309, 311, 310))),
    "riscv64": ((0xC00000F3, (217, 219, 218)),),
}
KEYRING_CALLS["amd64"] = KEYRING_CALLS["x86_64"]
KEYRING_CALLS["arm64"] = KEYRING_CALLS["aarch64"]

#: x32's calls come under x86_64's architecture with this bit set in their number.
_X32_BIT = 0x40000000

# classic BPF: the instructions the filter is made of, and what seccomp returns
_LOAD = 0x20  # BPF_LD | BPF_W | BPF_ABS: A = the word at an offset of seccomp_data
_AND = 0x54  # BPF_ALU | BPF_AND | BPF_K
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_NR, _ARCH = 0, 4  # offsets of seccomp_data's nr and arch
_ALLOW = 0x7FFF0000
_REFUSE = 0x00050000 | errno.EPERM  # SECCOMP_RET_ERRNO


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def _arch_block(numbers: tuple[int, ...], x32: bool) -> list[bytes]:
    """One architecture's calls refused, the rest allowed."""
    block = [_op(_LOAD, _NR), *([_op(_AND, ~_X32_BIT & 0xFFFFFFFF)] if x32 else [])]
    for at, number in enumerate(numbers):
        left = len(numbers) - at - 1  # the jumps still to come, before ALLOW and REFUSE
        block.append(_op(_JEQ, number, jt=left + 1))
    return [*block, _op(_RET, _ALLOW), _op(_RET, _REFUSE)]


@functools.cache
def keyring_filter(machine: str | None = None) -> bytes | None:
    """The filter refusing the keyring's calls on ``machine`` (this one's by default), as
    bwrap's ``--seccomp`` reads it; None on a machine :data:`KEYRING_CALLS` lacks. A
    call of an architecture the machine does not run is refused whatever it is."""
    arches = KEYRING_CALLS.get(machine or platform.machine())
    if arches is None:
        return None
    blocks = [_arch_block(numbers, arch == 0xC000003E) for arch, numbers in arches]
    program = [_op(_LOAD, _ARCH)]
    for at, (arch, _) in enumerate(arches):
        # past the tests after this one, the refusal below them, the blocks before its own
        skip = len(arches) - at + sum(len(b) for b in blocks[:at])
        program.append(_op(_JEQ, arch, jt=skip))
    program.append(_op(_RET, _REFUSE))
    program += [op for block in blocks for op in block]
    return b"".join(program)


def filter_fd() -> int | None:
    """A descriptor bwrap reads the keyring filter from (``--seccomp FD``: a pipe holding
    it, its write end closed, not inherited unless passed), or None on a machine without
    one. The caller passes it to bwrap and closes it once bwrap has started."""
    program = keyring_filter()
    if program is None:
        return None
    read, write = os.pipe2(os.O_CLOEXEC)
    try:
        os.write(write, program)  # (a few hundred bytes: a pipe holds 4 KiB at least)
    finally:
        os.close(write)
    return read
