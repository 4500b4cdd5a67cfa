"""Which words of a Ukrainian word list reach the glossary, and through which stem.

``python bench/uk_glossary_reach.py OUT.json [--words FILE]`` reads the uk_UA Hunspell
dictionary (or FILE: one word a line, Hunspell ``/flags`` dropped), runs every lower-case
word through :func:`coordinator.routing.text.term_list` of the tree on ``sys.path`` and writes
``{word: [terms...]}`` for the words the glossary reaches. ``--diff BEFORE.json AFTER.json``
lists the words whose terms changed, grouped by their new terms: the check that a new stem
swallows no unrelated common word (run the first form once per tree, e.g. with PYTHONPATH).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

DIC = Path("/usr/share/hunspell/uk_UA.dic")


def _words(path: Path) -> list[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/", 1)[0].strip().lower()
        if word.isalpha():
            out.add(word)
    return sorted(out)


def collect(out_path: str, words_path: Path) -> None:
    from coordinator.routing.text import normalise
    from coordinator.routing.uk_roots import glossary_english

    reached: dict[str, list[str]] = {}
    for word in _words(words_path):
        token = normalise(word).strip()
        found = glossary_english(token) if token.isalpha() else ()
        if found:
            reached[word] = list(found)
    Path(out_path).write_text(json.dumps(reached, ensure_ascii=False), encoding="utf-8")
    print(f"{len(reached)} words reach the glossary")


def diff(before_path: str, after_path: str) -> None:
    before = json.loads(Path(before_path).read_text(encoding="utf-8"))
    after = json.loads(Path(after_path).read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = defaultdict(list)
    for word, found in after.items():
        if before.get(word) != found:
            groups[" ".join(found)].append(word)
    lost = [w for w in before if w not in after]
    print(f"before {len(before)}, after {len(after)}, changed {sum(map(len, groups.values()))}")
    for terms, words in sorted(groups.items(), key=lambda g: -len(g[1])):
        print(f"{terms}: {len(words)}: {' '.join(words[:40])}")
    print(f"no longer reached: {len(lost)}: {' '.join(lost[:60])}")


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        source = Path(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--words" else DIC
        collect(sys.argv[1], source)
