"""Broken agent files are skipped with ``path:line: reason``; the rest load; commands carry on."""

from __future__ import annotations

import json
import pickle
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.roster.cache import FileCache, cache_file, write_pickle
from coordinator.roster.frontmatter import MAX_FILE_BYTES, Frontmatter
from coordinator.roster.loader import load_registry

GOOD = "---\nname: good\ndescription: Builds FastAPI backend endpoints.\n---\nYou build APIs.\n"
LAUGHS = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10)
)


def agent(name: str, *lines: str) -> bytes:
    head = "\n".join(["---", f"name: {name}", "description: Does backend things.", *lines])
    return (head + "\n---\nBody.\n").encode()


#: name -> (file bytes, line of the reason, words the reason must contain)
BAD: dict[str, tuple[bytes, int, str]] = {
    "huge-int": (agent("huge-int", "maxTurns: " + "9" * 5000), 4, "number of 5000 digits"),
    "huge-int-valid": (agent("huge-int-valid", "maxTurns: " + "9" * 4000), 4, "maxTurns"),
    "deep-list": (agent("deep-list", "tools: " + "[" * 5000), 4, "list"),
    "deep-closed": (agent("deep-closed", "hooks: " + "[" * 30 + "]" * 30), 4, "nested"),
    "self-alias": (agent("self-alias", "hooks: &a [*a]"), 4, "alias"),
    "laughs": (agent("laughs", *LAUGHS.splitlines()), 5, "alias"),
    "bad-utf8": (agent("bad-utf8", "color: red\xff").replace(b"\xc3\xbf", b"\xff"), 4, "UTF-8"),
    "nul": (agent("nul", "color: r\0ed"), 4, "NUL"),
    "stray-quote": (agent("stray-quote", 'model: "sonnet'), 4, "quoted value is not closed"),
    "quote-after": (agent("quote-after", 'model: sonnet"'), 4, "unknown model"),
    "gpt": (agent("gpt", "model: gpt-4"), 4, "unknown model 'gpt-4'"),
    "model-list": (
        agent("model-list", "model: [sonnet]"),
        4,
        "frontmatter 'model' must be text, not list",
    ),
    "turns-zero": (agent("turns-zero", "maxTurns: 0"), 4, "maxTurns"),
    "turns-bool": (agent("turns-bool", "maxTurns: true"), 4, "maxTurns"),
    "control-name": (b'---\nname: "a\\x1bb"\ndescription: x\n---\n', 2, "control characters"),
    "desc-number": (b"---\nname: desc-number\ndescription: 42\n---\n", 3, "must be text"),
    "huge-file": (agent("huge-file") + b"x" * MAX_FILE_BYTES, 1, "larger than"),
    "huge-frontmatter": (agent("huge-frontmatter", "color: " + "x" * 70_000), 2, "frontmatter is"),
    "anchor-lenient": (agent("anchor-lenient", "x: [unclosed", "tools: &t Read"), 4, "list"),
}


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def roster_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "agents"
    folder.mkdir(exist_ok=True)
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    for name in names:
        (folder / f"{name}.md").write_bytes(BAD[name][0])
    return folder


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_skipped_with_its_line_and_reason_and_the_rest_load(
    tmp_path: Path, name: str
) -> None:
    folder = roster_with(tmp_path, name)
    for _ in range(2):  # the second load reads the parse cache: a bad file stays bad
        registry = load_registry([folder], only=True)
        assert list(registry.agents) == ["good"]
        (problem,) = registry.skipped
        _, line, words = BAD[name]
        assert problem.path == folder / f"{name}.md"
        assert (problem.line, words in problem.message) == (line, True), str(problem)


def test_a_stray_quote_never_becomes_a_model_name(tmp_path: Path) -> None:
    folder = roster_with(tmp_path, "stray-quote", "quote-after")
    registry = load_registry([folder], only=True)
    assert [a.model for a in registry] == [None]
    assert len(registry.skipped) == 2


def test_lenient_reader_still_reads_what_it_can(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "messy.md").write_text(
        "---\nname: messy\ndescription: Use when: the API breaks. Triggers on: 'api'\n"
        "model: 'haiku'\ntools: [Read, Grep]\n---\nBody\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True)
    agent = registry.get("messy")
    assert (agent.model, agent.tools) == ("haiku", ["Read", "Grep"])
    assert [p.severity for p in registry.problems] == ["warning"]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["agents", "list", "--json"], 0),
        (["agents", "show", "good", "--json"], 0),
        (["route", "add a FastAPI endpoint", "--json"], 0),
    ],
)
def test_commands_keep_json_clean_and_warn_once(tmp_path: Path, args: list[str], code: int) -> None:
    folder = roster_with(tmp_path, *BAD)
    exit_code, out, err = cli(*args, "--agents-dir", str(folder), "--only")
    assert exit_code == code
    json.loads(out)
    if args[0] == "route":
        hint = f"coord agents validate {shlex.quote(str(folder))}"  # more than 3: their folder
        assert err == f"warning: {len(BAD)} agent files skipped ({hint} shows why)\n"
    else:
        assert err == ""


