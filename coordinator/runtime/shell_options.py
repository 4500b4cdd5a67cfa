"""What a command writes or runs through its own options: ``git diff --output=src/app.py``,
``sed -n -i …``, ``sort -o F``, ``find . -fprint F``/``-delete``, ``git diff --ext-diff``,
``awk '{print > "f"}'``, ``rg --pre prog``, ``npx prettier --write``.

An allow rule (a ``dontAsk`` agent's ``Bash(git diff:*)``, an agent file's ``tools:
Bash(sort:*)`` limit) approves a command by its first words; the rest may still overwrite
the workspace or run a program no rule named. :data:`OPTIONS` is one table of the
read-like commands users write prefix rules for and which of their options do either; it
reads the words :func:`coordinator.runtime.shell_words.read_command` split, in the forms
``--output=F``, ``--output F``, a long option's unique beginning (``--out=F``, as
getopt takes it), ``-oF``, ``-o F``, combined short flags (``-ni``: ``i`` is sed's
in-place) and tar's first word without a dash (``tar xf a.tar``). A short option that
takes a value ends its cluster (``sort -t,`` is a separator, ``grep -o`` is no output:
grep writes nothing). sed's and awk's own programs
are read too: sed's ``w``/``W``/``e`` commands and ``s///w``/``e`` flags, awk's
``print > "file"``, ``| "cmd"``, ``system(…)`` and ``getline`` from a command; a program
read from a file (``-f``) cannot be read, so it counts as one that may write. A value that
looks like an option is read as one too (``git log -n --output=F``), and in a command of
the table a word the shell expands (``--ext-diff$X``, ``$_``, ``$'--output=F'``) counts as
one that may write: it is known only when the command runs. So does an unquoted glob or
brace list that could expand to a name beginning with a dash before ``--`` (``sort *``
in a folder holding ``-osrc.py`` is ``sort -osrc.py …``; ``./*``, ``src/*`` and ``sort --
*`` are safe), a built word as an option's value (``sort -t $_``: it splits), as sed's
or awk's program or before uniq's output operand. A launcher's own options are read
with their values (``pnpm -C web eslint``, ``uv run --directory api ruff``, ``npx -p
pkg``: :data:`_LAUNCHER_VALUES`) to the program it runs; ``npx -c`` runs a command line.

Only an allow rule's approval reads this (:func:`coordinator.runtime.permission_allow.
bash_unapproved`); a deny rule is never loosened by it, and an option the rule itself
names (``Bash(sort -o:*)``, ``Bash(npx prettier --write:*)``) is the user's approval.
A deny rule reads :func:`inner_commands`: the command lines a program runs that its
program or settings name (sed's ``e``, awk's ``system("…")`` and a variable set only from
strings, ``-v`` or an operand, its escapes read as awk reads them, ``git -c alias.x='!…'``,
``git config alias.x '!…'``, ``GIT_EXTERNAL_DIFF=…``), checked as commands, and why one
cannot be read (``s///e``, ``system($0)``, ``"echo " $1``, ``-f prog``, ``git -c
include.path=…``, ``GIT_CONFIG_GLOBAL=…``), refused; and the command lines programs'
options give (:data:`_RUNNERS`: ``gdb -ex 'shell …'``, ``vim -c '!…'``, ``ssh -o
ProxyCommand=…``, ``zip -TT``, ``rsync -e``, ``man -P``, ``less +!``, ``git difftool
-x``, ``git rebase -x``, ``git submodule foreach``, ``hyperfine``'s operands, ``screen
-dm CMD``, ``nix-shell --run``, ``tmux new CMD``), those they cannot read (``vim -c
'call system(…)'``, gdb's ``python``, ``expect -c 'spawn …'``, ``hyperfine -L``, ``tmux
send-keys``) refused.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import NamedTuple

from coordinator.runtime.shell_words import (
    built,
    expanded_text,
    input_unread,
    name_at,
    option_glob,
    plain_word,
    read_command,
)


class Effect(StrEnum):
    """What an option does that a rule approving the command does not approve."""

    WRITES = "writes the file it names"
    RUNS = "runs a program"
    SETTING = "sets a git setting, which can name a program to run (diff.external, core.pager)"
    PROGRAM_FILE = "reads its program from a file, which may write files or run programs"
    PROGRAM = "its program writes a file or runs a command"
    EXPANDED = "a word the shell builds when it runs, which could be an option that writes"
    DELETES = "deletes the files it finds"
    REBUILT = (
        "a word the rule names, which the shell builds when it runs (a glob, a brace list "
        "or an expansion glued on: git diff* could run git difftool): write it plain"
    )
    GLOB = (
        "a glob or brace list the shell expands when it runs, to names an agent could have "
        "made: a file named like an option (-o..., --output=...) or several names would "
        "change what the command does; quote it, write ./* or put it after --"
    )


class Options(NamedTuple):
    """One command's options that write or run (``options``); its short options that take
    a value (``values``: the rest of a cluster is that value; long ones take the next
    word); whether a single dash starts a whole word (find's ``-fprint``); the checker of
    its inline program (sed, awk) and the options that give the program (``-e``); its
    subcommands' own tables (git's)."""

    options: Mapping[str, Effect]
    values: frozenset[str] = frozenset()
    words: bool = False
    program: Callable[[str], bool] | None = None
    program_options: frozenset[str] = frozenset()
    subcommands: Mapping[str, Options] | None = None
    #: Whether a long option's unique beginning stands for it (getopt: ``--out``), and
    #: the options of its own that begin a writing one's name (curl's ``--cookie``).
    abbreviated: bool = False
    own: frozenset[str] = frozenset()
    #: Which operand (from 1) the command writes: ``uniq in out``'s 2; 0: none.
    output_operand: int = 0
    #: Whether a first word without a dash is a cluster of short options (tar's old
    #: style: ``tar xf a.tar`` extracts).
    old_style: bool = False


class Found(NamedTuple):
    """One option that writes or runs: where it is among the command's words, as written."""

    at: int
    option: str
    effect: Effect

    def reason(self, command: str) -> str:
        """What the model reads: the command, the option and what it does."""
        kind = "word" if self.effect in (Effect.GLOB, Effect.REBUILT) else "option"
        return (
            f"{command!r} has the {kind} {self.option} ({self.effect}): a rule approves a "
            "command, not the files its options would write or the programs they would run"
        )


def _opts(effect: Effect, names: str) -> dict[str, Effect]:
    return dict.fromkeys(names.split(), effect)


#: A sed command that writes (``w``/``W`` file) or runs (``e``), after an address or a
#: separator, and an ``s`` command whose flags hold ``w`` or ``e``.
_SED_COMMAND = re.compile(r"(?:^|[;{}\n0-9$/!,\s])\s*[wWe](?:\s|$|;)")
_SED_FLAGS = re.compile(r"s(.)(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[gpIiMm0-9]*[we]")
#: awk's ways out: output to a file or a command, a command's output read, system().
_AWK_OUT = re.compile(r"\bprintf?\b[^;{}\n]*?(>>?|\|&?)\s*(\"[^\"]*\"|[^\s;}]+)")
_AWK_RUNS = re.compile(r"\bsystem\s*\(|\|&?\s*getline\b")
#: A parameter expansion or ``$'…'``/``$"…"`` quoting: the word is known only when it runs.
_EXPANSION = re.compile(r"\$[\w{(@*#?$!'\"-]")


def _expands(word: str) -> bool:
    """Whether the shell expands a parameter in ``word`` or reads a ``$'…'``/``$"…"``
    quote (a ``$"`` that closes a double quote, ``"a$"``, is a plain ``$``)."""
    text = expanded_text(word)
    return any(
        m.group()[1] != '"' or text[: m.start()].count('"') % 2 == 0
        for m in _EXPANSION.finditer(text)
    )


_STREAMS = frozenset({'"/dev/stdout"', '"/dev/stderr"', '"/dev/null"', '"-"'})


def _sed_program(text: str) -> bool:
    unaddressed = _sed_unaddressed(text)
    return bool(
        _SED_COMMAND.search(text) or _SED_COMMAND.search(unaddressed) or _SED_FLAGS.search(text)
    )


#: A regex address at a command's start, with its flags: ``/a/I``, ``\%a%M`` (GNU sed
#: takes any delimiter after a backslash, and ``I``/``M`` after it).
_SED_ADDRESS = re.compile(
    r"((?:^|[;{}\n,!])\s*)(?:/(?:\\.|[^/\n\\])*/|\\([^\n\\])(?:\\.|(?!\2)[^\n\\])*\2)[IM]*"
)


