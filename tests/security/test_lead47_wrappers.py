"""A deny rule sees the command a tracer, jail or launcher runs, and the string ``su``,
``runuser`` and ``script`` hand to a shell (review64 noticed them running ``rm`` past
``disallowedTools: Bash(rm:*)``); the same programs running other commands still run."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review64 import denied

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules


@pytest.mark.parametrize(
    "command",
    [
        "script -q -c 'rm -rf src' /dev/null",
        "script -qc 'rm -rf src' /dev/null",
        "su -c 'rm -rf src'",
        "su root -c 'rm -rf src'",
        "su --command='rm -rf src'",
        "su --command 'rm -rf src' root",
        "runuser me -c 'rm -rf src'",
        "runuser -u me -- rm -rf src",
        "parallel rm ::: src tests",
        "parallel -j 4 rm {} ::: src",
        "strace -f -o /dev/null rm -rf src",
        "strace -e trace=file rm -rf src",
        "ltrace -o trace.txt rm -rf src",
        "chroot / rm -rf src",
        "chroot --userspec=me:me / rm -rf src",
        "unshare -r rm -rf src",
        "unshare --map-root-user -S 0 rm -rf src",
        "fakeroot rm -rf src",
        "fakeroot -l lib.so -- rm -rf src",
        "systemd-run --user -p Nice=5 rm -rf src",
        "systemd-run --scope rm -rf src",
        "strace -f $(echo r)m -rf src",  # a built name past a new wrapper: refused too
    ],
)
def test_rm_run_by_a_tracer_jail_launcher_or_a_shell_string_is_denied(command: str) -> None:
    refused = denied(command)
    assert refused is not None, command
    assert "Bash(rm:*)" in refused or "built only when the command runs" in refused


@pytest.mark.parametrize(
    "command",
    [
        "script -q -c 'ls -la' /dev/null",
        "su -c 'git status'",
        "parallel gzip ::: a.log b.log",
        "strace -f -o trace.txt ls",
        "chroot / ls",
        "fakeroot dpkg-deb --build pkg",
        "script session.log",
        "echo rm",
    ],
)
def test_the_same_programs_running_other_commands_still_run(command: str) -> None:
    assert denied(command) is None, command


@pytest.mark.parametrize("command", ["env -u", "env -u A -C", "nice env -u", "timeout -k"])
def test_a_wrapper_whose_last_option_wants_a_value_is_read_not_a_crash(command: str) -> None:
    """``env -u`` with nothing after it (an option that takes a value, at the end): the
    deny check read past the words and raised IndexError inside the agent's run."""
    assert denied(command) is None, command


@pytest.mark.parametrize(
    ("command", "refused"), [("time -o", True), ("env -u", False), ("time -f", False)]
)
def test_a_limited_bash_reads_a_wrapper_option_at_the_end_without_a_crash(
    command: str, refused: bool
) -> None:
    """Under ``Bash(time:*)``/``Bash(env:*)`` the writing-options check read past the words
    (IndexError); ``time -o`` still names the file option it refuses."""
    agent = AgentSpec(name="r", description="d", tools=["Read", "Bash(time:*)", "Bash(env:*)"])
    said = agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))
    assert (said is not None) is refused, said
