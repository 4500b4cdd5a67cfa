"""Programs that run code of their working folder without a command naming it.

A user's hook or an approved MCP server runs in the workspace, so ``npm start`` runs
``package.json``'s script, ``npx some-bin`` the workspace's ``node_modules/.bin/some-bin``
(and reads its ``.npmrc``), ``make`` its ``Makefile``, ``pytest`` its ``conftest.py``,
``cargo run`` its ``build.rs``, ``go run .`` its ``*.go``, and ``python -m pkg`` /
``python -c`` import from it first (a ``json.py`` there shadows the standard library's).
Such a command runs code an agent could have written as surely as one naming a workspace
script, so it is confined the same way (:func:`coordinator.tools.workspace.writable_file_named`)
when the workspace holds what its program reads. One table, :data:`READS`, says what each
program reads; the command line is read the same way for every program
(:func:`programs`): its first word, each first word after ``&&``, ``||``, ``;``, ``|``,
past variable assignments and wrappers (``env``, ``exec``, ``uv run``, ``poetry run``...),
and a shell's ``-c`` command line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator

_NODE = (
    "package.json", ".npmrc", ".yarnrc", ".yarnrc.yml", ".pnpmfile.cjs", "bunfig.toml",
    "node_modules", ".yarn",
)  # fmt: skip
_PYPROJECT = ("pyproject.toml", "uv.toml", "setup.py", "setup.cfg", ".venv", "Pipfile")
#: What a Python that imports from its working folder (``-m``, ``-c``) reads there first.
_PYTHON_PATH = ("*.py", "*/__init__.py", "*.so")

#: For each program, what in its working folder it reads and may run (a glob, or a name:
#: a file, or a folder whose files it runs).
READS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("npm", "npx", "pnpm", "pnpx", "yarn", "yarnpkg", "corepack"), _NODE),
    **dict.fromkeys(("bun", "bunx"), _NODE),
    **dict.fromkeys(("deno",), ("deno.json", "deno.jsonc", "package.json", "node_modules")),
    **dict.fromkeys(("make", "gmake"), ("Makefile", "makefile", "GNUmakefile")),
    **dict.fromkeys(("pytest", "py.test"), ("conftest.py", "pytest.ini", *_PYPROJECT, "tox.ini")),
    **dict.fromkeys(("uv", "uvx", "poetry", "pipenv", "pdm", "hatch"), _PYPROJECT),
    **dict.fromkeys(("tox", "nox"), ("tox.ini", "noxfile.py", *_PYPROJECT)),
    "python": _PYTHON_PATH,
    "cargo": ("Cargo.toml", "build.rs", ".cargo"),
    "go": ("go.mod", "go.work", "*.go"),
    "rake": ("Rakefile", "rakefile"),
    "bundle": ("Gemfile", ".bundle"),
    **dict.fromkeys(("just",), ("justfile", "Justfile", ".justfile")),
    "task": ("Taskfile.yml", "Taskfile.yaml"),
    "mvn": ("pom.xml", ".mvn"),
    "gradle": ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"),
}
#: Python modules run with ``-m`` that read their working folder as the program would.
_MODULES = {"pytest": "pytest", "pip": "uv", "tox": "tox", "nox": "nox"}
#: Words that run the next word as the program (a wrapper), with ``run``/``exec`` after a
#: project tool (``uv run pytest``: both ``uv`` and ``pytest`` read the folder).
_WRAPPERS = frozenset(
    {"env", "exec", "nice", "nohup", "time", "timeout", "command", "builtin", "sudo", "stdbuf"}
)
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})


def implicit_code(
    words: list[str], holds: Callable[[str, Callable[[str], bool]], list[str]], depth: int = 3
) -> str | None:
    """``"PROGRAM, which reads FILE"`` for the first program of the command ``words`` (as
    :func:`programs` finds them) whose working folder holds what :data:`READS` says it
    reads; ``holds(pattern, wanted)``: the workspace's files matching it that ``wanted``
    keeps and an agent may write (for Python's imports, only one shadowing a module counts:
    :func:`_shadows`).
    None when no program reads the folder."""
    for program, args in programs(words, depth):
        for pattern in _patterns(_key(program), args):
            python = pattern in _PYTHON_PATH  # only a module it may import: a shadowing one
            found = holds(pattern, _shadows if python else _any)
            if found:
                return f"{program}, which reads {found[0]}"
    return None


def _any(rel: str) -> bool:
    return True


def _shadows(rel: str) -> bool:
    """Whether the workspace file ``rel`` (``name.py``, ``name/__init__.py``) is a module a
    Python run there imports instead of its own: one of the standard library's or one
    installed beside coord (the folder comes first on ``sys.path``)."""
    import sys

    name = rel.split("/")[0].split(".")[0]
    return name in sys.stdlib_module_names or _installed(name)


@functools.cache
def _installed(name: str) -> bool:
    """Whether ``name`` is a top-level module on coord's own path (not its working folder)."""
    import sys
    from importlib.machinery import PathFinder

    path = [p for p in sys.path if p not in ("", ".") and p != os.getcwd()]
    try:
        return PathFinder.find_spec(name, path) is not None
    except (ImportError, ValueError):
        return False


