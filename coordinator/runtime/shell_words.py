"""A Bash command read as the shell reads it, far enough to tell what an allow rule or a
``tools: Bash(...)`` limit would approve: its simple commands (split at ``&&``, ``||``,
``;``, ``|``, ``|&``, ``&`` and newlines outside quotes), each one's words as written, the
files its redirections write, and whether it runs a command inside its words (``$(…)``,
backticks, ``<(…)``/``>(…)``).

Quotes are honoured: ``git log --grep='a && b'`` is one command and ``git commit -m "a > b"``
writes no file; a ``$(…)`` inside double quotes still runs, inside single quotes it does not.
What this reader does not follow (a here-document's body, arithmetic, ``case`` patterns) it
reads as more commands or as a substitution, so an allow rule approves less, never more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


class _Reader:
    """The character-by-character state of :func:`read_command`."""

    def __init__(self) -> None:
        self.found = ShellCommand()
        self.part = SimpleCommand()
        self.word: str | None = None
        self.redirect: str | None = None

    def end_word(self) -> None:
        word, self.word = self.word, None
        if word is None:
            return
        if self.redirect is None:
            self.part.words.append(word)
            return
        operator, self.redirect = self.redirect, None
        if _writes(operator, word):
            self.part.writes.append(f"{operator}{word}")

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
        return at + len(redirection)
    separator = next((s for s in _SEPARATORS if text.startswith(s, at)), None)
    if separator is not None:
        reader.end_part()
        return at + len(separator)
    reader.add(text[at])
    return at + 1


#: Claude Code's documented process wrappers, stripped before a rule is matched, and the
#: options of each that take a value (any other option: the wrapper is not stripped).
_WRAPPER_VALUES: dict[str, frozenset[str]] = {
    "timeout": frozenset({"-s", "--signal", "-k", "--kill-after"}),
    "time": frozenset(),
    "nice": frozenset({"-n", "--adjustment"}),
    "nohup": frozenset(),
    "stdbuf": frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}),
}
_WRAPPER_FLAGS: dict[str, frozenset[str]] = {
    "timeout": frozenset({"--foreground", "--preserve-status", "-v", "--verbose"}),
    "time": frozenset({"-p"}),
}


def unwrapped(words: list[str]) -> list[str]:
    """``words`` without the process wrappers before the command (``timeout 5``, ``time``,
    ``nice -n 5``, ``nohup``, ``stdbuf -oL``), as Claude Code strips them before matching a
    rule; a wrapper with an option this does not know is left in place (matched as written,
    so approved only by a rule naming it)."""
    while words and words[0] in _WRAPPER_VALUES:
        rest = _after_options(words[0], words[1:])
        if rest is None:
            return words
        words = rest
    return words


def _after_options(wrapper: str, words: list[str]) -> list[str] | None:
    """The words after ``wrapper``'s options (and ``timeout``'s duration), or None when one
    is not known."""
    at = 0
    while at < len(words) and words[at].startswith("-") and words[at] != "--":
        option = words[at].split("=", 1)[0]
        short = option[:2] if not option.startswith("--") else option
        if "=" not in words[at] and option in _WRAPPER_VALUES[wrapper]:
            at += 2
        elif (
            option in _WRAPPER_FLAGS.get(wrapper, frozenset())
            or short in _WRAPPER_VALUES[wrapper]
            or (wrapper == "nice" and option[1:].isdigit())
        ):
            at += 1
        else:
            return None
    at += at < len(words) and words[at] == "--"
    if wrapper == "timeout":
        at += 1  # the duration
    return words[at:] if at < len(words) else None


#: ``find``'s actions that run a command, and the words that end one.
_FIND_RUNS = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_FIND_ENDS = frozenset({";", "\\;", "';'", '";"'})
_BRACES = frozenset({"{}", "'{}'", '"{}"'})


def commands_run_by(words: list[str]) -> list[list[str]]:
    """The commands ``find`` runs for its ``-exec``, ``-execdir``, ``-ok`` and ``-okdir``
    actions (``find . -exec rm {} +`` runs ``rm {}``); none for any other command."""
    if not words or words[0].rsplit("/", 1)[-1] != "find":
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
