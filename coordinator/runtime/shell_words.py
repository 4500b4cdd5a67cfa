"""A Bash command read as the shell reads it, far enough to tell what an allow rule or a
``tools: Bash(...)`` limit would approve: its simple commands (split at ``&&``, ``||``,
``;``, ``|``, ``|&``, ``&`` and newlines outside quotes), each one's words as written, the
files its redirections write, and whether it runs a command inside its words (``$(…)``,
backticks, ``<(…)``/``>(…)``).

Quotes are honoured: ``git log --grep='a && b'`` is one command and ``git commit -m "a > b"``
writes no file; a ``$(…)`` inside double quotes still runs, inside single quotes it does not.
A here-document's body is data, no command (:func:`without_data`), though an unquoted
delimiter's ``$(…)`` and backticks run (the line is marked as running a command inside),
and a body the command reading that redirection runs (a shell, xargs, an interpreter:
``sh <<'EOF'``, not ``cat <<'EOF' | grep bash``) is its commands; a ``<<`` bash may read as none (in
arithmetic or ``${…}`` still open, in backticks, before ``$(`` on its line) is read as
no here-document, so its lines as commands. A shell (or ``.``/``source`` of ``/dev/stdin``,
or xargs running the words it reads) fed on its standard input runs commands no rule can
read (:func:`input_unread`: a pipe, a file, a process substitution, a built here-string),
but a here-string's literal text (:func:`here_string`) and a here-document's body; the
script file a shell, ``.`` or a path runs (:func:`script_file`), for a deny rule to read.
What this reader does not follow (arithmetic, ``case`` patterns) it reads as more commands
or as a substitution, so an allow rule approves less, never more; :func:`name_at` steps
past a function's heading (``f() {``, ``function f``) and a ``case`` pattern (``a)``) to
the command they hold, and :func:`deferred_strings` gives the strings ``trap`` and
``alias`` keep to run later.

:data:`coordinator.tools.wrappers.WRAPPERS` is the one table of the words that run the
command after them (``timeout 5``, ``sudo -u root``, ``xargs -n 1``) with their options
(a leaf module the tools layer reads too): the allow side strips Claude Code's five
(:func:`unwrapped`), and :func:`name_at` finds a command's name past any of them (a deny
rule, :mod:`coordinator.runtime.shell_options`); :func:`split_string` the command ``env -S
'rm x'`` runs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from coordinator.tools.wrappers import COMMAND_TAKERS, KEYWORDS, SHELLS, WRAPPERS, Wrapper

#: Operators that end a simple command (longest first).
_SEPARATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "\n")
#: Redirection operators (longest first); ``&>``/``&>>`` are checked before ``&``.
_REDIRECTIONS = ("&>>", "&>", "<<<", "<<-", ">>", ">|", ">&", "<<", "<>", "<&", ">", "<")
#: Redirections that only read (a here-string, a here-document, a file as input).
_READING = frozenset({"<", "<<", "<<-", "<<<", "<&"})
#: Runs of characters that only add to a word, outside quotes and inside each kind.
_PLAIN_RUN = re.compile(r"[^ \t\n'\"\\#<>&|;$`]+")
_QUOTED_RUNS = {
    "'": re.compile(r"[^']+"),
    '"': re.compile(r'[^"\\$`]+'),
    "$'": re.compile(r"[^'\\]+"),
}
#: Where output may go without writing a file.
_NOWHERE = frozenset({"/dev/null", "'/dev/null'", '"/dev/null"'})


@dataclass
class SimpleCommand:
    """One simple command: its words as written, the files it writes by redirection."""

    words: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    #: Its standard input's redirections, in order (operator, word as written: ``<``,
    #: ``<<``, ``<<-``, ``<<<``, ``<&``, ``<>``); the last one is what it reads.
    inputs: list[tuple[str, str]] = field(default_factory=list)
    #: Whether its standard input is the output of the command before it (``|``, ``|&``).
    piped: bool = False

    @property
    def text(self) -> str:
        """The command as written, without its redirections."""
        return " ".join(self.words)


@dataclass
class ShellCommand:
    """A whole command line: its simple commands, and whether it could be read."""

    parts: list[SimpleCommand] = field(default_factory=list)
    #: A substitution (``$(…)``, backticks, ``<(…)``, ``>(…)``) runs a command inside.
    substitution: bool = False
    #: Why the line cannot be read (an unclosed quote, a redirection with no target).
    unreadable: str | None = None
    #: Where the here-documents' bodies that run nothing are in the text (start, end):
    #: a quoted delimiter's, or one without ``$(`` or a backtick.
    data: list[tuple[int, int]] = field(default_factory=list)
    #: For each body of :attr:`data`, the simple command whose redirection opened it and
    #: that redirection's operator (``<<``, ``3<<-``): what reads the body.
    readers: list[tuple[SimpleCommand, str]] = field(default_factory=list)


class _HereDocument:
    """A here-document whose body follows the line: its delimiter, whether ``<<-`` strips
    the body's leading tabs, whether the delimiter is quoted (the body runs nothing), the
    simple command that reads it and the redirection's operator (``<<``, ``3<<``)."""

    __slots__ = ("delimiter", "operator", "part", "quoted", "tabs")

    def __init__(self, delimiter: str, quoted: bool, part: SimpleCommand, operator: str) -> None:
        self.delimiter = delimiter
        self.tabs = operator.endswith("-")
        self.quoted = quoted
        self.part = part
        self.operator = operator


