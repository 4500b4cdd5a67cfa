"""Claude Code's permission rules (``permissions.deny`` / ``ask`` / ``allow``), as far as
they narrow what an agent may do.

Rules are read, as Claude Code reads them, from the managed settings
(``/etc/claude-code/managed-settings.json``), ``~/.claude/settings.json`` (user),
``WORKSPACE/.claude/settings.json`` (project) and ``WORKSPACE/.claude/settings.local.json``
(local), once when a session's engine is built; a file that is there but cannot be read
(not JSON, not an object) refuses the run, as its hooks would (its deny rules must not be
dropped with a warning). Every file's rules apply; ``deny`` is
checked first, then ``ask`` (the first match in that order decides, whatever the rule's
specificity), as Claude Code does. ``permissions.defaultMode`` (managed first, then local >
project > user) is the permission mode of every agent whose file sets none, as Claude Code's
sub-agents inherit the session's: ``plan`` makes it read-only, ``dontAsk`` as below.

Managed settings (Claude Code's settings reference and permissions page):
``allowManagedPermissionRulesOnly: true`` in the managed file makes it the only source of
``allow``, ``ask`` and ``deny`` rules: the user's, project's and local files' rules are
ignored (one warning a file that has some; their ``defaultMode`` is still read), and the
key in any other file restricts nothing (a warning), as Claude Code reads it from the
managed settings alone. ``permissions.disableBypassPermissionsMode: "disable"`` in any file
(it only narrows, so the workspace's counts too) turns ``bypassPermissions`` off, and
``permissions.disableAutoMode: "disable"`` ``auto``: an agent asking for it, or a
``defaultMode`` of it, runs in ``default`` (hooks are told so), with a line naming the
file (coord has no ``--dangerously-skip-permissions``, and neither mode widens anything
here: :data:`coordinator.roster.fields.PERMISSION_MODES`). The same files'
``allowedMcpServers``/``deniedMcpServers`` are read here too
(:class:`coordinator.mcp.policy.ServerPolicy`).

* ``deny``: the call is refused, with the rule, before the tool runs (after PreToolUse
  hooks, as in Claude Code: a hook's ``allow`` never gets past a deny rule). A bare tool
  name (``Bash``, ``Write``, ``mcp__server__tool``) also takes the tool away from the
  agent's tools; ``mcp__server`` (or ``mcp__server__*``) all of a server's, which is then not
  started (:func:`coordinator.runtime.run_scope.run_scope`).
* ``ask``: nobody can confirm in a non-interactive run, so the call is refused with a
  message saying so (as a hook's ``ask`` is).
* ``allow``: widens nothing. Without prompts there is nothing to pre-approve, and Bash
  still needs ``--allow-bash``; a file an agent can write (the workspace's settings) must
  not give it powers. Allow rules matter only to a ``dontAsk`` agent: there, as in Claude
  Code, a call that would need approval (Write, Edit, Bash, MCP tools) runs only when an
  allow rule covers it (every part of a Bash command), and is refused otherwise.

Trust: deny and ask rules only take powers away, so they are honoured from every file,
the workspace's own too (rules are read when a session starts or resumes; no agent's
Write or Edit may change the workspace's protected paths, ``.claude/settings.json`` and
``settings.local.json`` among them, in any mode, as Claude Code keeps them as protected
paths, since a resumed or later session would read what it wrote; a Bash command cannot
either: :data:`coordinator.tools.workspace.PROTECTED_PATHS`). What could widen an agent's
powers comes only from the user's own files (managed and ``~/.claude/settings.json``): the
allow rules that pre-approve a ``dontAsk`` agent's calls, and a ``defaultMode`` wider than
the user's (a workspace file's ``defaultMode`` applies only when it is narrower: ``plan`` <
``dontAsk`` < the rest), since an agent can write the workspace's files.

Rule syntax (Claude Code's ``Tool`` or ``Tool(specifier)``; ``Tool(*)`` is the bare tool):

* ``Bash(npm run test)`` exact; ``Bash(npm run test:*)`` (legacy) a prefix ending at a word
  boundary; ``Bash(git * main)`` ``*`` matches any text; a single trailing `` *`` is
  optional (``Bash(ls *)`` matches ``ls`` and ``ls -la``, not ``lsof``). A compound command
  (``&&``, ``||``, ``;``, ``|``, ``|&``, ``&``, newlines) is matched part by part: one part
  matching a deny rule refuses the whole call. A deny or ask rule also sees the commands in
  subshells, groups, ``$(…)``/backticks/``<(…)``, ``sh -c``/``bash -lc`` and ``eval``
  strings and ``find -exec``, with line continuations joined, quotes removed and the
  variables and wrappers (``env``, ``sudo``, ``timeout``, ``xargs``…) before a command
  skipped (each wrapper's options read by one table, :data:`coordinator.tools.wrappers.WRAPPERS`); a
  command whose name is built when it runs (``$(echo r)m``, ``"$CMD"``, ``eval "$S"``, a
  glob) is refused by any Bash deny or ask rule, whose name it cannot be checked against
  (:func:`unread_name`). A dontAsk allow rule (and an agent's ``tools: Bash(...)`` limit) approves a
  command only when every part, split outside quotes, matches one as written or without
  Claude Code's process wrappers (``timeout``, ``time``, ``nice``, ``nohup``, ``stdbuf``;
  ``FOO=1 npm test`` is not ``npm test``), so does each command ``find -exec`` runs, no
  part writes a file by redirection (``>``, ``>>``, ``&>``, ``2>``…: a rule approves a
  command, not the files it would overwrite; ``/dev/null`` and ``2>&1`` pass), and the line
  runs no command inside its words (``$(…)``, backticks, ``<(…)``, ``>(…)``), and no
  option of a part writes a file or runs a program unless the rule names it
  (``git diff --output=F``, ``sed -n -i``, ``sort -o F``, ``find -delete``, a glob that
  could expand to one, ``sort *``: :mod:`coordinator.runtime.shell_options`), nor is a
  word the rule names rebuilt by the shell (``git diff*`` with a file named ``difftool``):
  :func:`bash_unapproved`, whose reason the model reads. A here-document's body is data
  to both kinds of rule (:func:`shell_words.without_data`); an unquoted delimiter's
  ``$(…)`` still runs and is checked, and a body a shell may read (``bash <<'EOF'``,
  ``cat <<'EOF' | sh``) is commands to a deny rule, as is a here-string's literal text a
  shell reads (``sh <<< 'rm x'``); a shell, ``. /dev/stdin`` or xargs that runs commands
  it reads from a pipe, a file or a process substitution (``echo 'rm x' | sh``, ``bash <
  f.sh``, ``curl … | sh``, ``sh <(…)``, ``… | xargs -L1 env``) is refused by any Bash deny
  or ask rule (:func:`unread_name`); so is a script file in the workspace a shell,
  ``source``/``.`` or its path runs (``sh f.sh``, ``./f.sh`` of a shell script) holding
  a command they match (the refusal names its line) or input they cannot read, or one
  they cannot read itself (missing, outside the workspace, over :data:`SCRIPT_LIMIT`,
  not UTF-8: its byte named, changed by its line, past one check's :data:`SCRIPT_COUNT`
  scripts: :func:`denied_script`); a script's names built when it runs are its own, as a
  program's are (``./gradlew``'s ``exec "$JAVACMD"``), unless it also writes the words
  a rule names (``C=rm; $C x``); a line that runs another program that could rewrite
  the script before it runs or beside it (``tar xf t.tar; sh f.sh``, ``make && ./f.sh``,
  ``… & sh f.sh``) is refused, the script's reading could be raced (programs that leave
  files alone, ``cd``, ``echo``, ``sed s/a/b/``, ``git status``, do not count, nor do
  those after it in plain order, nor a workspace shell script whose own commands, read,
  could not write it: ``./build.sh && ./test.sh``); so is a line or script writing it by
  name (a redirection, ``tee``: compared on the disk, its links and hard links followed)
  and a script that could rewrite itself as it runs (``echo … >> self.sh``), unless the
  line writes it whole from literal words first (``printf 'echo hi\\n' > s.sh && ./s.sh``:
  read as that text) or it is the ``bin/activate`` of a venv the command before makes
  (``python3 -m venv .venv && . .venv/bin/activate``), each on a line joined by ``&&``
  alone, so the write happened (no ``;``, ``||``, ``!``, ``--help``). A command
  holding a lone surrogate (no program can be given it) is refused, where named. A
  function's body, a ``case`` branch, a ``trap`` action and an ``alias`` value are
  commands (:func:`shell_words.deferred_strings`);
  the commands sed's ``e``, awk's ``system`` (a variable followed to the strings it is
  set from), ``git -c``, ``git config`` and program-valued variables name are checked as
  commands (:func:`shell_options.inner_commands`), as are a launcher's (``npx rm x``,
  ``npm exec -c 'rm x'``), an option's command line (``gdb -ex 'shell rm x'``, ``vim -c
  '!rm x'``, ``ssh -o ProxyCommand=…``, ``rsync -e``, ``git rebase -x``), fd's ``-x`` and
  a copy or link of a program's own file (``cp
  /bin/rm p``: read as running rm); a wrapper is one by its path too (``/usr/bin/timeout``);
  a line writing git's hooks or settings, a makefile or ``package.json`` and running git,
  make or npm (:func:`shell_files.program_file_written`), naming git's settings
  (``GIT_CONFIG_GLOBAL``), or running an interpreter's program that starts programs
  (``python3 -c 'import subprocess…'``, ``perl -e 'system …'``, such a program on its
  input or written on the line) or an option that runs one (``tar
  --checkpoint-action=exec=…``, ``rg --pre``) is refused: commands no rule reads.
* ``Read(path)`` applies to Read, Grep and Glob (a search leaves out the files it covers:
  :meth:`PermissionRules.read_denied`) and to Edit (whose answer tells whether old_string
  is in the file; Claude Code edits only a file it has read); a bare ``Read`` too (it takes
  Read, Grep and Glob away, and refuses every Edit; Write shows nothing of a file and is
  left to Edit rules, as Claude Code's page says); ``Edit(path)`` to Edit and
  Write (and a ``Write(path)`` rule to Write). Paths are gitignore-like: ``//abs`` from
  the filesystem root, ``~/p`` from the home directory, ``/p`` from the project root, ``p``
  or ``./p`` from the workspace; ``*`` stays in one directory, ``**`` spans them; a pattern without
  ``/`` (``*.env``) matches that name at any depth; a rule on a directory covers its files.
  A path is matched as written and where its links lead (the tools follow them), and a rule
  naming one file (no wildcard) covers it under any other name that reaches it (a hard
  link; ``.ENV`` on a case-insensitive filesystem); names match in either Unicode form
  (composed or decomposed).
* ``mcp__server`` (every tool of the server), ``mcp__server__tool``, ``mcp__server__*``.

These rules check the tool call, not what a shell command does; the paths of the deny and
ask rules on Read, Edit and Write also reach the Bash sandbox, as Claude Code merges Read and
Edit deny rules into its sandbox's ``denyRead``/``denyWrite`` (and
:attr:`PermissionRules.path_denies` holds those keys of every file):
:mod:`coordinator.runtime.bash_denies`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fnmatch import fnmatchcase
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from coordinator.claude_home import MANAGED_SETTINGS, claude_home, read_managed
from coordinator.config import is_inside
from coordinator.errors import UserError, cannot_read
from coordinator.mcp.policy import ServerPolicy, SettingsFile
from coordinator.roster.fields import (
    MODE_ALIASES,
    PERMISSION_MODES,
    is_known_tool,
    nearest_tool,
)
from coordinator.roster.plugins import STRICT_KEY, locked_surfaces
from coordinator.runtime.agent_tool import names_agent, settings_layers
from coordinator.runtime.available_models import ModelPolicy
from coordinator.runtime.md_excludes import ClaudeMdExcludes, Exclude, read_excludes
from coordinator.runtime.sandbox_settings import (
    PathDeny,
    SandboxPolicy,
    filesystem_denies,
    managed_read_only,
    read_reopened,
    unread_sandbox,
)
from coordinator.runtime.shell_files import NAMED_WRITES, named_writes, program_file_written
from coordinator.runtime.shell_options import (
    RUNNER_NAMES,
    Effect,
    Found,
    inner_commands,
    option_effects,
    process_call,
)
from coordinator.runtime.shell_words import (
    SimpleCommand,
    built,
    commands_run_by,
    deferred_strings,
    defines_function,
    here_string,
    input_unread,
    name_at,
    plain_word,
    read_command,
    script_file,
    split_string,
    split_words,
    startup_file,
    unwrapped,
    without_data,
)
from coordinator.runtime.skill_rules import (
    OVERRIDES,
    SKILL_TOOL,
    Override,
    folded,
    names_skill,
    read_overrides,
)
from coordinator.runtime.wildcard import wildcard_match
from coordinator.tools.base import Refusal, RefusedBy, ToolResult
from coordinator.tools.files import unencodable
from coordinator.tools.globbing import glob_matcher, no_character
from coordinator.tools.running import MadeMeanwhile, read_unmade
from coordinator.tools.workspace import named_on_disk, protected_alike
from coordinator.tools.wrappers import COMMAND_TAKERS, KEYWORDS, SHELLS, WRAPPERS

DONT_ASK_REFUSED = (
    "This agent runs in permissionMode dontAsk: a call that would need a person's approval "
    "runs only when a permissions.allow rule pre-approves it, and none covers this one."
)
#: Tools whose calls need approval in Claude Code's default mode (MCP tools too).
_PROMPTING = frozenset({"Bash", "Write", "Edit", "MultiEdit", "NotebookEdit"})
#: What ``permissionMode: plan`` (or ``defaultMode: plan``) takes away.
_PLAN_REMOVES = ("Write", "Edit", "MultiEdit", "NotebookEdit", "Bash")
ASK_REFUSED = (
    "A permission rule asks a person to confirm this call, and nobody can confirm in a "
    "non-interactive coord run, so it was not run."
)
#: Tools whose answer tells whether text is in a file (Edit: old_string found or not).
_PROBING = frozenset({"Edit", "MultiEdit"})
PROBE_REFUSED = (
    "A permission rule keeps this file from being read, and an Edit would tell whether its "
    "old_string is in it (Claude Code edits only a file it has read), so it was not run."
)
PROTECTED_REFUSED = (
    "The workspace's protected paths (.claude/settings.json and settings.local.json, "
    ".claude/agents/, .claude/hooks/, .mcp.json, .git/) shape what agents may do in later "
    "sessions: no agent writes them (Claude Code asks a person, and nobody can confirm in "
    "a coord run)."
)
#: Which built-in tools a path rule of each tool name covers.
_PATH_FAMILIES: dict[str, frozenset[str]] = {
    "Read": frozenset({"Read", "Grep", "Glob"}),
    "Edit": frozenset({"Edit", "Write", "MultiEdit", "NotebookEdit"}),
    "Write": frozenset({"Write"}),
}
#: The argument naming the file or directory each built-in tool works on, and its default.
_PATH_ARGS: dict[str, tuple[str, str | None]] = {
    "Read": ("file_path", None),
    "Write": ("file_path", None),
    "Edit": ("file_path", None),
    "Grep": ("path", "."),
    "Glob": ("path", "."),
}
_RULE = re.compile(r"^\s*([A-Za-z0-9_*-]+)\s*(?:\((.*)\))?\s*$", re.DOTALL)
#: Command separators; the ``&`` of a redirection (``2>&1``, ``>&2``, ``&>f``) is none.
_SPLIT = re.compile(r"&&|\|\||(?<![<>])&(?!>)|[;|\n]")
_REDIRECT = re.compile(r"\s*(?:\d*|&)(?:>>?|<)&?\s*(?:\d+\b|[^\s;&|]+)")
#: The text of a group (``(…)``, ``$(…)``, ``<(…)``) or backticks with no group inside.
_GROUP = re.compile(r"\(([^()]*)\)|`([^`]*)`")
#: A backslash and a newline after an even number of backslashes (themselves kept).
_CONTINUATION = re.compile(r"(?<!\\)((?:\\\\)*)\\\n")
#: An innermost command substitution (``$(…)`` or backticks), taken out of a command.
_SUBSTITUTED = re.compile(r"\$\([^()]*\)|`[^`]*`")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
#: Words that run the command in the words after them (a deny rule looks past them) and
#: the shell's keywords before a command.
_WRAPPERS = frozenset(WRAPPERS) | KEYWORDS
#: A shell's ``-c`` alone or among other one-letter options (``-lc``, ``-ec``).
_C_FLAG = re.compile(r"-[a-zA-Z]*c[a-zA-Z]*")
#: ``-c`` with its value glued on, as getopt reads ``su -c'rm x'`` (a shell takes no such).
_C_GLUED = re.compile(r"-[a-zA-Z]*?c(.+)", re.DOTALL)
#: The long options handing a shell a string, and the shortest beginning getopt takes for
#: each among su's, runuser's and script's options (``--c``; ``--se``: not ``--shell``).
_LONG_COMMANDS = (("--command", 3), ("--session-command", 4))
#: How many wrappers of one command a deny rule looks past option by option (bounded: an
#: agent's long command must not cost a spelling per word).
_WRAPPED = 8


class Behavior(StrEnum):
    """What a matching rule does."""

    DENY = "deny"
    ASK = "ask"
    ALLOW = "allow"


@dataclass(frozen=True)
class Rule:
    """One permission rule: ``tool`` or ``tool(specifier)`` from ``path``'s ``behavior`` list."""

    behavior: Behavior
    tool: str
    specifier: str | None
    text: str
    path: Path
    #: From a file inside the workspace (an agent could have written it).
    confined: bool = False

    @property
    def bare(self) -> bool:
        """True when the rule names a whole tool (``Bash``, ``Bash(*)``)."""
        return self.specifier is None or self.specifier.strip() in ("", "*")

    def label(self) -> str:
        """``Bash(rm *)`` (permissions.deny, /ws/.claude/settings.json)."""
        return f"{self.text} (permissions.{self.behavior}, {self.path})"


