"""Reading every run's conversation of a session with many consults (tidy59, issue 12).

A root run of N messages (tool calls and results, 1.5 KB each) blocked K times; each
consult's task quotes the root's reply and each resume message the consult's answer, by
reference (schema 17). Each tree (``PYTHONPATH``) builds the same session in a fresh
SQLite file, then reads every run's messages in a fresh ``Store`` 7 times (CPU median):
what ``coord log`` and a resume read.

``python bench/bench_tidy59_said.py BASELINE_DIR [N:K ...]``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import statistics, sys, time
from pathlib import Path
from coordinator.prompts import consult_prompt, resume_prompt
from coordinator.store.db import Store

n, k, path = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
store = Store.open(path)
sid = store.create_session("req", path.parent, {})
body = "x" * 1500
root = store.start_run(sid, agent="backend", model="m", depth=0, max_turns=10**6,
                       first_message={"role": "user", "content": "Do it"})
gap, idx, made = max(4, n // (k + 1)), 1, 0
with store.transaction():
    while idx < n:
        if made < k and idx % gap == 0 and idx + 2 < n:
            text = [{"type": "text", "text": f"Blocked {idx} " + body}]
            store.append_message(root, {"role": "assistant", "content": text})
            _, task = consult_prompt("backend", "db", "x", "y", "", "req", said=[root, idx])
            c = store.start_run(sid, agent="dba", model="m", depth=1, max_turns=10,
                                parent_run_id=root, first_message={"role": "user", "content": task})
            answer = [{"type": "text", "text": "Answer " + body}]
            store.append_message(c, {"role": "assistant", "content": answer})
            _, back = resume_prompt("dba", "db", "complete", "", said=[c, 1])
            store.append_message(root, {"role": "user", "content": back})
            idx, made = idx + 2, made + 1
            continue
        if idx % 2:
            use = {"type": "tool_use", "id": f"t{idx}", "name": "Read", "input": {"file_path": "a"}}
            store.append_message(root, {"role": "assistant", "content": [use]})
        else:
            done = {"type": "tool_result", "tool_use_id": f"t{idx - 1}", "content": body}
            store.append_message(root, {"role": "user", "content": [done]})
        idx += 1
store.close()
times = []
for _ in range(7):
    store = Store.open(path)
    t = time.process_time()
    for r in store.runs(sid):
        store.messages(r.id)
    times.append(time.process_time() - t)
    store.close()
print(f"{statistics.median(times) * 1000:.1f}")
"""


def main() -> None:
    baseline = Path(sys.argv[1]).resolve()
    sizes = [tuple(map(int, a.split(":"))) for a in sys.argv[2:]] or [
        (500, 0), (500, 10), (500, 50), (2000, 0), (2000, 200), (2000, 480)
    ]  # fmt: skip
    print("| messages | consults | baseline CPU ms (median of 7) | this tree |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="tidy59-said-") as scratch:
        for n, k in sizes:
            cells = []
            for name, tree in (("baseline", baseline), ("this", ROOT)):
                db = Path(scratch) / f"{name}-{n}-{k}.db"
                env = {**os.environ, "PYTHONPATH": str(tree)}
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(n), str(k), str(db)],
                    env=env, capture_output=True, text=True, check=True, cwd=scratch,
                )  # fmt: skip
                cells.append(out.stdout.strip())
            print(f"| {n} | {k} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
