"""perf116: the stored-text scrub (secrets115) made cheaper without changing what it scrubs.

A long text found clean is remembered, so the store's check and its scrub of one message's
JSON text read it once; the memory holds only while nothing new is learned (a credential
found later is scrubbed wherever it stands, in a text found clean before too). Shapes are
found by substring search, each at the start of a run of token characters as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from coordinator import sanitize

#: secrets115's way of finding shapes (every run of 14 token characters read by regex).
_RUN = re.compile(r"[A-Za-z0-9_-]{14,}")


def _reference_shapes(text: str) -> Iterator[tuple[int, int]]:
    for run in _RUN.finditer(text):
        start = run.start()
        if start and text[start - 1] == "\\" and text[start] in "nrt":
            start += 1
        if not text.startswith(sanitize._SHAPE_STARTS, start):
            continue
        found = sanitize._SHAPE.match(text, start)
        if found is not None and any(c.isdigit() for c in found.group()):
            yield found.span()


def test_a_long_clean_text_is_read_once_for_its_check_and_its_scrub(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = '{"content": "' + "the build passed on attempt 3, see the log\\n" * 200 + '"}'
    reads: list[str] = []
    spans = sanitize._stored_spans

    def counted(value: str) -> list[tuple[int, int]]:
        reads.append(value)
        return spans(value)

    monkeypatch.setattr(sanitize, "_stored_spans", counted)
    assert not sanitize.has_stored_credential(text)
    assert sanitize.stored_text(text) == text
    assert not sanitize.has_stored_credential(text)
    assert reads == [text]


def test_guard_a_credential_learned_later_is_scrubbed_in_a_text_found_clean_before() -> None:
    value = "Zq8vLm3pRt6yWx1k"
    text = "deploy log: connecting with " + value + " to the cluster, step 4 of 9. " * 20
    assert not sanitize.has_stored_credential(text)
    assert sanitize.stored_text(text) == text
    assert sanitize.stored_text(f"export DEPLOY_TOKEN={value}") == "export DEPLOY_TOKEN=[redacted]"
    assert sanitize.has_stored_credential(text)
    assert value not in sanitize.stored_text(text)


def test_guard_shapes_are_found_where_secrets115_found_them() -> None:
    token = "ghp_" + "a1" * 18
    texts = [
        f"{lead}{start}{tail}"
        for start in (
            token,
            "npm_" + "b2" * 18,
            "rk_live_" + "c3" * 8,
            "xoxb-1234567890",
            "eyJabcdefgh.eyJabcdefgh.abcdefgh1",
            "eyJabcdefgh12.eyJabcdefgh.abcdefgh1",
            "AKIA" + "Z9" * 8,
            "sk-" + "d4" * 16,
        )
        for lead in ("", " ", "x", "\\n", "\\r", "\\\\n", "\\nx", '"', "-", "é")
        for tail in ("", " ", "x", ".", "\\n")
    ]
    for text in texts:
        assert list(sanitize._shape_spans(text)) == list(_reference_shapes(text)), text
