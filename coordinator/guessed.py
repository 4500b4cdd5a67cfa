"""The sub-commands a user guesses (``coord sessions list``, ``coord agents ls``, ``coord log
show ID``, ``coord config show``) and the command that does what they meant; the flags a
user guesses (``coord route --explain``, ``coord run --dry-run``, ``--api-key``) and what
does that instead.

Click answers a guess with "No such command 'list'." (or "Got unexpected extra argument(s)")
and at best a near spelling; the CLI's error boundary adds the line :func:`guessed_hint`
gives, which names the command to type. Only words: no command is run or loaded here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: ``coord sessions``: what it does by itself, and the command each guess meant.
_SESSIONS_ITSELF = (
    "`coord sessions` lists the sessions by itself (`coord sessions --help`: its filters); its one"
    " sub-command is `coord sessions rm`."
)
_SHOW_ONE = "`coord log ID` shows one session (`coord sessions` lists their ids)."

#: ``coord version``, ``coord -V``, ``coord run --version``: the version is coord's own option.
_VERSION = "`coord --version` prints the version (an option of coord itself, before any command)."

#: Per command group ("": ``coord`` itself), a guessed sub-command -> the line naming
#: what does that.
_GUESSES: dict[str, dict[str, str]] = {
    "": {
        "version": _VERSION,
        **dict.fromkeys(
            ("list", "ls", "status", "ps", "history"),
            "`coord sessions` lists the sessions, `coord agents list` the agents.",
        ),
        **dict.fromkeys(("show", "view", "logs", "tail"), _SHOW_ONE),
        "agent": "`coord agents` (list, show, validate, eval, new) reads the agents.",
        "session": "`coord sessions` lists the sessions, `coord log ID` shows one.",
    },
    "sessions": {
        **dict.fromkeys(("show", "view", "get", "log", "info", "describe"), _SHOW_ONE),
        "resume": "`coord resume ID` continues a session (`coord sessions` lists their ids).",
        **dict.fromkeys(
            ("delete", "remove", "del", "prune", "clean", "purge"),
            "`coord sessions rm` prunes sessions (`coord sessions rm --help`: which).",
        ),
    },
    "agents": {
        **dict.fromkeys(("ls", "all"), "`coord agents list` lists the agents."),
        **dict.fromkeys(
            ("info", "describe", "get", "view", "cat"),
            "`coord agents show NAME` shows one agent (`coord agents list` names them).",
        ),
        **dict.fromkeys(
            ("check", "lint", "verify"), "`coord agents validate` checks the agent files."
        ),
        **dict.fromkeys(
            ("test", "evaluate", "bench"),
            "`coord agents eval CASES` measures routing on your cases.",
        ),
        **dict.fromkeys(
            ("create", "add", "init", "make"), "`coord agents new` writes a new agent file."
        ),
    },
}

#: Words a user puts before a session id (``coord log show ID``): the command takes the id.
_VERBS = frozenset({"show", "view", "get", "cat", "open", "list", "ls", "info", "tail"})

#: ``coord config show``: the command takes no sub-command.
_CONFIG_ITSELF = (
    "`coord config` shows every setting and path by itself (settings live in the config"
    " files it lists)."
)


#: ``coord route --explain``: it explains by itself.
_ROUTE_EXPLAINS = (
    "`coord route` explains its choice by itself (score, matched words, runners-up, and why"
    " when nothing fits); --json gives the same as data."
)
#: ``coord run --dry-run``: routing alone is ``coord route``.
_RUN_DRY = "`coord route REQUEST` shows which specialist would take it, without running it."
#: ``coord run --api-key``: the key comes from the environment only.
_KEY = (
    "coord reads the key from the environment, never a flag (a flag stays in your shell's"
    " history): export ANTHROPIC_API_KEY=... (offline: --provider scripted --script FILE)."
)


def _here_only(command: str) -> str:
    """``coord route -w DIR``: COMMAND reads the agents of the current folder's project."""
    return (
        f"`coord {command}` reads the agents of the project in the current folder: run it"
        " there, or add a folder of agents with --agents-dir DIR."
    )


#: ``coord agents validate --agents-dir DIR`` (its siblings take the flag): the folders to
#: check are its arguments.
_VALIDATE_NAMES_THEM = (
    "`coord agents validate` checks the roster of the project in the current folder; to check"
    " other folders or agent files alone, name them: coord agents validate DIR [DIR...]"
)

