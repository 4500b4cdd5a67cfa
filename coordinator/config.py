"""Settings: config files, then environment variables, then command-line flags.

Files read, later ones winning key by key:

* ``--config FILE`` (or ``COORDINATOR_CONFIG``) alone when given; otherwise
* the user's ``$XDG_CONFIG_HOME/coordinator/config.yaml`` (``XDG_CONFIG_HOME`` unset, empty
  or relative: ``~/.config/coordinator/config.yaml``, as the XDG spec says), then
  ``<workspace>/.coordinator/config.yaml``.

Trust boundary: an agent can write anything inside its workspace, so a config file found
there (or a ``--config``/user file that lies or resolves inside it) may hold only
:data:`WORKSPACE_KEYS`, which shape the project's team. Settings that widen an agent's
powers, spend more, or change where requests and the key go (``allow_bash``, ``base_url``,
budgets, models, prices, ``db``, ...) come only from flags, the environment, or a config
file outside the workspace; a workspace file naming one is refused with its line and where
to put it instead. ``ANTHROPIC_BASE_URL`` beats every file; flags beat everything.

Every key is optional; unknown keys are a user error naming the key.

:class:`Settings` is a plain dataclass, so a command with nothing to validate (no config
file, no environment setting, no flag) starts without loading pydantic; whatever was given
is validated by pydantic against the same dataclass (:func:`validated`).
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from coordinator.errors import UserError, below_bound, cannot_read, every_mistake
from coordinator.records import plain
from coordinator.regular import open_regular
from coordinator.request_text import DEFAULT_MAX_REQUEST_BYTES
from coordinator.yamlfile import (
    MAX_YAML_BYTES,
    STDIN,
    decoded_text,
    key_lines,
    parse_yaml,
    read_text,
    read_upto,
    refused_value,
    shown,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

#: The environment variable naming the session store (``db:``; a PostgreSQL URL may hold its
#: password): coord's own credential, which no hook is given.
DB_ENV = "COORD_DB"

#: Model aliases used in agent frontmatter, mapped to API model ids. Checked 2026-11-30.
#: ``haiku`` stays on 4.5: Haiku 5.5's tiered price cannot be expressed by :class:`Price`.
DEFAULT_MODELS: dict[str, str] = {
    "sonnet": "claude-sonnet-5-5",
    "opus": "claude-opus-5-5",
    "haiku": "claude-haiku-4-5",
    "fable": "claude-fable-5-2",  # Claude Code's docs: fable resolves to Fable 5.2
}

#: Claude Code aliases that name another alias here: ``best`` is the most capable model
#: this table serves (opus), and ``opusplan`` plans with opus; a non-interactive run has no
#: plan/execute switch, so it runs on opus. ``[1m]`` (a 1M-token context) keeps the model.
ALIAS_OF: dict[str, str] = {"best": "opus", "opusplan": "opus"}


#: How pydantic validates the settings dataclasses: unknown keys are errors.
_FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}


@dataclass
class Price:
    """USD per million tokens for one model."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    input: float
    output: float
    cache_write: float
    cache_read: float


#: Published list prices (5-minute cache writes), USD per million tokens. Checked 2026-11-30.
DEFAULT_PRICES: dict[str, Price] = {
    "claude-sonnet-5-5": Price(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20),
    "claude-opus-5-5": Price(input=4.0, output=20.0, cache_write=5.0, cache_read=0.20),
    "claude-sonnet-5": Price(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20),
    "claude-opus-5": Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
    "claude-sonnet-4-5": Price(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30),
    "claude-opus-4-5": Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
    "claude-haiku-4-5": Price(input=1.0, output=5.0, cache_write=1.25, cache_read=0.10),
    "claude-sonnet-4-6": Price(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30),
    "claude-opus-4-6": Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
    # Claude 4 and 4.1: `claude-sonnet-4-20250514` is the model of many shared agent files
    "claude-sonnet-4": Price(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30),
    "claude-opus-4": Price(input=15.0, output=75.0, cache_write=18.75, cache_read=1.50),
    "claude-fable-5-2": Price(input=10.0, output=50.0, cache_write=12.5, cache_read=1.0),
}


#: How many processes (threads counted) a sandboxed command may run at once, by default:
#: room for parallel builds and test runs, not for a fork bomb.
DEFAULT_BASH_MAX_PROCESSES = 1024
#: How much data memory (heap, anonymous mappings) each process of a sandboxed command may
#: hold, by default, in MB.
DEFAULT_BASH_MAX_MEMORY_MB = 8192
#: The most MB of a worktree run's changed files coord commits, by default.
DEFAULT_WORKTREE_MAX_COMMIT_MB = 1024


