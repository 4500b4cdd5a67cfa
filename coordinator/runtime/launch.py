"""What ``coord run``, ``resume`` and ``worker`` decide before anything runs.

Each command's flags, as given, go in as one record (:class:`RunFlags`,
:class:`ResumeFlags`); out comes one typed plan: the setup every session of the command is
driven with (:class:`~coordinator.runtime.drive.DriveSetup`) and, for ``coord run``, what
to do next (:data:`RunStep`: run a batch here, queue it, start the routed agent in the
background, or drive the session here). Bad input is a ``UserError`` raised here, before any
store, provider or SDK is opened; a request no agent fits fails at once, routed before the
SDK is imported. What the user is told along the way (files skipped, the other specialists
a request involves, a resume's notes) goes out as typed :data:`Notice` values, in order,
for the command to print. Light at import: the runtime's modules load on use.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from coordinator.errors import UserError, below_bound
from coordinator.status import RunStatus, SessionStatus

if TYPE_CHECKING:
    from coordinator.config import Settings
    from coordinator.events import Observer
    from coordinator.roster.registry import Registry
    from coordinator.runtime.batch import BatchDrive, BatchTask
    from coordinator.runtime.drive import Action, DriveSetup, Tracing
    from coordinator.runtime.engine import Engine
    from coordinator.runtime.options import BashGrants, ModelChoice, ResumeSetup, SessionOptions
    from coordinator.runtime.permissions import PermissionRules
    from coordinator.runtime.state import SessionResult
    from coordinator.runtime.worker import WorkerConfig, WorkerEnd
    from coordinator.store.db import Store
    from coordinator.store.pg import PgStore
    from coordinator.store.pgworkers import WorkersView
    from coordinator.store.rows import RunRow, SessionRow


# ---- what the user is told on the way --------------------------------------------------


@dataclass(frozen=True)
class FilesSkipped:
    """Agent files were skipped while loading the roster (one warning line)."""

    line: str


@dataclass(frozen=True)
class AlsoInvolves:
    """The routed request also involves these specialists."""

    agents: list[str]


@dataclass(frozen=True)
class WorkspaceNote:
    """The workspace is a sub-folder of one coord ran in before (one line: the agents see
    only the sub-folder, its sessions are apart)."""

    line: str


@dataclass(frozen=True)
class RouteNote:
    """A line on the routing decision: a bundled specialist chosen over the user's own
    agents (:meth:`Registry.bundled_note`), or an agent a rule refuses passed over."""

    line: str


@dataclass(frozen=True)
class ResumeNote:
    """How a resume differs from what the session remembers (a folder gone, other hooks)."""

    session_id: str
    note: str


Notice = FilesSkipped | AlsoInvolves | RouteNote | ResumeNote | WorkspaceNote
Tell = Callable[[Notice], None]


def workspace_dir(path: Path | None, *, reads_sessions: bool = False) -> Path:
    """The workspace a command works in (default: the current folder); it must exist, and be
    no file system's root (:data:`~coordinator.tools.workspace.ROOT_WORKSPACE`);
    ``reads_sessions``: see :func:`~coordinator.runtime.lookup.existing_folder`."""
    from coordinator.runtime.lookup import existing_folder
    from coordinator.tools.workspace import ROOT_WORKSPACE

    ws = existing_folder(path or Path.cwd(), reads_sessions=reads_sessions)
    if ws == ws.parent:
        raise UserError(f"workspace {ws}: {ROOT_WORKSPACE}")
    return ws


def _registry(
    agents_dirs: list[Path], only: bool, settings: Settings, ws: Path, tell: Tell
) -> Registry:
    """The roster: the ``--agents-dir`` folders, the settings', then the rest (the project's
    ``.claude/agents`` nearest to the workspace ``ws``, as its settings and hooks are)."""
    from coordinator.roster.loader import check_agent_paths, load_registry

    dirs = list(agents_dirs)
    check_agent_paths(dirs, "--agents-dir")
    dirs += [d for d in settings.agents_dirs if d not in dirs]
    registry = load_registry(dirs, only=only, cwd=ws)
    if (warning := registry.skipped_warning()) is not None:
        tell(FilesSkipped(warning))
    registry.require_agents()
    return registry


# ---- coord run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFlags:
    """The flags ``coord run`` and ``coord resume`` share, by their parameter names: where
    (the workspace, the store, the config file), the model (provider, script, model, base
    URL), Bash and its sandbox grants, ``--only`` and ``--otel``."""

    workspace: Path | None = None
    provider: str | None = None
    script: Path | None = None
    model: str | None = None
    base_url: str | None = None
    allow_bash: bool = False
    unsandboxed_bash: bool = False
    bash_network: bool = False
    bash_env: list[str] | None = None
    db: str | None = None
    config: Path | None = None
    only: bool = False
    otel: bool = False

    @property
    def grants(self) -> BashGrants:
        """The sandbox flags given (``--unsandboxed-bash``, ``--bash-network``, ``--bash-env``)."""
        from coordinator.runtime.options import BashGrants

        return BashGrants(self.unsandboxed_bash, self.bash_network, tuple(self.bash_env or ()))


@dataclass(frozen=True)
class RunFlags(SessionFlags):
    """``coord run``'s flags as given, by their parameter names (``RunFlags(**ctx.params)``;
    the shared ones: :class:`SessionFlags`)."""

    request: str | None = None
    file: Path | None = None
    agent: str | None = None
    agents_dir: list[Path] | None = None
    json_out: bool = False
    batch: Path | None = None
    concurrency: int | None = None
    workers: int | None = None
    router: str | None = None
    no_hooks: bool = False
    foreground: bool = False
    detach: bool = False

    def check(self) -> None:
        """UserError for flags that do not go together."""
        if self.request is None and self.file is None and self.batch is None:
            raise UserError(
                "give a request, or --batch FILE",
                hint="Pass it in quotes, `-` to read stdin, or --file F.",
            )
        if (self.request is not None or self.file is not None) and self.batch is not None:
            raise UserError("give a request, or --batch FILE (not both)")
        for flag, given, what in (
            ("--workers", self.workers, "splits a batch run here"),
            ("--concurrency", self.concurrency, "sets a batch run's model calls in flight"),
        ):
            if given is not None and (self.batch is None or self.detach):
                raise UserError(f"{flag} {what}: use it with --batch FILE, without --detach")
        from coordinator.request_text import reads_stdin, stdin_once
        from coordinator.store.paths import check_db_folder

        check_db_folder(self.db)

        stdin_once(
            self.config,
            the_request=any(map(reads_stdin, (self.request, self.file))),
            the_batch=reads_stdin(self.batch),
        )

    def check_bash(self, allowed: bool) -> None:
        """UserError for a sandbox flag given when Bash is off (``allowed``: ``--allow-bash``
        or ``allow_bash`` in the settings): it would change nothing, silently."""
        check_grants(self.grants, allowed)

    @property
    def agents_dirs(self) -> list[Path]:
        """The ``--agents-dir`` folders, in the order given."""
        return list(self.agents_dir or [])

    @property
    def hooks(self) -> bool:
        """Whether hooks run (not ``--no-hooks``)."""
        return not self.no_hooks

    def overrides(self) -> dict[str, Any]:
        """The settings these flags set (None: not given, the config decides)."""
        return {
            "allow_bash": self.allow_bash or None,
            "unsandboxed_bash": self.unsandboxed_bash or None,
            "bash_network": self.bash_network or None,
            "bash_env": self.bash_env or None,
            "db": self.db,
            "concurrency": self.concurrency,
            "router": self.router,
        }


@dataclass(frozen=True)
class RunBatch:
    """``--batch FILE``: drive every task of the file here (in ``workers`` processes); its
    items that name no agent have ``--agent``'s."""

    tasks: list[BatchTask]
    workers: int | None


