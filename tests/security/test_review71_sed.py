"""review71: sed's writing and running commands after an address with a flag or its
own delimiter.

GNU sed takes ``I``/``M`` after a regex address (``/a/I``) and any delimiter in
``\\cREGEXc`` (``\\%a%``). The reading of sed's program looked for ``w``/``W``/``e``
only after a ``/``, a digit, ``$``, ``!``, ``,`` or a separator, so ``sed '/A/Ie rm -rf x'``
ran ``rm`` past a ``Bash(rm:*)`` deny rule, and ``sed -n '/A/Iw ok.sh' w.txt; ./ok.sh``
rewrote a script a rule had read (shell71 trusts sed on a script's line). Each is first
run by ``/bin/bash`` with the logging ``rm`` stub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_shell69 import ran_rm, refusal
from tests.security.test_shell71_line import _put


@pytest.mark.parametrize(
    "command",
    [
        "sed '/A/Ie rm -rf x' f",
        "sed '/A/I,/b/Me rm -rf x' f",
        "sed '\\%a%e rm -rf x' f",
        "sed '\\,a,Me rm -rf x' f",
    ],
)
def test_sed_e_after_an_address_flag_or_delimiter_is_read(command: str, tmp_path: Path) -> None:
    assert ran_rm(command, tmp_path)
    assert "Bash(rm:*)" in (refusal(command, tmp_path) or "")


@pytest.mark.parametrize(
    "command",
    [
        "sed -n '/R/Iw ok.sh' w.txt; ./ok.sh",
        "sed -n '\\%r%w ok.sh' w.txt; ./ok.sh",
        "sed -n '\\%r%IW ok.sh' w.txt; ./ok.sh",
    ],
)
def test_sed_w_after_an_address_flag_or_delimiter_counts_on_a_scripts_line(
    command: str, tmp_path: Path
) -> None:
    _put(tmp_path)
    (tmp_path / "w.txt").write_text("rm x\n", encoding="utf-8")
    assert ran_rm(command, tmp_path)
    _put(tmp_path)
    assert "could rewrite it after a rule read it" in (refusal(command, tmp_path) or "")


def test_an_address_alone_still_leaves_the_line_alone(tmp_path: Path) -> None:
    """A guard: an address with a flag and a print is no write (``p``, not ``w``)."""
    _put(tmp_path)
    assert refusal("sed -n '/A/Ip;\\%x%p' ok.sh && ./test.sh", tmp_path) is None
