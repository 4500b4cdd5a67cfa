"""A word that starts with ``cd`` is no ``cd`` (lead50).

Under a deny rule a script's line is read for the folders it moves to (shell70/71); a word
such as ``cd.sh`` or ``cd-thing`` was read as a bare ``cd``, a move to a folder the line
does not name, and the script after it was refused ("changes folder first"). And a ``cd``
written with quotes or escapes (``\\cd sub``, ``"cd" sub``) was not seen at all: the script
after it was read in the wrong folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_shell69 import ran_rm, refusal

SCRIPTS = {"cd.sh": "#!/bin/sh\necho hi\n", "ok.sh": "#!/bin/sh\necho ok\n"}


@pytest.mark.parametrize(
    "command", ["sh cd.sh && ./ok.sh", "echo cd-thing; ./ok.sh", "cat cd.md; ./ok.sh"]
)
def test_a_word_beginning_with_cd_moves_no_folder(tmp_path: Path, command: str) -> None:
    for name, text in SCRIPTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    (tmp_path / "cd.md").write_text("notes\n", encoding="utf-8")
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize("command", ["cd; ./ok.sh", "cd -P; ./ok.sh", "pushd; ./ok.sh"])
def test_a_cd_to_a_folder_the_line_does_not_name_still_refuses(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "ok.sh").write_text(SCRIPTS["ok.sh"], encoding="utf-8")
    said = refusal(command, tmp_path)
    assert said is not None and "changes folder first" in said


@pytest.mark.parametrize("command", ["\\cd sub; ./ok.sh", "c\\d sub; ./ok.sh", '"cd" sub; ./ok.sh'])
def test_a_cd_written_with_quotes_or_escapes_is_read_as_one(tmp_path: Path, command: str) -> None:
    """bash removes the quotes and escapes first: the ``cd`` moves to ``sub``, whose
    ``ok.sh`` runs ``rm``; the line was read as running the workspace's own ``ok.sh``."""
    folder = tmp_path / "ws"
    (folder / "sub").mkdir(parents=True)
    (folder / "ok.sh").write_text(SCRIPTS["ok.sh"], encoding="utf-8")
    (folder / "sub" / "ok.sh").write_text("#!/bin/sh\nrm x\n", encoding="utf-8")
    for script in (folder / "ok.sh", folder / "sub" / "ok.sh"):
        script.chmod(0o755)
    assert ran_rm(command, folder)
    said = refusal(command, folder)
    assert said is not None and "rm x" in said
