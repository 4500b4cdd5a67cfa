"""Grouping labelled lines into draft reports, and telling whose each draft is.

Each label opens a field that takes its inline value and, depending on the field, the
following bullets or paragraph. A field that repeats, or a report-opening label after prose
that follows a status, starts a new draft; so does a change of origin: a draft never spans
the edge of a code block or of a quotation, nor a line introducing another agent's answer or
a sample. A draft is the agent's own unless it lies in a code block (a ``python``/``diff``
fence, a docstring, an indented block), is quoted (``>`` or a ``<consultant_answer>`` tag),
is introduced as another agent's answer or as a sample, or is attributed to another agent by
the line under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final, NamedTuple

from protocols.files import group_heading
from protocols.identity import HANDED, ROLE, Relays
from protocols.labels import (
    FieldName,
    Hit,
    Line,
    find_label,
    introduces,
    is_table_rule,
    split_inline,
    starts_with_symbol,
    strip_symbols,
)
from protocols.values import ValueProblem, read_status

_SINGLE: Final = frozenset({"status", "domain"})
_LISTS: Final = frozenset({"changes", "files"})
# Labels that may follow a status across prose and still belong to its report.
_TRAILERS: Final = frozenset({"domain", "blocker", "required"})

_ROLE: Final = ROLE
_PARTY: Final = (
    rf"(?:{_ROLE}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"  # or a slug: "backend-architect"
    r"(?<!s)s?"  # "The two agents replied:"
)
_SAID: Final = (
    r"(?:replied|responded|answered|wrote|said|says|came back|returned|suggested|recommended|"
    r"reported|sent|shared|"
    r"відпові\w*|написа\w*|повідоми\w*)"
)
_ANSWER: Final = r"(?:answer|reply|response|report|result|output|feedback|advice|verdict)"
#: What another party gives back, named without a possessive (*"the DBA answer"*); not
#: *report* or *result*, which the agent says of its own (*"Agent report:"*).
_REPLY: Final = r"(?:answer|reply|response|feedback|advice|verdict)"
#: Words that may follow such an answer word: "the DBA answer on the index:".
_AFTER_REPLY: Final = r"(?:for|from|to|on|about|below|here|in|regarding|verbatim)"
#: Where a third party's possessive answer word is another's report: opening the clause or
#: a sentence (*"Its answer:"*) or handed on (*"Passing its report on"*, *"Here's their report"*,
#: *"That was its answer"*); not a thing something does (*"uploads its report to S3"*,
#: *"users download their report"*, *"builds its output"*).
_HANDS_ON: Final = (
    r"(?:^\W*|\b(?=(?-i:Its|Their|His|Her)\b)"
    r"|\b(?:here['\u2019]?s|(?:here|below|above|that|this)\s+(?:is|are|was|were)|below|"
    r"pass\w*|past\w*|"
    r"relay\w*|forward\w*|quot\w*|cop(?:y|ying|ied)|includ\w*|attach\w*)"
    r"\s+(?:(?:on|along|below|verbatim)\s+)?)"
)
_HANDED: Final = HANDED
#: What a relaying verb's object opens with: "Forwarding the backend result", not "port
#: forwarding result" or "forwarding of the reply-to address" (a thing, not a handing on).
_DETERMINER: Final = r"(?:the|this|that|these|those|its|their|his|her)"
#: "The database engineer replied:", "Here is the backend-architect's answer", "Here is the
#: DBA answer:", "Answer from the DBA:", "Відповідь інженера бази даних:" (no sentence break
#: in between). Without a possessive the answer word ends the phrase or a preposition
#: follows it: "the agent reply handler" is a thing, not an answer. A third party's
#: possessive ("Passing its report on as-is:") or a relaying verb ("Forwarding the backend
#: result:") names another's report too.
_ATTRIBUTION: Final = re.compile(
    rf"\b{_PARTY}\b[^.!?]{{0,40}}\b{_SAID}\b"
    rf"|\b{_PARTY}['\u2019]s\s+(?:\w+\s+)?{_ANSWER}\b"
    rf"|\b{_PARTY}\s+{_REPLY}s?\b(?!\s*(?!{_AFTER_REPLY}\b)[^\W\d_])"
    rf"|\b{_ANSWER}s?\s+(?:from|by|of)\b[^.!?]{{0,30}}\b{_PARTY}\b"
    rf"|\b(?:відповідь|звіт)\s+(?:від\s+)?{_PARTY}"
    rf"|{_HANDS_ON}(?:its|their|his|her)\s+(?:\w+\s+)?{_ANSWER}s?\b(?!-){_HANDED}"
    rf"|\b(?:forward|relay)(?:ing|ed)\s+{_DETERMINER}\s+(?:[\w-]+\s+){{0,2}}?{_ANSWER}s?\b"
    rf"(?!-){_HANDED}",
    re.IGNORECASE,
)
_SAMPLE: Final = re.compile(
    r"\b(?:examples?|samples?|for instance|(?:will|would|should|could) look like|"
    r"(?:на)?приклад\w*|зразок\w*|виглядатиме|(?:має|мав|мала|повин\w*|буде)\s+виглядати)\b"
    r"|\be\.g\.",  # no word boundary after its dot
    re.IGNORECASE,
)
#: A title naming what follows as a sample: ``## Example``, ``### Приклад звіту``.
_SAMPLE_TITLE: Final = re.compile(
    r"(?:an?\s+|the\s+)?(?:examples?|samples?|приклад\w*|зразок\w*)\b", re.IGNORECASE
)
#: A title naming what follows as documentation of a format, the whole title: ``## Usage``,
#: ``### Template``, ``### Report template``, ``### Використання``; not ``## Usage tracking
#: endpoint`` or ``## Template engine migration``, the agent's own titles.
_FORMAT_TITLE: Final = re.compile(
    r"(?:an?\s+|the\s+)?(?:(?:report|answer|reply|output|звіт\w*)\s+)?"
    r"(?:usage|templates?|шаблон\w*|використання)"
    r"(?:\s+(?:(?:for|of)\s+(?:the\s+|an?\s+)?)?(?:final\s+)?"
    r"(?:reports?|answers?|repl(?:y|ies)|responses?|output|format|звіту|відповіді))?\W*",
    re.IGNORECASE,
)
_SUMMARY_TAG: Final = re.compile(r"(?:<details>\s*)?<summary>\s*(.*?)\s*</summary>", re.I)
#: A line pointing back at the block above it: "That was ...", "The above is ...", "Вище ...".
_BACK: Final = re.compile(
    r"\W*(?:(?:the\s+)?above\s+(?:is|was|were)|(?:that|this|those)\s+(?:is|was|were)|"
    r"вище\b|це\s+(?:була?|були)\b)",
    re.IGNORECASE,
)
#: A line opening with "For example," / "e.g." / "Наприклад,": all of it is a sample.
_EXAMPLE_LEAD: Final = re.compile(
    r"\W*(?:for (?:example|instance)\b|e\.g\.|наприклад\b)", re.IGNORECASE
)
#: The agent telling what it did (*"I added"*, *"we found"*, *"я додав"*), in no mood of
#: supposing (*"I would write"*): a line opening with "For example" saying so is its own.
_SPEAKS_OF_ITSELF: Final = re.compile(
    r"^(?!.*\b(?:would|could|might|\u0431\u0438?)\b)"  # Ukrainian "would" (b, by)
    r".*(?:(?-i:\bI\b)(?!/)|\b(?:we|my|our|я|ми|мій|моя|мої|наш\w*)\b)",
    re.IGNORECASE,
)
#: Some agent or other, no particular one, writing or answering (*"A blocked specialist
#: ends its answer like this:"*, *"Any agent that finishes writes:"*, *"Кожен агент
#: завершує звіт так:"*): what such a line introduces is a sample of what any agent writes.
#: Not an agent merely named (*"An engineer can now run the migration:"*, *"Every agent
#: test passes now. Report:"*).
_ANY_PARTY: Final = re.compile(
    rf"\b(?:a|an|any|every|each|будь-який|кожен|кожний)\s+(?:[^\W\d_]+\s+){{0,2}}?{_ROLE}"
    r"(?<!s)s?\b[^.!?]{0,60}?\b(?:writes?|wrote|written|answers?|repl(?:y|ies)|responds?|"
    r"reports|ends?\s+(?:its|their|his|her|with)|looks?\s+like|says|пише|напише|"
    r"відповіда\w*|(?:закінчу|заверш)\w*\s+(?:сві\w+\s+)?(?:звіт|відповід)\w*|виглядає)\b",
    re.IGNORECASE,
)
_TEMPLATE: Final = re.compile(r"\b(?:template|шаблон\w*)\b", re.IGNORECASE)
_REPORT: Final = re.compile(r"\b(?:report|звіт\w*)\b", re.IGNORECASE)
_CLAUSE: Final = re.compile(r"[,;.!?\u2014]\s+|(?<!\s)\s+[\u2013-]\s+")  # a space run scanned once
_OWN: Final = re.compile(r"\b(?:my|our|мій|моя|мого|мої|наш\w*)\b", re.IGNORECASE)


class Origin(StrEnum):
    """Whose words a draft is."""

    OWN = "own"
    CODE = "code"
    QUOTED = "quoted"
    SAMPLE = "sample"


class Note(NamedTuple):
    """Why a draft is not the agent's: another agent's answer or a sample, the line that
    says so, and the agent it was relayed from when the parser knows who that is."""

    origin: Origin
    line: int
    relayed: str = ""


@dataclass
class Field:
    """A label and the lines it took."""

    name: FieldName
    line: int
    inline: str
    bulleted: bool
    lines: list[Line] = field(default_factory=list)
    gap: bool = False
    also: FieldName | None = None
    """The second list one label named (``**Changes / Files:**``), filled by the same lines."""

    @property
    def has_content(self) -> bool:
        return bool(self.inline) or bool(self.lines)

    def first_value(self) -> str:
        """The value of a single-valued field: inline, else its line, or its bullets joined
        by commas (a Domain listing two domains names two: ``Frontend, DevOps``)."""
        return self.inline or ", ".join(line.text for line in self.lines)


@dataclass
class Draft:
    """The fields of one report, as found in the text, and whose words they are."""

    fields: dict[FieldName, Field]
    summary_line: Line | None
    code: bool
    quoted: bool
    """Every label so far was quoted."""
    origin_note: Note | None = None
    """Another agent's answer or a sample, and the line that introduced it."""
    prose_after: bool = False

    @property
    def origin(self) -> Origin:
        if self.code:
            return Origin.CODE
        if self.quoted:
            return Origin.QUOTED
        return self.origin_note[0] if self.origin_note else Origin.OWN

    @property
    def first_line(self) -> int:
        numbers = [f.line for f in self.fields.values()]
        if self.summary_line is not None:
            numbers.append(self.summary_line.no)
        return min(numbers)


