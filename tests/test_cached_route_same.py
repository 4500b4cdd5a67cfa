"""A route on a cached index decides exactly what a route on a freshly built one does.

``coord route`` and ``coord run`` read the index a previous process pickled
(routing/index_cache.py); evaluations and most tests build it. A rule that compares a
stored object by identity with a module's own (an act's roles ``is`` the debugger's) held
on the built index and silently failed on the cached one: 8 of 12,358 spent and dev
requests went elsewhere for a user than for the evaluation."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing.act_catalogue import all_acts
from coordinator.routing.evaluate import load_cases
from coordinator.routing.lexical import Router

SHARED = Path(__file__).resolve().parents[2] / "shared"
LST97 = SHARED / "corpus" / "lst97__claude-code-sub-agents"
DEV = SHARED / "routing" / "dev-lst97.yaml"


def test_every_act_reads_the_same_after_a_pickle() -> None:
    for act in all_acts():
        copy = pickle.loads(pickle.dumps(act, protocol=pickle.HIGHEST_PROTOCOL))
        assert (copy.debugs, copy.outright, copy.name) == (act.debugs, act.outright, act.name)
    assert any(act.debugs for act in all_acts())  # the check above can fail


@pytest.mark.skipif(not LST97.is_dir() or not DEV.is_file(), reason="needs ../shared")
def test_a_cached_index_routes_like_a_fresh_one() -> None:
    registry = load_registry([LST97], only=True, cwd=LST97.parent, cache=False)
    built = Router(registry)
    cached = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    requests = [case.request for case in load_cases(DEV)]
    requests.append(
        "my python script crashes with 'RecursionError: maximum recursion depth exceeded' "
        "but only on one customer's file, the others work fine"
    )
    for request in requests:
        assert cached.route(request).to_json() == built.route(request).to_json(), request
    assert built.route(requests[-1]).agent == "python-pro"  # its language's own expert
