"""The line of each entry of a settings file's lists (:func:`entry_lines`), so a permission
rule's refusal names ``file:line`` as well as the rule as written (audit105), and of each
hook of its ``hooks`` (:func:`hook_lines`, the managed file's too; an agent file's or a
SKILL.md's frontmatter's, read as YAML: :func:`frontmatter_hook_lines`), so a hook's
block does too (audit106, tidy107). The text is
read a second time by :mod:`json`'s pure-Python scanner, whose string values are noted with
where they start; the mapping coord acts on is still :func:`json.loads`'s.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # (typeshed omits it)
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, NamedTuple


class _Spot(NamedTuple):
    """A string value of the file and the offset of its opening quote."""

    text: str
    at: int


class _SpotDecoder(json.JSONDecoder):
    """A decoder whose string values are :class:`_Spot` (object keys stay strings)."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_string = _spot
        self.scan_once = py_make_scanner(self)


def _spot(text: str, end: int, strict: bool = True) -> tuple[_Spot, int]:
    """The string value whose opening quote is just before ``end``, noted where it starts."""
    value, after = scanstring(text, end, strict)
    return _Spot(str(value), end - 1), int(after)


def entry_lines(text: str | None, block: str) -> dict[str, list[tuple[str, int]]]:
    """By key, each entry of the lists in ``block`` (``permissions``: its ``deny``, ``ask``,
    ``allow``) of the settings file ``text``, with its line (from 1; a string entry's only,
    another kind's is 0): none when the text is None or cannot be read again. The file is
    read once for them all (the pure-Python scanner: ~0.2 ms for a 2 KB file), and each
    entry's line found among the line ends, noted once (:func:`_line_of`: counted from the
    start for each entry, a settings file of 32,000 rules took 5 s, one of 512,000 about
    20 minutes, a file a cloned repository or a command of a run above may hold,
    redteam105)."""
    found = _block(text, block)
    if text is None or found is None:
        return {}
    ends = list(accumulate(len(line) + 1 for line in text.split("\n")))
    return {
        key: [(e.text, _line_of(ends, e.at)) if isinstance(e, _Spot) else ("", 0) for e in entries]
        for key, entries in found.items()
        if isinstance(entries, list)
    }


def _line_of(ends: list[int], at: int) -> int:
    """The line (from 1) of the offset ``at`` of a text whose lines end before ``ends``
    (each line's end offset, its line break counted)."""
    return bisect_right(ends, at) + 1


def _block(text: str | None, block: str, *, bare: bool = False) -> dict[str, Any] | None:
    """The mapping ``block`` of the settings file ``text``, its string values
    :class:`_Spot` (``bare``: the whole file when it has no ``block``, as a plugin's hooks
    file may be); None when there is none or the text cannot be read again."""
    if text is None:
        return None
    try:
        data: Any = _SpotDecoder().decode(text)
    except (ValueError, RecursionError):
        return None
    found = data.get(block) if isinstance(data, dict) else None
    if found is None and bare:
        found = data
    return found if isinstance(found, dict) else None


#: The field whose line names a hook, in order: what it runs, else its kind.
_HANDLERS = ("command", "url", "prompt", "tool", "server", "type")


def hook_lines(text: str | None) -> dict[str, list[list[int]]]:
    """By event of the ``hooks`` of the settings (or plugin hooks) file ``text`` (a plugin's
    hooks file without that wrapper: its events), for each of its matcher groups, the line
    of each hook (from 1): the line of what it runs (its ``command``, ``url``, ``prompt``,
    MCP ``tool``), else of its ``type``; 0 when none is text. None of it when the text is
    None or cannot be read again."""
    found = _block(text, "hooks", bare=True)
    if text is None or found is None:
        return {}
    ends = list(accumulate(len(line) + 1 for line in text.split("\n")))

    def line(entry: object) -> int:
        spots = entry if isinstance(entry, dict) else {}
        for key in _HANDLERS:
            spot = spots.get(key)
            if isinstance(spot, _Spot):
                return _line_of(ends, spot.at)
        return 0

    return {
        event: [
            [line(h) for h in group["hooks"]]
            if isinstance(group, dict) and isinstance(group.get("hooks"), list)
            else []
            for group in (groups if isinstance(groups, list) else [groups])
        ]
        for event, groups in found.items()
    }


def frontmatter_hook_lines(path: Path, hooks: object) -> dict[str, list[list[int]]]:
    """:func:`hook_lines` of the ``hooks:`` of the YAML frontmatter of ``path``, an agent
    file or a SKILL.md, when they still read as ``hooks`` (the value the agent was loaded
    with, the skill's invocation stored: a file changed since, or gone, gives none). Its
    YAML is composed once more for the lines, each from its node's mark."""
    import yaml

    from coordinator.roster.frontmatter import MAX_FILE_BYTES, FrontmatterError, read_regular
    from coordinator.roster.frontmatter import split as split_frontmatter

    try:
        raw = split_frontmatter(read_regular(path, MAX_FILE_BYTES).decode("utf-8"))[0]
        loader = yaml.SafeLoader(raw)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, FrontmatterError, yaml.YAMLError, RecursionError):
        return {}
    node = _yaml_value(root, "hooks")
    if not isinstance(data, dict) or data.get("hooks") != hooks or node is None:
        return {}
    return {
        str(key.value): [
            _yaml_group_lines(raw, group)
            for group in (groups.value if isinstance(groups, yaml.SequenceNode) else [groups])
        ]
        for key, groups in node.value
    }


def _yaml_value(node: Any, key: str) -> Any:
    """The node of ``key``'s value in the YAML mapping ``node`` (None: no mapping, no key):
    its last, the one the mapping read holds (a ``<<`` merge's keys come first, once the
    document is constructed; the entry's own override them)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    found = [v for k, v in node.value if getattr(k, "value", None) == key]
    return found[-1] if found else None


def _yaml_group_lines(raw: str, group: Any) -> list[int]:
    """The file lines of a frontmatter matcher group's hooks (``raw``, the frontmatter,
    starts on the file's line 2), each at what it runs (:data:`_HANDLERS`), 0 where none is
    text. Counted in ``raw`` up to the node's offset: YAML's own line count also breaks at
    U+0085, U+2028 and U+2029, which an editor and ``grep -n`` do not."""
    import yaml

    entries = _yaml_value(group, "hooks")
    if not isinstance(entries, yaml.SequenceNode):
        return []
    lines = []
    for entry in entries.value:
        found = (_yaml_value(entry, key) for key in _HANDLERS)
        spot = next((v for v in found if isinstance(v, yaml.ScalarNode)), None)
        at = spot.start_mark.index if spot is not None else None
        lines.append(raw.count("\n", 0, at) + 2 if at is not None else 0)
    return lines