def _sed_unaddressed(program: str) -> str:
    """``program`` with each regex address at a command's start read as ``0``
    (``/A/Ie rm x``: ``0e rm x``), for the commands after it to be found; read as well as
    ``program`` itself, never instead of it."""
    return _SED_ADDRESS.sub(r"\g<1>0", program)


def _awk_program(text: str) -> bool:
    if _AWK_RUNS.search(text):
        return True
    return any(m.group(2) not in _STREAMS for m in _AWK_OUT.finditer(text))


_DIFF_OUT = {
    **_opts(Effect.WRITES, "--output"),
    **_opts(Effect.RUNS, "--ext-diff --textconv"),
}
_DIFF = Options(_DIFF_OUT, frozenset("-U -l -M -C -B -S -G -O".split()))
_LOG = Options(_DIFF_OUT, frozenset("-U -l -M -C -B -S -G -O -n -L".split()))
_GIT = Options(
    {
        **_opts(Effect.SETTING, "-c --config-env"),
        **_opts(Effect.RUNS, "--exec-path"),
    },
    frozenset("-C -c --git-dir --work-tree --namespace --super-prefix --config-env".split()),
    subcommands={
        **dict.fromkeys(("diff", "diff-tree", "diff-files", "diff-index", "range-diff"), _DIFF),
        **dict.fromkeys(("log", "show", "whatchanged"), _LOG),
        "format-patch": Options(
            {**_DIFF_OUT, **_opts(Effect.WRITES, "-o --output-directory")},
            frozenset(["-o"]),
            abbreviated=True,
        ),
        "grep": Options(
            _opts(Effect.RUNS, "-O --open-files-in-pager"),
            frozenset("-e -f -A -B -C -m".split()),
            abbreviated=True,
        ),
        "archive": Options(
            {**_opts(Effect.WRITES, "-o --output"), **_opts(Effect.RUNS, "--exec --remote")},
            frozenset(["-o"]),
            abbreviated=True,
        ),
        "ls-remote": Options(
            _opts(Effect.RUNS, "--upload-pack -u"), frozenset(["-u"]), abbreviated=True
        ),
    },
)
#: The read-like commands users write prefix rules for, by name, and their options that
#: write or run (a command not here, such as cat, head, wc, ls, diff, jq or grep, has none).
OPTIONS: dict[str, Options] = {
    "git": _GIT,
    "sed": Options(
        {
            **_opts(Effect.WRITES, "-i --in-place"),
            **_opts(Effect.PROGRAM_FILE, "-f --file"),
        },
        frozenset("-e -f -l".split()),
        program=_sed_program,
        program_options=frozenset({"-e", "--expression"}),
        abbreviated=True,
    ),
    "awk": Options(
        {
            **_opts(Effect.PROGRAM_FILE, "-f --file -i --include -E --exec"),
            **_opts(Effect.RUNS, "-l --load"),
            **_opts(Effect.WRITES, "-o --pretty-print -d --dump-variables -p --profile"),
        },
        frozenset("-F -v -f -i -l -E -e".split()),
        program=_awk_program,
        program_options=frozenset({"-e", "--source"}),
        abbreviated=True,
    ),
    "sort": Options(
        {**_opts(Effect.WRITES, "-o --output"), **_opts(Effect.RUNS, "--compress-program")},
        frozenset("-o -k -t -S -T".split()),
        abbreviated=True,
    ),
    "find": Options(
        {
            **_opts(Effect.WRITES, "-fprint -fprint0 -fprintf -fls"),
            **_opts(Effect.DELETES, "-delete"),
        },
        words=True,
    ),
    "rg": Options(_opts(Effect.RUNS, "--pre"), frozenset("-e -f -g -t -T -m -A -B -C".split())),
    "fd": Options(_opts(Effect.RUNS, "-x --exec -X --exec-batch"), frozenset("-e -t -E".split())),
    "yq": Options(
        _opts(Effect.WRITES, "-i --inplace --in-place -s --split-exp"), frozenset(["-s"])
    ),
    "prettier": Options(_opts(Effect.WRITES, "-w --write") | _opts(Effect.RUNS, "--plugin")),
    "eslint": Options(
        _opts(Effect.WRITES, "--fix -o --output-file --cache") | _opts(Effect.RUNS, "--rulesdir"),
        frozenset(["-o", "-c", "-f"]),
    ),
    "ruff": Options(
        {},
        subcommands={
            "check": Options(
                _opts(Effect.WRITES, "--fix --unsafe-fixes --add-noqa -o --output-file"),
                frozenset(["-o"]),
            ),
        },
    ),
    "curl": Options(
        {
            **_opts(
                Effect.WRITES,
                "-o --output -O --remote-name --remote-name-all -D --dump-header -c "
                "--cookie-jar --trace --trace-ascii --stderr --libcurl --etag-save "
                "--alt-svc --hsts",
            ),
            **_opts(Effect.PROGRAM_FILE, "-K --config"),
        },
        frozenset("-o -D -c -K -d -H -X -u -A -e -F -T -w -x -b -m -r -E -Y -y -z".split()),
        abbreviated=True,  # (``--dump-h F``: curl 7 and 8 take a beginning)
        own=frozenset(["--cookie"]),
    ),
    "tar": Options(
        {
            **_opts(
                Effect.WRITES,
                "-x --extract --get -c --create -r --append -u --update -A --catenate "
                "--concatenate --delete",
            ),
            **_opts(
                Effect.RUNS,
                "-I --use-compress-program --to-command --checkpoint-action -F --info-script "
                "--new-volume-script",
            ),
        },
        frozenset("-f -C -I -F -T -X -b -K -N -L -g".split()),
        abbreviated=True,
        own=frozenset(["--checkpoint"]),
        old_style=True,
    ),
    "less": Options(_opts(Effect.WRITES, "-o -O --log-file --LOG-FILE"), frozenset(["-o", "-O"])),
    **dict.fromkeys(("uniq", "xxd"), Options({}, output_operand=2)),
}
OPTIONS.update(
    {
        alias: OPTIONS[name]
        for name, aliases in (("sed", "gsed"), ("awk", "gawk mawk nawk"), ("tar", "gtar bsdtar"))
        for alias in aliases.split()
    }
)
#: Programs that run the program their next word names (``npx prettier``).
_LAUNCHERS = frozenset({"npx", "pnpx", "bunx", "uvx"})
#: Package managers' words that run the program after them (``pnpm exec eslint``, ``uv run
#: ruff``, ``python -m ruff``, ``bundle exec rspec``, ``perf stat make``).
_RUN_WORDS = {
    **dict.fromkeys(("pnpm", "yarn"), ("exec", "dlx", "run")),
    **dict.fromkeys(("uv", "poetry", "pipx", "pdm", "hatch"), ("run",)),
    **dict.fromkeys(("python", "python3"), ("-m",)),
    "npm": ("exec", "x"),
    "bun": ("x", "run"),
    **dict.fromkeys(("pipenv", "conda"), ("run",)),
    "bundle": ("exec",),
    "direnv": ("exec",),
    "perf": ("stat", "record", "trace", "top", "kvm", "c2c", "mem", "sched", "lock"),
}
#: Operands a run word takes before the program (``direnv exec DIR make``).
_RUN_OPERANDS = {"direnv": 1}
#: Package managers that run a program named by their next word when it is none of their
#: own commands (``yarn eslint``, ``pnpm prettier``).
_BARE_RUNNERS = frozenset({"yarn", "pnpm"})
_NPM_VALUES = "-p --package -w --workspace --prefix --registry --cache --userconfig --loglevel"
_UV_VALUES = (
    "--directory --project --with --with-editable --with-requirements -p --python --from "
    "--index --default-index --index-url --extra-index-url -f --find-links --env-file "
    "--group --only-group --no-group --extra --package --cache-dir --config-file --color "
    "--prerelease --resolution --exclude-newer --python-preference --index-strategy "
    "--keyring-provider --link-mode -C --config-setting -P --upgrade-package "
    "--reinstall-package --refresh-package --no-binary-package --no-build-package"
)
#: Each launcher's own options that take the next word as their value (``pnpm -C dir
#: eslint``: ``dir`` is no program), before and after its run word.
_LAUNCHER_VALUES: dict[str, frozenset[str]] = {
    name: frozenset(values.split())
    for names, values in (
        (("npx", "npm"), f"{_NPM_VALUES} -c --call"),
        (("pnpm", "pnpx"), "-C --dir --filter -F --reporter --loglevel --package --store-dir"),
        (("yarn",), "--cwd -p --package --modules-folder --cache-folder --mutex"),
        (("bun", "bunx"), "--cwd -p --package -F --filter -c --config"),
        (("uv", "uvx"), _UV_VALUES),
        (("poetry",), "-C --directory -P --project"),
        (("pipx",), "--spec --python --pip-args --index-url --suffix"),
        (("pdm",), "-p --project --venv"),
        (("hatch",), "-e --env --data-dir --cache-dir"),
        (("conda",), "-n --name -p --prefix --cwd"),
        (
            ("perf",),
            "-e --event -o --output -r --repeat -p --pid -t --tid -C --cpu -F --freq "
            "-c --count -G --cgroup -x --field-separator -I --interval-print",
        ),
        (("python", "python3"), "-W -X --check-hash-based-pycs"),
    )
    for name in names
}
#: Launchers' options whose value (or next word) is a command line they run
#: (``npx -c 'eslint --fix'``, ``pnpm exec -c``).
_LAUNCHER_RUNS = {
    **dict.fromkeys(("npx", "npm"), frozenset({"-c", "--call"})),
    "pnpm": frozenset({"-c", "--shell-mode"}),
}


