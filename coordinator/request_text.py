"""A request's text as the user gave it: an argument, standard input (``-``) or a file.

Every request (one run, each item of a batch) passes :func:`check_request`: an empty one is
refused, and one larger than ``max_request_bytes`` is refused with its size before any
model call (a 1 MB request would otherwise run, and be paid for, silently).
"""

from __future__ import annotations

import errno
import logging
import sys
from pathlib import Path
from typing import BinaryIO

from coordinator.clip import counted
from coordinator.errors import UserError, cannot_read
from coordinator.sanitize import clean_text
from coordinator.yamlfile import STDIN as STDIN_PATH
from coordinator.yamlfile import lenient_decode, read_upto, refuse_utf16

log = logging.getLogger(__name__)

#: The default of the ``max_request_bytes`` setting.
DEFAULT_MAX_REQUEST_BYTES = 256 * 1024

#: The most of a report ``coord parse`` reads (a device or an endless pipe stops there).
MAX_REPORT_BYTES = 16 * 1024 * 1024

#: A request argument given ``-`` (a file flag given it: ``STDIN_PATH``): standard input.
STDIN = "-"

#: The hint of a blank answer to ``coord resume`` (checked before any session is looked
#: up, so it claims nothing of the session: none may wait, or it has ended).
EMPTY_ANSWER_HINT = "Say what the agent needs; nothing was resumed."
#: The same for an answer read from standard input (``--context -``): what went wrong
#: there, most often an empty variable or file piped in, and the other way to give it.
EMPTY_STDIN_ANSWER_HINT = (
    "Pipe the answer in (echo ANSWER | coord resume ID --context -), or give it with"
    " --context TEXT or --context-file FILE; nothing was resumed."
)


def quote_request_hint(command: str, words: str) -> str:
    """What to type when a request of several ``words`` was given unquoted to ``command``
    (``coord route Add an index``: the shell passed each word as an argument): the
    command with the words quoted, as the shell reads them back."""
    import shlex

    plain = not any(c in words for c in '"$`\\!')
    quoted = f'"{words}"' if plain else shlex.quote(words)
    return f"A request of several words is one argument: quote it ({command} {quoted})."


def read_request(
    argument: str | None,
    file: Path | None,
    stdin: BinaryIO,
    *,
    limit: int,
) -> str:
    """The request of ``argument`` or ``file`` (either ``-`` reads ``stdin``), checked.

    Raises UserError when neither or both are given, the file cannot be read, or
    :func:`check_request` refuses the text.
    """
    if argument is not None and file is not None:
        raise UserError("give the request as an argument or with --file, not both")
    if file is not None and file != STDIN_PATH:
        text = read_file(file, limit)
        where = str(file)
    elif argument == STDIN or file == STDIN_PATH:
        where = "standard input"
        text = decode_text(_read_bounded(stdin, limit, where), "<stdin>", "request")
    elif argument is not None:
        where = "the request"
        text = argument_text(argument, where)
    else:
        raise UserError("give a request", hint="Pass it in quotes, `-` to read stdin, or --file F.")
    return check_request(text, limit, where=where)


def argument_text(argument: str, where: str) -> str:
    """``argument`` (``where``: the request, the answer) as text: a byte of it that is not
    UTF-8 (the shell's ``$'\\xff'``, a file name in Latin-1: Python reads it as a lone
    surrogate) read as U+FFFD, with one warning, as a file's or standard input's are: the
    text the agent gets is not the one written."""
    text = clean_text(argument)
    if text != argument:
        log.warning("warning: %s: bytes that are not UTF-8 read as U+FFFD", where)
    return text


def stdin_once(config: Path | None, **readers: bool) -> None:
    """UserError when ``--config -`` and another input (``readers``: each name, as the
    message says it, with whether it is ``-``) would both read standard input."""
    named = [name.replace("_", " ") for name, reads in readers.items() if reads]
    if config == STDIN_PATH and named:
        raise UserError(f"--config - and {named[0]} both read standard input: give one")


def answer_flags(context: str | None, context_file: Path | None) -> tuple[str | None, Path | None]:
    """``coord resume``'s ``--context`` and ``--context-file``, ``--context -`` read as
    ``--context-file -`` (standard input), as ``coord run -`` reads its request: taken as
    written, a script's ``echo ANSWER | coord resume ID --context -`` resumed the agent with
    the answer "-" (daily44). Both flags given are left as they are (refused when read)."""
    if reads_stdin(context) and context_file is None:
        return None, STDIN_PATH
    return context, context_file


def reads_stdin(argument: str | Path | None) -> bool:
    """Whether a request argument or a file flag given as ``argument`` is ``-``."""
    return argument is not None and str(argument) == STDIN