@dataclass(kw_only=True)
class Settings:
    """Everything configurable. Defaults are what a user gets with no config file.

    Build one from untrusted values with :func:`validated` (types, bounds, unknown keys);
    the constructor itself checks nothing.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    # Rosters
    agents_dirs: list[Path] = field(default_factory=list)
    domains: dict[str, str] = field(default_factory=dict)  # domain -> agent name override

    # Engine limits
    max_turns: int = 40
    max_report_repairs: int = 2
    max_continuations: int = 3  # "continue" prompts after a reply hits max_tokens, per run
    max_depth: int = 3
    max_session_tokens: int | None = 5_000_000
    max_session_cost: float | None = 10.0
    max_output_tokens: int = 8192
    concurrency: int = 4  # at least 1 (_LOWER_BOUNDS)
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES  # at least 1

    # Models and prices
    default_model: str = "sonnet"
    models: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    prices: dict[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    base_url: str | None = None
    router: Literal["lexical", "llm"] = "lexical"
    router_model: str = "haiku"

    # Workspace tools (Bash runs in the bubblewrap sandbox: coordinator/tools/sandbox.py)
    allow_bash: bool = False
    bash_timeout: float = 120.0
    bash_network: bool = False  # keep the host network inside the sandbox
    bash_env: list[str] = field(default_factory=list)  # extra variables passed to commands
    #: Folders Bash commands may read though the sandbox hides them (HOME, /tmp): a
    #: toolchain such as ~/.pyenv or ~/.nvm (read-only; coord's own folders stay hidden).
    bash_read: list[Path] = field(default_factory=list)
    #: What each sandboxed command (and each process it starts) may use, as hard limits
    #: set inside the sandbox (``tools.sandbox.Limits``; null: no limit): processes of
    #: the command (not enforced for root, whom the kernel exempts), MB of data memory per
    #: process, CPU seconds per process.
    bash_max_processes: int | None = DEFAULT_BASH_MAX_PROCESSES
    bash_max_memory_mb: int | None = DEFAULT_BASH_MAX_MEMORY_MB
    bash_max_cpu_seconds: int | None = None
    unsandboxed_bash: bool = False  # run Bash without bubblewrap (explicit opt-out)
    #: The most MB of changed files coord commits of a worktree run (``isolation:
    #: worktree``; null: no limit): ``git add`` reads each whole, as the user, and a
    #: command's ``truncate -s 1T x`` costs nothing (redteam114). Past it the worktree is
    #: kept, uncommitted, for a person (review145: a project of large model files raises it).
    worktree_max_commit_mb: int | None = DEFAULT_WORKTREE_MAX_COMMIT_MB
    bwrap: str = "bwrap"  # the bubblewrap program: a name on PATH or a path

    # Storage (where: coordinator.store.paths)
    #: A ``postgresql://`` URL (a shared store, a str) or a SQLite file (a Path).
    db: str | Path | None = None
    db_timeout: float = 10.0  # seconds to wait for another process's lock; above 0

    def __post_init__(self) -> None:
        if isinstance(self.db, str) and not DB_URL.match(self.db):
            self.db = Path(self.db)  # only a postgresql:// URL stays text; the rest is a file

    def resolve_model(self, name: str | None) -> str:
        """Map an agent's ``model`` (alias, ``inherit``, full id or None) to an API model id."""
        if not name or name in ("inherit", "default"):
            name = self.default_model
        name = name.removesuffix("[1m]")
        name = ALIAS_OF.get(name, name)
        return self.models.get(name, name)


#: The only keys a config file inside the workspace may hold. They choose the project's
#: agents and how requests and questions are routed among them; each repair or continuation
#: is a model call still counted against ``max_turns`` and the session budgets.
WORKSPACE_KEYS = frozenset(
    {"agents_dirs", "domains", "router", "max_report_repairs", "max_continuations"}
)

WORKSPACE_CONFIG = Path(".coordinator") / "config.yaml"

#: What a config file an agent could have written is told it may hold.
_WORKSPACE_HINT = "A workspace config may hold only: " + ", ".join(sorted(WORKSPACE_KEYS)) + "."

#: Flags (and environment variables) that set a trusted-only key, for the refusal message.
_FLAGS = {
    "allow_bash": "--allow-bash",
    "base_url": "--base-url or ANTHROPIC_BASE_URL",
    "db": "--db",
    "concurrency": "--concurrency",
    "bash_network": "--bash-network",
    "bash_env": "--bash-env NAME",
    "unsandboxed_bash": "--unsandboxed-bash",
}


