"""review143: hooks114's run-time values, reviewed as a user and as an attacker.

As an attacker: a value the shell makes when the line runs that hooks114 did not read as
one (a glob, ``find -exec``'s ``{}``, ``xargs -I``'s replace string, a here-document's
body fed to a shell, ``env -S``'s string) picked the script the user's hook ran: each ran
the agent's file as the user. As a user: ``env -S "npx prettier --write" "$(jq ...)"``
was confined (its split string read as an option's value, the file path as the program),
and the ordinary shapes of Claude Code's hooks docs and community hook scripts (formatters
fed by ``jq``, ``git diff | xargs``, loops over ``git ls-files``, ``case`` arms over file
kinds, notifications) keep running as the user; those confined name a value that becomes
shell code (``sh -c "... $(jq ...)"``) or picks the script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import needs_bwrap
from test_hooks114 import assert_never_runs_the_agents_file

from coordinator.tools.run_time_words import run_time_word

#: Each ran the agent's ``wrap`` as the user on the start tree.
UNREAD = [
    "sh ./wr*",
    'for f in ./wr*; do sh "$f"; done',
    "find . -name 'wr*' -exec sh {} \\;",
    "find . -name 'wr*' -exec {} \\;",
    "ls | grep ^wra | xargs -I{} sh {}",
    "ls | grep ^wra | xargs -I % sh -c 'sh %'",
    "sh <<EOF\n./$(ls | grep ^wra)\nEOF",
    "bash <<'EOF'\nsh $(ls | grep ^wra)\nEOF",
    'env -S "sh $(ls | grep ^wra)"',
]


@needs_bwrap
@pytest.mark.parametrize("command", UNREAD)
def test_a_value_the_shell_makes_as_it_runs_never_runs_the_agents_file_as_the_user(
    tmp_path: Path, command: str
) -> None:
    """The user's ``~/.claude/settings.json`` PostToolUse hook, a real session."""
    assert_never_runs_the_agents_file(tmp_path, command)


def test_env_split_string_is_the_command_it_runs_not_an_option_value() -> None:
    """``env -S "npx prettier --write" "$(jq ...)"`` formats the file the hook reads: its
    program is ``npx`` (confined on the start tree, the path read as the program); the
    split string is the command, so one computing the program is still found."""
    line = 'env -S "npx prettier --write" "$(jq -r .tool_input.file_path)"'
    assert run_time_word(line) is None
    assert run_time_word('env -S "$(cat cmd)" x') == (
        "the program it runs, $(…), which the shell computes only when the line runs"
    )


