"""Where a hop's time per instruction goes: callgrind's cache and branch simulation by
object and by function, per hop, and an estimated-cycles figure (issue 12, hop55).

Run ``bench_hop_callgrind.py`` under callgrind with ``--cache-sim=yes --branch-sim=yes``
(its docstring has the rest of the command; ``BENCH_TREE`` picks the tree), then::

    python bench/bench_hop_cache.py OUT 30 [--base BASE_OUT] [--functions 25]

A hop's figure of each event is ``(chain - single) / 2 / N`` of the two dumps' self costs
(a call's inclusive cost lines are skipped), as ``bench_hop_callgrind.py --read`` does for
instructions. The estimate of cycles is a rough model (no hardware counters here)::

    cycles ~ Ir + 10 * (I1mr + D1mr + D1mw) + 100 * (ILmr + DLmr + DLmw) + 15 * (Bcm + Bim)

Prints only.
"""

from __future__ import annotations

import argparse
import glob
import re
from collections import defaultdict
from pathlib import Path

EVENTS = (
    "Ir",
    "Dr",
    "Dw",
    "I1mr",
    "D1mr",
    "D1mw",
    "ILmr",
    "DLmr",
    "DLmw",
    "Bc",
    "Bcm",
    "Bi",
    "Bim",
)
_NAMED = re.compile(r"\((\d+)\)(?: (.*))?")
Costs = dict[tuple[str, str], list[float]]


#: Cycles a last-level miss costs in :func:`cycles` (``--ll-cycles``: 40 when callgrind's
#: LL was given the L2's size, ``--LL=524288,8,64``, so its misses are L3 hits).
LL_CYCLES = [100]


def cycles(cost: list[float]) -> float:
    """The module docstring's estimate of cycles for one cost vector (``EVENTS`` order)."""
    e = dict(zip(EVENTS, cost, strict=True))
    misses = e["I1mr"] + e["D1mr"] + e["D1mw"]
    last = e["ILmr"] + e["DLmr"] + e["DLmw"]
    return e["Ir"] + 10 * misses + LL_CYCLES[0] * last + 15 * (e["Bcm"] + e["Bim"])


def _name(table: dict[str, str], text: str) -> str:
    found = _NAMED.fullmatch(text.strip())
    if found is None:
        return text.strip()
    key, name = found.groups()
    if name is not None:
        table[key] = name
    return table.get(key, key)


def self_costs(dump: Path) -> Costs:
    """Self cost of each (object, function) in one callgrind dump."""
    costs: Costs = defaultdict(lambda: [0.0] * len(EVENTS))
    objects: dict[str, str] = {}
    functions: dict[str, str] = {}
    ob = fn = ""
    skip = False
    with open(dump) as lines:
        for line in lines:
            if line[:1].isdigit() or line[:1] in "+-*":
                if skip:
                    skip = False
                    continue
                values = [int(v) for v in line.split()[1:]]
                row = costs[(ob, fn)]
                for i, v in enumerate(values):
                    row[i] += v
                continue
            key, _, value = line.partition("=")
            if key in ("ob", "cob"):
                name = _name(objects, value)
                ob = name if key == "ob" else ob
            elif key in ("fn", "cfn"):
                name = _name(functions, value)
                fn = name if key == "fn" else fn
            elif key == "calls":
                skip = True
    return costs


def per_hop(folder: Path, n: int) -> Costs:
    """Each (object, function)'s self cost per hop: (chain - single) / 2 / ``n``."""
    dumps = sorted(glob.glob(str(folder / "cg.out.*")))[:2]
    chain, single = (self_costs(Path(p)) for p in dumps)
    zero = [0.0] * len(EVENTS)
    return {
        key: [
            (a - b) / 2 / n
            for a, b in zip(chain.get(key, zero), single.get(key, zero), strict=True)
        ]
        for key in set(chain) | set(single)
    }


def _short(ob: str) -> str:
    name = Path(ob).name
    for part in ("libsqlite3", "libc.so", "_pydantic_core", "python3", "ld-linux"):
        if part in name:
            return part
    return name or "?"


def by_object(costs: Costs) -> dict[str, list[float]]:
    """Sum of the per-hop costs by (shortened) object name."""
    out: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(EVENTS))
    for (ob, _fn), row in costs.items():
        total = out[_short(ob)]
        for i, v in enumerate(row):
            total[i] += v
    return out


def _per(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _line(name: str, row: list[float], base: list[float] | None = None) -> str:
    e = dict(zip(EVENTS, row, strict=True))
    est, ir = cycles(row), e["Ir"]
    l1 = e["I1mr"] + e["D1mr"] + e["D1mw"]
    last = e["ILmr"] + e["DLmr"] + e["DLmw"]
    text = (
        f"{name[:38]:38} Ir {ir:>9,.0f}  I1m {e['I1mr']:>7,.0f}  D1m {e['D1mr'] + e['D1mw']:>7,.0f}"
        f"  LLm {last:>6,.0f}  Bm {e['Bcm'] + e['Bim']:>7,.0f}  cyc {est:>10,.0f}"
        f"  cyc/Ir {_per(est, ir):5.2f}  L1m/KIr {1000 * _per(l1, ir):5.1f}"
    )
    if base is not None:
        b_est = cycles(base)
        text += (
            f"  | base Ir {base[0]:>10,.0f} cyc {b_est:>11,.0f} cyc/Ir {_per(b_est, base[0]):5.2f}"
        )
    return text


def _total(objects: dict[str, list[float]]) -> list[float]:
    return [sum(row[i] for row in objects.values()) for i in range(len(EVENTS))]


def report(folder: Path, n: int, base: Path | None, functions: int) -> str:
    """The table: totals, by object, and the functions with the most estimated cycles."""
    ours = per_hop(folder, n)
    objects = by_object(ours)
    theirs = by_object(per_hop(base, n)) if base is not None else None
    zero = [0.0] * len(EVENTS)
    if theirs is None:
        lines = [_line("TOTAL a hop", _total(objects))]
    else:
        b_total = _total(theirs)
        lines = [
            _line("TOTAL a hop", _total(objects), b_total),
            f"ratios: Ir {_per(_total(objects)[0], b_total[0]):.4f}"
            f"  est. cycles {_per(cycles(_total(objects)), cycles(b_total)):.4f}",
        ]
    lines.append("by object:")
    names = set(objects) | set(theirs or {})
    for name in sorted(names, key=lambda k: -cycles(objects.get(k, zero))):
        base_row = None if theirs is None else theirs.get(name, zero)
        lines.append(_line(name, objects.get(name, zero), base_row))
    lines.append(f"functions (this tree), the {functions} with the most estimated cycles:")
    for (ob, fn), row in sorted(ours.items(), key=lambda kv: -cycles(kv[1]))[:functions]:
        lines.append(_line(f"{_short(ob)}:{fn}", row))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("sessions", type=int)
    parser.add_argument("--base", type=Path)
    parser.add_argument("--functions", type=int, default=25)
    parser.add_argument("--ll-cycles", type=int, default=LL_CYCLES[0])
    args = parser.parse_args()
    LL_CYCLES[0] = args.ll_cycles
    print(report(args.folder, args.sessions, args.base, args.functions))


if __name__ == "__main__":
    main()