#: A PostgreSQL session database (``--db``, ``db:``, ``COORD_DB``); any other value is a file.
DB_URL = re.compile(r"^postgres(ql)?://")

#: Settings with a lower bound: (bound, whether the bound itself is allowed). A budget
#: may be None (no limit); one at 0 or below would stop every session before its first
#: model call, a turn limit of 0 fail every run, a Bash timeout of 0 end every command.
_LOWER_BOUNDS: dict[str, tuple[float, bool]] = {
    "concurrency": (1, True),
    "max_request_bytes": (1, True),
    "db_timeout": (0, False),
    "max_turns": (1, True),
    "max_output_tokens": (1, True),
    "max_session_tokens": (0, False),
    "max_session_cost": (0, False),
    "max_depth": (0, True),
    "max_report_repairs": (0, True),
    "max_continuations": (0, True),
    "bash_timeout": (0, False),
    "bash_max_processes": (1, True),
    "bash_max_memory_mb": (1, True),
    "bash_max_cpu_seconds": (1, True),
    "worktree_max_commit_mb": (1, True),
}

#: Every setting's name, in declaration order.
SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Settings))


class InvalidSetting(ValueError):
    """A value :func:`validated` refuses: ``key`` is the setting's path, ``reason`` why;
    ``every``: this one and the other values refused with it, in the order found."""

    def __init__(self, key: str, reason: str, others: Sequence[InvalidSetting] = ()):
        super().__init__(f"invalid setting '{key}': {reason}")
        self.key = key
        self.reason = reason
        self.every: tuple[InvalidSetting, ...] = (self, *others)


def validated(data: Mapping[str, Any]) -> Settings:
    """Settings from untrusted values, checked and converted as the field types say;
    :class:`InvalidSetting` names the first bad one, with every other (``every``): a
    value refused is left out and the rest still checked. Nothing given: the defaults,
    and pydantic is not loaded."""
    if not data:
        return Settings()
    wrong: list[InvalidSetting] = []
    settings = _typed(data, wrong)
    # a models: or prices: table adds to the built-in one: naming one alias or model keeps
    # the others (a table of one alias made the default "sonnet" an unknown model id)
    settings.models = {**DEFAULT_MODELS, **settings.models}
    settings.prices = {**DEFAULT_PRICES, **settings.prices}
    settings.bash_read = [_readable(path, wrong) for path in settings.bash_read]
    if (db := _check_db(data.get("db"))) is not None:
        wrong.append(db)
    for key, (bound, inclusive) in _LOWER_BOUNDS.items():
        value = getattr(settings, key)
        if value is None:
            continue
        if (why := below_bound(value, bound, inclusive=inclusive)) is not None:
            wrong.append(InvalidSetting(key, why))
    if wrong:
        raise InvalidSetting(wrong[0].key, wrong[0].reason, wrong[1:])
    return settings


def _typed(data: Mapping[str, Any], wrong: list[InvalidSetting]) -> Settings:
    """``data`` as Settings (pydantic); each value it refuses is added to ``wrong`` and
    left out, so the others are still converted and checked."""
    from pydantic import ValidationError

    adapter = _settings_adapter()
    try:
        return adapter.validate_python(dict(data))
    except ValidationError as exc:
        errors = exc.errors()
    refused = [InvalidSetting(".".join(str(p) for p in e["loc"]), refused_value(e)) for e in errors]
    wrong.extend(refused)
    left = {
        k: v for k, v in data.items() if k not in {str(e["loc"][0]) for e in errors if e["loc"]}
    }
    try:
        return adapter.validate_python(left)
    except ValidationError:  # refused as a whole, not by key: nothing more to check
        raise InvalidSetting(refused[0].key, refused[0].reason, refused[1:]) from None