def _files_group(fld: Field, line: Line) -> bool:
    """A group heading inside Files (``Created:``), not a line introducing a quoted answer
    or a sample (``The frontend specialist said:``)."""
    if fld.name != "files" or not (line.heading or group_heading(line.text) is not None):
        return False
    return not (_ATTRIBUTION.search(line.text) or _SAMPLE.search(line.text))


def _accepts(fld: Field, line: Line) -> bool:
    """Whether ``line`` continues ``fld`` (blank lines are taken but not kept)."""
    if line.blank:
        fld.gap = fld.gap or fld.has_content
        return True
    if not fld.has_content:
        fld.lines.append(line)
        return True
    previous = fld.lines[-1] if fld.lines else None
    if fld.name in _SINGLE:  # one value; a bullet list under it is read whole
        more = (
            previous is not None
            and previous.bullet
            and line.bullet
            and not (fld.gap or fld.inline)
            and line.indent == fld.lines[0].indent
        )
        if more:
            fld.lines.append(line)
        return more
    after_group = previous is not None and _files_group(fld, previous)
    previous_bullet = previous is not None and previous.bullet
    if _files_group(fld, line):
        ok = True
    elif fld.gap:
        ok = line.bullet and (previous_bullet or after_group or not fld.lines)
    elif fld.name in _LISTS:
        all_plain = bool(fld.lines) and not any(ln.bullet for ln in fld.lines)
        ok = line.bullet or line.indent > 0 or all_plain or after_group
    else:
        ok = line.bullet or line.indent > 0 or bool(fld.lines)
    if ok:
        fld.lines.append(line)
    return ok


