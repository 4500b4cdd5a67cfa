"""What one Bash call costs with ``--bash-network`` in a Landlock domain (trust81).

Runs ``true`` with the real Bash tool (the real sandbox, its guard and ``git status``
around it) ``N`` times in a fresh git workspace, for each way, interleaved round by round
(so a busy neighbour weighs on each alike), and prints the median wall time of a call and
the mean CPU time its child processes used (bwrap, bash, git, the launcher: steadier
than the wall time on a shared machine):

- ``scoped``: granted the network, bwrap started by the Landlock launcher
  (:func:`coordinator.tools.landlock.scoped_prefix`), where the kernel has ABI 6;
- ``unscoped``: granted the network, the launcher left out (as before trust81);
- ``no-network``: the default, a network namespace of its own (no launcher).

Also the launcher alone (``python -I -S -c LAUNCHER /bin/true`` against ``/bin/true``)::

    python bench/bench_trust81.py 40
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.tools import landlock
from coordinator.tools.base import ToolContext
from coordinator.tools.sandbox import BashSandbox
from coordinator.tools.toolset import build_toolset


def _timed(call: Callable[[], object], cpu: list[float]) -> float:
    """``call``'s wall time in ms; the CPU time its child processes used goes to ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    call()
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    cpu.append(used * 1000)
    return wall


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    if landlock.abi_version() < landlock.SCOPED_ABI:
        print(f"no Landlock scopes here (ABI {landlock.abi_version()}): nothing to measure")
        return
    scoped = landlock.scoped_prefix
    toolset = build_toolset(None)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        root = Path(folder).resolve()
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        ways = {
            "scoped": (BashSandbox(network=True), scoped),
            "unscoped": (BashSandbox(network=True), lambda _bwrap: []),
            "no-network": (BashSandbox(), scoped),
        }
        times: dict[str, list[float]] = {name: [] for name in [*ways, "launcher", "true"]}
        cpu: dict[str, list[float]] = {name: [] for name in times}
        for _ in range(rounds):
            for name, (sandbox, prefix) in ways.items():
                landlock.scoped_prefix = prefix  # type: ignore[assignment]
                ctx = ToolContext(root=root, allow_bash=True, sandbox=sandbox)
                run = toolset.execute("Bash", {"command": "true"}, ctx)
                wall = _timed(lambda run=run: asyncio.run(run), cpu[name])  # type: ignore[misc]
                times[name].append(wall)
            landlock.scoped_prefix = scoped  # type: ignore[assignment]
            launch = [*scoped("/usr/bin/bwrap"), "/bin/true"]
            times["launcher"].append(_timed(lambda a=launch: subprocess.run(a), cpu["launcher"]))
            times["true"].append(_timed(lambda: subprocess.run(["/bin/true"]), cpu["true"]))
    for name, values in times.items():
        print(
            f"{name:>10}: median {statistics.median(values):6.1f} ms wall, "
            f"{statistics.mean(cpu[name]):6.2f} ms CPU of its processes (mean), {len(values)} calls"
        )


if __name__ == "__main__":
    main()