@functools.cache
def _settings_adapter() -> TypeAdapter[Settings]:
    """pydantic's validator of :class:`Settings`, built once a process (a build costs ~3 ms,
    and a run reads its settings more than once)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Settings)


#: A URL of any scheme (``sqlite:///x``, ``mysql://…``): only a postgresql:// one is a store.
_ANY_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


#: ``user:password@`` in a ``db`` value with no ``://`` (``postgres//bob:pw@host/db``).
_PASSWORD_NO_URL = re.compile(r"[^:@/\s]+:[^:@/\s]+@")
#: A libpq keyword connection string (``host=db dbname=app password=pw``): its first word a
#: keyword, or a password anywhere.
_KEYWORD_DSN = re.compile(
    r"^\s*(host|hostaddr|port|dbname|user|password|passfile|service|sslmode)\s*="
    r"|(^|\s)password\s*=",
    re.IGNORECASE,
)


def db_is_no_path(value: str) -> bool:
    """Whether ``db``'s ``value``, no postgresql:// URL, is no SQLite file's path either (a
    URL of another kind, a mistyped one, a keyword connection string)."""
    return _check_db(value) is not None


def _check_db(value: object) -> InvalidSetting | None:
    """InvalidSetting for a ``db`` URL that is not PostgreSQL's (it was taken for a file
    path, ``sqlite:/x``, and a command found no sessions there), or an empty one; the URL
    is not repeated: it may hold a password."""
    if not isinstance(value, str) or DB_URL.match(value):
        return None
    if not value.strip():  # (Path("") is the working folder: no database's file)
        return InvalidSetting(
            "db", "it is empty: give a postgresql:// URL (a shared store) or a SQLite file's path"
        )
    if (url := _ANY_URL.match(value)) is not None:
        return InvalidSetting(
            "db",
            f"a {url.group(1)}:// URL is not a store coord can use: give a postgresql:// URL "
            "(a shared store) or a SQLite file's path (/path/to/coordinator.db)",
        )
    if _PASSWORD_NO_URL.search(value) is not None:  # its password would name a folder
        return InvalidSetting(
            "db",
            "a user:password@ without '://' is a mistyped URL, not a file: give a "
            "postgresql:// URL (a shared store) or a SQLite file's path",
        )
    if _KEYWORD_DSN.search(value) is not None:  # the same: a file named by its password
        return InvalidSetting(
            "db",
            "a keyword connection string (host=... dbname=...) is not a file: give a "
            "postgresql:// URL (postgresql://user@host/dbname; the password from "
            "PGPASSWORD or ~/.pgpass) or a SQLite file's path",
        )
    return None


def _readable(path: Path, wrong: list[InvalidSetting]) -> Path:
    """A ``bash_read`` folder: ``~`` expanded; unless absolute, an InvalidSetting added to
    ``wrong``."""
    full = path.expanduser()
    if not full.is_absolute():
        wrong.append(
            InvalidSetting("bash_read", f"{path}: expected an absolute path or one from ~")
        )
    return full


def settings_json(settings: Settings) -> dict[str, Any]:
    """Every setting as JSON values (paths as strings), in declaration order."""
    return dict(plain(settings))


@dataclass(frozen=True)
class ConfigFile:
    """A config file to read; ``confined`` when an agent could have written it: it lies in
    the workspace, or ``outer`` is the workspace coord ran agents in whose commands could
    have written it (:func:`~coordinator.tools.workspace.written_by_agents`)."""

    path: Path
    confined: bool
    outer: Path | None = None
    #: What the file held, read once from the descriptor that was checked (:func:`_opened`).
    text: str = ""


def config_files(workspace: Path | None, explicit: Path | None = None) -> list[ConfigFile]:
    """The config files to read, lowest precedence first."""
    candidates = considered_files(workspace, explicit)
    named = "--config" if explicit else "COORDINATOR_CONFIG" if _from_env() else None
    if named is not None and not _present(candidates[0]):
        missing = errno.EISDIR if candidates[0].is_dir() else errno.ENOENT
        raise cannot_read(named, candidates[0], missing)
    return [_config_file(p, workspace) for p in candidates if _present(p)]


#: What each config read once held (:func:`once_only`), by the name it was given as.
_READ_ONCE: dict[str, str] = {}


def once_only(path: Path) -> bool:
    """Whether the config file ``path`` can be read only once: standard input (``-``), a
    pipe or FIFO (``--config <(cmd)``), a device. coord reads it once per process and
    remembers what it held (a second read would find it empty, or wait for a writer)."""
    if path == STDIN:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _from_env() -> bool:
    """Whether ``COORDINATOR_CONFIG`` names the config file (no ``--config`` given)."""
    return bool(os.environ.get("COORDINATOR_CONFIG"))


def _present(path: Path) -> bool:
    """Whether ``path`` is a config file to read: a regular file, or one read once; or
    one that cannot even be looked at (a folder on its way that may not be searched, a
    link loop), so that reading it names it and why rather than going without it (it may
    hold settings) or ending in a traceback."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return path == STDIN
    except OSError:
        return True
    return stat.S_ISREG(mode) or once_only(path)


