"""Programs that run code of their working folder without a command naming it.

A user's hook or an approved MCP server runs in the workspace, so ``npm start`` runs
``package.json``'s script, ``npx some-bin`` the workspace's ``node_modules/.bin/some-bin``
(and reads its ``.npmrc``), ``make`` its ``Makefile``, ``pytest`` its ``conftest.py``,
``cargo run`` its ``build.rs``, ``go run .`` its ``*.go``, and ``python -m pkg`` /
``python -c`` import from it first (a ``json.py`` there shadows the standard library's).
Such a command runs code an agent could have written as surely as one naming a workspace
script, so it is confined the same way (:func:`coordinator.tools.command_files.writable_file_named`)
when the workspace holds what its program reads. One table, :data:`READS`, says what each
program reads; the command line is read the same way for every program
(:func:`programs`): its first word, each first word after ``&&``, ``||``, ``;``, ``|``,
past variable assignments and wrappers (``env``, ``exec``, ``uv run``, ``poetry run``...),
and a shell's ``-c`` command line.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping

from coordinator.tools.wrappers import COMMAND_TAKERS, KEYWORDS, SHELLS, WRAPPERS

_NODE = (
    "package.json", ".npmrc", ".yarnrc", ".yarnrc.yml", ".pnpmfile.cjs", "bunfig.toml",
    "node_modules", ".yarn",
)  # fmt: skip
_PYPROJECT = ("pyproject.toml", "uv.toml", "setup.py", "setup.cfg", ".venv", "Pipfile")
#: Node's options giving it code that loads modules from its working folder.
_NODE_CODE = frozenset(
    {"-e", "--eval", "-p", "--print", "-r", "--require", "--import", "--loader",
     "--experimental-loader", "-"}
)  # fmt: skip
#: A JavaScript tool's config: a module it runs.
_JS_CONFIG = ("*.config.js", "*.config.cjs", "*.config.mjs", "*.config.ts", ".*rc.js", ".*rc.cjs")
#: What pytest collects and runs, at any depth below its folder: tests, ``conftest.py``
#: and the modules they import (one walk, stopping at the first).
_TESTS = ("**/*.py",)
#: What a Python that imports from its working folder (``-m``, ``-c``) reads there first
#: (a module's source, a package, an extension, a module's byte code alone).
_PYTHON_PATH = ("*.py", "*/__init__.py", "*.so", "*.pyc")
#: Python programs that put their working folder first on their path themselves, to
#: import an application or tasks from it (``uvicorn main:app``, ``celery -A proj``,
#: ``flask run``, ``gunicorn app:app``): every module there is theirs to import, so
#: ``PYTHONSAFEPATH`` does not keep them from it (and an optional ``import uvloop`` finds
#: one of the agent's). Their modules there are workspace code, as a script is.
_APP_RUNNERS = frozenset(
    {"uvicorn", "gunicorn", "hypercorn", "daphne", "granian", "celery", "flask", "fastapi",
     "rq", "dramatiq", "huey_consumer", "arq", "ipython", "invoke", "inv", "fab", "doit",
     "locust", "streamlit", "chainlit", "gradio", "panel", "bokeh", "mesop", "taipy"}
)  # fmt: skip

#: For each program, what in its working folder it reads and may run (a glob, or a name:
#: a file, or a folder whose files it runs).
READS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("npm", "npx", "pnpm", "pnpx", "yarn", "yarnpkg", "corepack"), _NODE),
    **dict.fromkeys(("bun", "bunx"), _NODE),
    **dict.fromkeys(("deno",), ("deno.json", "deno.jsonc", "package.json", "node_modules")),
    **dict.fromkeys(("make", "gmake"), ("Makefile", "makefile", "GNUmakefile")),
    **dict.fromkeys(("pytest", "py.test"), ("pytest.ini", *_PYPROJECT, "tox.ini", *_TESTS)),
    **dict.fromkeys(("uv", "uvx", "poetry", "pipenv", "pdm", "hatch"), _PYPROJECT),
    **dict.fromkeys(("tox", "nox"), ("tox.ini", "noxfile.py", *_PYPROJECT)),
    "python": _PYTHON_PATH,
    **dict.fromkeys(_APP_RUNNERS, _PYTHON_PATH),
    "node": ("node_modules", "package.json"),  # -e, -p, -r, stdin: see _node_reads
    "cargo": ("Cargo.toml", "build.rs", ".cargo"),
    **dict.fromkeys(
        (
            "eslint",
            "prettier",
            "jest",
            "vitest",
            "mocha",
            "webpack",
            "vite",
            "rollup",
            "next",
            "tsx",
            "ts-node",
            "playwright",
            "npm-run-all",
            "run-s",
            "run-p",
        ),
        (*_JS_CONFIG, *_NODE),
    ),
    "pre-commit": (".pre-commit-config.yaml",),
    "ninja": ("build.ninja",),
    "cmake": ("CMakeLists.txt", "CMakePresets.json"),
    "meson": ("meson.build",),
    "composer": ("composer.json",),
    "phpunit": ("phpunit.xml", "phpunit.xml.dist", "composer.json"),
    "mix": ("mix.exs",),
    "go": ("go.mod", "go.work", "*.go"),
    "rake": ("Rakefile", "rakefile"),
    "bundle": ("Gemfile", ".bundle"),
    **dict.fromkeys(("just",), ("justfile", "Justfile", ".justfile")),
    "task": ("Taskfile.yml", "Taskfile.yaml"),
    "mvn": ("pom.xml", ".mvn"),
    "gradle": ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"),
}
#: Python modules run with ``-m`` that read their working folder as the program would.
_MODULES = {
    "pytest": "pytest", "pip": "uv", "tox": "tox", "nox": "nox",
    **{runner: runner for runner in _APP_RUNNERS}, "IPython": "ipython",
}  # fmt: skip
#: Words that run the next word as the program: the permission checks' wrappers, the
#: shell's keywords, ``eval`` and the programs that hand a string to a shell (whose
#: ``-c`` string is read as a command line).
_WRAPPERS = frozenset(WRAPPERS) | KEYWORDS | COMMAND_TAKERS - SHELLS | {"eval"}
#: Programs that run the program their next word names (``npx make``, ``uvx mypy``).
_RUNS_NEXT = frozenset({"npx", "pnpx", "bunx", "uvx", "pipx"})
#: A project tool's word that runs the program after it (``uv run pytest``, ``pipx run x``).
_RUN_WORDS = frozenset({"run", "exec", "x", "dlx"})
#: ``NAME=`` at the start of an assignment.
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
#: Variables whose value tells a program where to load code or options from, or names a
#: program it runs (``PYTHONUSERBASE``: its site-packages' ``.pth`` lines run at every
#: Python's start; ``GIT_SSH_COMMAND``, ``GIT_TEMPLATE_DIR``'s hooks, ``PYENV_ROOT``...:
#: redteam108).
_LOADER_VARIABLE = re.compile(
    r"PATH|LIB|OPT|PRELOAD|AUDIT|HOME|ENV|CONFIG|STARTUP|WRAPPER|EDITOR|PAGER|SHELL|RC$"
    r"|USERBASE|ASKPASS|_SSH|TEMPLATE|ZDOTDIR|GOBIN|_ROOT$|PREFIX|COMMAND|_DIFF$"
)
#: Of those, the ``*_ENV`` variables naming a file (the rest, ``NODE_ENV``, ``RAILS_ENV``,
#: ``APP_ENV``, name a mode: ``NODE_ENV=test`` names no ``test/`` folder: review125).
_FILE_ENV = frozenset({"ENV", "BASH_ENV", "VIRTUAL_ENV"})
#: The shell's operators, split off a word that holds them (``true;make``, ``$(make)``).
_OPERATOR = re.compile(r"(\$\(|`|&&|\|\||;|\||&|\(|\)|\n)")
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})


def implicit_code(
    words: list[str],
    holds: Callable[[str, Callable[[str], bool]], list[str]],
    depth: int = 3,
    where: Callable[[str], str | None] = lambda word: None,
    text: Callable[[str], str] = lambda rel: "",
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """``"PROGRAM, which reads FILE"`` for the first program of the command ``words`` (as
    :func:`programs` finds them) whose working folder holds what :data:`READS` says it
    reads; ``holds(pattern, wanted)``: the workspace's files matching it that ``wanted``
    keeps and an agent may write (for Python's imports, only one shadowing a module counts:
    :func:`_shadows`). The working folder is the workspace, or any folder of it a word of
    the command names (``where(word)``: what it names in the workspace, relative to it, a
    folder's ending in ``/``, or None): ``cd sub && npm test``, ``make -C sub``, ``npm
    --prefix=sub``. A variable a loader reads (:data:`_LOADER_VARIABLE`) naming what the
    workspace holds counts too (``PYTHONPATH=src``, ``PATH=./bin:$PATH``, ``LD_PRELOAD``).
    A program the table does not list counts when the folder holds its own configuration
    (:func:`_configuration`; ``text(rel)``: a file's text, bounded). A Python's modules
    are those its own path holds too (``environ``, the one it runs with:
    :func:`_import_path`), and one run from a virtual environment in the workspace reads
    it (:func:`_virtual_env`). None when no program reads the folder."""
    tokens = command_tokens(words)
    named = {w for w in map(where, _values(tokens)) if w and w.endswith("/") and w != "./"}
    places = ["", *sorted(named)]
    variable = _loader_variable(tokens, where, places)
    if variable:
        return variable
    env = os.environ if environ is None else environ
    for program, args in programs(tokens, depth):
        venv = _virtual_env(program, env, where) if _key(program) == "python" else None
        if venv is not None and holds(venv, _any):  # (coord's own is protected)
            return f"{program}, which reads its virtual environment's {venv}"
        reader = _reader(program, args)
        for pattern in _patterns(_key(program), args):
            for place in places:
                python = pattern in _PYTHON_PATH and reader not in _APP_RUNNERS
                wanted = _shadows_in(place, program, env, where) if python else _any
                found = holds(place + pattern, wanted)
                if found:
                    return f"{program}, which reads {found[0]}"
        configured = _configuration(program, places, holds, text)
        if configured:
            return f"{program}, which reads {configured} (its configuration there)"
    return None


#: A program's own configuration file in its working folder, by the program's name ``P``
#: (``mypy.ini``, ``.pylintrc``, ``.flake8``, ``ruff.toml``, ``ansible.cfg``, ``Tiltfile``,
#: ``Vagrantfile``, ``Podfile``): the general rule for a program the table does not list.
_OWN_CONFIG = (
    "{p}.ini", ".{p}.ini", "{p}.toml", ".{p}.toml", "{p}.cfg", ".{p}.cfg", "{p}rc", ".{p}rc",
    "{p}.yaml", "{p}.yml", ".{p}.yaml", ".{p}.yml", "{p}.json", ".{p}.json", ".{p}",
    "{P}file", "{p}file", "{p}.conf",
    *(f".{{p}}rc.{ext}" for ext in ("js", "cjs", "mjs", "json", "yaml", "yml", "toml", "py")),
    *(f"{{p}}.config.{ext}" for ext in ("js", "cjs", "mjs", "ts", "mts", "cts", "json", "py")),
)  # fmt: skip
#: A project's shared files, and how a section for the program ``P`` starts in each
#: (``[tool.mypy]`` with its plugins, ``[flake8]``, a ``"jest"`` key).
_SHARED_CONFIG = {
    "pyproject.toml": r"^\[tool\.{p}[.\]]",
    "setup.cfg": r"^\[(?:tool:)?{p}[:\]]",
    "tox.ini": r"^\[{p}[:\]]",
    "package.json": r'^\s*"{p}"\s*:',
}
#: What looks like a program's name (not a number, an option's value, a path).
_PROGRAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*")


def _configuration(
    program: str,
    places: list[str],
    holds: Callable[[str, Callable[[str], bool]], list[str]],
    text: Callable[[str], str],
) -> str | None:
    """The file of the working folder configuring ``program`` (a name, as PATH finds it)
    by its name (:data:`_OWN_CONFIG`), or a section for it in a project's shared file
    (:data:`_SHARED_CONFIG`): a tool reads its configuration from where it runs, and some
    load code it names (mypy's and pylint's plugins, pylint's ``init-hook``)."""
    full = _key(program)  # ansible-playbook reads ansible.cfg: the name's first part too
    if "/" in program or full in _NO_CONFIG:  # notify-send reads no .notify
        return None
    for name in dict.fromkeys([full, full.split("-")[0]]):
        found = _configured(name, places, holds, text)
        if found:
            return found
    return None


def _configured(
    name: str,
    places: list[str],
    holds: Callable[[str, Callable[[str], bool]], list[str]],
    text: Callable[[str], str],
) -> str | None:
    """:func:`_configuration` for the program name ``name``."""
    if name in _WRAPPERS or name in SHELLS or name in _NO_CONFIG:
        return None
    if not _PROGRAM_NAME.fullmatch(name) or len(name) < 2:
        return None
    own = dict.fromkeys(pattern.format(p=name, P=name.capitalize()) for pattern in _OWN_CONFIG)
    for place in places:
        for file in own:  # names, not globs: no listing of the folder
            found = holds(place + file, _any)
            if found:
                return found[0]
        for shared, section in _SHARED_CONFIG.items():
            start = re.compile(section.format(p=re.escape(name)), re.MULTILINE)
            found = holds(place + shared, functools.partial(_has_section, start, text))
            if found:
                return f"{found[0]}'s {name} section"
    return None


def _has_section(start: re.Pattern[str], text: Callable[[str], str], rel: str) -> bool:
    return bool(start.search(text(rel)))


#: Programs the rule above leaves alone: their configuration there runs nothing or is
#: protected (git's), is the table's (python), or is no configuration of theirs (a
#: ``Dockerfile`` builds in a container; ``docker run`` reads none); and the everyday
#: programs of a hook, which read none from the folder they run in (``jq`` reads ``~/.jq``,
#: ``curl`` ``~/.curlrc``): a file an agent names like theirs (``.jq``) would otherwise
#: make every hook piping through them skip (a guard, unless ``--allow-bash``).
_NO_CONFIG = frozenset(
    {
        "git", "echo", "printf", "true", "false", "test", "cd", "python", "docker", "podman",
        "jq", "yq", "cat", "tee", "head", "tail", "grep", "egrep", "fgrep", "rg", "sed", "awk",
        "gawk", "mawk", "cut", "tr", "sort", "uniq", "wc", "xargs", "basename", "dirname",
        "realpath", "readlink", "date", "sleep", "mkdir", "touch", "rm", "cp", "mv", "ln",
        "ls", "stat", "find", "base64", "sha256sum", "md5sum", "curl", "wget", "logger",
        "notify-send", "osascript", "terminal-notifier", "say", "afplay", "paplay", "tput",
    }
)  # fmt: skip


def _loader_variable(
    tokens: list[str], where: Callable[[str], str | None], places: list[str]
) -> str | None:
    """``"NAME, which names PATH"`` for an assignment (``NAME=value``, before a program or
    an ``env`` argument) of a variable a loader reads whose value names what the workspace
    holds, from it or from a folder of it the command names (``places``: ``cd sub &&
    PYTHONUSERBASE=../.pyuser python3``): the program would load code from there. A mode's
    name (``NODE_ENV=test``: a word without ``/`` of a ``*_ENV`` variable not naming a
    file) names none. A shell's ``-c`` line with an ANSI-C quoted string is split first
    (``bash -c "PYTHONUSERBASE=$'.pyuser' python3"``: review132)."""
    split = (_split(t) if "$'" in t and " " in t else [t] for t in tokens)
    for token in (t for words in split for t in words):
        match = _ASSIGNMENT.match(token)
        if not match or not _LOADER_VARIABLE.search(match[1]):
            continue
        mode = match[1].endswith("_ENV") and match[1] not in _FILE_ENV
        for part in re.split(r"[:\s]+", token[match.end() :]):
            for value in (part, part.split("=", 1)[-1]):  # NODE_OPTIONS=--require=./x.js
                if not value or (mode and "/" not in value):
                    continue
                named = [value if value[0] == "/" else p + value for p in places]
                if any(_loaded(n, where) for n in dict.fromkeys(named)):
                    return f"{match[1]}, which names {value}"
    return None


def loader_variable(name: str) -> bool:
    """Whether a loader or a program reads code or a program to run from where the variable
    ``name`` says (:data:`_LOADER_VARIABLE`; a ``*_ENV`` naming a mode, ``NODE_ENV``, not)."""
    mode = name.endswith("_ENV") and name not in _FILE_ENV
    return not mode and _LOADER_VARIABLE.search(name) is not None


def _loaded(named: str, where: Callable[[str], str | None]) -> bool:
    """Whether ``named`` (a file an option gives a loader) names what the workspace holds,
    as it is or with an ending the loader adds (:data:`_LOADED_ENDINGS`)."""
    return any(where(n) is not None for n in (named, *(named + e for e in _LOADED_ENDINGS)))


#: Variables of the environment a user's hook or server runs with (the user's own shell's)
#: that tell an interpreter or the loader where code comes from: a list of folders, or
#: options naming files (``NODE_OPTIONS=--require ./x.js``, ``RUBYOPT=-Ilib``), or a file a
#: shell reads first (``BASH_ENV``: bash, not interactive, as hooks run; a POSIX shell reads
#: ``ENV`` only when interactive). ``PATH`` is looked up for the programs run instead.
#: Python's ``PYTHONHOME`` (its standard library), the Java launcher's ``JDK_JAVA_OPTIONS``
#: and HotSpot's ``_JAVA_OPTIONS`` (read as ``JAVA_TOOL_OPTIONS`` is:
#: ``-javaagent:lib/agent.jar``) load code too (redteam108).
ENV_LOADERS = (
    "PYTHONPATH", "NODE_PATH", "NODE_OPTIONS", "RUBYLIB", "RUBYOPT", "PERL5LIB", "PERLLIB",
    "PERL5OPT", "CLASSPATH", "JAVA_TOOL_OPTIONS", "LD_PRELOAD", "LD_LIBRARY_PATH",
    "LD_AUDIT", "BASH_ENV", "PYTHONHOME", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
)  # fmt: skip


def environment_code(
    words: list[str],
    environ: Mapping[str, str],
    where: Callable[[str], str | None],
    writable: Callable[[str], bool],
    depth: int = 3,
) -> str | None:
    """``"NAME, which names PATH"`` when a variable of ``environ`` (the environment a
    user's hook or server gets) of :data:`ENV_LOADERS` names what the workspace holds
    (``where``: relative to the workspace, where they run; an empty entry of a list is the
    working folder, as Python and the shells read it), or ``"PATH, which finds PROGRAM at
    FILE"`` when a program the command ``words`` runs is found through ``PATH`` in the
    workspace, a file ``writable`` by an agent; None otherwise."""
    for name in ENV_LOADERS:
        value = environ.get(name)
        if not value:
            continue
        listed = name.endswith(("PATH", "LIB"))
        entries = re.split(r"[:\s]+", value) if listed else _option_words(value)
        for entry in entries:
            if listed and not entry and where(".") is not None:  # ``$PYTHONPATH:/opt/lib``
                return f"{name}, which has an empty entry (the folder it runs in: the workspace)"
            for part in _values([entry]) if entry else ():
                if part and (where(part) is not None if listed else _loaded(part, where)):
                    return f"{name}, which names {part}"
    path = environ.get("PATH")
    if path is None:
        return None
    for program, _ in programs(command_tokens(words), depth):
        rel = _on_path(program, path, where) if program and "/" not in program else None
        if rel is not None and writable(rel):
            return f"PATH, which finds {program} at {rel}"
    return None


#: What node adds to a script or ``-r`` module named without its ending (``node
#: scripts/lint`` runs ``scripts/lint.js``: redteam108).
NODE_ENDINGS = (".js", ".json", ".node")
#: What a loader adds to a file an option names without its ending (``NODE_OPTIONS=
#: --require ./lib/setup`` loads ``lib/setup.js``; ``RUBYOPT=-r./lib/x``: ``lib/x.rb``).
_LOADED_ENDINGS = (*NODE_ENDINGS, ".rb", ".so")


def _option_words(value: str) -> list[str]:
    """The words of an options variable's ``value`` and, of each, the file its option names
    after a ``:`` (the JVM's ``-javaagent:lib/agent.jar=opts``, ``-agentpath:``,
    ``-Xbootclasspath/a:``), without the agent's options."""
    words = value.split()
    return [*words, *(w.split(":", 1)[1].split("=", 1)[0] for w in words if ":" in w)]


#: Of :data:`ENV_LOADERS`, those naming the code they load itself (not a project's folders
#: of modules, as ``PYTHONPATH`` does): Python's standard library (``PYTHONHOME``), the
#: libraries every program's loader reads first (``LD_LIBRARY_PATH``) and the files the
#: options' preloads name. Each lying in a workspace is protected from agents
#: (:func:`~coordinator.tools.home_files.home_files_inside`): coord's own process, and
#: the user's next ``java``, ``node`` or ``python``, would run what an agent wrote there.
#: ``LD_LIBRARY_PATH``'s folders are most often a project's build output (``build/lib``),
#: which agents build: of them only coord's own libraries are (:func:`own_libraries`).
_LIST_LOADERS = frozenset({"PYTHONHOME", "LD_PRELOAD", "LD_AUDIT"})
#: A shared library's file name, and the name it is found by (``libz.so.1`` of
#: ``libz.so.1.2.13``).
_LIBRARY = re.compile(r"lib[^/]*?\.so(?:\.\d+)?")
#: The options whose value is a file the program loads (``--require=x`` too), with what
#: the loader adds to a name without its ending; the JVM's ``-javaagent:FILE=opts``,
#: ``-agentpath:FILE``, ``-Xbootclasspath/a:LIST`` and ``@argfile``, Ruby's ``-rFILE``.
_FILE_OPTIONS = dict.fromkeys(
    ("-r", "--require", "--import", "--loader", "--experimental-loader"), NODE_ENDINGS
)
_JVM_FILES = re.compile(r"-(?:javaagent|agentpath):([^=]+)|-Xbootclasspath/[ap]:(.+)|@(.+)")


def loaded_files(name: str, value: str) -> list[str]:
    """What the value ``value`` of the loader variable ``name`` (:data:`ENV_LOADERS`) names
    of the code its loader runs, as written: ``PYTHONHOME``'s and the dynamic loader's
    folders and files; a Java option's agent, boot class path and argument file; Node's
    preloads (with each ending it adds); Ruby's ``-r``; ``BASH_ENV``'s file; in each of
    ``LD_LIBRARY_PATH``'s folders, coord's own libraries (:func:`own_libraries`). None for
    a list of a project's folders (``PYTHONPATH``, ``NODE_PATH``, ``CLASSPATH``...)."""
    if name in _LIST_LOADERS:
        return [e for e in re.split(r"[:\s]+", value) if e]
    if name == "LD_LIBRARY_PATH":  # (an empty entry: the working folder)
        folders = re.split(r"[:;]", value) if value else []
        return [os.path.join(f or ".", lib) for f in folders for lib in own_libraries()]
    if name == "BASH_ENV":
        return [value] if value else []
    words = value.split()
    found: list[str] = []
    for i, word in enumerate(words):
        option, _, given = word.partition("=")
        if option in _FILE_OPTIONS:
            file = given or (words[i + 1] if i + 1 < len(words) else "")
            found += [file, *(file + e for e in _FILE_OPTIONS[option])] if file else []
        jvm = _JVM_FILES.match(word) if "JAVA" in name else None
        if jvm:
            found += [f for f in (jvm[2] or jvm[1] or jvm[3]).split(":") if f]
        if name == "RUBYOPT" and word.startswith("-r") and len(word) > 2:
            found += [word[2:], f"{word[2:]}.rb"]
    return found


def own_libraries() -> list[str]:
    """The names the dynamic loader finds the shared libraries of coord's own process by
    (those it maps: ``libc.so.6``, ``libz.so.1.2.13`` and ``libz.so.1``): one of them in a
    folder of ``LD_LIBRARY_PATH`` would be loaded at coord's next start, before its
    interpreter runs a line (and by nearly every program the user runs: ``libc.so.6``).
    None where the process's mappings cannot be read."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            files = {line.split(maxsplit=5)[-1].strip() for line in maps if "/lib" in line}
    except OSError:
        return []
    named = [(os.path.basename(f), _LIBRARY.match(os.path.basename(f))) for f in files]
    return sorted({n for name, found in named if found for n in (name, found[0])})


def _on_path(program: str, path: str, where: Callable[[str], str | None]) -> str | None:
    """What the workspace file ``program`` found through ``path`` is (relative to the
    workspace, where a relative or empty entry leads); None when the first found is
    outside it, or none is."""
    for folder in path.split(os.pathsep):
        candidate = os.path.join(folder or ".", program)
        rel = where(candidate)
        if rel is not None and not rel.endswith("/"):
            return rel
        found = os.path.isabs(candidate) and os.path.isfile(candidate)
        if found and os.access(candidate, os.X_OK):
            return None  # found outside the workspace first
    return None


#: Set in the environment of a user's hook or server run as the user: a Python's working
#: folder (the workspace) is not put first on its path (Python 3.11's ``-P``).
SAFE_PATH = "PYTHONSAFEPATH"


def safe_path(words: list[str], environ: Mapping[str, str], cwd: str) -> dict[str, str]:
    """What the environment ``environ`` of a user's hook or server that runs the command
    ``words`` as the user, in the folder ``cwd`` (the workspace), gets so no Python it
    starts imports from there: ``PYTHONSAFEPATH=1`` (``python -m``, ``-c``, a program on
    stdin, a ``-c`` child of :mod:`multiprocessing`: the working folder is first on their
    path, and a module found nowhere else, an optional ``try: import uvloop``, was the
    agent's file of that name), and the folder of each Python script the command runs
    first on ``PYTHONPATH`` (``-P`` drops a script's own folder too, and its siblings are
    its modules). None of it when ``environ`` sets ``PYTHONSAFEPATH`` (the user's choice:
    an empty value keeps the working folder first), nor when a script is not where a
    shell run from ``cwd`` finds it (``uv run --directory /srv app.py``, a ``tool.py`` on
    PATH), or lies in ``cwd`` itself: its folder is not known, and the workspace must not
    go on its path (such a Python has its script's folder first, not its working one)."""
    if SAFE_PATH in environ:
        return {}
    folders: list[str] = []
    top = os.path.realpath(cwd)
    for script in _python_scripts(command_tokens(words)):
        real = _script_path(script, environ, cwd)
        if not os.path.isfile(real) or os.path.dirname(real) == top:
            return {}
        folders.append(os.path.dirname(real))
    extra = {SAFE_PATH: "1"}
    if folders:
        kept = [environ["PYTHONPATH"]] if environ.get("PYTHONPATH") else []
        extra["PYTHONPATH"] = os.pathsep.join([*dict.fromkeys(folders), *kept])
    return extra


#: What a Python says when an import failed (a hook's output is kept on one line), with
#: the module's or the name's words when it gives them.
_IMPORT_FAILED = re.compile(
    r"\b(?:ModuleNotFoundError|ImportError): (?:(?:No module named|cannot import name) '[^']*')?"
)


def safe_path_note(output: str, who: str, opt_out: str) -> str:
    """The note for what a user's ``who`` (``hook``, ``server``), run as the user with
    :data:`SAFE_PATH` set by coord (:func:`safe_path`), wrote as it failed: when a Python
    it started could not import a module, a script its script runs (``run.sh`` running
    ``python3 check.py``) lacks its own folder on its path, so its siblings are not found;
    what to do about it (``opt_out``: how to opt out). Empty when no import failed."""
    failed = _IMPORT_FAILED.findall(output)
    if not failed:
        return ""
    return (
        f"[{failed[-1].strip().rstrip(':')}: coord sets {SAFE_PATH}=1 for {who}s (no "
        f"workspace module is imported), so a script your {who}'s script runs lacks its "
        f"folder on its path: add it to PYTHONPATH, or {opt_out} to opt out]"
    )


def _python_scripts(tokens: list[str]) -> Iterator[str]:
    """The Python scripts the command ``tokens`` runs: a Python's script argument, and a
    program named ``*.py`` (an executable script, ``uv run x.py``)."""
    for program, args in programs(tokens):
        if program.endswith(".py"):
            yield program
        elif _key(program) == "python":
            kind, script = _python_run(args)
            if kind == "script":
                yield script


def _script_path(script: str, environ: Mapping[str, str], cwd: str) -> str:
    """Where ``script`` is (as a shell finds it from ``cwd``: ``~`` and ``$VAR`` of
    ``environ`` expanded; links resolved, as Python does for its folder)."""
    expanded = os.path.expanduser(_VARIABLE.sub(lambda m: environ.get(m[1] or m[2], ""), script))
    return os.path.realpath(os.path.join(cwd, expanded))


#: ``$NAME`` or ``${NAME}`` in a word.
_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _shadows_in(
    place: str, program: str, environ: Mapping[str, str], where: Callable[[str], str | None]
) -> Callable[[str], bool]:
    """:func:`_shadows` for a name relative to the workspace, ``place`` its folder, and the
    Python ``program`` run with ``environ`` (:func:`_import_path`)."""
    path = functools.partial(_import_path, program, environ, where)
    return lambda rel: _shadows(rel[len(place) :], path)


def _values(words: list[str]) -> Iterator[str]:
    """Each word, and what an option or assignment gives a value (``--prefix=sub``,
    ``-Csub``, ``PYTHONPATH=src:lib``)."""
    for word in words:
        yield word
        if "=" in word:
            yield from word.split("=", 1)[1].split(":")
        elif len(word) > 2 and word[0] == "-" and word[1] != "-":
            yield word[2:]


def _any(rel: str) -> bool:
    return True


def _shadows(rel: str, path: Callable[[], tuple[str, ...]] = tuple) -> bool:
    """Whether the workspace file ``rel`` (``name.py``, ``name/__init__.py``) is a module a
    Python run there imports instead of its own: one of the standard library's, one
    installed beside coord, or one on the program's own ``path`` (its ``PYTHONPATH``,
    another interpreter's packages: a user's server's helper module, which an agent's file
    of that name shadowed) (the folder comes first on ``sys.path``)."""
    import sys

    name = rel.split("/")[0].split(".")[0]
    return name in sys.stdlib_module_names or _installed(name) or _found(name, path())


def _found(name: str, path: tuple[str, ...]) -> bool:
    """Whether ``name`` is a top-level module in one of the folders ``path``."""
    from importlib.machinery import PathFinder

    try:
        return bool(path) and PathFinder.find_spec(name, list(path)) is not None
    except (ImportError, ValueError):
        return False


def _import_path(
    program: str, environ: Mapping[str, str], where: Callable[[str], str | None]
) -> tuple[str, ...]:
    """Where the Python ``program`` run with ``environ`` imports from besides coord's own
    path: its ``PYTHONPATH``'s absolute folders, and, for an interpreter other than coord's
    (absolute, or found through ``PATH``'s absolute folders) in a folder outside the
    workspace (``where``: None; one in it may be an agent's program), its own
    (:func:`_interpreter_path`)."""
    import shutil
    import sys

    entries = [e for e in environ.get("PYTHONPATH", "").split(os.pathsep) if os.path.isabs(e)]
    path = ":".join(e for e in environ.get("PATH", "").split(os.pathsep) if os.path.isabs(e))
    found = program if os.path.isabs(program) else None
    if "/" not in program:
        found = shutil.which(program, path=path)
    found = os.path.abspath(found) if found is not None else None
    if found is not None and found != sys.executable and where(os.path.dirname(found)) is None:
        entries += _interpreter_path(found)
    return tuple(entries)


@functools.lru_cache(maxsize=32)
def _interpreter_path(interpreter: str) -> tuple[str, ...]:
    """The folders the Python ``interpreter`` imports from (``sys.path``), asked once a
    process, isolated (``-I``: no working folder, no ``PYTHON*`` variable, no user site);
    none when it cannot say in
    10 s."""
    import subprocess

    code = "import sys; print('\\n'.join(sys.path))"
    env = {"HOME": os.environ.get("HOME", "/"), "PATH": "/usr/bin:/bin"}
    try:
        done = subprocess.run(
            [interpreter, "-I", "-c", code], cwd="/", env=env, capture_output=True,
            encoding="utf-8", errors="surrogateescape", timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ()
    if done.returncode != 0:
        return ()
    return tuple(line for line in done.stdout.splitlines() if os.path.isabs(line))


def _virtual_env(
    program: str, environ: Mapping[str, str], where: Callable[[str], str | None]
) -> str | None:
    """The ``pyvenv.cfg`` (``.venv/pyvenv.cfg``, relative to the workspace) of the virtual
    environment in the workspace whose interpreter the Python ``program`` is (spelled with
    its folder, or found through ``PATH``'s absolute folders): it and its
    ``site-packages`` (a ``.pth`` file there runs as it starts) are an agent's to write,
    though its ``bin/python`` leads out of the workspace. None when it is none. (The
    user's own ``site-packages`` lies in a workspace holding the home folder, where it is
    protected: :data:`~coordinator.tools.home_files.HOME_FILES`.)"""
    folders = [os.path.dirname(program)] if "/" in program else []
    for entry in environ.get("PATH", "").split(os.pathsep) if not folders else ():
        if os.path.isabs(entry) and os.path.lexists(os.path.join(entry, program)):
            folders = [entry]
            break
    for folder in folders:
        found = where(os.path.join(folder or ".", os.pardir, "pyvenv.cfg"))
        if found is not None and not found.endswith("/"):
            return found
    return None


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


def _reader(program: str, args: list[str]) -> str | None:
    """The :data:`READS` key of what reads the working folder when ``program`` runs with
    ``args``: the program's, or, for a Python, the module it runs (:func:`_python_key`)."""
    key = _key(program)
    return _python_key(args) if key == "python" else key


def _patterns(key: str, args: list[str]) -> tuple[str, ...]:
    """What the program ``key`` run with ``args`` reads of its working folder."""
    if key == "node":
        return READS[key] if _node_reads(args) else ()
    if key != "python":
        return READS.get(key, ())
    module = _python_key(args)  # a module that reads the folder too (pytest), or "python"
    if module is None:
        return ()
    return _PYTHON_PATH if module == "python" else (*READS[module], *_PYTHON_PATH)


def programs(
    words: list[str], depth: int = 3, wrapped: bool = False
) -> Iterator[tuple[str, list[str]]]:
    """Each program a command line runs, with the words after it (its arguments): the
    first word of each simple command, and after a wrapper (``nice -n 5``, ``timeout 60``,
    ``xargs -n1``, a shell, ``eval``) each word that follows it, options' values too (one
    that names no program reads nothing); a word holding a command line (``sh -c '...'``,
    ``eval '...'``) is read as one, ``depth`` deep; ``wrapped``: ``words`` follow a
    wrapper (``uv run --with x pytest``)."""
    start = not wrapped
    for i, word in enumerate(words):
        if word in _SEPARATORS:
            start, wrapped = True, False
            continue
        if depth and wrapped and any(c.isspace() for c in word):
            yield from programs(command_tokens(_split(word)), depth - 1)
            continue
        if not (start or wrapped):
            continue
        if "=" in word.split("/")[0] and not word.startswith("-"):
            continue  # NAME=value before the program
        if word.startswith("-"):
            continue  # a wrapper's option
        rest = _until_separator(words[i + 1 :])
        yield word, rest
        name = _key(word)
        module = _python_module(rest) if name == "python" else None
        if module is not None:  # python -m poetry run pytest: poetry, then pytest
            yield from programs(module, depth, wrapped=True)
        if name in _WRAPPERS or name in SHELLS or name in _RUNS_NEXT:
            start, wrapped = False, True
        elif not wrapped:
            start = False
        if (name in READS or name in _RUNS_NEXT) and rest and rest[0] in _RUN_WORDS:
            yield from programs(rest[1:], depth, wrapped=True)


def command_tokens(words: list[str]) -> list[str]:
    """``words`` with the shell's operators written inside a word split off (``true;make``,
    ``$(make)``, a backquoted command, ``(cd sub; make)``, ``sh -c 'cd sub && make'``):
    each a separator, the words between them split as a shell would."""
    tokens: list[str] = []
    for word in words:
        if not _OPERATOR.search(word):
            tokens.append(word)
            continue
        for part in _OPERATOR.split(word):
            if _OPERATOR.fullmatch(part):
                tokens.append(part if part in _SEPARATORS else ";")
            else:  # a command line's words (sh -c 'cd sub && make')
                tokens.extend(_split(part))
    return tokens


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
    kind, value = _python_run(args)
    if kind in ("isolated", "script"):
        return None
    return _module_key(value) if kind == "m" else "python"


def _python_run(args: list[str]) -> tuple[str, str]:
    """How a Python run with ``args`` gets its program: ``("m", module)``, ``("c", "")``,
    ``("-", "")`` (stdin, or none given), ``("script", path)``; ``("isolated", "")`` when
    ``-I`` or ``-P`` comes first."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--module":
            return "m", args[i + 1] if i + 1 < len(args) else ""
        if not arg.startswith("-") or arg.startswith("--") or arg == "-":
            if arg.startswith("--"):
                i += 1
                continue
            return ("-", "") if arg == "-" else ("script", arg)
        letters = arg[1:]
        for k, letter in enumerate(letters):
            if letter in "IP":
                return "isolated", ""
            if letter in "mc":
                value = letters[k + 1 :] or (args[i + 1] if i + 1 < len(args) else "")
                return letter, value if letter == "m" else ""
            if letter in "WXQ":  # an option with a value: the rest, or the next word
                i += 0 if letters[k + 1 :] else 1
                break
        i += 1
    return "-", ""


def _node_reads(args: list[str]) -> bool:
    """Whether a Node run with ``args`` loads modules from its working folder's
    ``node_modules``: code given with ``-e``/``-p`` or on stdin, ``-r``/``--import``
    preloads; not a script (its modules come from its own folder)."""
    for arg in args:
        if arg.split("=", 1)[0] in _NODE_CODE:
            return True
        if not arg.startswith("-"):
            return False
    return True


def _python_module(args: list[str]) -> list[str] | None:
    """The words from the module on of a Python run with ``args`` that runs a module
    (``-m mypy .``, ``-Im poetry run x``: ``["poetry", "run", "x"]``); None otherwise."""
    for i, arg in enumerate(args):
        if arg in ("-m", "--module"):
            return args[i + 1 :] or None
        if not arg.startswith("-") or arg.startswith("--"):
            return None
        if "m" in arg[1:] and not set(arg[1 : arg.index("m", 1)]) - set("bBdEhiIOPqsSuvx"):
            module = arg[arg.index("m", 1) + 1 :]
            return [module, *args[i + 1 :]] if module else args[i + 1 :] or None
    return None


def _module_key(module: str) -> str:
    """The :data:`READS` key of ``python -m module``."""
    return _MODULES.get(module.split(".")[0], "python")


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(ansi_c_decoded(line))
    except ValueError:
        return line.split()


#: A piece of a line: a single- or double-quoted string or an escaped character (kept),
#: or an ANSI-C quoted string (``$'...'``: group 1); and each of the latter's backslash
#: escapes, with what a letter stands for (``\xHH``, ``\uHHHH``, ``\NNN``, ``\cX``).
_ANSI_C = re.compile(r"""'[^']*'|"(?:[^"\\]|\\.)*"|\\.|\$'((?:[^'\\]|\\.)*)'""", re.S)
_ESCAPE = re.compile(
    r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)", re.S
)
_ESCAPES = dict(zip("abeEfnrtv", "\a\b\x1b\x1b\f\n\r\t\v", strict=True))


def ansi_c_decoded(line: str) -> str:
    """``line`` with each ANSI-C quoted string (``$'\\x2epyuser'``) written as the single-
    quoted one bash reads it as (``'.pyuser'``), for :func:`shlex.split`, which read it as
    a ``$`` and the escapes left as written."""
    if "$'" not in line:
        return line
    return _ANSI_C.sub(
        lambda m: m[0] if m[1] is None else _single_quoted(_ESCAPE.sub(_escaped, m[1])), line
    )


def _escaped(match: re.Match[str]) -> str:
    """The character a backslash escape of an ANSI-C quoted string stands for."""
    escape = match[1]
    if escape[0] in "xuU" and len(escape) > 1:
        return chr(min(int(escape[1:], 16), 0x10FFFF))
    if escape[0] in "01234567":
        return chr(int(escape, 8) & 0xFF)
    if escape[0] == "c" and len(escape) > 1:
        return chr(ord(escape[1]) & 0x1F)
    return _ESCAPES.get(escape, escape)


def _single_quoted(text: str) -> str:
    """``text`` single-quoted for a shell (a quote in it closed, escaped and opened)."""
    return "'" + text.replace("'", "'\\''") + "'"
