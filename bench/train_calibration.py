"""Round 12's experiment: a learned, roster-agnostic decision layer after the lexical router.

Every labelled request (the dev sets in ../shared/routing and the twelve set families in
bench/sanity/) is routed by the lexical router; where it reaches the final decision
(``Router._decide``, wrapped here, in the bench only) the roster-agnostic features of its top
:data:`AMONG` candidates are recorded: no agent names, no request words. Small L2-regularised
logistic models (pure Python, Newton's method, standardised features) are then fitted:

- the gate ("none" vs route) on the lexical choice, or the top scorer when the router found no
  fit; its threshold maximises acceptable answers on the training data among the thresholds
  with "none" precision >= 85% and recall >= 90% (else precision >= 85%, else any). It is tried
  in both directions, only to route what the router left unrouted (rescue), and only to turn
  a route into "none" (veto);
- the re-rank over the top AMONG candidates of a routed request: pointwise (the most likely
  candidate wins) and pairwise (another candidate replaces the lexical choice when the model
  gives the switch at least a threshold tuned on the training data).

``python bench/train_calibration.py`` prints the leave-one-family-out table (train on the
other eleven families plus dev, score the left-out family; the last fold scores dev, trained
on the twelve families), then the out-of-fold answers per roster and language and the "none"
precision and recall. ``--variants gate,pairwise`` runs only those; ``--samples F.json`` keeps
the recorded features in F (read when it exists: the lexical routing is the slow part). The
script also runs in a ``git archive`` copy of an older router (copy this script,
``eval_routing.py`` and ``bench/sanity/`` into it): round 12 did that at 97d5165, before round
10, to score the layer on four families that router had never seen. The result (round 12,
bench/RESULTS.md): no variant gains on most folds, so nothing of it is in coordinator/.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import offtopic  # noqa: E402
from coordinator.routing.lexical import RouteDecision, Router, router_for  # noqa: E402
from coordinator.routing.text import is_cyrillic, terms  # noqa: E402

#: Candidates a request's features describe (and the re-rank chooses among).
AMONG = 3
#: A term weighs at least this much in an agent's index when its name, triggers or
#: description hold it (a body mention alone stays under it).
STRONG = 1.0
CANDIDATE = (
    "log_score_floor",  # log(1 + score / the roster's minimum score)
    "score_share",  # score / best score
    "margin",  # (score - the best other candidate's) / best score
    "rank",
    "coverage",  # share of the request's weight it explains
    "coverage_gap",  # coverage - the best coverage among the candidates
    "trigger_terms",  # distinct terms of its fired explicit triggers (0, 1, 2+) / 2
    "named",  # a request term is in its name
    "described",  # not only words its body mentions in passing
    "strong",  # share of request terms its name, triggers or description hold
    "excluded",  # one of its NOT-for topics is in the request
)
REQUEST = ("unknown_share", "length", "ukrainian", "everyday", "software", "redirect")
#: The gate's features: the subject candidate's, the request's, and the router's own answer.
GATE = (
    *(f for f in CANDIDATE if f not in ("rank", "score_share", "coverage_gap")),
    *(f for f in REQUEST if f != "redirect"),
    "lexical_none",
)
POINTWISE = ("score_share", "rank", "coverage", "coverage_gap", "trigger_terms", "named", "chosen")
#: Pairwise features: the alternative's minus the lexical choice's.
PAIRWISE = tuple(f for f in CANDIDATE if f != "rank")
L2 = 1.0
MIN_PRECISION, MIN_RECALL = 0.85, 0.90


@dataclass
class Sample:
    """One labelled request as the lexical router saw it."""

    family: str
    roster: str
    expect: list[str | None]
    lexical: str | None
    language: str
    gate: dict[str, float] | None = None
    subject: str | None = None
    names: list[str] = field(default_factory=list)
    candidates: list[dict[str, float]] = field(default_factory=list)


# --- features (read from the router's internals: this is a bench experiment) ---------------


def frame_cues(tokens: Sequence[str]) -> tuple[int, int]:
    """Everyday cues (life, office or home product, a time) and software-only words."""
    everyday = software = 0
    for token in tokens:
        kind = offtopic._kind(token).name  # by name: older routers lack some kinds
        software += kind == "SOFTWARE"
        everyday += kind in ("LIFE", "PRODUCT", "TIME")
    return everyday, software


def candidate_features(router: Router, query: Any, ranked: Any, fired: Any, place: int) -> dict:
    index, score = ranked[place]
    top = ranked[0][1] or 1.0
    nearest = max((s for i, s in ranked if i != index), default=0.0)
    coverage = router.coverage(index, query)
    best_coverage = max(router.coverage(i, query) for i, _ in ranked)
    fired_terms = frozenset().union(*(t.terms for t in fired.get(index, ())))
    named = not frozenset(terms(router.names[index].replace("-", " "))).isdisjoint(query.weights)
    known = router.agent_terms[index]
    strong = sum(known.get(t, 0.0) >= STRONG for t in query.weights) / max(1, len(query.basis))
    values = [
        math.log1p(score / (router.min_score or 1.0)),
        score / top,
        (score - nearest) / top,
        float(place),
        coverage,
        coverage - best_coverage,
        min(len(fired_terms), 2) / 2,
        float(named),
        float(router._described(index, query)),
        strong,
        float(router._excluded(index, query) is not None),
    ]
    return dict(zip(CANDIDATE, values, strict=True))


def request_features(router: Router, query: Any, decision: RouteDecision) -> dict:
    everyday, software = frame_cues(query.tokens)
    total = query.total or 1.0
    lost = sum(w for t, w in query.basis.items() if t not in router.idf and not query.related[t])
    values = [
        lost / total,
        math.log1p(len(query.basis)),
        float(any(is_cyrillic(t) for t in query.tokens)),
        float(min(everyday, 2)),
        float(software > 0),
        float(decision.redirected_from is not None),
    ]
    return dict(zip(REQUEST, values, strict=True))


def _record(sample: Sample, router: Router, seen: dict[str, Any], decision: RouteDecision) -> None:
    query, ranked, fired = seen["query"], seen["ranked"], seen["fired"]
    names = [router.names[i] for i, _ in ranked]
    place = names.index(decision.agent) if decision.agent in names else 0
    gate = candidate_features(router, query, ranked, fired, place)
    gate |= request_features(router, query, decision)
    gate["lexical_none"] = float(decision.agent is None)
    sample.gate, sample.subject = gate, names[place]
    for place in range(min(len(ranked), AMONG)):
        row = candidate_features(router, query, ranked, fired, place)
        row["chosen"] = float(names[place] == decision.agent)
        sample.names.append(names[place])
        sample.candidates.append(row)


def _registry(folder: str | None) -> Registry:
    dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
    return load_registry(dirs, only=True, cwd=REPO.parent, cache=False)


def collect() -> list[Sample]:
    """Route every labelled request with the lexical router and record its features."""
    jobs: list[tuple[str, str, str | None, Path]] = []
    for name, folder in DEV_SETS.items():
        jobs.append(("dev", name, folder, SHARED / "routing" / f"dev-{name}.yaml"))
    for kind in own_kinds():
        for name, folder in OWN_SETS.items():
            jobs.append((kind, name, folder, SANITY / f"{kind}-{name}.yaml"))
    from coordinator.routing.evaluate import load_cases

    seen: list[dict[str, Any]] = []
    decide = Router._decide

    def recording(self: Router, query: Any, ranked: Any, totals: Any, fired: Any, cands: Any):  # type: ignore[no-untyped-def]
        seen.append({"query": query, "ranked": ranked, "fired": fired})
        return decide(self, query, ranked, totals, fired, cands)

    Router._decide = recording  # type: ignore[method-assign]
    registries: dict[str | None, Registry] = {}
    samples = []
    try:
        for family, name, folder, path in jobs:
            if folder not in registries:
                registries[folder] = _registry(folder)
            router = router_for(registries[folder])
            for case in load_cases(path):
                seen.clear()
                decision = router.route(case.request)
                roster = name.removesuffix("-everyday")
                sample = Sample(family, roster, case.expect, decision.agent, case.language)
                if seen:
                    _record(sample, router, seen[0], decision)
                samples.append(sample)
    finally:
        Router._decide = decide  # type: ignore[method-assign]
    return samples


# --- logistic regression (standardised features, L2 on the weights, Newton) --------------


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Model:
    """A logistic model over named features, in raw feature units, and its threshold."""

    names: tuple[str, ...]
    weights: list[float]
    bias: float
    threshold: float = 0.5

    def p(self, row: dict[str, float]) -> float:
        pairs = zip(self.weights, self.names, strict=True)
        return _sigmoid(self.bias + math.fsum(w * row[n] for w, n in pairs))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(size):
            if r != col and a[col][col]:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][size] / a[i][i] if a[i][i] else 0.0 for i in range(size)]


def fit(rows: Sequence[dict[str, float]], labels: Sequence[int], names: tuple[str, ...]) -> Model:
    """L2-regularised logistic regression (the penalty spares the bias)."""
    n, d = len(rows), len(names)
    means = [sum(r[k] for r in rows) / n for k in names]
    spread = [sum((r[k] - m) ** 2 for r in rows) / n for k, m in zip(names, means, strict=True)]
    stds = [math.sqrt(v) or 1.0 for v in spread]
    scale = list(zip(names, means, stds, strict=True))
    xs = [[1.0] + [(r[k] - m) / s for k, m, s in scale] for r in rows]
    w = [0.0] * (d + 1)
    for _ in range(25):
        grad = [L2 * v if i else 0.0 for i, v in enumerate(w)]
        hess = [[L2 if i == j and i else 0.0 for j in range(d + 1)] for i in range(d + 1)]
        for x, y in zip(xs, labels, strict=True):
            p = _sigmoid(sum(a * b for a, b in zip(w, x, strict=True)))
            g, h = p - y, p * (1 - p)
            for i in range(d + 1):
                grad[i] += g * x[i]
                hx, row = h * x[i], hess[i]
                for j in range(d + 1):
                    row[j] += hx * x[j]
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    weights = [w[i + 1] / stds[i] for i in range(d)]
    bias = w[0] - sum(w[i + 1] * means[i] / stds[i] for i in range(d))
    return Model(names, weights, bias)


# --- the variants ----------------------------------------------------------------------

Decider = Callable[[Sample], str | None]


def _gate(train: Sequence[Sample], direction: str, names: tuple[str, ...] = GATE) -> Decider:
    used = [s for s in train if s.gate is not None]
    model = fit([s.gate for s in used if s.gate], [int(None in s.expect) for s in used], names)

    def answer(s: Sample, threshold: float) -> str | None:
        if s.gate is None:
            return s.lexical
        none = model.p(s.gate) >= threshold
        if direction == "rescue":
            return s.lexical if s.lexical is not None or none else s.subject
        if direction == "veto":
            return None if none else s.lexical
        return None if none else (s.lexical or s.subject)

    best: tuple[tuple[int, int], float] = ((-1, -1), 1.01)
    for threshold in [*sorted({round(model.p(s.gate), 3) for s in used if s.gate}), 1.01]:
        hits, precision, recall = score(train, lambda s, t=threshold: answer(s, t))
        ok = precision >= MIN_PRECISION
        key = (2 if ok and recall >= MIN_RECALL else int(ok), hits)
        if key > best[0]:
            best = (key, threshold)
    return lambda s: answer(s, best[1])


def _pointwise(train: Sequence[Sample]) -> Decider:
    rows, labels = [], []
    for s in train:
        if s.gate is not None and s.lexical is not None:
            rows += s.candidates
            labels += [int(n in s.expect) for n in s.names]
    model = fit(rows, labels, POINTWISE)

    def answer(s: Sample) -> str | None:
        if s.gate is None or s.lexical is None:
            return s.lexical
        return max(zip(s.candidates, s.names, strict=True), key=lambda c: model.p(c[0]))[1]

    return answer


def _pairs(s: Sample) -> list[tuple[str, dict[str, float], int]]:
    """Per alternative to the lexical choice: its feature differences and whether the
    switch is right (the alternative is acceptable and the choice is not)."""
    if s.gate is None or s.lexical not in s.names:
        return []
    mine = s.candidates[s.names.index(s.lexical)]
    wrong = s.lexical not in s.expect
    return [
        (n, {k: row[k] - mine[k] for k in PAIRWISE}, int(wrong and n in s.expect))
        for n, row in zip(s.names, s.candidates, strict=True)
        if n != s.lexical
    ]


def _pairwise(train: Sequence[Sample]) -> Decider:
    pairs = [p for s in train for p in _pairs(s)]
    model = fit([d for _, d, _ in pairs], [y for _, _, y in pairs], PAIRWISE)

    def answer(s: Sample, threshold: float) -> str | None:
        found = _pairs(s)
        if not found:
            return s.lexical
        chance, name = max((model.p(d), n) for n, d, _ in found)
        return name if chance >= threshold else s.lexical

    chances = sorted({round(model.p(d), 3) for _, d, _ in pairs})[-60:]
    best: tuple[int, float] = (-1, 1.01)
    for threshold in [*chances, 1.01]:
        hits = score(train, lambda s, t=threshold: answer(s, t))[0]
        if hits > best[0] or (hits == best[0] and threshold > best[1]):
            best = (hits, threshold)
    return lambda s: answer(s, best[1])


def _both(train: Sequence[Sample]) -> Decider:
    gate, rerank = _gate(train, "both"), _pairwise(train)
    return lambda s: None if gate(s) is None else rerank(s) if s.lexical else gate(s)


VARIANTS: dict[str, Callable[[Sequence[Sample]], Decider]] = {
    "lexical": lambda train: lambda s: s.lexical,
    "gate": lambda train: _gate(train, "both"),
    # the gate without the router's own answer: learned thresholds instead of the hand rules
    "learned-gate": lambda train: _gate(train, "both", GATE[:-1]),
    "rescue": lambda train: _gate(train, "rescue"),
    "veto": lambda train: _gate(train, "veto"),
    "pointwise": _pointwise,
    "pairwise": _pairwise,
    "gate+pairwise": _both,
}


def score(samples: Sequence[Sample], decide: Decider) -> tuple[int, float, float]:
    """Acceptable answers, "none" precision and recall."""
    hits = said = right = wanted = 0
    for s in samples:
        answer = decide(s)
        hits += answer in s.expect
        said += answer is None
        right += answer is None and None in s.expect
        wanted += None in s.expect
    return hits, right / said if said else 1.0, right / wanted if wanted else 1.0


def cross_validate(samples: list[Sample], variants: list[str]) -> dict[str, list[str | None]]:
    """Print the leave-one-family-out table; return each variant's out-of-fold answers."""
    families = [*own_kinds(), "dev"]
    print("| left out | cases | " + " | ".join(variants) + " |")
    print("|---|---:|" + "---:|" * len(variants))
    answers: dict[str, dict[int, str | None]] = {v: {} for v in variants}
    base: list[int] = []
    for family in families:
        test = [i for i, s in enumerate(samples) if s.family == family]
        train = [s for s in samples if s.family != family]
        cells = []
        for variant in variants:
            decide = VARIANTS[variant](train)
            for i in test:
                answers[variant][i] = decide(samples[i])
            hits = sum(answers[variant][i] in samples[i].expect for i in test)
            if not cells:
                base.append(hits)
            cells.append(str(hits) if not cells else f"{hits - base[-1]:+d}")
        print(f"| {family} | {len(test)} | " + " | ".join(cells) + " |", flush=True)
    return {v: [found[i] for i in range(len(samples))] for v, found in answers.items()}


