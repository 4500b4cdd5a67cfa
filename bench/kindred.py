"""Borrow vocabulary from kindred agents of other rosters (route103, issue 10).

``python bench/kindred.py build [OUT.json]`` reads the 534 MIT agent definitions of
../shared/corpus (never a request set) and writes the kindred table: per corpus agent its
roster, name, a content key (name + description), its matching terms (name, triggers and
description, weighted as the index weighs them) and its distinctive vocabulary (the terms of
its whole definition, body too, that few corpus agents use, by tf-idf).

``python bench/kindred.py pass OUT.json [--share S] [--scope roster|agent] [--kin N] [--wide]
--families F ...`` routes every spent
case as ``bench/weak_evidence.py pass`` does, with the table patched into the index (no
production code changed): each roster agent finds its kin among the OTHER rosters' agents
(cosine of the matching terms, corpus idf; never its own file nor any roster holding one of
the routed agents' files) and the kin's distinctive terms that the routed roster does not
know (``--scope agent``: the agent's own definition does not hold) join that agent's index as
``~term``, read as a related term of the request word
``term`` at share ``S``. Compare passes with ``bench/weak_evidence.py diff``.

The corpus is MIT-licensed (wshobson/agents, VoltAgent/awesome-claude-code-subagents,
lst97/claude-code-sub-agents, 0xfurai/claude-code-subagents; see ../shared/corpus/INDEX.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.spec import AgentSpec  # noqa: E402
from coordinator.routing import reading  # noqa: E402
from coordinator.routing.index import RosterIndex, _fields  # noqa: E402
from coordinator.routing.query import _BODY_WORD, _WORD, _TermPlan  # noqa: E402
from coordinator.routing.senses import common_terms  # noqa: E402
from coordinator.routing.tuning import UNKNOWN_FACTOR  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
#: Where ``build`` writes the table by default (not kept in git: ``pass`` builds it, ~1 s).
TABLE = REPO / "bench" / "kindred_table.json"
ATTRIBUTION = (
    "Derived from MIT-licensed agent definitions: wshobson/agents (c) 2024 Seth Hobson; "
    "VoltAgent/awesome-claude-code-subagents (c) 2025 VoltAgent; lst97/claude-code-sub-agents "
    "(c) 2025 SIO TOU LAI; 0xfurai/claude-code-subagents (c) 2025 0xfurai."
)
#: Field weights of the matching terms (as the index weighs them; the body is left out).
MATCH_FIELDS = {"name": 3.0, "triggers": 2.0, "description": 1.0}
#: Field weights of the lent vocabulary (the body counts: 0xfurai's long bodies).
LEND_FIELDS = {"name": 3.0, "triggers": 2.0, "description": 1.0, "body": 0.5}
#: A term lent must be used by at most this share of the corpus agents (distinctive).
LEND_DF = 0.03
#: Terms lent per corpus agent (highest tf-idf first).
LEND_TOP = 30
#: Whether a lent term must be one some corpus agent describes itself by (name, triggers,
#: description): the narrow table.
NARROW = True
#: Kin per roster agent, and the least cosine a kin needs.
KIN = 3
MIN_SIM = 0.2


def key(agent: AgentSpec) -> str:
    """A content key of ``agent``'s definition: its name and description."""
    text = f"{agent.name}\0{agent.description}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(text).hexdigest()[:16]