@dataclass(frozen=True)
class Call:
    """One tool call as the rules see it: its name, input, workspace and home."""

    name: str
    args: Mapping[str, Any]
    root: Path
    home: Path

    @cached_property
    def targets(self) -> list[Path]:
        """The paths the call works on (:func:`_targets`), found once for every rule."""
        return _targets(self)


@dataclass
class PermissionRules:
    """Every deny and ask rule of a session (``allow`` rules are kept for listings only)."""

    rules: list[Rule] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    home: Path = field(default_factory=Path.home)
    #: ``permissions.defaultMode`` (managed first, then local > project > user): the mode of
    #: every agent whose file sets no ``permissionMode``.
    default_mode: str | None = None
    #: The modes a settings file turns off (``permissions.disableBypassPermissionsMode`` or
    #: ``disableAutoMode``: ``"disable"``), each with the first file that does.
    modes_off: dict[str, Path] = field(default_factory=dict)
    #: The MCP servers the settings let start (``allowedMcpServers``, ``deniedMcpServers``).
    servers: ServerPolicy = field(default_factory=ServerPolicy)
    #: The kinds of customization the managed settings lock to plugins
    #: (``strictPluginOnlyCustomization``: skills, agents, hooks, mcp).
    locked: frozenset[str] = frozenset()
    #: The managed ``availableModels`` allowlist (None: none).
    models: ModelPolicy | None = None
    #: What the managed ``sandbox`` block asks of coord's Bash flags (None: nothing).
    sandbox: SandboxPolicy | None = None
    #: Every file's ``sandbox.filesystem.denyRead``/``denyWrite`` paths (deny lists only
    #: narrow: a workspace file's count too).
    path_denies: list[PathDeny] = field(default_factory=list)
    #: The ``sandbox.filesystem.allowRead`` paths of the files outside the workspace (the
    #: managed file's alone under its ``allowManagedReadPathsOnly``): what may keep a
    #: ``denyRead`` holding the workspace from hiding it.
    read_reopened: list[str] = field(default_factory=list)
    #: Every file's ``claudeMdExcludes`` patterns (the instruction files agents are not
    #: given; they only narrow: a workspace file's count too).
    md_excludes: ClaudeMdExcludes = field(default_factory=ClaudeMdExcludes)
    #: The skills a ``skillOverrides`` entry hides from Claude (``"off"``,
    #: ``"user-invocable-only"``), each with the first file that does, in any file: they
    #: only narrow (:mod:`coordinator.runtime.skill_rules`).
    skill_overrides: dict[str, Override] = field(default_factory=dict)
    #: The first file setting ``disableSkillShellExecution: true`` (any file: it only takes
    #: a power away): no skill's ``!`command``` runs (:mod:`coordinator.runtime.skill_shell`).
    skill_shell_off: Path | None = None

    def mode_of(self, own: str | None) -> str:
        """An agent's permission mode: its own, else the settings' default, else default;
        a mode a settings file turns off (``bypassPermissions``, ``auto``) is ``default``."""
        mode = own or self.default_mode or "default"
        return "default" if mode in self.modes_off else mode

    def mode_note(self, name: str, own: str | None) -> str | None:
        """Why the agent ``name`` (its ``permissionMode``: ``own``) does not run in the
        mode it asks for, or None."""
        off = self.modes_off.get(own or "")
        if own is None or off is None:
            return None
        return (
            f"agent {name}: permissionMode {own} is turned off by "
            f"permissions.{MODE_SWITCHES[own]} in {off}: it runs in default mode"
        )

    def removed_tools(self, own_mode: str | None = None) -> list[str]:
        """Tools taken away from an agent: by bare deny rules (``deny: ["Bash"]``; ``Read``
        and ``Edit`` with the tools they cover), and by ``defaultMode: plan`` for an agent
        without a mode of its own (its own ``plan`` is applied when its file is read)."""
        removed: list[str] = []
        for rule in self.rules:
            if rule.behavior == Behavior.DENY and rule.bare:
                removed += [rule.tool, *sorted(_PATH_FAMILIES.get(rule.tool, ()))]
        if own_mode is None and self.default_mode == "plan":
            removed += _PLAN_REMOVES
        return list(dict.fromkeys(removed))

    def asked_mcp(self) -> tuple[str, ...]:
        """The MCP tool names and patterns of the ask rules (``mcp__server``,
        ``mcp__server__tool``, ``mcp__*``): calls of them a person must confirm."""
        asked = (r.tool for r in self.rules if r.behavior == Behavior.ASK and r.bare)
        return tuple(t for t in asked if t.startswith("mcp__"))

    def refusal(
        self, name: str, args: object, root: Path, own_mode: str | None = None
    ) -> str | None:
        """Why the call of ``name`` with ``args`` is refused, or None when none of the
        rules refuses it (:meth:`refused`'s text)."""
        refused = self.refused(name, args, root, own_mode)
        return None if refused is None else refused.content

    def refused(
        self, name: str, args: object, root: Path, own_mode: str | None = None
    ) -> ToolResult | None:
        """The error result of the call of ``name`` with ``args`` with what refused it, or
        None when none of the rules refuses it: deny first, then ask, then (in ``dontAsk``
        mode) a call that would need approval and no allow rule pre-approves, as in Claude
        Code."""
        call = Call(name, args if isinstance(args, Mapping) else {}, root, self.home)
        for behavior in (Behavior.DENY, Behavior.ASK):
            for rule in self.rules:
                if rule.behavior == behavior and rule_matches(rule, call):
                    return _refused(_refusal_text(rule), _RULE_KINDS[behavior], rule.label())
        unread = unread_name((r for r in self.rules if r.behavior != Behavior.ALLOW), call)
        if unread is not None:
            rule, unread_why = unread
            text = f"Permission denied: the rule {rule.label()} refuses {unread_why}."
            return _refused(text, _RULE_KINDS[rule.behavior], rule.label())
        if name in _PATH_FAMILIES["Edit"] and any(_protected(t, root) for t in call.targets):
            return _refused(PROTECTED_REFUSED, RefusedBy.PROTECTED_PATH)
        hidden = self._read_rule(call, bare=True) if name in _PROBING else None
        if hidden is not None:
            text = f"{PROBE_REFUSED} Rule: {hidden.label()}."
            return _refused(text, RefusedBy.SETTINGS_READ, hidden.label())
        if self.mode_of(own_mode) == "dontAsk" and _prompts(name):
            why = self._unallowed(call)
            text = f"{DONT_ASK_REFUSED} Here: {why}."
            return None if why is None else _refused(text, RefusedBy.DONT_ASK)
        return None

    def _read_rule(self, call: Call, *, bare: bool = False) -> Rule | None:
        """The deny or ask rule on Read that covers the file ``call`` works on, if any; a
        bare one (``Read``: every file) only with ``bare``."""
        read = Call("Read", {"file_path": call.args.get("file_path")}, call.root, call.home)
        return next(
            (
                r
                for r in self.rules
                if r.behavior != Behavior.ALLOW and r.tool == "Read" and (bare or not r.bare)
                if rule_matches(r, read)
            ),
            None,
        )

    def _unallowed(self, call: Call) -> str | None:
        """Why the user's allow rules do not pre-approve ``call`` (:func:`unapproved`)."""
        allows = [r for r in self.rules if r.behavior == Behavior.ALLOW and not r.confined]
        return unapproved(allows, call)

    def read_denied(self, file: Path, root: Path) -> bool:
        """Whether a deny or ask rule on Read covers ``file`` (Grep and Glob then leave it
        out of their results, as Claude Code applies Read rules to them)."""
        return self._read_rule(Call("Read", {"file_path": str(file)}, root, self.home)) is not None

    def agent_rule(self, agent: str, *, delegated: bool) -> Rule | None:
        """The deny or ask rule on the Agent tool (``Task``: its old name) that keeps the
        agent ``agent`` from running, or None: ``Agent(NAME)`` names it (Claude Code's
        sub-agents page, "Disable specific subagents"), a bare ``Agent`` refuses every
        ``delegated`` run (a consult: coord's delegation; "deny the Agent tool itself" keeps
        Claude from delegating to any subagent)."""
        return next(
            (
                rule
                for rule in self.rules
                if rule.behavior != Behavior.ALLOW
                if names_agent(rule.tool, rule.specifier, agent, delegated=delegated)
            ),
            None,
        )

    def refused_agent(self, agent: str, *, delegated: bool = False) -> str | None:
        """The label of the rule that keeps ``agent`` from running (a request routed or
        named to it; ``delegated``: a consult), or None (:meth:`agent_rule`; routing passes
        over such an agent: :mod:`coordinator.runtime.denied_agents`)."""
        rule = self.agent_rule(agent, delegated=delegated)
        return None if rule is None else rule.label()

    def refused_skill(self, *names: str, plugin: bool = False) -> str | None:
        """Why no agent preloads the skill called ``names`` (every name it goes by: the one
        its ``skills:`` gives, its folder's, the one its SKILL.md declares, and an enabled
        ``plugin``'s skill's ``PLUGIN:NAME``), or None: a deny or ask rule on the Skill tool
        covering one (Claude Code preloads only skills Claude may invoke; nobody confirms
        an ask here), else a ``skillOverrides`` entry hiding one (not a plugin's skill:
        Claude Code's overrides leave plugin skills alone)."""
        for rule in self.rules:
            if rule.behavior == Behavior.ALLOW or rule.tool != SKILL_TOOL:
                continue
            if any(names_skill(rule.specifier, name) for name in names):
                return f"the rule {rule.label()} refuses it"
        for name in [] if plugin else names:
            hidden = None if ":" in name else self.skill_overrides.get(folded(name))
            if hidden is not None:
                return f"{OVERRIDES}.{name} is {hidden.label()}: hidden from Claude"
        return None

    def listing(self) -> list[str]:
        """One line per deny/ask rule, for ``coord run``'s notice."""
        return [r.label() for r in self.rules if r.behavior != Behavior.ALLOW]