@dataclass(frozen=True)
class QueueBatch:
    """``--batch FILE --detach``: queue every task of the file for the workers."""

    tasks: list[BatchTask]


@dataclass(frozen=True)
class StartInBackground:
    """The routed agent says ``background: true``: the same run, detached, with it fixed;
    ``routed``: the lexical router chose it here, so the detached run routes again (the
    same decision) and its session keeps the decision's score, triggers and reason, not
    ``--agent``'s (with ``router: llm``, whose model might choose another, it stays fixed)."""

    agent: str
    text: str
    routed: bool = False


@dataclass(frozen=True)
class StartHere:
    """Start the session here (with ``detach``: hand it to the workers once stored)."""

    text: str
    agent: str | None
    detach: bool
    #: chosen by the ``coord run`` that started this one in the background
    session_id: str | None = None


RunStep = RunBatch | QueueBatch | StartInBackground | StartHere


@dataclass(frozen=True)
class RunPlan:
    """A ``coord run`` validated: its setup, the options its sessions remember, what to do
    next, the other specialists the request involves, and ``--otel``."""

    setup: DriveSetup
    options: SessionOptions
    step: RunStep
    also: list[str] = field(default_factory=list)
    otel: bool = False

    def start(self, step: StartHere) -> Action:
        """The engine call that starts the session of ``step`` (a background run's: its
        pid file removed once the session is stored and driven)."""
        options, ws = self.options, self.setup.ws

        async def start(engine: Engine) -> SessionResult:
            result = await engine.start(
                step.text,
                agent=step.agent,
                options=options,
                detach=step.detach,
                session_id=step.session_id,
            )
            if step.session_id is not None:
                from coordinator.runtime.background import forget

                forget(ws, step.session_id)
            return result

        return start

    def extra(self) -> dict[str, Any] | None:
        """What the JSON output adds to the session's result."""
        return {"also": self.also} if self.also else None

    def batch(self, tracing: Tracing, view: Observer | None) -> BatchDrive:
        """The batch's driver (``view``: each process's progress lines; with ``--otel``, one
        process: its trace is one recorder's)."""
        from coordinator.runtime.batch import BatchDrive

        return BatchDrive(self.setup, self.options, tracing, self.otel, view)


def check_grants(grants: BashGrants, allowed: bool, *, resume: bool = False) -> None:
    """UserError for sandbox flags (``grants``) given when Bash is off (``allowed``:
    ``--allow-bash``, the settings' ``allow_bash``, or a ``resume``'s session started with
    it): they would change nothing, silently."""
    given = grants.given()
    if given and not allowed:
        where = " (or start the session with it)" if resume else ""
        raise UserError(
            f"{' and '.join(given)} {'applies' if len(given) == 1 else 'apply'} to Bash,"
            " which is off: nothing would change",
            hint=f"Add --allow-bash{where} (or allow_bash: true in your coord config).",
        )


def _config_read_again(config: Path | None) -> None:
    """UserError when a background run (a new process, reading its settings again) would be
    given a ``--config`` that can be read only once (standard input, ``<(cmd)``)."""
    from coordinator.config import once_only

    if config is not None and once_only(config):
        raise UserError(
            f"--config {config}: a pipe or standard input is read once, and the agent's "
            "background run (a new process) would read it again",
            hint="Pass --foreground, or write the settings to a file.",
        )


def _note_enclosing(ws: Path, tell: Tell) -> None:
    """Tell when the workspace ``ws`` (the current folder: no ``-w``) lies inside one coord
    ran in before: a run from a project's sub-folder works in that sub-folder alone, with
    its sessions apart, which the user rarely means."""
    from coordinator.store.paths import enclosing_workspace

    above = enclosing_workspace(ws)
    if above is not None:
        tell(
            WorkspaceNote(
                f"note: the workspace is this folder, {ws}, inside the workspace {above}: the"
                f" agents see only this folder and its sessions are kept apart (-w {above}"
                " works on the whole project; -w . keeps this folder and says nothing)"
            )
        )


