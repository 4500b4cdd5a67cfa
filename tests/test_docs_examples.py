"""docs108: the examples README.md and docs/ give a user tell the truth. Every ``coord``
command and flag they name exists (``bench/docs108_examples.py`` finds them, with file and
line); the synopsis in docs/commands.md lists every option each command has; the config
and script samples load as written; and every flag a ``resume`` argument list carries is
named where docs/commands.md describes that list (it left out ``--workspace``)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from kit import blocked, waiting_on, waiting_run

from coordinator.config import Settings, explain_settings

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


@pytest.fixture
def examples(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``bench/docs108_examples.py``, imported as the bench scripts import each other."""
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("bench.docs108_examples")


def fenced(page: str, kind: str) -> list[str]:
    """The fenced blocks of language ``kind`` in docs/PAGE."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"^```{kind}\n(.*?)^```$", text, flags=re.S | re.M)


def test_every_coord_command_and_flag_in_the_docs_exists(examples: ModuleType) -> None:
    """A guard: each ``coord ...`` of README.md and docs/ (fenced or inline) names a real
    command, and each of its flags is one that command (or coord itself) takes."""
    assert examples.check() == []


def test_the_checker_finds_a_flag_or_command_that_does_not_exist(examples: ModuleType) -> None:
    root = examples.root_command()
    assert examples.problems("coord sessions --statsu waiting", root) == [
        "coord sessions: no option --statsu"
    ]
    assert examples.problems("coord agents list|show NAME [--verbose]", root) == [
        "coord agents list|show: no option --verbose"
    ]
    assert examples.problems("coord frobnicate --json", root) == ["no command 'coord frobnicate'"]
    assert examples.problems('coord run "x" --allow-bash | head -1 --bogus', root) == []


def test_the_synopsis_lists_every_option_of_every_command(examples: ModuleType) -> None:
    """A guard: docs/commands.md's opening synopsis names each visible option of each
    command it lists (a flag added to a command is added there)."""
    from typer.core import TyperOption

    root = examples.root_command()
    (block,) = [ex for ex in examples.examples() if ex.file == "docs/commands.md"][:1]
    named: dict[str, tuple[object, set[str]]] = {}
    for _, text in examples.commands(block):
        command, path, _ = examples._resolve(root, examples.words(text))
        named.setdefault(" ".join(path), (command, set()))[1].update(re.findall(r"--[\w-]+", text))
    missing = {
        path: sorted(opt for opt in real if opt not in words)
        for path, (command, words) in named.items()
        for real in [
            {
                opt
                for p in command.params  # type: ignore[attr-defined]
                if isinstance(p, TyperOption) and not p.hidden
                for opt in p.opts
                if opt.startswith("--") and opt != "--help"
            }
        ]
    }
    assert {path: opts for path, opts in missing.items() if opts} == {}


def test_the_configuration_sample_loads_and_names_every_setting(tmp_path: Path) -> None:
    """A guard: docs/configuration.md's sample is a valid ``--config`` file (each key read
    from it), and every setting is in it (as a key, or named in a comment as the Bash
    sandbox's are)."""
    (sample,) = fenced("configuration.md", "yaml")
    path = tmp_path / "config.yaml"
    path.write_text(sample, encoding="utf-8")
    explained = explain_settings(None, path)
    keys = re.findall(r"^(\w+):", sample, flags=re.M)
    assert [k for k in keys if explained.origin.get(k) != str(path)] == []
    names = [f.name for f in dataclasses.fields(Settings)]
    assert [n for n in names if not re.search(rf"\b{n}\b", sample)] == []


def test_the_script_sample_loads(tmp_path: Path) -> None:
    """A guard: docs/scripted-provider.md's sample script is one ``--script`` accepts."""
    from coordinator.providers.script import load_script

    (sample,) = fenced("scripted-provider.md", "yaml")
    path = tmp_path / "script.yaml"
    path.write_text(sample, encoding="utf-8")
    assert load_script(path).unused()


def _resume_doc() -> str:
    """What docs/commands.md says of the ``resume`` argument list."""
    text = " ".join((DOCS / "commands.md").read_text(encoding="utf-8").split())
    start = text.index("`resume` (the command that continues")
    return text[start : text.index("`files` (workspace files changed)", start)]


def test_every_flag_a_resume_list_carries_is_documented(tmp_path: Path) -> None:
    """A session of another folder's workspace (``--workspace DIR``) and one of a ``--db``
    store (``--db STORE``): each flag of its ``resume`` list is named in the doc's."""
    _, _, here = waiting_run(tmp_path / "a", blocked("legal", "Whether the licence allows it"))
    sid, _, _ = waiting_on(tmp_path / "b", str(tmp_path / "b.db"), blocked("legal", "Licence"))
    from cli import coord

    shown = coord("log", sid, "--db", tmp_path / "b.db", "--json")
    there = json.loads(shown.stdout)
    flags = {w for data in (here, there) for w in data["resume"] if w.startswith("--")}
    assert {"--workspace", "--db", "--question", "--context"} <= flags
    doc = _resume_doc()
    assert sorted(f for f in flags if f'"{f}"' not in doc) == []