def test_the_skipped_warning_names_a_validate_command_that_shows_each_file(
    tmp_path: Path,
) -> None:
    folder = roster_with(tmp_path, "gpt", "nul")
    (tmp_path / "more").mkdir()
    other = roster_with(tmp_path / "more", "laughs")
    err = cli(
        "route", "add an endpoint", "--agents-dir", str(folder), "--agents-dir", str(other),
        "--only", "--json",
    )[2]  # fmt: skip
    hint = err.removeprefix("warning: 3 agent files skipped (").removesuffix(" shows why)\n")
    words = shlex.split(hint)
    assert words[:3] == ["coord", "agents", "validate"] and len(words) == 6  # the three files
    exit_code, shown, _ = cli(*words[1:], "--json")
    assert exit_code == 1  # the files are errors
    data = json.loads(shown)
    assert {Path(p["path"]).name for p in data["problems"]} == {"gpt.md", "nul.md", "laughs.md"}
    assert data["error_count"] == 3 and data["agent_count"] == 0
    _, listed, _ = cli("agents", "list", "--agents-dir", str(folder), "--only")
    assert ": `coord agents validate " in " ".join(listed.split())


def test_validate_with_no_folder_checks_the_folders_the_config_adds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ws").mkdir()
    roster_with(tmp_path / "ws", "nul")  # ws/agents, named only by the workspace config
    (tmp_path / "ws" / ".coordinator").mkdir()
    (tmp_path / "ws" / ".coordinator" / "config.yaml").write_text("agents_dirs: [agents]\n")
    monkeypatch.chdir(tmp_path / "ws")
    exit_code, out, _ = cli("agents", "validate", "--json")
    assert exit_code == 1
    assert "nul.md" in {Path(p["path"]).name for p in json.loads(out)["problems"]}


def test_validate_json_names_every_skipped_file(tmp_path: Path) -> None:
    folder = roster_with(tmp_path, *BAD)
    exit_code, out, _ = cli("agents", "validate", str(folder), "--json")
    data = json.loads(out)
    assert exit_code == 1 and data["agent_count"] == 1 and data["error_count"] == len(BAD)
    skipped = {Path(p["path"]).stem for p in data["problems"] if p["severity"] == "error"}
    assert skipped == set(BAD)


def test_run_warns_once_on_stderr_then_runs(tmp_path: Path) -> None:
    folder = roster_with(tmp_path, "gpt", "nul")
    script = tmp_path / "script.yaml"
    script.write_text(
        "agents:\n  good:\n    - text: |\n        ✅ Done\n\n        **Changes:**\n"
        "        - Nothing\n\n        **Files:** none\n\n        **Status:** Complete\n",
        encoding="utf-8",
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    exit_code, out, err = cli(
        "run", "add an endpoint", "--agent", "good", "--json", "--workspace", str(ws),
        "--agents-dir", str(folder), "--only", "--provider", "scripted", "--script", str(script),
    )  # fmt: skip
    assert exit_code == 0, out + err
    assert json.loads(out)["status"] == "complete"
    files = " ".join(shlex.quote(str(folder / f"{name}.md")) for name in ("gpt", "nul"))
    assert err == f"warning: 2 agent files skipped (coord agents validate {files} shows why)\n"


def test_an_unknown_model_flag_is_a_user_error(tmp_path: Path) -> None:
    folder = roster_with(tmp_path)
    exit_code, _, err = cli(
        "run", "x", "--model", "gpt-4", "--agents-dir", str(folder), "--only",
        "--workspace", str(tmp_path), "--provider", "scripted",
    )  # fmt: skip
    assert exit_code == 4
    assert err.startswith("error: unknown model 'gpt-4'")


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle",
        pickle.dumps(["wrong", "shape"]),
        pickle.dumps(((0, "x"), {})),
    ],
)
def test_a_corrupt_cache_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    folder = roster_with(tmp_path, "gpt")
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(content)
    registry = load_registry([folder], only=True)
    assert list(registry.agents) == ["good"] and len(registry.skipped) == 1


def test_a_forged_cache_entry_cannot_make_a_bad_file_good(tmp_path: Path) -> None:
    folder = roster_with(tmp_path, "gpt")
    load_registry([folder], only=True)  # writes the cache
    cache = FileCache.open()
    bad = str((folder / "gpt.md").absolute())
    mtime, size, _ = cache.entries[bad]
    forged = Frontmatter({"name": "gpt", "description": "x", "model": "gpt-4"}, "", 4)
    cache.entries[bad] = (mtime, size, forged)
    cache.entries[str((folder / "good.md").absolute())] = (1, 2, "not a parse")  # type: ignore[assignment]
    cache.dirty = True
    cache.save()
    registry = load_registry([folder], only=True)
    assert list(registry.agents) == ["good"]  # the model is checked after the cache too
    assert "unknown model" in registry.skipped[0].message


def test_one_atomic_writer_leaves_no_temp_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "c" / "x.pickle"
    assert write_pickle(target, {"a": 1}, prefix=".t-")
    assert pickle.loads(target.read_bytes()) == {"a": 1}
    deep: list[object] = []
    for _ in range(200_000):
        deep = [deep]  # too deep to pickle
    assert not write_pickle(target, deep, prefix=".t-")
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.pickle"]
    assert pickle.loads(target.read_bytes()) == {"a": 1}
    assert not write_pickle(target / "under-a-file", {}, prefix=".t-")


def test_validate_of_a_folder_with_no_agent_files_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    exit_code, _, err = cli("agents", "validate", str(tmp_path / "empty"))
    assert exit_code == 4
    assert f"no agent files in {tmp_path / 'empty'}" in err