def breakdown(samples: list[Sample], answers: dict[str, list[str | None]]) -> None:
    """Out-of-fold acceptable answers per roster and language, and "none" precision/recall."""
    groups = [("roster", r) for r in (*OWN_SETS, "wshobson")]
    groups += [("language", lang) for lang in ("en", "uk")]
    print("\n| variant | " + " | ".join(g for _, g in groups) + " | none P | none R | all |")
    print("|---|" + "---:|" * (len(groups) + 3))
    for variant, found in answers.items():
        cells = []
        for kind, value in groups:
            chosen = [i for i, s in enumerate(samples) if getattr(s, kind) == value]
            hits = sum(found[i] in samples[i].expect for i in chosen)
            cells.append(f"{hits}/{len(chosen)}")
        said = [i for i, a in enumerate(found) if a is None]
        right = sum(None in samples[i].expect for i in said)
        wanted = sum(None in s.expect for s in samples)
        hits = sum(a in s.expect for a, s in zip(found, samples, strict=True))
        cells += [f"{right}/{len(said)}", f"{right}/{wanted}", f"{hits}/{len(samples)}"]
        print(f"| {variant} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--samples", help="read the recorded features here (write them if absent)")
    args = parser.parse_args()
    variants = ["lexical", *(v for v in args.variants.split(",") if v and v != "lexical")]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    if args.samples and Path(args.samples).exists():
        data = json.loads(Path(args.samples).read_text(encoding="utf-8"))
        samples = [Sample(**row) for row in data]
    else:
        samples = collect()
        if args.samples:
            rows = [asdict(s) for s in samples]
            Path(args.samples).write_text(json.dumps(rows), encoding="utf-8")
    answers = cross_validate(samples, variants)
    breakdown(samples, answers)


if __name__ == "__main__":
    main()
