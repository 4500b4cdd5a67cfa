"""trust67: the Bash permission checks' known gaps after shell61 and review64, closed.

* One wrapper table (``coordinator.tools.wrappers``): the tools' reading of what a command
  runs (``tools/implicit.py``) kept its own list, which lacked the tracers and jails the
  permission checks knew (``strace -f make`` ran the workspace's Makefile unconfined), and
  the permission checks lacked ``firejail`` (``firejail rm -rf src`` passed
  ``Bash(rm:*)``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hostile import bash, run, sent_results
from kit import report

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


# 1. Globs and brace lists the shell expands into options, and rule words it rebuilds.
LIMIT = [
    "Read",
    *(f"Bash({c}:*)" for c in ("git diff", "sort", "sed -n", "uniq", "find", "tar", "awk")),
]


@pytest.mark.parametrize(
    ("command", "word"),
    [
        ("sort *", "the word * (a glob"),  # a file named -osrc.py: sort -osrc.py ...
        ("sort *.txt", "the word *.txt"),  # -o.txt: writes .txt
        ("git diff *", "the word *"),  # --output=app.py
        ("sort --out*", "the word --out*"),
        ("sort -n*", "the word -n*"),  # a file named -nofile: sort -n -o file
        ('sort ""*', 'the word ""*'),
        ("sort {-oout.txt,f}", "the word {-oout.txt,f}"),  # no file needed
        ("find . -name *.py", "the word *.py"),  # -delete.py, or several names
        ("find *", "the word *"),  # a file named -delete
        ("tar *", "the word *"),  # a file named xf: tar's old-style options
        ("awk '{print}' *", "the word *"),  # -f prog: awk's program from a file
        ("uniq *", "the word *"),  # two names: uniq in out writes out
        ("uniq -- *", "the word *"),
        ("sed -n src/* f", "the option src/* (its program"),  # src/sXaXbXw out: s///w
        ("sed -n -- src/*", "the option src/* (its program"),
        ("sed -n -e src/* f", "the word src/* (a glob"),
        ("git diff --stat; sort -t $_ f", "the option $_"),  # $_ = 'a -ox' splits
        ("git diff*", "the word diff* (a word the rule names"),  # a file named difftool
        ("git diff${PWD:0:0}tool", "the word diff${PWD:0:0}tool"),  # git difftool
        ("git diff{tool,}", "the word diff{tool,}"),  # brace expansion: git difftool diff
    ],
)
def test_a_word_the_shell_could_expand_into_an_option_is_refused(command: str, word: str) -> None:
    refused = refusal(LIMIT, command)
    assert refused is not None, command
    assert f"has {word}" in refused


@pytest.mark.parametrize(
    "command", ["timeout * sort f", "nice -n * sort f", "timeout $T sort f", "nice -n{5,} sort f"]
)
def test_a_stripped_wrapper_whose_words_the_shell_builds_is_not_stripped(command: str) -> None:
    refused = refusal(LIMIT, command)  # files 1 and rm: timeout 1 rm sort f
    assert refused is not None
    assert "matches no rule" in refused


@pytest.mark.parametrize(
    "command",
    [
        "sort -- *",
        "git diff -- *.py",
        "sort ./*",
        "sort src/*.txt",
        "find . -name '*.py'",
        'find . -name "*.py" -print',
        "sed -n '1,5p' src/*.py",
        "awk '{print $1}' ./*.csv",
        "uniq -c src/a.txt",
        "timeout 5 sort f",
        "git diff HEAD~1 -- 'src/*.py'",
        "git diff --word-diff-regex=[a-z]*",  # a long option's value: the option stays
    ],
)
def test_globs_that_expand_to_plain_names_still_run(command: str) -> None:
    assert refusal(LIMIT, command) is None


def test_a_glob_under_an_exact_rule_is_the_users_own() -> None:
    assert refusal(["Read", "Bash(ls *)", "Bash(echo $HOME)"], "echo $HOME") is None
    assert refusal(["Read", "Bash(ls *)"], "ls *.py") is None  # (ls: no option writes)


def test_a_file_named_like_an_option_cannot_write_past_sort(tmp_path: Path) -> None:
    """What the rule stops, done by bash: ``sort *`` in a folder holding ``-osrc.py``."""
    (tmp_path / "src.py").write_text("the user's\nlines\n", encoding="utf-8")
    (tmp_path / "-osrc.py").write_text("", encoding="utf-8")
    subprocess.run(["/bin/bash", "-c", "sort *"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "src.py").read_text(
        encoding="utf-8"
    ) == "lines\nthe user's\n"  # sort -osrc.py src.py
    assert refusal(LIMIT, "sort *") is not None


# 2. A here-document's body is data.
DENY = ("Bash(rm:*)",)


@pytest.mark.parametrize(
    "command",
    [
        "cat <<EOF\n$HOME is where\n$X y\nEOF",  # a line beginning $X: no command
        "cat <<'EOF'\nrm -rf src\nEOF",  # a quoted delimiter: nothing in the body runs
        'cat <<"EOF" > /dev/null\n$(rm -rf src)\nEOF',
        "cat <<-EOF | grep a\n\t$X\n\tEOF\nls",
        "cat <<A <<'B'\n$X\nA\nrm x\nB\nls",
    ],
)
def test_a_here_documents_body_is_data_to_a_deny_rule(command: str) -> None:
    assert refusal(["Read", "Bash"], command, DENY) is None


@pytest.mark.parametrize(
    "command",
    [
        "cat <<EOF\n$(rm -rf src)\nEOF",  # an unquoted delimiter's substitution runs
        "cat <<EOF\n`rm -rf src`\nEOF",
        "cat <<EOF\n$(\nrm -rf src\n)\nEOF",
        "cat <<EOF\n$(echo r)m\nEOF\n$(echo r)m -rf src",
        "cat <<'EOF'\n$X\nEOF\nrm -rf src",  # after the body: a command again
        "echo $((1<<2))\nrm -rf src",  # arithmetic: no here-document
        "x=${y//<</}\nrm -rf src",
        "a[1<<2]=x\nrm -rf src",
        "cat <<E; $(echo r)m x\nbody\nE",
    ],
)
def test_what_runs_around_a_here_document_is_still_checked(command: str) -> None:
    assert refusal(["Read", "Bash"], command, DENY) is not None


def test_a_limited_bash_reads_a_here_documents_body_as_data() -> None:
    tools = ["Read", "Bash(git commit:*)", "Bash(cat:*)"]
    assert refusal(tools, "git commit -F - <<EOF\nfix: $X > y\nsee #2\nEOF") is None
    assert refusal(tools, "cat <<'EOF'\n$(rm x)\nEOF") is None
    refused = refusal(tools, "cat <<EOF\n$(rm x)\nEOF")  # a substitution runs
    assert refused is not None and "runs a command inside its words" in refused


def test_a_here_documents_body_reaches_bash_as_data(tmp_path: Path) -> None:
    """What the reading follows, done by bash: a body line beginning ``$X`` runs nothing."""
    script = "X=touch\ncat <<EOF > /dev/null\n$X ran\nEOF\ncat <<'EOF'\n$(touch ran2)\nEOF"
    subprocess.run(["/bin/bash", "-c", script], cwd=tmp_path, check=True, capture_output=True)
    assert list(tmp_path.iterdir()) == []
    assert refusal(["Read", "Bash"], script.split("\n", 1)[1], DENY) is None


# 3. A launcher's option values are values, not the program.
@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(pnpm:*)", "pnpm -C web eslint --fix"),
        ("Bash(pnpm:*)", "pnpm --dir web eslint --fix"),
        ("Bash(pnpm:*)", "pnpm --filter app exec eslint --fix"),
        ("Bash(pnpm:*)", "pnpm --weird value eslint --fix"),  # an unknown option: both read
        ("Bash(npm:*)", "npm --prefix web exec eslint --fix"),
        ("Bash(npm exec:*)", "npm exec --prefix web -- eslint --fix"),
        ("Bash(yarn:*)", "yarn --cwd web eslint --fix"),
        ("Bash(uv run:*)", "uv run --directory api ruff check --fix"),
        ("Bash(uv:*)", "uv --directory api run ruff check --fix"),
        ("Bash(npx:*)", "npx -p eslint@9 eslint --fix"),
        ("Bash(npx:*)", "npx --package eslint@9 eslint --fix"),
        ("Bash(bunx:*)", "bunx -p prettier@3 prettier --write ."),
        ("Bash(pipx run:*)", "pipx run --spec ruff ruff check --fix"),
        ("Bash(python -W:*)", "python -W ignore -m ruff check --fix"),
    ],
)
def test_a_launchers_option_value_is_not_taken_for_the_program(rule: str, command: str) -> None:
    refused = refusal(["Read", rule], command)
    assert refused is not None, command
    assert "(writes the file it names)" in refused


@pytest.mark.parametrize(
    ("rule", "command"),
    [("Bash(npx:*)", "npx -c 'eslint --fix'"), ("Bash(pnpm exec:*)", "pnpm exec -c 'ruff x'")],
)
def test_a_launchers_command_line_option_is_refused(rule: str, command: str) -> None:
    refused = refusal(["Read", rule], command)
    assert refused is not None and "(runs a program)" in refused


@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(pnpm:*)", "pnpm -C web eslint src"),
        ("Bash(pnpm:*)", "pnpm -C web install"),
        ("Bash(yarn:*)", "yarn --cwd web test"),
        ("Bash(uv run:*)", "uv run --directory api pytest -q"),
        ("Bash(npx:*)", "npx -p prettier prettier --check ."),
        ("Bash(npm:*)", "npm --prefix web test"),
    ],
)
def test_launchers_with_option_values_still_run(rule: str, command: str) -> None:
    assert refusal(["Read", rule], command) is None


@pytest.mark.parametrize(
    ("rule", "command"),
    [("Bash(npx:*)", "npx *"), ("Bash(yarn:*)", "yarn *"), ("Bash(pnpm:*)", "pnpm -C * eslint")],
)
def test_a_glob_where_a_launcher_finds_its_program_is_refused(rule: str, command: str) -> None:
    refused = refusal(["Read", rule], command)  # files eslint and --fix: npx eslint --fix
    assert refused is not None and "has the word *" in refused


# In a real sandboxed session (scripted model, bwrap).
DONE = {"text": report("Complete", "Done")}


def test_a_file_named_like_an_option_cannot_write_past_a_limit_in_a_session(
    tmp_path: Path,
) -> None:
    """The agent writes ``-onotes.txt`` with its Write tool, then runs ``sort *``: on the
    start code it ran (``sort -onotes.txt notes.txt`` rewrote the user's file); now it is
    refused, and ``sort -- *`` and a here-document run."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "notes.txt").write_text("b\na\n", encoding="utf-8")
    agent = AgentSpec(
        name="backend",
        description="Sorts.",
        tools=["Read", "Write", "Bash(sort:*)", "Bash(cat:*)"],
        disallowed_tools=["Bash(rm:*)"],
        body="Sort.",
    )
    write = {"name": "Write", "input": {"file_path": str(ws / "-onotes.txt"), "content": ""}}
    turns = [
        {"tool_calls": [write]},
        bash("sort *"),
        bash("sort -- *"),
        bash("cat <<EOF\n$HOME is home\nEOF"),
        DONE,
    ]
    results = sent_results(run(ws, Path(os.environ["HOME"]), agent, turns))
    _, glob, after_dashes, here = (str(r["content"]) for r in results)
    assert "has the word * (a glob or brace list" in glob, glob
    assert (ws / "notes.txt").read_text(encoding="utf-8") == "b\na\n"
    assert "a\nb" in after_dashes, after_dashes
    assert "is home" in here, here
