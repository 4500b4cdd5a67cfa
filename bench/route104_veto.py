"""Route104 (issue 10): can the everyday-life veto yield where a request is about software?

The veto (:func:`coordinator.routing.offtopic.life_subject`) answers "none" for a request
that names an everyday subject and no software word its lists know. Two general yields were
measured here, both from the corpus's 533 agent definitions (../shared/corpus), never from a
request set; neither is in production (bench/RESULTS.md, "route104 (helper)"):

- ``dual``: the veto's word as dual-use: how many definitions (name and description, or the
  whole file) hold its terms. Prints, per threshold, how many right and wrong vetoes of the
  given families have a word that common (a weak word would let the veto yield).
- ``measure``: the veto yields when the request writes ``--evidence`` or more words of
  software work (terms ``--min`` or more definitions' names and descriptions hold, less the
  common words, the everyday subjects and the stopwords; weight 1, as written) and asks for
  no personal or business text to write or translate. Routes every case of ``--families``
  with and without the yield and prints what changed and the "none" counts.

``python bench/route104_veto.py measure --families dev sanity fresh fresh2 ... [--min 10
--evidence 3]``; ``python bench/route104_veto.py dual --families ...``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.weak_evidence import _files  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import choice_fit, lexical, offtopic  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.query import _Query  # noqa: E402
from coordinator.routing.senses import common_terms  # noqa: E402
from coordinator.routing.text import STOPWORDS, term_list, words  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
VETO = "is about everyday life"


def definition_counts(whole: bool) -> dict[str, int]:
    """Per routing term, how many corpus definitions hold it (name and description, or with
    ``whole`` the body too)."""
    found: dict[str, int] = {}
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        registry = load_registry([folder], only=True, cwd=REPO.parent, cache=False)
        for spec in registry.agents.values():
            text = f"{spec.name.replace('-', ' ')} {spec.description}"
            text = f"{text} {spec.body}" if whole else text
            for term in {t for w in words(text) for t in term_list(w)}:
                found[term] = found.get(term, 0) + 1
    return found


def software_terms(least: int) -> frozenset[str]:
    """The terms ``least`` or more definitions' names and descriptions hold, less the common
    words, the everyday subjects and the stopwords."""
    held = frozenset(t for t, n in definition_counts(False).items() if n >= least)
    return held - common_terms() - offtopic._terms()[0] - STOPWORDS


def _written(tokens: list[str], described: frozenset[str]) -> bool:
    """Whether ``tokens`` ask for a personal or business text written or translated (the
    tail of offtopic._text_subject: a toast about bugs in prod stays a toast)."""
    if offtopic._TEXT_WORDS.isdisjoint(tokens):
        return False
    asked = not offtopic._WRITE_VERBS.isdisjoint(tokens)
    if (asked or not offtopic._OCCASIONS.isdisjoint(tokens)) and offtopic._personal_text(
        tokens, asked
    ):
        return True
    if asked or not offtopic._TRANSLATE_VERBS.isdisjoint(tokens):
        if offtopic._business_text(tokens, described):
            return True
    return not offtopic._TRANSLATION.isdisjoint(tokens) and bool(offtopic._translated(tokens))


def yielding(software: frozenset[str], evidence: int) -> Callable[..., str | None]:
    """A FitChecks._life_subject that yields on ``evidence`` written software terms."""
    veto = choice_fit.FitChecks._life_subject

    def life_subject(self: choice_fit.FitChecks, request: str, query: _Query) -> str | None:
        subject = veto(self, request, query)
        if subject is None:
            return None
        found = sum(1 for t, w in query.weights.items() if w == 1.0 and t in software)
        if found >= evidence and not _written(query.tokens, self.described_vocab):
            return None
        return subject

    return life_subject


def cases(families: list[str]) -> Iterator[tuple[str, lexical.Router, str, list[str | None]]]:
    """Family, router, request and expected answers of every case of ``families``."""
    routers: dict[str, lexical.Router] = {}
    for family, name, folder, path in _files(families):
        if name not in routers:
            dirs = [REPO / "agents"] if folder is None else [CORPUS / folder]
            registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
            routers[name] = lexical.router_for(registry)
        for case in load_cases(path):
            yield f"{family}/{name}", routers[name], case.request, list(case.expect)


def measure(families: list[str], least: int, evidence: int) -> None:
    """Print the cases the yield changes and the "none" counts before and after."""
    patched = yielding(software_terms(least), evidence)
    veto = choice_fit.FitChecks._life_subject
    count = {"wrong none": [0, 0], "right none": [0, 0], "acceptable": [0, 0]}
    for where, router, request, expect in cases(families):
        before = router.route(request).agent
        after = before
        if before is None:
            choice_fit.FitChecks._life_subject = patched  # type: ignore[method-assign]
            try:
                after = router.route(request).agent
            finally:
                choice_fit.FitChecks._life_subject = veto  # type: ignore[method-assign]
        for at, got in enumerate((before, after)):
            count["acceptable"][at] += got in expect
            if got is None:
                count["right none" if None in expect else "wrong none"][at] += 1
        if after != before:
            mark = "FIXED " if after in expect else "BROKEN" if before in expect else "MOVED "
            print(f"{mark} [{where}] {request[:100]!r} {before} -> {after} expect={expect}")
    for key, (was, now) in count.items():
        print(f"{key}: {was} -> {now}")


def dual(families: list[str]) -> None:
    """Print how many right and wrong vetoes have a word ``n`` or more definitions hold."""
    tables = {"desc": definition_counts(False), "whole": definition_counts(True)}
    vetoes: list[tuple[bool, str]] = []
    for _, router, request, expect in cases(families):
        decision = router.route(request)
        if VETO in decision.reason:
            vetoes.append((None in expect, decision.reason.split('"')[1]))
    for kind, held in tables.items():
        for least in (3, 5, 10):
            weak = [
                right
                for right, word in vetoes
                if max((held.get(t, 0) for w in word.split() for t in term_list(w)), default=0)
                >= least
            ]
            rights = sum(right for right, _ in vetoes)
            print(
                f"{kind} >= {least}: right vetoes {sum(weak)}/{rights}, "
                f"wrong vetoes {len(weak) - sum(weak)}/{len(vetoes) - rights}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["measure", "dual"])
    parser.add_argument("--families", nargs="+", required=True)
    parser.add_argument("--min", type=int, default=10)
    parser.add_argument("--evidence", type=int, default=3)
    args = parser.parse_args()
    if args.what == "measure":
        measure(args.families, args.min, args.evidence)
    else:
        dual(args.families)


if __name__ == "__main__":
    main()