def _labels_on(line: Line, current: Field | None) -> list[Hit]:
    """The labels on ``line``; a plain ``- Status: x`` bullet inside a list is an item."""
    if line.blank:
        return []
    hit = find_label(line)
    if hit is None:
        return []
    if current is not None and current.name == "files" and hit.field == "files":
        if current.also is None or hit.also is not None:
            return []  # "Files modified:" inside Files is a group heading
    in_list = current is not None and current.name in _LISTS and not current.bulleted
    if line.bullet and not hit.strong and in_list and not _is_status(hit):
        return []
    return split_inline(hit)


def _is_status(hit: Hit) -> bool:
    if hit.field != "status":
        return False
    try:
        read_status(hit.value)
    except ValueProblem:
        return False
    return True


def _summary_line(orphans: Sequence[Line], label_no: int) -> Line | None:
    """The report's summary line: the last emoji line before it, else the line just above."""
    for line in reversed(orphans):
        if starts_with_symbol(line.text):
            return line
    last = orphans[-1] if orphans else None
    if last is None or label_no - last.no > 2 or last.bullet or last.heading:
        return None
    if is_table_rule(last.text):
        return None
    tag = _SUMMARY_TAG.fullmatch(last.text) if last.text[:1] == "<" else None
    if tag is not None:  # a <details> title: the summary, unless it names a sample or answer
        title = strip_symbols(tag.group(1).strip("*_ "))
        named = _names_sample(title) or _ATTRIBUTION.search(title)
        return None if named or not title else replace(last, text=tag.group(1))
    return None if last.text.endswith((":", "\uff1a")) else last


