"""daily39: a bench script asked for ``--help`` prints what it does and exits, instead of
running for minutes and rewriting its section of bench/RESULTS.md."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from kit import REPO

BENCH = REPO / "bench"


def _writers() -> list[Path]:
    """The bench scripts that rewrite a section of RESULTS.md."""
    return sorted(
        path
        for path in BENCH.glob("*.py")
        if path.name != "_results.py" and "write_section" in path.read_text(encoding="utf-8")
    )


def test_bench_routing_help_prints_its_docstring_and_leaves_results_alone() -> None:
    results = BENCH / "RESULTS.md"
    before = results.read_bytes()
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench_routing.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Benchmark the registry and the router"), done.stdout[:200]
    assert results.read_bytes() == before


def _answers_help(tree: ast.Module) -> bool:
    """Whether the script parses its flags with argparse or calls ``help_asked`` first
    thing under ``if __name__ == "__main__":``."""
    names = {getattr(node, "id", None) for node in ast.walk(tree)}
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }  # fmt: skip
    if "argparse" in imported or "argparse" in names:
        return True
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            first = node.body[0]
            return isinstance(first, ast.Expr) and ast.unparse(first) == "help_asked(__doc__)"
    return False


def test_every_script_that_rewrites_results_answers_help_first() -> None:
    writers = _writers()
    assert len(writers) >= 10, writers  # the glob found them
    silent = [p.name for p in writers if not _answers_help(ast.parse(p.read_text("utf-8")))]
    assert silent == []
