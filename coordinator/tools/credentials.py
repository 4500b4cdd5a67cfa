"""The user's credentials where a workspace holds them: what they are (:data:`CREDENTIALS`
in the home folder, :data:`CREDENTIAL_VARIABLES` naming a place elsewhere), where they lie
in a workspace (:func:`credential_places`: the home folder in it, ``-w ~``, an XDG folder,
a variable naming a place in it), and the test every tool asks (:func:`credential_test`,
:func:`refuse_credential`): no tool reads, lists or searches them, and the sandbox masks
them (:mod:`coordinator.tools.sandbox`). Also where the home folder and the variables of
the environment lead in a workspace (:func:`homes_inside`, :func:`variable_places`), which
:mod:`coordinator.tools.home_files` shares.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from coordinator.claude_home import VARIABLE as CLAUDE_VARIABLE
from coordinator.claude_home import claude_home
from coordinator.tools.base import ToolError
from coordinator.tools.folding import folded

#: Where the home folder's files (:data:`~coordinator.tools.home_files.HOME_FILES`,
#: :data:`CREDENTIALS`) lie when an XDG variable moves them, by their prefix.
_XDG_MOVED = {".config/": "XDG_CONFIG_HOME", ".local/share/": "XDG_DATA_HOME"}


#: Variables whose value is a list of paths (``KUBECONFIG``'s files, ``GOPATH``'s folders).
_PATH_LISTS = frozenset({"KUBECONFIG", "GOPATH", "GEM_PATH"})


def with_claude_folder(values: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``values`` (each variable with its value), and ``CLAUDE_CONFIG_DIR`` again with the
    folder coord reads for it (:func:`~coordinator.claude_home.claude_home`: ``~/x``
    expanded) when it moves the user's Claude Code folder: the value as spelled names the
    folders Claude Code reads (a relative one from the folder it runs in: both of
    :func:`_places`' folders), the expanded one the folder coord reads."""
    claude = claude_home()
    moved = [(CLAUDE_VARIABLE, str(claude.folder))] if claude.moved else []
    return [*values, *moved]


def inner_places(
    base: Path,
    values: Iterable[tuple[str, str]],
    inner: Callable[[str], tuple[str, ...]],
    mark: str,
) -> list[tuple[Path, str]]:
    """What the variables ``values`` (each name with its value) name in the resolved
    workspace ``base`` (:func:`variable_places`): the files ``inner`` gives for a variable
    in the folder it names, or the place itself when it gives none; each with its name
    after ``mark`` (``$CARGO_HOME``)."""
    found: list[tuple[Path, str]] = []
    for place, name in variable_places(base, values):
        files = inner(name)
        found += [(p, f"{mark}{name}") for p in ([place / f for f in files] if files else [place])]
    return found


def homes_inside(base: Path, home: Path | None = None) -> list[tuple[str, Path]]:
    """Of the home folder (``home``, by default HOME) and the XDG folders that move its
    ``.config/`` and ``.local/share/`` (:data:`_XDG_MOVED`), those the resolved workspace
    ``base`` holds, resolved, each with the prefix of the home folder's files it holds. A
    relative XDG folder (which git, gh and others follow, from the folder they run in) is
    read from coord's working folder and from the workspace, where the user's hooks and
    servers run (coord's own folders never follow one: :func:`~coordinator.config.xdg_home`)."""
    top = Path(home or os.environ.get("HOME") or Path.home()).resolve(strict=False)
    homes = [("", top)]
    for prefix, variable in _XDG_MOVED.items():
        value = os.environ.get(variable)
        homes += [(prefix, p) for p in _places(value, base)] if value else [(prefix, top / prefix)]
    return [
        (k, real)
        for k, h in homes
        if (real := h.resolve(strict=False)) == base or real.is_relative_to(base)
    ]


def _places(value: str, base: Path) -> list[Path]:
    """Where the path ``value`` of a variable leads: itself when absolute; a relative one
    from coord's working folder and from the workspace ``base``."""
    if os.path.isabs(value):
        return [Path(value)]
    return [Path(os.path.abspath(value)), base / value]


