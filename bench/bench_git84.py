"""git processes one ``coord run`` starts in a git workspace (git84), and its CPU time.

Four runs of the scripted provider, each in a fresh repository: agent ``backend`` writes a
file and, with Bash on (``--allow-bash``), runs one command, then reports Complete; the same
with ``isolation: worktree`` in its frontmatter. A ``git`` shim first on PATH logs each
start's parent and arguments: coord's own starts (parent: the coord process) are counted
apart from those of the agent's command (parent: its shell). CPU (user + system of the
process tree) is measured in separate runs without the shim, median of ``--runs``.

Run: ``python bench/bench_git84.py [--baseline DIR] [--runs 5] [--show]``, DIR a tree
(``git archive START | tar -x -C DIR``). ``--show`` prints coord's git commands of each
case. ``--cycles N`` (default 20) also times N worktree cycles in one process of each tree
(open, git access, one settle as after a command, a file written, finish and merge): the
CPU of git's processes alone (the children's), without Python's start. Prints only.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORT = "Done\n\n**Changes:**\n- wrote b.py\n\n**Files:** b.py\n\n**Status:** Complete\n"
SHIM = '#!/bin/sh\nprintf "%s\\t%s\\n" "$PPID" "$*" >> "{log}"\nexec {git} "$@"\n'
CASES = {
    "plain": (False, False),
    "bash": (True, False),
    "worktree": (False, True),
    "worktree+bash": (True, True),
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def setup(folder: Path, bash: bool, worktree: bool) -> list[str]:
    """A repository ``ws`` (one commit), agents and a script in ``folder``; coord's argv."""
    ws = folder / "ws"
    ws.mkdir()
    (ws / "app.py").write_text("a = 1\n")
    (ws / ".gitignore").write_text(".coordinator/\n")
    _git(ws, "init", "-q", "-b", "main")
    for key, value in (("user.email", "d@example.com"), ("user.name", "D"), ("gc.auto", "0")):
        _git(ws, "config", key, value)
    _git(ws, "add", "-A")
    _git(ws, "commit", "-q", "-m", "start")
    agents = folder / "agents"
    agents.mkdir()
    extra = "isolation: worktree\n" if worktree else ""
    tools = "Read, Write, Bash" if bash else "Read, Write"
    (agents / "backend.md").write_text(
        f"---\nname: backend\ndescription: Backend.\ntools: {tools}\n{extra}---\nBody.\n"
    )
    calls = [{"name": "Write", "input": {"file_path": "b.py", "content": "b = 2\n"}}]
    if bash:
        calls.append({"name": "Bash", "input": {"command": "echo hi > c.txt"}})
    script = {"agents": {"backend": [{"tool_calls": calls}, {"text": REPORT}]}}
    (folder / "s.yaml").write_text(yaml.safe_dump(script))
    argv = ["-m", "coordinator", "run", "Write b.py", "--agent", "backend", "--only"]
    argv += ["--workspace", str(ws), "--agents-dir", str(agents), "--script"]
    argv += [str(folder / "s.yaml"), "--db", str(folder / "s.db")]
    return argv + (["--allow-bash"] if bash else [])


def counted(tree: Path, bash: bool, worktree: bool) -> tuple[list[str], int]:
    """coord's own git commands in one run of ``tree`` and the count of the others."""
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as tmp:
        folder = Path(tmp)
        argv = setup(folder, bash, worktree)
        shim, log = folder / "shim", folder / "git.log"
        shim.mkdir()
        real = shutil.which("git") or "git"
        (shim / "git").write_text(SHIM.format(log=log, git=real))
        (shim / "git").chmod(0o755)
        env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
        proc = subprocess.Popen([sys.executable, *argv], cwd=tree, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"coord run failed: {err.decode()[-2000:]}")
        lines = log.read_text().splitlines() if log.exists() else []
        own = [ln.split("\t", 1)[1] for ln in lines if ln.split("\t")[0] == str(proc.pid)]
        return own, len(lines) - len(own)