#: GNU time's own options (``time -o F git diff`` writes F; the allow side strips time).
_TIME = Options(_opts(Effect.WRITES, "-o --output"), frozenset(["-o", "-f"]), abbreviated=True)


def option_effects(words: list[str]) -> list[Found]:
    """The options of ``words`` (a simple command as written, quotes kept) that write a
    file or run a program: a ``time`` wrapper's (``time -o F``), a launcher's that run a
    command line (``npx -c``) and the command's; ``at`` counts from the first word."""
    start = name_at(words)
    found: list[Found] = []
    for at in range(start):
        if plain_word(words[at]) == "time":
            found += _scan(_TIME, words, at + 1, start)
    places, runs = _launched(words, start)
    if places != [start]:  # (``npx *``: files eslint and --fix could be the program's words)
        last = min(places[-1] + 1, len(words))
        runs += [
            f for at in range(start + 1, last) if built(words[at]) for f in _as_built(words, at)
        ]
    for at in places:
        table = OPTIONS.get(_name(words, at))
        if table is not None:
            return found + runs + _scan(table, words, at + 1, len(words))
    return found + runs


def _name(words: list[str], at: int) -> str:
    """The program ``words[at]`` names (its file name), or "" past the end."""
    return plain_word(words[at]).rsplit("/", 1)[-1] if at < len(words) else ""


def _launched(words: list[str], at: int) -> tuple[list[int], list[Found]]:
    """Past a launcher (``npx prettier``, ``pnpm -C dir exec eslint``, ``yarn eslint``,
    ``python -m ruff``) and its options (:data:`_LAUNCHER_VALUES` take the next word) to
    the program it runs: where it may stand (after an option this does not know, the word
    after the next too: the option may take a value), and the launcher's options that
    run a command line (``npx -c 'eslint --fix'``)."""
    name = _name(words, at)
    runs: list[Found] = []
    if name not in _LAUNCHERS and name not in _RUN_WORDS and name not in _BARE_RUNNERS:
        return [at], []
    if name not in _LAUNCHERS:
        past, unsure = _launcher_options(name, words, at + 1, runs)
        if _name(words, past) in _RUN_WORDS.get(name, ()):
            at = past
        elif name not in _BARE_RUNNERS or past >= len(words):
            return [at], []
        else:  # ``yarn --cwd d eslint``: the program is the word after the options
            return _places(past, unsure), runs
    past, unsure = _launcher_options(name, words, at + 1, runs)
    return _places(past + _RUN_OPERANDS.get(name, 0), unsure), runs


def _places(at: int, unsure: bool) -> list[int]:
    """Where the program stands: ``at``, and after an unknown option the next word too."""
    return [at, at + 1] if unsure else [at]


def _launcher_options(name: str, words: list[str], at: int, runs: list[Found]) -> tuple[int, bool]:
    """Past the launcher ``name``'s options from ``at`` (to its run word, ``--`` or the
    first other word): the next position, and whether the last was one this does not know
    (which may have taken the next word as its value); ``runs`` gets those running a
    command line."""
    values, unsure = _LAUNCHER_VALUES.get(name, frozenset()), False
    while at < len(words) and plain_word(words[at]).startswith("-"):  # (``'-C'`` too)
        word = plain_word(words[at])
        option = word.split("=", 1)[0]
        if word in _RUN_WORDS.get(name, ()):
            return at, False
        if option in _LAUNCHER_RUNS.get(name, ()):
            runs.append(Found(at, words[at], Effect.RUNS))
        if word == "--":
            return at + 1, False
        known = option in values or (option[:2] in values and not option.startswith("--"))
        unsure = not known
        at += 2 if word in values else 1
    return at, unsure


def _scan(table: Options, words: list[str], start: int, end: int) -> list[Found]:
    """The writing or running options among ``words[start:end]``, and a subcommand's;
    after ``--`` its operands alone (``sed -n -- '1w F' f``: still its program; an expanded
    word there is no option: ``git diff -- "$F"`` runs)."""
    found: list[Found] = []
    at, operands, programs, options = start, 0, 0, True
    while at < end:
        word, expands = plain_word(words[at]), _expands(words[at])
        if options:  # ``--ext-diff$X``, ``$_``, ``$'-o'``, ``*``: could be an option
            found += _could_be_option(words, at)
        if word == "--" and options and not table.words:
            options = False  # the rest are operands: sed's program, uniq's output
            at += 1
            continue
        if table.old_style and at == start and not word.startswith("-"):
            found += [Found(at, word, e) for c in word if (e := table.options.get(f"-{c}"))]
            at += 1  # (its letters' values follow: operands, read as such)
            continue
        if options and word.startswith("-") and len(word) > 1:
            following = plain_word(words[at + 1]) if at + 1 < end else ""
            hits, skip, given = _option(table, word, following)
            found += [Found(at, w, e) for w, e in hits]
            if given is not None and table.program is not None and table.program(given):
                found.append(Found(at, word, Effect.PROGRAM))
            programs += given is not None
            value = skip and not following.startswith("-")  # (``-n --output=F``: both read)
            if value and at + 1 < end and built(words[at + 1]):  # ``sort -t $_``: ``a -ox``
                found += _as_built(words, at + 1)
            at += 1 + value
            continue
        if operands == 0 and table.subcommands is not None:
            sub = table.subcommands.get(word)
            return found + ([] if sub is None else _scan(sub, words, at + 1, end))
        if operands == 0 and programs == 0 and table.program is not None:
            # (``-- "$P"``, ``src/*``: a program known only when it runs)
            if table.program(word) or (built(words[at]) and not (expands and options)):
                found.append(Found(at, word, Effect.PROGRAM))
        if operands + 1 == table.output_operand:
            found.append(Found(at, word, Effect.WRITES))
        elif operands + 1 < table.output_operand and built(words[at]):  # ``uniq *``: 2 names
            found += _as_built(words, at)
        operands += 1
        at += 1
    return found


def _as_built(words: list[str], at: int) -> list[Found]:
    """``words[at]``, a word the shell builds when it runs, as an expansion or a glob."""
    return [Found(at, words[at], Effect.EXPANDED if _expands(words[at]) else Effect.GLOB)]


def _could_be_option(words: list[str], at: int) -> list[Found]:
    """``words[at]`` when the shell could make it an option: an expansion (``$_``,
    ``--ext-diff$X``, ``$'-o'``) or a glob or brace list that could expand to a name
    beginning with a dash (``*``, ``*.py``, ``--out*``: :func:`option_glob`)."""
    return _as_built(words, at) if _expands(words[at]) or option_glob(words[at]) else []


#: One option word read: what it writes or runs (as written, and the effect), how many
#: words after it are its value (0 or 1), and the program it gives (``-e 'w f'``) if any.
_Read = tuple[list[tuple[str, Effect]], int, str | None]