def _config_text(path: Path) -> str:
    """The text of the config file ``path``; one that can be read once (:func:`once_only`)
    read at the first call and remembered. UserError when it held nothing (the command
    behind a ``<(cmd)`` wrote nothing, no program writes the FIFO) or it is a terminal; a
    device that is none (``/dev/null``) may hold nothing: no settings."""
    if not once_only(path):
        return read_text(path, "config")
    if str(path) not in _READ_ONCE:
        device = path != STDIN and stat.S_ISCHR(os.stat(path).st_mode)
        data = _read_stdin() if path == STDIN else _read_pipe(path)
        if not data.strip() and not device:
            raise UserError(f"{path}: no settings were read from it (nothing wrote to it)")
        _READ_ONCE[str(path)] = data
    return _READ_ONCE[str(path)]


def _read_stdin() -> str:
    """Standard input, bounded; UserError when it is a terminal (nothing pipes settings)."""
    if sys.stdin is None or sys.stdin.isatty():
        raise UserError(
            "--config -: standard input is a terminal; pipe the settings in "
            "(coord config --config - < settings.yaml)"
        )
    return _decoded(STDIN, read_upto(sys.stdin.buffer, MAX_YAML_BYTES + 1))


def _read_pipe(path: Path) -> str:
    """A FIFO or pipe, bounded, opened without waiting for a writer: with none (nobody ever
    opened it to write, or all are gone), nothing is read; one that is there (``<(cmd)``)
    is waited for (:func:`~coordinator.yamlfile.read_upto`: a Ctrl-C ends the wait)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as stream:
            if os.isatty(fd):  # --config /dev/stdin from a shell: nothing pipes settings in
                raise UserError(f"--config {path}: a terminal; pipe the settings in")
            try:
                first = os.read(fd, MAX_YAML_BYTES + 1)
            except BlockingIOError:  # a writer, nothing written yet
                first = None
            if first == b"":  # no writer
                return ""
            os.set_blocking(fd, True)
            data = first or b""
            return _decoded(path, data + read_upto(stream, MAX_YAML_BYTES + 1 - len(data)))
    except OSError as exc:
        raise UserError(f"cannot read config {path}: {exc.strerror or exc}") from None


def _decoded(path: Path, data: bytes) -> str:
    if len(data) > MAX_YAML_BYTES:
        raise UserError(f"{shown(path)}: config is over {MAX_YAML_BYTES // (1024 * 1024)} MB")
    return decoded_text(data, shown(path), "config")


def _config_file(path: Path, workspace: Path | None) -> ConfigFile:
    """``path`` as a config file, confined when an agent could have written it: inside the
    workspace, or where a command of an agent of an earlier run could have (``--config
    ../api/team.yaml`` after a run in ``../api``): it may then hold only workspace keys.
    Standard input (``--config -``) is the user's own."""
    if path == STDIN:
        return ConfigFile(path, False, text=_config_text(path))
    if once_only(path):  # a pipe or device: read once, where it is checked
        text, real = _config_text(path), path.resolve()
    else:
        text, real = _opened(path)
    if is_inside(path, workspace) or is_inside(real, workspace):
        return ConfigFile(path, True, text=text)
    _READ[real] = None
    outer = _agents_ran_above(real)
    return ConfigFile(path, outer is not None, outer, text)


#: The config files read outside the workspace in this process, each where it lies.
_READ: dict[Path, None] = {}


def read_config_files() -> tuple[Path, ...]:
    """The config files this process read outside its workspace (``--config``,
    ``COORDINATOR_CONFIG``, the user's), each where it lies: coord's own settings, which
    may hold a shared store's URL with its password or a base URL's key, so the sandbox
    hides them from commands (``tools.sandbox``, redteam107)."""
    return tuple(_READ)


