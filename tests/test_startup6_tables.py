"""The routing tables are made on first use and carried by a cached index (issue 12, branch
startup6): importing the router builds none of them, and ``coord route`` (or ``coord run``'s
routing before the SDK) on a cached index builds none either: it reads the few a request
needs from the index, each the builder's own value. Watched from outside, in fresh
interpreters: a profiler notes every Python function called, and the tables' builders must
not be among them."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coordinator.routing import carried, concepts, lexical, senses

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "agents"

#: Runs ``coord ARGS`` (argv[2:]) under a profiler that notes each Python function called,
#: then writes to argv[1] the tables whose builder ran and the tables made at all.
_WATCH = r"""
import json, sys
out_path = sys.argv[1]
called = set()

def watch(frame, event, arg):
    if event == "call":
        called.add(frame.f_code)

sys.setprofile(watch)
if sys.argv[2] == "--import-only":
    import coordinator.routing.lexical
else:
    from coordinator.__main__ import main
    sys.argv = ["coord", *sys.argv[2:]]
    try:
        main()
    except SystemExit:
        pass
sys.setprofile(None)
from coordinator.routing import carried, concepts
builders = {**carried.builders(), "phrase table": concepts._phrase_table}
built = sorted(n for n, b in builders.items() if b.__code__ in called)
out = {"built": built, "made": sorted(carried.made()), "tables": sorted(carried.builders())}
open(out_path, "w", encoding="utf-8").write(json.dumps(out))
"""


def watched(tmp_path: Path, *args: str) -> dict[str, list[str]]:
    """Run ``coord ARGS`` (or only the router's import) in a fresh interpreter with its own
    caches under ``tmp_path``: which tables it built and which it made (built or read)."""
    out = tmp_path / "watched.json"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.run(
        [sys.executable, "-c", _WATCH, str(out), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
    return found


def test_importing_the_router_builds_no_table(tmp_path: Path) -> None:
    """Each table waits for its first use: the import of ``lexical`` (every routing module)
    builds none (concepts' phrases and everyday words, senses' term sets were parsed at
    import before)."""
    found = watched(tmp_path, "--import-only")
    assert "coordinator.routing.concepts._parse" in found["tables"]
    assert found["built"] == []
    assert found["made"] == []


#: A request whose words pass the phrase guard (endpoint), one holding a phrase (dark
#: mode), an English one, one no specialist fits, and a Cyrillic product name by sound.
CACHED_REQUESTS = [
    "Створи endpoint для задач",
    "Add a login page with dark mode",
    "Set up Kubernetes autoscaling",
    "Write a poem about autumn",
    "налаштуй графану для метрик",
]


@pytest.fixture(scope="module")
def stored_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache folder of a first ``coord route`` (on the bundled roster), which built the
    tables and stored the index with every one of them (:func:`carried.export`, whatever
    the request): each test below routes on its own copy of it."""
    home = tmp_path_factory.mktemp("startup6")
    args = ("route", CACHED_REQUESTS[-1], "--agents-dir", str(BUNDLED), "--only")
    first = watched(home, *args)
    assert {"coordinator.routing.concepts._parse", "phrase table"} <= set(first["built"])
    return home / "cache"


@pytest.mark.parametrize("request_text", CACHED_REQUESTS)
def test_a_cached_route_builds_no_table(
    tmp_path: Path, stored_index: Path, request_text: str
) -> None:
    """The first ``coord route`` builds the index and stores it with the tables; the next
    process builds none of them: those it needs are read from the index, the others are
    not even read; nor is the phrase table built, which only the carried ones derive from."""
    shutil.copytree(stored_index, tmp_path / "cache")
    args = ("route", request_text, "--agents-dir", str(BUNDLED), "--only")
    again = watched(tmp_path, *args)
    assert again["built"] == []
    assert again["made"], "the route read no table"
    assert set(again["made"]) < set(again["tables"])


def test_coord_run_routes_before_the_sdk_on_the_cached_tables(tmp_path: Path) -> None:
    """``coord run`` routes first (a request no agent fits fails before the SDK loads): on a
    cached index that routing builds no table either."""
    args = ("run", "Write a poem about autumn", "--agents-dir", str(BUNDLED), "--only")
    assert "coordinator.routing.concepts._parse" in watched(tmp_path, *args)["built"]
    again = watched(tmp_path, *args)
    assert again["built"] == []
    assert again["made"]


def test_a_carried_table_is_the_builders_own_value() -> None:
    """What an index carries is each builder's result, pickled: read back, it equals a fresh
    build (the routing decisions cannot tell which path made a table)."""
    stored = carried.export()
    assert set(stored) == set(carried.builders())
    for name, build in carried.builders().items():
        assert pickle.loads(stored[name]) == build(), name


def test_the_old_names_still_read_the_tables() -> None:
    """Module constants that became tables keep their names (PEP 562), for code and tests
    that read them."""
    assert concepts.CONCEPTS is concepts.concept_table()
    assert concepts.PHRASE_GUARD is concepts.phrase_guard()
    assert concepts.JOINED is concepts.joined_words()
    assert senses._PLAIN_TERMS is senses.plain_terms()
    assert lexical._COMMON_TERMS is senses.common_terms()
    with pytest.raises(AttributeError):
        _ = concepts.NO_SUCH_TABLE


def test_adopted_tables_are_read_only_when_first_used() -> None:
    """A cached index's tables wait in :mod:`carried` until used; one this process has
    made already keeps its own value."""
    table = concepts.concept_table()
    made = carried.made()
    carried.adopt({name: b"never read" for name in made})
    assert concepts.concept_table() is table
    assert concepts.domain("login", "login") == concepts._related("login")
    assert carried.made() == made


#: The scan tables of a phrase table: by first two tokens, and the one-token phrases.
_Scan = tuple[dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]], dict[str, str]]


