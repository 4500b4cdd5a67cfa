"""ops104: `coord` with every scripted model call logged, to count the calls paid per step.

Usage: OPS_CALLS=calls.log python bench/ops104_counted_coord.py worker --db URL ...
(any coord command line). Each model call the scripted provider answers appends one JSON
line: the process, the agent, a digest of the conversation's first message (the chain's
task) and ``k``, the assistant messages already in the conversation (the step). The same
(agent, digest, k) twice is a model call paid twice; ``--report FILE`` counts them.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import sys
from typing import Any
from urllib.parse import unquote

from coordinator.providers import scripted

_serve = scripted.ScriptedTransport.handle_async_request


async def _logged(self: scripted.ScriptedTransport, request: Any) -> Any:
    body = json.loads(await request.aread() or b"{}")
    messages = body.get("messages", [])
    first = json.dumps(messages[0]["content"]) if messages else ""
    step = sum(1 for m in messages if m.get("role") == "assistant")
    response = await _serve(self, request)
    line = {
        "pid": os.getpid(),
        "agent": unquote(request.headers.get("x-coordinator-agent", "")),
        "task": hashlib.sha1(first.encode()).hexdigest()[:10],
        "k": step,
        "status": response.status_code,
    }
    fd = os.open(os.environ["OPS_CALLS"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(line) + "\n").encode())
    finally:
        os.close(fd)
    return response


def report(path: str) -> None:
    """The calls logged in ``path``, and every step paid more than once."""
    with open(path, encoding="utf-8") as lines:
        calls = [json.loads(line) for line in lines]
    counts = collections.Counter((c["agent"], c["task"], c["k"]) for c in calls)
    twice = {key: n for key, n in counts.items() if n > 1}
    print(f"{len(calls)} calls, {len(counts)} steps, {len(twice)} paid more than once: {twice}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--report"]:
        report(sys.argv[2])
    else:
        scripted.ScriptedTransport.handle_async_request = _logged  # type: ignore[method-assign]
        from coordinator.cli.app import main

        sys.argv[0] = "coord"
        main()