def _option(table: Options, word: str, following: str) -> _Read:
    """One option word (``following``: the next word, unquoted) read against ``table``."""
    if table.words or word.startswith("--"):
        return _long_option(table, word, following)
    hits: list[tuple[str, Effect]] = []
    for index, letter in enumerate(word[1:], start=1):
        option = f"-{letter}"
        effect = table.options.get(option)
        if effect is not None:
            hits.append((option if len(word) > 2 else word, effect))
        if option in table.values:  # the rest of the cluster, or the next word, is its value
            rest = word[index + 1 :]
            program = (rest or following) if option in table.program_options else None
            return hits, int(not rest), program
    return hits, 0, None


def _long_option(table: Options, word: str, following: str) -> _Read:
    """A long option (``--output=F``, ``--output F``, ``--out=F``) or find's ``-fprint``."""
    name, equals, value = word.partition("=")
    full = _long(table, name)
    effect = table.options.get(full)
    if full == "--exec-path" and not equals:  # alone it prints git's folder
        effect = None
    hits = [] if effect is None else [(word, effect)]
    program = full in table.program_options
    takes = not equals and (program or full in table.values)
    return hits, int(takes), (value if equals else following) if program else None


def _long(table: Options, name: str) -> str:
    """The option ``name`` stands for: itself, or (``abbreviated``) a writing option it
    begins (getopt takes a unique beginning: ``--out`` for ``--output``), unless it is an
    option of its own (``own``)."""
    if not table.abbreviated or len(name) < 3 or name in table.options or name in table.own:
        return name
    begun = [o for o in (*table.options, *table.program_options) if o.startswith(name)]
    return begun[0] if begun else name


# ---- the commands a permitted program runs (the deny side) ---------------------------------

#: sed's ``e`` command (``1e rm x``: the rest of its line, a shell command; alone: the
#: pattern space, known only when it runs) and the ``e`` flag of ``s///e`` (likewise).
_SED_E = re.compile(r"(?:^|[;{}\n0-9$/!,\s])\s*e(?=$|[\s;}])[ \t]*([^\n]*)")
_SED_E_FLAG = re.compile(r"s(.)(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[gpIiMm0-9w]*e")
#: awk's ways to run a command: ``system(…)``, ``print … | "cmd"``, ``"cmd" | getline``;
#: the literal string each names, when it is one.
_AWK_SYSTEM = re.compile(r"\bsystem\s*\(")
_AWK_PIPE_OUT = re.compile(r"\bprintf?\b[^;{}\n]*?\|&?\s*([^;}\n]+)")
_AWK_GETLINE = re.compile(r"\|&?\s*getline\b")
_AWK_GETLINE_FROM = re.compile(r"([^;{}()\n=!<>&|]+?)\s*\|&?\s*getline\b")
_AWK_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_AWK_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _awk_unescape(text: str) -> str:
    """``text``, a string in an awk program or a ``-v`` value, as awk reads its escapes
    (``"r\\155 x"`` is ``rm x``: octal, gawk's ``\\x6d``, ``\\n``…)."""

    def one(found: re.Match[str]) -> str:
        octal, hexadecimal, other = found.groups()
        if octal or hexadecimal:
            return chr(int(octal, 8) if octal else int(hexadecimal, 16))
        return _AWK_ESCAPES.get(other, other)

    return _AWK_ESCAPE.sub(one, text)


class Inner(NamedTuple):
    """What a simple command runs through its arguments or program, for a deny rule: the
    command lines it names (``sed '1e rm x'``: ``rm x``), and why one cannot be read
    (``awk '{system($0)}'``), if so."""

    commands: list[str]
    unread: str | None = None


def inner_commands(words: list[str]) -> Inner:
    """The commands ``words`` (a simple command, quotes kept) runs that its program or
    settings name: sed's ``e`` commands, awk's ``system``, pipes and ``getline``, ``git -c
    alias.x=!cmd`` or ``core.pager=cmd`` (:func:`_git_settings`), ``LESS='+!cmd'`` (less's
    options, read as less's own); why one cannot be read
    (a program from a file, ``-f``; a command built when it runs: ``s///e``, ``system(c)``)."""
    at = name_at(words)
    name = _name(words, at)
    exported = words[at + 1 :] if name in _EXPORTS else []
    assigned = [plain_word(w) for w in [*words[:at], *exported]]
    files = [w.partition("=")[0] for w in assigned if _GIT_CONFIG_FILE.match(w)]
    if files:  # (``GIT_CONFIG_GLOBAL=./g git x``: an alias of a file the line wrote)
        return Inner([], f"{files[0]} names a file of git settings, {_GIT_FILE_UNREAD}")
    # (``GIT_EXTERNAL_DIFF=rm git diff``, ``export PAGER='rm x'``; ``PAGER=cat git -c …``)
    programs = [v for w in assigned for v in _program_variable(w)]
    for options in (w.removeprefix("LESS=") for w in assigned if w.startswith("LESS=")):
        given = _option_commands("less", options.split(), 0)  # (``LESS='+!rm x'``)
        if given.unread is not None:
            return given
        programs += given.commands
    found = _own_commands(name, words, at)
    return Inner([*programs, *found.commands], found.unread)


def _own_commands(name: str, words: list[str], at: int) -> Inner:
    """:func:`inner_commands` of the program ``name`` at ``words[at]``: its program's,
    settings', options' and launched commands."""
    if name in ("sed", "gsed", "awk", "gawk", "mawk", "nawk"):
        table = OPTIONS[name]
        programs, files = _programs(table, words, at + 1)
        if files:
            return Inner(
                [],
                f"{name} reads its program from the file {files[0]}, which a rule "
                "does not read; write the program in the call",
            )
        given = _awk_given(words, at + 1) if table.program is _awk_program else {}
        found = [
            _sed_commands(p) if table.program is _sed_program else _awk_commands(p, given)
            for p in programs
        ]
        unread = next((i.unread for i in found if i.unread), None)
        return Inner([c for i in found for c in i.commands], unread)
    if name == "git":
        return _git_settings(words, at + 1)
    if name == "tmux":
        return _tmux_commands(words, at + 1)
    calls = _process_call(name, words[at + 1 :])
    if calls is not None:
        return Inner([], calls)
    options = _option_commands(name, words, at + 1)
    return options if options.commands or options.unread else Inner(_launched_commands(words, at))


#: Interpreters (by name without a version: ``python3.11``) and the short options whose
#: value is a program given on the line (``python3 -c``, ``perl -e``/``-ne``, ``node -e``).
_INLINE = {
    "python": "c",
    "perl": "eE",
    "ruby": "e",
    "node": "ep",
    "php": "r",
    "lua": "e",
    "Rscript": "e",
}
#: What in such a program runs another program: ``os.system``, ``os.execvp``,
#: ``subprocess``, ``child_process``'s ``execSync``, perl's ``system``/``exec``/``qx``,
#: php's ``shell_exec``, lua's ``os.execute``, ``os.posix_spawnp``, asyncio's
#: ``create_subprocess_exec``...; a backtick in perl, ruby and php (not a database's
#: ``execute``/``executemany``).
_PROCESS_CALL = re.compile(
    r"\b(?:system|exec(?:[lv]p?e?|Sync|File(?:Sync)?)?|(?:posix_)?spawn\w*|popen\w*|Popen"
    r"|(?:create_)?subprocess\w*|child_process|shell_exec|passthru|proc_open|os\.execute"
    r"|Open3|qx)\b|%x"
)
#: perl's and ruby's ``open``, and a pipe quoted as its mode or at an end of its command
#: (``open F, "-|", "cmd"``, ``open(F, "|cmd")``, ``open F, "cmd |"``): it starts the command.
_OPEN = re.compile(r"\bopen\b")
_PIPE_MODE = re.compile(r"""["']\s*-?\||\|-?\s*["']""")


def _pipe_open(program: str) -> bool:
    """Whether a statement of the perl or ruby ``program`` opens a pipe (:data:`_OPEN`)."""
    for statement in program.split(";"):
        opened = _OPEN.search(statement)
        if opened is not None and _PIPE_MODE.search(statement, opened.end()):
            return True
    return False


def process_call(text: str) -> str | None:
    """What in ``text`` starts other programs in an interpreter's language
    (:data:`_PROCESS_CALL`: ``subprocess``, ``os.system``, ``child_process``), or None."""
    found = _PROCESS_CALL.search(text)
    return found[0] if found else None


