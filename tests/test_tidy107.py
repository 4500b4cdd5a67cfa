"""tidy107: a hook of the managed settings or of a SKILL.md's frontmatter is named with its
file and line, as a settings.json hook is (audit106)."""

from __future__ import annotations

from pathlib import Path

from test_audit106_audit import GUARDED, USER_HOOKS

from coordinator.runtime.hooks import HookSet, load_hooks

DROP_IN = (
    '{"hooks": {"PreToolUse": [{"matcher": "Edit", "hooks": [{"type": "command",\n'
    '"command": "true"}]}]}}'
)


def test_managed_hooks_are_named_with_their_lines_a_drop_ins_by_its_file(
    tmp_path: Path,
) -> None:
    """The managed file's hook names ``managed-settings.json:9``; a drop-in file's hook,
    merged after it, gives no line of that file (not a wrong one)."""
    managed = tmp_path / "etc" / "managed-settings.json"
    managed.parent.mkdir()
    managed.write_text(USER_HOOKS, encoding="utf-8")
    (managed.parent / "managed-settings.d").mkdir()
    (managed.parent / "managed-settings.d" / "10-edit.json").write_text(DROP_IN, "utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    found = load_hooks(ws, home=tmp_path / "home", managed=managed)
    assert [h.label().split(": ")[0] for h in found.hooks] == [
        "PreToolUse[Write] (managed, managed-settings.json:9)",
        "PreToolUse[Edit] (managed, managed-settings.json)",
    ]


def test_a_skills_frontmatter_hooks_are_named_with_their_lines(tmp_path: Path) -> None:
    """An invoked skill's hook (its command on line 10 of SKILL.md) is named
    ``SKILL.md:10``; once the file has changed since it was invoked, by its file alone."""
    path = tmp_path / "skills" / "guard" / "SKILL.md"
    path.parent.mkdir(parents=True)
    path.write_text(GUARDED, encoding="utf-8")  # (its frontmatter as a skill's)
    value = {"PreToolUse": [{"matcher": "Write", "hooks": [
        {"type": "command", "command": "echo 'not here' >&2; exit 2"}]}]}  # fmt: skip
    ws = tmp_path / "ws"
    ws.mkdir()
    found = HookSet()
    assert found.add_skill("s1", "guard", value, path, ws, written=False) == []
    [hook] = found.skill_hooks["s1"]
    assert hook.label().split(": ")[0] == "PreToolUse[Write] (skill guard, SKILL.md:10)"
    path.write_text(GUARDED.replace("not here", "elsewhere"), encoding="utf-8")
    again = HookSet()  # a resume, its hooks as the skill_invoked event stored them
    again.add_skill("s1", "guard", value, path, ws, written=False)
    [hook] = again.skill_hooks["s1"]
    assert hook.file_line == "SKILL.md"