class _Before:
    """What :func:`_begins_body` has read of the text before a ``<<``: the text to
    ``scanned`` without the bodies (the first ``data_seen`` of them), settled up to a point
    no :data:`_CLOSED` match crosses (a ``$`` or a newline: ``opened`` when it left
    :data:`_ARITHMETIC` open, ``carry`` its last character after :data:`_CLOSED` was taken
    out), the ``tail`` after it; the current line's end and its last :data:`_BEFORE_BODY`."""

    __slots__ = (
        *("arithmetic", "carry", "data_seen", "held", "last", "line_end", "opened"),
        *("scanned", "tail"),
    )

    def __init__(self) -> None:
        self.scanned, self.data_seen, self.opened = 0, 0, False
        self.carry, self.tail = "", ""
        self.line_end, self.last = -1, -1
        #: Whether ``tail`` is a ``$((`` not yet closed (:data:`_OPEN_ARITHMETIC`): open
        #: whatever follows that cannot close it (:data:`_ARITHMETIC_TEXT`), kept in
        #: ``held`` until something else comes.
        self.arithmetic, self.held = False, list[str]()


class _Reader:
    """The character-by-character state of :func:`read_command`."""

    def __init__(self) -> None:
        self.found = ShellCommand()
        self.part = SimpleCommand()
        self.word: str | None = None
        self.redirect: str | None = None
        #: Whether the ``<<`` being read begins a here-document (not in arithmetic).
        self.here = False
        self.pending: list[_HereDocument] = []
        #: :func:`_begins_body`'s reading so far, kept so that each ``<<`` reads only the
        #: text since the one before it (linear in the text, not in ``<<`` x text).
        self.before = _Before()

    def end_word(self) -> None:
        word, self.word = self.word, None
        if word is None:
            return
        if self.redirect is None:
            self.part.words.append(word)
            return
        operator, self.redirect = self.redirect, None
        delimiter = plain_word(word)
        if self.here and _DELIMITER.fullmatch(delimiter) and "$" not in word:
            quoted = any(c in word for c in "'\"\\")
            self.pending.append(_HereDocument(delimiter, quoted, self.part, operator))
        if _writes(operator, word):
            self.part.writes.append(f"{operator}{word}")
        if operator.lstrip("0") in _READING | {"<>"} and operator[:1] in "<0":
            self.part.inputs.append((operator.lstrip("0"), word))

    def end_part(self) -> None:
        self.end_word()
        if self.redirect is not None:
            self.found.unreadable = f"the redirection {self.redirect} has no file"
        if self.part.words or self.part.writes:
            self.found.parts.append(self.part)
        self.part = SimpleCommand()

    def add(self, chars: str) -> None:
        self.word = (self.word or "") + chars


def _writes(operator: str, target: str) -> bool:
    """Whether ``operator target`` writes a file: not a read, not a copy of a descriptor
    (``2>&1``, ``>&2``, ``>&-``), not ``/dev/null``."""
    operator = operator.lstrip("0123456789")
    if operator in _READING:
        return False
    if operator == ">&" and (target.isdigit() or target == "-"):
        return False
    return target not in _NOWHERE


def read_command(command: str) -> ShellCommand:
    """``command`` split into its simple commands (a backslash before a newline joins the
    lines outside single quotes, as the shell reads it)."""
    reader = _Reader()
    text, at, quote = command, 0, ""
    while at < len(text):
        run = (_QUOTED_RUNS[quote] if quote else _PLAIN_RUN).match(text, at)
        if run is not None:  # characters that change nothing but the word, read at once
            reader.add(run.group())
            at = run.end()
            continue
        char = text[at]
        if quote:
            at, closed = _quoted(reader, text, at, quote)
            quote = "" if closed else quote
        elif text.startswith("\\\n", at):  # a line continuation joins the words
            at += 2
        elif char == "\\":
            reader.add(text[at : at + 2])
            at += 2
        elif char in "'\"" or text.startswith("$'", at):
            quote = "$'" if char == "$" else char
            reader.add(quote)
            at += len(quote)
        elif char == "#" and reader.word is None:  # a comment, to the end of the line
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
        elif char in " \t":
            reader.end_word()
            at += 1
        else:
            at = _unquoted(reader, text, at)
    if quote:
        reader.found.unreadable = f"an unclosed {quote} quote"
    reader.end_part()
    return reader.found


def _quoted(reader: _Reader, text: str, at: int, quote: str) -> tuple[int, bool]:
    """Read one character (or, in double quotes and ``$'…'``, an escaped pair) inside a
    quote: the next position, and whether it closed the quote."""
    char = text[at]
    if quote == '"' and text.startswith("\\\n", at):  # a line continuation
        return at + 2, False
    if quote != "'" and char == "\\":
        reader.add(text[at : at + 2])
        return at + 2, False
    if quote == '"' and (char == "`" or text.startswith("$(", at)):
        reader.found.substitution = True
    reader.add(char)
    return at + 1, char == quote[-1]


#: A here-document's delimiter this reads (a plain word, quoted or not).
_DELIMITER = re.compile(r"[\w.+-]+")
#: What bash may still be inside when it reaches a ``<<`` after it, even from an earlier
#: line, where the ``<<`` is no here-document's: arithmetic, a parameter expansion, an
#: array's subscript (``$((1<<2))``, ``${x//<</}``, ``a[1<<2]=x``, ``echo ${y/a/`` then a
#: line ``<< x }``) or backticks (whose here-document has no body after the line).
_ARITHMETIC = re.compile(r"\(\(|\$\[|\$\{|\w\[|`")
#: Those closed where they open, which leave nothing open (``${HOME}``, ``$((n+1))``).
_CLOSED = re.compile(r"\$\{\w+\}|\$\(\([^()'\"\\`$\n]*\)\)")
#: After a ``<<`` on its line (to a newline not continued), what makes bash read other
#: lines before the body or end the here-document on that line: ``$(``, ``<(``, ``>(``, a
#: closing parenthesis or a backtick (``$(cat <<EOF )``, ``cat <<EOF $(`` then lines).
#: The beginnings of a :data:`_CLOSED` match, which more text could still complete.
_OPENING = re.compile(r"\$(?:\{\w*|\(\([^()'\"\\`$\n]*\)?|\(?)")
#: A ``$((`` not closed, and text that cannot close it (no parenthesis, quote, ``$``...).
_OPEN_ARITHMETIC = re.compile(r"\$\(\([^()'\"\\`$\n]*")
_ARITHMETIC_TEXT = re.compile(r"[^()'\"\\`$\n]*")
_BEFORE_BODY = re.compile(r"[`)]|[$<>]\(")
_LINE_END = re.compile(r"(?<!\\)\n")
#: What in an unquoted delimiter's body runs a command.
_RUNS = re.compile(r"\$\(|`")


