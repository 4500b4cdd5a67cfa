"""trust67: the Bash permission checks' known gaps after shell61 and review64, closed.

* One wrapper table (``coordinator.tools.wrappers``): the tools' reading of what a command
  runs (``tools/implicit.py``) kept its own list, which lacked the tracers and jails the
  permission checks knew (``strace -f make`` ran the workspace's Makefile unconfined), and
  the permission checks lacked ``firejail`` (``firejail rm -rf src`` passed
  ``Bash(rm:*)``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.tools.implicit import implicit_code


def refusal(tools: list[str], command: str, disallowed: tuple[str, ...] = ()) -> str | None:
    """What the model reads when an agent with these lists runs ``command``, or None."""
    agent = AgentSpec(name="dev", description="d", tools=tools, disallowed_tools=list(disallowed))
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


def _makefile(pattern: str, wanted: object) -> list[str]:
    """A workspace holding a Makefile an agent may write."""
    return ["Makefile"] if pattern == "Makefile" else []


@pytest.mark.parametrize(
    "command", ["strace -f make", "ltrace make all", "unshare -r make", "fakeroot make"]
)
def test_a_wrapper_of_the_one_table_is_seen_through_by_the_tools_layer(command: str) -> None:
    assert implicit_code(command.split(), _makefile) == "make, which reads Makefile"


@pytest.mark.parametrize("command", ["firejail rm -rf src", "firejail --quiet rm x"])
def test_a_deny_rule_sees_through_firejail(command: str) -> None:
    refused = refusal(["Read", "Bash"], command, ("Bash(rm:*)",))
    assert refused is not None
    assert "Bash(rm:*)" in refused