def plan_run(flags: RunFlags, stdin: BinaryIO, tell: Tell) -> RunPlan:
    """Validate ``coord run``'s flags (the request read from ``stdin`` for ``-``), load the
    roster, route the request first, and say what to do next."""
    from coordinator.config import explain_settings
    from coordinator.runtime.drive import DriveSetup
    from coordinator.runtime.lookup import reach_flags
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.store.paths import storable

    flags.check()
    hint = "Pass --db postgresql://… (workers: `coord worker --db …`)"
    if flags.detach:
        check_shared_flag("--detach", flags.db, hint)
    ws = storable(workspace_dir(flags.workspace), "workspace")
    explained = explain_settings(ws, flags.config, flags.overrides())
    settings = explained.settings
    flags.check_bash(settings.allow_bash)
    if flags.workspace is None and settings.db is None:
        _note_enclosing(ws, tell)
    text = None
    if flags.batch is None:
        from coordinator.request_text import read_request

        text = read_request(flags.request, flags.file, stdin, limit=settings.max_request_bytes)
    if flags.detach and not isinstance(settings.db, str):
        raise not_shared("--detach", settings.db, hint)
    choice = ModelChoice(flags.provider, flags.script, flags.base_url, flags.model)
    choice = choice.checked(explained)
    choice.check()  # a bad --provider or --script is named (as typed) before routing can fail
    if flags.script is not None:  # remembered whole: a resume may run from elsewhere
        choice = replace(choice, script=flags.script.resolve())
    registry = _registry(flags.agents_dirs, flags.only, settings, ws, tell)
    if flags.agent:  # a name mistyped is named before anything about the environment
        registry.get(flags.agent)
    tasks = None
    if flags.batch is not None:  # so is every item's mistake, with its line
        from coordinator.runtime.batch import load_tasks

        tasks = load_tasks(flags.batch, settings.max_request_bytes, flags.agent, registry)
    from coordinator.runtime.permission_files import load_permissions

    rules = load_permissions(ws)  # read once: routing, --agent and the background check
    routed, also = _route_first(text, flags, settings, registry, tell, rules)
    if tasks is None or any(task.agent == flags.agent for task in tasks):  # --agent runs
        _refuse_denied_agent(flags.agent or routed, rules)
    # a script's misspelt agent, or none for the agent a request goes to: before any call
    check_script_roster(choice, registry, None if tasks is not None else flags.agent or routed)
    options = SessionOptions.remember(
        choice, agents_dirs=flags.agents_dirs, only=flags.only, settings=settings, hooks=flags.hooks
    ).with_extras(ws, registry)
    reach = reach_flags(flags.db, ws)
    setup = DriveSetup(
        ws, settings, registry, choice, flags.hooks, queues_only=flags.detach, reach=reach
    )
    step = _next_step(flags, registry, text, tasks, routed, rules)
    if isinstance(step, StartInBackground):  # its process would say so only in its log
        choice.prepared(settings)  # a malformed --script, no API key: named here
    return RunPlan(setup, options, step, also, flags.otel)


def check_script_roster(
    choice: ModelChoice, registry: Registry, agent: str | None = None, *, resumed: bool = False
) -> None:
    """UserError when the scripted model's ``--script`` does not fit ``registry``'s agents
    (:func:`~coordinator.providers.script.check_roster`), or has no turns for ``agent``,
    the one the request goes to (named, or routed here; a resumed session's waiting one,
    badinput113): its run would fail at its first call, a failed session stored for a
    mistake in the input (review146; an agent it
    consults is known only when asked). Nothing to check for another provider. The script
    is read as its provider reads it, so a malformed one is named by its own mistake first
    (file:line and entry; one over 64 MB or no UTF-8 likewise). A ``resumed`` session's
    agents may be gone from the roster (their stored definitions go on): only its waiting
    agent's turns are checked then."""
    from coordinator.providers.base import ProviderKind
    from coordinator.providers.script import check_roster, read_script, script_agents, unscripted

    if choice.kind != ProviderKind.SCRIPTED or choice.script is None:
        return
    if resumed and not choice.script.is_file():  # (named as the session's remembered one later)
        return
    _, text = read_script(choice.script)
    roster, scripted = {agent.name for agent in registry}, script_agents(text)
    source = str(choice.script.resolve())
    if not resumed:
        check_roster(scripted, roster, source)
    if agent is not None:  # (a label: a plugin's ``kit:name``, a display name, a short ID)
        agent = registry.resolve(agent) or agent
    if agent is not None and agent not in scripted:  # (``agents: {}`` scripts none)
        raise unscripted(source, agent, list(scripted))
    if not scripted:  # (a batch's items: every call would fail)
        raise UserError(
            f"{source}: the script scripts no agent (its agents: mapping is empty)",
            hint="Give turns under `agents:` for each agent the run asks.",
        )


def _route_first(
    text: str | None,
    flags: RunFlags,
    settings: Settings,
    registry: Registry,
    tell: Tell,
    rules: PermissionRules,
) -> tuple[str | None, list[str]]:
    """Route before the SDK is imported: a request no agent fits fails at once; an agent
    an ``Agent(NAME)`` rule of ``rules`` refuses is passed over, and a note says so
    (:mod:`coordinator.runtime.denied_agents`).

    Returns the agent routed to and the other specialists the request involves (told
    unless ``--json``). With ``--router llm`` the model settles unsure decisions, so
    nothing is decided here (None).
    """
    if text is None or flags.agent or flags.batch is not None or settings.router == "llm":
        return None, []
    from coordinator.routing.lexical import no_agent_fits
    from coordinator.routing.sources import run_note
    from coordinator.runtime.denied_agents import PASSED_OVER, route_allowed
    from coordinator.sanitize import clean_text

    decision = route_allowed(clean_text(text), registry, rules.refused_agent)
    if decision.agent is None:
        raise no_agent_fits(decision)
    if decision.reason.startswith(PASSED_OVER):
        tell(RouteNote(f"note: {decision.reason}"))
    note = run_note(decision, registry)
    if note is not None:
        tell(RouteNote(note))
    if decision.also and not flags.json_out:
        tell(AlsoInvolves(decision.also))
    return decision.agent, decision.also


