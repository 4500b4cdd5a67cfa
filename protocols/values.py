"""Reading field values: status words, file lists, change bullets, free text, placeholders.

Every reader either returns a clean value or raises :class:`ValueProblem` with a message
that names the offending text; the parser adds the line number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

from protocols.hedges import hedge_after, hedge_before
from protocols.labels import FRAME_BARS, strip_symbols
from protocols.report import Status

STATUS_CHOICES: Final = "Complete, Blocked or Needs Review"


class ValueProblem(ValueError):
    """A field value that cannot be read; the message is user-facing (no line number)."""


# Status words (lower case; words separated by spaces; "'" matches any apostrophe).
_STATUS_WORDS: Final[dict[Status, tuple[str, ...]]] = {
    Status.COMPLETE: (
        "complete",
        "completed",
        "done",
        "finished",
        "success",
        "successful",
        "succeeded",
        "successfully completed",
        "завершено",
        "завершена",
        "завершений",
        "виконано",
        "готово",
        "зроблено",
        "успішно завершено",
        "успішно виконано",
    ),
    Status.BLOCKED: (
        "blocked",
        "заблоковано",
        "заблокована",
        "заблокований",
        "блоковано",
        "блокер",
    ),
    Status.NEEDS_REVIEW: (
        "needs review",
        "need review",
        "needs a review",
        "review needed",
        "review required",
        "requires review",
        "ready for review",
        "pending review",
        "needs human review",
        "in review",
        "review",
        "потребує перевірки",
        "потребує рев'ю",
        "потребує ревю",
        "потребує перегляду",
        "потребує review",
        "потрібна перевірка",
        "потрібен перегляд",
        "потрібен рев'ю",
        "потрібен ревю",
        "потрібне рев'ю",
        "потрібне ревю",
        "готово до перевірки",
        "готово до рев'ю",
        "готово до ревю",
        "готово до review",
        "на перевірці",
        "на рев'ю",
        "на ревю",
    ),
}


def _word_pattern(phrase: str) -> str:
    words = [re.escape(w).replace("'", "['\u2019\u02bc]?") for w in phrase.split()]
    return r"[\s_\-]+".join(words)


#: A review asked for with the kind of review named: ``needs security review``, ``requires
#: a DBA review``; not ``needs no review``; or in other words: ``needs a second look``.
_KIND_OF_REVIEW: Final = (
    r"(?:needs?|requires?)\s+(?:an?\s+)?(?!(?:no|not|never)\b)[^\W\d_]+(?:-[^\W\d_]+)?"
    r"\s+review"
    # a review in other words: "needs a second pair of eyes", "needs another look"
    r"|(?:needs?|requires?|could\s+use)\s+(?:an?\s+)?(?:second|another|closer|fresh|extra)"
    r"\s+(?:look|(?:pair|set)\s+of\s+eyes|eyes)"
)


def _status_regex() -> re.Pattern[str]:
    pairs = [(p, s) for s, phrases in _STATUS_WORDS.items() for p in phrases]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    groups = "|".join(f"(?P<{s.name}{i}>{_word_pattern(p)})" for i, (p, s) in enumerate(pairs))
    groups = f"(?P<{Status.NEEDS_REVIEW.name}{len(pairs)}>{_KIND_OF_REVIEW})|{groups}"
    # A status word ends the value or is followed by a non-word (``Blocked — waiting``);
    # ``Done-ish`` is not ``done``.
    return re.compile(rf"(?:{groups})(?![^\W_]|[-_][^\W_])", re.IGNORECASE)


_STATUS: Final = _status_regex()
#: Struck-through text (``~~Blocked~~ Complete``, ``~~Blocked~~ → Complete``) and an arrow
#: after it: words the writer took back, not read.
_STRUCK: Final = re.compile(r"~~[^~\n]+~~(?:\s*(?:\u2192|->|=>|\u21d2))?")
_DECOR: Final = re.compile(r"^[\s*_`\"'\[\](){}<>\u201c\u201d\u00ab\u00bb:.\-]+")
_UK_OR: Final = ("або", "чи")  # noqa: RUF001 - Ukrainian "or"
_ALTERNATIVES: Final = re.compile(rf"\||/|\s(?:or|{'|'.join(_UK_OR)})\s", re.IGNORECASE)


def clean_inline(text: str) -> str:
    """Text without leading emoji, surrounding markup, surrounding quotes and the bars of
    a frame drawn around it (``│ ✅ Done │``: the closing bar stayed in the text), and
    with the backticks of a code span it opens with (```k8s` (EKS)``: ``k8s (EKS)``; the
    opening backtick, a symbol, was dropped alone and the closing one stayed)."""
    text = text.strip()
    if len(text) > 1 and text[0] in FRAME_BARS and text[-1] in FRAME_BARS:
        text = text[1:-1].strip()
    if text[:1] == "`":
        text = _OPENING_SPAN.sub(r"\1", text, count=1)
    return strip_quotes(unwrap(strip_symbols(text)))


#: A code span at the start of a value: ```k8s` ``, ```Backend` (Node)``.
_OPENING_SPAN: Final = re.compile(r"^`([^`]+)`")


def written_domain(value: str) -> str:
    """A Domain line's value as its agent wrote it, on one line, without markup
    (``**Backend (Node)**``: ``Backend (Node)``): what a report keeps beside its canonical
    domain (``AgentReport.domain_written``)."""
    return " ".join(clean_inline(value).split())


def _status_of(match: re.Match[str]) -> Status:
    name = match.lastgroup or ""
    return Status[name.rstrip("0123456789")]


def read_status(value: str) -> Status:
    """The status a ``Status:`` value declares (``BLOCKED — waiting on …`` -> blocked).

    Cached: a pure function of the text, a refusal too (the seed reader and the general
    grammar read the same refused value: one scan, not two)."""
    read = _read_status(value)
    if isinstance(read, Status):
        return read
    raise ValueProblem(read)


@functools.lru_cache(maxsize=1024)
def _read_status(value: str) -> Status | str:
    """:func:`read_status`'s reading: the status, or the refusal's message."""
    try:
        return _status_of_value(value)
    except ValueProblem as problem:
        return str(problem)


def _status_of_value(value: str) -> Status:
    unstruck = _STRUCK.sub(" ", value) if "~~" in value else value
    text = _DECOR.sub("", strip_symbols(_DECOR.sub("", unstruck.strip())))
    if not text:
        raise ValueProblem("empty status (expected " + STATUS_CHOICES + ")")
    matches = list(_STATUS.finditer(text))
    if len({_status_of(m) for m in matches}) > 1 and _ALTERNATIVES.search(text):
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(f"unfilled template status '{shown}' (choose one of {STATUS_CHOICES})")
    match = matches[0] if matches else None
    if match is not None and match.start() != 0:
        _refuse_a_hedge(value, match, hedge_before(text[: match.start()]))
    if match is None or match.start() != 0:
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(f"unknown status '{shown}' (expected {STATUS_CHOICES})")
    status = _status_of(match)
    if _ASKED.match(text, match.end()) is not None:
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(
            f"status '{shown}' asks or denies '{match.group(0)}' instead of stating it "
            f"(expected {STATUS_CHOICES})"
        )
    partial = _PARTIAL.match(text, match.end()) if status is Status.COMPLETE else None
    if partial is not None:
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(
            f"status '{shown}' qualifies '{match.group(0)}' with '{partial.group(1)}': partly "
            f"done work is not Complete (expected {STATUS_CHOICES})"
        )
    if status is not Status.BLOCKED:  # a doubted Blocked still stops the chain
        _refuse_a_hedge(value, match, hedge_after(text, match.end()))
    hidden = _hidden_status(text, status, matches[1:])
    if hidden is not None:
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(
            f"status '{shown}' names two statuses ('{match.group(0)}', then '{hidden}'); "
            f"a report gives one ({STATUS_CHOICES})"
        )
    return status


def _refuse_a_hedge(value: str, match: re.Match[str], hedge: str | None) -> None:
    """Refuse a status doubted by its writer (``probably complete``, ``Complete (mostly)``,
    ``здається, готово``): the parser states no status for the agent, not even Needs Review."""
    if hedge is not None:
        shown = _short(clean_inline(value) or value.strip())
        raise ValueProblem(
            f"status '{shown}' hedges '{match.group(0)}' with '{hedge}': a report states its "
            f"status, and the parser does not choose one for it (expected {STATUS_CHOICES})"
        )


#: A status word put as a question or answered no: ``Complete?``, ``Complete? No``,
#: ``Done: no``, ``Завершено? Ні``.  # noqa: RUF003 - Ukrainian
_ASKED: Final = re.compile(
    r"[\s*_`\"']*(?:\?|[:\-\u2013\u2014,]\s*(?:no|nope|not yet|false|ні|ще ні)[\s.!*_`]*$)",
    re.IGNORECASE,
)


#: A completion qualified as partial right after its word, the qualifier ending the value or
#: a clause of it: ``Done partially``, ``Complete (not fully)``, ``Виконано частково: лише
#: API``, ``Завершено не повністю``; not ``Complete, partially rewrote the cache`` (what
#: was done).
_PARTIAL: Final = re.compile(
    r"[\s,;:(\[*_`\-\u2013\u2014]*(partially|partly|halfway|half done|not fully|not entirely|"
    r"not completely|частково|не повністю|не до кінця|не зовсім|наполовину)"
    r"(?=\s*(?:[()\[\].,;:!*_`\u2013\u2014]|-\s|$))",
    re.IGNORECASE,
)


#: How far a status asks the chain to stop: a later word may not ask more than the first.
_CAUTION: Final = {Status.COMPLETE: 0, Status.NEEDS_REVIEW: 1, Status.BLOCKED: 2}
_NEGATION: Final = re.compile(
    r"(?:\b(?:not|no|non|never|nothing|без|не|ні|нічого)|\wn['\u2019]t)[\s-]+(?:\w+[\s-]+)?$",
    re.IGNORECASE,
)
#: A status word whose object is nothing: ``requires review of nothing``, ``needs review by
#: no one``.
_NOTHING_AFTER: Final = re.compile(
    r"\s+(?:of|by|from|for)\s+(?:nothing|nobody|no\s*one|none)\b",
    re.IGNORECASE,
)


#: Status words that only note a status when they follow one (not a hidden second status).
_NOTES: Final = frozenset(
    {
        "review",
        "ready for review",
        "готово до перевірки",
        "готово до рев'ю",
        "готово до ревю",
        "готово до review",
    }
)
_SEPARATORS: Final = re.compile(r"[\s_\-]+")
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def _is_note(word: str) -> bool:
    """Whether a matched status word is one of :data:`_NOTES` (any apostrophe, separator)."""
    return _SEPARATORS.sub(" ", word.lower().translate(_APOSTROPHES)) in _NOTES


def _hidden_status(text: str, status: Status, later_words: list[re.Match[str]]) -> str | None:
    """A later word in a Status value naming a status that asks more than the first one
    (``Complete (blocked on the API)``, ``Done, needs review``), unless negated (``not
    blocked``); the bare word *review* and *ready for review* are a status only when they
    come first (``Complete — ready for review``: finished work handed over, as a PR is)."""
    for later in later_words:
        found = _status_of(later)
        word_start = not (text[later.start() - 1].isalnum() or text[later.start() - 1] == "_")
        if (
            asks_more(found, status)
            and word_start
            and not _is_note(later.group(0))
            and _NEGATION.search(text, max(0, later.start() - 40), later.start()) is None
            and _NOTHING_AFTER.match(text, later.end()) is None
        ):
            return later.group(0)
    return None


#: Symbols that say a summary is about blocked work (``⛔``, ``🚫``, ``🛑``).
BLOCKED_MARKS: Final = ("\u26d4", "\U0001f6ab", "\U0001f6d1")
#: What follows a status word that opens a summary as its verdict: ``Blocked: …``, ``Done — …``.
_VERDICT_END: Final = re.compile(r"[*_`]*\s*(?:[:\uff1a\u2013\u2014]|\s-\s|$)")


#: The first words of the status words asking more than Complete, for a quick test before
#: :func:`summary_status` (only those can contradict a status).
CAUTIOUS_HEADS: Final = frozenset(
    p.split()[0] for s, ps in _STATUS_WORDS.items() if s is not Status.COMPLETE for p in ps
)


def summary_status(text: str) -> Status | None:
    """The status a summary line declares by its symbol (``⛔ Orders API``) or by opening with a
    status word as a verdict (``Blocked: waiting on the schema``, ``Done — …``); None when it
    declares none. The bare word *review* and *ready for review* are no verdict."""
    text = text.lstrip(" *_")
    core = _DECOR.sub("", strip_symbols(text))
    if text.startswith(BLOCKED_MARKS) and any(c.isalpha() for c in core[:40]):
        return Status.BLOCKED  # a mark alone on its line is no summary
    match = _STATUS.match(core)
    if match is None or _VERDICT_END.match(core, match.end()) is None:
        return None
    if _is_note(match.group(0)):
        return None
    return _status_of(match)


def asks_more(said: Status, status: Status) -> bool:
    """Whether ``said`` asks the chain to stop more than ``status`` (Blocked over Needs
    Review over Complete)."""
    return _CAUTION[said] > _CAUTION[status]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


_QUOTES: Final = (
    ('"', '"'),
    ("'", "'"),
    ("\u201c", "\u201d"),
    ("\u00ab", "\u00bb"),
    ("\u2018", "\u2019"),
    ("\u201e", "\u201c"),
    ("`", "`"),
)


def strip_quotes(text: str) -> str:
    """Remove one pair of quotes wrapping the whole of ``text`` (``"x"``, ``“x”``, ``«x»``)."""
    text = text.strip()
    for left, right in _QUOTES:
        if len(text) >= 2 and text.startswith(left) and text.endswith(right):
            inner = text[len(left) : -len(right)]
            if left not in inner and right not in inner:
                return inner.strip()
    return text


def unwrap(text: str) -> str:
    """Remove markup wrapping the whole text: ``**x**``, ``__x__``, ``*x*``, ``_x_``.

    Only a matching pair with no inner copy counts: ``__init__.py`` stays a path.
    """
    text = text.strip()
    if text[:1] not in ("*", "_") or text[-1:] not in ("*", "_"):
        return text
    for mark in ("**", "__", "*", "_"):
        inner = text[len(mark) : -len(mark)]
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            if mark not in inner:
                return inner.strip()
    return text


_CHECKBOX: Final = re.compile(r"^\[[ xX\u2713]\]\s+")
_PLACEHOLDER: Final = re.compile(r"^\[[^\[\]]+\]$")
# The seed's own template text, copied verbatim by a model that did not fill it in.
_TEMPLATE_TEXT: Final = re.compile(r"^(?:key change \d+|path/to/file\d*(?:\.\w+)?)$", re.I)


def placeholder(texts: Iterable[str]) -> str | None:
    """The first unfilled template text (``[1-line task summary]``, ``Key change 1``)."""
    for text in texts:
        core = text.strip().strip("*_`").strip()
        if _PLACEHOLDER.match(core) or _TEMPLATE_TEXT.match(core):
            return core
    return None


def change_item(text: str) -> str:
    """One change bullet's text, without a checkbox marker."""
    return _CHECKBOX.sub("", text.strip()).strip()