#: ``coord agents validate -w PROJECT``: naming PROJECT itself finds no agent files there.
_VALIDATE_HERE = (
    "`coord agents validate` checks the roster of the project in the current folder: run it"
    " there, or name the project's agents folder: coord agents validate DIR/.claude/agents"
)

_KEY_FLAGS = ("--api-key", "--key", "--anthropic-api-key", "--token")
_WORKSPACE_FLAGS = ("--workspace", "-w")

#: Per command (its path after ``coord``), a flag users guess that it does not have -> the
#: line saying what to do instead.
_FLAGS: dict[str, dict[str, str]] = {
    "route": {
        **dict.fromkeys(("--explain", "--why", "--verbose", "-v", "--details"), _ROUTE_EXPLAINS),
        **dict.fromkeys(_WORKSPACE_FLAGS, _here_only("route")),
    },
    "run": {
        **dict.fromkeys(("--dry-run", "--dry", "--plan", "--explain"), _RUN_DRY),
        **dict.fromkeys(_KEY_FLAGS, _KEY),
    },
    "resume": dict.fromkeys(_KEY_FLAGS, _KEY),
    **{
        f"agents {command}": dict.fromkeys(_WORKSPACE_FLAGS, _here_only(f"agents {command}"))
        for command in ("list", "show", "eval")
    },
    "agents validate": {
        **dict.fromkeys(("--agents-dir", "--dir", "--only"), _VALIDATE_NAMES_THEM),
        **dict.fromkeys(_WORKSPACE_FLAGS, _VALIDATE_HERE),
    },
}


#: Flags users guess on any command (``coord -V``, ``coord run --version``).
_ANY_COMMAND = dict.fromkeys(("--version", "-V"), _VERSION)


def guessed_flag_hint(command: str, flag: str) -> str | None:
    """The line to add after click's "No such option: FLAG" for ``coord COMMAND FLAG``
    (COMMAND its path after ``coord``: ``route``, ``agents list``) when FLAG is one users
    guess: what to do instead; None otherwise."""
    return _FLAGS.get(command, {}).get(flag) or _ANY_COMMAND.get(flag)


def guessed_hint(group: str, word: str) -> str | None:
    """The line that replaces click's "Did you mean" after "No such command WORD" for
    ``coord GROUP WORD`` ("" for ``coord WORD``): the command meant; None when WORD is no
    known guess (click's near spelling, if any, then stays)."""
    meant = _GUESSES.get(group, {}).get(word)
    if meant is None and group == "sessions":
        return _SESSIONS_ITSELF
    return meant


def sub_commands_hint(group: str, commands: Sequence[str]) -> str:
    """What "No such command: WORD" says in brackets for ``coord GROUP`` (a group): its
    sub-commands."""
    return f"`coord {group}` sub-commands: {', '.join(commands)}"


#: The options taking a span of time, by the name click gives their value.
_SPAN_FLAGS = {"since": "--since", "older_than": "--older-than"}


def split_span_hint(params: Mapping[str, object], extra: Sequence[str]) -> str | None:
    """The line to add when ``coord sessions --since 1 week`` got ``week`` as an argument
    it does not take (the shell split the span): quote it, or write it short; None when no
    span option holds a bare number."""
    for name, flag in _SPAN_FLAGS.items():
        value = params.get(name)
        if isinstance(value, str) and value.strip().isdigit() and extra:
            words = " ".join((value.strip(), *extra))
            return (
                f"{flag} takes one word: quote it ({flag} '{words}') or write it short"
                f" (30m, 3h, 2d, 1w)."
            )
    return None


def extra_word_hint(command: str, first: str | None, extra: Sequence[str]) -> str | None:
    """The line to add when ``coord COMMAND FIRST EXTRA...`` got arguments it does not
    take, when FIRST reads as a guessed sub-command: ``coord log show ID`` (the command takes
    the id itself) or ``coord config show``; None otherwise."""
    if command == "config":
        return _CONFIG_ITSELF
    if command in ("log", "resume") and first in _VERBS and extra:
        return f"`coord {command}` takes the session id itself: coord {command} {extra[0]}"
    return None