def _refuse_denied_agent(agent: str | None, rules: PermissionRules) -> None:
    """UserError before a session is stored when a deny (or ask) rule ``Agent(NAME)`` of
    the settings keeps ``agent`` (named with ``--agent``, a batch's when an item takes it,
    or routed to) from running: its run would fail at once
    (:meth:`~coordinator.runtime.permissions.PermissionRules.agent_rule`)."""
    if agent is None:
        return
    rule = rules.agent_rule(agent, delegated=False)
    if rule is not None:
        raise UserError(
            f"agent {agent} may not run: the rule {rule.label()} refuses it",
            hint="Name another agent with --agent NAME, or remove the rule",
        )


def _next_step(
    flags: RunFlags,
    registry: Registry,
    text: str | None,
    tasks: list[BatchTask] | None,
    routed: str | None,
    rules: PermissionRules,
) -> RunStep:
    """A batch (``tasks``: queued or run here), the routed agent in the background, or the
    session here. ``--foreground`` and ``--json`` keep a run in the foreground. ``routed``:
    the agent :func:`_route_first` chose (past one a rule refuses), when it routed; else
    (``router: llm``) the background check passes over one ``rules`` refuse."""
    if tasks is not None:
        return QueueBatch(tasks) if flags.detach else RunBatch(tasks, flags.workers)
    from coordinator.runtime.detach import background_agent, handed_session_id

    text = text or ""
    handed = handed_session_id()  # a background run's, named by the run that started it
    if not (flags.foreground or flags.json_out):
        named = flags.agent or routed
        refused = None if named else rules.refused_agent
        chosen = background_agent(registry, text, named, refused)
        if chosen is not None:
            _config_read_again(flags.config)
            return StartInBackground(chosen, text, routed=not flags.agent and routed is not None)
    return StartHere(text, flags.agent, flags.detach, handed)


def run_exit_code(step: StartHere, result: SessionResult) -> int:
    """A session started here: its exit code (0 once handed to the workers)."""
    return 0 if step.detach else result.exit_code


# ---- coord resume ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResumeFlags(SessionFlags):
    """``coord resume``'s flags as given (``hooks``: not ``--no-hooks``; ``here``: drive a
    session of a shared store in this process rather than queue it for the workers; the
    shared ones: :class:`SessionFlags`)."""

    session: str | None = None
    context: str | None = None
    context_file: Path | None = None
    #: ``--question QID``: resume only while the session waits on that question.
    question: str | None = None
    #: ``--retry-consult``: run the failed consult the session waits on again.
    retry_consult: bool = False
    #: ``--as NAME``: who answers (:func:`~coordinator.runtime.answerer.answering_person`).
    person: str | None = None
    agents_dirs: list[Path] = field(default_factory=list)
    hooks: bool = True
    here: bool = False

    @classmethod
    def given(cls, params: Mapping[str, Any]) -> ResumeFlags:
        """The flags of ``coord resume``'s parameters by name (``ctx.params``): ``--context
        -`` read as ``--context-file -`` (:func:`~coordinator.request_text.answer_flags`),
        ``--question`` checked (:func:`~coordinator.runtime.lookup.question_given`), the
        agents folders a list, ``--no-hooks`` as ``hooks``; ``--json`` is the CLI's own."""
        from coordinator.request_text import answer_flags
        from coordinator.runtime.lookup import question_given

        kept = {name: params[name] for name in cls.__dataclass_fields__ if name in params}
        context, context_file = answer_flags(params.get("context"), params.get("context_file"))
        return cls(
            **{
                **kept,
                "context": context,
                "context_file": context_file,
                "question": question_given(params.get("question")),
                "agents_dirs": list(params.get("agents_dir") or ()),
                "hooks": not params.get("no_hooks", False),
            }
        )

    def for_the_worker(self, choice: ModelChoice) -> dict[str, Any] | None:
        """The flags given that a worker honours, for the queued job (``choice``: the model
        flags as given, ``--script`` implying the scripted provider): the provider, script
        (absolute), model, agents folders (absolute), ``--only`` and ``--no-hooks``. None
        when none was given. UserError for those a worker cannot honour (``--base-url``:
        a worker's key goes only where its own settings say; ``--otel``: a worker traces
        only when started so), suggesting ``--here``."""
        wide = (
            ("--base-url", self.base_url),
            ("--otel", self.otel),
            ("--allow-bash", self.allow_bash),
        )
        refused = [f for f, on in wide if on] + self.grants.given()
        if refused:
            raise UserError(
                f"{' and '.join(refused)} cannot be handed to the workers that drive a session"
                " of a shared store",
                hint="--base-url: a worker sends its key only where its own settings say;"
                " --otel: a worker traces only when started with it; --allow-bash and its"
                " sandbox flags: a worker runs Bash as the session was started or its own"
                " settings say. Pass --here"
                " to drive the session in this process with them, or leave them out.",
            )
        flags: dict[str, Any] = {
            "provider": choice.kind,
            "script": str(choice.script.resolve()) if choice.script else None,
            "model": choice.model,
            "agents_dirs": [str(d.resolve()) for d in self.agents_dirs] or None,
            "only": self.only or None,
            "hooks": None if self.hooks else False,
        }
        given = {key: value for key, value in flags.items() if value is not None}
        return given or None


