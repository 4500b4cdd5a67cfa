"""The scripted provider's script: its format (docs/scripted-provider.md), read and
checked, and :class:`ScriptedModel`, which picks the turn answering each request. No SDK
and no HTTP stack: a command reads its script before it makes its store or loads the SDK
(:mod:`coordinator.providers.scripted` serves the turns to the SDK).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coordinator.clip import clip, counted
from coordinator.errors import UserError, nearest_word, unknown_keys
from coordinator.providers.base import JSON, ScriptError
from coordinator.yamlfile import entry_line, parse_yaml, read_text, refused_value

#: How coord's own model callers are named in a script (``coordinator-router``,
#: ``coordinator-hook``, ``coordinator-hook-agent``): no request is sent to them.
_COORD_AGENTS = "coordinator-"

#: :class:`~coordinator.providers.base.StopReason`'s values (a Literal: a script's error
#: lists them as pydantic words it).
ScriptStop = Literal[
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "tool_use",
    "pause_turn",
    "refusal",
    "model_context_window_exceeded",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolCallSpec(_Strict):
    """One ``tool_use`` block of a scripted turn."""

    name: str
    input: dict[str, Any] = Field(default_factory=dict)
    id: str | None = None


class UsageSpec(_Strict):
    """Token counts reported for a scripted turn."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0


class ErrorSpec(_Strict):
    """An HTTP error answered instead of a message."""

    status: int = Field(ge=400, le=599)
    type: str | None = None
    message: str = "scripted error"
    retry_after: float | None = Field(default=None, ge=0)


class Turn(_Strict):
    """One scripted assistant turn (or error) for one agent."""

    text: str | None = None
    tool_calls: list[ToolCallSpec] = Field(default_factory=list)
    expect: str | None = None
    when: str | None = None
    stop_reason: ScriptStop | None = None
    usage: UsageSpec | None = None
    latency_ms: float = Field(default=0, ge=0)
    #: A file this turn's answer waits for (a test's gate: the call is in flight until the
    #: test creates it, however long that takes).
    hold_until: str | None = None
    error: ErrorSpec | None = None

    @model_validator(mode="after")
    def _has_an_answer(self) -> Turn:
        if self.text is None and not self.tool_calls and self.error is None:
            raise ValueError("a turn needs 'text', 'tool_calls' or 'error'")
        return self


class Script(_Strict):
    """The whole script file."""

    agents: dict[str, list[Turn]]


@dataclass
class ScriptedCall:
    """What one request asked for, as recorded by :class:`ScriptedModel`."""

    agent: str
    model: str
    system: str
    tools: list[str]
    messages: list[JSON]
    turn: str | None = None
    body: JSON = field(default_factory=dict)


def load_script(path: Path, *, flag: str = "--script") -> ScriptedModel:
    """Read and validate a script; UserError naming the file by its absolute path, the line
    and the entry when malformed (the one ``coord resume`` reads again, wherever it runs;
    one that cannot be read: by ``flag`` and the path as given)."""
    return read_script(path, flag=flag)[0]


def read_script(path: Path, *, flag: str = "--script") -> tuple[ScriptedModel, str]:
    """:func:`load_script`'s model and the text it was read from."""
    text = read_text(path, "script", flag=flag)
    whole = path.resolve()
    data = parse_yaml(text, whole, "script")
    return ScriptedModel.from_data(data, source=str(whole), text=text), text