def pre_approves(allows: Iterable[Rule], call: Call) -> bool:
    """Whether one of ``allows`` covers ``call`` whole (:func:`unapproved`)."""
    return unapproved(allows, call) is None


def unapproved(allows: Iterable[Rule], call: Call) -> str | None:
    """Why ``allows`` do not cover ``call`` whole, or None when they do: a file tool's every
    path, and for Bash every simple command of the line (:func:`bash_unapproved`)."""
    allows = list(allows)
    if call.name != "Bash":
        if any(rule_matches(r, call, every=True) for r in allows):
            return None
        return "no rule covers it (every file it works on must be)"
    if any(r.tool == "Bash" and r.bare for r in allows):
        return None
    specs = [str(r.specifier).strip() for r in allows if r.tool == "Bash" and not r.bare]
    command = call.args.get("command")
    return bash_unapproved(specs, command if isinstance(command, str) else "")


def bash_unapproved(specs: list[str], command: str) -> str | None:
    """Why the ``Bash(...)`` rules ``specs`` do not approve ``command``, or None: each of its
    simple commands (quotes honoured) must match one as written or without Claude Code's
    process wrappers (``timeout``, ``time``, ``nice``, ``nohup``, ``stdbuf``), and so must
    each command ``find -exec`` runs; none may write a file by redirection (``>``, ``>>``,
    ``&>``, ``2>``…; ``/dev/null`` and copies such as ``2>&1`` are no file), since a rule
    approves a command, not the files it could overwrite; and a line running a command
    inside its words (``$(…)``, backticks, ``<(…)``, ``>(…)``) is approved by no rule; nor
    is one with an option that writes a file or runs a program (``git diff --output=F``:
    :func:`option_effects`) unless the matching rule names that option itself."""
    read = read_command(command)
    if read.unreadable is not None:
        return f"it cannot be read as a shell command ({read.unreadable})"
    if read.substitution:
        return (
            "it runs a command inside its words ($(...), backticks, <(...) or >(...)), "
            "which no rule sees"
        )
    if not read.parts:
        return "it is empty"
    for part in read.parts:
        if defines_function(part.words):  # (``sort () ( rm x ); sort``)
            return (
                f"{part.text!r} defines a function, which a later command of its name "
                "runs instead of the program: a rule approves commands, not definitions"
            )
        if part.writes:
            return (
                f"{part.text or 'it'!r} writes a file by redirection ({', '.join(part.writes)}): "
                "a rule approves a command, not the files it would overwrite (only /dev/null "
                "and copies such as 2>&1 pass)"
            )
        why = _unapproved_words(specs, part.words)
        if why is not None:
            return why
    unnamed = (_unnamed_option(specs, part.words) for part in read.parts)
    return next((why for why in unnamed if why is not None), None)


def _matched(specs: list[str], words: list[str]) -> list[tuple[str, int]]:
    """The specs that approve the simple command ``words``, each with how many wrapper
    words before the command it was matched without (0: as written)."""
    bare = unwrapped(words)
    forms = {len(words) - len(bare): bare, 0: words}
    return [
        (s, skip) for s in specs for skip, form in forms.items() if _one_command(s, " ".join(form))
    ]


def _unapproved_words(specs: list[str], words: list[str]) -> str | None:
    """Why no spec approves the simple command ``words`` (or a command it runs), or None."""
    if not _matched(specs, words):
        return f"{' '.join(words)!r} matches no rule"
    bare = unwrapped(words)
    for inner in commands_run_by(bare):
        if _unapproved_words(specs, inner) is not None:
            how = "find -exec" if bare[0].rsplit("/", 1)[-1] == "find" else "fd -x"
            return f"{' '.join(bare)!r} runs {' '.join(inner)!r} ({how}), which matches no rule"
    return None


def _unnamed_option(specs: list[str], words: list[str]) -> str | None:
    """Why the approved simple command ``words`` (or a command ``find -exec`` runs) is
    refused after all: an option that writes a file or runs a program
    (:func:`option_effects`) that no matching spec names itself; None when there is none."""
    effects = option_effects(words)
    if effects or any(map(built, words)):
        unnamed = []
        for spec, skip in _matched(specs, words):
            named = range(_named_words(spec, len(words)))
            unnamed.append(
                [e for e in effects if e.at - skip not in named]
                + _rebuilt(spec, words[skip : skip + len(named)], skip)
            )
        if all(unnamed):
            return unnamed[0][0].reason(" ".join(words))
    inner = (_unnamed_option(specs, w) for w in commands_run_by(unwrapped(words)))
    return next((why for why in inner if why is not None), None)


def _rebuilt(spec: str, named: list[str], skip: int) -> list[Found]:
    """The words of ``named`` (those ``spec`` matched by its own words, from ``skip``) that
    the shell builds when it runs and ``spec`` does not write as they are: a glob, brace list
    or expansion glued on (``git diff*``, ``git diff{tool,}``: ``git difftool``)."""
    own = spec.removesuffix(":*").split()
    return [
        Found(skip + i, word, Effect.REBUILT)
        for i, word in enumerate(named)
        if built(word) and (i >= len(own) or own[i] != word)
    ]


def _named_words(spec: str, whole: int) -> int:
    """How many first words of a command ``spec`` names as written (``sort -o:*``: 2; an
    exact rule: all ``whole``): an option among them is the user's own approval."""
    if spec.endswith(":*"):
        return len(spec[:-2].split())
    if "*" not in spec:
        return whole
    head = spec.split("*", 1)[0]
    return len(head.split()) - (not head.endswith(" ") and bool(head))


def _protected(path: Path, root: Path) -> bool:
    """Whether ``path`` is one of the workspace's protected paths (the tools' own list, in
    any case)."""
    return protected_alike(root, path) is not None


def _prompts(name: str) -> bool:
    return name in _PROMPTING or name.startswith("mcp__")


#: What refused a call a deny or ask rule matches.
_RULE_KINDS = {Behavior.DENY: RefusedBy.SETTINGS_DENY, Behavior.ASK: RefusedBy.SETTINGS_ASK}


def _refused(text: str, by: RefusedBy, rule: str = "") -> ToolResult:
    """The error result of a call ``by`` refused, ``rule`` naming what."""
    return ToolResult(text, is_error=True, refused=Refusal(by, rule))


def _refusal_text(rule: Rule) -> str:
    if rule.behavior == Behavior.ASK:
        return f"{ASK_REFUSED} Rule: {rule.label()}."
    return f"Permission denied: the rule {rule.label()} refuses this call."


# ---- loading -------------------------------------------------------------------------------


#: The settings key that turns off a skill's ``!`command``` (Claude Code's).
SKILL_SHELL_OFF = "disableSkillShellExecution"


def load_permissions(
    workspace: Path, *, home: Path | None = None, managed: Path | None = MANAGED_SETTINGS
) -> PermissionRules:
    """The permission rules of the settings files for ``workspace``; UserError when one
    is there but cannot be read."""
    home = home or Path.home()
    user = claude_home(home)
    layers = settings_layers(workspace, user.settings, managed)
    found = PermissionRules(home=home, warnings=[user.note] if user.note else [])
    modes: dict[Path, str] = {}
    read: list[SettingsFile] = []
    only: Path | None = None  # the managed file, when it alone gives rules
    excludes: list[Exclude] = []
    for path in layers:
        data = _read_layer(path, managed, found.warnings)
        found.warnings += unread_settings(path, data or {})
        inside = is_inside(path, workspace)
        found.warnings += unread_sandbox(path, data or {}, managed=path == managed, inside=inside)
        if data is None:
            continue
        read.append(SettingsFile(path, data, path == managed, inside))
        found.path_denies += filesystem_denies(path, data, inside=inside, warnings=found.warnings)
        excludes += read_excludes(path, data, found.warnings)
        for name, hidden in read_overrides(path, data, found.warnings).items():
            found.skill_overrides.setdefault(name, hidden)
        if data.get(SKILL_SHELL_OFF) is True and found.skill_shell_off is None:
            found.skill_shell_off = path
        found.warnings += _managed_only_keys(path, data, path == managed)
        if path == managed:
            only = path if data.get(MANAGED_RULES_ONLY) is True else None
            found.locked = locked_surfaces(data)
            found.models = ModelPolicy.read(data, path, found.warnings)
            found.sandbox = SandboxPolicy.read(data, path, found.warnings)
        block = data.get("permissions")
        if block is None:
            continue
        if not isinstance(block, Mapping):
            found.warnings.append(f"{path}: permissions must be a mapping (ignored)")
            continue
        _mode_switches(found, path, block)
        if only is not None and path != only:
            found.warnings += _rules_ignored(path, block, only)
        else:
            _add_rules(found, path, block, inside)
        _mode_setting(modes, found.warnings, path, block)
    found.default_mode = _default_mode(modes, managed, workspace)
    found.read_reopened = _reopened(read, found.warnings)
    found.md_excludes = ClaudeMdExcludes(tuple(excludes))
    off = found.modes_off.get(found.default_mode or "")
    if found.default_mode is not None and off is not None:
        found.warnings.append(
            f"permissions.defaultMode {found.default_mode} is turned off by permissions."
            f"{MODE_SWITCHES[found.default_mode]} in {off}: agents without a mode of their "
            "own run in default mode"
        )
    fixed = None if managed is None else managed.parent / MANAGED_MCP
    found.servers = ServerPolicy.read(read, found.warnings, fixed)
    return found


def _reopened(read: list[SettingsFile], warnings: list[str]) -> list[str]:
    """The ``allowRead`` paths of the files ``read`` outside the workspace (the managed
    file's alone when it sets ``allowManagedReadPathsOnly``); one matching no path: a line
    in ``warnings``."""
    only = any(f.managed and managed_read_only(f.data) for f in read)
    return [
        pattern
        for f in read
        if not f.inside and (f.managed or not only)
        for pattern in read_reopened(f.path, f.data, warnings)
    ]


#: The administrator's fixed MCP servers, beside the managed settings (exclusive control).
MANAGED_MCP = "managed-mcp.json"
#: The managed-only key that makes the managed settings the only source of permission rules.
MANAGED_RULES_ONLY = "allowManagedPermissionRulesOnly"
#: The settings (``permissions.``) that turn a mode off, by the mode (their one value:
#: ``"disable"``).
MODE_SWITCHES = {"bypassPermissions": "disableBypassPermissionsMode", "auto": "disableAutoMode"}
#: Keys Claude Code reads only from the managed settings (elsewhere: ignored, one warning).
MANAGED_ONLY_KEYS = (
    MANAGED_RULES_ONLY,
    "allowManagedHooksOnly",
    "allowManagedMcpServersOnly",
    STRICT_KEY,
)


def _managed_only_keys(path: Path, data: Mapping[str, Any], managed: bool) -> list[str]:
    """One warning per managed-only key ``data`` sets outside the managed file: it
    restricts nothing there, as in Claude Code."""
    if managed:
        return []
    return [
        f"{path}: {key} is read only from the managed settings: ignored here"
        for key in MANAGED_ONLY_KEYS
        if data.get(key) is not None
    ]


def _rules_ignored(path: Path, block: Mapping[str, Any], only: Path) -> list[str]:
    """The line saying ``path``'s permission rules are not read (the managed file ``only``
    sets ``allowManagedPermissionRulesOnly``), when it has any."""
    if not any(block.get(b.value) for b in Behavior):
        return []
    return [f"{path}: its permission rules are ignored: {only} sets {MANAGED_RULES_ONLY}"]


def _add_rules(
    found: PermissionRules, path: Path, block: Mapping[str, Any], confined: bool
) -> None:
    """Add the ``allow``/``ask``/``deny`` rules of ``path``'s ``permissions`` block."""
    for behavior in Behavior:
        rules, problems = parse_rules(block.get(behavior.value), behavior, path, confined)
        found.rules.extend(rules)
        found.warnings.extend(problems)