#: Ordinary hook lines (Claude Code's hooks docs, community hook scripts): none confined.
ORDINARY = [
    """jq -r '"\\(.tool_input.command) - \\(.tool_input.description)"' >> ~/.claude/log""",
    'npx prettier --write "$(jq -r .tool_input.file_path)"',
    "jq -r '.tool_input.file_path' | xargs npx prettier --write",
    'jq -r .tool_input.file_path | { read f; echo "$f" | grep -q \'\\.ts$\' && tsc "$f"; }',
    'FILE=$(jq -r .tool_input.file_path); [[ "$FILE" == *.go ]] && gofmt -w "$FILE"',
    'f=$(jq -r .tool_input.file_path); case "$f" in *.py|*.pyi) ruff format "$f";;'
    ' *.ts|*.tsx) npx prettier --write "$f";; (*.go) gofmt -w "$f";; esac',
    "git diff --name-only | xargs ruff check",
    "git diff --name-only -- '*.py' | xargs -r ruff format",
    'notify-send "Claude Code" "$(jq -r .message)"',
    'notify-send "Claude" "Awaiting input in $(basename "$PWD")"',
    'osascript -e "display notification \\"$(jq -r .message)\\" with title \\"Claude\\""',
    'python3 "$CLAUDE_PROJECT_DIR/.claude/hooks/check.py"',
    "for f in $(git ls-files '*.py'); do ruff check \"$f\"; done",
    'for f in *.py; do ruff check "$f"; done',
    'echo "$(date -Iseconds) $(jq -r .tool_name)" >> ~/.claude/tool.log',
    'cd "$(git rev-parse --show-toplevel)" && git status --short',
    'input=$(cat); cmd=$(echo "$input" | jq -r .tool_input.command);'
    " if echo \"$cmd\" | grep -qE 'rm -rf /'; then echo blocked >&2; exit 2; fi",
    'read -r json; p=$(echo "$json" | jq -r .tool_input.file_path); eslint --fix "$p"',
    'jq -r .tool_input.file_path | while read -r f; do shfmt -w "$f"; done',
    'mapfile -t files < <(git diff --name-only); ruff check "${files[@]}"',
    'files=($(git diff --name-only)); ruff check "${files[@]}"',
    'tee -a "$HOME/.claude/logs/$(date +%F).jsonl" >/dev/null',
    'git commit -qm "claude: $(jq -r .tool_input.file_path)" --no-verify || true',
    'terminal-notifier -title Claude -message "$(jq -r .message)"',
    'set -e; f=$(jq -r .tool_input.file_path); python3 -m black "$f"',
    "git ls-files -z '*.sh' | xargs -0 shellcheck",
    "find . -name '*.py' -newer .last-check -exec ruff check {} +",
    "find src -name '*.ts' -exec npx prettier --write {} \\;",
    "jq -r .tool_input.file_path | xargs -I{} npx prettier --write {}",
    "git ls-files '*.py' | parallel ruff check {}",
    'dir=$(dirname "$(jq -r .tool_input.file_path)"); (cd "$dir" && go vet ./...)',
    'timeout 30 npx tsc --noEmit -p "$(git rev-parse --show-toplevel)"',
    "python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cwd\"])' | xargs -r ls",
    'jq -c . | python3 "$HOME/.claude/hooks/audit.py"',
    "bash -c 'f=$(jq -r .tool_input.file_path); prettier --write \"$f\"'",
    'cat <<EOF\n{"systemMessage": "edited $(jq -r .tool_input.file_path)"}\nEOF',
    "python3 - <<'EOF'\nimport json, sys\nprint(json.load(sys.stdin)['tool_name'])\nEOF",
    "bash <<'EOF'\ncd \"$CLAUDE_PROJECT_DIR\" && git status\nEOF",
    'python3 ~/.claude/hooks/notify.py "$(jq -r .message)"',
    'node ~/.claude/hooks/log.js --session "$(jq -r .session_id)"',
    "rm -f /tmp/claude-*.lock; ls ~/.claude/logs/*.log | head -1",
    "[[ $(jq -r .tool_input.file_path) == *.rs ]] && cargo fmt; echo $? > /tmp/rc",
    'while read -r f; do prettier --write "$f"; done < <(git diff --name-only)',
    'grep -q TODO $(git diff --name-only) && echo "TODOs left" >&2',
    'source ~/.nvm/nvm.sh && npx prettier --write "$(jq -r .tool_input.file_path)"',
]
#: Confined, each justified: the computed value becomes shell code or picks the script.
CONFINED = {
    'sh -c "prettier --write $(jq -r .tool_input.file_path)"': "the code sh runs",
    "jq -r .tool_input.file_path | xargs -I{} sh -c 'prettier --write \"{}\"'": (
        "the code sh runs"
    ),
    'for f in .claude/hooks/post-*.sh; do bash "$f"; done': "the script bash runs",
}


def test_ordinary_hook_lines_are_not_confined() -> None:
    """(A guard: passes on both trees; fails on a tree that reads a ``case``'s patterns
    as commands once globs are run-time values: shown.) A file name a formatter gets is
    an argument, not what runs."""
    assert [line for line in ORDINARY if run_time_word(line) is not None] == []


def test_a_name_read_as_it_runs_becoming_shell_code_or_the_script_is_confined() -> None:
    """``xargs -I{} sh -c '... "{}"'`` runs each name it reads as shell code (a file named
    ``x"; sh ./wrap; "``), a glob picks the script: confined, saying where it goes."""
    for line, what in CONFINED.items():
        assert (run_time_word(line) or "").startswith(what), line