def script_agents(text: str) -> dict[str, int]:
    """The agents a script's ``agents:`` names, each with its key's line: the YAML only
    composed (its nodes, not built; libyaml's loader where there is one), nothing validated
    (:func:`load_script` does, and names the mistakes): {} for text that is no such YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    agents = next((v for k, v in root.value if k.value == "agents"), None)
    if not isinstance(agents, yaml.MappingNode):
        return {}
    return {
        str(key.value): int(key.start_mark.line) + 1
        for key, _ in agents.value
        if isinstance(key, yaml.ScalarNode)
    }


def check_roster(agents: Mapping[str, int], roster: Collection[str], source: str) -> None:
    """UserError, before anything runs, for a script (``source``, its ``agents`` keys with
    their lines: :func:`script_agents`) that does not fit the agents ``roster`` names (a
    call it cannot answer would fail the run only when made): a key that reads as a
    misspelling of a roster agent's name, or keys of which none is a roster agent (a script
    for another team); ``source:line``, the key and the name meant. Other keys the roster
    lacks are left (a shared script may script more agents than one roster has), as are
    coord's own callers (``coordinator-router``)."""
    own = [key for key in agents if not key.startswith(_COORD_AGENTS)]
    missing = [key for key in own if key not in roster]
    for key in missing:
        meant = nearest_word(key, roster, cutoff=0.8)
        if meant is not None:
            raise UserError(
                f"{source}:{agents[key]}: the script scripts agent '{key}', which the"
                f" roster does not have; did you mean {meant}?",
                hint=f"Rename `{key}:` under `agents:` to `{meant}:`"
                " (`coord agents list` names the roster).",
            )
    if own and len(missing) == len(own):
        names = ", ".join(f"'{key}'" for key in missing)
        which = "none of them" if len(missing) > 1 else "which is not"
        raise UserError(
            f"{source}:{agents[missing[0]]}: the script scripts {names}, {which} an agent"
            f" of the roster ({counted(len(roster), 'agent')})",
            hint="Check --script names this team's script, or --agents-dir (and"
            " --only) this script's agents (`coord agents list` names the roster).",
        )


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _format_error(err: Any) -> str:
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        said = unknown_keys([str(loc[-1])], _keys_at(loc[:-1]))  # the voice of every file's
        return f"{_where(loc[:-1]) or '(top level)'}: {said}"
    if err["type"] == "missing":
        return f"{_where(loc[:-1]) or '(top level)'}: missing key '{loc[-1]}'"
    msg = refused_value(err)  # coord's words, not pydantic's "Input should be …"
    if err["type"] == "string_type" and isinstance(err.get("input"), bool | int | float):
        # YAML reads an unquoted no, yes, off, on, 1.0 as a boolean or a number
        msg = f"must be text (YAML read {err['input']!r}: put the text in quotes)"
    return f"{_where(loc) or '(top level)'}: {msg}"


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys the script's mapping at ``loc`` may hold: its model's fields (a list's
    index and a mapping's own key, an agent's name, lead to the model of their values)."""
    model: type[BaseModel] = Script
    own_key = False  # the part after a dict field is one of its keys, never a field
    for part in loc:
        if own_key or not isinstance(part, str):
            own_key = False
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        inner = _model_in(annotation)
        if inner is None:
            return []
        model, own_key = inner, get_origin(annotation) is dict
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The script's model ``annotation`` holds (``list[Turn]``, ``UsageSpec | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for a in get_args(annotation) if (m := _model_in(a)) is not None), None)


def unscripted(source: str, agent: str, scripted: Collection[str]) -> UserError:
    """The error of ``agent``, which the script ``source`` (scripting ``scripted``) names
    nowhere: the two ways out, turns for it or (a request routed to it) ``--agent`` naming
    an agent the script has; a name it reads as a misspelling of ``agent``: rename it. The
    hint: what to do; its ``fields``: the ``agent``, as ``--json`` names it."""
    known = ", ".join(scripted) or "none"
    own = [name for name in scripted if not name.startswith(_COORD_AGENTS)]
    said = f"{source}: the script has no turns for agent '{agent}' (it scripts: {known})"
    misspelt = nearest_word(agent, own, cutoff=0.8)
    if misspelt is not None:  # `--agent payments-expret` would be refused: no such agent
        return UserError(
            f"{said}; its '{misspelt}' looks like a misspelling of it",
            hint=f"Rename it `{agent}:` under `agents:` (docs/scripted-provider.md).",
            fields={"agent": agent},
        )
    to = f"--agent {own[0]}" if len(own) == 1 else "--agent NAME"
    return UserError(
        said,
        hint=f"Add turns under `agents:` -> `{agent}:` in the script"
        f" (docs/scripted-provider.md), or send the request to an agent it scripts: {to}",
        fields={"agent": agent},
    )


class ScriptedModel:
    """The script's turns, which ones were used, and every call received."""

    def __init__(self, script: Script, *, source: str = "script"):
        self.source = source
        self.turns: dict[str, list[Turn]] = script.agents
        self._used: dict[str, list[bool]] = {a: [False] * len(t) for a, t in script.agents.items()}
        self.calls: list[ScriptedCall] = []
        self._last: dict[str, tuple[str, Turn]] = {}
        #: Every ``expect`` not met (the run it failed may have been reported as failed
        #: without the test noticing: :meth:`assert_complete` raises on them too).
        self.mismatches: list[str] = []

    @classmethod
    def from_data(
        cls, data: object, *, source: str = "script", text: str | None = None
    ) -> ScriptedModel:
        """Validate parsed YAML/JSON data; UserError ``source: entry: problem`` otherwise
        (``source:line: …`` with ``text``, the YAML it was parsed from)."""
        if not isinstance(data, dict):
            raise UserError(f"{source}: a script must be a mapping with an 'agents' key")
        try:
            script = Script.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
            line = entry_line(text, first["loc"]) if text is not None else None
            where = f"{source}:{line}" if line is not None else source
            raise UserError(f"{where}: {_format_error(first)}") from None
        return cls(script, source=source)

    def _unscripted(self, agent: str) -> str:
        """Why a call by ``agent``, which the script names nowhere, has no answer, and the
        way out (:func:`unscripted`), in one line (a run's failure's reason)."""
        error = unscripted(self.source, agent, list(self.turns))
        return f"{error.message}. {error.hint}"

    def select(self, agent: str, body: JSON) -> tuple[str, Turn]:
        """Record the call and pick the turn that answers it; ScriptError when none does.

        Selection is stateless over the conversation, so a resumed session (even in a new
        process) and many concurrent sessions all get the right turn: among the agent's
        turns whose ``when`` matches the first user message, the answer served is the k-th,
        where k counts the assistant messages already in the conversation. Error turns are
        served once each, before the answer they precede.
        """
        call = _record(agent, body)
        self.calls.append(call)
        turns = self.turns.get(agent)
        if turns is None:
            raise ScriptError(self._unscripted(agent))
        messages = body.get("messages", [])
        first = _user_text(messages, first=True)
        k = sum(1 for m in messages if m.get("role") == "assistant")
        index = self._pick(agent, turns, first, k)
        if index is not None:
            where, turn = f"agents.{agent}[{index}]", turns[index]
            self._used[agent][index] = True
            call.turn = where
            try:
                self._check_expect(where, turn, body)
            except ScriptError as exc:
                self.mismatches.append(str(exc))
                raise
            self._last[agent] = (where, turn)
            return where, turn
        last = self._last.get(agent)
        if last is not None and last[1].error is not None:
            # An outage lasts: with nothing left to serve, the last error is served again.
            call.turn = f"{last[0]} (repeated)"
            return last
        raise ScriptError(
            f"{self.source}: no turn scripted for agent '{agent}' after "
            f"{counted(k, 'assistant turn')} (call #{len(self.calls)})"
            f"{_not_for_this_task(agent, turns, first)}; "
            f"task: {clip(first, 120)!r}; last user message: "
            f"{clip(_user_text(messages, first=False), 120)!r}"
        )

    def _pick(self, agent: str, turns: list[Turn], first: str, k: int) -> int | None:
        """Index of the k-th eligible answer, or of an unused error turn just before it."""
        answers = 0
        for i, turn in enumerate(turns):
            if turn.when is not None and turn.when not in first:
                continue
            if turn.error is not None:
                if answers == k and not self._used[agent][i]:
                    return i
                continue
            if answers == k:
                return i
            answers += 1
        return None

    def _check_expect(self, where: str, turn: Turn, body: JSON) -> None:
        if turn.expect is None:
            return
        last = _user_text(body.get("messages", []), first=False)
        if turn.expect not in last:
            raise ScriptError(
                f"{self.source}: {where} expects {turn.expect!r} in the last user message, "
                + _what_it_held(last),
                resumable=True,  # the script fixed, `coord resume` asks again
            )

    def tool_id(self, agent: str, body: JSON, position: int) -> str:
        """A tool_use id that depends only on the conversation: the same in a resumed process.

        ``toolu_<agent>_<k>_<position>_<digest of the task>``, where k counts the assistant
        turns so far, so ids are unique within a conversation and across its runs.
        """
        agent_k, digest = _turn_place(agent, body)
        return f"toolu_{agent_k}_{position}_{digest}"

    def message_id(self, agent: str, body: JSON) -> str:
        """The answer's message id, ``msg_scripted_<agent>_<k>_<digest of the task>`` as
        :meth:`tool_id`'s: unique in a session as a real API's ids are (audit113: a count of
        the process's calls repeated ``msg_scripted_1`` in each resuming process), the same
        for the same call made again by a resumed process."""
        agent_k, digest = _turn_place(agent, body)
        return f"msg_scripted_{agent_k}_{digest}"

    def unused(self) -> list[str]:
        """Descriptions of the turns never consumed."""
        return [
            f"agents.{agent}[{i}] ({_describe(turn)})"
            for agent, turns in self.turns.items()
            for i, turn in enumerate(turns)
            if not self._used[agent][i]
        ]

    def assert_complete(self) -> None:
        """Raise ScriptError listing the ``expect`` not met, else the unused turns, if any."""
        if self.mismatches:
            raise ScriptError("; ".join(self.mismatches))
        left = self.unused()
        if left:
            raise ScriptError(
                f"{self.source}: {counted(len(left), 'scripted turn')} never used: "
                + "; ".join(left)
            )


