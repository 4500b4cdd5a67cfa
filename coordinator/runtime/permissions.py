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
  (:func:`permission_match.unread_name`). A dontAsk allow rule (and an agent's ``tools:
  Bash(...)`` limit) approves a command only when every part, split outside quotes, matches
  one as written or without Claude Code's process wrappers (``timeout``, ``time``, ``nice``,
  ``nohup``, ``stdbuf``; ``FOO=1 npm test`` is not ``npm test``), so does each command
  ``find -exec`` runs, no part writes a file by redirection (``>``, ``>>``, ``&>``, ``2>``…:
  a rule approves a command, not the files it would overwrite; ``/dev/null`` and ``2>&1``
  pass), and the line runs no command inside its words (``$(…)``, backticks, ``<(…)``,
  ``>(…)``), and no
  option of a part writes a file or runs a program unless the rule names it
  (``git diff --output=F``, ``sed -n -i``, ``sort -o F``, ``find -delete``, a glob that
  could expand to one, ``sort *``: :mod:`coordinator.runtime.shell_options`), nor is a
  word the rule names rebuilt by the shell (``git diff*`` with a file named ``difftool``):
  :func:`permission_allow.bash_unapproved`, whose reason the model reads. A here-document's
  body is data to both kinds of rule (:func:`shell_words.without_data`); an unquoted delimiter's
  ``$(…)`` still runs and is checked, and a body a shell may read (``bash <<'EOF'``,
  ``cat <<'EOF' | sh``) is commands to a deny rule, as is a here-string's literal text a
  shell reads (``sh <<< 'rm x'``); a shell, ``. /dev/stdin`` or xargs that runs commands
  it reads from a pipe, a file or a process substitution (``echo 'rm x' | sh``, ``bash <
  f.sh``, ``curl … | sh``, ``sh <(…)``, ``… | xargs -L1 env``) is refused by any Bash deny
  or ask rule (:func:`permission_match.unread_name`); so is a script file in the workspace a shell,
  ``source``/``.`` or its path runs (``sh f.sh``, ``./f.sh`` of a shell script) holding
  a command they match (the refusal names its line) or input they cannot read, or one
  they cannot read itself (missing, outside the workspace, over
  :data:`permission_scripts.SCRIPT_LIMIT`, not UTF-8: its byte named, changed by its line,
  past one check's :data:`permission_scripts.SCRIPT_COUNT` scripts:
  :func:`permission_scripts.denied_script`); a script's names built when it runs are its
  own, as a program's are (``./gradlew``'s ``exec "$JAVACMD"``), unless it also writes the words
  a rule names (``C=rm; $C x``); a line that runs another program that could rewrite
  the script before it runs or beside it (``tar xf t.tar; sh f.sh``, ``make && ./f.sh``,
  ``… & sh f.sh``) is refused, the script's reading could be raced (programs that leave
  files alone, ``cd``, ``echo``, ``sed s/a/b/``, ``git status``, do not count, nor do
  those after it in plain order, nor a workspace shell script whose own commands, read,
  could not write it: ``./build.sh && ./test.sh``); so is a line or script writing it by
  name (a redirection, ``tee``: compared on the disk, its links and hard links followed)
  and a script that could rewrite itself as it runs (``echo … >> self.sh``), unless the
  line writes it whole from literal words first (``printf 'echo hi\n' > s.sh && ./s.sh``:
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

This module holds a session's rules and their answer to a call (:class:`PermissionRules`);
the rest lives beside it: reading the settings files (``permission_files.py``), the
modes (``permission_modes.py``), the rule grammar (``permission_rules.py``), matching a
call (``permission_match.py``) by its paths (``permission_paths.py``) or its Bash command
(``permission_bash.py``), what a rule cannot read (``permission_unread.py``), the
scripts a command runs (``permission_scripts.py``, with ``permission_line.py`` and
``permission_made.py``), and what an allow rule approves (``permission_allow.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.mcp.policy import ServerPolicy
from coordinator.roster.fields import PermissionMode
from coordinator.runtime.agent_tool import names_agent
from coordinator.runtime.available_models import ModelPolicy
from coordinator.runtime.md_excludes import ClaudeMdExcludes
from coordinator.runtime.permission_allow import unapproved
from coordinator.runtime.permission_match import rule_matches, unread_name
from coordinator.runtime.permission_modes import MODE_SWITCHES
from coordinator.runtime.permission_paths import Call
from coordinator.runtime.permission_rules import _PATH_FAMILIES, Behavior, Rule
from coordinator.runtime.sandbox_settings import PathDeny, SandboxPolicy
from coordinator.runtime.skill_rules import OVERRIDES, SKILL_TOOL, Override, folded, names_skill
from coordinator.tools.base import Refusal, RefusedBy, ToolResult
from coordinator.tools.workspace import protected_alike

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
    #: ``"user-invocable-only"``) or lists by name only (``"name-only"``), each with the
    #: first file that does, a hiding one over a name-only one, in any file: they only
    #: narrow (:mod:`coordinator.runtime.skill_rules`).
    skill_overrides: dict[str, Override] = field(default_factory=dict)
    #: The first file setting ``disableSkillShellExecution: true`` (any file: it only takes
    #: a power away): no skill's ``!`command``` runs (:mod:`coordinator.runtime.skill_shell`).
    skill_shell_off: Path | None = None
    #: The settings' ``effortLevel``: the effort of agents without an ``effort`` of their
    #: own (claude104; :func:`~coordinator.runtime.permission_files.effort_setting`).
    effort_level: str | None = None

    def mode_of(self, own: str | None) -> str:
        """An agent's permission mode: its own, else the settings' default, else default;
        a mode a settings file turns off (``bypassPermissions``, ``auto``) is ``default``."""
        mode = own or self.default_mode or PermissionMode.DEFAULT.value
        return PermissionMode.DEFAULT.value if mode in self.modes_off else mode

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
        if own_mode is None and self.default_mode == PermissionMode.PLAN:
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
        if self.mode_of(own_mode) == PermissionMode.DONT_ASK and _prompts(name):
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
            if hidden is not None and hidden.hides:
                return f"{OVERRIDES}.{name} is {hidden.label()}: hidden from Claude"
        return None

    def name_only_skill(self, *names: str, plugin: bool = False) -> str | None:
        """The ``skillOverrides`` entry listing the skill called ``names`` to Claude by its
        name alone (``"name-only"``: no description), or None (a plugin's skill: none)."""
        for name in [] if plugin else names:
            said = None if ":" in name else self.skill_overrides.get(folded(name))
            if said is not None and not said.hides:
                return said.label()
        return None

    def listing(self) -> list[str]:
        """One line per deny/ask rule, for ``coord run``'s notice."""
        return [r.label() for r in self.rules if r.behavior != Behavior.ALLOW]


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


def merge_disallowed(disallowed: Iterable[str], removed: Iterable[str]) -> list[str]:
    """An agent's ``disallowedTools`` plus the tools bare deny rules take away."""
    merged = list(disallowed)
    return merged + [t for t in removed if t not in merged]