def cpu_ms(tree: Path, bash: bool, worktree: bool, runs: int) -> float:
    """Median CPU ms (the process and its children) of ``runs`` runs of ``tree``."""
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=ROOT.parent) as tmp:
            argv = setup(Path(tmp), bash, worktree)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, *argv], cwd=tree, check=True, capture_output=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            samples.append(used * 1000)
    return statistics.median(samples)


def verbs(commands: list[str]) -> str:
    """``rev-parse x3, status x2``: coord's git commands by their first non-option word."""
    found: collections.Counter[str] = collections.Counter()
    for command in commands:
        words = command.split()
        while words and words[0] == "-c":
            words = words[2:]
        found[words[0] if words else "?"] += 1
    return ", ".join(f"{v} x{n}" for v, n in found.most_common())


def cycles(count: int) -> None:
    """Child: ``count`` worktree cycles of the tree on ``sys.path``; prints a JSON line of
    ms per cycle: git's CPU (children), this process's CPU, wall."""
    from coordinator.runtime import worktree as w

    async def cycle(repo: Path, i: int) -> None:
        wt = await w.open_worktree(repo, "s", i)
        w.git_access(wt), w.object_env(wt), w.commit_env(wt.repo)
        w.take_back(wt)  # (what settles each command)
        (wt.root / f"f{i}.py").write_text(f"x = {i}\n")
        if (await w.finish_worktree(wt, "run")).status != w.MergeStatus.MERGED:
            raise RuntimeError("not merged")

    with tempfile.TemporaryDirectory(dir=ROOT.parent) as tmp:
        repo = Path(tmp) / "ws"
        repo.mkdir()
        (repo / "app.py").write_text("a = 1\n")
        _git(repo, "init", "-q", "-b", "main")
        for key, value in (("user.email", "d@e"), ("user.name", "D"), ("gc.auto", "0")):
            _git(repo, "config", key, value)
        _git(repo, "config", "maintenance.auto", "false")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "start")
        asyncio.run(cycle(repo, 0))  # (warm)
        kids, own = resource.RUSAGE_CHILDREN, resource.RUSAGE_SELF
        before = [resource.getrusage(k) for k in (kids, own)]
        start = time.perf_counter()
        for i in range(1, count + 1):
            asyncio.run(cycle(repo, i))
        wall = (time.perf_counter() - start) * 1000 / count
        after = [resource.getrusage(k) for k in (kids, own)]
    cpu = [
        (a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime) * 1000 / count
        for a, b in zip(after, before, strict=True)
    ]
    print(json.dumps({"git_cpu": cpu[0], "own_cpu": cpu[1], "wall": wall}))


def timed_cycles(tree: Path, count: int) -> dict[str, float]:
    """:func:`cycles` in a child process importing ``tree``."""
    env = {**os.environ, "BENCH_TREE": str(tree)}
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(count)]
    done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        cycles(args.child)
        return
    trees = {"baseline": args.baseline.resolve()} if args.baseline else {}
    trees["this tree"] = ROOT
    for case, (bash, worktree) in CASES.items():
        for name, tree in trees.items():
            own, others = counted(tree, bash, worktree)
            cpu = cpu_ms(tree, bash, worktree, args.runs) if args.runs else 0.0
            print(f"{case:14} {name:10} coord's git: {len(own):3}  command's: {others}  "
                  f"cpu {cpu:6.0f} ms  ({verbs(own)})")  # fmt: skip
            if args.show:
                print("\n".join(f"    {c}" for c in own))
    for _ in range(3 if args.cycles else 0):  # (interleaved rounds: the machine is shared)
        for name, tree in trees.items():
            got = timed_cycles(tree, args.cycles)
            print(f"cycle {name:10} git cpu {got['git_cpu']:6.1f} ms  python cpu "
                  f"{got['own_cpu']:6.1f} ms  wall {got['wall']:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("BENCH_TREE") or str(ROOT))
    main()
