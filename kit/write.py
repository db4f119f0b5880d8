"""Writing outputs: atomically, and never outside the output folder."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kit.errors import DraftError, OutputError, Problem

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def is_plain_name(part: str) -> bool:
    """A file or folder name of letters, digits, "-", "_" and "." that is no way up (`..`)."""
    return bool(_SAFE_PART.match(part)) and ".." not in part


def safe_path(out: Path, *parts: str) -> Path:
    """`out/part/...`, refusing any part that could leave `out` (`..`, `/`, odd characters)."""
    root = resolved_folder(out, os.getcwd())
    for part in parts:
        if not is_plain_name(part):
            raise DraftError(f'"{part}" cannot name an output file; use letters, digits, "-" and "."')
    path = resolved(root.joinpath(*parts))
    if root != path and root not in path.parents:
        raise DraftError(f"{path} is outside the output folder {root}")
    return path


def resolved(path: Path) -> Path:
    """`path.resolve()`, its folder resolved once for every file in it.

    Exact: with the folder's symbolic links resolved, only the file's own name could still be a
    link; a name that is no link (or no file yet) joins the resolved folder as it is.
    """
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return path.resolve()
    return Path(resolved_folder(folder, os.getcwd()), name)


@lru_cache(maxsize=256)
def resolved_folder(folder: Path | str, cwd: str = "") -> Path:
    """A folder's resolved path, as seen from the working folder `cwd` (its key: a relative path
    means another folder elsewhere); a build asks for its output folder once per story."""
    return Path(cwd, folder).resolve()


# A new file only (never through a link an attacker left), closed in any program kit starts.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def unwritable(paths: Iterable[Path], folders: Iterable[Path] = ()) -> list[Problem]:
    """What stands in the way of writing these files and making these folders: a folder where a
    file must go, or a file (or anything not a folder) where a folder must be; one problem for
    each thing in the way. A command asks before writing anything, so that one it cannot finish
    writes nothing."""
    problems: list[Problem] = []
    known: dict[str, str | None] = {}
    blocked: dict[str, list[Path]] = {}  # what is in the way -> what it stops
    for path in paths:
        text = os.fspath(path)
        if os.path.isdir(text):
            problems.append(Problem(path, "is a folder, where kit must write a file; move it or write elsewhere"))
        elif (blocker := _blocking(os.path.dirname(text), known)) is not None:
            blocked.setdefault(blocker, []).append(path)
    for folder in folders:
        if (blocker := _blocking(os.fspath(folder), known)) is not None:
            blocked.setdefault(blocker, []).append(folder)
    for blocker, stopped in blocked.items():
        more = f" and {len(stopped) - 1} more" if len(stopped) > 1 else ""
        problems.append(Problem(blocker, f"is not a folder, so kit cannot write {stopped[0]}{more} inside it; "
                                         "move it or write elsewhere"))  # fmt: skip
    return problems


def _blocking(folder: str, known: dict[str, str | None]) -> str | None:
    """The first of `folder` and the folders above it that exists but is not a folder, if any."""
    if folder in known:
        return known[folder]
    if folder in ("", os.sep) or os.path.isdir(folder):
        found = None
    elif os.path.lexists(folder):
        found = folder
    else:
        found = _blocking(os.path.dirname(folder), known)
    known[folder] = found
    return found


def ensure_writable(paths: Iterable[Path], folders: Iterable[Path] = ()) -> None:
    """Raise OutputError naming what stands in the way of writing these files or making these folders."""
    problems = unwritable(paths, folders)
    if problems:
        raise OutputError(problems=problems)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it.

    The text goes to a hidden file beside it, named for this process and thread, which then replaces it.
    (Not `tempfile.mkstemp`: a build writes thousands of files, and its random names, and the
    mode it sets that must be set back, cost five times the writing.) OutputError names the file
    when it cannot be written (no permission, a full disk, a file where its folder must be).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.parent / f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        try:
            fd = _create(tmp)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = _create(tmp)
    except OSError as err:
        raise _refused(path, err) from err
    try:
        with open(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _refused(path, err) from err
        raise


def _refused(path: Path, err: OSError) -> OutputError:
    """Why a file could not be written: what stands in its way (the clearer message), else what the system said."""
    return OutputError(problems=unwritable([path]) or [Problem(path, f"cannot write it: {err.strerror or err}")])


def _create(tmp: Path) -> int:
    """A new file, readable as the user's umask allows (0666 less the umask, as `open` makes files)."""
    try:
        return os.open(tmp, _NEW_FILE, 0o666)
    except FileExistsError:  # left by a killed process of the same id: it is no one's now
        tmp.unlink()
        return os.open(tmp, _NEW_FILE, 0o666)
