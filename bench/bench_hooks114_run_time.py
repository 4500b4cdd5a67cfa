"""hooks114: how many ordinary hook command lines the run-time fail-closed rule
(:mod:`coordinator.tools.run_time_words`) confines, beside the file checks.

The lines: ``../shared/hooks`` (each script whole, and each of its lines), the hook
commands of the examples' settings files, the brief's documented shapes, and every
``"command": "..."`` string of the test suite (hooks the tests run as ordinary ones and as
hostile ones: the hostile are listed). Each is checked in a workspace with a project's
usual folders and a protected ``.claude/hooks/x.sh``, as a user's hook is
(:func:`coordinator.runtime.hooks.confine_workspace_scripts`), with and without the rule.

Run from the repository root: ``python bench/bench_hooks114_run_time.py``.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coordinator.runtime.hooks import command_words  # noqa: E402
from coordinator.tools.command_files import writable_file_named  # noqa: E402
from coordinator.tools.run_time_words import run_time_word  # noqa: E402

DOCUMENTED = [
    "jq -r .tool_input.command | grep -q 'rm -rf' && exit 2 || exit 0",
    'echo "$(date): $(jq -r .tool_name)" >> ~/.claude/tool.log',
    '"$CLAUDE_PROJECT_DIR"/.claude/hooks/x.sh',
    'sh "$CLAUDE_PROJECT_DIR/.claude/hooks/log-tools.sh"',
    "npx prettier --write \"$(jq -r '.tool_input.file_path')\"",
    'f=$(jq -r .tool_input.file_path); [ "${f##*.}" = py ] && ruff format "$f"',
]
_COMMAND = re.compile(r'"command":\s*("(?:[^"\\]|\\.)*")')


def lines() -> dict[str, list[str]]:
    """The command lines, by where they come from."""
    found: dict[str, list[str]] = {"shared/hooks": [], "examples": [], "documented": DOCUMENTED}
    shared = ROOT.parent / "shared" / "hooks"
    for script in sorted(shared.glob("*")) if shared.is_dir() else []:
        text = script.read_text(encoding="utf-8")
        found["shared/hooks"] += [text, *(x for x in text.splitlines() if x.strip())]
    for settings in ROOT.glob("examples/**/settings*.json"):
        found["examples"] += _COMMAND.findall(settings.read_text(encoding="utf-8"))
    found["examples"] = [json.loads(c) for c in found["examples"]]
    tests: list[str] = []
    for path in sorted(ROOT.glob("tests/**/*.py")):
        for literal in _COMMAND.findall(path.read_text(encoding="utf-8")):
            try:
                value = ast.literal_eval(literal)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and "{" not in value:
                tests.append(value)
    found["tests"] = sorted(set(tests))
    found["tests' ORDINARY guards"] = sorted(set(_ordinary()))
    return found


def _ordinary() -> Iterator[str]:
    """The strings of the tests' ``ORDINARY*`` lists (ordinary hooks guards keep running)."""
    for path in sorted(ROOT.glob("tests/**/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = (
                [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            )
            named = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(n.startswith("ORDINARY") for n in named) and isinstance(node.value, ast.List):
                yield from (
                    e.value.replace("{{", "{").replace("}}", "}").replace("{tmp}", "/tmp/x")
                    for e in node.value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp).resolve()
        for folder in ("src", "tests", ".venv/bin", ".claude/hooks"):
            (ws / folder).mkdir(parents=True)
        (ws / ".claude/hooks/x.sh").write_text("#!/bin/sh\n")
        (ws / "pyproject.toml").write_text("[project]\nname = 'p'\n")
        for where, found in lines().items():
            files = late = 0
            for line in found:
                text = line.replace("$CLAUDE_PROJECT_DIR", str(ws))
                by_file = writable_file_named(ws, command_words(text), {}) is not None
                files += by_file
                word = None if by_file else run_time_word(text)
                late += word is not None
                if word is not None:
                    print(f"  confined now: {line[:70]!r}: {word[:90]}")
            print(f"{where}: {len(found)} lines, {files} confined by the file checks, "
                  f"{late} more by the run-time rule")  # fmt: skip


if __name__ == "__main__":
    main()