def _begins_body(reader: _Reader, text: str, at: int) -> bool:
    """Whether the ``<<`` at ``at`` begins a here-document whose body is the lines after
    its line, as bash reads it: nothing before it (but the bodies read) left open where a
    ``<<`` is none (:data:`_ARITHMETIC`), nothing after it on its line that bash reads
    first or that ends it there (:data:`_BEFORE_BODY`). Otherwise its lines are read as
    commands: an allow rule approves less, a deny rule sees more. Each call reads the text
    since the last (:class:`_Before`)."""
    if _opened_before(reader, text, at):
        return False
    seen = reader.before
    if at > seen.line_end:  # a new line: its end, and where its last opener stands
        line = _LINE_END.search(text, at)
        seen.line_end = line.start() if line else len(text)
        found = [m.start() for m in _BEFORE_BODY.finditer(text, at, seen.line_end)]
        seen.last = found[-1] if found else -1
    return seen.last < at + 2


def _opened_before(reader: _Reader, text: str, at: int) -> bool:
    """Whether the text before ``at``, without the bodies read, leaves :data:`_ARITHMETIC`
    open once :data:`_CLOSED` is taken out; settled up to its last ``$`` (no :data:`_CLOSED`
    match holds a second one), or whole when no match can begin there (:data:`_OPENING`),
    so each call reads anew only the text after it."""
    seen, pieces, start = reader.before, [], reader.before.scanned
    for data, end in reader.found.data[seen.data_seen :]:
        pieces.append(text[start:data])
        start = end
    seen.data_seen = len(reader.found.data)
    added = "".join([*pieces, text[start:at]])
    seen.scanned = at
    if seen.arithmetic and _ARITHMETIC_TEXT.fullmatch(added):
        seen.held.append(added)  # (still inside ``$((``: not read again, nor copied)
        return True
    seen.tail += "".join([*seen.held, added])
    seen.held = []
    cut = seen.tail.rfind("$")
    if cut < 0 or _CLOSED.match(seen.tail, cut) or not _OPENING.fullmatch(seen.tail, cut):
        cut = len(seen.tail)  # (from its last ``$``, no match can begin: all settled)
    if cut > 0:
        settled = seen.carry + _CLOSED.sub("", seen.tail[:cut])
        seen.opened = seen.opened or bool(_ARITHMETIC.search(settled))
        seen.carry, seen.tail = settled[-1:], seen.tail[cut:]
    seen.arithmetic = bool(_OPEN_ARITHMETIC.fullmatch(seen.tail))
    return seen.opened or bool(_ARITHMETIC.search(seen.carry + _CLOSED.sub("", seen.tail)))


def _bodies(reader: _Reader, text: str, at: int) -> int:
    """Past the bodies of the here-documents the line before ``at`` opened, in order, to
    each one's delimiter line (or the end); the next position. A body is data: a quoted
    delimiter's runs nothing; an unquoted one's ``$(…)`` and backticks run, and mark the
    line (a body line is never a command; a ``\\`` before a newline is not joined here,
    so a body ends no later than the shell's). A line beginning with the delimiter and
    holding a ``)`` ends a body inside ``$(…)`` (``EOF)``): that body is no data."""
    for here in reader.pending:
        start, closes = at, False
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[at:end].lstrip("\t") if here.tabs else text[at:end]
            at = end + 1
            if line == here.delimiter:
                break
            closes = closes or (line.startswith(here.delimiter) and ")" in line)
        body = text[start : min(at, len(text))]
        if not closes and (here.quoted or not _RUNS.search(body)):
            reader.found.data.append((start, min(at, len(text))))
            reader.found.readers.append((here.part, here.operator))
        else:
            reader.found.substitution = True
    reader.pending = []
    return at


#: Programs that run what they read as commands (xargs: as the command's words, ``xargs
#: -L1 env``, ``xargs -I{} {}``): a body they may read is no data.
_RUN_INPUT = COMMAND_TAKERS | {"source", "parallel", "xargs"}
_NAME_PIECE = re.compile(r"[\w.+-]+")
#: The dot command, alone or just inside a substitution or group (``$(. /dev/stdin)``).
_DOT = re.compile(r"(?:^|[(`{!])\.$")


def without_data(command: str, starts: Callable[[str], bool] | None = None) -> str:
    """``command`` without the here-documents' bodies that run nothing
    (:attr:`ShellCommand.data`): a deny rule reads no command in them (``cat <<'EOF'``, a
    line ``rm -rf src`` in it, is one command, cat, even in ``cat <<'EOF' | grep bash``);
    a body the command reading it runs as commands stays (:func:`_reads_body`: ``bash
    <<'EOF'``, ``xargs -L1 env <<'EOF'``, ``python3 - <<'EOF'``; ``cat <<'EOF' | sh`` is
    a shell reading a pipe, :func:`input_unread`). ``starts``: an interpreter's body stays
    only when ``starts`` says it may start a program in its language (``python3 - <<'EOF'``
    with ``print([1,2])`` builds no command: read for names the shell builds, its ``[1,2]``
    was one)."""
    if "<<" not in command:
        return command
    read = read_command(command)
    kept, at = [], 0
    for (start, end), (part, operator) in zip(read.data, read.readers, strict=True):
        interpreted = starts is None or starts(command[start:end])
        if not _reads_body(part, operator, interpreted=interpreted):
            kept.append(command[at:start])
            at = end
    return "".join([*kept, command[at:]])