def _process_call(name: str, words: list[str]) -> str | None:
    """Why the interpreter ``name``'s program on the line (``words``: its arguments)
    runs commands no rule reads (``python3 -c 'import subprocess; …'``), or None."""
    base = name.rstrip("0123456789.")
    letters = _INLINE.get(base)
    if letters is None:
        return None
    for at, word in enumerate(plain_word(w) for w in words):
        option, equals, value = word.partition("=")
        if base == "node" and option in ("--eval", "--print"):
            glued = value if equals else ""
        elif word.startswith("-") and not word.startswith("--"):
            letter = next((i for i, c in enumerate(word[1:], 1) if c in letters), None)
            if letter is None:
                continue
            glued = word[letter + 1 :]  # (``-ne``: the next word; ``-c'…'``: glued on)
        else:
            continue
        program = glued or (plain_word(words[at + 1]) if at + 1 < len(words) else "")
        what = process_call(program) or ""
        if not what and base in ("perl", "ruby", "php") and "`" in program:
            what = "`"
        if not what and base in ("perl", "ruby") and _pipe_open(program):
            what = "open of a pipe"
        if what:
            return (
                f"{name}'s program runs other programs ({what}), whose commands a rule "
                "cannot read: write the command itself in the call"
            )
    return None


def _launched_commands(words: list[str], at: int) -> list[str]:
    """The command lines a launcher at ``words[at]`` runs (``npx rm x``, ``npm exec -- rm
    x``, ``npx -c 'rm x'``: :func:`_launched`); none for any other program."""
    places, runs = _launched(words, at)
    plain = [plain_word(w) for w in words]
    found = [shlex.join(plain[p:]) for p in places if p != at and p < len(plain)]
    for run in runs:  # (``-c LINE``, ``--call=LINE``)
        _, equals, value = plain[run.at].partition("=")
        found += [value] if equals else plain[run.at + 1 : run.at + 2]
    return found


def _programs(table: Options, words: list[str], start: int) -> tuple[list[str], list[str]]:
    """sed's or awk's programs among ``words[start:]`` (``-e P``, ``--expression=P``, else
    the first operand) and the files it reads programs from (``-f F``)."""
    programs: list[str] = []
    files: list[str] = []
    at, first = start, None
    while at < len(words):
        word = plain_word(words[at])
        following = plain_word(words[at + 1]) if at + 1 < len(words) else ""
        if word == "--":
            first = first if first is not None else at + 1
            break
        if word.startswith("-") and len(word) > 1:
            hits, skip, given = _option(table, word, following)
            if given is not None:
                programs.append(given)
            if any(e == Effect.PROGRAM_FILE for _, e in hits):
                files.append(following if skip else word.partition("=")[2] or word[2:])
            at += 1 + skip
            continue
        first = at
        break
    if not programs and not files and first is not None and first < len(words):
        programs.append(plain_word(words[first]))
    return programs, files


def _sed_commands(program: str) -> Inner:
    """The commands sed's ``e`` runs in ``program``; why not, when it runs the pattern
    space (``e`` alone, ``s/x/rm x/e``: the text sed reads)."""
    texts = dict.fromkeys((program, _sed_unaddressed(program)))
    commands = list(dict.fromkeys(m[1].strip() for t in texts for m in _SED_E.finditer(t)))
    if _SED_E_FLAG.search(program) or any(c[:1] in ("", ";", "}") for c in commands):
        return Inner(
            [],
            "sed's e runs its pattern space (the text it reads) as a command, "
            "which a rule cannot read",
        )
    return Inner(commands)


def _awk_commands(program: str, given: Mapping[str, list[str]]) -> Inner:
    """The commands awk's ``system(…)``, ``print | …`` and ``… | getline`` run in
    ``program``: strings, and variables set only from strings (in the program, by ``-v``
    or an operand ``c=…``: ``given``) followed to them (``c = "ls"; system(c)``); why
    not, when one is built from what awk reads (``system($0)``, ``"echo " $1``)."""
    exprs = [*_awk_system_args(program), *(m[1] for m in _AWK_PIPE_OUT.finditer(program))]
    getlines = [m[1] for m in _AWK_GETLINE_FROM.finditer(program)]
    unread = len(_AWK_GETLINE.findall(program)) > len(getlines)
    commands: list[str] = []
    for expr in [*exprs, *getlines]:
        values = _awk_values(expr, program, given, 0)
        unread = unread or values is None
        commands += values or []
    if unread:
        return Inner(
            [],
            "awk runs a command it builds from what it reads when it runs (system(…), "
            "print | … or … | getline of a field, its input or a function's value, not of "
            "strings), which a rule cannot read; write the command as a string",
        )
    printed_to = [
        v
        for m in _AWK_PIPE_OUT.finditer(program)
        for v in _awk_values(m[1], program, given, 0) or []
    ]
    reader = next((c for c in printed_to if _runs_its_input(c)), None)
    if reader is not None:  # (``print "rm x" | "sh"``)
        return Inner([], f"awk prints to {reader!r}, which runs what it reads as commands")
    return Inner(commands)


def _runs_its_input(command: str) -> bool:
    """Whether ``command``, given a pipe, runs what it reads as commands (``sh``)."""
    parts = read_command(f": | {command}").parts
    return any(input_unread(p) is not None for p in parts[1:2])


#: An awk expression's pieces that concatenate: a string, a variable, a number.
_AWK_PIECE = re.compile(r'\s*(?:"((?:[^"\\\n]|\\.)*)"|([A-Za-z_]\w*)(?![\w\[(])|(\d+(?:\.\d+)?))')
#: awk's names whose values come from its input or environment, not from strings.
_AWK_FROM_INPUT = frozenset(
    "NR NF FNR FILENAME FS OFS ORS RS SUBSEP RSTART RLENGTH ENVIRON ARGV ARGC CONVFMT OFMT "
    "PROCINFO RT getline in".split()
)
#: The most values of one command awk's variables are followed to.
_AWK_VALUES = 16


def _awk_system_args(program: str) -> list[str]:
    """The argument of each ``system(…)`` in ``program``, to its closing parenthesis."""
    found = []
    for call in _AWK_SYSTEM.finditer(program):
        depth, at, quoted = 1, call.end(), False
        while at < len(program) and depth:
            char = program[at]
            if quoted and char == "\\":
                at += 1
            elif char == '"':
                quoted = not quoted
            elif not quoted:
                depth += {"(": 1, ")": -1}.get(char, 0)
            at += 1
        found.append(program[call.end() : at - 1] if not depth else "(")
    return found


def _awk_values(
    expr: str, program: str, given: Mapping[str, list[str]], depth: int
) -> list[str] | None:
    """The strings the awk expression ``expr`` may be when it concatenates only strings,
    numbers and variables set only from such (:func:`_awk_variable`); None otherwise."""
    values, at, expr = [""], 0, expr.strip()
    while at < len(expr):
        piece = _AWK_PIECE.match(expr, at)
        if piece is None or piece.end() == at:
            return None
        string, name, number = piece.groups()
        parts = [_awk_unescape(string)] if string is not None else [number] if number else None
        if name:
            parts = _awk_variable(name, program, given, depth)
        if parts is None or len(values) * len(parts) > _AWK_VALUES:
            return None
        values, at = [v + p for v in values for p in parts], piece.end()
    return values


def _awk_variable(
    name: str, program: str, given: Mapping[str, list[str]], depth: int
) -> list[str] | None:
    """The values the awk variable ``name`` may hold when every one is set from strings
    (``c = "ls"``, ``-v c=ls``; never set: empty); None when one comes from what awk reads
    (a field, ``getline c``, ``split(…, c)``, a builtin such as ``FILENAME``)."""
    if name in _AWK_FROM_INPUT or depth > 3:
        return None
    word = rf"(?<![\w$.\"]){re.escape(name)}(?!\w)"
    if re.search(  # (set another way: read, changed, a function's parameter)
        rf"getline\s+{word}|{word}\s*(?:[-+*/%^]=|\+\+|--|\[)|(?:\+\+|--)\s*{word}"
        rf"|for\s*\(\s*{word}\s+in|(?:split|sub|gsub|match)\s*\([^)]*{word}"
        rf"|\bfunc(?:tion)?\s+\w+\s*\([^)]*{word}",
        program,
    ):
        return None
    values = list(given.get(name, []))
    for assigned in re.finditer(rf"{word}\s*=(?!=)\s*([^;\n}}]*)", program):
        found = _awk_values(assigned[1], program, given, depth + 1)
        if found is None:
            return None
        values += found
    return values if values or name in given else [""]


