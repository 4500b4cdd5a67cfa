"""Where a repeated route's instructions go, part by part (issue 12: routes/s over 474 agents).

``python bench/routing_parts.py [--rounds N | --new N] [PART ...]`` routes
``bench_routing.py``'s ten requests (the corpus roster) N rounds (10 unless given) after 3
warm-up rounds, once per PART under callgrind (``PYTHONHASHSEED=0``), and prints the
instructions a route that PART costs, callees included. A PART is ``module:Class.method``
or ``module:function`` of ``coordinator.routing`` (``choice:Chooser._decide``,
``outcomes:frames``); a function imported by name is named where it is called
(``reading:normalise``). With no PART, the map of route40's section in bench/RESULTS.md.

``--new N`` (route70): requests the router has not seen instead, as bench_routing.py's "new"
columns route them: what a server makes first (``lexical.prepare``: the carried tables, the
vocabulary's and the spellings' indexes, the known terms' readings), 200 requests of
bench/sanity unmeasured, then N distinct others once each; the instructions a new request
that PART costs.

How: after the warm-ups the PART is wrapped so that its work runs inside ``operator.call``
and callgrind counts only there (``--toggle-collect``); one PART a run, since a toggle
inside another would switch counting off. The router is built once, pickled, and loaded by
each run (a built index costs ~30 s under callgrind; a loaded one routes ~1.7% slower than
one built in place: compare parts of one run, not with a built index's whole route).

One tree a run (it imports the tree it is in): copy it into another tree to compare.
Valgrind runs under ``setarch -R`` (no address randomisation): sets and dicts of objects
hashed by address then probe alike in every run, and a count repeats to the instruction
(without it, runs of one tree differed by ~0.5%).
"""

from __future__ import annotations

import gc
import importlib
import itertools
import operator
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked  # noqa: E402
from bench.bench_routing import CORPUS  # noqa: E402
from bench.routing_requests import REQUESTS  # noqa: E402

#: The parts measured when none is named: the route, its three layers, and their largest
#: parts on the ten requests.
PARTS = (
    "choice:Chooser.route",
    "reading:QueryReader.query",
    "reading:QueryReader._words",
    "reading:QueryReader._joined_words",
    "outcomes:frames",
    "concepts:phrases",
    "spelling:NameSpellings.split",
    "reading:QueryReader._made",
    "reading:normalise",
    "scoring:Scorer.scores",
    "choice:Chooser._decide",
    "choice:Chooser._closest",
    "choice_named:NamedPicks._framework_tie",
    "choice_situation:SituationPicks._act_agent",
    "acts:RoleActs.asked",
    "choice_fit:FitChecks._fit",
    "scoring:Scorer.evidence",
    "choice:_decided",
    "choice_named:NamedPicks._generic_first",
    "scoring:Scorer.coverage",
)
_COLLECTED = re.compile(r"Collected : (\d+)")


def _wrap(part: str) -> None:
    """Make ``part`` run inside ``operator.call`` (what callgrind counts)."""
    module, _, name = part.partition(":")
    owner: Any = importlib.import_module(f"coordinator.routing.{module}")
    if "." in name:
        cls, name = name.split(".")
        owner = getattr(owner, cls)
        found = owner.__dict__[name]
    else:
        found = getattr(owner, name)
    call = operator.call

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return call(found, *args, **kwargs)

    setattr(owner, name, wrapped)


def _child(stored: str, rounds: str, part: str) -> None:
    """One run under callgrind: the warm-ups, then ``part`` wrapped and the rounds routed
    (a negative ``rounds``: that many new requests, :func:`_new_child`)."""
    router = pickle.loads(Path(stored).read_bytes())
    if int(rounds) < 0:
        _new_child(router, -int(rounds), part)
        return
    for _ in range(3):
        for request in REQUESTS:
            router.route(request)
    _wrap(part)
    gc.collect()
    gc.disable()
    # starmap: the routes called from C, as bench_routing's loop would (nothing counted here)
    for _ in itertools.starmap(router.route, ((r,) for r in REQUESTS * int(rounds))):
        pass


def served(router: Any) -> list[str]:
    """``router`` prepared as a server's (:func:`coordinator.routing.lexical.prepare`;
    without its roster's words, newreq78's :func:`~coordinator.routing.lexical.roster_words`:
    a pickled router keeps no roster) and warmed on 200 requests of bench/sanity; the
    requests it has never routed (bench_routing's "new" columns)."""
    from bench.bench_routing import distinct_requests
    from coordinator.routing.lexical import prepare

    prepare(router)
    requests, warm = distinct_requests()
    for request in warm:
        router.route(request)
    return requests


def _new_child(router: Any, count: int, part: str) -> None:
    """``--new``: the router prepared as a server's, 200 requests routed, then ``part``
    wrapped and ``count`` requests never routed before routed once each."""
    requests = served(router)
    _wrap(part)
    gc.collect()
    gc.disable()
    for _ in map(router.route, requests[:count]):
        pass


def _measure(stored: Path, rounds: int, part: str) -> float:
    """The instructions a route ``part`` costs (callgrind, one run)."""
    with tempfile.TemporaryDirectory() as out:
        argv = [
            "setarch",
            "x86_64",
            "-R",
            "valgrind",
            "--tool=callgrind",
            "--toggle-collect=_operator_call",
            f"--callgrind-out-file={out}/cg",
            sys.executable,
            __file__,
            "--child",
            str(stored),
            str(rounds),
            part,
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    found = _COLLECTED.search(proc.stderr)
    if found is None:
        raise SystemExit(f"{part}: no count in callgrind's output:\n{proc.stderr[-2000:]}")
    return int(found.group(1)) / (-rounds if rounds < 0 else rounds * len(REQUESTS))


def main(args: list[str]) -> None:
    rounds = 10
    if args[:1] == ["--rounds"]:
        rounds, args = int(args[1]), args[2:]
    elif args[:1] == ["--new"]:  # a negative count of rounds: that many new requests
        rounds, args = -int(args[1]), args[2:]
    from coordinator.roster.loader import load_registry
    from coordinator.routing.lexical import Router

    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = Router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    with tempfile.TemporaryDirectory() as folder:
        stored = Path(folder) / "router.pickle"
        stored.write_bytes(pickle.dumps(router, protocol=pickle.HIGHEST_PROTOCOL))
        for part in args or PARTS:
            print(f"{_measure(stored, rounds, part):>10,.0f}  {part}", flush=True)


if __name__ == "__main__":
    help_asked(__doc__)
    if sys.argv[1:2] == ["--child"]:
        _child(*sys.argv[2:])
    else:
        main(sys.argv[1:])
