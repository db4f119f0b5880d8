"""The user's cache folder: what kit computes once and can always compute again (never the package's folder).

`$XDG_CACHE_HOME/kit`, else `~/.cache/kit`; `KIT_NO_CACHE=1` turns it off. A cache that cannot be
read or written only makes kit slower, never fails it.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(name: str) -> Path | None:
    """`<user cache>/kit/<name>`, made if needed; None when turned off or not writable."""
    if os.environ.get("KIT_NO_CACHE") == "1":
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "kit" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
