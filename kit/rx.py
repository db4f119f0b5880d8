"""Regular expressions compiled once per Python, not once per process.

Python compiles a pattern in two steps, both in pure Python: `re._parser` reads it into a
tree and `re._compiler` turns the tree into the engine's code, a list of integers that
`_sre.compile` loads. kit's ~150 patterns (many of them long, verbose alternations of words)
cost about 40 ms of every `kit check` and `kit build` that way, more than checking a draft does.
`compile` keeps each pattern's code in the user cache (`kit.usercache`), keyed by the Python that
made it, and the next process hands it to `_sre.compile` directly: the very Pattern `re.compile`
makes (tests/test_rx.py). Where anything is unexpected (another Python implementation, a cache
that cannot be read or written) it is `re.compile`, only slower.

    WORD = rx.compile(r"\\b(?:faster|quicker)\\b", re.IGNORECASE)

For the patterns written in kit's code: a pattern made of a story's or a draft's text would only
grow the cache, and goes to `re.compile` (whose own cache serves one process).
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    # The engine's code is private to one version of CPython's `re`: entries are kept per version.
    _TAG: str | None = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
except (ImportError, AttributeError):  # not CPython
    _TAG = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]  # `_sre.compile`'s arguments
_known: dict[tuple[str, int], Entry] | None = None  # read from the cache at the first compile
_added: dict[tuple[str, int], Entry] = {}  # compiled in this process: written to the cache at exit
KEPT = 2048  # entries at most (kit has about 300 patterns): a cache past it starts again from this process's


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 (re.compile's twin)
    """`re.compile(pattern, flags)`, from the code a previous process compiled when it can."""
    if _TAG is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    entry = _cached().get(key) or _added.get(key)
    if entry is None:
        try:
            entry = _entry(pattern, key[1])
        except Exception:  # noqa: BLE001 (an invalid pattern: re.compile raises its own error)
            return re.compile(pattern, flags)
        if not _added:
            atexit.register(_save)
        _added[key] = entry
    try:
        return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 (a cache from an unexpected engine: compile afresh)
        return re.compile(pattern, flags)


def _entry(pattern: str, flags: int) -> Entry:
    """What `re._compiler.compile` hands `_sre.compile` for a pattern, as it computes it."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groups: dict[str, int] = dict(parsed.state.groupdict)
    index: list[str | None] = [None] * parsed.state.groups
    for name, number in groups.items():
        index[number] = name
    # The code holds named constants (int subclasses), which marshal does not write: plain ints.
    return int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groups, tuple(index)


def _file() -> Path | None:
    """The cache file of this Python's compiled patterns, or None when the user cache is off."""
    from kit.usercache import cache_folder

    folder = cache_folder("patterns")
    if folder is None or _TAG is None:
        return None
    return folder / f"{sys.implementation.cache_tag}.marshal"  # holds `_TAG`: another build of it starts afresh


_path: Path | None = None


def _cached() -> dict[tuple[str, int], Entry]:
    """The entries earlier processes kept (read once)."""
    global _known, _path
    if _known is None:
        _known = {}
        _path = _file()
        if _path is not None:
            _known = _read(_path)
    return _known


def _read(path: Path) -> dict[tuple[str, int], Entry]:
    """The entries in a cache file, if the same Python wrote it."""
    try:
        data: Any = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, tuple) or len(data) != 2 or data[0] != _TAG or not isinstance(data[1], dict):
        return {}
    return data[1]


def _save() -> None:
    """Add this process's new entries to the cache file (written whole, then moved into place)."""
    if _path is None or not _added:
        return
    merged = {**_read(_path), **_added}
    if len(merged) > KEPT:
        merged = dict(_added)
    temporary = _path.with_name(f"{_path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(marshal.dumps((_TAG, merged)))
        os.replace(temporary, _path)
    except (OSError, ValueError):
        temporary.unlink(missing_ok=True)