def _awk_given(words: list[str], start: int) -> dict[str, list[str]]:
    """The values awk's ``-v NAME=VALUE`` options and ``NAME=VALUE`` operands give its
    variables, among ``words[start:]``."""
    given: dict[str, list[str]] = {}
    plain = [plain_word(w) for w in words[start:]]
    for i, word in enumerate(plain):
        value = plain[i + 1] if word == "-v" and i + 1 < len(plain) else word.removeprefix("-v")
        name, equals, text = value.partition("=")
        if equals and re.fullmatch(r"[A-Za-z_]\w*", name) and (word.startswith("-v") or i):
            given.setdefault(name, []).append(_awk_unescape(text))
    return given


#: The environment variables programs run as a command (git's, less's, an editor; SHELL,
#: which vim, gdb, less and ssh run their command lines with: ``SHELL=rm vim -c '!ls'``),
#: and the builtins that export an assignment.
_PROGRAM_VARIABLE = re.compile(
    r"(?:[A-Z_]*(?:PAGER|EDITOR|VISUAL|_DIFF|_SSH|SSH_COMMAND|ASKPASS|_PROGRAM|BROWSER)"
    r"|LESSOPEN|LESSCLOSE|GIT_CONFIG_PARAMETERS|GIT_CONFIG_VALUE_\d+|GIT_PROXY_COMMAND"
    r"|RSYNC_RSH|(?:CONFIG_)?SHELL)=(.*)",
    re.DOTALL,
)
_EXPORTS = frozenset({"export", "declare", "typeset", "readonly", "local"})


def _program_variable(word: str) -> list[str]:
    """The command an assignment ``word`` names when its variable is one a program runs
    (``GIT_EXTERNAL_DIFF=rm``, ``LESSOPEN='|rm x %s'``, ``GIT_CONFIG_VALUE_0='!rm x'``)."""
    found = _PROGRAM_VARIABLE.fullmatch(word)
    return [found[1].lstrip("|!")] if found and found[1].strip("|! ") else []


#: git's settings read from a file or folder a rule does not read (the settings it includes,
#: the hooks it runs), and its global options that take a value.
_GIT_UNREAD = re.compile(r"include\.path|includeif\..*\.path|core\.hookspath", re.IGNORECASE)
#: The variables that name a file of git settings, and why a deny rule refuses them.
_GIT_CONFIG_FILE = re.compile(r"GIT_CONFIG(?:_GLOBAL|_SYSTEM)?=")
_GIT_FILE_UNREAD = "which can name programs git runs (an alias, a pager) and a rule does not read"
#: ``git config``'s options that take a value, and those that read or remove a setting.
_CONFIG_VALUES = frozenset("-f --file --blob --type --default --comment".split())
_CONFIG_READS = frozenset(
    "get list unset rename-section remove-section edit --get --get-all --get-regexp "
    "--get-urlmatch -l --list --unset --unset-all --rename-section --remove-section -e "
    "--edit --show-origin --name-only -z".split()
)
_GIT_VALUES = frozenset("-C --git-dir --work-tree --namespace --super-prefix".split())


def _git_settings(words: list[str], start: int) -> Inner:
    """The commands ``git -c NAME=VALUE`` may run before the subcommand ``words[start:]``
    names: an alias's (``alias.x=!rm x``: ``rm x``; ``alias.p=push``: ``git push`` with
    the words after it), and any other setting's value read as a command line
    (``core.pager``, ``diff.external``, ``credential.helper=!…``: a program's); why not
    for ``--config-env`` and settings that include a file or name a hooks folder."""
    at, commands = start, []
    while at < len(words) and plain_word(words[at]).startswith("-"):
        word = plain_word(words[at])
        if word.startswith("--config-env"):
            return Inner(
                [],
                "git --config-env sets a setting from the environment, which can "
                "name a program to run; a rule cannot read it",
            )
        setting = plain_word(words[at + 1]) if word == "-c" and at + 1 < len(words) else None
        if setting is not None:
            key, _, value = setting.partition("=")
            if _GIT_UNREAD.fullmatch(key):
                return Inner(
                    [],
                    f"git -c {key} runs or reads what a file or folder holds, "
                    "which a rule does not read",
                )
            commands.append(value.removeprefix("!"))
            if key.lower().startswith("alias.") and not value.startswith("!"):
                commands.append(" ".join(["git", value, *words[at + 2 :]]))
        at += 1 + (word in _GIT_VALUES or setting is not None)
    if at < len(words) and plain_word(words[at]) == "config":
        written = _git_config(words, at + 1)
        if written.unread is not None:
            return written
        commands += written.commands
    elif at < len(words):  # (``git difftool -x rm``, ``git rebase --exec 'rm f'``)
        given = _option_commands(f"git {plain_word(words[at])}", words, at + 1)
        if given.unread is not None:
            return given
        commands += given.commands
    return Inner([c for c in commands if c.strip()])


def _git_names(key: str) -> str:
    """What the git setting ``key`` (one :data:`_GIT_UNREAD` matches) names, and why a
    deny rule does not read it."""
    if key.lower() == "core.hookspath":
        return (
            "names a folder of hooks, programs git runs on its own (a commit, a checkout, "
            "a merge), which a rule does not read"
        )
    return f"names a file of settings, {_GIT_FILE_UNREAD}"


def _git_config(words: list[str], start: int) -> Inner:
    """What ``git config KEY VALUE`` (``words[start:]`` after ``config``) sets that git may
    run later in the line, as ``git -c`` (:func:`_git_settings`): the value read as a
    command line (an alias's ``!cmd``, or ``git VALUE``), a setting naming a file unread."""
    operands, at = [], start
    while at < len(words):
        word = plain_word(words[at])
        if word in _CONFIG_READS:
            return Inner([])
        if word.startswith("-") and word not in ("-", "--"):
            at += 1 + (word in _CONFIG_VALUES)
            continue
        operands.append(word)
        at += 1
    operands = operands[1:] if operands[:1] in (["set"], ["add"]) else operands
    if len(operands) < 2:
        return Inner([])
    key, value = operands[0], operands[1]
    if _GIT_UNREAD.fullmatch(key):
        return Inner([], f"git config {key} {_git_names(key)}")
    commands = [value.removeprefix("!")]
    if key.lower().startswith("alias.") and not value.startswith("!"):
        commands.append(f"git {value}")
    return Inner(commands)


# ---- options whose value is a command line the program runs (the deny side) ----------------

#: gdb's commands that run a shell command (``shell rm f``, ``!rm f``, ``set exec-wrapper
#: rm f``, the program ``run`` starts under), and those that run programs, code or another
#: command given as their text, which a rule does not read (``pipe``, ``|``, ``python``,
#: ``source``, ``make``; ``eval "shell rm f"``, ``with … -- shell rm f``, ``interpreter-exec
#: console "…"``, ``alias``, ``thread apply``/``frame apply``/``taas``/``faas``/``tfaas``,
#: ``maintenance with``, each as gdb abbreviates it: ``ev``, ``w``, ``interp``).
_GDB_SHELL = re.compile(r"\s*(?:she(?:ll?)?(?:\s|$)|!|set\s+exec-w[\w-]*\s)(.*)", re.DOTALL)
_GDB_UNREAD = re.compile(
    r"\s*(?:\||(?:pipe|py\w*|pi|gu\w*|source|make|compile|ev(?:al?)?|w|wi(?:th?)?"
    r"|interp[\w-]*|al(?:i(?:as?)?)?|t?f?aas|(?:t|thr\w*|f|fr\w*)\s+ap\w*|mai\w*\s+w\w*)\b)"
)
#: vim's ex commands that run a shell command: ``!cmd``, ``r !cmd``, ``w !cmd``, a range's
#: filter ``%!sort``; a ``!`` after a letter forces (``q!``, ``silent!``); and the commands
#: and expressions that run programs or code a rule does not read.
_VIM_BANG = re.compile(
    r"[\s:]*(?:sil(?:ent)?!?\s*)?(?:[%.$]|\d+|'[a-z<>])?(?:\s*[,;]\s*(?:[.$]|\d+|'[a-z<>]))?"
    r"\s*(?:r(?:ead)?\s*|w(?:rite)?\s+)?!(.*)",
    re.DOTALL,
)
_VIM_FORCE = re.compile(r"(?<=[A-Za-z])!")
_VIM_UNREAD = re.compile(
    r"\\=|\b(?:sys(?:tem(?:list)?)?|exe(?:c(?:ute)?)?|ter(?:m(?:inal)?)?|py\w*|perl\w*|rub\w*"
    r"|lua\w*|tcl\w*|mz\w*|mak(?:e)?|l?gr(?:ep)?|so(?:urce)?|runtime|sh(?:ell)?|job_?start"
    r"|libcall\w*)\b"
)
#: ssh's settings that run a local command (``-o ProxyCommand=rm``, ``-o 'LocalCommand rm'``).
_SSH_COMMAND = re.compile(
    r"\s*(?:proxycommand|localcommand|knownhostscommand)\s*(?:=\s*|\s+)(.*)", re.I | re.DOTALL
)


