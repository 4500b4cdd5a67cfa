"""Read a YAML file the user wrote (config, script, batch, cases) or fail with one message."""

from __future__ import annotations

import codecs
import logging
import os
import re
import select
import signal
import stat
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from coordinator.clip import clip
from coordinator.errors import UserError, cannot_read

log = logging.getLogger(__name__)

#: The most of a YAML file read: far above any real batch, script or config (a batch of
#: 1000 requests of 64 KB), so only a device or an endless pipe reaches it.
MAX_YAML_BYTES = 64 * 1024 * 1024
#: A file argument given as ``-``: standard input, where a command reads it from there.
STDIN = Path("-")


def shown(path: Path, *, stdin: bool = True) -> str:
    """How a message names ``path``: ``<stdin>`` for standard input (:data:`STDIN`, where
    the command reads ``-`` from there: ``stdin``), else the path as given."""
    return "<stdin>" if stdin and path == STDIN else str(path)


def read_yaml(path: Path, what: str, *, lenient_text: bool = False, flag: str | None = None) -> Any:
    """Parsed contents of ``path``; ``UserError`` naming the file (and line) otherwise.

    ``what`` names the file's role in messages: ``x.yaml:7: script is not valid YAML``;
    one it cannot read is named by ``flag`` when a flag gave it (``cannot read --script
    x.yaml: …``, :func:`~coordinator.errors.cannot_read`). With ``lenient_text`` (files of
    requests), bytes that are not UTF-8 become U+FFFD instead of an error.
    """
    text = read_text(path, what, lenient_text=lenient_text, flag=flag)
    return parse_yaml(text, path, what)


def read_text(
    path: Path,
    what: str,
    *,
    lenient_text: bool = False,
    flag: str | None = None,
    stdin: bool = False,
) -> str:
    """The text of ``path``, bounded (:data:`MAX_YAML_BYTES`); UserError naming it otherwise
    (one it cannot read: by ``flag``, the flag that gave it, when there is one). With
    ``stdin``, ``-`` is standard input (:data:`STDIN`: ``--batch -``, ``agents eval -``)."""
    try:
        if stdin and path == STDIN:
            data = read_upto(sys.stdin.buffer, MAX_YAML_BYTES + 1)
        else:
            with path.open("rb") as stream:  # bounded: a device or an endless pipe stops here
                data = read_upto(stream, MAX_YAML_BYTES + 1)
        if len(data) > MAX_YAML_BYTES:
            raise UserError(
                f"{shown(path, stdin=stdin)}: {what} is over {MAX_YAML_BYTES // (1024 * 1024)} MB"
            )
        refuse_utf16(data, shown(path, stdin=stdin), what)  # lenient or not
        if lenient_text:
            return lenient_decode(data, shown(path, stdin=stdin))
        return data.decode("utf-8")
    except OSError as exc:
        raise cannot_read(flag or what, path, exc) from None
    except UnicodeDecodeError as exc:  # the line, as a YAML mistake's
        raise _not_utf8(data, exc.start, shown(path, stdin=stdin), what) from None


def _not_utf8(
    data: bytes, at: int, where: str, what: str, guess: str = "", hint: str = "Save it as UTF-8."
) -> UserError:
    """The refusal of ``data``, read from ``where``, whose byte ``at`` is not UTF-8 text:
    its line and byte, as a YAML mistake's (``guess``: what the file was saved as), and
    ``hint``."""
    return UserError(
        f"{where}:{_line_of(data, at)}: {what} is not UTF-8 text (byte 0x{data[at]:02x}{guess})",
        hint=hint,
    )


def decoded_text(data: bytes, where: str, what: str) -> str:
    """``data`` (read from ``where``, a ``what``: config) as UTF-8 text, or the refusal
    naming its line and byte (:func:`refuse_utf16`, :func:`_not_utf8`), as a YAML
    mistake's."""
    refuse_utf16(data, where, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, exc.start, where, what) from None


def refuse_utf16(data: bytes, where: str, what: str) -> None:
    """UserError when ``data`` (read from ``where``, a ``what``: script, request) was saved
    as UTF-16 (:func:`_utf16_at`): its line and byte, ``saved as UTF-16?`` and to save it
    as UTF-8; or is a binary file's (NULs no text holds): ``a binary file?`` and to name a
    text file. Read as UTF-8, even leniently, its text is none at all: U+FFFD and NULs."""
    utf16 = _utf16_at(data)
    if utf16 is not None:
        raise _not_utf8(data, utf16, where, what, "; saved as UTF-16?")
    nul = data.find(b"\0")
    if nul != -1:
        raise _not_utf8(data, nul, where, what, "; a binary file?", BINARY_HINT)


