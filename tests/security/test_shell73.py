"""shell73: a Bash deny rule (``Bash(rm:*)``) against what an agent would really write.

Each line that got ``rm`` past the rule was first run by ``/bin/bash`` in a scratch folder
whose ``rm`` is a stub that logs (:func:`ran_rm`); the test checks it ran there, then that
the rule refuses it. Everyday lines must still run (:data:`ORDINARY`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from tests.security.test_shell69 import refusal

#: The programs the stub folder links (the rest of PATH is empty: ``rm`` is the stub).
_LINKED = (
    "cat sh bash env grep sed awk git xargs printf chmod mkdir cp mv ln install tee dd "
    "timeout nice nohup stdbuf setsid ionice taskset flock time make npm npx node perl python3 "
    "true false dirname basename readlink uname"
).split()


def ran_rm(command: str, folder: Path) -> bool:
    """Whether bash, with ``rm`` a stub that logs (and the programs of :data:`_LINKED`),
    runs ``rm`` for ``command`` in ``folder``."""
    bin_ = folder.parent / f"{folder.name}-bin"
    bin_.mkdir()
    (bin_ / "rm").write_text(f"#!/bin/sh\necho ran >> {bin_}/log\n", encoding="utf-8")
    (bin_ / "rm").chmod(0o755)
    for name in _LINKED:
        found = shutil.which(name)
        if found:
            (bin_ / name).symlink_to(os.path.realpath(found))
    (folder / "f").write_text("a\n", encoding="utf-8")
    env = {
        "PATH": str(bin_),
        "HOME": str(folder),
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@b",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@b",
        "npm_config_cache": str(folder / ".npm"),
        "npm_config_update_notifier": "false",
    }
    subprocess.run(
        ["/bin/bash", "-c", command],
        cwd=folder,
        env=env,
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return (bin_ / "log").exists()


def refused_by_rm(command: str, root: Path) -> None:
    """``command`` is refused by the ``Bash(rm:*)`` deny rule, which names it."""
    refused = refusal(command, root)
    assert refused is not None and "Bash(rm:*)" in refused, command


# ---- a wrapper named by its path is the wrapper --------------------------------------------

PATH_WRAPPERS = [
    "/usr/bin/timeout 5 rm f",
    "/usr/bin/nice -n 5 rm f",
    "/usr/bin/nohup rm f",
    "/usr/bin/stdbuf -oL rm f",
    "/usr/bin/setsid rm f",
    "echo f | /usr/bin/xargs rm",
    "/usr/bin/time -p rm f",
    "/usr/bin/flock /tmp/shell73-lock rm f",
]


@pytest.mark.parametrize("command", PATH_WRAPPERS)
def test_a_wrapper_named_by_its_path_is_looked_past(command: str, tmp_path: Path) -> None:
    """``/usr/bin/timeout 5 rm f`` runs rm as ``timeout 5 rm f`` does."""
    program = command.split("| ")[-1].split()[0]
    if not Path(program).exists():
        pytest.skip(f"no {program}")
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)


# ---- a launcher runs the command after it --------------------------------------------------

LAUNCHED = [
    "npx -c 'rm f'",
    "npm exec -c 'rm f'",
    "npx --call='rm f'",
    "npm exec -- rm f",
    "npm x -- rm f",
    "npx rm f",
]


@pytest.mark.parametrize("command", LAUNCHED)
def test_a_launchers_command_is_checked(command: str, tmp_path: Path) -> None:
    """npx and ``npm exec`` run the command after their options (or their ``-c`` line):
    ``rm``, the stub, or (``npx rm``) the system's own."""
    if not shutil.which("npx"):
        pytest.skip("no npx")
    (tmp_path / "keep").write_text("k", encoding="utf-8")
    ran = ran_rm(command, tmp_path)
    assert ran or not (tmp_path / "f").exists()
    refused_by_rm(command, tmp_path)


# ---- a program's own command files, written on the line ------------------------------------

_HOOK = "printf '#!/bin/sh\\nrm f\\n'"
_COMMIT = "git commit -q --allow-empty -m x"

