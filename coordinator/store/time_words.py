"""The times of the session listings: ``--since``'s spans (``2d``, ``3 hours``, ``last
week``), words (``today``, ``yesterday``) and dates read as epoch seconds
(:func:`since_epoch`), and a start time as ``coord sessions`` and ``coord stats`` show it.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from coordinator.errors import UserError

#: A span back from now: ``2d``, ``3 hours``, ``2 weeks ago``, ``a week ago``, ``last 3
#: days``, ``past hour``, ``last month`` (the count, when a word stands for it, is 1).
_AGO = re.compile(
    r"^\s*(?:(last|past)\s+)?(-?\s*\d+|an?\b)?\s*([a-z]+)(?:\s+ago)?\s*$", re.IGNORECASE
)
#: Each unit's seconds, by every way it is written: ``3h``, ``3 hours``, ``1 week``,
#: ``90s``; a month is 30 days (``m`` is a minute).
_UNIT = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
    **dict.fromkeys(("mo", "mon", "month", "months"), 30 * 86400),
}
#: Days back to the midnight each word names.
_DAYS = {"today": 0, "yesterday": 1}
_TIME_HINT = (
    "Use a span such as 30s, 30m, 3h, 2d, 1w, 1mo (or '1 week', '2 weeks ago', 'last 3 days'),"
    " today, yesterday, or a date such as 2026-11-30."
)


def started(at: float) -> str:
    """``2026-12-05 09:17``: when a session started (or a span given to ``--since`` began),
    in local time (as ``coord stats`` counts days and ``--since DATE`` reads a date)."""
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M")


def _count(written: str | None) -> int:
    """A span's count as written (``-3``, ``- 3``; none, ``a``, ``an``: 1): past 30
    digits, its first 30 (more seconds than have passed since 1970 either way; Python reads
    no number of over 4300 digits)."""
    if not written or not written[-1].isdigit():
        return 1
    digits = written.replace(" ", "")
    sign = -1 if digits.startswith("-") else 1
    return sign * int(digits.lstrip("-").lstrip("0")[:30] or "0")


def since_epoch(
    text: str, now: float | None = None, *, flag: str = "--since", zero: bool = False
) -> float:
    """``--since``/``--older-than`` (``flag``, named in its errors): a span back from now
    (30s, 30m, 3h, 2d, 1w, 1mo: 30 days; or in words: ``2 days``, ``1 week ago``, ``a month
    ago``, ``last 3 days``, ``past hour``), ``today`` or ``yesterday`` (its local midnight)
    or an ISO date (a span longer than the time since 1970, or a date before it: 1970). A
    negative span or a date still to come is refused, and so is a span of no time unless
    ``zero`` allows it (``--older-than 0m``: every session): ``--since`` would select no session,
    ``--older-than`` every one (and delete them), never what was meant."""
    now = now if now is not None else time.time()
    m = _AGO.match(text)
    if m and (m[1] or m[2]) and m[3].lower() in _UNIT:  # a bare unit ("m") is no span
        count = _count(m[2])
        if count < 0:
            raise UserError(
                f"{flag}: '{text.strip()}' is a negative span",
                hint="A span counts back from now: 2d is two days ago.",
            )
        if count == 0 and not zero:
            raise UserError(f"{flag}: '{text.strip()}' is no time at all", hint=_TIME_HINT)
        seconds = count * _UNIT[m[3].lower()]
        return now - seconds if seconds < now else 0.0  # no session is older than 1970
    if (back := _DAYS.get(text.strip().lower())) is not None:
        midnight = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return (midnight - timedelta(days=back)).timestamp()
    try:
        at = datetime.fromisoformat(text.strip()).timestamp()
    except (ValueError, OverflowError):
        raise UserError(f"{flag}: cannot read the time '{text}'", hint=_TIME_HINT) from None
    if at > now:
        shown = datetime.fromtimestamp(now).isoformat(sep=" ", timespec="minutes")
        raise UserError(
            f"{flag}: '{text.strip()}' is in the future (it is {shown} now)", hint=_TIME_HINT
        )
    return max(at, 0.0)  # 0001-01-01T00:00+14:00: before year 1 in local time


def zone_of(at: float) -> str:
    """The local zone at ``at`` as its UTC offset (``UTC+01:00``, ``UTC-03:30``; ``UTC``):
    named once where a view shows local times (audit105)."""
    offset = datetime.fromtimestamp(at).astimezone().utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock(at: float) -> str:
    """``09:17:05``: a time of day in local time (the zone named elsewhere: :func:`zone_of`)."""
    return datetime.fromtimestamp(at).strftime("%H:%M:%S")
