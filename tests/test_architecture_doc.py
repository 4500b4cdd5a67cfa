"""docs/ARCHITECTURE.md maps the code: every module of ``coordinator`` and ``protocols`` is
named there, and every module it names exists; so does every module docs/trust-boundary.md
(the page's trust boundary in full) names.

How the page names a module:

* by its path: ``runtime/engine.py`` (from ``coordinator/``), ``coordinator/__main__.py``,
  ``protocols/parse.py``; a path under another top folder (``tests/``, ``bench/``) is no
  module of the map and is left alone;
* by its file name alone, in a list item that starts with its package (``- `store/`: …
  `db.py` …``, continuation lines included); in any other place a bare name is a module of
  ``coordinator/`` itself (``config.py``, ``sanitize.py``);
* a package's ``__init__.py`` also by the package leading a list item (``- `serve/` …``).

The demo's sample project (``coordinator/demo/workspace/``) is package data, not modules.
Links from README.md and docs/ into the page's headings must resolve too, and so must every
link between the README, docs/ and examples/ (its file, and the heading it names); the
README's contents list names every section of the page.

Within a wing's list item ``a.py < b.py`` says b builds on a: b imports a, directly or through
modules of the package (``tests/test_import_graph.py`` reads the imports); what a module is
for, in parentheses between the two, is left out of the reading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_import_graph import LAYERS, graphs

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "ARCHITECTURE.md"
#: The trust boundary's rules, each with where it is enforced (the page's section in full).
TRUST = REPO / "docs" / "trust-boundary.md"
TOPS = ("coordinator", "protocols")
SAMPLE = ("coordinator", "demo", "workspace")

#: A file name or path ending in ``.py``, not part of a longer path or word.
PY_NAME = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.py)\b")
#: A list item led by a package: ``- `roster/` …`` (or ``- `coordinator/` …``).
ITEM_PACKAGE = re.compile(r"^- `([\w/]+)/`")


def module_files() -> set[Path]:
    """Every module file of the two packages, relative to the repository."""
    found = set()
    for top in TOPS:
        for path in (REPO / top).rglob("*.py"):
            rel = path.relative_to(REPO)
            if rel.parts[: len(SAMPLE)] != SAMPLE:
                found.add(rel)
    return found


def package_dir(name: str) -> Path:
    """A package named in the page (``store``, ``coordinator``, ``protocols``), as a path
    relative to the repository."""
    return Path(name) if name.split("/")[0] in TOPS else Path("coordinator", name)


def resolve(token: str, package: Path | None) -> Path | None:
    """The module file ``token`` names (``package``: the list item's), relative to the
    repository; None for a path outside the map (``tests/…``, ``bench/…``)."""
    if "/" not in token:
        return (package or Path("coordinator")) / token
    first = token.split("/")[0]
    if first in TOPS:
        return Path(token)
    if (REPO / "coordinator" / first).is_dir():
        return Path("coordinator", token)
    return None


def named_in(text: str) -> dict[Path, list[int]]:
    """Every module file the page names, with the lines naming it; a package leading a list
    item names its ``__init__.py``."""
    named: dict[Path, list[int]] = {}
    package: Path | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("- "):
            led = ITEM_PACKAGE.match(line)
            package = package_dir(led.group(1)) if led else None
            if package is not None:
                named.setdefault(package / "__init__.py", []).append(number)
        elif not line.startswith(" ") or not line.strip():
            package = None  # a heading, a paragraph, a blank line: the item has ended
        for token in PY_NAME.findall(line):
            path = resolve(token, package)
            if path is not None:
                named.setdefault(path, []).append(number)
    return named


#: Two module names with ``<`` between them, once the parentheses are left out.
BELOW = re.compile(r"(?<![\w/.-])([\w-]+\.py)\s*<\s*(?=([\w-]+\.py)\b)")


def items(text: str) -> list[tuple[int, Path | None, str]]:
    """Each list item of the page (its continuation lines joined): its first line, the
    package leading it, its text with every parenthesis (nested ones too) left out."""
    found: list[tuple[int, Path | None, str]] = []
    open_item = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("- "):
            led = ITEM_PACKAGE.match(line)
            found.append((number, package_dir(led.group(1)) if led else None, line))
            open_item = True
        elif open_item and line.startswith(" ") and line.strip():
            first, package, joined = found[-1]
            found[-1] = (first, package, f"{joined} {line.strip()}")
        else:
            open_item = False  # a heading, a paragraph, a blank line: the item has ended
    plain = []
    for first, package, joined in found:
        while (shorter := re.sub(r"\([^()]*\)", "", joined)) != joined:
            joined = shorter
        plain.append((first, package, joined))
    return plain


def orderings(text: str) -> list[tuple[Path, Path, int]]:
    """Every ``a.py < b.py`` of the page's list items: (a, b, the item's first line)."""
    pairs = []
    for number, package, joined in items(text):
        for lower, upper in BELOW.findall(joined):
            below, above = resolve(lower, package), resolve(upper, package)
            if below is not None and above is not None:
                pairs.append((below, above, number))
    return pairs


def dotted(path: Path) -> str:
    """A module file's import name (``routing/text.py``: ``coordinator.routing.text``)."""
    parts = path.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether ``start`` imports ``goal``, directly or through other modules."""
    seen, todo = {start}, [start]
    while todo:
        for target in graph.get(todo.pop(), set()):
            if target == goal:
                return True
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def test_the_page_orders_modules_as_they_import() -> None:
    every, _ = graphs()
    wrong = [
        f"line {number}: {below.name} < {above.name}, but {above.name} does not import"
        f" {below.name}"
        + (
            f" ({below.name} imports {above.name})"
            if reaches(every, dotted(below), dotted(above))
            else ""
        )
        for below, above, number in orderings(DOC.read_text(encoding="utf-8"))
        if not reaches(every, dotted(above), dotted(below))
    ]
    assert wrong == [], "docs/ARCHITECTURE.md orders modules against their imports:\n" + "\n".join(
        wrong
    )


def test_the_reading_finds_orderings_across_lines_and_parentheses() -> None:
    sample = (
        "- `routing/`: index.py (the index, see (this)) <\n"
        "  reading.py < scoring.py; text.py\n"
        "\n"
        "`a.py` < `b.py` outside an item\n"
    )
    assert [(a.name, b.name) for a, b, _ in orderings(sample)] == [
        ("index.py", "reading.py"),
        ("reading.py", "scoring.py"),
    ]


def walls(text: str) -> list[set[str]]:
    """The layers of the page's "Walls" block, bottom to top (``(a, b) < c``: two layers)."""
    block = text.split("\n## Walls\n", 1)[1].split("```\n", 2)[1]
    chain = " ".join(line for line in block.splitlines() if not line.startswith("protocols:"))
    return [set(re.findall(r"\w+", layer)) for layer in chain.split("<")]