WRITTEN_FILES = [
    f"git init -q && {_HOOK} > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit "
    f"&& {_COMMIT}",
    f"git init -q; {_HOOK} > hk; chmod +x hk; cp hk .git/hooks/pre-commit; {_COMMIT}",
    f"git init -q; {_HOOK} > hk; chmod +x hk; mv hk .git/hooks/pre-commit; {_COMMIT}",
    f"git init -q; {_HOOK} | tee .git/hooks/pre-commit >/dev/null; "
    f"chmod +x .git/hooks/pre-commit; {_COMMIT}",
    f"git init -q; {_HOOK} > hk; chmod +x hk; install hk .git/hooks/pre-commit; {_COMMIT}",
    f"git init -q; {_HOOK} > hk; chmod +x hk; ln -s ../../hk .git/hooks/pre-commit; {_COMMIT}",
    f"git init -q; {_HOOK} > hk; chmod +x hk; dd if=hk of=.git/hooks/pre-commit 2>/dev/null; "
    f"chmod +x .git/hooks/pre-commit; {_COMMIT}",
    f"mkdir -p t/hooks; {_HOOK} > t/hooks/pre-commit; chmod +x t/hooks/pre-commit; "
    f"git init -q --template=t; {_COMMIT}",
    "git init -q; echo '[alias] x = !rm f' >> .git/config; git x",
    "git init -q; printf '[core]\\n\\thooksPath = h\\n' >> .git/config; mkdir h; "
    f"{_HOOK} > h/pre-commit; chmod +x h/pre-commit; {_COMMIT}",
    "printf 'all:\\n\\trm f\\n' > mk && make -f mk",
    "printf 'all:\\n\\trm f\\n' > Makefile && make",
    "cat > Makefile <<'EOF'\nall:\n\trm f\nEOF\nmake",
    "tee GNUmakefile <<'EOF' >/dev/null\nall:\n\trm f\nEOF\nmake",
    "printf 'all:\\n\\t$(RM) f\\n' > Makefile && make",
    "printf 'all:\\n\\trm f\\n' | make -f -",
    "make -f - <<'EOF'\nall:\n\trm f\nEOF",
    "make --eval='all: ; rm f'",
    'echo \'{"scripts":{"x":"rm f"}}\' > package.json && npm run x',
    'echo \'{"scripts":{"test":"rm f"}}\' > package.json && npm test',
    'cat > package.json <<\'EOF\'\n{"scripts":{"x":"rm f"}}\nEOF\nnpm run x',
    'echo \'{"scripts":{"pretest":"rm f","test":"true"}}\' > package.json && npm test',
    "npm init -y >/dev/null && npm pkg set scripts.x='rm f' && npm run x",
]


@pytest.mark.parametrize("command", WRITTEN_FILES)
def test_a_command_file_the_line_writes_for_git_make_or_npm_is_refused(
    command: str, tmp_path: Path
) -> None:
    """git runs the hooks and settings, make the makefile, npm the package.json scripts
    the line wrote before them: commands no rule read."""
    program = next(p for p in ("npm", "make", "git") if p in command)
    if not shutil.which(program):
        pytest.skip(f"no {program}")
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        'awk \'BEGIN{print "rm f" | "sh"}\'',
        'awk \'BEGIN{printf "rm f\\n" | "/bin/sh"}\'',
        "awk -v s=bash 'BEGIN{print \"rm f\" | s}'",
    ],
)
def test_awk_printing_to_a_shell_is_refused(command: str, tmp_path: Path) -> None:
    """awk's ``print … | "sh"`` hands the shell its output as commands."""
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)


# ---- everyday lines still run under the rule ------------------------------------------------

ORDINARY = [
    "pytest -q",
    "npm test",
    "git status && git diff",
    "make test",
    "ls | grep x",
    "npm install && npm run lint",
    "make clean && make",
    "git add -A && git commit -m 'fix: x'",
    "npx eslint . && npx tsc --noEmit",
    "timeout 60 pytest -x",
    "/usr/bin/time -v make",
    "/usr/bin/env python3 --version",
    "find . -name '*.pyc' -delete",
    "mkdir -p build && cd build && cmake .. && make",
    "git diff > changes.patch && git status",
    "npm test > test.log 2>&1; tail -5 test.log",
    "awk '\nNR == 1 {\n  print length($0)\n}' f",
    "awk '{\n  n = split($0, a)\n  print (n)\n}' f | sort",
    'awk \'BEGIN{print "x" | "sort"}\'',
    "cp .env.example .env && npm run dev",
]


