"""The files a command line writes by name, and those a program on it then runs as
commands: git's hooks and settings (anything under a ``.git`` folder, a ``gitconfig``,
``$XDG_CONFIG_HOME``'s ``git/config``, a folder the line names as a git directory or
template: ``GIT_DIR=g``, ``--git-dir``, ``git init --bare g``, ``--template=DIR``),
make's makefiles (``Makefile``, ``-f F``, ``-sfF``, ``--fil=F``, ``MAKEFILES=F``, an
included ``*.mk``), the package managers' ``package.json`` (its scripts, lifecycle ones
too: ``pretest``) and ``.npmrc``.

A Bash deny rule reads the command line; these files it does not read, so a line that
writes one and runs its program (``printf … > .git/hooks/pre-commit; git commit``,
``cat > Makefile <<'EOF' … make``, ``npm pkg set scripts.x='rm y' && npm run x``) runs
commands no rule read: :func:`program_file_written` says so, and the rule refuses it.
What the line writes counts by name: redirections' targets, ``tee``/``touch``/``mkdir``'s
operands, a copy's or link's (``cp``, ``mv``, ``install``, ``ln``, ``rsync``, ``dd of=``)
and ``npm pkg set``'s ``package.json``, each from the folders the line moves to (``cd
.git && … > hooks/x``; a folder it does not name: refused); and a file name among the
words of a program that may write any file (``sed -i … package.json``, ``node -e
'…writeFileSync("package.json"…'``). A program writing a file the line does not name
(``python3 gen.py``) is its own business, as ``python3 x.py``'s commands are. make
reading its makefile from its input (``make -f -``, ``-f <(…)``) or ``--eval`` text
reads commands no rule reads either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from coordinator.runtime.shell_words import INTERPRETERS, SimpleCommand, name_at, plain_word

#: A redirection's operator before its target, as :class:`SimpleCommand` keeps it (``2>>f``).
OPERATOR = re.compile(r"^\d*[<>&|]+")
#: The programs that write the files their operands name.
NAMED_WRITES = frozenset({"tee", "touch", "mkdir"})
#: The programs that copy or link a file to a name among their operands.
_COPIES = frozenset({"cp", "mv", "install", "ln", "rsync", "dd"})
#: A path in a git folder or a git settings file (``.git/hooks/x``, ``s/.git/config``,
#: ``~/.gitconfig``, ``$XDG_CONFIG_HOME/git/config``).
_GIT_FILE = re.compile(r"(?:^|/)\.git(?:/|$)|gitconfig$|(?:^|/)git/config$")
#: make's makefiles by name (``Makefile``, ``GNUmakefile``, an included ``rules.mk``).
_MAKEFILE = re.compile(r"(?:^|/)(?:GNUmakefile|[Mm]akefile|[^/]*\.(?:mk|make))$")
#: The package managers' files whose scripts or settings they run.
_PACKAGE_FILE = re.compile(r"(?:^|/)(?:package\.json|\.npmrc|\.yarnrc(?:\.yml)?|bunfig\.toml)$")
_PACKAGERS = frozenset({"npm", "npx", "pnpm", "pnpx", "yarn", "bun", "bunx"})
_MAKES = frozenset({"make", "gmake"})
_READERS = _PACKAGERS | _MAKES | {"git"}
#: make's long options naming a makefile or running text, by their short letter; getopt
#: takes any abbreviation (``--fil F``, ``--ev=T``).
_MAKE_LONG = {"--file": "f", "--makefile": "f", "--eval": "E"}
#: make's short options taking a value, which ends a cluster (``-sf F``, ``-kfF``): ``-C``,
#: ``-f``, ``-I``, ``-o``, ``-W``, ``-E``; ``-j``, ``-l``, ``-O`` take an optional one glued.
_MAKE_VALUED = frozenset("CfIoWE")
_MAKE_OPTIONAL = frozenset("jlO")


def named_writes(part: SimpleCommand) -> list[str]:
    """The files ``part`` writes by name, as written: its redirections' targets, and
    ``tee``/``touch``/``mkdir``'s operands."""
    at = name_at(part.words)
    named = [OPERATOR.sub("", w, count=1) for w in part.writes]
    if at < len(part.words) and plain_word(part.words[at]) in NAMED_WRITES:
        named += [w for w in part.words[at + 1 :] if not plain_word(w).startswith("-")]
    return named


