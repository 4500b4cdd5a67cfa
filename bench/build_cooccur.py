"""Build coordinator/routing/cooccur.py: word associations learned from the agent corpus.

Unsupervised: no routing label is read. Every agent file of ../shared/corpus (four rosters)
and the bundled agents (a fifth) is cut into paragraphs (blank lines and headings end one;
fenced code is left out); each paragraph becomes the set of the router's normalised terms
(:func:`coordinator.routing.text.terms`), and a paragraph met twice (the same text in two
rosters' copies of one agent) counts once. Over those paragraphs, the pointwise mutual
information of two terms with context-distribution smoothing (P_s(x) = n(x)^0.75 / sum of
n(y)^0.75, which takes PMI's bias towards rare words away),

    PMI(a, b) = log( P(a, b) / max(P(a) * P_s(b), P_s(a) * P(b)) ),

says how much more often they share a paragraph than chance would have them. A word is kept
only when it is seen in at least ``--min-files`` files of at least ``--min-rosters`` rosters
(so no one author's habit becomes an association), a pair only when it shares at least
``--min-pair`` paragraphs of at least ``--min-pair-files`` files, and each word keeps its
``--top`` associates of PMI at least ``--min-pmi`` (strongest first, rounded to 0.01).

``python bench/build_cooccur.py --show WORD ...`` prints the associates of some words;
``--out FILE`` writes the table as a Python module (one dict literal, deterministic: the same
corpus and flags give the same bytes). Round 16 tried it as routing-time expansion
(bench/cooccur_hook.py, judged by bench/cooccur_eval.py); it did not pay, so no table ships in
coordinator/ (bench/RESULTS.md, "Routing dev sets (round 16)").
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.text import terms  # noqa: E402

SHARED = REPO.parent / "shared"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: A paragraph with more distinct terms than this is a wall of text, not one topic: skipped.
MAX_TERMS = 60
#: Exponent of the smoothed context distribution (Levy, Goldberg and Dagan 2015).
SMOOTHING = 0.75


Collected = tuple[list[list[frozenset[str]]], dict[str, set[str]], dict[str, int]]


def rosters() -> list[tuple[str, Path]]:
    """Each roster's name and folder: the bundled agents, then the corpus's folders."""
    found = [("bundled", REPO / "agents")]
    corpus = SHARED / "corpus"
    found += [(p.name, p) for p in sorted(corpus.iterdir()) if p.is_dir()]
    return found


def paragraphs(text: str) -> Iterator[str]:
    """The prose paragraphs of ``text``: fenced code left out, headings start a new one."""
    block: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            if block:
                yield "\n".join(block)
            block = []
            continue
        if fenced:
            continue
        if not line.strip() or _HEADING.match(line):
            if block:
                yield "\n".join(block)
            block = [line] if line.strip() else []
            continue
        block.append(line)
    if block:
        yield "\n".join(block)


def collect() -> Collected:
    """Per file its distinct paragraphs (as term sets; one met before is left out), per term
    the rosters holding it, per term its files."""
    seen: set[frozenset[str]] = set()
    units: list[list[frozenset[str]]] = []
    term_rosters: dict[str, set[str]] = {}
    files: Counter[str] = Counter()
    for roster, folder in rosters():
        registry = load_registry([folder], only=True, cwd=REPO.parent, cache=False)
        for agent in sorted(registry, key=lambda a: a.name):
            texts = [agent.description, *paragraphs(agent.body)]
            own: set[str] = set()
            mine: list[frozenset[str]] = []
            for text in texts:
                unit = frozenset(terms(text))
                own |= unit
                if 2 <= len(unit) <= MAX_TERMS and unit not in seen:
                    seen.add(unit)
                    mine.append(unit)
            units.append(mine)
            files.update(own)
            for t in own:
                term_rosters.setdefault(t, set()).add(roster)
    return units, term_rosters, dict(files)


def associations(
    args: argparse.Namespace, collected: Collected | None = None
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each kept word -> its strongest associates and their PMI."""
    units, term_rosters, files = collected or collect()
    eligible = {
        t
        for t, found in term_rosters.items()
        if len(found) >= args.min_rosters and files[t] >= args.min_files and len(t) > 1
    }
    count: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    pair_files: Counter[tuple[str, str]] = Counter()
    for mine in units:
        together: set[tuple[str, str]] = set()
        for unit in mine:
            kept = sorted(unit & eligible)
            count.update(kept)
            found = list(combinations(kept, 2))
            pairs.update(found)
            together.update(found)
        pair_files.update(together)
    total = sum(len(mine) for mine in units)
    # context-distribution smoothing (counts ** SMOOTHING): rare words lose PMI's bias
    mass = sum(n**SMOOTHING for n in count.values())
    best: dict[str, list[tuple[float, str]]] = {}
    for (a, b), n in pairs.items():
        if n < args.min_pair or pair_files[a, b] < args.min_pair_files:
            continue
        pa, pb = count[a] / total, count[b] / total
        sa, sb = count[a] ** SMOOTHING / mass, count[b] ** SMOOTHING / mass
        pmi = math.log(n / total / max(pa * sb, sa * pb))
        if pmi < args.min_pmi:
            continue
        best.setdefault(a, []).append((pmi, b))
        best.setdefault(b, []).append((pmi, a))
    table = {}
    for word in sorted(best):
        ranked = sorted(best[word], key=lambda item: (-item[0], item[1]))[: args.top]
        table[word] = tuple((other, round(pmi, 2)) for pmi, other in ranked)
    return table


def render(table: dict[str, tuple[tuple[str, float], ...]], args: argparse.Namespace) -> str:
    """The generated module's source."""
    flags = (
        f"--min-files {args.min_files} --min-rosters {args.min_rosters} "
        f"--min-pair {args.min_pair} --min-pair-files {args.min_pair_files} "
        f"--min-pmi {args.min_pmi} --top {args.top}"
    )
    lines = [
        '"""Word associations learned from the agent corpus (generated: do not edit).',
        "",
        "Written by ``python bench/build_cooccur.py``",
        flags,
        "from ../shared/corpus and agents/ without any routing label: per routing term, the",
        "terms that share paragraphs of agent definitions with it far more often than chance",
        "(positive PMI over distinct paragraphs), strongest first. A line is",
        "``term: (associate, ...)``; the associates are space-separated in one string so the",
        'module stays one constant to load."""',
        "",
        "#: Routing term -> its associates, strongest first, space-separated.",
        "ASSOCIATES: dict[str, str] = {",
    ]
    for word, found in table.items():
        lines.append(f"    {word!r}: {' '.join(o for o, _ in found)!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    """The builder's flags (defaults: the shipped table's)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-files", type=int, default=8)
    parser.add_argument("--min-rosters", type=int, default=2)
    parser.add_argument("--min-pair", type=int, default=3)
    parser.add_argument("--min-pair-files", type=int, default=3)
    parser.add_argument("--min-pmi", type=float, default=4.5)
    parser.add_argument("--top", type=int, default=4)
    parser.add_argument("--show", nargs="*")
    parser.add_argument("--out", type=Path)
    return parser


def main() -> None:
    args = parser().parse_args()
    table = associations(args)
    print(f"{len(table)} words")
    if args.show:
        for word in args.show:
            key = terms(word)
            found = table.get(key[0], ()) if key else ()
            print(word, key, found)
    if args.out:
        args.out.write_text(render(table, args), encoding="utf-8")


if __name__ == "__main__":
    main()