def _patterns(key: str, args: list[str]) -> tuple[str, ...]:
    """What the program ``key`` run with ``args`` reads of its working folder."""
    if key != "python":
        return READS.get(key, ())
    module = _python_key(args)  # a module that reads the folder too (pytest), or "python"
    if module is None:
        return ()
    return _PYTHON_PATH if module == "python" else (*READS[module], *_PYTHON_PATH)


def programs(words: list[str], depth: int = 3) -> Iterator[tuple[str, list[str]]]:
    """Each program a command line runs, with the words after it (its arguments)."""
    start = True
    for i, word in enumerate(words):
        if word in _SEPARATORS:
            start = True
            continue
        if not start:
            continue
        if "=" in word.split("/")[0] and not word.startswith("-"):
            continue  # NAME=value before the program
        if word.startswith("-"):
            continue  # a wrapper's option (env -i, nice -n: its value is taken as a program)
        rest = _until_separator(words[i + 1 :])
        yield word, rest
        name = _key(word)
        if name in _SHELLS and depth:
            for j, arg in enumerate(rest[:-1]):
                if arg.startswith("-") and "c" in arg and not arg.startswith("--"):
                    yield from programs(_split(rest[j + 1]), depth - 1)
                    break
        start = name in _WRAPPERS or (name in READS and bool(rest) and rest[0] in ("run", "exec"))
        if start and rest and rest[0] in ("run", "exec"):
            yield from programs(rest[1:], depth)
            start = False


def _until_separator(words: list[str]) -> list[str]:
    for i, word in enumerate(words):
        if word in _SEPARATORS:
            return words[:i]
    return words


def _key(program: str) -> str:
    """The :data:`READS` key of a program word: its file name, ``python3.11`` as python."""
    name = program.rsplit("/", 1)[-1]
    return "python" if name.startswith("python") else name


def _python_key(args: list[str]) -> str | None:
    """What a Python run with ``args`` reads of its folder: a module run with ``-m`` that
    reads it as its program would (``python -m pytest``: conftest.py); otherwise the folder
    as the first place imports come from (``-m``, ``-c``, a program on stdin), but not with
    ``-I``/``-P`` (isolated, or the folder not put on the path) nor for a script (its own
    folder is put there instead)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--module":
            return _module_key(args[i + 1] if i + 1 < len(args) else "")
        if not arg.startswith("-") or arg.startswith("--") or arg == "-":
            if arg.startswith("--"):
                i += 1
                continue
            return "python" if arg == "-" else None  # a script: its own folder is first
        letters = arg[1:]
        for k, letter in enumerate(letters):
            if letter in "IP":
                return None
            if letter in "mc":
                value = letters[k + 1 :] or (args[i + 1] if i + 1 < len(args) else "")
                return _module_key(value) if letter == "m" else "python"
            if letter in "WXQ":  # an option with a value: the rest, or the next word
                i += 0 if letters[k + 1 :] else 1
                break
        i += 1
    return "python"


def _module_key(module: str) -> str:
    """The :data:`READS` key of ``python -m module``."""
    return _MODULES.get(module.split(".")[0], "python")


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(line)
    except ValueError:
        return line.split()