def variable_places(base: Path, variables: Iterable[tuple[str, str]]) -> list[tuple[Path, str]]:
    """What the ``variables`` (each name with its value in coord's environment) name in the
    resolved workspace ``base`` (``KUBECONFIG``: each of its list), each with its variable:
    the path as spelled, and where it leads (even outside ``base``, as a link in
    ``~/.ssh`` does), or only where it leads when that is in ``base``."""
    found: list[tuple[Path, str]] = []
    for name, value in variables:
        for entry in value.split(os.pathsep) if name in _PATH_LISTS else [value]:
            for place in _places(entry, base) if entry else ():
                found += [(p, name) for p in spelled_and_real(place, base)]
    return found


def spelled_and_real(place: Path, base: Path) -> list[Path]:
    """``place`` (normalised) and where it leads, when either lies in ``base`` (below it)."""
    spelled = Path(os.path.normpath(place))
    try:
        real = place.resolve(strict=False)
    except (OSError, RuntimeError):
        real = spelled
    inside = [p for p in (spelled, real) if p != base and p.is_relative_to(base)]
    return list(dict.fromkeys([spelled, real])) if spelled in inside else inside


#: The user's credentials in the home folder (keys, tokens, passwords, logins), each with
#: what it holds: a workspace holding the home folder (``-w ~``, or a folder above it:
#: ``-w /home``) has them hidden (:func:`credential_places`): no tool reads, lists or
#: searches them, and commands see them masked, as coord's own files are. What is in the
#: model's context reaches the provider, the store and the logs. ``~/.ssh`` keeps its
#: public keys and ``known_hosts`` readable (:func:`public_ssh`); ``.config/`` ones are
#: looked for under ``XDG_CONFIG_HOME`` too, ``.local/share/`` ones under ``XDG_DATA_HOME``.
CREDENTIALS: dict[str, str] = {
    ".ssh": "ssh's private keys (its public keys and known_hosts stay readable)",
    ".gnupg": "GnuPG's private keys",
    ".password-store": "pass's passwords",
    ".local/share/keyrings": "the desktop keyring's passwords",
    ".pki": "the NSS certificate and key store",
    ".netrc": "logins for hosts (curl, git, ftp)",
    ".git-credentials": "git's stored passwords and tokens",
    ".config/git/credentials": "git's stored passwords and tokens",
    ".aws": "AWS keys",
    ".azure": "Azure tokens",
    ".config/gcloud": "Google Cloud tokens",
    ".oci": "Oracle Cloud keys",
    ".docker/config.json": "container registries' logins",
    ".kube": "Kubernetes clusters' tokens and certificates",
    ".config/gh": "GitHub tokens",
    ".config/hub": "GitHub tokens",
    ".pypirc": "PyPI tokens",
    ".npmrc": "npm tokens",
    ".yarnrc.yml": "npm registries' tokens",
    ".cargo/credentials": "crates.io tokens",
    ".cargo/credentials.toml": "crates.io tokens",
    ".gem/credentials": "RubyGems tokens",
    ".m2/settings.xml": "Maven repositories' passwords",
    ".terraform.d/credentials.tfrc.json": "Terraform tokens",
    ".vault-token": "a Vault token",
    ".s3cfg": "S3 keys",
    ".boto": "cloud storage keys",
    ".claude/.credentials.json": "Claude Code's login",
    ".mozilla": "a browser's cookies and saved passwords",
    ".config/google-chrome": "a browser's cookies and saved passwords",
    ".config/chromium": "a browser's cookies and saved passwords",
    ".config/BraveSoftware": "a browser's cookies and saved passwords",
    ".config/microsoft-edge": "a browser's cookies and saved passwords",
}
#: ssh's folder: hidden but for its public files (:func:`public_ssh`).
SSH_DIR = ".ssh"
#: Variables of the user's environment that move a credential out of the home folder
#: (its tools read it where the variable says), each with the names of the credential's
#: files in the folder it names (none: what it names is the credential) and what it
#: holds. Where one names a place in the workspace (``-w /srv`` with
#: ``AWS_SHARED_CREDENTIALS_FILE=/srv/secrets/aws``; a relative value read from coord's
#: working folder and from the workspace), that is hidden as the home folder's are, in any
#: workspace (:func:`credential_places`), and protected
#: (:func:`~coordinator.tools.home_files.home_files_inside`: an ``AWS_CONFIG_FILE`` a
#: command made names a ``credential_process`` the user's ``aws`` runs).
CREDENTIAL_VARIABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "AWS_SHARED_CREDENTIALS_FILE": ((), "AWS keys"),
    "AWS_CONFIG_FILE": ((), "AWS settings and keys"),
    "AWS_WEB_IDENTITY_TOKEN_FILE": ((), "an AWS identity token"),
    "GOOGLE_APPLICATION_CREDENTIALS": ((), "a Google Cloud service account's key"),
    "CLOUDSDK_CONFIG": ((), "Google Cloud tokens"),
    "AZURE_CONFIG_DIR": ((), "Azure tokens"),
    "OCI_CLI_CONFIG_FILE": ((), "Oracle Cloud keys"),
    "KUBECONFIG": ((), "Kubernetes clusters' tokens and certificates"),
    "DOCKER_CONFIG": (("config.json",), "container registries' logins"),
    "REGISTRY_AUTH_FILE": ((), "container registries' logins"),
    "GNUPGHOME": ((), "GnuPG's private keys"),
    "PASSWORD_STORE_DIR": ((), "pass's passwords"),
    "NETRC": ((), "logins for hosts (curl, git, ftp)"),
    "GH_CONFIG_DIR": ((), "GitHub tokens"),
    "NPM_CONFIG_USERCONFIG": ((), "npm tokens"),
    "CARGO_HOME": (("credentials", "credentials.toml"), "crates.io tokens"),
    "TF_CLI_CONFIG_FILE": ((), "Terraform tokens"),
    "VAULT_CONFIG_PATH": ((), "a Vault token helper's settings"),
    "BOTO_CONFIG": ((), "cloud storage keys"),
    "S3CMD_CONFIG": ((), "S3 keys"),
    "RCLONE_CONFIG": ((), "rclone's remotes' keys"),
    "PGPASSFILE": ((), "PostgreSQL passwords"),
    "CLAUDE_CONFIG_DIR": ((".credentials.json",), "Claude Code's login"),
}


