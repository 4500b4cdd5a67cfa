"""trust47: a workspace holding the home folder (``-w ~``, or a folder above it) and the
user's credentials there.

trust46 kept the user's startup files from writes there; agents could still read the
user's keys, tokens and passwords (``~/.ssh/id_ed25519``, ``~/.aws/credentials``,
``~/.netrc``, ``~/.config/gh/hosts.yml``...) with Read, find them with Glob and Grep, and
``cat`` them in Bash: what the model sees reaches the provider, the store and the logs.
They are hidden now as coord's own files are (``workspace.CREDENTIALS``): refused by every
tool with why, never listed nor searched, masked in the sandbox; ssh's public keys and
``known_hosts`` stay readable. Each test fails on main's code (557b95b2).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hostile import backend, bash, run
from hostile import sent_results as _results
from kit import needs_bwrap, report

DONE = {"text": report("Complete", "Done")}
#: The secret each credential file holds in these tests.
TOKEN = "t47-SECRET-TOKEN"
PUBLIC = "ssh-ed25519 AAAAt47public user@host"


def _users_home(home: Path) -> None:
    """The user's credentials (and public files) in ``home``."""
    files = {
        ".ssh/id_ed25519": f"-----BEGIN OPENSSH PRIVATE KEY-----\n{TOKEN}\n",
        ".ssh/id_ed25519.pub": PUBLIC,
        ".ssh/known_hosts": "github.com ssh-ed25519 AAAAknown\n",
        ".aws/credentials": f"[default]\naws_secret_access_key = {TOKEN}\n",
        ".netrc": f"machine example.com login me password {TOKEN}\n",
        ".config/gh/hosts.yml": f"github.com:\n    oauth_token: {TOKEN}\n",
        "notes.txt": "the user's notes\n",
    }
    for rel, text in files.items():
        (home / rel).parent.mkdir(parents=True, exist_ok=True)
        (home / rel).write_text(text, encoding="utf-8")


def _read(path: str) -> dict[str, object]:
    return {"tool_calls": [{"name": "Read", "input": {"file_path": path}}]}


@needs_bwrap
@pytest.mark.parametrize("above", [False, True], ids=["home", "above-home"])
def test_a_home_workspace_shows_no_tool_the_users_credentials(
    tmp_path: Path, above: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-w ~`` (and ``-w /home``, the home folder below it): Read of a private key, AWS
    keys, ``.netrc`` and gh's token is refused with the credential named; Glob lists and
    Grep searches none of them; the public key, ``known_hosts`` and other files stay
    readable. No secret reaches the model."""
    home = tmp_path / "home" / "me"  # (the worker's temporary folder is no workspace)
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    _users_home(home)
    ws = home.parent if above else home
    at = f"{home.name}/" if above else ""
    turns = [
        *(_read(f"{at}{rel}") for rel in (".ssh/id_ed25519", ".aws/credentials", ".netrc")),
        _read("~/.config/gh/hosts.yml"),
        _read(f"{at}.ssh/id_ed25519.pub"),
        _read(f"{at}.ssh/known_hosts"),
        {"tool_calls": [{"name": "Glob", "input": {"pattern": "**/*", "path": str(home)}}]},
        {"tool_calls": [{"name": "Grep", "input": {"pattern": "t47-SECRET", "path": str(home)}}]},
        DONE,
    ]
    provider = run(ws, home, backend(), turns)
    results = _results(provider)
    sent = "\n".join(str(r["content"]) for r in results)
    assert TOKEN not in sent, sent
    for result, name in zip(results[:4], (".ssh", ".aws", ".netrc", ".config/gh"), strict=True):
        assert result["is_error"] and f"~/{name}" in str(result["content"]), result
        assert "credentials" in str(result["content"]), result
    assert PUBLIC in str(results[4]["content"]) and "AAAAknown" in str(results[5]["content"])
    listed = str(results[6]["content"])
    assert "id_ed25519.pub" in listed and "notes.txt" in listed, listed
    for hidden in ("id_ed25519\n", "credentials", ".netrc", "hosts.yml"):
        assert hidden not in f"{listed}\n", listed


@needs_bwrap
def test_a_home_workspace_shows_commands_no_credential(tmp_path: Path) -> None:
    """``-w ~``: a command's ``cat`` of the private key, the AWS keys, ``.netrc`` and gh's
    token (and a ``grep -r`` of the home folder) shows none of them: masked, empty, as
    coord's own files are; the public key stays readable."""
    home = Path(os.environ["HOME"])
    _users_home(home)
    command = (
        "cat ~/.ssh/id_ed25519 ~/.aws/credentials ~/.netrc ~/.config/gh/hosts.yml; "
        "grep -r t47-SECRET ~ ; cat ~/.ssh/id_ed25519.pub; echo; echo end"
    )
    provider = run(home, home, backend(), [bash(command), DONE])
    (result,) = _results(provider)
    assert TOKEN not in str(result["content"]), result
    assert PUBLIC in str(result["content"]) and "end" in str(result["content"]), result
    assert (home / ".netrc").read_text(encoding="utf-8").endswith(f"{TOKEN}\n")


@needs_bwrap
def test_a_key_linked_from_ssh_is_hidden_where_it_lies(tmp_path: Path) -> None:
    """``~/.ssh/id_work`` a link to ``~/keys/work`` (a key kept in a folder of its own):
    neither Read through either name nor ``cat`` shows it."""
    home = Path(os.environ["HOME"])
    _users_home(home)
    (home / "keys").mkdir()
    (home / "keys" / "work").write_text(TOKEN, encoding="utf-8")
    (home / ".ssh" / "id_work").symlink_to(home / "keys" / "work")
    turns = [_read("keys/work"), _read(".ssh/id_work"), bash("cat ~/keys/work; echo end"), DONE]
    provider = run(home, home, backend(), turns)
    results = _results(provider)
    assert TOKEN not in "\n".join(str(r["content"]) for r in results), results
    assert results[0]["is_error"] and results[1]["is_error"]
    assert "end" in str(results[2]["content"])


# ---- git's global settings moved by XDG_CONFIG_HOME into the workspace -------------------


@needs_bwrap
def test_gits_global_settings_moved_into_the_workspace_stay_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``XDG_CONFIG_HOME`` in the workspace (a dotfiles repository holding the user's
    config, ``-w ~/dotfiles``): git reads ``$XDG_CONFIG_HOME/git/config`` as its global
    settings, so the agent's ``core.fsmonitor`` there ran as the user at the user's next
    ``git status`` in any repository (trust46 kept ``~/.config/git`` only). No tool writes
    it, and a command's new one is undone."""
    ws = tmp_path / "dotfiles"
    (ws / "config").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ws / "config"))
    marker = tmp_path / "ran"
    fsmonitor = f"[core]\\n\\tfsmonitor = echo fsmonitor >> {marker}; false\\n"
    plant = f"mkdir -p config/git && printf '{fsmonitor}' > config/git/config; echo done"
    write = {"file_path": "config/git/attributes", "content": "* filter=t47\n"}
    turns = [bash(plant), {"tool_calls": [{"name": "Write", "input": write}]}, DONE]
    provider = run(ws, Path(os.environ["HOME"]), backend(), turns)
    results = _results(provider)
    assert "done" in str(results[0]["content"]), results  # the command ran
    assert results[1]["is_error"] and "config/git" in str(results[1]["content"]), results
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": str(ws / "config"),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "init", "-q"], cwd=repo, env=env, check=False)
    subprocess.run(["git", "status"], cwd=repo, env=env, capture_output=True, check=False)
    assert not marker.exists(), marker.read_text(encoding="utf-8")