def check_request(text: str, limit: int, *, where: str = "the request") -> str:
    """``text`` stripped; UserError when it is empty or over ``limit`` bytes of UTF-8."""
    check_size(text, limit, where)
    stripped = text.strip()
    if not stripped:
        raise UserError(f"{where} is empty", hint="Say what the agent should do.")
    return stripped


def read_file(path: Path, limit: int, flag: str = "--file", what: str = "request") -> str:
    """The text of ``path`` (given with ``flag``; ``-``: standard input), at most ``limit``
    bytes: a larger file is refused with its size before it is read, a device, a pipe or
    standard input after ``limit`` bytes; one saved as UTF-16 is refused naming it and what
    it holds (``what``: the request, an answer), not read as U+FFFD."""
    if path == STDIN_PATH:
        data = _read_bounded(sys.stdin.buffer, limit, "standard input")
        return decode_text(data, "<stdin>", what)
    try:
        size = path.stat().st_size
        if size > limit:  # refused before reading it
            raise UserError(_too_large(str(path), size, limit), hint=_RAISE_HINT)
        with path.open("rb") as stream:  # a device or a pipe has no size: read bounded
            return decode_text(_read_bounded(stream, limit, str(path)), str(path), what)
    except OSError as exc:
        raise cannot_read(flag, path, exc) from None


def read_report(source: str) -> tuple[str, str]:
    """The text of the report ``coord parse`` is given (``source``: a file, or ``-`` for
    standard input) and the name to show for it. A missing file, a folder, more than
    :data:`MAX_REPORT_BYTES`, or text saved as UTF-16 or with NULs (a binary file) is a
    user error naming it; other bytes that are not UTF-8 are read as U+FFFD with a warning
    (as a request's are: :func:`decode_text`). A pipe (``<(cmd)``) is read as a file."""
    name = "<stdin>" if source == STDIN else source
    path = Path(source)
    if source != STDIN and not path.exists():
        raise cannot_read("the report", source, errno.ENOENT)
    if source != STDIN and path.is_dir():  # `-` is stdin, even beside a folder named `-`
        raise cannot_read("the report", source, errno.EISDIR)
    try:
        if source == STDIN:
            data = sys.stdin.buffer.read(MAX_REPORT_BYTES + 1)
        else:
            with path.open("rb") as stream:
                data = stream.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise cannot_read("the report", source, exc) from None
    if len(data) > MAX_REPORT_BYTES:
        raise UserError(f"{source}: over {MAX_REPORT_BYTES // (1024 * 1024)} MB, not a report")
    return decode_text(data, name, "report"), name


def check_size(text: str, limit: int, where: str) -> None:
    """UserError with its size when ``text`` is over ``limit`` bytes of UTF-8; UserError
    when it holds a NUL byte (given through ``coord mcp`` or the HTTP API: an argument's
    is refused before any command, a file's as a binary file's), its text not shown."""
    if "\x00" in text:
        raise UserError(f"{where} holds a NUL byte (U+0000), which no text coord sends may")
    size = len(text.encode("utf-8", errors="replace"))
    if size > limit:
        raise UserError(_too_large(where, size, limit), hint=_RAISE_HINT)


#: How far past the limit a stream is counted (not kept) to tell its size.
_COUNTED = 16 * 1024 * 1024


def _read_bounded(stream: BinaryIO, limit: int, where: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; UserError with its size (counted up to
    :data:`_COUNTED`, never held) when it has more: a pipe or a device may never end."""
    data = read_upto(stream, limit + 1)  # a pipe: a Ctrl-C before its read still ends it
    if len(data) <= limit:
        return data
    size = len(data)
    while size <= _COUNTED and (chunk := read_upto(stream, 1 << 16)):
        size += len(chunk)
    if size > _COUNTED:
        message = f"{where} is over {_size(_COUNTED)}, over the {_size(limit)} limit"
        raise UserError(message, hint=_RAISE_HINT)
    raise UserError(_too_large(where, size, limit), hint=_RAISE_HINT)


_RAISE_HINT = (
    "Shorten it, or raise max_request_bytes in your user config "
    "($XDG_CONFIG_HOME/coordinator/config.yaml, by default ~/.config/coordinator/config.yaml)."
)


def _too_large(where: str, size: int, limit: int) -> str:
    return f"{where} is {_size(size)} ({counted(size, 'byte')}), over the {_size(limit)} limit"


def decode_text(data: bytes, where: str, what: str) -> str:
    """``data`` (a ``what`` read from ``where``) as text: refused when saved as UTF-16 or
    holding a NUL (a binary file's), else other bytes that are not UTF-8 read as U+FFFD,
    with a warning naming ``where`` and the line."""
    refuse_utf16(data, where, what)
    return clean_text(lenient_decode(data, where))


def _size(n: int) -> str:
    if n < 1024:
        return counted(n, "byte")
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