def program_file_written(
    parts: Iterable[SimpleCommand],
    folders: list[str] | None,
    writes_any: Callable[[list[str]], bool],
    starts: str | None = None,
) -> str | None:
    """Why a program among ``parts`` (a line's simple commands, run from one of
    ``folders`` of the workspace: None when the line moves to one it does not name) runs
    commands from a file the line writes (git's hooks and settings, a makefile,
    ``package.json``), or from text no rule reads (``make -f -``, ``make --eval``); None
    otherwise. What a line writes: by name (:func:`_written`), and each file name in the
    words of a program that may write any file (``writes_any``: ``sed -i``, ``python3
    -c 'open("package.json", "w")…'``). ``starts``: what in the line's text starts
    programs in an interpreter's language (``subprocess``), if anything: then an
    interpreter's program the line writes (``cat > t.py <<'EOF' … python3 t.py``) or
    gives on its input (``python3 <<'EOF'``) is one too."""
    parts = list(parts)
    readers = [(p, _program(p)) for p in parts]
    written = [w for p, name in readers for w in _written(p, name, writes_any)]
    git_dirs = _git_dirs(parts)
    makefiles = [f for v in _assigned(parts, "MAKEFILES") for f in v.split()]
    for part, name in readers:
        words = [plain_word(w) for w in part.words[name_at(part.words) :]]
        reads = _reads(name, words, git_dirs, makefiles) or _interpreted(name, words, starts)
        if isinstance(reads, str):
            return reads
        if reads is not None and written and folders is None:
            return (
                f"the command line moves to a folder it does not name and writes "
                f"{written[0]}, then runs {name}, which runs commands from files there"
            )
        places = [f"{f}{w}" for f in folders or [] for w in written if not w.startswith("/")]
        found = next((w for w in [*written, *places] if reads is not None and reads(w)), None)
        if found is not None:
            return (
                f"the command line writes {found}, which {name} then runs commands "
                "from, unread: write it in a call of its own first"
            )
    return None


def _program(part: SimpleCommand) -> str:
    """The file name of the program ``part`` runs ("" for none)."""
    at = name_at(part.words)
    return plain_word(part.words[at]).rsplit("/", 1)[-1] if at < len(part.words) else ""


#: What splits a word into the file names it may hold (``open("package.json","w")``).
_NOT_NAME = re.compile(r"[^\w./@+-]+")


def _written(part: SimpleCommand, name: str, writes_any: Callable[[list[str]], bool]) -> list[str]:
    """:func:`named_writes` of ``part`` (plain), with a copy's or link's operands (``dd``'s
    ``of=``), ``npm pkg set``'s ``package.json``, and when it runs a program that may
    write any file other than git, make or a package manager, each name in its words."""
    found = [plain_word(w) for w in named_writes(part)]
    words = [plain_word(w) for w in part.words[name_at(part.words) :]]
    if name in _COPIES:
        found += _copied_to(name, words[1:])
    elif name in _PACKAGERS and words[1:3] == ["pkg", "set"]:
        found.append("package.json")
    elif name not in _READERS and writes_any(part.words):
        found += [n for w in words[1:] for n in _NOT_NAME.split(w) if n]
    return found


def _copied_to(name: str, words: list[str]) -> list[str]:
    """The names a copy or link (``name``, its operands ``words``) writes: its last
    operand (``cp a b``: b; not its sources, read), each source in ``-t DIR``/
    ``--target-directory=DIR``, or ``dd``'s ``of=``."""
    if name == "dd":
        return [w.removeprefix("of=") for w in words if w.startswith("of=")]
    operands = [w for w in words if not w.startswith("-")]
    targets = _option_values(words, _TARGETS)
    if targets:
        target = targets[0]
        sources = [w for w in operands if w != target]
        return [target, *(f"{target.rstrip('/')}/{s.rsplit('/', 1)[-1]}" for s in sources)]
    return operands[-1:]


#: The options naming a copy's target folder (``cp -t DIR a b``).
_TARGETS = frozenset({"-t", "--target-directory"})
#: Where a line names a git directory: ``GIT_DIR=g``, ``--git-dir``, ``git init --bare g``.
_GIT_DIR_OPTIONS = frozenset({"--git-dir", "--separate-git-dir", "--template"})


def _git_dirs(parts: list[SimpleCommand]) -> list[str]:
    """The folders ``parts`` name as git directories or templates: ``GIT_DIR=g`` (also
    exported), ``--git-dir``/``--separate-git-dir``/``--template``'s values and ``git
    init``'s folder (a bare repository's hooks are ``g/hooks``)."""
    found = _assigned(parts, "GIT_DIR")
    for part in parts:
        words = [plain_word(w) for w in part.words]
        found += _option_values(words, _GIT_DIR_OPTIONS)
        at = name_at(part.words)
        if _program(part) == "git" and words[at + 1 : at + 2] == ["init"]:
            found += [w for w in words[at + 2 :] if not w.startswith("-")][-1:]
    return [f for f in found if f]