@dataclass(frozen=True)
class ResumePlan:
    """A ``coord resume`` validated: the session, the person's answer (if any), the setup it
    is driven with, whether the workers drive it (a shared store), and the resume's notes."""

    setup: DriveSetup
    session_id: str
    answer: str | None
    detach: bool
    notes: tuple[str, ...] = ()
    #: ``--question QID``: checked under the session's lock (:meth:`Engine.resume`).
    question: str | None = None
    #: The flags a worker honours, kept with the queued job (``detach`` only).
    handed: dict[str, Any] | None = None
    #: A session of a shared store driven here (``--here``): claimed as a worker claims it.
    here: bool = False
    #: ``--retry-consult``: the failed consult the session waits on runs again.
    retry_consult: bool = False
    #: Who gives the answer (None: no answer, or nobody known).
    person: str | None = None

    def action(self) -> Action:
        """The engine call that resumes the session."""
        sid, answer, detach, notes = self.session_id, self.answer, self.detach, self.notes
        question, retry, person = self.question, self.retry_consult, self.person
        if self.here:
            return lambda engine: _resume_here(engine, sid, answer, notes, question, retry, person)
        handed = self.handed
        return lambda engine: engine.resume(
            sid,
            context=answer,
            detach=detach,
            notes=notes,
            handed=handed,
            question=question,
            retry_consult=retry,
            person=person,
        )

    def extra(self) -> dict[str, Any]:
        """What the JSON output adds to the session's result: ``already_ended`` false (this
        resume went on with it: :class:`~coordinator.runtime.lookup.AlreadyEnded` says
        true), and its notes."""
        notes = {"notes": list(self.notes)} if self.notes else {}
        return {"already_ended": False, **notes}

    @staticmethod
    def exit_code(result: SessionResult) -> int:
        """0 when the session went back to the workers (running), else its exit code."""
        return 0 if result.status == SessionStatus.RUNNING else result.exit_code


def read_context(text: str | None, path: Path | None, limit: int | None = None) -> str | None:
    """A person's answer: ``--context`` (cleaned) or the text of ``--context-file``.

    An empty or blank answer is refused (an unset shell variable, an empty file): the
    agent would resume with nothing, and the question it waits on would be lost. So is
    one over ``limit`` bytes (``max_request_bytes``, as a request; default its default),
    with its size, before any model call; a device or a pipe is read no further than that.
    """
    from coordinator.request_text import (
        DEFAULT_MAX_REQUEST_BYTES,
        EMPTY_ANSWER_HINT,
        EMPTY_STDIN_ANSWER_HINT,
        argument_text,
        check_size,
        read_file,
        reads_stdin,
    )

    limit = DEFAULT_MAX_REQUEST_BYTES if limit is None else limit
    if text is not None and path is not None:
        raise UserError("give --context or --context-file, not both")
    hint = EMPTY_ANSWER_HINT
    if path is None:
        where = "the answer"
        answer = argument_text(text, where) if text is not None else None
    elif reads_stdin(path):  # not "the answer in -": a script's pipe gave nothing
        answer = read_file(path, limit, "--context-file", "answer")
        where, hint = "the answer on standard input", EMPTY_STDIN_ANSWER_HINT
    else:
        answer = read_file(path, limit, "--context-file", "answer")
        where = f"the answer in {path}"
    if answer is not None and not answer.strip():
        raise UserError(f"{where} is empty", hint=hint)
    if answer is not None:
        check_size(answer, limit, where)
    return answer


def plan_resume(flags: ResumeFlags, tell: Tell) -> ResumePlan:
    """Find the session to resume (by default the newest waiting or interrupted one; with
    an answer, the newest waiting one: an interrupted session takes none) and rebuild what
    it is driven with: its remembered options, with the flags given again."""
    from coordinator.config import explain_settings
    from coordinator.roster.loader import check_agent_paths
    from coordinator.runtime.drive import DriveSetup
    from coordinator.runtime.lookup import reach_flags, resume_place
    from coordinator.runtime.options import ModelChoice, SessionOptions

    check_agent_paths(flags.agents_dirs, "--agents-dir")  # a typo, before the session's search
    answer = _answer_given(flags)
    store, row = _session_resumed(flags, answer)
    going_on = [run for run in store.runs(row.id) if run.status in _GOING_ON]
    _check_bash_driven(store, row, flags, answer)
    database, ws, moved = resume_place(
        store, row, answer, flags.question, retry_consult=flags.retry_consult
    )
    person = _person(flags, ws, answer)
    rules = _refuse_denied_resume(row.id, going_on, ws)
    saved = SessionOptions.from_json(row.options)
    bash = saved.resume_overrides(allow_bash=flags.allow_bash, grants=flags.grants)
    explained = explain_settings(ws, flags.config, {"db": database, **bash})
    settings = explained.settings
    check_grants(flags.grants, settings.allow_bash, resume=True)
    for line in _resumed_models(going_on, rules, settings, flags.model):
        tell(ResumeNote(row.id, line))
    choice = ModelChoice(flags.provider, flags.script, flags.base_url, flags.model)
    shared = isinstance(database, str)
    queued = shared and not flags.here  # what the worker is to honour goes with the job
    handed = flags.for_the_worker(choice) if queued else None  # what it cannot: said first
    setup = saved.resume_setup(
        settings, agents_dirs=flags.agents_dirs, only=flags.only, choice=choice, hooks=flags.hooks
    )
    setup = replace(setup, choice=setup.choice.checked(explained))
    widened = saved.bash_notes(allow_bash=flags.allow_bash, grants=flags.grants)
    registry, notes = _resume_roster(setup, ws, widened, moved, row.id, tell)
    if not queued:  # a script without the resumed agents' turns: named, the session kept
        for agent in dict.fromkeys(run.agent for run in going_on) or [None]:
            check_script_roster(setup.choice, registry, agent, resumed=True)
    reach = reach_flags(flags.db, ws)
    drive = DriveSetup(
        ws, settings, registry, setup.choice, setup.hooks, queues_only=queued, reach=reach
    )
    if queued:
        if handed:  # one that would widen the session: refused here, nothing queued
            saved.with_resume_flags(handed, ws)
        if flags.config is not None:  # it was read here only, to find the store
            tell(ResumeNote(row.id, _WORKER_CONFIG_NOTE))
        return ResumePlan(
            drive, row.id, answer, True, notes, flags.question, handed,
            retry_consult=flags.retry_consult, person=person,
        )  # fmt: skip
    return ResumePlan(
        drive, row.id, answer, False, notes, flags.question, here=shared,
        retry_consult=flags.retry_consult, person=person,
    )  # fmt: skip