def credential_places(
    root: Path, home: Path | None = None, existing: bool = False
) -> list[tuple[Path, str]]:
    """Where the user's :data:`CREDENTIALS` lie in the workspace ``root`` (the home folder
    ``home``, by default HOME, in it, or an XDG folder), each with its key there: the path,
    and where a link there leads (even outside ``root``: the host's tree shows it to
    commands); and what a variable of :data:`CREDENTIAL_VARIABLES` names in ``root``, with
    its name as the key (``$KUBECONFIG``). None when no such folder lies in ``root`` (its
    top or below) and no such variable names it. ``existing``: only those there now (what
    a mask can cover; a missing one is not resolved, a path's look up at each step)."""
    base = root.resolve(strict=False)
    homes = homes_inside(base, home)
    found: dict[Path, str] = {}
    found.update(moved_credentials(base))
    for rel in CREDENTIALS:
        for prefix, folder in homes:
            if not rel.startswith(prefix):
                continue
            text = f"{folder}/{rel[len(prefix) :]}"  # (a Path made only for one kept)
            if existing and not os.path.lexists(text):
                continue
            place = Path(text)
            found.setdefault(place, rel)
            with contextlib.suppress(OSError, RuntimeError):
                found.setdefault(place.resolve(strict=False), rel)
            if rel == SSH_DIR:
                found.update(_ssh_links(place))
    return list(found.items())