#: What to do about a binary file given for text (a request, a script, a batch file).
BINARY_HINT = "Name a text file, saved as UTF-8."
#: The bytes whose NULs tell UTF-16 text from a binary file (:func:`_utf16_at`).
_NULS_READ = 4096


def _utf16_at(data: bytes) -> int | None:
    """Where ``data`` shows it was saved as UTF-16 (Windows' "Unicode", PowerShell's
    ``>``) or UTF-32: at its byte-order mark, or its first NUL byte when the NULs of its
    first 4 KB fall on bytes of one parity, but for a few (the other byte of each ASCII
    character, which no YAML file holds; a few characters such as U+4E00 have theirs on the
    other); a binary file's fall on both alike, and a file with none in those 4 KB shows no
    sign of UTF-16. None when neither."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return 0
    nul = data.find(b"\0")
    if nul == -1:
        return None
    head = data[:_NULS_READ]
    few, many = sorted((head[0::2].count(0), head[1::2].count(0)))
    return nul if many and few * 4 <= many else None  # (none there: no sign of UTF-16)


def _line_of(data: bytes, at: int) -> int:
    """The line of ``data`` holding its byte ``at``."""
    return data.count(b"\n", 0, at) + 1


def lenient_decode(data: bytes, where: str) -> str:
    """``data`` (read from ``where``, a file of requests) as UTF-8, each byte that is not
    UTF-8 replaced by U+FFFD; then one warning names ``where`` and the first line with one
    (the request the model gets is not the one written)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        log.warning("warning: %s:%d: bytes that are not UTF-8 read as U+FFFD", where, line)
        return data.decode("utf-8", errors="replace")


def not_a_list(message: str, data: object, item: str) -> UserError:
    """UserError for a file that must hold a non-empty YAML list and holds ``data``:
    ``message`` (the file and what it must hold), then what YAML read instead; one mapping
    (an entry written without its ``- ``, the slip a first file makes) is told to start
    each entry with ``- ``, as ``item`` (one entry, as written) shows."""
    if isinstance(data, dict):
        keys = ", ".join(str(key) for key in list(data)[:3]) + (", …" if len(data) > 3 else "")
        found = f"one mapping ({keys}), not a list"
    elif data is None or data == []:
        found = "nothing" if data is None else "an empty list"
    else:  # text, a number, true or false: one scalar
        found = f"{'text' if isinstance(data, str) else 'one value'} ({clip(str(data), 40)})"
    hint = f"Start each entry with '- ', e.g. {item}"
    return UserError(f"{message}; it holds {found}", hint=hint)


def parse_yaml(text: str, path: Path, what: str, *, stdin: bool = False) -> Any:
    """``text`` (read from ``path``) parsed; UserError naming ``path`` and the line
    (``<stdin>`` for ``-`` read from standard input: ``stdin``)."""
    import yaml  # on use: a command that reads no YAML file starts without it

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        problem, mark = yaml_failure(exc)
        last = max(len(text.splitlines()), 1)  # YAML's end is the line after the last
        line = f":{min(mark + 1, last)}" if mark is not None else ""
        raise UserError(
            f"{shown(path, stdin=stdin)}{line}: {what} is not valid YAML ({problem})"
        ) from None


def yaml_failure(exc: BaseException) -> tuple[str, int | None]:
    """Why YAML could not read a text, in words, and the 0-based line of the text it names
    (None: it names none): a syntax error's problem, a number too long for Python to read
    (over 4300 digits: a ``ValueError``), lists or mappings nested too deeply for the
    parser (a ``RecursionError``)."""
    import yaml

    if isinstance(exc, RecursionError):
        return "nested too deeply", None
    if not isinstance(exc, yaml.YAMLError):
        return "a number too large to read", None
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["invalid"])[0]
    opened = getattr(exc, "context_mark", None)
    what = _OPENED.get(str(getattr(exc, "context", "")))
    if mark is not None and opened is not None and what and _AT_END.search(str(problem)):
        # the text ended inside a [list] or {mapping}: the line that opened it, not the
        # line after the last one (``x.yaml:4`` of a three-line file)
        return f"{problem}: the {what} opened here is not closed", opened.line
    return str(problem), mark.line if mark is not None else None


#: A YAML problem met at the text's end.
_AT_END = re.compile(r"<stream end>|end of stream")
#: What a YAML parser's context names, in a user's words.
_OPENED = {
    "while parsing a flow sequence": "[list]",
    "while parsing a flow mapping": "{mapping}",
    "while scanning a quoted scalar": "quoted text",
}