def _mode_switches(found: PermissionRules, path: Path, block: Mapping[str, Any]) -> None:
    """Read ``permissions.disableBypassPermissionsMode`` and ``disableAutoMode``:
    ``"disable"`` from any file turns the mode off (it only narrows, as Claude Code reads
    them from every scope)."""
    for mode, key in MODE_SWITCHES.items():
        value = block.get(key)
        if value == "disable":
            found.modes_off.setdefault(mode, path)
        elif value is not None:
            found.warnings.append(
                f'{path}: permissions.{key} {value!r} is not "disable" (its one value): ignored'
            )


def _mode_setting(
    modes: dict[Path, str], warnings: list[str], path: Path, block: Mapping[str, Any]
) -> None:
    """Keep ``path``'s ``permissions.defaultMode`` in ``modes`` (a bad one: a warning)."""
    mode = block.get("defaultMode")
    mode = MODE_ALIASES.get(mode, mode) if isinstance(mode, str) else mode
    if mode in PERMISSION_MODES:
        modes[path] = str(mode)
    elif mode is not None:
        warnings.append(
            f"{path}: permissions.defaultMode {mode!r} is not a permission mode "
            f"({', '.join(PERMISSION_MODES)}): ignored"
        )


#: Claude Code settings that change what a session does but that coord does not read, and
#: what it does instead: one warning each where a settings file sets one. (Keys of the
#: interactive program alone, such as statusLine, outputStyle or cleanupPeriodDays, change
#: nothing a coord run could do: they pass in silence.)
UNREAD_SETTINGS = {
    "env": "nothing is added to the environment of its commands, hooks or MCP servers",
    "model": "the model is --model, the agent's model: or default_model in coord's config",
    "apiKeyHelper": "the key is ANTHROPIC_API_KEY",
    "permissions.additionalDirectories": "the tools reach the workspace only",
}


def unread_settings(path: Path, data: Mapping[str, Any]) -> list[str]:
    """One warning per setting of :data:`UNREAD_SETTINGS` that ``data`` (the file ``path``)
    sets, saying what coord does instead."""
    block = data.get("permissions")
    found = {
        **data,
        **({f"permissions.{k}": v for k, v in block.items()} if isinstance(block, Mapping) else {}),
    }
    return [
        f"{path}: {key} is not read by coord: {instead}"
        for key, instead in UNREAD_SETTINGS.items()
        if found.get(key) not in (None, "", [], {})
    ]


#: How far each mode narrows what an agent may do (lower: narrower); others widen nothing.
_NARROWER = {"plan": 0, "dontAsk": 1}


def _default_mode(modes: dict[Path, str], managed: Path | None, workspace: Path) -> str | None:
    """``defaultMode`` by Claude Code's precedence (managed, then local > project > user),
    except that a workspace file's mode applies only when it is narrower than the mode of
    the user's own file: an agent that can write it must not widen its powers with it."""
    if managed is not None and managed in modes:
        return modes[managed]
    own = [m for p, m in modes.items() if not is_inside(p, workspace)]
    inside = [m for p, m in modes.items() if is_inside(p, workspace)]
    trusted = own[-1] if own else None
    chosen = inside[-1] if inside else None
    if chosen is not None and _rank(chosen) < _rank(trusted):
        return chosen
    return trusted


def _rank(mode: str | None) -> int:
    return _NARROWER.get(mode or "", len(_NARROWER))


def _read_layer(path: Path, managed: Path | None, problems: list[str]) -> dict[str, Any] | None:
    """The settings file ``path``; the ``managed`` one with its drop-in files merged."""
    if path != managed:
        return read_settings(path, problems)
    data: dict[str, Any] | None = read_managed(path, lambda p: read_settings(p, problems))
    return data


def read_settings(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """A settings file as a mapping; None when absent, and when a sandboxed command still
    running may have made it (a line in ``problems``: :func:`read_unmade`); UserError when
    it is there but cannot be read (it may hold hooks or deny rules the run must not go
    without)."""
    try:
        raw = read_unmade(path)
        text = None if raw is None else raw.decode("utf-8")
    except MadeMeanwhile as exc:
        problems.append(f"{path}: {exc}")
        return None
    except OSError as exc:
        raise cannot_read("the settings file", path, exc) from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: invalid settings: not UTF-8 text") from None
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{path}: invalid settings: nested too deeply to read") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: settings must be a JSON object")
    return data


def parse_rules(
    value: object, behavior: Behavior, path: Path, confined: bool = False
) -> tuple[list[Rule], list[str]]:
    """The rules of one ``allow``/``ask``/``deny`` list, and a warning per bad entry
    (``confined``: the file lies inside the workspace)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [f"{path}: permissions.{behavior} must be a list (ignored)"]
    rules: list[Rule] = []
    problems: list[str] = []
    for entry in value:
        match = _RULE.match(entry) if isinstance(entry, str) else None
        if match is None:
            problems.append(f"{path}: permissions.{behavior}: cannot read rule {entry!r}")
            continue
        tool, specifier = match.group(1), match.group(2)
        rules.append(Rule(behavior, tool, specifier, entry.strip(), path, confined))
        problems += [f"{path}: permissions.{behavior}: {entry!r} {why}" for why in _idle(rules[-1])]
    return rules, problems


#: The built-in tools, by their names in lower case (rules name them case-sensitively).
_TOOLS = {name.lower(): name for name in ("Bash", "Read", "Write", "Edit", "Grep", "Glob")}


def _idle(rule: Rule) -> list[str]:
    """Why ``rule`` can match no call (a careless deny must not look like it protects)."""
    if rule.tool not in _TOOLS.values() and rule.tool.lower() in _TOOLS:
        return [f"matches nothing: tool names are case-sensitive ({_TOOLS[rule.tool.lower()]})"]
    if rule.tool in ("Grep", "Glob") and not rule.bare:
        return ["matches nothing: a path rule for Grep and Glob is a Read(...) rule"]
    if not is_known_tool(rule.tool) and "*" not in rule.tool:  # (mcp__server__* patterns)
        near = nearest_tool(rule.tool, cutoff=0.6)
        guess = f" (did you mean {near}?)" if near else ""
        return [f"matches nothing: no tool is named {rule.tool}{guess}"]
    if rule.tool in _PATH_FAMILIES and not rule.bare:
        return [f"matches no path: {said}" for said in no_character(str(rule.specifier))]
    return []


# ---- matching ------------------------------------------------------------------------------


def rule_matches(rule: Rule, call: Call, *, every: bool = False) -> bool:
    """Whether ``rule`` covers ``call``: for a file tool, the path as written or where its
    links lead (a deny rule), or with ``every`` both (an allow rule: it pre-approves a call
    only when it covers the file the tool would really work on)."""
    if rule.tool.startswith("mcp__") or call.name.startswith("mcp__"):
        return _mcp_matches(rule.tool, call.name)
    if rule.bare:
        return rule.tool == call.name or call.name in _PATH_FAMILIES.get(rule.tool, ())
    specifier = str(rule.specifier).strip()
    if rule.tool == "Bash":
        command = call.args.get("command")
        return call.name == "Bash" and isinstance(command, str) and bash_matches(specifier, command)
    if call.name in _PATH_FAMILIES.get(rule.tool, frozenset()):
        hits = [path_matches(specifier, t, call.root, call.home) for t in call.targets]
        return bool(hits) and (all(hits) if every else any(hits))
    return False


def _mcp_matches(pattern: str, name: str) -> bool:
    """``mcp__server`` covers every tool of the server; otherwise a name or ``*`` pattern."""
    if pattern.count("__") == 1 and name.startswith(pattern + "__"):
        return True
    return fnmatchcase(name, pattern)


def bash_matches(specifier: str, command: str) -> bool:
    """Whether a ``Bash(...)`` specifier covers ``command`` or any part of it, as the
    shell would run it: parts of compound commands, of subshells, groups, substitutions and
    ``sh -c``/``eval``/``env -S`` strings, with line continuations joined, quotes removed
    and the variables and wrappers (``env``, ``sudo``, ``timeout``...) before a command
    skipped."""
    text = command if isinstance(command, str) else ""
    return any(_one_command(specifier, form) for form in _command_spellings(text))


@lru_cache(maxsize=64)
def _command_spellings(command: str) -> frozenset[str]:
    """:func:`_spellings` of a whole command, found once for all of a session's rules: with
    its line continuations joined, and as written when it has any (a comment's backslash
    continues no line)."""
    joined = _joined(command)
    raw = _spellings(command, 0) if joined != command else set()
    return frozenset(_spellings(joined, 0) | raw)


def _joined(command: object) -> str:
    """``command`` with its line continuations joined, as the shell reads it (not after an
    escaped backslash: ``\\\\`` then a newline ends the command)."""
    return _CONTINUATION.sub(r"\1", command) if isinstance(command, str) else ""


def _spellings(command: str, depth: int) -> set[str]:
    """Every command a deny rule should see in ``command``: it whole, each part, and
    (to a few levels) the commands nested in its groups, backticks and shell strings; no
    here-document's body that runs nothing (:func:`without_data`)."""
    command = without_data(command)
    forms = {command.strip()}
    quoted: list[str] = []
    inner = depth < 4 and bool(_RUNS_INNER.search(command))
    escaped = any(c in command for c in "'\"\\#")
    parts = read_command(command) if escaped or inner or "<<<" in command else None
    if escaped and parts is not None and parts.unreadable is None:
        quoted = [p.text for p in parts.parts]  # quotes and escapes (``-exec sh -c '…' \;``)
    if "<<<" in command and depth < 4 and parts:  # a here-string a shell reads: ``sh <<< 'x'``
        for text in filter(None, map(here_string, parts.parts)):
            forms |= _spellings(text, depth + 1)
    for sub in parts.parts if inner and parts else ():  # ``sed '1e rm x'``, ``git -c …``
        for text in inner_commands(sub.words).commands:
            forms |= _spellings(text, depth + 1)
    for part in dict.fromkeys([*_SPLIT.split(command), *quoted]):
        forms |= _part_spellings(_bare_command(part), depth)
    if depth < 4:
        for group in _GROUP.finditer(command):
            forms |= _spellings(group.group(1) or group.group(2) or "", depth + 1)
        without = _SUBSTITUTED.sub("", command)  # what runs when a substitution gives nothing
        forms |= _spellings(without, depth + 1) if without != command else set()
    return {f for f in forms if f}


def _part_spellings(part: str, depth: int) -> set[str]:
    """One simple command as written, unquoted, and from each word after a leading
    variable or wrapper; the string an ``sh -c`` or ``eval`` runs, read as a command."""
    bare = part.strip().lstrip("({!").rstrip(")} ").strip()
    try:
        words = split_words(bare)
    except ValueError:  # an unbalanced quote: the shell would refuse it anyway
        words = bare.split()
    forms = {part, bare, " ".join(words)}
    if "$'" in bare or '$"' in bare:  # ``$'rm'`` (escapes aside) is a quoted rm
        forms |= _part_spellings(bare.replace("$'", "'").replace('$"', '"'), depth)
    start, wrappers = 0, 0
    while start < len(words) and (_ASSIGNMENT.match(words[start]) or _wraps(words[start])):
        wraps = _wraps(words[start])  # (``/usr/bin/timeout`` is timeout)
        start += 1
        wrappers += wraps
        if wraps and wrappers <= _WRAPPED:  # its options may take values: try the words after
            forms |= {" ".join(words[i:]) for i in range(start, min(len(words), start + 6))}
    forms.add(" ".join(words[start:]))
    # past each wrapper's options as the table knows them (``xargs -n 1 rm``), a function's
    # heading and a case pattern (``f() { rm x; }``, ``a) rm x;;``)
    if wrappers or any(c in bare for c in "()") or "function" in bare:
        start = max(start, name_at(words))
        forms.add(" ".join(words[start:]))
    rest = words[start:]
    if rest and "/" in rest[0]:  # the program by its path: /bin/rm is rm
        forms.add(" ".join([rest[0].rsplit("/", 1)[-1], *rest[1:]]))
    forms |= _copied_programs(rest, bare)
    if depth < 4 and rest[:1] == ["eval"]:
        forms |= _spellings(" ".join(rest[1:]), depth + 1)
    if depth < 4:  # a shell's string, past wrappers or handed by one (``runuser me -c'rm'``)
        takers = [i for i in range(min(start + 1, len(words))) if _takes_command(words[i])]
        scripts = [_shell_script(words[i:]) for i in takers[: _WRAPPED + 1]]
        inner = (*scripts, split_string(words), *map(shlex.join, commands_run_by(rest)))
        inner += tuple(deferred_strings(words))  # ``trap 'rm x' EXIT``, ``alias l='rm x'``
        for text in filter(None, inner):
            forms |= _spellings(text, depth + 1)
    return forms


#: The programs that copy or link a file under another name (``cp /bin/rm p``, ``hash -p
#: /bin/rm x``), a program's file among their operands (in a ``bin`` folder: ``if=/bin/rm``),
#: and a look-up of one's file (``$(which rm)``, ``command -v rm``).
_COPIERS = frozenset({"cp", "ln", "install", "rsync", "dd", "cat", "mv", "hash", "tee"})
_PROGRAM_FILE = re.compile(r"(?:^|[=/])bin/([^/\s'\"`$()]+)$")
_LOOKED_UP = re.compile(r"\b(?:which|whereis|command\s+-[vV]|type\s+-[pPa])\s+['\"]?([\w.+-]+)")