def _ssh_links(folder: Path) -> dict[Path, str]:
    """Where the links in ssh's ``folder`` lead (but its public files'), each with its name
    (``.ssh/id_ed25519``): a key kept elsewhere is a key."""
    found: dict[Path, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.is_symlink() and not public_ssh(entry.name):
                with contextlib.suppress(OSError, RuntimeError):
                    found[Path(entry.path).resolve(strict=False)] = f"{SSH_DIR}/{entry.name}"
    return found


def credential_test(root: Path) -> Callable[[Path], str | None]:
    """For a resolved path of the workspace ``root``: the key of :data:`CREDENTIALS` it is
    or lies in (by :func:`folded` name: a case-insensitive file system's other spelling
    too), or None (``~/.ssh`` itself, and its public keys, are none)."""
    tops = _credential_tops(root)
    if not tops:
        return lambda _path: None

    def test(path: Path) -> str | None:
        text = folded(str(path))
        for top, rel in tops:
            if text == top:
                return None if rel == SSH_DIR else rel
            if text.startswith(f"{top}/"):
                return None if rel == SSH_DIR and public_ssh(text[len(top) + 1 :]) else rel
        return None

    return test


#: :func:`_credential_tops`' recent answers, by workspace and environment: Grep asks once
#: per file (a command moves none of them: each is a mount point in the sandbox).
_TOPS: dict[tuple[str, ...], tuple[float, list[tuple[str, str]]]] = {}


def _credential_tops(root: Path) -> list[tuple[str, str]]:
    """:func:`credential_places` of ``root``, each :func:`folded`, asked at most once a
    second."""
    environ = os.environ
    key = (
        str(root),
        os.getcwd(),  # (a relative XDG folder)
        environ.get("HOME", ""),
        *(environ.get(v, "") for v in _XDG_MOVED.values()),
        *_moving_values(),
    )
    now, hit = time.monotonic(), _TOPS.get(key)
    if hit is not None and now - hit[0] < 1.0:
        return hit[1]
    if len(_TOPS) > 256:
        _TOPS.clear()
    tops = [(folded(str(place)), rel) for place, rel in credential_places(root)]
    _TOPS[key] = (now, tops)
    return tops


#: :func:`_moving_values`' last answer: when, the environment's size then, the values.
_MOVING: list[tuple[float, int, tuple[str, ...]]] = [(-1.0, -1, ())]


def _moving_values() -> tuple[str, ...]:
    """The values of :data:`CREDENTIAL_VARIABLES` in coord's environment, read again once a
    second, or when a variable was added or removed: ``os.environ.get`` of an unset one
    raises a ``KeyError`` inside, 1 µs each, and Read, Write and Edit ask on each call."""
    now, size = time.monotonic(), len(os.environ)
    at, was, values = _MOVING[0]
    if now - at >= 1.0 or size != was:
        values = tuple(os.environ.get(name, "") for name in CREDENTIAL_VARIABLES)
        _MOVING[0] = (now, size, values)
    return values


def moved_credentials(base: Path) -> list[tuple[Path, str]]:
    """The credentials a variable of :data:`CREDENTIAL_VARIABLES` names in the resolved
    workspace ``base`` (:func:`variable_places`), the files a folder holds where it names
    them (``$CARGO_HOME/credentials.toml``, not the crates it keeps), each with its key
    (``$CARGO_HOME``)."""
    moving = with_claude_folder(zip(CREDENTIAL_VARIABLES, _moving_values(), strict=True))
    return inner_places(base, moving, lambda name: CREDENTIAL_VARIABLES[name][0], "$")


def public_ssh(name: str) -> bool:
    """Whether ``name`` (in ``~/.ssh``) is one of ssh's public files: a public key, the
    hosts' keys."""
    return "/" not in name and (name.endswith(".pub") or name in ("known_hosts", "known_hosts.old"))


def refuse_credential(root: Path, resolved: Path, text: str) -> None:
    """ToolError naming why, when ``resolved`` is one of the user's credentials."""
    rel = credential_test(root)(resolved)
    if rel is not None:
        moved = rel.startswith("$")
        where = f"{rel} names it" if moved else f"~/{rel}"
        held = "" if moved else " in the home folder this workspace holds"
        raise ToolError(
            f"path '{text}' is the user's credentials ({where}: {_why(rel)}){held}; tools "
            "cannot read, write or list them"
        )


def _why(rel: str) -> str:
    """What the credential ``rel`` (a key of :data:`CREDENTIALS`, a link in ssh's folder:
    ``.ssh/NAME``, or ``$NAME`` of :data:`CREDENTIAL_VARIABLES`) holds."""
    if rel.startswith("$"):
        return CREDENTIAL_VARIABLES[rel[1:]][1]
    return CREDENTIALS.get(rel) or CREDENTIALS[SSH_DIR]