def _record(agent: str, body: JSON) -> ScriptedCall:
    system = body.get("system", "")
    if isinstance(system, list):
        system = "\n".join(b.get("text", "") for b in system if isinstance(b, dict))
    return ScriptedCall(
        agent=agent,
        model=str(body.get("model", "")),
        system=str(system),
        tools=[t.get("name", "") for t in body.get("tools", []) if isinstance(t, dict)],
        messages=list(body.get("messages", [])),
        body=body,
    )


def _block_text(block: object) -> str:
    if isinstance(block, str):
        return block
    if not isinstance(block, dict):
        return ""
    if block.get("type") == "text":
        return str(block.get("text", ""))
    if block.get("type") == "tool_result":
        content = block.get("content", "")
        if isinstance(content, list):
            return "\n".join(_block_text(b) for b in content)
        return str(content)
    return ""


def _turn_place(agent: str, body: JSON) -> tuple[str, str]:
    """``<agent>_<k>`` (k: the assistant turns in the conversation so far) and a digest of
    the conversation's task (its first user message): where a call stands in a session."""
    messages = body.get("messages", [])
    k = sum(1 for m in messages if m.get("role") == "assistant")
    digest = hashlib.sha1(_user_text(messages, first=True).encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9]', '_', agent)}_{k}", digest