def _copied_programs(words: list[str], text: str) -> set[str]:
    """The programs whose own file the simple command ``words`` (its ``text``) copies or
    links (:data:`_COPIERS`), each as a command a rule reads: ``cp /bin/rm p`` makes
    ``p`` rm, so the line is read as running ``rm``."""
    if not words or words[0].rsplit("/", 1)[-1] not in _COPIERS:
        return set()
    found = {m[1] for w in words[1:] if (m := _PROGRAM_FILE.search(w))}
    return found | {m[1] for m in _LOOKED_UP.finditer(text)}


def _wraps(word: str) -> bool:
    """Whether ``word`` is a keyword or names a wrapper (:data:`_WRAPPERS`), by its path too."""
    return word.rsplit("/", 1)[-1] in _WRAPPERS


def _takes_command(word: str) -> bool:
    """Whether ``word`` names a program that hands a string to a shell (:data:`COMMAND_TAKERS`)."""
    return word.rsplit("/", 1)[-1] in COMMAND_TAKERS


def _shell_script(words: list[str]) -> str | None:
    """The script a shell runs with ``-c`` (``bash -c 'rm x'``, ``bash -lc 'rm x'``), or
    ``su``, ``runuser`` or ``script`` hands to one (``-c``, ``--command[=]``, su's
    ``--session-command``; as getopt reads them, a long option's unique beginning, ``--comm``,
    and a short one's value glued on, ``-qc'rm x'``)."""
    if not words or not _takes_command(words[0]):
        return None
    name = words[0].rsplit("/", 1)[-1]
    for i, word in enumerate(words):
        option, equals, value = word.partition("=")
        if any(len(option) >= n and long.startswith(option) for long, n in _LONG_COMMANDS):
            if equals:
                return value
            if i + 1 < len(words):
                return words[i + 1]
        glued = _C_GLUED.fullmatch(word) if name not in SHELLS else None
        if glued is not None:
            return glued[1]
    flag = next((i for i, w in enumerate(words) if _C_FLAG.fullmatch(w)), None)
    after = [] if flag is None else [w for w in words[flag + 1 :] if not w.startswith(("-", "+"))]
    return after[0] if after else None


_BUILDS = re.compile(r"[$`*?\[{]")
#: Command names with a ``[`` that are no glob: the test commands.
_TESTS = frozenset({"[", "[["})
NAME_UNREAD = (
    "the command's name {name!r} is built only when the command runs (an expansion, a "
    "substitution, a glob, or eval of one), so it could not be read and checked against "
    "the rule, and it was not run: write the command's name as a plain word"
)


def built_name(command: str, depth: int = 0) -> str | None:
    """The first command name in ``command`` that the shell builds when it runs it, as
    written (``$(echo r)m``, `` `echo rm` ``, ``${X}m``, ``"$CMD"``, ``/bin/r?``, ``eval
    "$S"``), past assignments, keywords and wrappers with their options (:func:`name_at`);
    also in groups, substitutions, ``sh -c``, ``eval`` and ``env -S`` strings and ``find
    -exec``. None when every name is a plain word (a deny rule can be checked against it)."""
    if not _BUILDS.search(command):  # nothing in the line the shell builds a word from
        return None
    for part in read_command(command).parts:  # (continuations joined, not in comments)
        found = _built_part(part.words, depth)
        if found is not None:
            return found
    if depth < 4:
        if "<<" in command:  # (a body cat writes; an interpreter's that starts no program)
            command = without_data(command, _may_start)
        if "'" in command:  # (``awk '{print length($0)}'``: no group)
            literal = _LITERAL if "<<" in command or "#" in command else _LITERAL_LINES
            command = literal.sub(_emptied, command)
        for group in _GROUP.finditer(command):
            found = built_name(group.group(1) or group.group(2) or "", depth + 1)
            if found is not None:
                return found
        # a substitution's output as a word of the one around it: ``$($(echo rm)x)``
        marked = _SUBSTITUTED.sub("${SUBSTITUTED}", command)
        return built_name(marked, depth + 1) if marked != command else None
    return None


def _may_start(body: str) -> bool:
    """Whether an interpreter's here-document ``body`` may start a program: a process call
    in its language (:func:`process_call`), a backtick (perl's, ruby's, php's) or an
    ``open`` (perl's and ruby's of a pipe). Read broadly: a body it finds keeps being read
    for names the shell builds."""
    return process_call(body) is not None or "`" in body or "open" in body


#: What quotes a command's text, in the order bash reads it: an escaped character, a
#: here-document's quoted delimiter (kept), a double-quoted string (a ``$(…)`` in it
#: runs), ``$'…'``, a single-quoted string on one line (literal text: no group, no
#: substitution), any other character.
_LITERAL = re.compile(
    r"""[^\\"$'<]+|\\.|<<-?[ \t]*'[^'\n]*'|"(?:\\.|[^"\\])*"|\$'(?:\\.|[^'\\])*'|'[^'\n]*'|.""",
    re.DOTALL,
)

#: :data:`_LITERAL` with single-quoted strings over several lines, on a line with no
#: here-document and no comment (an apostrophe in either is no quote: ``don't``).
_LITERAL_LINES = re.compile(_LITERAL.pattern.replace("'[^'\\n]*'", "'[^']*'"), re.DOTALL)


def _emptied(found: re.Match[str]) -> str:
    """A single-quoted string of :data:`_LITERAL` emptied (``''``); the rest as it is."""
    text = found[0]
    return "''" if len(text) > 1 and text[0] == "'" else text


def _built_part(words: list[str], depth: int) -> str | None:
    """:func:`built_name` of one simple command's words (quotes kept)."""
    words = [w for w in (words[0].lstrip("("), *words[1:]) if w] if words else []
    split = split_string(words) if depth < 4 else None  # ``env -S '${X}m x'``
    if split is not None and (found := built_name(split, depth + 1)) is not None:
        return found
    at = name_at(words)  # (a subshell's "(" glued to its first word taken off)
    if at >= len(words):
        return None
    name, plain = words[at], [plain_word(w) for w in words[at:]]
    if built(name) and name not in _TESTS:
        return name
    if plain[0] == "eval" and any(built(w) for w in words[at + 1 :]):
        return " ".join(words[at:])
    inner = [" ".join(plain[1:])] if plain[0] == "eval" else [_shell_script(plain) or ""]
    inner += [" ".join(w) for w in commands_run_by(words[at:])] + deferred_strings(words)
    for text in inner if depth < 4 else ():
        found = built_name(text, depth + 1)
        if found is not None:
            return found
    return None


#: A word that may name a program reading its commands from its input (a quick test).
_READS_INPUT = re.compile(
    r"(?:sh|source|xargs|parallel|sudo|doas|unshare|nsenter|chroot|firejail|fakeroot|su|runuser"
    r"|script|systemd-run|at|batch)\b|(?<![\w/.-])\.(?![\w/.-])"
)


#: A word that may name a program running commands its program or settings name (sed's,
#: awk's, ``git -c``, a launcher's: ``npx -c``, ``npm exec``; an interpreter's program on the
#: line: ``python3 -c``; an assignment of a variable a program runs).
_RUNS_INNER = re.compile(
    r"(?:sed|awk)\b|-c\b|--call\b|(?:npx|pnpx|bunx|uvx|npm|pnpm|yarn|bun|uv|poetry|pipx|pdm|hatch"
    r"|pipenv|conda|bundle|direnv|perf|tmux)\b"
    r"|\b(?:python|perl|ruby|node|php|lua|Rscript)"
    r"|--config-env|\bconfig\b|GIT_CONFIG|(?:PAGER|EDITOR|VISUAL|DIFF|SSH|SSH_COMMAND|ASKPASS"
    r"|PROGRAM|BROWSER|LESS|LESSOPEN|LESSCLOSE|PARAMETERS|VALUE_\d+|PROXY_COMMAND|RSYNC_RSH)="
    r"|" + RUNNER_NAMES.pattern  # (``gdb -ex 'shell …'``, ``rsync -e``, ``git rebase -x``)
)


def unread_input(command: str, depth: int = 0) -> str | None:
    """Why a program in ``command`` runs commands no rule can read, from its standard
    input (:func:`shell_words.input_unread`: ``echo 'rm x' | sh``, ``bash < f.sh``,
    ``… | xargs -L1 env``) or from a startup file (``$BASH_ENV``, ``bash -ic``'s
    ``~/.bashrc``), also in ``sh -c``, ``eval`` and ``env -S`` strings and ``find -exec``;
    None otherwise."""
    if "BASH_ENV" in command:
        return _STARTUP.format(how="BASH_ENV names a file every bash it starts runs")
    starts = process_call(command)
    if _PROGRAM_FILES.search(command) or starts:  # (git's hooks, a Makefile, package.json)
        line = _read_line(command)
        written = program_file_written(line.parts, line.folders, _writes_any, starts)
        if written is not None:
            return written
    options = " -" in command or "\t-" in command
    if not _READS_INPUT.search(command) and not _RUNS_INNER.search(command) and not options:
        return None
    parts = (
        input_unread(p)
        or _startup_unread(p.words)
        or inner_commands(p.words).unread
        or (_option_runs(p.words) if options else None)
        for p in _parts_within(command)
    )
    return next((why for why in parts if why is not None), None)


#: Options that run a command line a deny rule reads as commands (a launcher's ``-c``).
_READ_RUNS = frozenset({"-c", "--call", "--shell-mode"})


def _option_runs(words: list[str]) -> str | None:
    """Why an option of the simple command ``words`` runs a program no rule reads (``tar
    --checkpoint-action=exec=…``, ``rg --pre P``, ``git diff --ext-diff``: the ``RUNS``
    options of :func:`option_effects`), or None; fd's ``-x`` and a launcher's ``-c`` are
    read as commands instead (:func:`inner_commands`, :func:`commands_run_by`)."""
    at = name_at(words)
    if at < len(words) and plain_word(words[at]).rsplit("/", 1)[-1] in ("fd", "fdfind"):
        return None
    for found in option_effects(words):
        option = plain_word(found.option)
        if found.effect is Effect.RUNS and option.partition("=")[0] not in _READ_RUNS:
            return f"its option {option!r} runs a program, which a rule does not read"
    return None


#: A word that may name a program running commands from files a line writes
#: (:func:`shell_files.program_file_written`; an interpreter's, when the line's text
#: starts programs: :func:`shell_options.process_call`).
_PROGRAM_FILES = re.compile(r"\b(?:git|g?make|npm|npx|pnpm|pnpx|yarn|bunx?)\b")


#: Why a shell's startup file is refused (``$BASH_ENV``, ``-i``'s ``~/.bashrc``).
_STARTUP = "{how} first, a startup file no rule reads"


def _startup_unread(words: list[str]) -> str | None:
    """Why the shell ``words`` runs (``bash -ic``, ``bash -lc``, ``--rcfile F``) runs a
    startup file first (:func:`shell_words.startup_file`), or None: a login shell's
    ``~/.profile`` is as unread as an interactive one's ``~/.bashrc`` (a line can write
    either before it starts the shell; unsandboxed, an earlier call can)."""
    option = startup_file(words)
    if option is None:
        return None
    if option == "--login" or option.startswith("-a ") or (option[1:2] != "-" and "l" in option):
        read = "~/.profile or ~/.bash_profile"
    else:
        read = "its file" if option.startswith("--") else "~/.bashrc or $ENV"
    return _STARTUP.format(how=f"a shell started with {option} runs {read}")


def _parts_within(command: str, depth: int = 0) -> Iterator[SimpleCommand]:
    """Each simple command of ``command`` (substitutions and groups: their parts) and, to a
    few levels, of the ``sh -c``, ``eval`` and ``env -S`` strings and ``find -exec``
    commands in it."""
    for part in read_command(command).parts:
        yield part
        if depth >= 4:
            continue
        at = name_at(part.words)
        plain = [plain_word(w) for w in part.words[at:]]
        inner = [_shell_script(plain), split_string(part.words), *deferred_strings(part.words)]
        inner += [" ".join(plain[1:])] if plain[:1] == ["eval"] else []
        inner += [" ".join(w) for w in commands_run_by(part.words[at:])]
        for text in filter(None, inner):
            yield from _parts_within(text, depth + 1)


#: The largest script file a deny rule reads (a larger one is refused; one check reads
#: no more in all), how many script files one check reads, and how deep scripts run by
#: scripts are followed.
SCRIPT_LIMIT = 256 * 1024
SCRIPT_COUNT = 32
_SCRIPT_DEPTH = 3


def denied_script(rules: list[Rule], command: str, root: Path) -> str | None:
    """Why ``rules`` (Bash deny or ask rules) refuse a script file ``command`` runs in the
    workspace ``root`` (:func:`shell_words.script_file`: ``sh f.sh``, ``source f``, ``./f.sh``
    of a shell script), or None: read as the rules read a command (a command one of
    them matches, a name built when it runs, commands read from standard input, scripts it
    runs in turn), or not readable (missing, outside the workspace, over
    :data:`SCRIPT_LIMIT`, not UTF-8, named by a word built when it runs, or named or
    written elsewhere in the line, which could change it before it runs, or past the
    check's budget: :class:`_Scripts`)."""
    return _denied_script(_Scripts(rules, root), command, 0)


