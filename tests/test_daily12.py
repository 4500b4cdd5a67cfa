"""daily12: rough edges a demanding user trips on (third pass), each checked where it is
decided."""

from __future__ import annotations

import importlib.util
import re

import pytest
from kit import REPO

# ---- make bench: the Makefile names files that exist ------------------------------------


def _recipes() -> dict[str, list[str]]:
    """Each Makefile target's recipe lines (tab-indented lines after ``target:``)."""
    found: dict[str, list[str]] = {}
    target = ""
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        if head := re.match(r"^([A-Za-z][\w-]*):", line):
            target = head.group(1)
            found[target] = []
        elif line.startswith("\t") and target:
            found[target].append(line.strip())
    return found


def test_every_path_a_makefile_recipe_names_exists() -> None:
    recipes = _recipes()
    assert recipes.get("bench"), recipes
    for target, lines in recipes.items():
        for line in lines:
            for word in line.split():
                if "/" in word or word.endswith(".py"):
                    assert (REPO / word).exists(), f"make {target}: {word} does not exist"


def _run_all() -> object:
    spec = importlib.util.spec_from_file_location("run_all", REPO / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_bench_runs_the_quick_benches_that_exist_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_all = _run_all()
    benches = run_all.BENCHES  # type: ignore[attr-defined]
    assert [name for name, _, _ in benches] == ["parser", "routing", "startup", "engine"]
    for _, script, title in benches:
        text = (REPO / script).read_text(encoding="utf-8")
        assert f'"{title}"' in text, f"{script} writes no section {title!r}"
    with pytest.raises(SystemExit) as stopped:
        run_all.main(["nosuch"])  # type: ignore[attr-defined]
    assert stopped.value.code == 2
    assert "unknown benchmark nosuch" in capsys.readouterr().err
