"""Claude Code's ``*`` wildcard in permission rules, matched in linear time (a leaf the
rule readers share: :mod:`coordinator.runtime.permission_bash`,
:mod:`coordinator.runtime.skill_rules`)."""

from __future__ import annotations


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether ``text`` is ``pattern`` whole, each ``*`` any text (none, newlines too): the
    pieces between stars found in order, each where it first occurs after the last one
    (for ``*`` alone the first place is never worse than a later one), in time linear in
    the text for each piece. As a regular expression (``.*`` for each star) ``re``
    backtracked: ``Bash(docker * run * run * --privileged)`` against ``docker`` and 2,000
    `` run`` took 27 s holding the GIL, for every Bash call an agent made so, and an agent
    could write such a rule where a later run reads it (``sub/.claude/settings.json``)."""
    first, *middle, last = pattern.split("*")
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    at = len(first)
    for piece in middle:
        found = text.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True