def test_the_walls_are_the_import_graphs_layers() -> None:
    """A guard: the layers the page draws are those tests/test_import_graph.py holds."""
    assert walls(DOC.read_text(encoding="utf-8")) == LAYERS


def test_the_page_names_every_module() -> None:
    named = named_in(DOC.read_text(encoding="utf-8"))
    missing = sorted(str(p) for p in module_files() - set(named))
    assert missing == [], (
        "modules docs/ARCHITECTURE.md does not name (add each, one short line, to"
        " 'Wings'):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("doc", [DOC, TRUST], ids=lambda d: d.name)
def test_every_module_the_page_names_exists(doc: Path) -> None:
    named = named_in(doc.read_text(encoding="utf-8"))
    modules = module_files()
    gone = sorted(
        f"{p} (line {', '.join(map(str, lines))})" for p, lines in named.items() if p not in modules
    )
    assert gone == [], f"docs/{doc.name} names modules that do not exist:\n" + "\n".join(gone)


def test_the_reading_names_modules_as_intended() -> None:
    """The rules above, on a sample: paths, items led by a package, bare names outside one."""
    sample = (
        "See `runtime/engine.py` and tests/test_import_graph.py; settings: `config.py`.\n"
        "- `mcp/`: `config.py` (servers),\n"
        "  `client.py`.\n"
        "- `protocols/`: `files.py`\n"
        "\n"
        "`files.py` and coordinator/__main__.py\n"
    )
    assert set(named_in(sample)) == {
        Path("coordinator/runtime/engine.py"),
        Path("coordinator/config.py"),
        Path("coordinator/mcp/__init__.py"),
        Path("coordinator/mcp/config.py"),
        Path("coordinator/mcp/client.py"),
        Path("protocols/__init__.py"),
        Path("protocols/files.py"),
        Path("coordinator/files.py"),
        Path("coordinator/__main__.py"),
    }


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_links_into_the_page_reach_its_headings() -> None:
    anchors = {
        slug(line.lstrip("#"))
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    broken = []
    for source in [REPO / "README.md", *(REPO / "docs").glob("*.md")]:
        for anchor in re.findall(r"ARCHITECTURE\.md#([\w\-]+)", source.read_text(encoding="utf-8")):
            if anchor not in anchors:
                broken.append(f"{source.relative_to(REPO)}: #{anchor}")
    assert broken == [], "links to headings docs/ARCHITECTURE.md lacks:\n" + "\n".join(broken)


def headings(page: Path) -> list[str]:
    """The headings of a Markdown page (none inside a code block), as written."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    return [m[1] for m in re.finditer(r"^#+\s+(.+)$", text, re.M)]


def test_links_between_the_docs_reach_their_files_and_headings() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    pages += sorted((REPO / "examples").rglob("*.md"))
    broken = []
    for source in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", source.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            page = (source.parent / path).resolve() if path else source
            if not page.exists():
                broken.append(f"{source.relative_to(REPO)}: {target} (no such file)")
            elif anchor and anchor not in {slug(h) for h in headings(page)}:
                broken.append(f"{source.relative_to(REPO)}: {target} (no such heading)")
    assert broken == [], "links that lead nowhere:\n" + "\n".join(broken)


def test_the_readme_contents_names_every_section() -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "\n## Contents\n" in text, "the README has no contents list"
    contents = text.split("\n## Contents\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"\]\(#([\w\-]+)\)", contents))
    sections = [h for h in headings(readme) if h != "Contents"]
    two = {slug(h) for h in sections if f"\n## {h}\n" in text}
    assert two - listed == set(), f"sections the contents list leaves out: {sorted(two - listed)}"