def _opened(path: Path) -> tuple[str, Path]:
    """The text of the config file ``path`` and where the file read lies, from one
    descriptor: checked by path and read again by path, a link a command of a run in a
    folder above swapped in between (or a file it put in a link's place) would be read as
    the file checked. A file no longer regular (a FIFO swapped in since the look) is not
    opened (:func:`~coordinator.regular.open_regular`). Where lies the file read
    (``/proc/self/fd``), followed no further."""
    try:
        fd = open_regular(path, follow=True)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise UserError(
                f"{path}: config changed while coord read it (no longer a file)"
            ) from None
        raise UserError(f"cannot read config {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as stream:
        data = read_upto(stream, MAX_YAML_BYTES + 1)
        try:
            real = Path(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            real = path.resolve()
    return _decoded(path, data), real


def _agents_ran_above(real: Path) -> Path | None:
    """The folder at or above ``path`` coord ran agents in (it holds a ``.coordinator``)
    whose commands could have written ``path``: not in that ``.coordinator`` nor in coord's
    own config folder (both hidden from commands). It is
    :func:`coordinator.tools.workspace.written_by_agents` for a config file, which is none
    of the protected paths nor coord's code (this layer imports no tool). ``real`` is
    where the file read lies (:func:`_opened`): not resolved again (a link put on its way
    since would lead elsewhere)."""
    try:
        own = user_config_dir().resolve()
    except (OSError, RuntimeError):
        return None
    if real.is_relative_to(own):
        return None
    for folder in real.parents:
        if (folder / ".coordinator").is_dir() and real.relative_to(folder).parts[0] != (
            ".coordinator"
        ):
            return folder
    return None


def considered_files(workspace: Path | None, explicit: Path | None = None) -> list[Path]:
    """Every config file that would be read, found or not, lowest precedence first:
    ``--config`` (or ``COORDINATOR_CONFIG``) alone, else the user's and the workspace's."""
    if explicit is None and _from_env():
        explicit = Path(os.environ["COORDINATOR_CONFIG"])
    if explicit is not None:
        return [explicit]
    found = [user_config()]
    if workspace is not None:
        found.append(workspace / WORKSPACE_CONFIG)
    return found


def xdg_home(variable: str, default: str) -> Path:
    """The XDG base folder ``variable`` names when it is an absolute path, else ``~/default``
    (the XDG spec ignores a relative one). A relative one followed the working folder: a
    ``coord`` started in a workspace read its caches (pickles, run as they load), its
    session index and the list of the session folders it made from there, which the
    agents of a run started from elsewhere had written. So is an absolute one inside a
    folder coord ran agents in (:func:`_planted_at`), but ``~/default`` itself."""
    base = os.environ.get(variable, "")
    home = Path.home() / default
    if not os.path.isabs(base):
        return home
    return home if _planted_at(variable, base, str(home)) else Path(base)


@functools.lru_cache(maxsize=32)
def _planted_at(variable: str, base: str, home: str) -> bool:
    """Whether coord's folder in the XDG folder ``base`` lies in a folder coord ran agents
    in (one holding a ``.coordinator``), ``home`` (the default, hidden from every run's
    agents wherever it lies) aside: a run whose environment named another folder
    (``direnv`` setting ``XDG_CACHE_HOME=$PWD/.cache`` in a project, a run started from
    elsewhere with ``-w``) did not hide it, and its agents could have planted a cache
    there (a pickle, run as it loads), an index or a settings file (trust42). Said once."""
    try:
        real = (Path(base) / "coordinator").resolve()
        if real == (Path(home) / "coordinator").resolve():
            return False
    except (OSError, RuntimeError):
        return True
    above = next((f for f in real.parents if (f / ".coordinator").is_dir()), None)
    if above is not None:
        logging.getLogger(__name__).warning(
            "warning: %s=%s is ignored: it lies in %s, where coord ran agents, which could "
            "have written coord's files there; %s is used instead",
            *(variable, base, above, home),
        )
    return above is not None


def user_config_dir() -> Path:
    """coord's user config folder: ``$XDG_CONFIG_HOME/coordinator`` (:func:`xdg_home`),
    by default ``~/.config/coordinator``."""
    return xdg_home("XDG_CONFIG_HOME", ".config") / "coordinator"


def user_config() -> Path:
    """The user's config file, :func:`user_config_dir`'s ``config.yaml``."""
    return user_config_dir() / "config.yaml"


def _user_config_named() -> str:
    """The user's config file as a message names it: ``~/...`` under the home folder."""
    path = user_config()
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def user_data_dir() -> Path:
    """coord's own per-user data folder, outside every workspace: ``$XDG_DATA_HOME/
    coordinator``, by default ``~/.local/share/coordinator`` (the session index, the list of
    the session folders coord made; :func:`xdg_home`)."""
    return xdg_home("XDG_DATA_HOME", ".local/share") / "coordinator"


def user_cache_dir() -> Path:
    """coord's own per-user cache folder, outside every workspace: ``$XDG_CACHE_HOME/
    coordinator``, by default ``~/.cache/coordinator`` (:func:`xdg_home`)."""
    return xdg_home("XDG_CACHE_HOME", ".cache") / "coordinator"


def is_inside(path: Path, workspace: Path | None) -> bool:
    """True when ``path``, as written or once links are followed, lies in ``workspace``."""
    if workspace is None:
        return False
    root = Path(os.path.abspath(workspace))
    real_root = root.resolve()
    spelled = Path(os.path.abspath(path))
    real = spelled.resolve()
    return any(p.is_relative_to(r) for p in (spelled, real) for r in (root, real_root))


def link_way(path: Path) -> Iterator[Path]:
    """Every place resolving the absolute ``path`` passes, each with its folder resolved:
    the links on the way and where each leads, step by step (at most 40 links)."""
    todo, at, links = list(path.parts[1:]), Path("/"), 0
    while todo:
        name = todo.pop(0)
        if name in ("", "."):
            continue
        step = at.parent if name == ".." else at / name
        yield step
        if step.is_symlink() and links < 40:
            links += 1
            target = Path(os.readlink(step))
            todo[:0] = target.parts[1:] if target.is_absolute() else target.parts
            at = Path("/") if target.is_absolute() else at
        else:
            at = step


def is_reached_through(path: Path, workspace: Path | None) -> bool:
    """:func:`is_inside`, or a link on the way to what ``path`` names lies in ``workspace``
    (review120: ``~/.claude/settings.json`` linking to a dotfiles workspace's file, which an
    agent made a link to another file outside it: read as the user's own, unconfined; and
    a file the link leads to is read before it is checked, so an agent switching it between
    the two is never seen by :func:`is_inside`)."""
    if is_inside(path, workspace):
        return True
    if workspace is None:
        return False
    roots = {Path(os.path.abspath(workspace)), Path(os.path.abspath(workspace)).resolve()}
    try:
        way = list(link_way(Path(os.path.abspath(path))))
    except OSError:
        return False
    return any(step.is_relative_to(r) for step in way for r in roots)


def load_settings(
    workspace: Path | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build settings from the config files, the environment and explicit ``overrides``."""
    return explain_settings(workspace, config_file, overrides).settings


#: The settings that may hold a URL with credentials in it.
_URL_KEYS = ("db", "base_url")


@dataclass(frozen=True)
class SettingsExplained:
    """Effective settings, where each non-default value came from, and the files read."""

    settings: Settings
    origin: dict[str, str]  # key -> a file path, an environment variable or "flag"
    files: list[tuple[Path, bool]]  # every config file considered, and whether it exists

    def rows(self) -> list[tuple[str, Any, str]]:
        """``(key, effective value, origin)`` for every setting ("default" when unset), as
        shown: a URL's password (``db``, ``base_url``) masked, ``user:***@host``."""
        from coordinator.sanitize import masked_url

        values = settings_json(self.settings)
        for key in _URL_KEYS:
            if isinstance(values.get(key), str):
                values[key] = masked_url(values[key])
        return [(key, values[key], self.origin.get(key, "default")) for key in values]


def explain_settings(
    workspace: Path | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> SettingsExplained:
    """:func:`load_settings`, also saying where each value came from."""
    data: dict[str, Any] = {}
    origin: dict[str, str] = {}
    read: dict[str, ConfigFile] = {}  # by path: where a bad value's line is found
    wrong: list[_Wrong] = []  # every mistake, said together once every file is read
    for config in config_files(workspace, config_file):
        read[shown(config.path)] = config
        layer = _read_yaml(config)
        wrong += _unknown_keys(config, layer)
        layer = {k: v for k, v in layer.items() if k in SETTING_NAMES}
        if config.confined and workspace is not None:
            layer = _confine(config, layer, workspace, wrong)
        data.update(layer)
        origin.update(dict.fromkeys(layer, shown(config.path)))
    if os.environ.get("ANTHROPIC_BASE_URL"):
        data["base_url"] = os.environ["ANTHROPIC_BASE_URL"]
        origin["base_url"] = "ANTHROPIC_BASE_URL"
    if os.environ.get(DB_ENV):
        data["db"] = os.environ[DB_ENV]
        origin["db"] = DB_ENV
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    data.update(given)
    origin.update(dict.fromkeys(given, "flag"))
    files = [(p, _present(p)) for p in considered_files(workspace, config_file)]
    try:
        settings = validated(data)
    except InvalidSetting as exc:
        wrong += [_invalid(each, origin, read) for each in exc.every]
    if wrong:
        raise _all_wrong(wrong, list(read))
    if isinstance(settings.db, str):  # a store's URL: its credentials scrubbed from now on,
        from coordinator.sanitize import register_url_credentials  # before it is opened

        register_url_credentials(settings.db)
    return SettingsExplained(settings, origin, files)


@dataclass(frozen=True)
class _Wrong:
    """One mistake in the settings: where it was made (a config file and the line of its
    key, an environment variable, a flag), what it is, and what to do."""

    source: str
    line: int | None
    message: str
    hint: str | None = None

    @property
    def place(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


def _all_wrong(wrong: list[_Wrong], files: list[str]) -> UserError:
    """One error for every mistake, by file and line: one alone as it always read, or a
    line each under a heading (the user fixes them all before running coord again)."""
    rank = {source: n for n, source in enumerate(files)}
    ordered = sorted(wrong, key=lambda w: (rank.get(w.source, len(files)), w.line or 0))
    return every_mistake("the settings", [(w.place, w.message, w.hint) for w in ordered])


def _invalid(exc: InvalidSetting, origin: dict[str, str], read: dict[str, ConfigFile]) -> _Wrong:
    """The mistake of a value :func:`validated` refused: the flag that gave it, or where it
    was set (the environment variable, or the config file and the line of its key)."""
    where = exc.key or "(top level)"
    top = exc.key.split(".")[0]
    source = origin.get(top) or next(iter(origin.values()), None) or "settings"
    if source == "flag":  # the user typed it: name the flag, not a "flag" file
        return _Wrong(f"--{top.replace('_', '-')}", None, exc.reason)
    config = read.get(source)
    line = key_lines(config.path, config.text).get(top) if config is not None else None
    return _Wrong(source, line, f"invalid setting '{where}': {exc.reason}")


def _unknown_keys(config: ConfigFile, layer: Mapping[str, Any]) -> list[_Wrong]:
    """Each unknown key of ``config``, with its line and the nearest key. A file inside
    the workspace is told which keys it may hold."""
    import difflib

    allowed = sorted(WORKSPACE_KEYS) if config.confined else list(SETTING_NAMES)
    hint = _WORKSPACE_HINT if config.confined else "This file may hold: " + ", ".join(allowed) + "."
    wrong = []
    for key in layer:
        if key in SETTING_NAMES:
            continue
        line = key_lines(config.path, config.text).get(str(key))
        near = difflib.get_close_matches(str(key), list(SETTING_NAMES), n=1, cutoff=0.6)
        guess = f"; did you mean {near[0]}?" if near else ""
        if near and near[0] not in allowed:
            guess += f" (it belongs in {_user_config_named()}, not in the workspace)"
        wrong.append(_Wrong(shown(config.path), line, f"unknown setting '{key}'{guess}", hint))
    return wrong


def _confine(
    config: ConfigFile, layer: dict[str, Any], workspace: Path, wrong: list[_Wrong]
) -> dict[str, Any]:
    """``layer`` of a file an agent could have written: only workspace keys (they shape
    the team, and cannot widen an agent's powers nor move the key), dirs inside; each
    other key, and each folder outside, is a mistake added to ``wrong`` (naming the
    file, the line and why), which refuses the file whole."""
    path = config.path
    refused = [k for k in layer if k not in WORKSPACE_KEYS and k in SETTING_NAMES]
    what = (
        "in a config file inside the workspace (an agent working there could have written it)"
        if config.outer is None
        else f"in a config file in {config.outer}, where coord ran agents (a command of "
        "theirs could have written it)"
    )
    elsewhere = "the workspace" if config.outer is None else "folders coord ran agents in"
    for key in refused:
        flag = _FLAGS.get(key)
        instead = f"pass {flag}, or put it" if flag else "put it"
        wrong.append(
            _Wrong(
                shown(path),
                key_lines(path, config.text).get(key),
                f"'{key}' cannot be set {what}; {instead} in "
                f"{_user_config_named()} or a --config file outside {elsewhere}",
                _WORKSPACE_HINT,
            )
        )
    layer = {k: v for k, v in layer.items() if k not in refused}
    dirs = layer.get("agents_dirs")
    if isinstance(dirs, list):
        inside = [_dir_inside(config, d, workspace, wrong) for d in dirs]
        layer = {**layer, "agents_dirs": [d for d in inside if d is not None]}
    return layer


def _dir_inside(
    config: ConfigFile, value: object, workspace: Path, wrong: list[_Wrong]
) -> object | None:
    """A workspace file's agents folder, relative to the workspace and confined to it
    (None, with a mistake added to ``wrong``, for one outside)."""
    path = config.path
    if not isinstance(value, str):
        return value  # the Settings model reports the wrong type
    folder = workspace / Path(value).expanduser()
    if not is_inside(folder, workspace):
        wrong.append(
            _Wrong(
                shown(path),
                key_lines(path, config.text).get("agents_dirs"),
                f"agents_dirs entry '{value}' is outside the workspace; a config file "
                f"inside the workspace may only name folders inside it",
                f"Pass --agents-dir {value}, or list it in {_user_config_named()}.",
            )
        )
        return None
    return str(folder)


def _read_yaml(config: ConfigFile) -> dict[str, Any]:
    path = config.path
    loaded = parse_yaml(config.text, path, "config", stdin=True)
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise UserError(f"{shown(path)}: config must be a mapping of settings")
    return loaded