@dataclass
class _Scripts:
    """One check's reading of the script files a command runs: its rules, its workspace
    and what it may still read. Every script read, at any depth, takes from one count
    and one size (:data:`SCRIPT_COUNT`, :data:`SCRIPT_LIMIT`): a check is bounded however
    many scripts the scripts run."""

    rules: list[Rule]
    root: Path
    count: int = SCRIPT_COUNT
    size: int = SCRIPT_LIMIT
    #: The scripts read, by their real paths: one read once a check (the line's and its
    #: scripts' other commands are compared with each script run).
    read: dict[Path, str] = field(default_factory=dict)

    def text(self, file: str) -> tuple[str | None, str | None]:
        """The text of the script ``file`` (from the workspace, where the command runs),
        taken from the budget, or why it is not read."""
        if built(file):
            return None, "its name is built when the command runs"
        try:
            real = _workspace_file(file, self.root)
            if real is None:
                return None, "it is no file in the workspace"
            if real in self.read:
                return self.read[real], None
            size = real.stat().st_size
            if size > SCRIPT_LIMIT:
                return None, f"it is larger than {SCRIPT_LIMIT // 1024} KB{self._head(real)}"
            if self.count <= 0 or size > self.size:
                return None, (
                    f"the command runs more than {SCRIPT_COUNT} scripts or "
                    f"{SCRIPT_LIMIT // 1024} KB of them, more than a rule reads"
                )
            self.count, self.size = self.count - 1, self.size - size
            with real.open("rb") as opened:
                self.read[real] = opened.read(size).decode("utf-8")
            return self.read[real], None
        except UnicodeDecodeError as exc:  # (what comes before the byte still shown)
            byte, valid = exc.object[exc.start], exc.object[: exc.start].decode()
            where = f"byte 0x{byte:02X} at offset {exc.start}"
            return None, f"it is not UTF-8 text ({where}){self._shows(valid)}"
        except RuntimeError:
            return None, "its links loop"
        except (OSError, ValueError) as exc:
            return None, f"it cannot be read ({getattr(exc, 'strerror', None) or exc})"

    def _head(self, real: Path) -> str:
        """:meth:`_shows` of the beginning of the script ``real``, too large to read
        whole (taken from the budget); empty past it."""
        if self.count <= 0 or self.size < SCRIPT_LIMIT:
            return ""
        self.count, self.size = self.count - 1, self.size - SCRIPT_LIMIT
        with real.open("rb") as opened:
            head = opened.read(SCRIPT_LIMIT).decode("utf-8", "replace")
        return self._shows(head)

    def _shows(self, text: str) -> str:
        """``, and holds a command RULE matches (line N: …)`` when the whole lines of
        ``text``, the part of a script that could be read, show one; else empty."""
        lines = text.rsplit("\n", 1)[0] if "\n" in text else ""
        hits = ((r, _line_of(r, lines)) for r in self.rules)
        return next((f", and holds a command {r.text} matches{at}" for r, at in hits if at), "")


def _denied_script(scripts: _Scripts, command: str, depth: int) -> str | None:
    """:func:`denied_script` of ``command``, read at ``depth`` (0: the call's command)."""
    if not _RUNS_SCRIPT.search(command):
        return None
    line: _Line | None = None
    for index, part in enumerate(_parts_within(command)):
        run = script_file(part.words)
        if run is None:
            continue
        program, written = run
        line = line or _read_line(command)
        places = line.places(written)
        if places is not None and len(places) > 1:  # (the folders it may be in: those it is)
            places = [f for f in places if os.path.lexists(scripts.root / f)] or places[-1:]
        whys = (
            [_MOVED]
            if places is None
            else (_script_why(scripts, f, line, index, depth, program == written) for f in places)
        )
        why = next((w for w in whys if w is not None), None)
        if why is not None:
            return f"{program} runs the file {written}, which a rule reads as commands: {why}"
    return None


_MOVED = "the command line changes folder first (cd), to a folder it does not name"
_CHANGED = "the command line could change it before it runs"


def _script_why(
    scripts: _Scripts, file: str, line: _Line, index: int, depth: int, by_path: bool
) -> str | None:
    """Why the rules refuse the script ``file`` (from the workspace) run by the simple
    command ``index`` of ``line``, or None; ``by_path``: the command's name (read only when
    it is a shell script, or when missing and maybe made by the line)."""
    if _venv_activated(line, file, index):
        return None  # (``python3 -m venv .venv && . .venv/bin/activate``: venv's own script)
    literal = _literal_script(line, file, index)
    if literal is not None:  # (``printf 'echo hi\n' > s.sh && chmod +x s.sh && ./s.sh``)
        return _script_refusal(scripts, literal, depth)
    real = _workspace_file(file, scripts.root) if not built(file) else None
    if real is None or (by_path and not _bash_runs(file, scripts.root)):
        named = line.command.count(file.rsplit("/", 1)[-1]) > 1 or line.writes
        if by_path and (not named or os.path.lexists(scripts.root / file)):
            return None  # (a program by its path, none of the workspace's shell scripts)
        if by_path and not line.writes and _compiled(line.parts, file):
            return None  # (a compiler's program: read no more than one already there)
        if named:
            return f"{_CHANGED} (it writes or names it)"
        return scripts.text(file)[1]
    writers = _Writers(scripts, real, depth)
    written = next((w for w in line.named if writers.could_write(w, line.folders)), None)
    if written is not None:
        return f"{_CHANGED} (it writes {written})"
    changer = writers.first(line.others(index), line.folders, line.path_set)
    if changer is not None:
        return (
            f"the command line {changer} before it or beside it, a program that could "
            "rewrite it after a rule read it: run the script in a call of its own"
        )
    text, why = scripts.text(file)
    if why is not None or text is None:
        return why
    own = _read_line(text)
    itself = writers.within(own, _joined_folders(line.folders, own.folders))
    if itself is not None:
        return (
            f"it could rewrite itself as it runs (it {itself}), and bash reads a script as "
            "it runs it, so what it would run then is not what a rule read"
        )
    return _script_refusal(scripts, text, depth)


def _literal_script(line: _Line, file: str, index: int) -> str | None:
    """The text of the script ``file`` run by the simple command ``index`` of ``line``
    when the line writes it whole from literal words before, in order (``printf 'echo
    hi\n' > s.sh && chmod +x s.sh && ./s.sh``: :func:`_literal_output`; ``>``, not
    ``>>``), names it nowhere else but in a ``chmod``, and runs before it no program that
    could write a file it does not name (:func:`_writes_any`); None otherwise (the script
    is then read as before)."""
    same, base = file.removeprefix("./"), file.rsplit("/", 1)[-1]
    if line.unordered or line.folders != [""] or not _each_after_success(line.command):
        return None
    whole = {f">{same}", f">|{same}", f">./{same}", f">|./{same}"}
    writers = [i for i, p in enumerate(line.parts) if p.writes and set(p.writes) <= whole]
    named = [
        i
        for i, p in enumerate(line.parts)
        if any(plain_word(w).removeprefix("./") == same for w in p.words)
        or any(same in w for w in p.writes)
    ]
    others = [i for i in named if i not in (*writers, index)]
    if len(writers) != 1 or writers[0] > index or line.command.count(base) != 2 + len(others):
        return None
    if any(plain_word(line.parts[i].words[0]) != "chmod" for i in others):
        return None
    before = (p for i, p in enumerate(line.parts[:index]) if i != writers[0])
    if any(_writes_any(p.words) for p in before):  # (``sed -i … *.sh``, ``tar xf``, ``enable``)
        return None
    text = _literal_output(line.parts[writers[0]].words)
    if text is None or base in text or (text.startswith("#!") and not _SHELL_BANG.match(text)):
        return None
    return text


#: A piece of a line as bash reads it, to tell :func:`_each_after_success`: a quoted
#: string, an escaped character, other plain text, or (groups) what lets a command run
#: although one before it failed or did not run (``;``, ``|``, ``||``, a newline, ``!``),
#: a ``#`` (a comment's text is not read as quotes) or a quote never closed.
_AFTER_SUCCESS = re.compile(r"""'[^']*'|"(?:[^"\\]|\\.)*"|\\.|[^'"\\#;|\n!]+|(.)""", re.DOTALL)


def _each_after_success(command: str) -> bool:
    """Whether each simple command of ``command`` runs only once every one before it ran
    and succeeded: the line joins them by ``&&`` alone (a write before a script's run then
    happened: ``printf 'echo hi\n' > s.sh && ./s.sh``, not ``false && printf ... > s.sh;
    ./s.sh`` nor ``set -C; printf ... > s.sh; ./s.sh``). A ``$'`` string, a ``#`` or a
    quote never closed: False (read as more than this reads)."""
    if "$'" in command:
        return False
    return not any(m[1] is not None for m in _AFTER_SUCCESS.finditer(command))


#: A virtual environment's activation script.
_ACTIVATE = re.compile(r"(?:\./)?(.+?)/bin/activate")


def _venv_activated(line: _Line, file: str, index: int) -> bool:
    """Whether ``file``, run by the simple command ``index`` of ``line`` (``. .venv/bin/
    activate``), is the activation script the command just before it writes: ``python3
    -m venv .venv``, ``virtualenv .venv``, ``uv venv`` (:func:`_venv_made`): the venv
    module's own script (which sets PATH and a prompt), written again each time, not the
    workspace's; only on a line of ``&&`` alone (the maker then succeeded)."""
    found = _ACTIVATE.fullmatch(file)
    if found is None or index == 0 or line.unordered or line.path_set or line.folders != [""]:
        return False
    part = line.parts[index - 1]
    words = [plain_word(w) for w in part.words[name_at(part.words) :]]
    if part.writes or not words or not _each_after_success(line.command):
        return False
    made, same = _venv_made(words), found[1].removeprefix("./").rstrip("/")
    return made is not None and made.removeprefix("./").rstrip("/") == same


#: A program found on PATH or in the system's folders (not one of the workspace's).
_SYSTEM_PROGRAM = re.compile(r"(?:(?:/usr(?:/local)?)?/bin/)?[\w.+-]+")
_PYTHON = re.compile(r"(?:\S*/)?python[\d.]*")
#: A word of a venv's maker written into its activate as it is (no quote, ``$``, glob).
_VENV_WORD = re.compile(r"[\w ./=+:@,%-]+")
#: The options of venv, virtualenv and ``uv venv`` after which each writes its activate
#: (not ``--help``, venv's ``--upgrade``, virtualenv's ``--activators``), and those that
#: take a value.
_VENV_OPTIONS = {
    "venv": frozenset(
        "--clear --copies --symlinks --system-site-packages --without-pip --upgrade-deps "
        "--prompt".split()
    ),
    "virtualenv": frozenset(
        "--clear --copies --symlinks --system-site-packages --no-pip --no-setuptools "
        "--no-wheel --no-download --prompt -p --python".split()
    ),
    "uv": frozenset("--seed --clear --system-site-packages --prompt -p --python".split()),
}
_VENV_VALUES = frozenset({"--prompt", "-p", "--python"})


def _venv_made(words: list[str]) -> str | None:
    """The folder whose ``bin/activate`` the command ``words`` (unquoted) writes when it
    succeeds: ``python3 -m venv DIR``, ``virtualenv DIR``, ``uv venv [DIR]`` (``.venv``),
    a system program each, with the options of :data:`_VENV_OPTIONS` alone; else None."""
    if not _SYSTEM_PROGRAM.fullmatch(words[0]) or not all(map(_VENV_WORD.fullmatch, words)):
        return None
    name = words[0].rsplit("/", 1)[-1]
    if _PYTHON.fullmatch(words[0]) and words[1:3] == ["-m", "venv"]:
        maker, rest = "venv", words[3:]
    elif name == "virtualenv":
        maker, rest = name, words[1:]
    elif name == "uv" and words[1:2] == ["venv"]:
        maker, rest = name, words[2:]
    else:
        return None
    operands, value = [], False
    for word in rest:
        option = word.split("=", 1)[0]
        if not value and word.startswith("-") and option not in _VENV_OPTIONS[maker]:
            return None
        if not value and not word.startswith("-"):
            operands.append(word)
        value = not value and "=" not in word and option in _VENV_VALUES
    return operands[0] if operands else (".venv" if maker == "uv" else None)


#: A first line naming a shell (``#!/bin/sh``, ``#!/usr/bin/env bash``).
_SHELL_BANG = re.compile(r"#!\s*(?:/usr)?/bin/(?:env\s+)?(?:ba)?sh\s*\n")
#: printf's escapes read (any other, and any conversion but ``%%``, is not).
_PRINTF_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\\\": "\\", "%%": "%"}


def _literal_output(words: list[str]) -> str | None:
    """What ``printf FORMAT`` or ``echo WORDS`` (``words``, no option, nothing the shell
    builds) writes, or None."""
    if not words or any(built(w) or "$" in w or "`" in w for w in words):
        return None
    plain = [plain_word(w) for w in words]
    if plain[0] == "echo" and not any(w.startswith("-") or "\\" in w for w in plain[1:2]):
        return None if any("\\" in w for w in plain) else " ".join(plain[1:]) + "\n"
    if plain[0] != "printf" or len(plain) != 2 or plain[1].startswith("-"):
        return None
    pieces = re.split(r"(\\.|%.)", plain[1])
    if any(p.startswith(("\\", "%")) and p not in _PRINTF_ESCAPES for p in pieces if p):
        return None
    return "".join(_PRINTF_ESCAPES.get(p, p) for p in pieces)