def _person(flags: ResumeFlags, ws: Path, answer: str | None) -> str | None:
    """Who gives ``answer`` (:func:`~coordinator.runtime.answerer.answering_person`: ``--as``,
    else the user's own git identity, else the OS user); None without an answer. UserError
    for ``--as`` without one (nothing would record it)."""
    if answer is None:
        if flags.person is not None:
            raise UserError(
                "--as names who answers, and this resume gives no answer",
                hint='Give it with the answer: coord resume ID --context "..." --as NAME',
            )
        return None
    from coordinator.runtime.answerer import answering_person

    return answering_person(ws, flags.person)


def _check_bash_driven(
    store: Store, row: SessionRow, flags: ResumeFlags, answer: str | None
) -> None:
    """UserError, nothing logged, when ``--allow-bash`` would turn Bash on for a resume that
    drives nothing: the session waits for a person's answer and none is given (its log
    would say Bash is on from this resume, and the resume that answers, without the flag,
    runs with it off)."""
    from coordinator.runtime.options import SessionOptions

    if answer is not None or flags.retry_consult:
        return
    saved = SessionOptions.from_json(row.options)
    widens = [f for f in ["--allow-bash", *flags.grants.given()] if _widens(saved, flags, f)]
    if not widens:
        return
    if row.status == SessionStatus.WAITING and store.waiting_question(row.id) is not None:
        on = widens[0] == "--allow-bash"
        verb = ("turn" if on else "widen") + ("" if len(widens) > 1 else "s")
        raise UserError(
            f"{' and '.join(widens)} {verb} Bash{' on' if on else ''} for the runs a resume"
            f" drives, and session {row.id} waits for a person's answer: nothing runs without"
            " one",
            hint=f"Answer and {'turn it on' if on else 'widen it'} at once:"
            f' coord resume {row.id} --context "..."'
            f" {' '.join(_typed(flags, widens))}",
        )


def _typed(flags: ResumeFlags, widens: list[str]) -> list[str]:
    """The flags ``widens`` as typed again: ``--bash-env NAME`` once per name."""
    env = [f"--bash-env {name}" for name in flags.grants.env]
    return [word for flag in widens for word in (env if flag == "--bash-env" else [flag])]


def _widens(saved: SessionOptions, flags: ResumeFlags, flag: str) -> bool:
    """Whether the resume's ``flag`` (given) widens what the session ``saved`` has."""
    match flag:
        case "--allow-bash":
            return flags.allow_bash and not saved.allow_bash
        case "--unsandboxed-bash":
            return not saved.unsandboxed_bash
        case "--bash-network":
            return not saved.bash_network
        case _:
            return any(name not in saved.bash_env for name in flags.grants.env)


def _session_resumed(flags: ResumeFlags, answer: str | None) -> tuple[Store, SessionRow]:
    """The store and row of the session ``flags`` resume (by default this workspace's newest
    waiting or interrupted one; with an ``answer``, a waiting one: an interrupted session
    takes none)."""
    from coordinator.runtime.lookup import open_session
    from coordinator.store.paths import storable

    resumable: tuple[str, ...] = (SessionStatus.WAITING,)
    if answer is None:
        resumable += (SessionStatus.INTERRUPTED,)
    where = None
    if flags.workspace is not None:
        where = storable(workspace_dir(flags.workspace, reads_sessions=True), "workspace")
    return open_session(
        flags.session,
        where,
        flags.db,
        flags.config,
        statuses=resumable,
        purpose="resume" if answer is None else "answer",
        asking=answer is not None,  # not one waiting for a raised budget: it takes none
        here=True,  # without an id: this workspace's newest, never another project's
    )


#: The runs a resume drives on (a blocked one, or one an interruption left running).
_GOING_ON = frozenset({RunStatus.RUNNING, RunStatus.BLOCKED})


def _refuse_denied_resume(sid: str, going_on: list[RunRow], ws: Path) -> PermissionRules | None:
    """UserError, the session left as it was, when a deny (or ask) rule ``Agent(NAME)`` of
    the settings for ``ws`` keeps the agent of one of the runs a resume drives on
    (``going_on``) from running: its drive would fail the session, which could then not
    be resumed once the rule is gone. Else the rules read (None: no run goes on)."""
    if not going_on:
        return None
    from coordinator.runtime.permission_files import load_permissions

    rules = load_permissions(ws)
    for run in going_on if rules.rules else ():
        rule = rules.agent_rule(run.agent, delegated=run.parent_run_id is not None)
        if rule is not None:
            raise UserError(
                f"session {sid}: agent {run.agent} may not run: the rule {rule.label()} "
                "refuses it; the session is left as it was",
                hint="Remove the rule, then resume the session again",
            )
    return rules


