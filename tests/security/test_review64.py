"""review64: forms of the read-like commands in ``shell_options.OPTIONS`` that still wrote
a file or ran a program under an allow rule after shell61 (each ran for real here: GNU sed
4.9, awk, uniq, GNU tar 1.34).

* ``--`` ends a command's options, not its program or operands: ``sed -n -- '1w F' f``
  writes F, ``awk -- 'BEGIN{system("id")}'`` runs id, ``uniq -- in out`` writes out; the
  reader stopped at ``--``.
* tar's first word without a dash is its options (``tar xf a.tar`` extracts, ``tar cf
  out.tar src`` writes out.tar): the reader took it for an operand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules


def refusal(rule: str, command: str) -> str | None:
    """What the model reads when an agent whose Bash is limited to ``rule`` runs
    ``command`` (None: it runs)."""
    agent = AgentSpec(name="reviewer", description="d", tools=["Read", rule])
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


@pytest.mark.parametrize(
    ("rule", "command", "said"),
    [
        ("Bash(sed -n:*)", "sed -n -- '1w src/app.py' notes.txt", "(its program writes"),
        ("Bash(sed -n:*)", "sed -n -E -- 's/a/b/w out' f", "(its program writes"),
        ("Bash(awk:*)", "awk -- 'BEGIN { system(\"touch src/ran\") }'", "(its program"),
        ("Bash(uniq:*)", "uniq -- in.txt src/app.py", "src/app.py (writes"),
        ("Bash(sed -n:*)", 'sed -n -- "$P" f', "(its program writes"),  # a program unknown
    ],
)
def test_a_program_or_output_after_dashdash_is_refused(rule: str, command: str, said: str) -> None:
    refused = refusal(rule, command)
    assert refused is not None, command
    assert said in refused


@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(sed -n:*)", "sed -n -- '1,5p' f"),
        ("Bash(awk:*)", "awk -- '{print $1}' f"),
        ("Bash(uniq:*)", "uniq -c -- f"),
        ("Bash(git diff:*)", "git diff -- --output=x"),  # a path after --
        ("Bash(git diff:*)", 'git diff HEAD -- "$F"'),  # after --: no option, expanded or not
        ("Bash(sed -n:*)", "sed -n -- '1p' \"$F\""),
        ("Bash(sed -n:*)", "sed -n -e p -- 'w x'"),  # a file named 'w x'
    ],
)
def test_reading_forms_with_dashdash_still_run(rule: str, command: str) -> None:
    assert refusal(rule, command) is None


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("tar xf a.tar", "option xf (writes"),
        ("tar xzvf a.tar.gz -C src", "option xzvf (writes"),
        ("tar cf out.tar src", "option cf (writes"),
        ("tar tfI a.tar 'sh -c id'", "option tfI (runs a program)"),
    ],
)
def test_tars_options_in_its_first_word_are_read(command: str, said: str) -> None:
    refused = refusal("Bash(tar:*)", command)
    assert refused is not None, command
    assert said in refused


@pytest.mark.parametrize("command", ["tar tf a.tar", "tar tzvf a.tar.gz", "tar -tf a.tar x"])
def test_tar_listing_in_the_old_style_still_runs(command: str) -> None:
    assert refusal("Bash(tar:*)", command) is None


# ---- curl takes a long option's unique beginning (7.88 here; 8.4 too: curl/curl#12936) -


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("curl -s --dump-h src/app.py http://x", "--dump-h (writes"),
        ("curl --cookie-j src/app.py http://x", "--cookie-j (writes"),
        ("curl --remote-name-a http://x/app.py", "--remote-name-a (writes"),
        ("curl --outp=src/app.py http://x", "--outp=src/app.py (writes"),
    ],
)
def test_curls_abbreviated_writing_options_are_refused(command: str, said: str) -> None:
    refused = refusal("Bash(curl:*)", command)
    assert refused is not None, command
    assert said in refused


@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(curl:*)", "curl --cookie cookies.txt http://x"),  # not --cookie-jar's beginning
        ("Bash(curl:*)", "curl -sS --trace-time http://x"),
        ("Bash(tar:*)", "tar --checkpoint=1000 -tf a.tar"),  # not --checkpoint-action's
    ],
)
def test_an_option_of_its_own_is_no_beginning_of_another(rule: str, command: str) -> None:
    assert refusal(rule, command) is None


# ---- a deny rule sees the command env -S runs (GNU env splits its value into words) ----


def denied(command: str) -> str | None:
    """What the model reads when an agent with ``disallowedTools: Bash(rm:*)`` runs
    ``command`` (None: it runs)."""
    agent = AgentSpec(name="backend", description="d", disallowed_tools=["Bash(rm:*)"])
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


@pytest.mark.parametrize(
    "command",
    [
        "env --split-string='rm -rf src'",
        "env -S'rm -rf src'",
        "env -iS'rm -rf src'",
        "env --spl='rm -rf src'",  # getopt takes the unique beginning
        "nice -n 5 env -S'rm -rf' src",
        "env -S '${X}m -rf src'",  # env itself expands ${X}: a name built when it runs
    ],
)
def test_the_command_env_splits_is_denied(command: str) -> None:
    refused = denied(command)
    assert refused is not None, command
    assert "Bash(rm:*)" in refused


@pytest.mark.parametrize(
    "command", ["env -S 'ls -la' src", "env --split-string='git status'", "env -u A -i ls"]
)
def test_other_commands_env_splits_run(command: str) -> None:
    assert denied(command) is None


# ---- the programs package managers and Python run by name (yarn eslint, python -m ruff) -


@pytest.mark.parametrize(
    ("rule", "command", "said"),
    [
        ("Bash(yarn eslint:*)", "yarn eslint --fix src", "--fix (writes"),
        ("Bash(yarn run eslint:*)", "yarn run eslint --fix src", "--fix (writes"),
        ("Bash(pnpm prettier --check:*)", "pnpm prettier --check --write src", "--write"),
        ("Bash(python -m ruff check:*)", "python -m ruff check --fix", "--fix (writes"),
        ("Bash(uv run ruff check:*)", "uv run ruff check --fix", "--fix (writes"),
        ("Bash(uvx ruff check:*)", "uvx ruff check --fix", "--fix (writes"),
    ],
)
def test_a_program_run_by_its_runner_has_its_options_read(
    rule: str, command: str, said: str
) -> None:
    refused = refusal(rule, command)
    assert refused is not None, command
    assert said in refused


@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(yarn eslint:*)", "yarn eslint src"),
        ("Bash(yarn:*)", "yarn install --frozen-lockfile"),
        ("Bash(python -m ruff check:*)", "python -m ruff check src"),
        ("Bash(uv run pytest:*)", "uv run pytest -q -o addopts=''"),
    ],
)
def test_what_runners_run_without_writing_still_runs(rule: str, command: str) -> None:
    assert refusal(rule, command) is None