def _weighted(doc: dict[str, Counter[str]], fields: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, factor in fields.items():
        for t, tf in doc[name].items():
            out[t] = out.get(t, 0.0) + factor * tf
    return out


def _corpus_agents() -> list[tuple[str, AgentSpec]]:
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        registry = load_registry([folder], only=True, cwd=REPO.parent, cache=False)
        out += [(folder.name, a) for a in sorted(registry, key=lambda a: a.name)]
    return out


def build(narrow: bool = NARROW) -> dict[str, object]:
    """The kindred table of the corpus (deterministic; ``narrow``: :data:`NARROW`)."""
    agents = _corpus_agents()
    docs = [_fields(a) for _, a in agents]
    df: Counter[str] = Counter()
    described: set[str] = set()
    for doc in docs:
        df.update(set().union(*doc.values()))
        described.update(*(doc[f] for f in MATCH_FIELDS))
    count = len(docs)
    common = common_terms()
    rows = []
    for (roster, agent), doc in zip(agents, docs, strict=True):
        lend = _weighted(doc, LEND_FIELDS)
        ranked = sorted(
            (
                -(1 + math.log(w)) * math.log(count / df[t]),
                t,
            )
            for t, w in lend.items()
            if w >= 0.5
            and (t in described or not narrow)
            and df[t] <= LEND_DF * count
            and t not in common
            and t.isalpha()
            and len(t) >= 3
        )
        match = _weighted(doc, MATCH_FIELDS)
        rows.append(
            {
                "roster": roster,
                "name": agent.name,
                "key": key(agent),
                "match": {t: round(w, 2) for t, w in sorted(match.items())},
                "lend": [t for _, t in ranked[:LEND_TOP]],
            }
        )
    return {"attribution": ATTRIBUTION, "agents": rows}


class Kindred:
    """The table read for one roster: its agents' kin and what they lend."""

    def __init__(self, table: dict[str, object], kin: int = KIN):
        self.most = kin
        rows = table["agents"]
        if not isinstance(rows, list):
            raise TypeError("a kindred table lists its agents")
        self.rows: list[dict[str, Any]] = rows
        df: Counter[str] = Counter()
        for row in rows:
            df.update(row["match"])
        n = len(rows)
        self.idf = {t: math.log(n / m) for t, m in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.norms = []
        for i, row in enumerate(rows):
            vec = self._vector(row["match"])
            self.norms.append(math.sqrt(sum(v * v for v in vec.values())) or 1.0)
            for t, v in vec.items():
                self.postings.setdefault(t, []).append((i, v))

    def _vector(self, match: dict[str, float]) -> dict[str, float]:
        return {t: (1 + math.log(w)) * self.idf[t] for t, w in match.items() if t in self.idf}

    def kin(self, match: dict[str, float], barred: frozenset[str]) -> list[tuple[float, int]]:
        """The corpus agents kindred to one with matching terms ``match`` (cosine, best
        first), none of a roster in ``barred``."""
        vec = self._vector(match)
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        dots: dict[int, float] = {}
        for t, v in vec.items():
            for i, w in self.postings.get(t, ()):
                dots[i] = dots.get(i, 0.0) + v * w
        found = sorted(
            (
                (dot / (norm * self.norms[i]), i)
                for i, dot in dots.items()
                if self.rows[i]["roster"] not in barred
            ),
            reverse=True,
        )
        return [(s, i) for s, i in found[: self.most] if s >= MIN_SIM]

    def borrowed(
        self, agents: list[AgentSpec], known: Iterable[str] | None = None
    ) -> dict[str, list[tuple[int, float]]]:
        """Per term lent to some agent of ``agents``, the agents that borrow it and its
        weight (their kin's cosine), best first: a term the agent's own definition lacks
        (and, given ``known``, the roster's terms, none of those)."""
        keys = {key(a) for a in agents}
        barred = frozenset(r["roster"] for r in self.rows if r["key"] in keys)
        roster = frozenset(known or ())
        out: dict[str, dict[int, float]] = {}
        for index, agent in enumerate(agents):
            doc = _fields(agent)
            own = set().union(*doc.values())
            for sim, i in self.kin(_weighted(doc, MATCH_FIELDS), barred):
                for t in self.rows[i]["lend"]:
                    if t in own or t in roster:
                        continue
                    got = out.setdefault(t, {})
                    got[index] = max(got.get(index, 0.0), sim)
        return {
            t: sorted(found.items(), key=lambda item: (-item[1], item[0]))
            for t, found in sorted(out.items())
        }


def patch(table: dict[str, object], share: float, scope: str = "roster", kin: int = KIN) -> None:
    """Patch the index so each agent holds its kin's lent terms (``~term``) and a request
    word the roster lacks reads them as its related term at ``share``."""
    kindred = Kindred(table, kin)
    init: Callable[..., None] = RosterIndex.__init__
    plan: Callable[..., tuple[_TermPlan, ...]] = reading.QueryReader._plan

    def new_init(self: RosterIndex, registry: object) -> None:
        init(self, registry)
        agents = list(registry)  # type: ignore[call-overload]
        idf = self.neutral
        lent = kindred.borrowed(agents, self.idf if scope == "roster" else None)
        self.borrowed = frozenset(lent)  # type: ignore[attr-defined]
        for t, found in lent.items():
            pseudo = "~" + t
            self.idf[pseudo] = idf
            posting = []
            for index, _sim in found:
                weight = 1.0
                self.agent_terms[index][pseudo] = weight
                posting.append((index, weight * idf))
            self.postings[pseudo] = posting

    def new_plan(
        self: reading.QueryReader, word: str, *, fuzzy: bool = True
    ) -> tuple[_TermPlan, ...]:
        found = plan(self, word, fuzzy=fuzzy)
        borrowed: frozenset[str] = getattr(self, "borrowed", frozenset())
        out: list[_TermPlan] = []
        changed = False
        for t, idf, others, s, best, kind in found:
            if kind in (_WORD, _BODY_WORD) and t in borrowed:
                if not others:
                    s = share if not idf else share / 2
                    best = self.neutral * UNKNOWN_FACTOR
                others = (*others, "~" + t)
                changed = True
            out.append((t, idf, others, s, best, kind))
        result = tuple(out)
        if changed and word in self._plans:
            self._plans[word] = result
        return result

    RosterIndex.__init__ = new_init  # type: ignore[method-assign]
    reading.QueryReader._plan = new_plan  # type: ignore[method-assign]


def main() -> None:
    """``build`` or ``pass``."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    made = sub.add_parser("build")
    made.add_argument("out", type=Path, nargs="?", default=TABLE)
    made.add_argument("--wide", action="store_true", help="lend body-only terms too")
    run = sub.add_parser("pass")
    run.add_argument("out", type=Path)
    run.add_argument("--share", type=float, default=0.5)
    run.add_argument("--scope", choices=["roster", "agent"], default="roster")
    run.add_argument("--wide", action="store_true", help="the wide table (body-only terms)")
    run.add_argument("--kin", type=int, default=KIN)
    run.add_argument("--families", nargs="*", required=True)
    args = parser.parse_args()
    if args.command == "build":
        text = json.dumps(
            build(not args.wide), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        args.out.write_text(text + "\n")
        print(f"{args.out}: {len(text)} bytes")
        return
    import weak_evidence

    patch(build(not args.wide), args.share, args.scope, args.kin)
    weak_evidence.run_pass(args.out, args.families)


if __name__ == "__main__":
    main()