#: Interpreters that run a program read from their standard input (``python3 - <<'EOF'``),
#: by name without its version (``python3.11``): a body they read is read as commands,
#: as before trust67 (a line of it that names a denied command is refused).
INTERPRETERS = frozenset({"python", "perl", "ruby", "node", "php", "lua", "tclsh", "Rscript"})
#: What opens a command inside a word (``x=$(sh``, `` `sh``, ``<(sh``).
_OPENERS = re.compile(r"\$\(|`|[<>]\(")


def _reads_body(part: SimpleCommand, operator: str, *, interpreted: bool = True) -> bool:
    """Whether ``part``, whose redirection ``operator`` opened a here-document, may run
    its body as commands: on its standard input, when it or a command opened inside its
    words (``x=$(sh <<'EOF'``) reads its commands from there (:func:`_command_reader`: a
    shell with no script file or ``-s``, ``. /dev/stdin``, xargs running what it reads,
    su, a wrapper that runs a shell by itself, ``sudo -s``) or is an interpreter; on
    another descriptor (``3<<'EOF'``, read as ``/dev/fd/3``), when a word of it names a
    shell or such at all (:func:`_runs_input`). Not ``interpreted``: an interpreter's
    body is data (:func:`without_data`'s ``starts``)."""
    if operator.rstrip("<-") not in ("", "0"):
        return _runs_input(part)
    for words in _commands_in(part.words):
        program = _command_reader(words)[0]
        at = name_at(words)
        name = plain_word(words[at]).rsplit("/", 1)[-1] if at < len(words) else ""
        if program is not None or (interpreted and name.rstrip("0123456789.") in INTERPRETERS):
            return True
    return False


def _commands_in(words: list[str]) -> Iterator[list[str]]:
    """``words``, and the words of each command a substitution opens inside them (the text
    after a word's last ``$(``, backtick, ``<(`` or ``>(``, with the words after it)."""
    yield words
    for at, word in enumerate(words):
        pieces = _OPENERS.split(word)
        if len(pieces) > 1:
            yield [w for w in (pieces[-1], *words[at + 1 :]) if w]


def _runs_input(part: SimpleCommand) -> bool:
    """Whether ``part`` could run what it reads as commands: a word naming a shell,
    ``su``, ``script``, ``source``, ``parallel`` or ``xargs`` anywhere (``xargs sh -c``, ``$(sh)``,
    ``/bin/bash``), or the dot command (``. /dev/stdin``)."""
    name = name_at(part.words)
    for at, word in enumerate(part.words):
        plain = plain_word(word)
        if any(piece in _RUN_INPUT for piece in _NAME_PIECE.findall(plain)):
            return True
        if _DOT.search(plain) and (at == name or plain != "."):
            return True
    return False