@pytest.mark.parametrize("command", ORDINARY)
def test_everyday_lines_run_under_a_deny_rule(command: str, tmp_path: Path) -> None:
    """A deny rule on rm must not make ordinary work impossible."""
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize(
    "command",
    ["fd -x rm", "fd -e txt --exec rm {} \\;", "fd -X rm", "fd -xrm", "fd --exec=rm", "fd -Hx rm"],
)
def test_the_command_fd_runs_is_checked(command: str) -> None:
    """fd's ``-x``/``-X`` run the words after them as ``find -exec`` does (fd is not
    installed here: read only; it takes no abbreviated long option, so ``--exe rm`` is
    its error, not a run)."""
    refused_by_rm(command, Path("/ws"))
    assert refusal("fd -e py -x wc -l") is None
    assert refusal("fd -ex rm") is None  # (``-e x``: rm is the pattern)


# ---- an interpreter's program on the line that runs programs -------------------------------

INTERPRETED = [
    'python3 -c \'import subprocess; subprocess.run(["rm", "f"])\'',
    "python3 -c \"import os; os.system('r' + 'm f')\"",
    "python3 -Bc \"import subprocess as s; s.call('rm f'.split())\"",
    'perl -e \'exec "rm", "f"\'',
    'perl -e \'system("r" . "m f")\'',
    "perl -we 'system qq{rm f}'",
    "node -e \"require('child_process').spawnSync('r' + 'm', ['f'])\"",
]


@pytest.mark.parametrize("command", INTERPRETED)
def test_an_inline_program_running_programs_is_refused(command: str, tmp_path: Path) -> None:
    """``python3 -c``, ``perl -e``, ``node -e`` programs that start programs: their
    command lines are built in another language, which a rule cannot read."""
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)
    assert refusal("python3 -c 'import json; print(json.dumps({\"a\": 1}))'", tmp_path) is None
    assert refusal("perl -ne 'print if /x/' f && node -e 'console.log(1)'", tmp_path) is None


# ---- the denied program's own file copied or linked under another name ---------------------

COPIED = [
    "cp /bin/rm p; ./p f",
    "cp /usr/bin/rm p && ./p f",
    "ln -sf /bin/rm p; ./p f",
    "install -m 755 /bin/rm p; ./p f",
    "dd if=/bin/rm of=p 2>/dev/null; ./p f",
    'cp "$(which rm)" p; ./p f',
    "ln -sf `command -v rm` p && ./p f",
    "hash -p /bin/rm x; x f",
    "mkdir -p b && ln -sf /bin/rm b/del && PATH=./b:$PATH del f",
]


@pytest.mark.parametrize("command", COPIED)
def test_a_copy_or_link_of_the_denied_program_is_refused(command: str, tmp_path: Path) -> None:
    """``p`` is a program the workspace already has (a binary: not read as a script);
    the line makes it rm and runs it: the real rm (not the stub) removes ``f``."""
    shutil.copy("/bin/true", tmp_path / "p")
    bash = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    (tmp_path / "f").write_text("a\n", encoding="utf-8")
    subprocess.run(["/bin/bash", "-c", command], cwd=tmp_path, env=bash, timeout=30, check=False)
    assert not (tmp_path / "f").exists()
    (tmp_path / "p").unlink()  # (a link to /bin/rm now: never write through it)
    shutil.copy("/bin/true", tmp_path / "p")
    refused_by_rm(command, tmp_path)
    assert refusal("ls -l /bin/rm && cp /bin/ls ./l && which rm", tmp_path) is None


