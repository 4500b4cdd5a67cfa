"""Loading agent definitions: fields, precedence and shadowing, messy files, the parse cache."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from kit import for_domain

from coordinator.errors import UserError
from coordinator.roster.cache import FileCache, cache_file
from coordinator.roster.loader import agent_files, load_registry
from coordinator.roster.registry import UnknownAgentError


def write_agent(folder: Path, name: str, description: str = "Does things.", **extra: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"name: {name}", f"description: {description}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    path = folder / f"{name}.md"
    path.write_text("\n".join([*lines, "---", "", f"You are {name}.", ""]), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_fields_are_read_from_frontmatter(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\nname: alpha\ndescription: Alpha agent.\ntools: Read, Grep ,Bash\n"
        "disallowedTools:\n  - Write\nmodel: claude-sonnet-4-20250514\ncolor: red\n"
        "permissionMode: acceptEdits\nmaxTurns: 7\ncustom-key: kept\n---\n# Body\nPrompt.\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True)
    agent = registry.get("alpha")
    assert agent.tools == ["Read", "Grep", "Bash"]
    assert agent.disallowed_tools == ["Write"]
    assert agent.model == "claude-sonnet-4-20250514"
    assert (agent.color, agent.permission_mode, agent.max_turns) == ("red", "acceptEdits", 7)
    assert agent.extra == {"custom-key": "kept"}
    assert agent.body == "# Body\nPrompt.\n"
    assert agent.source == folder / "a.md"
    assert [(p.severity, p.line, p.message) for p in registry.problems] == [
        ("warning", 11, "unknown frontmatter field 'custom-key' is ignored")
    ]


def test_tools_as_yaml_list_and_missing_tools(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write_agent(folder, "lister", tools="[Read, Edit]")
    write_agent(folder, "inheritor")
    registry = load_registry([folder], only=True)
    assert registry.get("lister").tools == ["Read", "Edit"]
    assert registry.get("inheritor").tools is None


def test_precedence_agents_dir_project_user_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Path(os.environ["HOME"])
    given = write_agent(tmp_path / "given", "devops-expert", "Given copy.")
    project_root = tmp_path / "proj"
    project = write_agent(project_root / ".claude" / "agents" / "nested", "database-engineer")
    user = write_agent(home / ".claude" / "agents", "database-engineer", "User copy.")
    write_agent(home / ".claude" / "agents", "user-only")
    cwd = project_root / "src" / "deep"
    cwd.mkdir(parents=True)

    registry = load_registry([tmp_path / "given"], cwd=cwd)

    assert registry.get("devops-expert").source == given
    assert registry.get("database-engineer").source == project  # nearest project wins over user
    assert registry.kinds["user-only"] == "user"
    assert registry.kinds["react-frontend-expert"] == "bundled"
    shadowed = {(s.name, s.path, s.by) for s in registry.shadowed}
    assert ("database-engineer", user, project) in shadowed
    assert any(s.name == "devops-expert" and s.by == given for s in registry.shadowed)


def test_nearest_project_folder_wins(tmp_path: Path) -> None:
    write_agent(tmp_path / ".claude" / "agents", "outer")
    inner = tmp_path / "inner"
    write_agent(inner / ".claude" / "agents", "inner-agent")
    names = {a.name for a in load_registry(cwd=inner)}
    assert "inner-agent" in names and "outer" not in names


def test_only_restricts_to_given_dirs(tmp_path: Path) -> None:
    write_agent(tmp_path / "mine", "solo")
    assert [a.name for a in load_registry([tmp_path / "mine"], only=True)] == ["solo"]
    with pytest.raises(UserError, match="--only"):
        load_registry([], only=True)
    with pytest.raises(UserError, match=r"cannot read the agents folder .*missing: No such file"):
        load_registry([tmp_path / "missing"], only=True)


def test_unquoted_colon_loads_leniently_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "growth.md").write_text(
        "---\nname: growth\ndescription: Use for growth. Triggers on: 'growth loop', 'flywheel'.\n"
        "tools: Read, Write\n---\nBody\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True)
    agent = registry.get("growth")
    assert agent.triggers == ["growth loop", "flywheel"]
    assert agent.tools == ["Read", "Write"]
    [problem] = registry.problems
    assert problem.severity == "warning" and problem.line == 3
    assert "not valid YAML" in problem.message


def test_example_blocks_and_block_scalars_load(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "ex.md").write_text(
        "---\nname: ex\ndescription: Use this agent for reviews. Examples: <example>\n"
        'Context: a user wants a review\nuser: "Review my PR"\nassistant: I will.\n'
        "</example>\nmodel: opus\nnotes: |\n  line one\n  line two\n---\nBody\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True)
    agent = registry.get("ex")
    assert 'user: "Review my PR"' in agent.description
    assert agent.model == "opus"
    assert agent.extra["notes"] == "line one\nline two\n"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("Just markdown, no frontmatter.\n", 1, "no frontmatter"),
        ("\n    ---\n    name: x\n    description: y\n    ---\n", 1, "indented '---' on line 2"),
        ("---\nname: x\ndescription: y\n", 1, "never closed"),
        ("---\ndescription: no name here\n---\nbody\n", 1, "'name' is missing"),
        ("---\nname: nodesc\ntools: Read\ndescription: ''\n---\n", 4, "'description' is empty"),
        ("---\n- a\n- b\n---\n", 2, "not a mapping"),
    ],
)
def test_broken_files_are_skipped_with_line_and_reason(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    folder = tmp_path / "agents"
    write_agent(folder, "healthy")
    (folder / "broken.md").write_text(content, encoding="utf-8")
    registry = load_registry([folder], only=True)
    assert [a.name for a in registry] == ["healthy"]
    [problem] = [p for p in registry.problems if p.severity == "error"]
    assert problem.path == folder / "broken.md"
    assert problem.line == line
    assert reason in problem.message


def test_readme_license_and_hidden_files_are_not_agents(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write_agent(folder, "real")
    for name in ("README.md", "LICENSE.md", "index.md", ".hidden/secret.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("not an agent", encoding="utf-8")
    assert [p.name for p in agent_files(folder)] == ["real.md"]


def test_duplicate_name_in_one_folder_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    first = write_agent(folder / "a", "twin", "First.")
    write_agent(folder / "b", "twin", "Second.")
    registry = load_registry([folder], only=True)
    assert registry.get("twin").source == first
    assert any("duplicate agent name 'twin'" in p.message for p in registry.problems)


def test_cache_is_used_and_invalidated_when_a_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    path = write_agent(folder, "cached", "Old description.")
    assert load_registry([folder], only=True).get("cached").description == "Old description."
    assert cache_file().is_file()

    cache = FileCache.open()
    cache.read(path)
    assert (cache.hits, cache.misses) == (1, 0)

    write_agent(folder, "cached", "New description, same path.")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert load_registry([folder], only=True).get("cached").description.startswith("New")


def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write_agent(folder, "sturdy")
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(b"\x80\x04 definitely not a pickle")
    assert load_registry([folder], only=True).get("sturdy")
    cache_file().write_bytes(pickle.dumps(("other-version", [1, 2, 3])))
    assert load_registry([folder], only=True).get("sturdy")
    assert FileCache.open().entries  # rewritten with real entries


def test_get_by_alias_and_unknown_name_suggests(tmp_path: Path) -> None:
    registry = load_registry(cwd=tmp_path)
    assert registry.get("D1").name == "database-engineer"
    assert registry.get("Database Engineer (D1)").name == "database-engineer"
    with pytest.raises(UnknownAgentError) as info:
        registry.get("databse-engineer")
    assert "databse-engineer" in str(info.value) and "database-engineer" in str(info.value)


def test_for_domain_prefers_explicit_domain_then_precedence(tmp_path: Path) -> None:
    write_agent(tmp_path / "high", "api-builder", "Builds backend APIs.")
    write_agent(tmp_path / "low", "service-owner", "Owns things.", domain="Backend")
    registry = load_registry([tmp_path / "high", tmp_path / "low"], cwd=tmp_path)
    found = for_domain(registry, "backend")
    assert found is not None and found.name == "service-owner"

    plain = load_registry([tmp_path / "high"], cwd=tmp_path)
    found = for_domain(plain, "backend")
    assert found is not None and found.name == "api-builder"  # agents-dir beats bundled
    override = for_domain(plain, "backend", {"backend": "fastapi-backend-expert"})
    assert override is not None and override.name == "fastapi-backend-expert"


def test_corpus_every_file_loaded_or_reported(shared: Path) -> None:
    corpus = shared / "corpus"
    roots = sorted(p for p in corpus.iterdir() if p.is_dir())
    files = [f for root in roots for f in agent_files(root)]
    assert len(files) == 534
    registry = load_registry(roots, only=True, cache=False)  # its speed: bench/bench_routing.py
    loaded = {a.source for a in registry} | {s.path for s in registry.shadowed}
    skipped = {p.path for p in registry.problems if p.severity == "error"}
    assert loaded | skipped == set(files) and not loaded & skipped
    assert [p.name for p in skipped] == ["sqs-expert.md"]
    lenient = [p for p in registry.problems if "not valid YAML" in p.message]
    assert len(lenient) == 8
