"""Ablate one switchable layer of the routing decision and score every spent family (route100).

``python bench/route100_ablate.py run LAYER OUT.json`` patches LAYER off in this process
(a monkeypatch on the class that holds it: production code is untouched; ``base`` patches
nothing; several layers joined by ``+`` are patched off together), routes every case of the
dev sets and of the own families sanity, fresh .. fresh120 (fresh121 and fresh122 are sealed:
never read) and writes, per case, its family, set, expect and the agent chosen.
``frames_rN`` switches off the outcome frame lines round N added, ``frames_fromN`` those of
round N and every later round.
``python bench/route100_ablate.py table BASE.json DIR`` reads DIR/LAYER.json for every layer
and prints, per layer, the change in acceptable answers and in "none" precision/recall over
the families written before the layer came in and over those written after
(:data:`CAME_IN`: the last family its round had opened, from bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import aliases, concepts, lexical, offtopic, outcomes, signatures  # noqa: E402
from coordinator.routing.choice import Chooser  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.reading import QueryReader  # noqa: E402

#: Families never opened here (the lead scores them).
SEALED = frozenset({"fresh121", "fresh122"})


def _first(self: object, best: Any, *_: object) -> Any:
    return best


def _none(*_: object, **__: object) -> None:
    return None


def _false(*_: object, **__: object) -> bool:
    return False


def _ranked(self: object, query: object, ranked: Any, *_: object) -> Any:
    return ranked


def _kept(self: object, query: object, decision: Any) -> Any:
    return decision


def _unredirected(self: object, best: int, *_: object) -> tuple[int, None, str]:
    return best, None, ""


def _nothing(*_: object) -> tuple[()]:
    return ()


def _no_frames(self: object, *_: object) -> frozenset[str]:
    return frozenset()


def _unmoved(self: object, tokens: object) -> tuple[str, tuple[int, ...]]:
    return "", ()


#: Layer -> (owner, attribute, replacement).
LAYERS: dict[str, tuple[object, str, Callable[..., Any]]] = {
    "life_gate": (Chooser, "_life_subject", _none),
    "foreign": (offtopic.ForeignPlatforms, "named", _none),
    "feature": (Chooser, "_builds_feature", staticmethod(_false)),
    "field_agent": (Chooser, "_field_agent", _kept),
    "generic_first": (Chooser, "_generic_first", _ranked),
    "with_language": (Chooser, "_with_language", _ranked),
    "act": (Chooser, "_act_agent", _none),
    "frame_holds": (Chooser, "_frame_holds", _false),
    "frame_over_words": (Chooser, "_frame_over_words", _first),
    "language_pick": (Chooser, "_language_pick", _false),
    "named_pick": (Chooser, "_named_pick", _false),
    "tied": (Chooser, "_tied", _none),
    "situation": (Chooser, "_situation_pick", _first),
    "runner_up": (Chooser, "_runner_up", _first),
    "product_fit": (Chooser, "_product_fit", _false),
    "redirect": (Chooser, "_redirected", _unredirected),
    "named_trigger": (Chooser, "_named", _false),
    "label": (Chooser, "_label_pick", _none),
    "named_for": (Chooser, "_named_for", _none),
    "framework_tie": (Chooser, "_framework_tie", _none),
    "sibling": (Chooser, "_sibling_holds", _false),
    "does_job": (Chooser, "_does_job", _false),
    "role_job": (Chooser, "_role_job", _false),
    "product_situation": (Chooser, "_product_situation", _false),
    "everyday_pick": (Chooser, "_everyday_pick", _false),
    "framed_fit": (Chooser, "_framed", _false),
    "frames": (QueryReader, "_frame_weights", _no_frames),
    "moved": (QueryReader, "_moved", _unmoved),
    "concept_domain": (concepts, "domain", _nothing),
    "concept_phrases": (concepts, "phrases", _nothing),
    "frames_read": (outcomes, "frames_held", _nothing),
    "job_words": (aliases, "job_words", _nothing),
    "error_phrases": (signatures, "phrases", _nothing),
}


#: Round -> the last family opened by then: the running maximum of the families named in
#: bench/RESULTS.md's "Routing dev sets (round N)" sections up to N (rounds ran in parallel).
ROUND_OPENED: dict[int, int] = {
    10: 9,
    17: 17,
    34: 34,
    **dict.fromkeys(range(40, 48), 38),
    **dict.fromkeys(range(48, 50), 43),
    **dict.fromkeys(range(50, 58), 49),
    **dict.fromkeys(range(58, 63), 56),
    63: 60,
    **dict.fromkeys(range(64, 73), 62),
    **dict.fromkeys(range(73, 75), 66),
    75: 68,
    **dict.fromkeys(range(76, 84), 70),
    **dict.fromkeys(range(84, 86), 76),
    **dict.fromkeys(range(86, 88), 78),
    **dict.fromkeys(range(88, 91), 80),
    **dict.fromkeys(range(91, 95), 82),
    **dict.fromkeys(range(95, 98), 86),
    **dict.fromkeys(range(98, 102), 88),
    **dict.fromkeys(range(102, 106), 92),
    **dict.fromkeys(range(106, 111), 100),
    **dict.fromkeys(range(111, 115), 102),
    **dict.fromkeys(range(115, 119), 106),
    **dict.fromkeys(range(119, 122), 110),
}


#: Layer -> the last family opened when it came in (its round's section in RESULTS.md).
#: Round 10 and after: the running maximum of the families its and earlier rounds' sections
#: name; a layer with no round: the families committed before it (git log -S).
CAME_IN: dict[str, int] = {
    "life_gate": 5,  # offtopic.life_subject, 2026-11-30 13:24 (round 42 refined it)
    "foreign": 28,  # offtopic.ForeignPlatforms, 2026-12-01 05:03
    "feature": ROUND_OPENED[10],  # round 10
    "field_agent": ROUND_OPENED[34],  # round 34
    "generic_first": ROUND_OPENED[87],  # round 87
    "with_language": ROUND_OPENED[101],  # round 101
    "act": ROUND_OPENED[44],  # round 44
    "frame_holds": ROUND_OPENED[62],  # round 62
    "frame_over_words": ROUND_OPENED[86],  # round 86
    "language_pick": ROUND_OPENED[101],  # round 101
    "named_pick": ROUND_OPENED[105],  # round 105
    "tied": ROUND_OPENED[98],  # round 98
    "situation": ROUND_OPENED[102],  # round 102
    "runner_up": 0,  # 2026-11-30 08:33: only the dev sets and sanity before it
    "product_fit": ROUND_OPENED[70],  # round 70
    "redirect": -2,  # before the first own family: the dev sets only
    "named_trigger": 28,  # 2026-12-01 05:11
    "label": ROUND_OPENED[105],  # round 105
    "named_for": ROUND_OPENED[41],  # round 41
    "framework_tie": ROUND_OPENED[81],  # round 81
    "sibling": ROUND_OPENED[66],  # round 66
    "does_job": ROUND_OPENED[94],  # round 94
    "role_job": ROUND_OPENED[104],  # round 104
    "product_situation": ROUND_OPENED[115],  # round 115
    "everyday_pick": ROUND_OPENED[102],  # round 102
    "framed_fit": ROUND_OPENED[43],  # round 43
    "frames": ROUND_OPENED[43],  # round 43
    "moved": ROUND_OPENED[101],  # round 101
    "concept_domain": -2,  # concepts.py, 2026-11-30 08:17: before the first own family
    "concept_phrases": ROUND_OPENED[17],  # round 17
    "frames_read": ROUND_OPENED[43],  # round 43
    "job_words": ROUND_OPENED[92],  # round 92
    "error_phrases": -2,  # signatures.py: before the first own family
}


def _patch(name: str) -> None:
    """Turn layer ``name`` off: a LAYERS entry, or ``frames_rN``: the outcome frame lines
    round N added (outcomes._ROUNDN_LINES, read when the frame tables are built)."""
    if name.removeprefix("frames_from").isdigit():  # every block of that round or later
        first = int(name.removeprefix("frames_from"))
        for attr in [a for a in vars(outcomes) if a.startswith("_ROUND") and a.endswith("_LINES")]:
            if int(attr[len("_ROUND") : -len("_LINES")]) >= first:
                setattr(outcomes, attr, "")
        return
    if name.removeprefix("frames_r").isdigit():
        setattr(outcomes, f"_ROUND{name.removeprefix('frames_r')}_LINES", "")
        return
    owner, attr, patch = LAYERS[name]
    setattr(owner, attr, patch)


def came_in(layer: str) -> int:
    """The last family opened when ``layer`` came in."""
    if layer.removeprefix("frames_r").isdigit():
        return ROUND_OPENED[int(layer.removeprefix("frames_r"))]
    return CAME_IN[layer]


def families() -> list[str]:
    """The dev sets and every own family but the sealed ones."""
    return ["dev", *(k for k in own_kinds() if k not in SEALED)]


def run(layer: str, out: Path) -> None:
    """Route every spent case with ``layer`` off and write the answers to ``out``."""
    for name in layer.split("+"):
        if name != "base":
            _patch(name)
    routers: dict[str | None, lexical.Router] = {}
    rows = []
    for family in families():
        sets = DEV_SETS if family == "dev" else OWN_SETS
        for name, folder in sets.items():
            path = (
                SHARED / "routing" / f"dev-{name}.yaml"
                if family == "dev"
                else SANITY / f"{family}-{name}.yaml"
            )
            if not path.exists():
                continue
            if folder not in routers:
                dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
                registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
                routers[folder] = lexical.Router(registry)
            for case in load_cases(path):
                got = routers[folder].route(case.request).agent
                rows.append([family, name, case.expect, got, case.language.value])
    out.write_text(json.dumps(rows, ensure_ascii=False))
    print(f"{layer}: {len(rows)} cases -> {out}")


def _number(family: str) -> int:
    if family == "dev":
        return -2
    if family == "sanity":
        return -1
    return int(family.removeprefix("fresh") or 1)


def score(rows: list[list[Any]], keep: Callable[[str], bool]) -> tuple[int, int, int, int, int]:
    """Acceptable answers, "none" said right, said, and wanted, and cases over ``keep``."""
    ok = said = right = wanted = total = 0
    for family, _, expect, got, _ in rows:
        if not keep(family):
            continue
        total += 1
        ok += got in expect
        if got is None:
            said += 1
            right += None in expect
        wanted += None in expect
    return ok, right, said, wanted, total


def _delta(base: list[list[Any]], off: list[list[Any]], keep: Callable[[str], bool]) -> str:
    """The layer's effect over ``keep``'s families: acceptable answers it adds (base minus
    off), and "none" precision/recall with it and without it."""
    b, o = score(base, keep), score(off, keep)
    if not b[4]:
        return "-"
    p = [f"{s[1] / max(s[2], 1):.1%}" for s in (b, o)]
    r = [f"{s[1] / max(s[3], 1):.1%}" for s in (b, o)]
    return f"{b[0] - o[0]:+d}/{b[4]} (none P {p[1]}->{p[0]}, R {r[1]}->{r[0]})"


def table(base_path: Path, folder: Path) -> None:
    """One row per layer measured in ``folder``: its net effect before and after it came in."""
    base = json.loads(base_path.read_text())
    late = frozenset({"fresh117", "fresh118", "fresh119", "fresh120"})
    print("| layer | came in after | net before | net after | net fresh117-120 |")
    print("|---|---|---|---|---|")
    named = sorted(p.stem for p in folder.glob("frames_r[0-9]*.json"))
    for layer in [*LAYERS, *sorted(named, key=lambda n: int(n.removeprefix("frames_r")))]:
        path = folder / f"{layer}.json"
        if not path.exists():
            continue
        off = json.loads(path.read_text())
        n = came_in(layer)
        cells = [
            _delta(base, off, lambda f, n=n: _number(f) <= n),
            _delta(base, off, lambda f, n=n: _number(f) > n),
            _delta(base, off, lambda f: f in late),
        ]
        print(f"| {layer} | fresh{n} | " + " | ".join(cells) + " |")


def main() -> None:
    """``run`` or ``table``."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run")
    one.add_argument("layer")
    one.add_argument("out", type=Path)
    rows = sub.add_parser("table")
    rows.add_argument("base", type=Path)
    rows.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.layer, args.out)
    else:
        table(args.base, args.folder)


if __name__ == "__main__":
    main()
