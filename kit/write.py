"""Writing outputs: atomically, and never outside the output folder."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from kit.errors import DraftError

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def safe_path(out: Path, *parts: str) -> Path:
    """`out/part/...`, refusing any part that could leave `out` (`..`, `/`, odd characters)."""
    root = out.resolve()
    for part in parts:
        if not _SAFE_PART.match(part) or ".." in part:
            raise DraftError(f'"{part}" cannot name an output file; use letters, digits, "-" and "."')
    path = root.joinpath(*parts).resolve()
    if root != path and root not in path.parents:
        raise DraftError(f"{path} is outside the output folder {root}")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
