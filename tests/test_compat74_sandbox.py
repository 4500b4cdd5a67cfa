"""compat74: Claude Code's ``sandbox`` settings, ``claudeMdExcludes`` and ``policyHelper``.

They were read by nobody, in silence. Now the managed ``sandbox`` block binds coord's Bash
flags (``--unsandboxed-bash`` refused where it asks for the sandbox, ``--bash-network``
where it limits the domains: coord has no domain proxy), and each key coord does not honour
is one warning in the run's notice (docs/claude-code-compat.md says why for each).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_compat69_managed import Run

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.runtime.extras import session_extras


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _extras(r: Run, **flags: Any) -> Any:
    settings = Settings(**flags)
    return session_extras(r.ws, settings, r.registry, home=r.home, managed=r.managed), settings


@pytest.mark.parametrize(
    ("block", "flags", "said"),
    [
        ({"enabled": True}, {"unsandboxed_bash": True}, "sandbox.enabled asks for the sandbox"),
        (
            {"allowUnsandboxedCommands": False},
            {"unsandboxed_bash": True},
            "sandbox.allowUnsandboxedCommands asks for the sandbox",
        ),
        (
            {"network": {"allowedDomains": ["github.com"]}},
            {"bash_network": True},
            "sandbox.network.allowedDomains limits the network's domains",
        ),
        (
            {"network": {"allowManagedDomainsOnly": True}},
            {"bash_network": True},
            "sandbox.network.allowManagedDomainsOnly limits the network's domains",
        ),
    ],
)
def test_a_flag_never_widens_bash_past_the_managed_sandbox(
    tmp_path: Path, block: dict[str, Any], flags: dict[str, Any], said: str
) -> None:
    """``--unsandboxed-bash`` ran commands on the host under a managed ``sandbox.enabled``;
    ``--bash-network`` opened every domain under a managed domain list. Now each is refused
    in one line naming the managed file and the key; without the flag the session starts.
    Only the managed block binds the flags: the user's or a workspace's is theirs."""
    r = Run(tmp_path, {})
    write(r.ws / ".claude/settings.json", {"sandbox": block})
    write(r.home / ".claude/settings.json", {"sandbox": block})
    _extras(r, **flags)
    write(r.managed, {"sandbox": block})
    with pytest.raises(UserError) as refused:
        _extras(r, **flags)
    assert str(refused.value).startswith(f"{r.managed}: {said}"), str(refused.value)
    _extras(r)


def test_each_sandbox_key_coord_does_not_honour_is_one_warning(tmp_path: Path) -> None:
    """A key set but not honoured (one that widens, a domain list, ``policyHelper``) is one
    warning naming the file and saying what coord does instead;
    what coord's sandbox already keeps (``enabled: true``, ``allowUnsandboxedCommands:
    false``, ``allowedDomains: []``) says nothing, nor does a deny path (honoured since
    compat76: tests/test_compat76_denies.py) nor ``claudeMdExcludes`` (honoured since
    compat78: tests/test_compat78_md_excludes.py)."""
    r = Run(tmp_path, {})
    user = write(
        r.home / ".claude/settings.json",
        {
            "sandbox": {
                "enabled": True,
                "allowUnsandboxedCommands": False,
                "excludedCommands": ["docker"],
                "filesystem": {"allowWrite": ["~/.kube"], "denyRead": ["~/.aws"]},
                "network": {"allowedDomains": []},
            },
            "claudeMdExcludes": ["**/other-team/CLAUDE.md"],
        },
    )
    write(r.managed, {"policyHelper": {"path": "/usr/local/bin/policy"}})
    extras, settings = _extras(r)
    notice = extras.notice(r.registry, settings)
    unread = [line for line in notice if "is not honoured by coord" in line]
    assert sorted(line.split(": ")[2].split(" ")[0] for line in unread) == [
        "policyHelper",
        "sandbox.excludedCommands",
        "sandbox.filesystem.allowWrite",
    ], unread
    assert f"warning: {user}: sandbox.filesystem.allowWrite is not honoured by coord: " in (
        "\n".join(unread)
    )
    assert f"warning: {r.managed}: policyHelper is not honoured by coord: " in "\n".join(unread)