def _whole_table_scan() -> _Scan:
    """The scan tables of the whole phrase table, as main built them for every request."""
    pairs: dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]] = {}
    singles: dict[str, str] = {}
    for items in concepts._PHRASES.values():
        for sequence, joined in items:
            if len(sequence) > 1:
                pairs.setdefault(sequence[:2], []).append((sequence, joined))
            else:
                singles.setdefault(sequence[0], joined)
    return pairs, singles


def _phrases_as_before(tokens: list[str], tables: _Scan) -> list[str]:
    pairs, singles = tables
    out: list[str] = []
    for position, pair in enumerate(zip(tokens, [*tokens[1:], ""], strict=True)):
        found = singles.get(pair[0])
        for sequence, joined in pairs.get(pair, ()):
            if tuple(tokens[position : position + len(sequence)]) == sequence:
                found = joined
                break
        if found is not None and found not in out:
            out.append(found)
    return out


def test_phrases_filed_by_telling_token_find_what_the_whole_table_does() -> None:
    """A request's phrases are looked for among those filed under the telling tokens it
    holds: the same joined words, in the same order, as a scan of the whole table. Every
    phrase alone, after and before others (a longer phrase sharing its start, one starting
    inside it), and random runs of phrase pieces."""
    import random

    tables = _whole_table_scan()
    everything = [s for items in concepts._PHRASES.values() for s, _ in items]
    rng = random.Random(6)
    cases = [list(s) for s in everything]
    for sequence in everything:
        other = rng.choice(everything)
        cases.append(["the", *sequence, *other[: rng.randint(1, len(other))]])
        cases.append([*other[rng.randint(0, len(other) - 1) :], *sequence, "and"])
    for _ in range(5000):
        pieces = [rng.choice(everything) for _ in range(rng.randint(1, 4))]
        cases.append([t for p in pieces for t in p[: rng.randint(1, len(p))]])
    found = 0
    for tokens in cases:
        expected = _phrases_as_before(tokens, tables)
        assert concepts.phrases(tokens) == expected, tokens
        found += bool(expected)
    assert found > len(everything)  # the cases hold phrases, most of them several