def _resumed_models(
    going_on: list[RunRow],
    rules: PermissionRules | None,
    settings: Settings,
    model: str | None = None,
) -> list[str]:
    """A line for each run a resume drives on whose stored model the managed
    availableModels (of ``rules``) swaps, in the words of a run's own line; with
    ``--model`` (``model``: it wins over each run's own), one line when it swaps that
    (review127: swapped in silence, the stored models' lines shown instead)."""
    policy = rules.models if rules is not None else None
    if policy is None or not going_on:
        return []
    if model is not None:
        line = policy.model_for(model, settings)[1]
        return [f"warning: --model: {line}"] if line else []
    moved = ((run.agent, policy.model_for(run.model, settings)[1]) for run in going_on)
    return [f"warning: {agent}'s resumed run: {line}" for agent, line in moved if line]


def _answer_given(flags: ResumeFlags) -> str | None:
    """The person's answer ``coord resume`` was given (``--context``, ``--context-file``,
    either of them ``-``: standard input, read once), held to the request limit; None."""
    from coordinator.config import load_settings
    from coordinator.request_text import reads_stdin, stdin_once

    stdin_once(flags.config, the_answer=reads_stdin(flags.context_file))
    limit = load_settings(None, flags.config, {}).max_request_bytes  # a user setting only
    return read_context(flags.context, flags.context_file, limit)


#: Told when ``coord resume --config F`` queues a session for the workers.
_WORKER_CONFIG_NOTE = (
    "--config: the workers drive the session with their own settings; the file only told"
    " this command where the store is (--here drives it in this process with the file's)"
)


def _resume_roster(
    setup: ResumeSetup,
    ws: Path,
    widened: tuple[str, ...],
    moved: str | None,
    sid: str,
    tell: Tell,
) -> tuple[Registry, tuple[str, ...]]:
    """A resumed session's roster (the workspace's project agents, wherever coord runs; its
    skipped files told) and its notes, each told: what differs from what the session
    remembers, a moved workspace (``moved``) and what the resume's Bash flags widen
    (``widened``: Bash turned on, its sandbox loosened; kept in the log, who widened what,
    when)."""
    registry = setup.registry(ws)
    if (warning := registry.skipped_warning()) is not None:
        tell(FilesSkipped(warning))
    notes = setup.notes(ws, registry) + ((moved,) if moved else ()) + widened
    for note in notes:
        tell(ResumeNote(sid, note))
    return registry, notes


async def _resume_here(
    engine: Engine,
    sid: str,
    answer: str | None,
    notes: tuple[str, ...],
    question: str | None,
    retry_consult: bool,
    person: str | None = None,
) -> SessionResult:
    """``coord resume --here`` on a shared store: the session claimed as a worker claims
    it (:meth:`PgStore.claim_here`: exactly one process drives it), resumed in this
    process, the claim ended whichever way the resume ends. Taken over meanwhile (its
    connection cut, the workers' sweep queued it again and a worker took it): one line
    saying so, nothing more written here (:func:`_taken_over`)."""
    from coordinator.store.faults import StoreFault
    from coordinator.store.pg import Fenced, PgStore
    from coordinator.store.pgqueue import HERE_HOLDER
    from coordinator.store.resumes import this_process
    from coordinator.store.rows import LeaseState

    store = engine.store
    if not isinstance(store, PgStore):  # a shared store: ResumePlan.here says so
        raise RuntimeError("resume --here drives a session of a shared store only")
    store.claim_here(sid, f"{HERE_HOLDER} ({this_process()})")
    ended = False
    try:
        result = await engine.resume(
            sid,
            context=answer,
            notes=notes,
            question=question,
            retry_consult=retry_consult,
            person=person,
        )
        ended = True
        return result
    except Fenced as lost:
        if lost.fault is not StoreFault.LOCKED:
            raise
        raise _taken_over(store, sid) from None
    finally:
        if ended:
            store.release_claim(LeaseState.DONE)
        else:
            store.release_claim(LeaseState.FAILED, "stopped")


def _taken_over(store: PgStore, sid: str) -> UserError:
    """The refusal of a ``--here`` resume whose session another process claimed while it
    drove it (exit 4, as a ``--here`` that finds a worker driving it at its start), naming
    that process when the store says (a worker, or another ``--here``)."""
    from coordinator.runtime.lookup import shared_reach
    from coordinator.store.faults import StoreError

    try:
        driver = store.driver(sid)
    except StoreError:
        driver = None
    follow = shlex.join(["coord", "log", "-f", sid, *shared_reach(store)])
    return UserError(
        f"session {sid} was taken over by {driver or 'another process'} while this"
        " process's connection to the session database was cut: nothing more was written"
        " here",
        hint=f"Follow it with `{follow}`.",
        tool_hint=f"Follow it with `log` (session='{sid}').",
    )


# ---- coord worker ------------------------------------------------------------------------


def _worker_bounds(
    concurrency: int, lease: float, poll: float, stop_grace: float
) -> tuple[tuple[str, float, float, bool, str], ...]:
    """``coord worker``'s numeric flags: each value, its lower bound (whether the bound
    itself is allowed) and unit."""
    return (
        ("--concurrency", concurrency, 1, True, ""),
        ("--lease", lease, 0.5, True, " seconds"),
        ("--poll", poll, 0, False, " seconds"),
        ("--stop-grace", stop_grace, 0, True, " seconds"),
    )


def _shared_store(db: str | None, config: Path | None, who: str = "coord worker") -> str:
    """The PostgreSQL URL ``who`` (``coord worker``, ``coord workers``) uses (``--db``, else
    COORD_DB or ``db:``); UserError naming what was given instead (its password masked)
    and what to give."""
    from coordinator.config import load_settings

    hint = "Pass --db postgresql://USER@HOST/DBNAME (or set COORD_DB, or db: in the user config)"
    check_shared_flag(who, db, hint)
    settings = load_settings(None, config, {"db": db})
    if not isinstance(settings.db, str):
        raise not_shared(who, settings.db, hint)
    return settings.db