# ---- a program a compiler on the line builds, then runs --------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "gcc -o p p.c && ./p",
        "gcc p.c -o p; ./p",
        "cc -O2 -o bin/p p.c && ./bin/p",
        "go build -o p . && ./p",
        "rustc -o p m.rs && ./p",
    ],
)
def test_a_binary_the_line_compiles_runs_as_one_already_there_does(
    command: str, tmp_path: Path
) -> None:
    """A compiled program is read no more than ``python3 x.py`` is (the rule names a
    program, not what a program does); refused only while it did not exist yet (a
    false refusal: the same line ran once ``p`` was there)."""
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize(
    "command",
    [
        "gcc -o p p.c && cp evil.sh p && ./p",
        "gcc -o p p.c; printf 'rm f\\n' > p; ./p",
        "gcc -o p p.c && sh -c 'echo rm f > p' && ./p",
    ],
)
def test_a_compiled_name_the_line_also_writes_is_still_refused(
    command: str, tmp_path: Path
) -> None:
    """Once ``p`` is also copied, written or named elsewhere on the line, it may be a
    script by the time it runs: refused as before."""
    (tmp_path / "evil.sh").write_text("rm f\n", encoding="utf-8")
    assert refusal(command, tmp_path) is not None


WRITTEN_ELSEWHERE = [
    f"git init -q --bare g; {_HOOK} > g/hooks/pre-commit; chmod +x g/hooks/pre-commit; "
    f"GIT_DIR=g GIT_WORK_TREE=. {_COMMIT}",
    f"git init -q --bare g; {_HOOK} > g/hooks/pre-commit; chmod +x g/hooks/pre-commit; "
    f"git --git-dir=g --work-tree=. {_COMMIT.removeprefix('git ')}",
    f"git init -q --separate-git-dir=g; {_HOOK} > g/hooks/pre-commit; "
    f"chmod +x g/hooks/pre-commit; {_COMMIT}",
    f"mkdir s && cd s && git init -q && cd .git && {_HOOK} > hooks/pre-commit && "
    f"chmod +x hooks/pre-commit && cd .. && {_COMMIT}",
    "make -f <(printf 'all:\\n\\trm f\\n')",
    'node -e \'require("fs").writeFileSync("package.json", '
    'JSON.stringify({scripts: {x: "rm f"}}))\' && npm run x',
    'echo \'{"scripts":{"x":"ls"}}\' > p.json && sed -i \'s/ls/rm f/\' p.json && '
    "cp p.json package.json && npm run -s x",
]


@pytest.mark.parametrize("command", WRITTEN_ELSEWHERE)
def test_a_command_file_written_in_another_folder_or_by_a_program_is_refused(
    command: str, tmp_path: Path
) -> None:
    """A git directory named otherwise (``GIT_DIR=g``, ``--git-dir``, a bare or separate
    one), a hook written from inside ``.git``, a makefile from a process substitution, a
    ``package.json`` a program writes by a name on the line."""
    program = next(p for p in ("npm", "make", "git") if p in command)
    if not shutil.which(program):
        pytest.skip(f"no {program}")
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)
    assert refusal("sed -i 's/a/b/' README.md && make test", tmp_path) is None
    assert refusal("cd web && npm ci && npm test", tmp_path) is None


# ---- an option that runs a program -------------------------------------------------------


def test_an_option_that_runs_a_program_is_refused(tmp_path: Path) -> None:
    """tar's ``--checkpoint-action=exec=`` runs a command line, as ``rg --pre`` and ``git
    diff --ext-diff`` run a program the rule does not see (the allow side already knew
    these options: :func:`shell_options.option_effects`)."""
    command = "tar cf /dev/null f --checkpoint=1 --checkpoint-action=exec='rm f'"
    if not shutil.which("tar"):
        pytest.skip("no tar")
    assert ran_rm(command.replace("tar", shutil.which("tar") or "tar", 1), tmp_path)
    for line in (command, "rg --pre rm x src", "git diff --ext-diff"):
        refused_by_rm(line, tmp_path)
    for line in ("tar czf out.tgz src", "sort -o out.txt in.txt", "npx -c 'eslint .'"):
        assert refusal(line, tmp_path) is None, line


