"""Words of a command line whose value the shell computes only when the line runs.

The checks of what a user's hook (or a ``headersHelper``) runs read its words, the line's
own variables expanded (:mod:`coordinator.tools.shell_vars`); a value made when the line
runs passes them unread: ``a=$(echo .pyuser); PYTHONUSERBASE=$a``, ``read a <<< ./w;
sh "$a"``, ``printf -v a %s ./w``, ``set -- ./w; sh "$1"``, ``a=(./w); sh "${a[0]}"``,
``eval "$(...)"``, ``source <(...)``, ``$(cat file)`` as the program (hooks114). Where such
a value reaches a place the checks care about (:func:`run_time_word`: the program a
command runs, the script or code an interpreter, a shell or ``source`` runs, a variable a
loader reads) the checks cannot tell what it runs, so it fails closed: the caller confines
the hook as one running an agent's file. Elsewhere (``echo "$(date)"``, ``jq ... | grep``)
such a value is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from coordinator.tools.implicit import loader_variable
from coordinator.tools.wrappers import KEYWORDS, SHELLS, WRAPPERS

#: What :func:`run_time_word`'s answer ends with (what the caller's message tells apart).
COMPUTED = "which the shell computes only when the line runs"
#: The variable a substitution (``$(…)``, backquotes, ``<(…)``) stands as in the words read.
_SUBSTITUTED = "__coord_run_time__"
#: A ``$`` the shell takes as written (single-quoted, escaped): never a use.
_LITERAL = "\ufffd"
#: Put before a glob's ``*``, ``?`` or ``[`` the shell expands (unquoted): the files it
#: names are those there when the line runs (``sh ./w*``: review143).
_GLOB = "\ufffe"
#: An unquoted ``*``, ``?``, or ``[`` with its ``]`` in the same run of characters.
_GLOBBING = re.compile(r"[*?]|\[(?=[^\]]*\])")
#: What a here-document stands as among a command's words until its body is read.
_DOCUMENT = "\x00"
#: The string ``find -exec`` and ``xargs``/``parallel`` replace with a name they read.
_NAMED = "{}"
#: A name ``find -exec``, ``xargs`` or ``parallel`` reads as it runs, among the words read.
_READ_NAME = "${__coord_read__}"
#: A here-document's delimiter: quoted (``'EOF'``, ``"EOF"``, ``\EOF``: its body taken as
#: written) or not (its body's ``$`` and substitutions expanded).
_DELIMITER = re.compile(r"""[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|(\\)?([^\s'";&|<>()]+))""")
#: Variables the shell itself sets while the line runs (``cd`` sets ``OLDPWD``, ``read``
#: with no name ``REPLY``, ``$_`` the last word of the command before).
_SHELL_SET = frozenset({"REPLY", "MAPFILE", "OPTARG", "OLDPWD", "BASH_REMATCH", "_", "COPROC"})
#: A use of a variable: ``${!NAME``, ``${NAME[``, ``${NAME``, ``$NAME``, ``$1``, ``$@``.
_USE = re.compile(r"\$(?:\{(!?)([A-Za-z_]\w*|\d+|[@*_])(\[?)|([A-Za-z_]\w*|\d|[@*_]))")
_ASSIGNED = re.compile(r"([A-Za-z_]\w*)\+?=")
#: Interpreters whose first operand is the script they run (a Python, node, ...).
_INTERPRETERS = (
    frozenset("node nodejs deno bun perl ruby php lua Rscript tsx ts-node".split())
    | SHELLS
    | {".", "source"}
)
#: Their options whose value is code (``-c``, ``-e``) or a module (``-m``): the last.
_CODE_OPTIONS = frozenset({"-c", "-e", "-E", "-m", "--eval", "--print", "--module", "--command"})
#: Their options whose value is a file they load first (``node -r x``, ``bash --rcfile f``).
_LOAD_OPTIONS = frozenset({"-r", "--require", "--import", "--loader", "--rcfile", "--init-file"})
#: The words ending a ``find -exec`` command.
_ENDS = frozenset({"\\;", ";", "+"})
#: Builtins giving their operands' names a value read when the line runs.
_READERS = frozenset({"read", "mapfile", "readarray", "getopts", "select"})
#: Their options taking a value (``read -p PROMPT``; ``read -a NAME`` names one).
_READER_VALUES = frozenset("-d -n -N -p -t -u -i -O -s -C -c".split())
_DECLARING = frozenset({"declare", "typeset", "local", "export", "readonly"})
#: A run of characters the reader adds to the word as they are.
_PLAIN = re.compile(r"[^\s#\\'\"$`<>;&|()]+")
#: How many command lines inside one another are read (``sh -c '...'``, a substitution).
_DEPTH = 3


def run_time_word(line: str) -> str | None:
    """``"the script sh runs, $a, which the shell computes ..."`` for the first word of the
    shell command ``line`` in a place the checks read whose value is made only when it
    runs (a substitution, a variable ``read``/``printf -v``/``mapfile``/``getopts``/an
    array/a positional parameter gives a value, or one the line assigns from such a
    value); None when there is none. Commands inside a substitution, a shell's ``-c`` line
    and an ``eval``'s line are read too, :data:`_DEPTH` deep."""
    found = _first(line, _DEPTH)
    return None if found is None else f"{found[0]}, {found[1]}, {COMPUTED}"


def _first(line: str, depth: int) -> tuple[str, str] | None:
    """:func:`run_time_word`'s ``(what, word)``, command lines inside read ``depth`` deep."""
    tokens, bodies, documents = _tokens(line)
    commands = list(_commands(tokens, documents))
    computed = _computed_names([command.words for command in commands])
    loaders = sorted(n for n in computed - _SHELL_SET if loader_variable(n))
    if loaders:  # (``read PYTHONUSERBASE``, ``PYTHONUSERBASE=$a``)
        return "the loader variable", loaders[0]
    for command in commands:
        found = _in_command(command, computed, depth)
        if found is not None:
            return found
    return _first("\n".join(bodies), depth - 1) if bodies and depth else None


class _Command:
    """A simple command: its words, whether a pipe feeds it, its redirections' targets,
    its here-documents' bodies (as a double-quoted word, or as written when quoted)."""

    __slots__ = ("documents", "inputs", "piped", "words")

    def __init__(
        self, words: list[str], piped: bool, inputs: list[str], documents: list[str]
    ) -> None:
        self.words, self.piped, self.inputs = words, piped, inputs
        self.documents = documents


def _in_command(command: _Command, computed: set[str], depth: int) -> tuple[str, str] | None:
    """``(what, word)`` for the first place of ``command`` holding a value computed when
    it runs (``computed``: the names given one): its program, past assignments, keywords
    and wrappers (with what they add to the command: :func:`_wrapped`), and what the
    program runs of its operands (:func:`_operands`)."""
    words, at, rewritten = command.words, 0, 0
    while at < len(words):
        word = words[at]
        if _ASSIGNED.match(word) or word in KEYWORDS:
            at += 1
        elif _runs_late(word, computed):
            return "the program it runs", _shown(word)
        elif word in WRAPPERS:
            start, at = at + 1, _past_options(word, words, at + 1)
            ran = _wrapped(word, words[start:at], words, at)
            if ran is not None and rewritten == _DEPTH:  # (``xargs xargs …``: fails closed)
                return "the program it runs", word
            if ran is not None:
                words, at, rewritten = ran, 0, rewritten + 1
        else:
            name = word.rsplit("/", 1)[-1]
            return _operands(name, words[at + 1 :], command, computed, depth)
    return None


def _past_options(wrapper: str, words: list[str], at: int) -> int:
    """Where the command after the ``wrapper``'s options and operands begins (``timeout
    5``, ``nice -n 5``, ``sudo -u root``)."""
    known = WRAPPERS[wrapper]
    while at < len(words) and words[at].startswith("-") and words[at] != "--":
        option = words[at]
        at += 1 + known.wide.get(option, 1) if option in known.values else 1
    return at + (at < len(words) and words[at] == "--") + known.operands


def _wrapped(wrapper: str, options: list[str], words: list[str], at: int) -> list[str] | None:
    """The words of the command the ``wrapper`` given ``options`` runs (``words`` from
    ``at``), as it runs it, where they differ (None: they do not): ``xargs`` and
    ``parallel`` put a name they read in place of their replace string (``-I {}``) or
    after the words; ``env -S`` splits its string into the first words."""
    if wrapper == "env":
        split = [v for o, v in pairwise(options) if o in ("-S", "--split-string")]
        return [*_tokens(_plain(split[0]))[0], *words[at:]] if split else None
    if wrapper not in ("xargs", "parallel") or at == len(words):
        return None
    replace = {"parallel": _NAMED}.get(wrapper)
    for option, value in pairwise([*options, ""]):
        if option in ("-I", "--replace"):
            replace = value
        elif option in ("-i", "--replace") or option.startswith(("-I", "-i")):
            replace = option[2:] or _NAMED
        elif option.startswith("--replace="):
            replace = option.split("=", 1)[1]
    command = words[at:]
    if replace and any(replace in w for w in command):
        return [w.replace(replace, _READ_NAME) for w in command]
    return [*command, _READ_NAME]


def _operands(
    name: str, args: list[str], command: _Command, computed: set[str], depth: int
) -> tuple[str, str] | None:
    """What of the program ``name``'s ``args`` a run-time value takes: the line ``eval``
    runs; an interpreter's script, code, a file it loads first, or the commands it reads
    from a pipe or a redirection when given none (:func:`_interpreted`)."""
    if name == "find":  # (``-exec sh {} \\;``: each file found as it runs)
        for at, word in enumerate(args):
            if word in ("-exec", "-execdir", "-ok", "-okdir"):
                end = next((i for i, w in enumerate(args) if i > at and w in _ENDS), len(args))
                ran = [w.replace(_NAMED, _READ_NAME) for w in args[at + 1 : end]]
                found = _in_command(_Command(ran, False, [], []), computed, depth)
                if found is not None:
                    return found
        return None
    if name == "eval":
        late = next((w for w in args if _runs_late(w, computed)), None)
        if late is not None:
            return "the command line eval runs", _shown(late)
        return _first(_plain(" ".join(args)), depth - 1) if depth else None
    if not (name in _INTERPRETERS or name.startswith("python")):
        return None
    found = _interpreted(name, args, computed, depth)
    if found != _READS_INPUT:
        return found
    given = [*command.inputs, *command.documents]
    fed = ["|"] if command.piped else [w for w in given if _runs_late(w, computed)]
    if fed:
        return f"the commands {name} reads from its input", _shown(_late_line(fed[0], computed))
    for document in command.documents if name in SHELLS and depth else ():
        found = _first(_plain(document), depth - 1)  # (a here-document's commands)
        if found is not None:
            return found
    return None


def _late_line(text: str, computed: set[str]) -> str:
    """The first line of ``text`` (a here-document's body) using a value made when it runs."""
    return next((x for x in text.splitlines() if _runs_late(x, computed)), text).strip()


#: :func:`_interpreted`'s answer for an interpreter given no script or code (it reads its
#: standard input).
_READS_INPUT = ("", "")


def _interpreted(
    name: str, args: list[str], computed: set[str], depth: int
) -> tuple[str, str] | None:
    """For the interpreter ``name``: ``(what, word)`` of its operands ``args`` made when it
    runs (its script, the code of ``-c``/``-e``, the module of ``-m``, a file ``-r`` or
    ``--rcfile`` loads); a shell's ``-c`` line read as a command line; None when there is
    none; :data:`_READS_INPUT` when it is given no script or code (it reads its input)."""
    at = 0
    while at < len(args):
        word, option = args[at], _option(args[at])
        value = args[at + 1] if at + 1 < len(args) else ""
        if option in _LOAD_OPTIONS or option in _CODE_OPTIONS:
            if _runs_late(value, computed):
                kind = "a file" if option in _LOAD_OPTIONS else "the code"
                return f"{kind} {name} runs", _shown(value)
            if option in _LOAD_OPTIONS:
                at += 2
                continue
            inner = option in ("-c", "--command") and name in SHELLS and depth
            return _first(_plain(value), depth - 1) if inner else None
        if word.startswith("-") and word not in ("-", "--"):
            at += 1
            continue
        script = args[at + (word == "--")] if at + (word == "--") < len(args) else ""
        late = _runs_late(script, computed)
        return (f"the script {name} runs", _shown(script)) if late else None
    return _READS_INPUT


def _option(word: str) -> str:
    """The option ``word`` ends with whose value the next word is: ``-c`` of ``-ec``,
    ``-lc``, ``-Im``; a long option as written."""
    if word.startswith("--") or not word.startswith("-") or len(word) < 2:
        return word
    return f"-{word[-1]}"


def _runs_late(word: str, computed: set[str]) -> bool:
    """Whether ``word`` uses a value made only when the line runs: a substitution, a
    positional parameter, an indirect ``${!…}``, an array's element, a variable of
    ``computed``; a glob (:data:`_GLOB`)."""
    if _GLOB in word:
        return True
    for match in _USE.finditer(word):
        indirect, name, element, plain = match.groups()
        name = name or plain
        if indirect or element or name[0].isdigit() or name in "@*" or name in computed:
            return True
    return False


def _computed_names(commands: list[list[str]]) -> set[str]:
    """The variables given a value only when the line runs: by ``read``, ``mapfile``,
    ``getopts``, ``select``, ``printf -v``, an array (``a=(…)``, ``declare -a``), a
    ``for`` loop over such values, or an assignment of a value using one of them (a chain
    in any order, followed in time linear in its length)."""
    computed = {_SUBSTITUTED, _READ_NAME[2:-1], *_SHELL_SET}
    users: dict[str, set[str]] = {}  # a variable: those assigned a value using it
    for words in commands:
        computed.update(_read_names(words))
        for name, value in ((m[1], w[m.end() :]) for w in words if (m := _ASSIGNED.match(w))):
            if value.startswith("(") or _runs_late(value, set()):
                computed.add(name)
            for use in _USE.finditer(value):
                users.setdefault(use[2] or use[4], set()).add(name)
    going = list(computed)
    while going:
        for name in users.get(going.pop(), ()):
            if name not in computed:
                computed.add(name)
                going.append(name)
    return computed


def _read_names(words: list[str]) -> Iterator[str]:
    """The names a builtin of ``words`` (its first word) gives a value read as it runs."""
    name = words[0] if words else ""
    args = words[1:]
    if name == "printf" and len(args) > 1 and args[0] == "-v":
        yield args[1]
    elif name in ("for", "select") and len(args) > 1:
        if name == "select" or any(_runs_late(w, {_SUBSTITUTED}) for w in args[2:]):
            yield args[0]
    elif name in _DECLARING and any(re.fullmatch(r"-\w*[aA]\w*", w) for w in args):
        yield from (w.split("=", 1)[0] for w in args if not w.startswith("-"))
    elif name in _READERS:
        at, operands = 0, []
        while at < len(args):
            if args[at] == "-a" and at + 1 < len(args):
                operands.append(args[at + 1])
            at += 2 if args[at] in _READER_VALUES or args[at] == "-a" else 1
            if not args[at - 1].startswith("-") and args[at - 1] not in _READER_VALUES:
                operands.append(args[at - 1])
        yield from (w for w in operands if re.fullmatch(r"[A-Za-z_]\w*", w))


def _shown(word: str) -> str:
    """``word`` as a message shows it (a substitution as ``$(…)``)."""
    shown = word.replace(f"${{{_SUBSTITUTED}}}", "$(…)").replace(_READ_NAME, _NAMED)
    shown = shown.replace(_GLOB, "")
    return shown.replace(_LITERAL, "$")


def _plain(word: str) -> str:
    """A word's text as the shell passes it on (a literal ``$`` as written)."""
    return word.replace(_LITERAL, "$").replace(_GLOB, "")


def _commands(tokens: list[str], documents: list[str]) -> Iterator[_Command]:
    """The simple commands of ``tokens`` (split at the separators ``;`` and ``|``), each
    with its redirections' targets apart (a here-document's: its body, of ``documents``)
    and whether a pipe feeds it."""
    words: list[str] = []
    inputs: list[str] = []
    bodies: list[str] = []
    piped = redirected = False
    for token in [*tokens, ";"]:
        if token in (";", "|"):
            if words:
                yield _Command(words, piped, inputs, bodies)
            words, inputs, bodies, piped, redirected = [], [], [], token == "|", False
        elif token == "<>":
            redirected = True
        elif redirected:
            if token.startswith(_DOCUMENT):
                bodies.append(documents[int(token[1:])])
            else:
                inputs.append(token)
            redirected = False
        else:
            words.append(token)


def _tokens(line: str) -> tuple[list[str], list[str], list[str]]:
    """``line``'s words as the shell splits them (quotes removed; a ``$`` taken as written
    marked :data:`_LITERAL`, a glob's character :data:`_GLOB`; a substitution standing as
    ``${__coord_run_time__}``, an array's words as one), its separators as ``;`` (``|``
    kept), a redirection as ``<>`` before its target (a here-document's: :data:`_DOCUMENT`
    and its number), a comment and a ``case``'s patterns left out; the substitutions'
    bodies; and the here-documents' bodies."""
    reader = _Tokens(line)
    reader.read()
    return reader.tokens, reader.bodies, reader.documents


class _Tokens:
    """:func:`_tokens`' reader: one pass over the line, in linear time."""

    def __init__(self, line: str) -> None:
        self.text, self.at = line, 0
        self.tokens: list[str] = []
        self.bodies: list[str] = []
        self.word: list[str] | None = None
        self.heredocs: list[tuple[str, bool, int]] = []
        self.documents: list[str] = []
        self.cases = 0  # (``case`` commands open)
        self.parens = 0  # (subshells open)
        self.separated = 0  # (where the tokens after the last ``;`` begin)
        self.patterns: int | None = None  # (where a ``case``'s patterns begin)

    def add(self, text: str) -> None:
        if self.word is None:
            self.word = []
        self.word.append(text)

    def end(self, *then: str) -> None:
        if self.word is not None:
            self.tokens.append("".join(self.word))
            self._case(self.tokens)
        self.word = None
        self.tokens.extend(then)
        if ";" in then:
            self.separated = len(self.tokens)

    def _case(self, tokens: list[str]) -> None:
        """Note a ``case WORD in`` (its patterns begin) and an ``esac`` (it ends)."""
        if tokens[-1] == "esac" and self.cases:
            self.cases, self.patterns = self.cases - 1, None
        elif tokens[-1] == "in" and len(tokens) > 2 and tokens[-3] == "case":
            if len(tokens) == 3 or tokens[-4] in (";", "|") or tokens[-4] in KEYWORDS:
                self.cases, self.patterns = self.cases + 1, len(tokens)

    def read(self) -> None:
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            plain = _PLAIN.match(text, self.at)
            if plain is not None:  # (characters that change nothing but the word, at once)
                self.add(_GLOBBING.sub(lambda m: _GLOB + m[0], plain.group()))
                self.at = plain.end()
            elif char in " \t":
                self.end()
                self.at += 1
            elif char == "\n":
                self.end(";")
                self.at += 1
                self._skip_heredocs()
            elif char == "#" and self.word is None:
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            elif char == "\\":  # (``\\;`` kept whole: ``find -exec``'s end, not a separator)
                escaped = text[self.at + 1 : self.at + 2]
                self.add({"$": _LITERAL, ";": "\\;"}.get(escaped, escaped))
                self.at += 2
            elif char == "'" or text.startswith("$'", self.at):
                self.at += 1 + (char == "$")
                end = text.find("'", self.at)
                end = len(text) if end < 0 else end
                self.add(text[self.at : end].replace("$", _LITERAL))
                self.at = end + 1
            elif char == '"':
                self._double()
            elif char in "<>" and text.startswith("(", self.at + 1):
                self._substitution(self.at + 2)
            elif char in "<>":
                self._redirection()
            elif char in ";&|()":
                self._operator()
            elif char in "$`":
                self._dollar()
            else:
                self.add(char)
                self.at += 1
        self.end()

    def _operator(self) -> None:
        """``;``, ``&&``, ``||``, ``|``, ``&``, ``(``, ``)``; an array's ``NAME=(…)``."""
        char = self.text[self.at]
        if char == "(" and self.word and _ASSIGNED.fullmatch("".join(self.word)):
            end = self._closing(self.at + 1)
            self.add(f"(${{{_SUBSTITUTED}}})")  # (an array: its words unread, computed)
            self.at = end + 1
            return
        if char == ")" and (self.patterns is not None or not self.parens):
            self.end()  # (a ``case``'s patterns, not run; its ``case … in`` maybe elsewhere)
            del self.tokens[self.separated if self.patterns is None else self.patterns :]
            self.patterns, self.separated = None, min(self.separated, len(self.tokens))
        elif char in "()":
            self.parens += 1 if char == "(" else -1
        self.end("|" if char == "|" and not self.text.startswith("||", self.at) else ";")
        pair = self.text[self.at : self.at + 2]
        self.at += 2 if pair in ("&&", "||", ";;", ";&") else 1
        if pair in (";;", ";&") and self.cases:
            self.patterns = len(self.tokens)

    def _redirection(self) -> None:
        """A redirection: ``<``, ``>``, ``>>``, ``<<<``, ``2>&1``; a here-document's
        delimiter noted, its body skipped at the line's end."""
        self.end()
        start = self.at
        while self.at < len(self.text) and self.text[self.at] in "<>&-":
            self.at += 1
        operator = self.text[start : self.at]
        if self.tokens and self.tokens[-1].isdigit():
            self.tokens.pop()  # (``2>``: the descriptor)
        self.tokens.append("<>")
        match = _DELIMITER.match(self.text, self.at) if operator in ("<<", "<<-") else None
        if match:  # (the delimiter: the body's number stands for it)
            self.at = match.end()
            quoted = match[4] is None or match[3] is not None
            self.heredocs.append((match[1] or match[2] or match[4], quoted, len(self.documents)))
            self.tokens.append(f"{_DOCUMENT}{len(self.documents)}")
            self.documents.append("")

    def _skip_heredocs(self) -> None:
        """Past the bodies of the here-documents the line before opened, each kept (as the
        shell passes it on: a quoted delimiter's as written, else as a double-quoted word
        whose substitutions' bodies are read too)."""
        for delimiter, quoted, number in self.heredocs:
            lines = []
            while self.at < len(self.text):
                end = self.text.find("\n", self.at)
                end = len(self.text) if end < 0 else end
                line = self.text[self.at : end]
                self.at = end + 1
                if line.lstrip("\t") == delimiter:
                    break
                lines.append(line + "\n")
            body = "".join(lines)
            self.documents[number] = body.replace("$", _LITERAL) if quoted else self._expanded(body)
        self.heredocs = []

    def _expanded(self, body: str) -> str:
        """A here-document's ``body`` as a double-quoted word; its substitutions' bodies
        noted."""
        reader = _Tokens(body)
        reader.add("")
        reader.quoted("")
        self.bodies.extend(reader.bodies)
        return "".join(reader.word or ())

    def _double(self) -> None:
        """A double-quoted string: ``\\$`` and ``\\"`` escaped, substitutions kept."""
        self.add("")
        self.at += 1
        self.quoted('"')
        self.at += 1

    def quoted(self, close: str) -> None:
        """Text read as between double quotes up to ``close`` (or the end)."""
        text = self.text
        while self.at < len(text) and text[self.at] != close:
            char = text[self.at]
            if char == "\\" and text[self.at + 1 : self.at + 2] in ('"', "\\", "`", "$", "\n"):
                self.add(_LITERAL if text[self.at + 1] == "$" else text[self.at + 1])
                self.at += 2
            elif char in "$`":
                self._dollar()
            else:
                self.add(char)
                self.at += 1

    def _dollar(self) -> None:
        """``$(…)`` and backquotes (a substitution), ``$((…))`` (a number), ``${…}`` kept
        whole, any other ``$`` as written."""
        text, at = self.text, self.at
        if text.startswith("$((", at):
            self.add("0")
            self.at = self._closing(at + 2) + 1
            self.at += text[self.at : self.at + 1] == ")"
        elif text.startswith("$(", at):
            self._substitution(at + 2)
        elif text[at] == "`":
            end = text.find("`", at + 1)
            end = len(text) if end < 0 else end
            self.bodies.append(text[at + 1 : end])
            self.add(f"${{{_SUBSTITUTED}}}")
            self.at = end + 1
        elif text.startswith("${", at):
            end = text.find("}", at)
            end = len(text) if end < 0 else end
            self.add(text[at : end + 1])
            self.at = end + 1
        else:  # (``$?``, ``$*``: no glob)
            special = text[at + 1 : at + 2] in ("?", "*")
            self.add(text[at : at + 1 + special])
            self.at += 1 + special

    def _substitution(self, start: int) -> None:
        """``$(…)``, ``<(…)`` or ``>(…)`` whose body begins at ``start``."""
        end = self._closing(start)
        self.bodies.append(self.text[start:end])
        self.add(f"${{{_SUBSTITUTED}}}")
        self.at = end + 1

    def _closing(self, start: int) -> int:
        """Where the ``)`` closing the parenthesis open before ``start`` is (quotes
        skipped); the line's end when none does."""
        depth, at, text = 1, start, self.text
        while at < len(text):
            char = text[at]
            if char in "'\"":
                end = text.find(char, at + 1)
                at = len(text) if end < 0 else end
            elif char == "\\":
                at += 1
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return at
            at += 1
        return len(text)
