"""Compare two bench/routing_cases.py outputs: acceptable cases per family, roster, language
and the "none" precision / recall, before -> after, plus the cases that changed.

``python bench/routing_compare.py BEFORE.jsonl AFTER.jsonl [--changed]``
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict


def _load(path: str) -> dict[tuple[str, str, int], dict[str, object]]:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return {(str(r["family"]), str(r["set"]), int(r["n"])): r for r in rows}


def _stats(rows: list[dict[str, object]]) -> tuple[int, int, int, int, int]:
    ok = sum(bool(r["ok"]) for r in rows)
    said_none = [r for r in rows if r["got"] is None]
    true_none = [r for r in rows if None in r["expect"]]  # type: ignore[operator]
    p = sum(None in r["expect"] for r in said_none)  # type: ignore[operator]
    rec = sum(r["got"] is None for r in true_none)
    return ok, p, len(said_none), rec, len(true_none)


def main(before_path: str, after_path: str, changed: bool) -> None:
    before, after = _load(before_path), _load(after_path)
    groups: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for key, row in before.items():
        groups[f"family {key[0]}"].append(key)
        groups[f"roster {key[1]}"].append(key)
        groups[f"lang {row['lang']}"].append(key)
        groups["all"].append(key)
    print("| group | cases | before | after | none P before | after | none R before | after |")
    print("|---|---|---|---|---|---|---|---|")
    for name in sorted(groups, key=lambda g: (g.split()[0], g)):
        keys = groups[name]
        b = _stats([before[k] for k in keys])
        a = _stats([after[k] for k in keys])
        print(
            f"| {name} | {len(keys)} | {b[0]} | {a[0]} | {b[1]}/{b[2]} | {a[1]}/{a[2]}"
            f" | {b[3]}/{b[4]} | {a[3]}/{a[4]} |"
        )
    if changed:
        for key, row in before.items():
            new = after[key]
            if row["got"] != new["got"]:
                sign = (
                    "+"
                    if new["ok"] and not row["ok"]
                    else "-"
                    if row["ok"] and not new["ok"]
                    else "~"
                )
                print(
                    f"{sign} {key[0]}/{key[1]}#{key[2]} {row['got']} -> {new['got']} "
                    f"(expect {row['expect']}): {row['request']}"
                )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--changed" in sys.argv)
