"""Route every spent request once and compare two such passes (route91, issue 10).

``pass OUT.json [--families F ...]`` routes each case of the dev sets and of every own
family in bench/sanity/ (or only ``--families``) with the router of the current tree and
writes per case: family, roster, request, expect, the agent chosen and its evidence.
``diff BEFORE.json AFTER.json`` prints what changed: cases fixed and broken, "none"
precision and recall, and the acceptable count per family group (dev sets one by one,
then the own families together).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import lexical  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402


def _files(families: list[str]) -> list[tuple[str, str, str | None, Path]]:
    out: list[tuple[str, str, str | None, Path]] = [
        ("dev", name, folder, SHARED / "routing" / f"dev-{name}.yaml")
        for name, folder in DEV_SETS.items()
        if "dev" in families
    ]
    for family in families:
        for name, folder in OWN_SETS.items():
            path = SANITY / f"{family}-{name}.yaml"
            if family != "dev" and path.exists():
                out.append((family, name, folder, path))
    return out


def run_pass(out: Path, families: list[str]) -> None:
    """Route every case of ``families`` and write the answers to ``out``."""
    routers: dict[str | None, lexical.Router] = {}
    rows = []
    for family, name, folder, path in _files(families):
        if folder not in routers:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
            routers[folder] = lexical.Router(registry)
        router = routers[folder]
        for case in load_cases(path):
            decision = router.route(case.request)
            rows.append(
                {
                    "family": family,
                    "set": name,
                    "request": case.request,
                    "expect": case.expect,
                    "got": decision.agent,
                    "matched": decision.matched,
                }
            )
    out.write_text(json.dumps(rows, ensure_ascii=False))
    print(f"{len(rows)} cases -> {out}")


def _group(row: dict[str, object]) -> str:
    if row["family"] == "dev":
        return f"dev/{row['set']}"
    return "fresh118" if row["family"] == "fresh118" else "own families"


def diff(before: Path, after: Path) -> None:
    """Print the cases ``after`` fixes and breaks, and the tables' changes."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    ok: dict[str, Counter[str]] = {"before": Counter(), "after": Counter()}
    none: dict[str, Counter[str]] = {"before": Counter(), "after": Counter()}
    for label, rows in (("before", old), ("after", new)):
        for row in rows:
            hit = row["got"] in row["expect"]
            ok[label][_group(row)] += hit
            ok[label]["ALL"] += hit
            if row["got"] is None:
                none[label]["said"] += 1
                none[label]["said_right"] += None in row["expect"]
            if None in row["expect"]:
                none[label]["wanted"] += 1
    for a, b in zip(old, new, strict=True):
        if a["got"] == b["got"]:
            continue
        was, now = a["got"] in a["expect"], b["got"] in b["expect"]
        tag = "FIXED " if now and not was else "BROKEN" if was and not now else "moved "
        print(f"{tag} [{a['family']}/{a['set']}] {a['request']!r} expect={a['expect']}")
        print(f"        {a['got']} {a['matched']} -> {b['got']} {b['matched']}")
    print(f"cases: {len(old)}")
    for group in sorted(ok["before"].keys() | ok["after"].keys()):
        print(f"  {group}: {ok['before'][group]} -> {ok['after'][group]}")
    for label in ("before", "after"):
        n = none[label]
        print(
            f"  none {label}: P {n['said_right']}/{n['said']}"
            f" = {n['said_right'] / max(n['said'], 1):.2%},"
            f" R {n['said_right']}/{n['wanted']} = {n['said_right'] / max(n['wanted'], 1):.2%}"
        )


def main() -> None:
    """``pass`` or ``diff``."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("pass")
    run.add_argument("out", type=Path)
    run.add_argument("--families", nargs="*", default=["dev", *own_kinds()])
    compare = sub.add_parser("diff")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "pass":
        run_pass(args.out, args.families)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