def survey_workers(db: str | None, config: Path | None) -> WorkersView:
    """``coord workers``: the workers of the shared store ``--db`` (or COORD_DB, or ``db:``)
    names and the jobs waiting for them. A SQLite store is a UserError (workers need the
    shared store), as is one that cannot be reached; nothing of Procrastinate or the SDK
    is imported (:mod:`~coordinator.store.pgworkers`)."""
    from contextlib import closing

    from coordinator.config import load_settings

    url = _shared_store(db, config, "coord workers")
    from coordinator.store.backends import require_postgres

    require_postgres("coord workers", ("psycopg",))
    from coordinator.store.pg import PgStore

    timeout = load_settings(None, config, {"db": url}).db_timeout
    with closing(PgStore.connect(url, timeout=timeout)) as store:
        return store.workers()


#: Why a shared store must be PostgreSQL: said after how to give one.
_NOT_SQLITE = "; a SQLite file serves one machine, so workers cannot share it."


def check_shared_flag(who: str, db: str | None, hint: str) -> None:
    """UserError when ``--db`` (or, without it, COORD_DB) is no postgresql:// URL, naming
    the value, before the settings are read (their own message offers a SQLite file's path:
    no use to ``who``). A SQLite path in COORD_DB is left to :func:`not_shared`."""
    from coordinator.config import DB_ENV, DB_URL, db_is_no_path
    from coordinator.sanitize import shown_secretless

    given, where = (db, "--db") if db is not None else (os.environ.get(DB_ENV), DB_ENV)
    if not given or DB_URL.match(given) or (db is None and not db_is_no_path(given)):
        return
    raise UserError(
        f"{who} needs a shared PostgreSQL store; {where} '{shown_secretless(given)}' is not "
        "a postgresql:// URL",
        hint=hint + _NOT_SQLITE,
    )


def not_shared(who: str, setting: Path | None, hint: str) -> UserError:
    """The error of ``who`` (``--detach``, ``coord worker``) when the store in effect is a
    SQLite file (``setting``: the one set, None: the workspace's default)."""
    given = (
        "none is set (the store is the workspace's SQLite file)"
        if setting is None
        else f"the db set is the SQLite file {setting}"
    )
    return UserError(f"{who} needs a shared PostgreSQL store; {given}", hint=hint + _NOT_SQLITE)


def worker_config(
    db: str | None,
    config: Path | None,
    roots: list[Path] | None,
    *,
    concurrency: int,
    lease: float,
    poll: float,
    drain: bool,
    stop_grace: float,
    stall: float | None = None,
    import_limit: float | None = None,
) -> WorkerConfig:
    """``coord worker``'s flags checked and turned into its configuration: the shared
    store's URL, the roots (default: here), the heartbeat and sweep derived from ``lease``."""
    bounds = _worker_bounds(concurrency, lease, poll, stop_grace) + (
        (("--stall-after", stall, 0, True, " seconds"),) if stall is not None else ()
    )
    if import_limit is not None:
        bounds += (("--import-limit", import_limit, 0, True, " seconds"),)
    for flag, value, bound, inclusive, unit in bounds:
        if (why := below_bound(value, bound, inclusive=inclusive, unit=unit)) is not None:
            raise UserError(f"{flag}: {why}")
        if value == float("inf"):  # a heartbeat or a look every eternity: never
            raise UserError(f"{flag}: must be a finite number of seconds (got {value})")
    where = tuple(p.resolve() for p in (roots or [Path.cwd()]))
    for root in where:
        if not root.is_dir():
            what = "not a folder" if root.exists() else "no such folder on this machine"
            raise UserError(
                f"--workspace-root {root}: {what}",
                hint="A worker drives only sessions whose workspace is under one of its roots:"
                " mount the projects at the same path on every worker and name that folder.",
            )
    store = _shared_store(db, config)
    from coordinator.store.backends import require_postgres

    require_postgres("coord worker", ("psycopg", "procrastinate"))
    from coordinator.runtime.stopping import STALL
    from coordinator.runtime.worker import IMPORT_LIMIT, WorkerConfig

    heartbeat, sweep = min(1.0, lease / 5), min(0.25, lease / 10)
    return WorkerConfig(
        store,
        where,
        concurrency,
        lease=lease,
        heartbeat=heartbeat,
        sweep=sweep,
        poll=poll,
        drain=drain,
        stop_grace=stop_grace,
        stall=STALL if stall is None else stall,
        import_limit=IMPORT_LIMIT if import_limit is None else import_limit,
    )


def run_worker(cfg: WorkerConfig, tracing: Tracing | None = None) -> WorkerEnd:
    """Serve ``cfg`` until SIGTERM or Ctrl-C (or drained, or presumed dead); a second
    SIGTERM or Ctrl-C exits at once (:func:`~coordinator.runtime.worker.stop_on_signals`).
    ``tracing``: starts the recorder tracing the sessions it drives (None: none)."""
    import asyncio

    from coordinator.runtime.worker import serve, stop_on_signals

    async def main() -> WorkerEnd:
        stop = asyncio.Event()
        stop_on_signals(stop)  # a second signal exits at once
        return await serve(cfg, stop, tracing=tracing)

    try:
        return asyncio.run(main())
    finally:
        ending_soon()


def ending_soon() -> None:
    """The process ends soon: its objects are left to the exit, not collected. Python's
    finalization collects every module's objects, the SDK's thousands of types among them:
    1-3 s of CPU between a stopped worker's last line and its exit (ops113, measured on a
    loaded machine), which a supervisor's restart or a rolling upgrade waits out. Frozen
    (:func:`gc.freeze`) by an exit handler, they are skipped; frozen only then (review138),
    a process that goes on after :func:`run_worker` (a test's) still collects them."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however many workers the process ran
    atexit.register(gc.freeze)  # (run first of the exit handlers: the others still run)