def _gdb_command(value: str) -> Inner:
    """What gdb's command ``value`` (``-ex``) runs."""
    shell = _GDB_SHELL.match(value)
    if shell is not None:
        return Inner([shell[1]])
    if _GDB_UNREAD.match(value):
        return Inner([], f"gdb's command {value!r} runs programs or code a rule does not read")
    return Inner([])


def _vim_command(value: str) -> Inner:
    """What vim's ex command line ``value`` (``-c``, ``--cmd``, ``+``) runs."""
    pieces = value.split("|")
    for at, piece in enumerate(pieces):
        bang = _VIM_BANG.fullmatch(piece) or _VIM_BANG.fullmatch("|".join(pieces[at:]))
        if bang is not None:  # (``!`` takes the rest of the line, bars too)
            return Inner(["|".join([bang[1], *pieces[at + 1 :]]) if bang.re else bang[1]])
    if "!" in _VIM_FORCE.sub("", value) or _VIM_UNREAD.search(value):
        return Inner([], f"vim's command {value!r} runs programs or code a rule does not read")
    return Inner([])


def _ssh_setting(value: str) -> Inner:
    """What ssh's setting ``value`` (``-o``) runs: a proxy's or local command."""
    found = _SSH_COMMAND.fullmatch(value)
    return Inner([found[1]] if found and found[1].strip().lower() != "none" else [])


def _less_command(value: str) -> Inner:
    """What less's first command ``value`` (``+!rm f``, ``++…``) runs: after a ``!``, a
    shell command; a ``|`` pipes to one after a mark."""
    bang, pipe = value.find("!"), value.find("|")
    if pipe >= 0 and (bang < 0 or pipe < bang):
        return Inner([], f"less's command {value!r} pipes to a command a rule does not read")
    return Inner([value[bang + 1 :]] if bang >= 0 else [])


def _as_command(value: str) -> Inner:
    """``value`` (``rsync -e 'ssh -p 2'``, ``git rebase -x 'make test'``): a command line."""
    return Inner([value])


def _hyperfine_parameter(value: str) -> Inner:
    """hyperfine's ``-L``/``-P`` (a parameter ``{NAME}`` its commands are built with)."""
    return Inner([], f"hyperfine builds its commands from the parameter {value}, when it runs")


#: expect's (Tcl's) commands that start a program.
_EXPECT_RUNS = re.compile(r"\b(?:spawn|exec|system|open)\b")


def _expect_command(value: str) -> Inner:
    """What expect's Tcl commands ``value`` (``-c``) run: a program they start is unread."""
    found = _EXPECT_RUNS.search(value)
    if found is None:
        return Inner([])
    return Inner([], f"expect's commands start a program ({found[0]}), which a rule does not read")


def _screen_command(value: str) -> Inner:
    """screen's ``-X`` command to a running session (``stuff``, ``exec``): unread."""
    return Inner([], f"screen -X sends {value!r} to a session, which a rule does not read")


class Operands(StrEnum):
    """What a :class:`_Runner`'s operands are: nothing it runs, each a command line
    (``hyperfine 'make a' 'make b'``), or the first and those after it one command
    (``screen -dm make test``)."""

    NONE = "none"
    EACH = "each"
    REST = "rest"


#: The option :func:`_option_values` gives an operand as (a key of a runner's commands).
_OPERAND = ""


class _Runner(NamedTuple):
    """A program with options whose value is a command line it runs (``rsync -e CMD``): its
    short options taking a value (the rest of a cluster or the next word), its long ones
    (``--rsh CMD`` or ``--rsh=CMD``; ``long_only``: one dash starts one too, gdb's ``-ex``),
    the options (``+``: a word beginning with it, vim's ``+cmd``) giving a command and how
    each is read, and those after which its words are a command (gdb's ``--args``); and
    what its operands are (:class:`Operands`)."""

    short: str
    long: frozenset[str]
    commands: Mapping[str, Callable[[str], Inner]]
    rest: frozenset[str] = frozenset()
    long_only: bool = False
    operands: Operands = Operands.NONE


def _names(names: str) -> frozenset[str]:
    return frozenset(names.split())


_VIM = _Runner(
    "cSTuUiwWtq", _names("--cmd"), {"-c": _vim_command, "--cmd": _vim_command, "+": _vim_command}
)
_SSH_SHORT = "BbcDEeFIiJLlmOoPpQRSWwX"
_FILTERS = frozenset(f"--{k}-filter" for k in "env tree index parent msg commit tag-name".split())
#: Programs whose options give a command line they run, by name (git's subcommands as
#: ``git difftool``), read by :func:`_option_commands`.
_RUNNERS: dict[str, _Runner] = {
    "gdb": _Runner(
        "",
        _names("--ex --iex --eval-command --init-eval-command --x --command --ix --init-command"),
        dict.fromkeys(("--ex", "--iex", "--eval-command", "--init-eval-command"), _gdb_command),
        rest=_names("--args"),
        long_only=True,
    ),
    **dict.fromkeys("vim vi nvim gvim view vimdiff rvim rview ex evim vimx gview".split(), _VIM),
    "less": _Runner(
        "bhjkoOpPtTxyz#", _names("--log-file --LOG-FILE --pattern --prompt"), {"+": _less_command}
    ),
    "man": _Runner(
        "CMPrLmeSspRTEH",
        _names("--pager --config-file --manpath"),
        dict.fromkeys(("-P", "--pager", "-H", "--html"), _as_command),  # (a browser: -H)
    ),
    "ssh": _Runner(_SSH_SHORT, _names(""), {"-o": _ssh_setting}),
    **dict.fromkeys(
        ("scp", "sftp"),
        _Runner(_SSH_SHORT, _names(""), {"-o": _ssh_setting, "-S": _as_command, "-D": _as_command}),
    ),
    "rsync": _Runner(
        "eBfTM",
        _names("--rsh --rsync-path --filter --temp-dir"),
        {"-e": _as_command, "--rsh": _as_command},
    ),
    "zip": _Runner(
        "",
        _names("--TT --unzip-command"),
        {"--TT": _as_command, "--unzip-command": _as_command},
        long_only=True,
    ),
    "git difftool": _Runner(
        "xtO",
        _names("--extcmd --tool --rotate-to --skip-to"),
        {"-x": _as_command, "--extcmd": _as_command},
    ),
    "git rebase": _Runner(
        "xsXC",
        _names("--exec --strategy --strategy-option --onto"),
        {"-x": _as_command, "--exec": _as_command},
    ),
    **dict.fromkeys(
        ("git fetch", "git pull", "git clone", "git ls-remote", "git push", "git archive"),
        _Runner(
            "u",
            _names("--upload-pack --receive-pack --exec"),
            dict.fromkeys(("-u", "--upload-pack", "--receive-pack", "--exec"), _as_command),
        ),
    ),
    "git filter-branch": _Runner("d", _FILTERS, dict.fromkeys(_FILTERS, _as_command)),
    "git submodule": _Runner("", _names(""), {}, rest=_names("foreach")),
    "git bisect": _Runner("", _names(""), {}, rest=_names("run")),
    # a benchmark's, a detached session's and an environment's command lines (shell75)
    "hyperfine": _Runner(
        "wmMrsSpcPDLunN",
        _names(
            "--warmup --min-runs --max-runs --runs --setup --prepare --conclude --cleanup "
            "--parameter-scan --parameter-step-size --parameter-list --shell --style --sort "
            "--time-unit --export-asciidoc --export-csv --export-json --export-markdown "
            "--export-orgmode --command-name --output --input"
        ),
        {
            **dict.fromkeys(
                (*"-s --setup -p --prepare --conclude -c --cleanup -S --shell".split(), _OPERAND),
                _as_command,
            ),
            **dict.fromkeys(
                "-L --parameter-list -P --parameter-scan".split(), _hyperfine_parameter
            ),
        },
        operands=Operands.EACH,
    ),
    "screen": _Runner(
        "SceahpTtsX", _names(""), {"-s": _as_command, "-X": _screen_command}, operands=Operands.REST
    ),
    "nix-shell": _Runner(
        "IAp",
        _names("--run --command --arg --argstr --attr --include --packages"),
        {"--run": _as_command, "--command": _as_command},
    ),
    "expect": _Runner("cfD", _names(""), {"-c": _expect_command}),
    # tmux's commands that run a shell command, the words after their options (shell75)
    "tmux": _Runner("LSfcT", _names(""), {"-c": _as_command}),
    **{
        f"tmux {command}": _Runner(short, _names(""), {}, operands=Operands.REST)
        for command, short in (
            ("new-session", "cefFnstxy"),
            ("new-window", "cefFnt"),
            ("split-window", "ceFlpt"),
            ("respawn-pane", "cet"),
            ("respawn-window", "cet"),
            ("run-shell", "cdt"),
            ("pipe-pane", "t"),
            ("display-popup", "bcdehsStTwxy"),
        )
    },
}
#: tmux's commands whose commands a rule cannot read: keys typed into a pane's shell, a
#: command run later or on a condition, a file of commands.
_TMUX_UNREAD = {
    "send-keys": "types keys into a pane's shell",
    "if-shell": "runs a command on a shell command's outcome",
    "command-prompt": "runs what is typed at its prompt",
    "confirm-before": "runs a command once confirmed",
    "bind-key": "binds a command to a key, run later",
    "set-hook": "runs a command on an event, later",
    "display-menu": "runs the command a menu item names",
    "source-file": "runs the commands of a file",
}
#: tmux's commands' aliases.
_TMUX_ALIASES = {
    "new": "new-session",
    "neww": "new-window",
    "splitw": "split-window",
    "respawnp": "respawn-pane",
    "respawnw": "respawn-window",
    "run": "run-shell",
    "pipep": "pipe-pane",
    "popup": "display-popup",
    "send": "send-keys",
    "if": "if-shell",
    "confirm": "confirm-before",
    "bind": "bind-key",
    "menu": "display-menu",
    "source": "source-file",
    "set": "set-option",
}
#: The settings that name the shell or command tmux runs in each new pane.
_TMUX_SHELL = re.compile(r"default-(?:command|shell)")


