"""Route every case of every spent set family and write one JSON line per case.

``python bench/routing_cases.py OUT.jsonl`` routes dev (all rosters), sanity and fresh..fresh15
with the router of this tree; two such files (before/after) compare case by case, per family,
roster, language and "none" (see bench/routing_compare.py). A helper for the round-13 table
measurements: every family is spent, nothing here is held out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.lexical import route  # noqa: E402

FAMILIES = ["sanity", "fresh", *(f"fresh{n}" for n in range(2, 16))]


def _files() -> list[tuple[str, str, Path, str | None]]:
    out = [
        ("dev", name, SHARED / "routing" / f"dev-{name}.yaml", f) for name, f in DEV_SETS.items()
    ]
    for family in FAMILIES:
        for name, folder in OWN_SETS.items():
            path = SANITY / f"{family}-{name}.yaml"
            if path.exists():
                out.append((family, name, path, folder))
    return out


def main(out_path: str) -> None:
    registries: dict[str | None, object] = {}
    with open(out_path, "w", encoding="utf-8") as out:
        for family, name, path, folder in _files():
            if folder not in registries:
                dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
                registries[folder] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
            registry = registries[folder]
            for number, case in enumerate(load_cases(path)):
                got = route(case.request, registry).agent  # type: ignore[arg-type]
                row = {
                    "family": family,
                    "set": name,
                    "n": number,
                    "lang": str(case.language),
                    "request": case.request,
                    "expect": case.expect,
                    "got": got,
                    "ok": got in case.expect,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