def _names_sample(title: str) -> bool:
    """Whether a title names what follows as a sample or a format's documentation."""
    return _SAMPLE_TITLE.match(title) is not None or _FORMAT_TITLE.fullmatch(title) is not None


def _points_below(text: str) -> bool:
    """A sentence pointing at what follows (*"The DBA replied with the following."*)."""
    return text.endswith(".") and introduces(text)


def _intro_text(line: Line) -> tuple[str, bool] | None:
    """The text of a line that introduces what follows, and whether it is a title: a line
    ending with a colon, a sentence pointing at what follows (*"The DBA replied with the
    following."*), a heading or ``<summary>`` title (``## Example``); else None."""
    text = line.text.rstrip("*_ ")
    if introduces(text):
        return text, False
    title = _SUMMARY_TAG.fullmatch(text) if text[:1] == "<" else None
    if line.heading or title is not None:
        return strip_symbols((title.group(1) if title else text).strip("*_ ")), True
    return None


#: A clause that only says why or how a block is shown: "..., for your reference:".
_ASIDE: Final = re.compile(
    r"(?:for\s+(?:your\s+|the\s+)?(?:reference|context|record|information|completeness)|"
    r"verbatim|in full|as[- ]is|unedited|для\s+(?:довідки|контексту)|дослівно)\W*",
    re.IGNORECASE,
)


def _last_clause(text: str, joint: str = " ") -> str:
    """The clause that introduces: the last one, with the one before it when it is only a
    pointer or an aside (*"For example, like this:"*, *"The DBA's answer, verbatim:"*,
    *"Below is the architect response, for your reference:"*); ``joint`` joins the two."""
    clauses = _CLAUSE.split(text)
    last = clauses[-1]
    if len(clauses) > 1 and (len(last.split()) <= 2 or _ASIDE.fullmatch(last)):
        return f"{clauses[-2]}{joint}{clauses[-1]}"
    return clauses[-1]


#: Where a line's last sentence begins: after a full stop, "!" or "?" and a space.
_SENTENCE_END: Final = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?]\s+(?=\S)", re.IGNORECASE)