#: The names of :data:`_RUNNERS`' programs (git's subcommands), for a quick look at a line.
RUNNER_NAMES = re.compile(
    r"\b(?:"
    + "|".join(re.escape(n) for n in sorted({k.split()[-1] for k in _RUNNERS}, key=len)[::-1])
    + r")\b"
)


def _option_commands(name: str, words: list[str], start: int) -> Inner:
    """The command lines the program ``name`` (a key of :data:`_RUNNERS`) runs that its
    options among ``words[start:]`` give (``gdb -ex 'shell rm f'``: ``rm f``; ``rsync -e
    rm``: ``rm``), and the words after one of its ``rest`` (``gdb --args rm f``); why not
    when such a value is built when the line runs (``vim -c "$C"``)."""
    runner = _RUNNERS.get(name)
    if runner is None:
        return Inner([])
    commands: list[str] = []
    for option, value, raw in _option_values(runner, words, start):
        if option == _OPERAND and runner.operands is Operands.REST and _expands(raw):
            return Inner([], f"{name} runs {raw}, built when the line runs")
        if option in runner.rest or (option == _OPERAND and runner.operands is Operands.REST):
            return Inner([*commands, value])
        read = runner.commands.get(option) or runner.commands.get(_begun(runner, option), None)
        if read is not None and _expands(raw):
            return Inner([], f"{name}'s option {option} runs {raw}, built when the line runs")
        found = read(value) if read is not None else Inner([])
        if found.unread is not None:
            return found
        commands += found.commands
    return Inner(commands)


def _tmux_commands(words: list[str], start: int) -> Inner:
    """The shell commands tmux's global ``-c`` and each of its commands among
    ``words[start:]`` run (``new -d 'make'``, ``\\;`` between commands; a command as tmux
    abbreviates it: ``new-s``), why not for keys, hooks, bindings and files of commands."""
    found = _option_commands("tmux", words, start)
    at = start
    while at < len(words) and plain_word(words[at]).startswith("-"):
        word = plain_word(words[at])  # (``-2L sock``: a value; ``-2Lsock``: glued)
        valued = next((i for i, c in enumerate(word) if i and c in _RUNNERS["tmux"].short), 0)
        at += 1 + (valued == len(word) - 1)
    commands = list(found.commands)
    for command in _tmux_spans(words, at):
        name = plain_word(command[0]) if command else ""
        full = _TMUX_ALIASES.get(name) or next(
            (c for c in (*_TMUX_UNREAD, *_TMUX_ALIASES.values()) if name and c.startswith(name)),
            name,
        )
        if full in _TMUX_UNREAD:
            return Inner([], f"tmux {full} {_TMUX_UNREAD[full]}, which a rule does not read")
        if full == "set-option" and any(_TMUX_SHELL.search(plain_word(w)) for w in command):
            return Inner([], "tmux's default-command names what each new pane runs, unread")
        given = _option_commands(f"tmux {full}", command, 1)
        if given.unread is not None:
            return given
        commands += given.commands
    return Inner(commands, found.unread)


def _tmux_spans(words: list[str], at: int) -> list[list[str]]:
    """Each tmux command's words among ``words[at:]``: ``;`` ends one, as does a word
    ending in it (``ls\\;``, whose ``;`` is dropped)."""
    spans: list[list[str]] = [[]]
    for raw in words[at:]:
        word = plain_word(raw)
        if word == ";":
            spans.append([])
        elif word.endswith(";") and not word.endswith("\\;"):
            spans[-1].append(shlex.quote(word[:-1]))
            spans.append([])
        else:
            spans[-1].append(raw)
    return spans


def _begun(runner: _Runner, option: str) -> str:
    """The long option of ``runner``'s giving a command that ``option`` is the unique
    beginning of (``--exe`` for ``git rebase --exec``: getopt and git take one), or ""."""
    begun = [o for o in runner.commands if len(option) > 4 and o.startswith(option)]
    return begun[0] if len(begun) == 1 and option.startswith("--") else ""


def _option_values(runner: _Runner, words: list[str], start: int) -> Iterator[tuple[str, str, str]]:
    """Each option of ``runner``'s among ``words[start:]`` (long ones with two dashes),
    its value ("" for none) and the word holding it as written; for a ``rest`` word, the
    words after it as written."""
    at = start
    while at < len(words):
        word, raw = plain_word(words[at]), words[at]
        following, after = (
            (plain_word(words[at + 1]), words[at + 1]) if at + 1 < len(words) else ("", "")
        )
        long = "--" + word.lstrip("-") if runner.long_only and word.startswith("-") else word
        if word == "--" or long.partition("=")[0] in runner.rest or word in runner.rest:
            if word != "--":
                rest = words[at + 1 :]
                rest = rest[1:] if rest[:1] == ["--"] else rest  # (``git bisect run -- rm``)
                yield long if long in runner.rest else word, " ".join(rest), ""
            return
        if not word.startswith(("-", "+")) and runner.operands is not Operands.NONE:
            if runner.operands is Operands.REST:
                yield _OPERAND, " ".join(words[at:]), " ".join(words[at:])
                return
            yield _OPERAND, word, raw
        elif word.startswith("+") and "+" in runner.commands:
            yield "+", word.lstrip("+"), raw
        elif long.startswith("--"):
            name, equals, value = long.partition("=")
            taken = name in runner.long and not equals
            yield name, following if taken else value, after if taken else raw
            at += taken
        elif word.startswith("-"):
            for index, letter in enumerate(word[1:], start=1):
                if letter in runner.short:
                    glued = word[index + 1 :]
                    yield f"-{letter}", glued or following, raw if glued else after
                    at += not glued
                    break
        at += 1
