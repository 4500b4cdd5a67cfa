"""The script files a Bash command runs in the workspace (``sh f.sh``, ``source f``,
``./f.sh`` of a shell script), read as a deny or ask rule reads a command
(:func:`denied_script`): a command a rule matches (the refusal names its line), a name
or input it cannot read, scripts the script runs in turn; refused when it cannot be read
(missing, outside the workspace, over :data:`SCRIPT_LIMIT`, not UTF-8, past the check's
budget of :data:`SCRIPT_COUNT` scripts) or when the line, or the script itself, could
rewrite it before or while it runs (:class:`_Writers`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.config import is_inside
from coordinator.runtime.permission_bash import bash_matches
from coordinator.runtime.permission_line import (
    _changer,
    _joined_folders,
    _Line,
    _parts_within,
    _read_line,
)
from coordinator.runtime.permission_made import _compiled, _literal_script, _venv_activated
from coordinator.runtime.permission_rules import Rule
from coordinator.runtime.permission_unread import built_name, unread_input
from coordinator.runtime.shell_files import named_writes
from coordinator.runtime.shell_words import (
    SimpleCommand,
    built,
    plain_word,
    read_command,
    script_file,
)
from coordinator.tools.wrappers import SHELLS

#: The largest script file a deny rule reads (a larger one is refused; one check reads
#: no more in all), how many script files one check reads, and how deep scripts run by
#: scripts are followed.
SCRIPT_LIMIT = 256 * 1024
SCRIPT_COUNT = 32
_SCRIPT_DEPTH = 3


def denied_script(rules: list[Rule], command: str, root: Path) -> str | None:
    """Why ``rules`` (Bash deny or ask rules) refuse a script file ``command`` runs in the
    workspace ``root`` (:func:`shell_words.script_file`: ``sh f.sh``, ``source f``, ``./f.sh``
    of a shell script), or None: read as the rules read a command (a command one of
    them matches, a name built when it runs, commands read from standard input, scripts it
    runs in turn), or not readable (missing, outside the workspace, over
    :data:`SCRIPT_LIMIT`, not UTF-8, named by a word built when it runs, or named or
    written elsewhere in the line, which could change it before it runs, or past the
    check's budget: :class:`_Scripts`)."""
    return _denied_script(_Scripts(rules, root), command, 0)


@dataclass
class _Scripts:
    """One check's reading of the script files a command runs: its rules, its workspace
    and what it may still read. Every script read, at any depth, takes from one count
    and one size (:data:`SCRIPT_COUNT`, :data:`SCRIPT_LIMIT`): a check is bounded however
    many scripts the scripts run."""

    rules: list[Rule]
    root: Path
    count: int = SCRIPT_COUNT
    size: int = SCRIPT_LIMIT
    #: The scripts read, by their real paths: one read once a check (the line's and its
    #: scripts' other commands are compared with each script run).
    read: dict[Path, str] = field(default_factory=dict)

    def text(self, file: str) -> tuple[str | None, str | None]:
        """The text of the script ``file`` (from the workspace, where the command runs),
        taken from the budget, or why it is not read."""
        if built(file):
            return None, "its name is built when the command runs"
        try:
            real = _workspace_file(file, self.root)
            if real is None:
                return None, "it is no file in the workspace"
            if real in self.read:
                return self.read[real], None
            size = real.stat().st_size
            if size > SCRIPT_LIMIT:
                return None, f"it is larger than {SCRIPT_LIMIT // 1024} KB{self._head(real)}"
            if self.count <= 0 or size > self.size:
                return None, (
                    f"the command runs more than {SCRIPT_COUNT} scripts or "
                    f"{SCRIPT_LIMIT // 1024} KB of them, more than a rule reads"
                )
            self.count, self.size = self.count - 1, self.size - size
            with real.open("rb") as opened:
                self.read[real] = opened.read(size).decode("utf-8")
            return self.read[real], None
        except UnicodeDecodeError as exc:  # (what comes before the byte still shown)
            byte, valid = exc.object[exc.start], exc.object[: exc.start].decode()
            where = f"byte 0x{byte:02X} at offset {exc.start}"
            return None, f"it is not UTF-8 text ({where}){self._shows(valid)}"
        except RuntimeError:
            return None, "its links loop"
        except (OSError, ValueError) as exc:
            return None, f"it cannot be read ({getattr(exc, 'strerror', None) or exc})"

    def _head(self, real: Path) -> str:
        """:meth:`_shows` of the beginning of the script ``real``, too large to read
        whole (taken from the budget); empty past it."""
        if self.count <= 0 or self.size < SCRIPT_LIMIT:
            return ""
        self.count, self.size = self.count - 1, self.size - SCRIPT_LIMIT
        with real.open("rb") as opened:
            head = opened.read(SCRIPT_LIMIT).decode("utf-8", "replace")
        return self._shows(head)

    def _shows(self, text: str) -> str:
        """``, and holds a command RULE matches (line N: …)`` when the whole lines of
        ``text``, the part of a script that could be read, show one; else empty."""
        lines = text.rsplit("\n", 1)[0] if "\n" in text else ""
        hits = ((r, _line_of(r, lines)) for r in self.rules)
        return next((f", and holds a command {r.text} matches{at}" for r, at in hits if at), "")


def _denied_script(scripts: _Scripts, command: str, depth: int) -> str | None:
    """:func:`denied_script` of ``command``, read at ``depth`` (0: the call's command)."""
    if not _RUNS_SCRIPT.search(command):
        return None
    line: _Line | None = None
    for index, part in enumerate(_parts_within(command)):
        run = script_file(part.words)
        if run is None:
            continue
        program, written = run
        line = line or _read_line(command)
        places = line.places(written)
        if places is not None and len(places) > 1:  # (the folders it may be in: those it is)
            places = [f for f in places if os.path.lexists(scripts.root / f)] or places[-1:]
        whys = (
            [_MOVED]
            if places is None
            else (_script_why(scripts, f, line, index, depth, program == written) for f in places)
        )
        why = next((w for w in whys if w is not None), None)
        if why is not None:
            return f"{program} runs the file {written}, which a rule reads as commands: {why}"
    return None


_MOVED = "the command line changes folder first (cd), to a folder it does not name"
_CHANGED = "the command line could change it before it runs"


def _script_why(
    scripts: _Scripts, file: str, line: _Line, index: int, depth: int, by_path: bool
) -> str | None:
    """Why the rules refuse the script ``file`` (from the workspace) run by the simple
    command ``index`` of ``line``, or None; ``by_path``: the command's name (read only when
    it is a shell script, or when missing and maybe made by the line)."""
    if _venv_activated(line, file, index):
        return None  # (``python3 -m venv .venv && . .venv/bin/activate``: venv's own script)
    literal = _literal_script(line, file, index)
    if literal is not None:  # (``printf 'echo hi\n' > s.sh && chmod +x s.sh && ./s.sh``)
        return _script_refusal(scripts, literal, depth)
    real = _workspace_file(file, scripts.root) if not built(file) else None
    if real is None or (by_path and not _bash_runs(file, scripts.root)):
        named = line.command.count(file.rsplit("/", 1)[-1]) > 1 or line.writes
        if by_path and (not named or os.path.lexists(scripts.root / file)):
            return None  # (a program by its path, none of the workspace's shell scripts)
        if by_path and not line.writes and _compiled(line.parts, file):
            return None  # (a compiler's program: read no more than one already there)
        if named:
            return f"{_CHANGED} (it writes or names it)"
        return scripts.text(file)[1]
    writers = _Writers(scripts, real, depth)
    written = next((w for w in line.named if writers.could_write(w, line.folders)), None)
    if written is not None:
        return f"{_CHANGED} (it writes {written})"
    changer = writers.first(line.others(index), line.folders, line.path_set)
    if changer is not None:
        return (
            f"the command line {changer} before it or beside it, a program that could "
            "rewrite it after a rule read it: run the script in a call of its own"
        )
    text, why = scripts.text(file)
    if why is not None or text is None:
        return why
    own = _read_line(text)
    itself = writers.within(own, _joined_folders(line.folders, own.folders))
    if itself is not None:
        return (
            f"it could rewrite itself as it runs (it {itself}), and bash reads a script as "
            "it runs it, so what it would run then is not what a rule read"
        )
    return _script_refusal(scripts, text, depth)


@dataclass
class _Writers:
    """Whether the programs and writes of a line could rewrite the script at ``real`` (a
    regular file of the workspace, its links followed) before it runs: what each writes
    by name (redirections, ``tee``/``touch``/``mkdir``), compared with it on the disk, and
    the programs that could write any file (:func:`_changer`: not one that leaves files
    alone; a workspace shell script run before it is read, as far as the check's budget
    and :data:`_SCRIPT_DEPTH` go, and counts when it could)."""

    scripts: _Scripts
    real: Path
    depth: int

    def first(
        self, parts: list[SimpleCommand], folders: list[str] | None, path: bool
    ) -> str | None:
        """The first of ``parts`` (run from one of ``folders``) that could rewrite the
        script, as the refusal names it; ``path``: the line sets PATH (a program named as
        one that leaves files alone may be the workspace's)."""
        for part in parts:
            written = self.writes(part, folders)
            found = f"writes {written}" if written else self._program(part, folders, path)
            if found is not None:
                return found
        return None

    def within(self, line: _Line, folders: list[str] | None, depth: int = 0) -> str | None:
        """What of ``line`` (a script's text, run from one of ``folders``) writes the
        script by name, also in the workspace scripts it runs in turn (bounded), or None;
        its other programs are the script's own business, as ``python3 x.py``'s are."""
        for part in line.parts:
            written = self.writes(part, folders)
            found = None if written is None else f"writes {written}"
            run = script_file(part.words) if found is None and depth < _SCRIPT_DEPTH else None
            if run is not None:
                found = self._in_script(
                    run[1], folders, lambda ran, where: self.within(ran, where, depth + 1), None
                )
            if found is not None:
                return found
        return None

    def writes(self, part: SimpleCommand, folders: list[str] | None) -> str | None:
        """The name ``part`` writes (by a redirection, or ``tee``/``touch``/``mkdir``'s
        operand) that could be the script or a folder holding it, as written; None when
        none could."""
        return next((w for w in named_writes(part) if self.could_write(w, folders)), None)

    def could_write(self, word: str, folders: list[str] | None) -> bool:
        """Whether a write of the word ``word`` (as written) could reach the script."""
        return built(word) or self._could_be(plain_word(word), folders)

    def _could_be(self, name: str, folders: list[str] | None) -> bool:
        """Whether a write of ``name`` from one of ``folders`` (None: unknown) could reach
        the script: its path or a folder above it, another name of it (a link, a hard
        link), a path outside the workspace (a mount may show it there), or unknown."""
        if name.startswith("/dev/") and not name.startswith("/dev/fd/"):
            return False
        if name.startswith(("~", "/proc/")) or (folders is None and not name.startswith("/")):
            return True
        places = (
            [Path(name)]
            if name.startswith("/")
            else [self.scripts.root / f / name for f in folders or []]
        )
        for place in places:
            try:
                real = place.resolve()
                if real == self.real or real in self.real.parents:
                    return True
                outside = not real.is_relative_to(self.scripts.root.resolve())
                if outside and not real.is_relative_to("/tmp"):  # (the sandbox's own tmpfs)
                    return True
                if real.exists() and os.path.samefile(real, self.real):
                    return True
            except (OSError, RuntimeError, ValueError):
                return True
        return False

    def _program(self, part: SimpleCommand, folders: list[str] | None, path: bool) -> str | None:
        """The program ``part`` runs when it could write a file the line does not name,
        as the refusal names it; None when it leaves files alone or is a workspace shell
        script whose own commands could not rewrite the script."""
        run = script_file(part.words)
        system = run is not None and run[0] == run[1] and run[1].startswith(_SYSTEM)
        if run is None or (system and not is_inside(Path(run[1]), self.scripts.root)):
            changer = _changer(part.words, path)  # (``/bin/ls``: ls, none of the workspace's)
            return None if changer is None else f"runs {changer}"
        if self.depth >= _SCRIPT_DEPTH:
            return f"runs {run[1]}"
        inner = _Writers(self.scripts, self.real, self.depth + 1)
        return self._in_script(
            run[1],
            folders,
            lambda ran, where: inner.first(ran.parts, where, path or ran.path_set),
            f"runs {run[1]}",
        )

    def _in_script(
        self,
        file: str,
        folders: list[str] | None,
        check: Callable[[_Line, list[str] | None], str | None],
        unread: str | None,
    ) -> str | None:
        """``check`` of the workspace shell script ``file`` (run from one of ``folders``),
        read, as ``FILE (which …)``; ``unread`` when it is no shell script or cannot be
        read (``file`` where a program counts: it could write anything)."""
        if folders is None and not file.startswith("/"):
            return unread
        places = [file] if file.startswith("/") else [f"{f}{file}" for f in folders or []]
        for place in places:
            if built(place) or not _bash_runs(place, self.scripts.root):
                return unread
            text, why = self.scripts.text(place)
            if text is None:
                return unread and f"{unread} ({why})"
            ran = _read_line(text)
            found = check(ran, _joined_folders(folders, ran.folders))
            if found is not None:
                return f"runs {file} (which {found})"
        return None


#: The system's program folders: ``/bin/ls`` is ls (``/tmp/ls`` may be anything).
_SYSTEM = ("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/")


def _runs_as_shell(text: str) -> bool:
    """Whether bash runs ``text``, an executable file's, as a shell script: its ``#!``
    line names a shell (``#!/usr/bin/env bash``), or it has none (bash runs it itself)."""
    if not text.startswith("#!"):
        return "\x00" not in text[:1024]
    words = text[2:].split("\n", 1)[0].split()
    names = [w.rsplit("/", 1)[-1] for w in words if not w.startswith("-")]
    program = names[1] if names[:1] == ["env"] and len(names) > 1 else (names or [""])[0]
    return program in SHELLS


def _bash_runs(file: str, root: Path) -> bool:
    """Whether the workspace's ``file``, run by its path, is a shell script bash runs: read
    from its first KB (whether or not the rest can be read: one that cannot is refused,
    not run; a program is not read further)."""
    try:
        real = _workspace_file(file, root)
        if real is None:
            return False
        with real.open("rb") as opened:
            head = opened.read(1024)
    except (OSError, RuntimeError, ValueError):
        return False
    return _runs_as_shell(head.decode("utf-8", "replace"))


def _workspace_file(file: str, root: Path) -> Path | None:
    """The regular file ``file`` (from the workspace ``root``) is, its links followed,
    when it is inside the workspace; else None."""
    real = (Path(file) if file.startswith("/") else root / file).resolve()
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


#: A word that may run a script file: a shell, ``source``, ``.``, a path (``./f.sh``).
_RUNS_SCRIPT = re.compile(r"(?:sh|source)\b|(?<![\w/.-])\.(?![\w/.-])|/")


def _script_refusal(scripts: _Scripts, text: str, depth: int) -> str | None:
    """Why the rules refuse the script ``text`` as a command (its first matching rule, a
    name or input they cannot read, a script it runs), or None."""
    hit = next((r for r in scripts.rules if bash_matches(str(r.specifier).strip(), text)), None)
    if hit is not None:
        return f"it holds a command {hit.text} matches{_line_of(hit, text)}"
    name = built_name(text)
    why = unread_input(text) if name is None else _built_in_script(scripts.rules, text, name)
    if why is None and depth < _SCRIPT_DEPTH:
        why = _denied_script(scripts, text, depth + 1)
    return why


def _line_of(rule: Rule, text: str) -> str:
    """`` (line N: …)``, the first line of the script ``text`` that ``rule`` matches alone,
    clipped; empty when none does by itself (a command over several lines)."""
    specifier = str(rule.specifier).strip()
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and bash_matches(specifier, line):
            shown = " ".join(line.split())
            return f" (line {number}: {shown[:60]}{'…' if len(shown) > 60 else ''})"
    return ""


#: What a word of a script is made of, for :func:`_built_in_script`.
_TOKEN = re.compile(r"[\w.+-]+")


def _built_in_script(rules: list[Rule], text: str, name: str) -> str | None:
    """Why a script whose command ``name`` is built when it runs is refused, or None: a
    script is a program the line runs, whose names built when it runs (``./gradlew``'s
    ``exec "$JAVACMD"``) a rule on the command line does not follow, as it does not follow
    ``python3 x.py``'s; but one that also writes the words a rule names (``C=rm; $C x``,
    ``$(echo rm) x``) may be building a command the rule matches."""
    tokens = {t for p in read_command(text).parts for w in p.words for t in _TOKEN.findall(w)}
    for rule in rules:
        named = str(rule.specifier).strip().removesuffix(":*").split()
        words = [w for w in named if "*" not in w]
        if words and all(w in tokens for w in words):
            return (
                f"it builds a command's name when it runs ({name}) and writes "
                f"{' '.join(words)}, so it may run a command {rule.text} matches, which a "
                "rule cannot check"
            )
    return None