#: The operands that name a program's standard input (``sh /dev/stdin``, ``. /dev/fd/0``).
_STDIN_FILES = frozenset({"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
#: A shell's options whose value is the next word (``bash -o pipefail``, ``--rcfile F``).
_SHELL_VALUES = frozenset({"--rcfile", "--init-file"})
#: A shell's options that run a startup file first: its own (``--rcfile F``), or, as a
#: login shell, ``~/.profile`` and ``~/.bash_profile``; and the short ones (``-i``, ``-l``).
_SHELL_STARTS = _SHELL_VALUES | {"--login"}
_STARTS = frozenset("il")


def input_unread(part: SimpleCommand) -> str | None:
    """Why ``part`` runs commands no rule can read, or None: a shell (past wrappers, no
    ``-c`` string and no script file, or ``-s``) or ``.``/``source`` of ``/dev/stdin``
    whose standard input is a pipe, a file, a built here-string or whatever the call was
    given (``echo 'rm x' | sh``, ``bash < f.sh``, ``curl … | sh``), or a script from a
    process substitution (``sh <(…)``). A here-document's body (commands to a deny rule:
    :func:`without_data`) and a here-string's literal text (:func:`here_string`) are read."""
    program, why = _command_reader(part.words)
    if program is None:
        return None
    if why is not None:
        return why
    operator, word = part.inputs[-1] if part.inputs else ("", "")
    if operator in ("<<", "<<-") or (operator == "<<<" and not built(word)):
        return None
    if program in _OWN_SHELLS and not (operator or part.piped):
        return None  # (``script session.log``: the call's input, /dev/null, is no pipe)
    if operator == "<<<":
        what = f"the here-string {word}, which the shell builds when it runs"
    elif operator:
        what = f"the file {word}"
    else:
        what = "the output of the command before it" if part.piped else "the call's input"
    return (
        f"{program} reads the commands it runs from its standard input ({what}), which a "
        "rule cannot read; write the commands in the call, or in a here-document"
    )


def here_string(part: SimpleCommand) -> str | None:
    """The literal text a shell (or ``.``/``source`` of ``/dev/stdin``) in ``part`` reads
    as its commands from a here-string (``sh <<< 'rm x'``), or None."""
    operator, word = part.inputs[-1] if part.inputs else ("", "")
    if operator != "<<<" or built(word) or _command_reader(part.words)[0] is None:
        return None
    return plain_word(word)


def _own_words(words: list[str]) -> list[str]:
    """A simple command's words without a group's or substitution's opening glued to its
    first word (``(sh``, ``{``) and from its closing word on (``( sh )``: no script ``)``)."""
    words = [w for w in (words[0].lstrip("(`{"), *words[1:]) if w] if words else []
    closing = next((i for i, w in enumerate(words) if i and w in (")", "}", "`")), len(words))
    return words[:closing]


def _command_reader(words: list[str]) -> tuple[str | None, str | None]:
    """The program of ``words`` (past wrappers) that reads its commands from its standard
    input, or None; and why no text of its input can be read as them, if so (a process
    substitution as its script, ``sh <(…)``; a shell xargs hands its input's words to).
    A group's or substitution's closing word ends them (``( sh )``: no script ``)``)."""
    words = _own_words(words)
    at = name_at(words)
    name = plain_word(words[at]).rstrip(")`").rsplit("/", 1)[-1] if at < len(words) else ""
    rest = [plain_word(w) for w in words[at + 1 :]]
    runner = _input_runner(words, at, name)
    if runner is not None and name in SHELLS and _shell_script_file(rest) is not None:
        return runner, (
            f"{runner} hands the words it reads from its standard input to {name}, where they "
            "can be its options (-c 'a command'), which a rule cannot read"
        )
    if runner is not None:
        return runner, None
    if name in _OWN_SHELLS and not any(_COMMAND_OPTION.match(w) for w in rest):
        return name, None  # (``su me``, ``script``: a shell of theirs)
    if at >= len(words):  # (``sudo -s``, ``unshare``: wrappers with no command)
        own = [w for w, _, _ in _wrapper_spans(words) if w in _OWN_SHELLS]
        return (own[-1], None) if own else (None, None)
    if name in (".", "source"):
        file: str | None = next((w for w in rest if w != "--"), "")
    else:
        file = _shell_script_file(rest) if name in SHELLS else None
    if file is None:
        return None, None
    if file.startswith("<("):
        return name, (
            f"{name} runs as its commands the output of a process substitution, <(…), which a "
            "rule cannot read"
        )
    return (name, None) if file in _STDIN_FILES or (name in SHELLS and not file) else (None, None)


def script_file(words: list[str]) -> tuple[str, str] | None:
    """The script file the simple command ``words`` runs, and what runs it: a shell's
    (``sh f.sh``, ``bash -x f.sh``; not ``-c``, ``-s``, its standard input or ``<(…)``),
    ``.``/``source``'s (``. f``), or the command itself when named by a path (``./f.sh``:
    the file as both); None otherwise."""
    words = _own_words(words)
    at = name_at(words)
    if at >= len(words):
        return None
    written = plain_word(words[at]).rstrip(")`")
    name, rest = written.rsplit("/", 1)[-1], [plain_word(w) for w in words[at + 1 :]]
    if name in SHELLS:
        file = _shell_script_file(rest)
    elif name in (".", "source"):
        file = next((w for w in rest if w != "--"), None)
    else:
        return (written, written) if "/" in written and written not in _STDIN_FILES else None
    if not file or file in _STDIN_FILES or file.startswith("<("):
        return None
    return name, file


#: Programs that run a shell of their own when given no command (``sudo -s``, ``unshare``,
#: ``chroot DIR``, ``su me``, ``script``), which reads its commands from standard input;
#: ``at`` and ``batch``, which queue the commands of theirs for a shell.
_OWN_SHELLS = frozenset(
    "sudo doas unshare nsenter chroot firejail fakeroot su runuser script systemd-run "
    "at batch".split()
)
#: An option handing su, runuser or script a command (``-c``, ``-qc``, ``--command``).
_COMMAND_OPTION = re.compile(r"-[a-zA-Z]*c|--c|--session-c")


#: xargs's options that name the string its input replaces (``-I {}``, ``-i``: ``{}``).
_REPLACE = re.compile(r"(?:-I|--replace=)(.*)|-i(.*)|--replace")


def _input_runner(words: list[str], at: int, name: str) -> str | None:
    """``xargs`` or ``parallel`` among the wrappers of ``words`` (the command's name at
    ``at``) when the words it reads become a command: no command after it but another
    wrapper (``xargs -L1 env``, ``parallel`` alone), or its replace string in the name or
    in a shell's or eval's words (``xargs -I{} sh -c {}``); else None."""
    spans = [span for span in _wrapper_spans(words) if span[0]]
    runners = [span for span in spans if span[0] in ("xargs", "parallel")]
    if not runners:
        return None
    runner, start, end = runners[-1]
    if at >= len(words):
        return runner if runner == "parallel" or spans[-1][1] > start else None
    if name in SHELLS and _shell_script_file([plain_word(w) for w in words[at + 1 :]]) is not None:
        return runner  # (``xargs sh``: the words read could be ``-c 'rm x'``)
    replace = "{}" if runner == "parallel" else None
    for i in range(start + 1, end):
        given = _REPLACE.fullmatch(plain_word(words[i]))
        if given is not None:
            value = given[1] if given[1] is not None else given[2]
            following = plain_word(words[i + 1]) if i + 1 < end else ""
            replace = value or ("{}" if given[1] is None else following)
    if replace is None:
        return None
    held = [plain_word(w) for w in words[at:]] if name in (*COMMAND_TAKERS, "eval") else []
    return runner if any(replace in w for w in [plain_word(words[at]), *held]) else None


def startup_file(words: list[str]) -> str | None:
    """The option by which the shell the simple command ``words`` runs (past wrappers) runs
    a startup file before its commands (``-i``, ``-ic``: ``~/.bashrc``, ``$ENV``; ``-l``,
    ``-lc``, ``--login``: ``~/.profile``, ``~/.bash_profile``; ``--rcfile F``,
    ``--init-file F``), or None (none, or no shell)."""
    words = _own_words(words)
    at = name_at(words)
    if at >= len(words) or plain_word(words[at]).rsplit("/", 1)[-1] not in SHELLS:
        return None
    login = _exec_login(words[:at])
    if login is not None:
        return login
    valued = False  # (the word before took a value: ``-o vi``, ``-O extglob``)
    for word in (plain_word(w) for w in words[at + 1 :]):
        if valued:
            valued = False
            continue
        short = word[:1] == "-" and word[1:2] != "-"
        if word in _SHELL_STARTS or (short and not _STARTS.isdisjoint(word[1:])):
            return word
        if word[:1] not in "-+" or word == "--" or (word[1:2] != "-" and "c" in word):
            return None  # (past its options, or the words after -c: its command, $0 …)
        valued = word[1:2] != "-" and word[-1] in "oO"
    return None


def _exec_login(wrappers: list[str]) -> str | None:
    """``exec``'s option among the words ``wrappers`` before a shell's name that starts it
    as a login shell (``exec -l``, ``exec -cl``, ``exec -a -bash``: a name beginning with
    ``-``), or None."""
    plain = [plain_word(w) for w in wrappers]
    if "exec" not in plain:
        return None
    for before, word in itertools.pairwise(plain[plain.index("exec") :]):
        if before == "-a" and word.startswith("-"):
            return f"-a {word}"
        if word[:1] == "-" and word[1:2] != "-" and word != "-a" and "l" in word:
            return word
    return None


def _shell_script_file(args: list[str]) -> str | None:
    """A shell's script file among its arguments ``args`` (unquoted): "" when it reads
    its standard input (none, or ``-s``), None when it runs a ``-c`` string."""
    at, stdin = 0, False
    while at < len(args) and args[at][:1] in "-+" and len(args[at]) > 1:
        word = args[at]
        if word == "--":
            at += 1
            break
        if word in _SHELL_VALUES or (word[1] != "-" and word[-1] in "oO"):
            at += 1
        elif word[1] != "-" and "c" in word:
            return None
        stdin = stdin or (word[1] != "-" and "s" in word)
        at += 1
    at += at < len(args) and args[at] == "-"
    return "" if stdin or at >= len(args) else args[at]


def _unquoted(reader: _Reader, text: str, at: int) -> int:
    """Read an operator or a word character outside quotes; the next position."""
    if text.startswith(("$(", "<(", ">("), at) or text[at] == "`":
        reader.found.substitution = True
        reader.add(text[at])
        return at + 1
    redirection = next((r for r in _REDIRECTIONS if text.startswith(r, at)), None)
    if redirection is not None:
        descriptor = ""
        if reader.word is not None and reader.word.isdigit():
            descriptor, reader.word = reader.word, None  # ``2>``: no word, a descriptor
        reader.end_word()
        if reader.redirect is not None:
            reader.found.unreadable = f"the redirection {reader.redirect} has no file"
        reader.redirect = descriptor + redirection
        reader.here = redirection in ("<<", "<<-") and _begins_body(reader, text, at)
        return at + len(redirection)
    separator = next((s for s in _SEPARATORS if text.startswith(s, at)), None)
    if separator is not None:
        reader.end_part()
        reader.part.piped = separator in ("|", "|&")
        if separator == "\n" and reader.pending:
            return _bodies(reader, text, at + 1)
        return at + len(separator)
    reader.add(text[at])
    return at + 1


_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")


def plain_word(word: str) -> str:
    """``word`` with its quotes and escapes removed, as the shell passes it on (as written
    when it cannot be read: an unclosed quote)."""
    if "'" not in word and '"' not in word and "\\" not in word:
        return word
    try:
        return " ".join(split_words(word))
    except ValueError:
        return word


#: One piece of a line as ``shlex.split`` reads it: blanks, plain characters, a single-
#: or double-quoted string (unrolled: linear even unclosed), an escaped character, or a
#: quote never closed or a last backslash (an error).
_PIECE = re.compile(
    r"""([ \t\r\n]+)|([^ \t\r\n'"\\]+)|'([^']*)'|"([^"\\]*(?:\\.[^"\\]*)*)"|\\(.)|(.)""",
    re.DOTALL,
)
_QUOTED_ESCAPE = re.compile(r'\\(["\\])')


def split_words(text: str) -> list[str]:
    """``text`` split into words as ``shlex.split`` splits it (POSIX quoting, no
    comments), in linear time: shlex builds a long quoted word a character at a time,
    copying it each time (``perl -e '…'`` of 100 KB: seconds). ValueError, as shlex's,
    for a quote never closed or a last backslash."""
    words: list[str] = []
    current: list[str] = []
    quoted = False
    for piece in _PIECE.finditer(text):
        blank, plain, single, double, escaped, unclosed = piece.groups()
        if blank is not None:
            if current or quoted:
                words.append("".join(current))
            current, quoted = [], False
        elif unclosed is not None:
            raise ValueError(f"a quote or escape not closed: {unclosed}")
        else:
            quoted = quoted or single is not None or double is not None
            if double is not None:
                double = _QUOTED_ESCAPE.sub(r"\1", double)
            current.append(next(p for p in (plain, single, double, escaped) if p is not None))
    if current or quoted:
        words.append("".join(current))
    return words


#: A single-quoted piece of a word (not ``$'…'``), taken as written; an escaped character.
_LITERAL = re.compile(r"(?<!\$)'[^']*'")
_ESCAPED = re.compile(r"\\.")


def expanded_text(word: str) -> str:
    """What of ``word`` the shell may expand: without its single-quoted pieces and its
    escaped characters (``$X``, ``"$X"`` and ``$'\\x72'`` keep their ``$``)."""
    return _ESCAPED.sub("", _LITERAL.sub("", word)) if "'" in word or "\\" in word else word


#: What the shell builds a word from when it runs: an expansion or substitution, a glob, a
#: brace list, ANSI-C escapes (``$'\x72m'``).
_BUILT = re.compile(r"[$`*?\[]|\{[^}]*(?:,|\.\.)[^}]*\}")
#: A brace list (``{a,b}``, ``{1..3}``) where it begins.
_BRACE = re.compile(r"\{[^}]*(?:,|\.\.)[^}]*\}")


def built(word: str) -> bool:
    """Whether the shell builds ``word`` when it runs (outside single quotes: ``$``,
    backticks, a glob, a brace list; ANSI-C escapes)."""
    return bool(_BUILT.search(expanded_text(word)))


def option_glob(word: str) -> bool:
    """Whether ``word`` could expand, by a glob or a brace list, to a word beginning with a
    dash (an option, from a file an agent named ``-o…`` or ``--output=…``): an unquoted
    ``*``, ``?``, ``[…]`` or ``{a,b}`` in a word whose written characters before it are
    none or begin with a dash (``*``, ``*.py``, ``""*``, ``{-oF,x}``, ``--out*``, ``-n*``:
    ``-nofile``), but not a long option's value (``--grep=fix*``: the option stays);
    ``src/*``, ``./*`` and ``a*`` expand to names that begin as written."""
    at, quote, written = 0, "", ""
    while at < len(word):
        char = word[at]
        if quote:  # a quoted character is written as it is
            step = 2 if char == "\\" and quote != "'" else 1
            if step == 1 and char == quote[-1]:
                quote, char = "", ""
            char = word[at + step - 1 : at + step] if char else ""  # (``"a\``: no more)
            at += step
        elif char in "*?[" or (char == "{" and _BRACE.match(word, at)):
            return not written.startswith("--") or "=" not in written
        elif char in "'\"" or word.startswith("$'", at):
            quote, char = ("$'" if char == "$" else char), ""
            at += len(quote)
        else:
            char = word[at + 1 : at + 2] if char == "\\" else char
            at += 2 if word[at] == "\\" else 1
        written += char
        if written and not written.startswith("-"):
            return False
    return False


def unwrapped(words: list[str]) -> list[str]:
    """``words`` without the process wrappers before the command (``timeout 5``, ``time``,
    ``nice -n 5``, ``nohup``, ``stdbuf -oL``), as Claude Code strips them before matching a
    rule; a wrapper with an option this does not know, or whose options or operands the
    shell builds when it runs (``timeout * sort f``, ``nice -n $N sort f``: a glob or an
    expansion can become several words, ``1 rm``), is left in place (matched as written,
    so approved only by a rule naming it)."""
    at = 0
    while at < len(words) and WRAPPERS.get(words[at], Wrapper()).stripped:
        past = _after_options(WRAPPERS[words[at]], words, at + 1, strict=True)
        if past is None or past >= len(words) or any(map(built, words[at + 1 : past])):
            return words[at:]  # (``timeout * sort``: the glob could be ``1 rm``)
        at = past
    return words[at:]


def name_at(words: list[str]) -> int:
    """Where the command's name is in ``words`` (quotes allowed): after assignments,
    keywords and every wrapper of :data:`WRAPPERS` with its options and operands
    (``sudo -u root nice -n 5 rm x``: 6); ``len(words)`` when there is none."""
    *_, (_, _, at) = _wrapper_spans(words)  # the last span: where the name stands
    return at


def _wrapper_spans(words: list[str]) -> Iterator[tuple[str, int, int]]:
    """Each wrapper before ``words``' command, past assignments and keywords: its name,
    where it stands and where the words after its options and operands begin; last
    ``("", at, at)``, where the command's name is (``len(words)`` when there is none)."""
    at = 0
    while at < len(words):
        word = plain_word(words[at])
        if _ASSIGNMENT.match(word) or word in KEYWORDS:
            at += 1
            continue
        head = _heading(words, at)
        if head:
            at += head
            continue
        name = word.rsplit("/", 1)[-1]
        wrapper = WRAPPERS.get(name)
        if wrapper is None:
            break
        # (an option wanting a value at the end, ``env -u``: the words end there)
        end = min(len(words), _after_options(wrapper, words, at + 1, strict=False) or at + 1)
        yield name, at, end
        at = end
    yield "", at, at


#: A function's heading (``f()``, ``f ()``) and a ``case`` pattern (``a)``, ``*.sh)``, the
#: last of ``a|b)``: an unbalanced closing parenthesis), before the command they hold.
_FUNCTION = re.compile(r"[^\s=$`'\"(){}|;&<>]+\(\)[{(]?")
_PATTERN = re.compile(r"[^()]*\)|\([^()]*\)")


def defines_function(words: list[str]) -> bool:
    """Whether the simple command ``words`` defines a function (``sort () ( rm x )``,
    ``function f {``), past leading keywords: a later command of that name runs its body."""
    at = next((i for i, w in enumerate(words) if w not in KEYWORDS), len(words))
    if at >= len(words):
        return False
    word, following = words[at], words[at + 1 : at + 2]
    if _FUNCTION.fullmatch(word) or following == ["()"] or words[at + 1 : at + 3] == ["(", ")"]:
        return True
    return word == "function" and bool(following)


def _heading(words: list[str], at: int) -> int:
    """How many words at ``at`` head the command after them rather than run: a function's
    heading (``f() { rm x; }``, ``function f { rm x; }``), ``case W in`` and a ``case``
    pattern (``a) rm x;;``); 0 for none (a deny rule reads the command they hold)."""
    word, following = words[at], words[at + 1 : at + 2]
    if _FUNCTION.fullmatch(word):
        return 1
    if following == ["()"] or (word == "function" and following):
        return 2 + (words[at + 2 : at + 3] == ["()"])
    if words[at + 1 : at + 3] == ["(", ")"]:
        return 3
    if word == "case" and words[at + 2 : at + 3] == ["in"]:
        return 3
    pattern = following and _PATTERN.fullmatch(word) and not word.startswith("$")
    return 1 if pattern else 0  # (a last word ``sh)`` closes a subshell: ``(echo x | sh)``)


def _after_options(wrapper: Wrapper, words: list[str], at: int, *, strict: bool) -> int | None:
    """Where the command after ``wrapper``'s options and operands begins, those read from
    ``words[at]`` (an index, not a copy: a line of many wrappers is read in linear time);
    ``strict``: None when an option is not known (the allow side keeps the wrapper)."""
    while at < len(words) and words[at].startswith("-") and words[at] not in ("-", "--"):
        word = plain_word(words[at])
        option = word.split("=", 1)[0]
        short = option[:2] if not option.startswith("--") else option
        if "=" not in word and option in wrapper.values:
            at += 1 + wrapper.wide.get(option, 1)
        elif option in wrapper.flags or short in wrapper.values or option[1:].isdigit():
            at += 1
        elif strict:
            return None
        else:
            at += 1  # an option this does not know, taken as one without a value
    at += at < len(words) and words[at] == "--"
    return at + wrapper.operands


def split_string(words: list[str]) -> str | None:
    """The command an ``env -S STRING`` among the wrappers before ``words``' command runs
    (``--split-string=STRING``, ``-SSTRING``, ``-iS STRING``, getopt's ``--spl=``): env
    splits STRING into words, the words after its options following (``env -S 'rm -rf'
    src``: ``rm -rf src``); None without one."""
    for name, at, end in _wrapper_spans(words):
        for i in range(at + 1, end) if name == "env" else ():
            following = plain_word(words[i + 1]) if i + 1 < len(words) else ""
            script, used = _env_split(plain_word(words[i]), following)
            if script is not None:
                return " ".join([script, *words[max(end, i + 1 + used) :]])
    return None


def deferred_strings(words: list[str]) -> list[str]:
    """The command strings ``words``' command keeps to run later: ``trap``'s action (``trap
    'rm x' EXIT``: ``rm x`` when the shell exits), each ``alias``'s value (``alias l='rm
    x'``: what ``l`` runs once aliases expand); none for any other command."""
    if not any("trap" in w or "alias" in w for w in words):
        return []
    at = name_at(words)
    name = plain_word(words[at]) if at < len(words) else ""
    rest = [plain_word(w) for w in words[at + 1 :]]
    if name == "trap":
        actions = [w for w in rest if w != "--" and not w.startswith("-")][:1]
        return [a for a in actions if a.strip()]
    if name == "alias":
        return [w.partition("=")[2] for w in rest if "=" in w and not w.startswith("-")]
    return []


def _env_split(word: str, following: str) -> tuple[str | None, int]:
    """The string env's option ``word`` splits (``following``: the next word, taken when
    it is the value), and how many words after ``word`` it used (0 or 1)."""
    name, equals, value = word.partition("=")
    if len(name) > 2 and "--split-string".startswith(name):  # (no other long option: --s)
        return (value, 0) if equals else (following, 1)
    short = _ENV_S.fullmatch(word)
    if short is None:
        return None, 0
    return (short[1], 0) if short[1] else (following, 1)


#: env's short options without a value, then ``-S`` and its value (``-iS'rm x'``).
_ENV_S = re.compile(r"-[iv0]*S(.*)", re.DOTALL)


#: ``find``'s actions that run a command, and the words that end one.
_FIND_RUNS = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_FIND_ENDS = frozenset({";", "\\;", "';'", '";"'})
_BRACES = frozenset({"{}", "'{}'", '"{}"'})
#: fd's short options that take a value (a cluster ends at one: ``-ex`` is ``-e x``), and
#: those that run the command after them to a ``;`` or the end (``-x rm``, ``-xrm``).
_FD_VALUES = frozenset("dEteSocjC")
_FD_RUNS = frozenset("xX")


def commands_run_by(words: list[str]) -> list[list[str]]:
    """The commands ``find`` runs for its ``-exec``, ``-execdir``, ``-ok`` and ``-okdir``
    actions (``find . -exec rm {} +`` runs ``rm {}``), and fd for its ``-x``/``--exec``
    and ``-X``/``--exec-batch`` (:func:`_fd_runs`); none for any other command."""
    name = plain_word(words[0]).rsplit("/", 1)[-1] if words else ""
    if name in ("fd", "fdfind"):
        return _fd_runs(words)
    if name != "find":
        return []
    found: list[list[str]] = []
    inner: list[str] | None = None
    for word in words[1:]:
        if inner is None:
            inner = [] if word in _FIND_RUNS else None
        elif word in _FIND_ENDS or (word == "+" and inner[-1:] and inner[-1] in _BRACES):
            found.append(inner)
            inner = None
        else:
            inner.append(word)
    return [*found, *([inner] if inner else [])]


def _fd_runs(words: list[str]) -> list[list[str]]:
    """The commands fd runs for each ``-x``/``--exec``/``-X``/``--exec-batch`` (also
    ``--exec=rm``, ``-xrm``, ``-Hx rm``), each to a ``;`` or the end of ``words``. (fd
    takes no abbreviated long option: ``--exe`` is an error.)"""
    found: list[list[str]] = []
    at = 1
    while at < len(words):
        word = plain_word(words[at])
        option, equals, value = word.partition("=")
        first: list[str] | None = None
        if option in ("--exec", "--exec-batch"):
            first = [value] if equals else []
        elif word.startswith("-") and not word.startswith("--"):
            for i, letter in enumerate(word[1:], 1):
                if letter in _FD_RUNS:
                    first = [word[i + 1 :]] if word[i + 1 :] else []
                if letter in _FD_RUNS or letter in _FD_VALUES:
                    break
        if first is None:
            at += 1
            continue
        end = next((i for i in range(at + 1, len(words)) if words[i] in _FIND_ENDS), len(words))
        found.append([*first, *words[at + 1 : end]])
        at = end + 1
    return found