#: Compilers whose ``-o FILE`` is the program they build (``go build -o p``).
_COMPILERS = frozenset({"gcc", "cc", "clang", "g++", "c++", "clang++", "tcc", "rustc", "go"})
#: Compilers that name the program they build after its source (``rustc main.rs``, ``zig
#: build-exe main.zig``: ``./main``), by the source's ending.
_NAMED_AFTER_SOURCE = {"rustc": ".rs", "zig": ".zig"}


def _compiled(parts: list[SimpleCommand], file: str) -> bool:
    """Whether ``file``, run by its path, is named on the line only by a compiler's ``-o``
    (``gcc -o p p.c && ./p``) and by its run, or only by its run after a ``rustc`` or
    ``zig`` of its source (``rustc p.rs && ./p``: :data:`_NAMED_AFTER_SOURCE`): then it
    is the compiler's program."""
    same = file.removeprefix("./")
    named = [
        (part, at)
        for part in parts
        for at, word in enumerate(part.words)
        if plain_word(word).removeprefix("./") == same
    ]
    outputs = [
        (part, at)
        for part, at in named
        if at > 0
        and plain_word(part.words[at - 1]) == "-o"
        and plain_word(part.words[name_at(part.words)]).rsplit("/", 1)[-1] in _COMPILERS
    ]
    sources = [part for part in parts if _builds_after_source(part.words, same)]
    if "/" not in same and len(named) == 1 == len(sources):
        return True
    return len(outputs) == 1 and len(named) == 2


def _builds_after_source(words: list[str], program: str) -> bool:
    """Whether ``words`` compile the source of ``program`` with a compiler naming its
    program after the source (``rustc src/main.rs``: ``main``)."""
    at = name_at(words)
    name = plain_word(words[at]).rsplit("/", 1)[-1] if at < len(words) else ""
    ending = _NAMED_AFTER_SOURCE.get(name)
    return ending is not None and any(
        plain_word(w).rsplit("/", 1)[-1] == f"{program}{ending}" for w in words
    )


@dataclass
class _Writers:
    """Whether the programs and writes of a line could rewrite the script at ``real`` (a
    regular file of the workspace, its links followed) before it runs: what each writes
    by name (redirections, ``tee``/``touch``/``mkdir``), compared with it on the disk, and
    the programs that could write any file (:func:`_changer`: not one that leaves files
    alone; a workspace shell script run before it is read, as far as the check's budget
    and :data:`_SCRIPT_DEPTH` go, and counts when it could)."""

    scripts: _Scripts
    real: Path
    depth: int

    def first(
        self, parts: list[SimpleCommand], folders: list[str] | None, path: bool
    ) -> str | None:
        """The first of ``parts`` (run from one of ``folders``) that could rewrite the
        script, as the refusal names it; ``path``: the line sets PATH (a program named as
        one that leaves files alone may be the workspace's)."""
        for part in parts:
            written = self.writes(part, folders)
            found = f"writes {written}" if written else self._program(part, folders, path)
            if found is not None:
                return found
        return None

    def within(self, line: _Line, folders: list[str] | None, depth: int = 0) -> str | None:
        """What of ``line`` (a script's text, run from one of ``folders``) writes the
        script by name, also in the workspace scripts it runs in turn (bounded), or None;
        its other programs are the script's own business, as ``python3 x.py``'s are."""
        for part in line.parts:
            written = self.writes(part, folders)
            found = None if written is None else f"writes {written}"
            run = script_file(part.words) if found is None and depth < _SCRIPT_DEPTH else None
            if run is not None:
                found = self._in_script(
                    run[1], folders, lambda ran, where: self.within(ran, where, depth + 1), None
                )
            if found is not None:
                return found
        return None

    def writes(self, part: SimpleCommand, folders: list[str] | None) -> str | None:
        """The name ``part`` writes (by a redirection, or ``tee``/``touch``/``mkdir``'s
        operand) that could be the script or a folder holding it, as written; None when
        none could."""
        return next((w for w in named_writes(part) if self.could_write(w, folders)), None)

    def could_write(self, word: str, folders: list[str] | None) -> bool:
        """Whether a write of the word ``word`` (as written) could reach the script."""
        return built(word) or self._could_be(plain_word(word), folders)

    def _could_be(self, name: str, folders: list[str] | None) -> bool:
        """Whether a write of ``name`` from one of ``folders`` (None: unknown) could reach
        the script: its path or a folder above it, another name of it (a link, a hard
        link), a path outside the workspace (a mount may show it there), or unknown."""
        if name.startswith("/dev/") and not name.startswith("/dev/fd/"):
            return False
        if name.startswith(("~", "/proc/")) or (folders is None and not name.startswith("/")):
            return True
        places = (
            [Path(name)]
            if name.startswith("/")
            else [self.scripts.root / f / name for f in folders or []]
        )
        for place in places:
            try:
                real = place.resolve()
                if real == self.real or real in self.real.parents:
                    return True
                outside = not real.is_relative_to(self.scripts.root.resolve())
                if outside and not real.is_relative_to("/tmp"):  # (the sandbox's own tmpfs)
                    return True
                if real.exists() and os.path.samefile(real, self.real):
                    return True
            except (OSError, RuntimeError, ValueError):
                return True
        return False

    def _program(self, part: SimpleCommand, folders: list[str] | None, path: bool) -> str | None:
        """The program ``part`` runs when it could write a file the line does not name,
        as the refusal names it; None when it leaves files alone or is a workspace shell
        script whose own commands could not rewrite the script."""
        run = script_file(part.words)
        system = run is not None and run[0] == run[1] and run[1].startswith(_SYSTEM)
        if run is None or (system and not is_inside(Path(run[1]), self.scripts.root)):
            changer = _changer(part.words, path)  # (``/bin/ls``: ls, none of the workspace's)
            return None if changer is None else f"runs {changer}"
        if self.depth >= _SCRIPT_DEPTH:
            return f"runs {run[1]}"
        inner = _Writers(self.scripts, self.real, self.depth + 1)
        return self._in_script(
            run[1],
            folders,
            lambda ran, where: inner.first(ran.parts, where, path or ran.path_set),
            f"runs {run[1]}",
        )

    def _in_script(
        self,
        file: str,
        folders: list[str] | None,
        check: Callable[[_Line, list[str] | None], str | None],
        unread: str | None,
    ) -> str | None:
        """``check`` of the workspace shell script ``file`` (run from one of ``folders``),
        read, as ``FILE (which …)``; ``unread`` when it is no shell script or cannot be
        read (``file`` where a program counts: it could write anything)."""
        if folders is None and not file.startswith("/"):
            return unread
        places = [file] if file.startswith("/") else [f"{f}{file}" for f in folders or []]
        for place in places:
            if built(place) or not _bash_runs(place, self.scripts.root):
                return unread
            text, why = self.scripts.text(place)
            if text is None:
                return unread and f"{unread} ({why})"
            ran = _read_line(text)
            found = check(ran, _joined_folders(folders, ran.folders))
            if found is not None:
                return f"runs {file} (which {found})"
        return None


#: The folder a ``cd``/``pushd`` on the line moves to (``cd sub && sh f.sh``), and what
#: else moves it to a folder not written as such (``popd``, ``env -C``, ``sudo -D``).
_CD = re.compile(r"(?:^|[\s;&|(`{!])(?:cd|pushd)(?![\w.\-/+:,@%=^~#\]])(?:[ \t]+([^\s;&|)`}<>]+))?")
_MOVES = re.compile(r"--chdir.*|--wd.*|-[CD].*")


def _cds(parts: list[SimpleCommand]) -> list[str]:
    """Where each ``cd``/``pushd`` among ``parts`` that :data:`_CD` cannot see in the text
    moves to, read as the shell reads its words (``\\cd sub``, ``"cd" sub``, ``builtin cd
    sub``; "": a folder not written), as :data:`_CD`'s are."""
    found = []
    for part in parts:
        words = [plain_word(w) for w in part.words[name_at(part.words) :]]
        words = words[1:] if words[:1] in (["builtin"], ["command"]) else words
        if words[:1] in (["cd"], ["pushd"]):
            found.append(words[1] if len(words) > 1 else "")
    return found


#: The system's program folders: ``/bin/ls`` is ls (``/tmp/ls`` may be anything).
_SYSTEM = ("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/")


@lru_cache(maxsize=64)
def _read_line(command: str) -> _Line:
    """:meth:`_Line.of`, once for a text: a check compares each script with the line's
    and its scripts' other commands, reading them again."""
    return _Line.of(command)


def _joined_folders(outer: list[str] | None, inner: list[str] | None) -> list[str] | None:
    """The folders (from the workspace) a script's commands may run from: each of the
    line's (``outer``) joined with each the script moves to (``inner``); None: unknown."""
    if outer is None or inner is None:
        return None
    return list(dict.fromkeys(o + i for o in outer for i in inner))


@dataclass(frozen=True)
class _Line:
    """A command line running scripts, read once for all of them: its simple commands
    (:func:`_parts_within`'s order), whether one writes by a redirection, and the folders,
    from the workspace, a relative script may be looked up from (``""``, then after each
    ``cd DIR`` DIR joined in order; None when the line moves to a folder it does not name:
    ``cd`` alone, ``cd -``, ``cd ..``, ``cd $D``, ``popd``, ``env -C``)."""

    command: str
    parts: list[SimpleCommand]
    writes: bool
    folders: list[str] | None
    #: Whether its simple commands may run in another order than written, or together
    #: (:data:`_UNORDERED`: a pipe, a background job, a loop, a function, a substitution,
    #: a trap), and whether it names PATH (a program's name may then be the workspace's).
    unordered: bool
    path_set: bool

    @classmethod
    def of(cls, command: str) -> _Line:
        """The line ``command``, read."""
        parts = list(_parts_within(command))
        writes = any(p.writes for p in parts)
        unordered, path_set = bool(_UNORDERED.search(command)), "PATH" in command
        moves = [m[1] or "" for m in _CD.finditer(command)] + _cds(parts)
        if not moves and not any(_moves(p.words) for p in parts):
            return cls(command, parts, writes, [""], unordered, path_set)
        if any(_moves(p.words) for p in parts) or any(
            not d or built(d) or d.startswith(("-", "/", "~")) or ".." in d.split("/")
            for d in moves
        ):
            return cls(command, parts, writes, None, unordered, path_set)
        folders, folder = [""], ""
        for move in moves:
            folder = f"{folder}{plain_word(move).rstrip('/')}/"
            folders.append(folder)
        return cls(command, parts, writes, folders, unordered, path_set)

    @cached_property
    def named(self) -> list[str]:
        """What its simple commands write by name, as written (:func:`shell_files.named_writes`)."""
        return [w for p in self.parts for w in named_writes(p)]

    def others(self, index: int) -> list[SimpleCommand]:
        """The simple commands that may run before the command ``index`` (a script's run)
        or beside it."""
        others = self.parts if self.unordered else self.parts[:index]
        return [p for i, p in enumerate(others) if i != index]

    def places(self, file: str) -> list[str] | None:
        """Where, from the workspace, the script ``file`` run in the line may be."""
        if file.startswith("/"):
            return [file]
        return None if self.folders is None else [f"{f}{file}" for f in self.folders]


#: The programs that write no file's text of themselves (their redirections are read
#: apart, their writing options by :func:`option_effects`), and git's subcommands that do
#: not.
_LEAVES_FILES = frozenset(
    "cd pushd echo printf true false test [ [[ : export unset set shift local declare "
    "readonly ls cat grep egrep fgrep rg head tail wc pwd which type command sleep date id "
    "whoami uname basename dirname readlink realpath stat file du df ps env printenv exit "
    "return wait jobs diff cmp comm cut tr sort uniq nl jq less more sh bash . source "
    "sed gsed find fd xxd } ) fi done esac then else elif do for select case "
    "chmod chown chgrp".split()  # (a mode or an owner: no file's text)
)
#: Programs that write only the files their words name (each compared with the script),
#: unless a word is built when they run (``tee *``).
_GIT_READS = frozenset("status diff log show rev-parse ls-files grep blame branch".split())
#: A line whose simple commands may run in another order than written, or together.
_UNORDERED = re.compile(
    r"(?<![&>|])&(?![&>])|(?<!\|)\|(?!\|)|\b(?:while|until|for|select|function|trap|coproc)\b"
    r"|\(\s*\)|\$\(|`|[<>]\("
)


def _changer(words: list[str], path: bool = False) -> str | None:
    """The name of the program the simple command ``words`` runs when it could write a
    file a rule does not see (``tar xf t.tar``, ``make``, ``./build.sh``); None for one
    that leaves files alone or runs none (``cd sub``, ``echo hi``, ``git status``, ``sed
    s/a/b/ f``; its options read by :func:`option_effects`), unless ``path``: the line sets
    PATH, so the name may be a program of the workspace's."""
    at = name_at(words)
    if at >= len(words):
        return None
    name = plain_word(words[at]).rsplit("/", 1)[-1]
    following = plain_word(words[at + 1]) if at + 1 < len(words) else ""
    quiet = name in _LEAVES_FILES or (name == "git" and following in _GIT_READS)
    quiet = quiet or (name in NAMED_WRITES and not any(map(built, words[at + 1 :])))
    quiet = quiet and not path
    return None if quiet and not option_effects(words) else plain_word(words[at])