def _user_text(messages: list[JSON], *, first: bool) -> str:
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    if not users:
        return ""
    content = users[0 if first else -1].get("content", "")
    if isinstance(content, list):
        return "\n".join(_block_text(b) for b in content)
    return str(content)


def _describe(turn: Turn) -> str:
    if turn.error is not None:
        return f"error {turn.error.status}"
    parts = []
    if turn.text:
        parts.append(f"text {clip(turn.text, 40)!r}")
    if turn.tool_calls:
        parts.append("tool_calls " + ", ".join(c.name for c in turn.tool_calls))
    if turn.when:
        parts.append(f"when {turn.when!r}")
    return "; ".join(parts)


#: Text a message quotes as data (``prompts.quote``: ``<tag boundary="…">`` … ``</tag …>``):
#: a person's answer, an agent's reply.
_QUOTED = re.compile(r"<([a-z_]+)\b[^>]*>(.*?)</\1\b", re.DOTALL)


def _what_it_held(message: str) -> str:
    """What an ``expect`` miss shows of the message it looked in: the text it quotes (a
    person's answer: a resume's first 120 characters were its preamble, never the answer),
    else its start."""
    quoted = [" ".join(m[2].split()) for m in _QUOTED.finditer(message)]
    if quoted:
        return f"which quoted: {clip(' / '.join(quoted), 120)!r}"
    return f"which was: {clip(message, 120)!r}"


def _not_for_this_task(agent: str, turns: list[Turn], first: str) -> str:
    """What says why an agent's turns were passed over: those whose ``when`` the task does not
    hold (the first three named), or nothing when none was."""
    skipped = [i for i, t in enumerate(turns) if t.when is not None and t.when not in first]
    if not skipped:
        return ""
    named = ", ".join(f"agents.{agent}[{i}] when {turns[i].when!r}" for i in skipped[:3])
    more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    return f"; passed over, their `when` not in the task: {named}{more}"
