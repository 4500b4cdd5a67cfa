"""Read and Grep with bounded memory, binary detection without NUL bytes, invalid UTF-8,
and Grep naming the files it skipped for size."""

from __future__ import annotations

import asyncio
import random
import tracemalloc
from pathlib import Path
from typing import Any

from coordinator.tools.base import ToolContext, ToolResult
from coordinator.tools.search import GREP_MAX_FILE_BYTES
from coordinator.tools.toolset import build_toolset
from coordinator.tools.workspace import looks_binary

TOOLS = build_toolset(None)
#: Peak Python allocations a Read may make, whatever the file's size.
READ_PEAK_BYTES = 2 * 1024 * 1024


def call(ws: Path, tool: str, args: dict[str, Any]) -> ToolResult:
    return asyncio.run(TOOLS.execute(tool, args, ToolContext(root=ws)))


def peak_of(ws: Path, tool: str, args: dict[str, Any]) -> tuple[ToolResult, int]:
    """The tool's result and its peak Python allocations, after a first call of the tool on
    small files (text and binary) in another folder: what a first call imports or caches
    whatever the file (it failed the limit once, run first in a worker) is not counted."""
    warm = ws.parent / f"{ws.name}-warm"
    warm.mkdir()
    (warm / "small.txt").write_text("warm\n")
    (warm / "small.bin").write_bytes(b"\x00" * 64)
    for name in ("small.txt", "small.bin"):
        call(warm, tool, {**args, "file_path": name})
    tracemalloc.start()
    try:
        result = call(ws, tool, args)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_1_gib_one_line_file_is_read_with_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "dump.log"
    with big.open("wb") as fh:  # sparse: 1 GiB on paper, a few bytes on disk
        fh.write(b"start of a very long line ")
        fh.truncate(1 << 30)
    result, peak = peak_of(tmp_path, "Read", {"file_path": "dump.log"})
    assert "binary file, 1,073,741,824 bytes" in result.content  # zeros: binary, not shown
    assert peak < READ_PEAK_BYTES


def test_a_huge_text_line_is_cut_and_the_next_lines_still_read(tmp_path: Path) -> None:
    big = tmp_path / "one-line.txt"
    with big.open("wb") as fh:  # text for the sniffer, then 128 MiB without a newline
        fh.write(b"first line\n" + b"x" * 20_000)
        fh.truncate(128 << 20)
        fh.seek(0, 2)
        fh.write(b"\nlast line\n")
    result, peak = peak_of(tmp_path, "Read", {"file_path": "one-line.txt"})
    lines = result.content.splitlines()
    assert lines[0] == "     1\tfirst line"
    assert lines[1].endswith("[line truncated]") and len(lines[1]) < 2100
    assert lines[2] == "     3\tlast line"
    assert peak < READ_PEAK_BYTES
    assert not result.is_error


def test_binary_files_without_nul_bytes_are_not_dumped(tmp_path: Path) -> None:
    rng = random.Random(8)
    noise = bytes(rng.randrange(1, 256) for _ in range(20_000))
    (tmp_path / "blob.bin").write_bytes(noise)
    (tmp_path / "ctl.dat").write_bytes(bytes(range(1, 32)) * 300)
    assert b"\x00" not in noise
    for name in ("blob.bin", "ctl.dat"):
        result = call(tmp_path, "Read", {"file_path": name})
        assert "is a binary file" in result.content and "not shown" in result.content
    assert call(tmp_path, "Grep", {"pattern": "."}).content == "No matches found"
    edit = {"file_path": "blob.bin", "old_string": "a", "new_string": "b"}
    assert "binary file" in call(tmp_path, "Edit", edit).content


def test_text_with_some_invalid_utf8_is_text_and_read_with_replacement(tmp_path: Path) -> None:
    latin1 = "Café crème, résumé, naïve façade\n".encode("latin-1") * 50
    (tmp_path / "notes.txt").write_bytes(latin1 + b"tail \xff\xfe end\n")
    result = call(tmp_path, "Read", {"file_path": "notes.txt"})
    assert not result.is_error and "Caf\ufffd cr\ufffdme" in result.content
    grep = call(tmp_path, "Grep", {"pattern": "tail .* end", "output_mode": "content"})
    assert "notes.txt:51:tail \ufffd\ufffd end" in grep.content
    # Edit keeps the bytes it did not touch exactly as they were.
    call(tmp_path, "Edit", {"file_path": "notes.txt", "old_string": "tail", "new_string": "TAIL"})
    assert (tmp_path / "notes.txt").read_bytes() == latin1 + b"TAIL \xff\xfe end\n"


def test_a_lone_surrogate_from_the_model_is_written_safely(tmp_path: Path) -> None:
    result = call(tmp_path, "Write", {"file_path": "s.txt", "content": "a\ud800b\n"})
    assert not result.is_error
    assert (tmp_path / "s.txt").read_text(encoding="utf-8") == "a\ufffdb\n"


def test_grep_names_the_files_it_skipped_for_size(tmp_path: Path) -> None:
    (tmp_path / "small.log").write_text("needle here\n")
    for name in ("a.log", "b.log"):
        with (tmp_path / name).open("wb") as fh:
            fh.write(b"needle\n")
            fh.truncate(GREP_MAX_FILE_BYTES + 1)
    result = call(tmp_path, "Grep", {"pattern": "needle"})
    assert result.content.splitlines()[0] == "small.log"
    assert "[skipped 2 files over 10 MB: a.log, b.log]" in result.content
    none = call(tmp_path, "Grep", {"pattern": "absent"})
    assert none.content.startswith("No matches found\n[skipped 2 files over 10 MB")


def test_the_binary_sniffer_on_its_own() -> None:
    assert looks_binary(b"abc\x00def")
    assert not looks_binary(b"plain text\twith tabs\r\n" * 100)
    assert not looks_binary("Українська мова ".encode() * 500)
    assert not looks_binary("ю".encode()[:1])  # a character cut by the sample's end
    assert not looks_binary(b"")