def _writes_any(words: list[str]) -> bool:
    """Whether the simple command ``words`` runs a program that could write a file it
    does not name (:func:`_changer`)."""
    return _changer(words) is not None


def _moves(words: list[str]) -> bool:
    """Whether the simple command ``words`` runs its command in another folder: ``popd``,
    or a wrapper's option before it (``env -C DIR``, ``sudo -D DIR``, ``--chdir``); not a
    command's own option (``make -C sub``, ``git -C sub``: the shell stays)."""
    at = name_at(words)
    if at < len(words) and plain_word(words[at]) == "popd":
        return True
    return any(_MOVES.fullmatch(plain_word(w)) for w in words[:at])


def _runs_as_shell(text: str) -> bool:
    """Whether bash runs ``text``, an executable file's, as a shell script: its ``#!``
    line names a shell (``#!/usr/bin/env bash``), or it has none (bash runs it itself)."""
    if not text.startswith("#!"):
        return "\x00" not in text[:1024]
    words = text[2:].split("\n", 1)[0].split()
    names = [w.rsplit("/", 1)[-1] for w in words if not w.startswith("-")]
    program = names[1] if names[:1] == ["env"] and len(names) > 1 else (names or [""])[0]
    return program in SHELLS


def _bash_runs(file: str, root: Path) -> bool:
    """Whether the workspace's ``file``, run by its path, is a shell script bash runs: read
    from its first KB (whether or not the rest can be read: one that cannot is refused,
    not run; a program is not read further)."""
    try:
        real = _workspace_file(file, root)
        if real is None:
            return False
        with real.open("rb") as opened:
            head = opened.read(1024)
    except (OSError, RuntimeError, ValueError):
        return False
    return _runs_as_shell(head.decode("utf-8", "replace"))


def _workspace_file(file: str, root: Path) -> Path | None:
    """The regular file ``file`` (from the workspace ``root``) is, its links followed,
    when it is inside the workspace; else None."""
    real = (Path(file) if file.startswith("/") else root / file).resolve()
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


#: A word that may run a script file: a shell, ``source``, ``.``, a path (``./f.sh``).
_RUNS_SCRIPT = re.compile(r"(?:sh|source)\b|(?<![\w/.-])\.(?![\w/.-])|/")


def _script_refusal(scripts: _Scripts, text: str, depth: int) -> str | None:
    """Why the rules refuse the script ``text`` as a command (its first matching rule, a
    name or input they cannot read, a script it runs), or None."""
    hit = next((r for r in scripts.rules if bash_matches(str(r.specifier).strip(), text)), None)
    if hit is not None:
        return f"it holds a command {hit.text} matches{_line_of(hit, text)}"
    name = built_name(text)
    why = unread_input(text) if name is None else _built_in_script(scripts.rules, text, name)
    if why is None and depth < _SCRIPT_DEPTH:
        why = _denied_script(scripts, text, depth + 1)
    return why


def _line_of(rule: Rule, text: str) -> str:
    """`` (line N: …)``, the first line of the script ``text`` that ``rule`` matches alone,
    clipped; empty when none does by itself (a command over several lines)."""
    specifier = str(rule.specifier).strip()
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and bash_matches(specifier, line):
            shown = " ".join(line.split())
            return f" (line {number}: {shown[:60]}{'…' if len(shown) > 60 else ''})"
    return ""


#: What a word of a script is made of, for :func:`_built_in_script`.
_TOKEN = re.compile(r"[\w.+-]+")


def _built_in_script(rules: list[Rule], text: str, name: str) -> str | None:
    """Why a script whose command ``name`` is built when it runs is refused, or None: a
    script is a program the line runs, whose names built when it runs (``./gradlew``'s
    ``exec "$JAVACMD"``) a rule on the command line does not follow, as it does not follow
    ``python3 x.py``'s; but one that also writes the words a rule names (``C=rm; $C x``,
    ``$(echo rm) x``) may be building a command the rule matches."""
    tokens = {t for p in read_command(text).parts for w in p.words for t in _TOKEN.findall(w)}
    for rule in rules:
        named = str(rule.specifier).strip().removesuffix(":*").split()
        words = [w for w in named if "*" not in w]
        if words and all(w in tokens for w in words):
            return (
                f"it builds a command's name when it runs ({name}) and writes "
                f"{' '.join(words)}, so it may run a command {rule.text} matches, which a "
                "rule cannot check"
            )
    return None


def unread_name(rules: Iterable[Rule], call: Call) -> tuple[Rule, str] | None:
    """The first Bash rule of ``rules`` that cannot be checked against ``call``, and why:
    a command whose name is built when it runs (:func:`built_name`: :data:`NAME_UNREAD`),
    or commands a program reads from its standard input (:func:`unread_input`); a deny
    rule fails closed on it (``$(echo r)m -rf src``, ``echo 'rm x' | sh`` past
    ``Bash(rm:*)``)."""
    command = call.args.get("command")
    if call.name != "Bash" or not isinstance(command, str):
        return None
    bash = [r for r in rules if r.tool == "Bash" and not r.bare]
    if not bash:
        return None
    broken = unencodable(command)
    if broken is not None:  # (no program could be given it; no rule reads it either)
        return bash[0], f"a command that is not UTF-8 text: {broken}"
    name = built_name(command)
    why = unread_input(command) if name is None else NAME_UNREAD.format(name=name)
    if why is not None:
        return bash[0], f"a command it cannot read: {why}"
    script = denied_script(bash, command, call.root)
    return None if script is None else (bash[0], f"a script the command runs: {script}")


def _bare_command(part: str) -> str:
    """``part`` without its redirections, each run of blanks one space, or one newline
    when it holds one: a newline left in a part is a quoted string's, which a shell it is
    handed to reads (``sh -c "r\\\\<newline>m f"``: ``r\\`` and a newline join)."""
    return _BLANKS.sub(lambda m: "\n" if "\n" in m[0] else " ", _REDIRECT.sub("", part)).strip()


_BLANKS = re.compile(r"\s+")


def _one_command(specifier: str, command: str) -> bool:
    if specifier.endswith(":*"):
        prefix = specifier[:-2].rstrip()
        rest = command[len(prefix) :]
        return command.startswith(prefix) and (not rest or not rest[0].isalnum())
    if "*" not in specifier:
        return command == specifier
    if specifier.endswith(" *") and specifier.count("*") == 1:  # the tail is optional
        body = specifier[:-2]
        return command == body or command.startswith(f"{body} ")
    return wildcard_match(specifier, command)


def _targets(call: Call) -> list[Path]:
    """The absolute paths a file tool's call works on: as written (``.``/``..`` folded) and
    where its links lead, since the tool follows them (a link to a denied file must not
    get past its rule); none when it names none or a path the tool will refuse anyway
    (an unknown ``~user``, a NUL byte: checking must not raise). A name holding U+FFFD
    is also the file the tool takes it for (:func:`~coordinator.tools.workspace.named_on_disk`:
    a name that is not UTF-8, as the model is shown it), and where that leads."""
    key, default = _PATH_ARGS.get(call.name, ("", None))
    raw = call.args.get(key) or default
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        return []
    try:
        path = Path(raw).expanduser() if raw.startswith("~") else Path(raw)
        spelled = (call.root / path) if not path.is_absolute() else path
        named = named_on_disk(spelled)
        real = named.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return []
    return list(dict.fromkeys([Path(_normal(spelled)), Path(_normal(named)), real]))


def path_matches(pattern: str, target: Path, root: Path, home: Path) -> bool:
    """Whether a gitignore-like path ``pattern`` covers ``target`` or a directory above it."""
    anchored, globs, literal = _prepared(pattern, root, home)
    if anchored:
        globs = tuple(dict.fromkeys([*globs, *(_real_prefix(g) for g in globs)]))
    # (matched in linear time where re would backtrack: an agent chooses the path)
    compiled = [glob_matcher(_nfc(g).lstrip("/") if anchored else _nfc(g)) for g in globs]
    if anchored and literal and not os.path.lexists(literal):
        literal = None  # no file there: no other name reaches it
    for candidate in (target, *target.parents):
        text = _nfc(str(candidate).lstrip("/"))
        if anchored and any(matches(text) for matches in compiled):
            return True
        if not anchored and not _under(candidate, root):
            continue
        if not anchored and compiled[0](_nfc(candidate.name)):
            return True
        if literal and _same_file(candidate, Path(literal) if anchored else None, literal):
            return True
    return False


def entry_matcher(pattern: str, root: Path, home: Path) -> Callable[[str], bool]:
    """:func:`path_matches` of one absolute path (its text) alone, not the folders above it
    (a walk from the top asks each of them first), its glob compiled once: for the many
    entries of a walk."""
    anchored, globs, _ = _prepared(pattern, root, home)
    if not anchored:
        name = glob_matcher(_nfc(globs[0]))
        return lambda text: name(_nfc(text.rpartition("/")[2]))
    globs = tuple(dict.fromkeys([*globs, *(_real_prefix(g) for g in globs)]))
    globs += tuple(g[: -len("/**")] for g in globs if g.endswith("/**"))  # (the folder too)
    compiled = [glob_matcher(_nfc(g).lstrip("/")) for g in globs]
    return lambda text: any(m(_nfc(text.lstrip("/"))) for m in compiled)


@lru_cache(maxsize=512)
def _prepared(pattern: str, root: Path, home: Path) -> tuple[bool, tuple[str, ...], str | None]:
    """``(anchored, globs, literal)`` of a rule's path: whether it is absolute, its glob
    (a directory's with ``/**``), and the path or name it spells when it has no wildcard."""
    anchored, glob = _anchor(pattern, root, home)
    directory = glob.endswith("/")
    if anchored:
        glob = _normal(Path(glob))
    literal = None if any(c in glob for c in "*?[") else glob.rstrip("/")
    return anchored, (glob.rstrip("/") + "/**" if directory else glob,), literal


def _nfc(text: str) -> str:
    """``text`` in Unicode's composed form: a name typed on one system and made on another
    (macOS writes decomposed names) is matched as one name."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _same_file(candidate: Path, named: Path | None, name: str) -> bool:
    """Whether ``candidate`` is the file a literal rule names (``named``, or for a name
    rule ``name`` beside it) under another name: a hard link, or on a case-insensitive or
    normalising filesystem ``.ENV`` for ``.env``."""
    try:
        return os.path.samefile(candidate, named or candidate.parent / name)
    except (OSError, ValueError):
        return False


#: ``_real_prefix``'s recent answers: a search asks once per file, so each rule's path is
#: resolved about once a second, not once per file (a link made since is seen then).
_REAL: dict[str, tuple[float, str]] = {}


def _real_prefix(glob: str) -> str:
    """An absolute ``glob`` with the directories before its first wildcard resolved, so a
    rule written through a link (``~/`` when the home directory is one, ``//tmp/...``)
    covers the resolved paths the tools work on."""
    now = time.monotonic()
    hit = _REAL.get(glob)
    if hit is not None and now - hit[0] < 1.0:
        return hit[1]
    head = re.split(r"[*?\[]", glob, maxsplit=1)[0]
    literal = head if head == glob else head.rsplit("/", 1)[0]
    try:
        real = os.path.realpath(literal or "/").rstrip("/") + glob[len(literal) :]
    except (OSError, ValueError):
        real = glob
    if len(_REAL) > 1024:
        _REAL.clear()
    _REAL[glob] = (now, real)
    return real


def anchored(pattern: str, root: Path, home: Path) -> tuple[bool, str]:
    """``(anchored, glob)`` of a rule's path, as the rules match it: an absolute glob
    (``.``/``..`` folded), or (not anchored) a name matched at any depth of the workspace."""
    absolute, glob = _anchor(pattern, root, home)
    if not absolute:
        return False, glob
    return True, _normal(Path(glob)) + ("/" if glob.endswith("/") else "")


def _anchor(pattern: str, root: Path, home: Path) -> tuple[bool, str]:
    """``(anchored, glob)``: an absolute glob, or (not anchored) a name matched at any depth
    of the workspace."""
    if pattern.startswith("//"):
        return True, pattern[1:]
    if pattern.startswith("~/"):
        return True, f"{_normal(home)}/{pattern[2:]}"
    if pattern.startswith("/"):
        return True, f"{_normal(root)}{pattern}"
    relative = pattern[2:] if pattern.startswith("./") else pattern
    if "/" not in relative.rstrip("/") and not pattern.startswith("./"):
        return False, relative.rstrip("/")
    return True, f"{_normal(root)}/{relative}"


def _normal(path: Path) -> str:
    """``path`` absolute with ``.``/``..`` folded (no symlink is followed: the tools confine
    paths themselves; this is only for matching)."""
    parts: list[str] = []
    for part in PurePosixPath(path).parts[1:]:
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


def _under(path: Path, root: Path) -> bool:
    return _normal(path).startswith(_normal(root).rstrip("/") + "/")


def merge_disallowed(disallowed: Iterable[str], removed: Iterable[str]) -> list[str]:
    """An agent's ``disallowedTools`` plus the tools bare deny rules take away."""
    merged = list(disallowed)
    return merged + [t for t in removed if t not in merged]