def _example_lead(text: str) -> bool:
    """Whether the line, or its last sentence, opens with "For example," and the line does
    not tell what the agent did: *"Agents end with a block. For example, a finished task
    looks like:"*, not *"I made it return 404. For example, GET /orders/9 now gives:"*."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    last = text[ends[-1] :] if ends else text
    lead = _EXAMPLE_LEAD.match(text) or _EXAMPLE_LEAD.match(last)
    return lead is not None and not _SPEAKS_OF_ITSELF.search(text)


def _introduced(
    orphans: Sequence[Line], summary: Line | None, block: int = 0, relays: Relays | None = None
) -> Note | None:
    """Another agent's answer or a sample, when the prose just before the draft says so.

    Only a line that introduces what follows counts (it ends with a colon, or it is a title
    naming a sample or another agent's answer, not a report: ``## Example``,
    ``<summary>Example report</summary>``, ``### Answer from the DBA``), and only its last
    clause: "After the engineer's answer, here is my final report:" introduces the
    agent's own. A code block in between is what such a line introduced, not the draft; so is
    a fenced block closed before the draft (``block``: the fence the draft is in, 0 for none),
    such as another agent's JSON answer in a ```` ```json ```` fence. With ``relays`` (the
    writer's identity) a line naming another agent's or domain's report introduces a relay
    from that agent, and one naming only the writer itself introduces nothing.
    """
    near = list(orphans[-3:])
    for i in range(len(near) - 1, -1, -1):
        if near[i].code or near[i].block not in (0, block):
            del near[: i + 1]
            break
    # a summary line is no introduction, unless it is a sentence pointing below
    intro = [ln for ln in near if ln is not summary or _points_below(ln.text)]
    for line in reversed(intro[-2:]):
        found = _intro_text(line)
        if found is None:
            continue
        text, title = found
        if title:
            if _SAMPLE_TITLE.match(text):
                return Note(Origin.SAMPLE, line.no)
            if _FORMAT_TITLE.fullmatch(text) and line is intro[-1]:
                return Note(Origin.SAMPLE, line.no)  # "## Usage" right above, no prose of its own
            if (named := _relayed(text, relays)) is not None and not _OWN.search(text):
                return Note(Origin.QUOTED, line.no, named)  # "### Database result"
            if _ATTRIBUTION.search(text) and not _REPORT.search(text) and not _OWN.search(text):
                if not _names_self(text, relays):
                    return Note(Origin.QUOTED, line.no)  # "### Answer from the database engineer"
            continue
        if line.heading and _FORMAT_TITLE.fullmatch(text) and line is intro[-1]:
            return Note(Origin.SAMPLE, line.no)  # "## Usage:"
        clause = _last_clause(text)
        if _SAMPLE.search(clause):
            return Note(Origin.SAMPLE, line.no)
        if _OWN.search(clause):
            return None
        if _example_lead(text):
            # "For example, a blocked agent would write:", not "..., so here is what I did:"
            return Note(Origin.SAMPLE, line.no)
        if _TEMPLATE.search(clause) and not _OWN.search(text) and not _REPORT.search(text):
            return Note(Origin.SAMPLE, line.no)
        if _ANY_PARTY.search(clause) and not _SPEAKS_OF_ITSELF.search(text):
            return Note(Origin.SAMPLE, line.no)  # "A blocked specialist ends its answer like this:"
        if (named := _relayed(_last_clause(text, " ; "), relays)) is not None:
            return Note(Origin.QUOTED, line.no, named)  # "Here is the database result:"
        if _ATTRIBUTION.search(clause) and not _names_self(clause, relays):
            return Note(Origin.QUOTED, line.no)
    return None


def _relayed(text: str, relays: Relays | None) -> str | None:
    """The other agent ``text`` attributes a report to, when the writer is known."""
    return None if relays is None else relays.relayed(text)


#: What an agent calls its own work (*"backend-expert's report"*), and what it never does:
#: an answer or reply given back, a subagent's output (*"the backend-expert subagent"*).
_OWN_WORK: Final = re.compile(r"\b(?:report|result|output|summary|звіт\w*|результат\w*)", re.I)
_GIVEN_BACK: Final = re.compile(r"subagent|answer|repl|respon|відповід|субагент", re.I)


def _names_self(text: str, relays: Relays | None) -> bool:
    """Whether the attribution in ``text`` is the writer naming its own work (*"backend-
    expert's report:"* written by backend-expert), no other agent and no answer given back."""
    found = _ATTRIBUTION.search(text)
    if relays is None or found is None or _GIVEN_BACK.search(text):
        return False
    return _OWN_WORK.search(found.group(0)) is not None and relays.only_self(found.group(0))


#: Another party named anywhere in a line: "Here is what the database engineer sent back."
_MENTION: Final = re.compile(rf"\b{_PARTY}\b", re.IGNORECASE)


def _callout_attributed(near: Sequence[Line]) -> Note | None:
    """A ``> [!NOTE]`` callout drawn round another party's words: a line just above the
    draft (in the callout or before it; an emoji title aside) names another agent, an
    engineer, a reviewer... A callout is the writer's own only with no such line."""
    for line in reversed(near[-3:]):
        if not line.code and not starts_with_symbol(line.text) and _MENTION.search(line.text):
            return Note(Origin.QUOTED, line.no)
    return None


def _attributed_above(line: Line, relays: Relays | None) -> Note | None:
    """Whether ``line``, just under a draft, says the draft was another agent's answer:
    *"(That was the backend-architect's answer, verbatim.)"*, *"Вище — відповідь DBA."*"""
    text = line.text
    if line.code or _BACK.match(text) is None or _OWN.search(text) is not None:
        return None
    if (named := _relayed(text, relays)) is not None:
        return Note(Origin.QUOTED, line.no, named)
    if _ATTRIBUTION.search(text) is None or _names_self(text, relays):
        return None
    return Note(Origin.QUOTED, line.no)


def introduced_at(lines: Sequence[Line], no: int, relays: Relays | None = None) -> Note | None:
    """What the prose just above line ``no`` introduces what starts there as, another
    agent's answer or a sample (a JSON object after *"The DBA replied:"* or *"For example:"*);
    None: nothing (``relays``: the writer's identity, as for :func:`scan`)."""
    before: list[Line] = []
    for line in reversed(lines[: no - 1]):
        if len(before) == 2 or line.code:
            break
        if not line.blank:
            before.insert(0, line)
    start = lines[no - 1] if no <= len(lines) else None
    if start is not None and start.callout and (note := _callout_attributed(before)):
        return note
    return _introduced(before, None, start.block if start is not None else 0, relays)


def _starts_new(draft: Draft, hit: Hit, line: Line) -> bool:
    if line.code != draft.code:
        return True
    if draft.quoted and not line.quoted:
        return True
    if line.quoted and not draft.quoted and ("status" in draft.fields or draft.prose_after):
        return True
    if hit.field in draft.fields or hit.also in draft.fields:
        return not _splits_combined(draft, hit)
    return draft.prose_after and "status" in draft.fields and hit.field not in _TRAILERS


def _splits_combined(draft: Draft, hit: Hit) -> bool:
    """Whether ``hit`` names one of the two lists a combined label opened, still held by
    it (``**Changes / Files:**`` then ``**Files:**``): the agent lists it apart after all,
    so the label takes that list and the combined one keeps the other; no new report."""
    combined = draft.fields.get(hit.field)
    return hit.also is None and combined is not None and combined.also is not None


def _fenced_run(orphans: Sequence[Line], line: Line, relays: Relays | None) -> Note | None:
    """A draft in a fence right after another fenced block (nothing but fenced lines since
    the prose above them) is introduced as that block was: *"The frontend agent's result
    was:"* over two fences introduces both, not only the first."""
    k = len(orphans)
    while k and orphans[k - 1].block:
        k -= 1
    run = orphans[k:]
    if not line.block or any(ln.code for ln in run):
        return None  # a code block is what the line introduced, not the draft after it
    if not any(ln.block != line.block for ln in run):
        return None
    return _introduced(orphans[:k], None, 0, relays) if k else None


def _new_draft(
    orphans: list[Line], line: Line, previous: Draft | None, relays: Relays | None
) -> Draft:
    """A draft starting at ``line``; with no prose since ``previous`` (a field repeated
    inside a sample or another agent's answer) it is introduced as ``previous`` was."""
    mine = [ln for ln in orphans if ln.code == line.code and ln.quoted == line.quoted]
    summary = _summary_line(mine, line.no)
    draft = Draft({}, summary, line.code, line.quoted)
    if not line.code and not line.quoted:
        draft.origin_note = _introduced(orphans, summary, line.block, relays) or (
            _callout_attributed(orphans) if line.callout else _fenced_run(orphans, line, relays)
        )
        fenced_run = line.block != 0 and all(ln.block and not ln.code for ln in orphans)
        if (not orphans or fenced_run) and previous is not None and not previous.code:
            draft.origin_note = draft.origin_note or previous.origin_note
    return draft


def scan(lines: Sequence[Line], relays: Relays | None = None) -> list[Draft]:
    """Group labelled fields into draft reports, in text order (``relays``: the writer's
    identity, telling another agent's report relayed by name; None: not known)."""
    drafts: list[Draft] = []
    draft: Draft | None = None
    current: Field | None = None
    orphans: list[Line] = []
    for line in lines:
        if current is not None and draft is not None and line.code != draft.code:
            current = None
        hits = _labels_on(line, current)
        for hit in hits:
            if draft is None or _starts_new(draft, hit, line):
                draft = _new_draft(orphans, line, draft, relays)
                drafts.append(draft)
            elif (
                orphans
                and draft.prose_after
                and (after := _new_draft(orphans, line, draft, relays)).origin_note
            ):
                draft = after  # the prose since the draft introduces another's answer
                drafts.append(draft)
            draft.quoted = draft.quoted and line.quoted
            current = Field(hit.field, line.no, hit.value, line.bullet, also=hit.also)
            draft.fields[hit.field] = current
            if hit.also is not None:  # "**Changes / Files:**": one list, both fields
                draft.fields[hit.also] = current
        if hits:
            orphans = []
            continue
        if current is not None and _accepts(current, line):
            continue
        current = None
        if not line.blank:
            orphans.append(line)
            if draft is not None:
                if not draft.prose_after and draft.origin_note is None:
                    draft.origin_note = _attributed_above(line, relays)
                draft.prose_after = True
    return drafts