@pytest.mark.parametrize(
    "command",
    [
        "python3 <<'EOF'\nimport os\nos.system('r' + 'm f')\nEOF",
        "python3 <<< \"import os; os.system('r' + 'm f')\"",
        "cat > t.py <<'EOF'\nimport os\nos.system('rm f')\nEOF\npython3 t.py",
        'printf \'import subprocess\\nsubprocess.run(["rm", "f"])\\n\' > t.py && python3 t.py',
    ],
)
def test_an_interpreters_program_on_its_input_or_written_on_the_line_is_read(
    command: str, tmp_path: Path
) -> None:
    """A program the line gives an interpreter on its input, or writes and runs, that
    starts programs: refused as its ``-c`` form is; one that starts none runs."""
    assert ran_rm(command, tmp_path)
    refused_by_rm(command, tmp_path)
    quiet = "cat > t.py <<'EOF'\nimport json\nprint('ok')\nEOF\npython3 t.py"
    assert refusal(quiet, tmp_path) is None
    assert refusal("python3 -m pytest -q && python3 manage.py check", tmp_path) is None


@pytest.mark.parametrize(
    "command",
    [
        "cat > t.py <<'EOF'\nimport sys\nprint(sys.argv[1])\nEOF\npython3 t.py x",
        "cat > conf.sh <<'EOF'\nX=$(date +%s)\nEOF",
        "cat > notes.md <<'EOF'\nRun (make $TARGET) first.\nEOF\ngit add notes.md",
    ],
)
def test_a_data_bodys_groups_are_no_built_command_names(command: str, tmp_path: Path) -> None:
    """A here-document ``cat`` writes is data: ``print(sys.argv[1])`` in it is no
    subshell whose name is the glob ``sys.argv[1]`` (a false refusal of an everyday way
    to write a file); a body a shell reads is still read."""
    assert refusal(command, tmp_path) is None
    refused_by_rm("sh <<'EOF'\nX=rm\n$($X f)\nEOF", tmp_path)


def test_an_approved_fd_runs_only_approved_commands() -> None:
    """Under an agent's ``tools: Bash(fd:*)`` limit, ``fd -x rm`` runs rm, which no rule
    approves (was: refused for fd's option alone, as ``fd -x ls`` still is)."""
    agent = AgentSpec(name="dev", description="d", tools=["Read", "Bash(fd:*)"])
    said = agent_rules(agent).refusal(
        "Bash", {"command": "fd -e py -x rm"}, Path("/ws"), Path("/h")
    )
    assert said is not None and "runs 'rm' (fd -x), which matches no rule" in said


@pytest.mark.parametrize(
    "command", ['sed -n  -ni"\\', 'git diff  --textconv" || --stat\\\\|\\', 'sort -o"x\\']
)
def test_an_unclosed_quote_ending_in_a_backslash_is_read_without_a_crash(command: str) -> None:
    """The fuzz's lines (trust54's corpus, seeds 1-3) that raised IndexError in
    ``option_glob`` once a deny rule read options that run programs."""
    refusal(command)


@pytest.mark.parametrize(
    "command",
    [
        "python3 - <<'EOF'\nimport sqlite3\ndb = sqlite3.connect('a.db')\n"
        "db.execute('create table t (x)')\ndb.executemany('insert into t values (?)', [(1,)])\nEOF",
        "python3 -c 'import os; print(os.fork)'",
    ],
)
def test_a_database_call_is_no_program_started(command: str, tmp_path: Path) -> None:
    """``execute``/``executemany`` run SQL, not programs (a false refusal of the first
    reading of interpreters' programs)."""
    assert refusal(command, tmp_path) is None


def test_a_copys_source_is_not_written(tmp_path: Path) -> None:
    """``cp package.json package.json.bak && npm install`` writes the copy, not
    package.json (a false refusal); the copy's target still counts, ``-t DIR`` too."""
    assert refusal("cp package.json package.json.bak && npm install", tmp_path) is None
    assert refusal("cp Makefile Makefile.orig; make test", tmp_path) is None
    refused_by_rm("cp p.json package.json && npm test", tmp_path)
    refused_by_rm("cp hk -t .git/hooks/ && git commit -m x", tmp_path)
    refused_by_rm("dd if=x of=Makefile && make", tmp_path)