def _assigned(parts: list[SimpleCommand], variable: str) -> list[str]:
    """The values ``parts`` assign ``variable`` (``GIT_DIR=g``, also exported)."""
    words = (plain_word(w) for part in parts for w in part.words)
    return [w.partition("=")[2] for w in words if w.startswith(f"{variable}=")]


def _reads(
    name: str, words: list[str], git_dirs: list[str], makefiles: list[str]
) -> Callable[[str], bool] | str | None:
    """Which written names the program ``name`` (its words ``words``) runs commands from
    (git's: also in ``git_dirs``; make's: also ``makefiles``, those the line names in
    ``MAKEFILES``), or why it runs text no rule reads; None for a program of none of
    these."""
    if name == "git":
        return lambda w: bool(_GIT_FILE.search(w)) or any(_under(w, d) for d in git_dirs)
    if name in _MAKES:
        values = _make_values(words)
        if values["E"]:
            return f"{name} --eval runs make text as a recipe, which a rule does not read"
        files = [*values["f"], *makefiles]
        if any(f in ("-", "/dev/stdin") or f.startswith(("/dev/fd/", "<(")) for f in files):
            return f"{name} reads its makefile from its input, which a rule does not read"
        return lambda w: bool(_MAKEFILE.search(w)) or any(_under(w, f) for f in files)
    if name in _PACKAGERS:
        return lambda w: bool(_PACKAGE_FILE.search(w))
    return None


#: The interpreters' options (:data:`~coordinator.runtime.shell_words.INTERPRETERS`) that
#: give the program otherwise than as a file (``-c``, ``-e``: read apart) or run a module
#: (``-m``).
_NOT_A_FILE = re.compile(r"-[A-Za-z]*[cemEpr].*|--eval.*|--print.*")


def _interpreted(
    name: str, words: list[str], starts: str | None
) -> Callable[[str], bool] | str | None:
    """When the line starts programs in an interpreter's language (``starts``): the
    script file the interpreter ``name`` runs (its first operand), whose writing on the
    line counts, or why its program from its input does; None otherwise."""
    if starts is None or name.rstrip("0123456789.") not in INTERPRETERS:
        return None
    if any(_NOT_A_FILE.fullmatch(w) for w in words[1:]):
        return None  # (``-c``/``-e``: read as the line's own program; ``-m``: a module)
    script = next((w for w in words[1:] if not w.startswith("-")), None)
    if script is None or script == "-":
        return (
            f"{name} reads its program from its input, and it starts other programs "
            f"({starts}), whose commands a rule cannot read"
        )
    return lambda w: _under(w, script)


def _make_values(words: list[str]) -> dict[str, list[str]]:
    """make's makefiles (``"f"``: ``-f F``, ``-sfF``, ``--fil=F``) and ``--eval`` texts
    (``"E"``) among its words ``words``."""
    found: dict[str, list[str]] = {"f": [], "E": []}
    for at, word in enumerate(words[1:], 1):
        following = words[at + 1] if at + 1 < len(words) else ""
        option, equals, value = word.partition("=")
        if word.startswith("--") and len(option) > 3:
            letter = next((c for o, c in _MAKE_LONG.items() if o.startswith(option)), None)
            if letter is not None:
                found[letter].append(value if equals else following)
            continue
        for place, letter in enumerate(word[1:] if word.startswith("-") else "", 2):
            if letter in _MAKE_VALUED:
                if letter in found:
                    found[letter].append(word[place:] or following)
                break
            if letter in _MAKE_OPTIONAL:
                break
    return found


def _under(written: str, named: str) -> bool:
    """Whether the written path ``written`` is ``named`` or a path in the folder ``named``
    (both as written, ``./`` aside)."""
    written, named = written.removeprefix("./").rstrip("/"), named.removeprefix("./").rstrip("/")
    return written == named or written.startswith(f"{named}/") or named.startswith(f"{written}/")


def _option_values(words: list[str], options: frozenset[str]) -> list[str]:
    """The values of ``options`` in ``words``: ``-f F``, ``-fF``, ``--file=F``, ``--file F``."""
    found = []
    for at, word in enumerate(words):
        option, equals, value = word.partition("=")
        if option in options and option.startswith("--") and equals:
            found.append(value)
        elif word in options and at + 1 < len(words):
            found.append(words[at + 1])
        elif word[:2] in options and not word.startswith("--") and len(word) > 2:
            found.append(word[2:])
    return found