def key_lines(path: Path, text: str | None = None) -> dict[str, int]:
    """The 1-based line of each top-level key of the YAML mapping in ``path`` ({} if none),
    or in ``text`` when given (what ``path`` held: a pipe cannot be read again).

    For messages about a file already read with :func:`read_yaml`.
    """
    import yaml

    try:
        source = path.read_text(encoding="utf-8") if text is None else text
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def item_line(text: str, index: int) -> int | None:
    """The 1-based line where item ``index`` of the top-level YAML list in ``text`` starts;
    None when ``text`` holds no such item. For messages about a file already parsed."""
    lines = item_lines(text)
    return lines[index] if 0 <= index < len(lines) else None


def item_lines(text: str) -> list[int]:
    """The 1-based line where each item of the top-level YAML list in ``text`` starts (none
    when ``text`` holds no list). For messages about a file already parsed."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [int(item.start_mark.line) + 1 for item in node.value]


def entry_line(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the entry ``path`` (mapping keys and list indexes, as pydantic
    locates an error) names in the YAML ``text``: a key's own line, an item's first; the
    deepest one found when the rest is not there (a missing key: its mapping's). None when
    ``text`` holds no YAML node. For messages about a file already parsed."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = int(node.start_mark.line) + 1
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            keys = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            found = next(((k, v) for k, v in keys if k.value == part), None)
            if found is None:
                break
            line, node = int(found[0].start_mark.line) + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = int(node.start_mark.line) + 1
        else:
            break
    return line


#: What a value must be, by the type of pydantic's error that refused it: pydantic says
#: what it checked ("Input should be a valid integer, unable to parse string as an
#: integer"), an error of coord's what to write (``must be a whole number (got 'lots')``).
_MUST_BE = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}
#: The bounds pydantic checks (``Field(ge=400)``), as :func:`below_bound` words them.
_BOUNDS = {"ge": "at least", "gt": "above", "le": "at most", "lt": "below"}


def refused_value(err: Mapping[str, Any]) -> str:
    """Why pydantic refused a value (one of ``ValidationError.errors()``), in the words of
    coord's errors: ``must be a whole number (got 'lots')``, ``must be 'lexical' or 'llm'
    (got 'fast')``, ``must be at least 400 (got 200)``; a validator's own message as it
    wrote it; pydantic's for a kind not worded here."""
    ctx = err.get("ctx") or {}
    bound = next((key for key in _BOUNDS if key in ctx), None)
    if err["type"] in _MUST_BE:
        must = _MUST_BE[err["type"]]
    elif err["type"] == "literal_error":
        must = str(ctx["expected"])
    elif bound is not None:
        limit = ctx[bound]
        shown = f"{limit:g}" if isinstance(limit, float) else str(limit)  # 0.0 as 0
        must = f"{_BOUNDS[bound]} {shown}"
    else:
        return str(err["msg"]).removeprefix("Value error, ")
    return f"must be {must} (got {given_value(err.get('input'))})"


def given_value(value: object) -> str:
    """A refused value as an error shows it: short, a list or mapping by its kind."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return "nothing" if value is None else clip(repr(value), 40)


def read_upto(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` (fewer only at its end), as ``stream.read(size)``;
    but a pipe or a FIFO (a request, a batch or a config read from one) is waited on in
    ``poll`` beside a wake-up fd (:func:`signal.set_wakeup_fd`), so that a signal landing
    after it was opened and before the wait began (Python runs a handler between bytecodes:
    there, a plain read would block until data came) still ends the wait and its handler
    runs (Ctrl-C: KeyboardInterrupt). A regular file, or off the main thread: a plain read."""
    try:
        fd = stream.fileno()
        waitable = not stat.S_ISREG(os.fstat(fd).st_mode)
    except (OSError, ValueError, AttributeError):
        waitable = False
    if not waitable or threading.current_thread() is not threading.main_thread():
        return stream.read(size)
    with _woken() as wake:
        chunks: list[bytes] = []
        got = 0
        while got < size:
            ready = _wait(fd, wake)  # a handler to run: it runs here (a loop's bytecode)
            if not ready:
                continue
            chunk = os.read(fd, min(size - got, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)


def _wait(fd: int, wake: int) -> bool:
    """Wait until ``fd`` can be read (True) or a signal came (``wake`` readable: False,
    after emptying it)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    poller.register(wake, select.POLLIN)
    events = dict(poller.poll())
    if wake in events:
        try:
            while os.read(wake, 512):
                pass
        except BlockingIOError:
            pass
    return fd in events


@contextmanager
def _woken() -> Iterator[int]:
    """A pipe whose read end a signal makes readable (:func:`signal.set_wakeup_fd`) for the
    time of the block; the wake-up fd there before is put back."""
    read, write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    before = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    try:
        yield read
    finally:
        signal.set_wakeup_fd(before)
        os.close(read)
        os.close(write)
