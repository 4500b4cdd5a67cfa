"""Check that two trees route every request alike: same agent, ranking, scores and reason.

``python bench/routing_same.py dump OUT.json`` routes every request of every set (the dev
sets in ../shared/routing, bench/sanity/*.yaml and bench_routing.py's requests) on every
roster of bench/eval_routing.py and on the whole corpus, and writes each decision (its JSON,
coverage and the full-precision scores of its top candidates). Run it once per tree (the
other tree with ``PYTHONPATH=TREE`` from that folder: ``coordinator`` is imported from
wherever the interpreter finds it), then ``python bench/routing_same.py compare A B``
lists every request whose decision differs (exit 1 when any does).

``dump OUT.json --serving`` (newreq76) prepares each router as a server's first
(:func:`coordinator.routing.lexical.prepare`: the tables and readings a server makes
before its first request, with its roster's words: newreq78); its decisions must equal
those of a router not prepared.

``dump OUT.json --stored`` routes on stored indexes instead, as ``coord route`` does with a
cached one: each roster's index is built and pickled here, then a fresh process loads them
and routes (the routing tables it needs read from what the indexes carry, never built:
:mod:`coordinator.routing.carried`). Its decisions must equal those of indexes built in
place, in this tree and in the tree before.

Both dumps run with the same string hash seed (``PYTHONHASHSEED``, 0 unless set; the script
re-executes itself to fix it): in trees before the trigger weight was summed with
``math.fsum``, its last bit followed the seed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from routing_requests import REQUESTS

if TYPE_CHECKING:
    from coordinator.routing.lexical import Router

BENCH = Path(__file__).resolve().parent
SHARED = BENCH.parents[1] / "shared"
#: Roster label -> folder under shared/corpus (None: the bundled agents; "*": all of them).
ROSTERS: dict[str, str | None] = {
    "bundled": None,
    "wshobson": "wshobson__agents",
    "voltagent": "VoltAgent__awesome-claude-code-subagents",
    "0xfurai": "0xfurai__claude-code-subagents",
    "lst97": "lst97__claude-code-sub-agents",
    "corpus": "*",
}


def requests() -> list[str]:
    """Every request of every set, each once, in a fixed order."""
    files = sorted((SHARED / "routing").glob("dev-*.yaml")) + sorted(
        (BENCH / "sanity").glob("*.yaml")
    )
    found = list(REQUESTS)
    for path in files:
        found += [str(case["request"]) for case in yaml.safe_load(path.read_text()) or []]
    return list(dict.fromkeys(found))


def routers(*, serving: bool = False) -> Iterator[tuple[str, Router]]:
    """Each roster's label and a router built on it (``serving``: prepared as a server's)."""
    from coordinator.roster.loader import load_registry
    from coordinator.routing.lexical import Router, prepare, roster_words

    corpus = SHARED / "corpus"
    for label, folder in ROSTERS.items():
        if folder is None:
            dirs = [BENCH.parent / "agents"]
        elif folder == "*":
            dirs = sorted(p for p in corpus.iterdir() if p.is_dir())
        else:
            dirs = [corpus / folder]
        registry = load_registry(dirs, only=True, cwd=SHARED, cache=False)
        router = Router(registry)
        if serving:
            prepare(router, roster_words(registry))
        yield label, router


def decide(router: Router) -> dict[str, object]:
    """Every request's decision on ``router``, with its coverage and top scores."""
    decisions: dict[str, object] = {}
    for request in requests():
        try:
            decision = router.route(request)
        except Exception as error:  # a router's bug: compared as the decision (route70)
            decisions[request] = {"error": f"{type(error).__name__}: {error}"}
            continue
        totals, _ = router.scores(router.query(request))
        top = sorted(totals.items(), key=lambda item: (-item[1], router.names[item[0]]))[:8]
        decisions[request] = {
            **decision.to_json(),
            "coverage": decision.coverage,
            "top": [(router.names[i], repr(s)) for i, s in top],
        }
    return decisions


def dump(out: Path, *, serving: bool = False) -> None:
    """Route every request on every roster and write the decisions to ``out``."""
    import coordinator

    print(f"coordinator from {Path(coordinator.__file__).parent}", file=sys.stderr)
    result: dict[str, dict[str, object]] = {}
    for label, router in routers(serving=serving):
        result[label] = decide(router)
        print(
            f"{label}: {len(router.names)} agents, {len(result[label])} requests", file=sys.stderr
        )
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


def dump_stored(out: Path) -> None:
    """:func:`dump` on stored indexes: pickled here, loaded and routed by a fresh process."""
    import pickle
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="routing-same-") as folder:
        for label, router in routers():
            data = pickle.dumps(router, protocol=pickle.HIGHEST_PROTOCOL)
            (Path(folder) / f"{label}.pickle").write_bytes(data)
        argv = [sys.executable, __file__, "load", folder, str(out)]
        subprocess.run(argv, check=True)


def load(folder: Path, out: Path) -> None:
    """Route every request on each stored index of ``folder`` (in ROSTERS' order)."""
    import pickle

    from coordinator.routing import carried

    result: dict[str, dict[str, object]] = {}
    before = carried.made()  # made at import, before any index was loaded: built here
    for label in ROSTERS:
        router = pickle.loads((folder / f"{label}.pickle").read_bytes())
        result[label] = decide(router)
        print(f"{label} (stored): {len(result[label])} requests", file=sys.stderr)
    print(f"tables built at import: {sorted(before) or 'none'}", file=sys.stderr)
    print(f"tables read from the stored indexes: {len(carried.made() - before)}", file=sys.stderr)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


def compare(one: Path, other: Path) -> int:
    """The number of decisions that differ between two dumps (each printed)."""
    first, second = json.loads(one.read_text()), json.loads(other.read_text())
    differ = same = 0
    for label in sorted(first.keys() | second.keys()):
        a, b = first.get(label, {}), second.get(label, {})
        for request in sorted(a.keys() | b.keys()):
            if a.get(request) == b.get(request):
                same += 1
                continue
            differ += 1
            print(f"[{label}] {request!r}\n  {a.get(request)}\n  {b.get(request)}")
    print(f"{same} decisions identical, {differ} differ")
    return differ


def main() -> None:
    options = sys.argv[3:]
    if (
        len(sys.argv) in (3, 4)
        and sys.argv[1] == "dump"
        and options in ([], ["--stored"], ["--serving"])
    ):
        if "PYTHONHASHSEED" not in os.environ:
            seeded = {**os.environ, "PYTHONHASHSEED": "0"}
            os.execve(sys.executable, [sys.executable, *sys.argv], seeded)
        if options == ["--stored"]:
            dump_stored(Path(sys.argv[2]))
        else:
            dump(Path(sys.argv[2]), serving=options == ["--serving"])
    elif len(sys.argv) == 4 and sys.argv[1] == "load":
        load(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(1 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 0)
    else:
        sys.exit(
            "usage: routing_same.py dump OUT.json [--stored|--serving] | compare A.json B.json"
        )


if __name__ == "__main__":
    main()
