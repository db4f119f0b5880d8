"""Writing outputs: atomically, and never outside the output folder."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kit import rx
from kit.errors import DraftError, OutputError, Problem

_SAFE_PART = rx.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


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


def unwritable(paths: Iterable[Path], folders: Iterable[Path] = (), ask: bool = True) -> list[Problem]:
    """What stands in the way of writing these files and making these folders: a folder where a
    file must go, or a file (or anything not a folder) where a folder must be; one problem for
    each thing in the way, then (`ask`) each folder that refuses a new file. A command asks before
    writing anything, so that one it cannot finish writes nothing."""
    paths, folders = list(paths), list(folders)  # read twice: for what is in the way, and for permission
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
    return problems or (_closed(paths, folders) if ask else [])


def _closed(paths: Iterable[Path], folders: Iterable[Path]) -> list[Problem]:
    """The folders these files go to (or, where one is yet to be made, the folder it is made in) that
    refuse a new file: no permission, read-only, immutable. Asked by making and removing one empty
    file in each, so a build that could not write its last story's files writes none of the others."""
    targets = [os.path.dirname(os.fspath(p)) for p in paths] + [os.fspath(f) for f in folders]
    tried: dict[str, str | None] = {}  # an existing folder -> why it refuses a file, or None
    for target in dict.fromkeys(targets):  # a story's files share a folder: each folder asked once
        folder = _nearest_folder(target)
        if folder not in tried:
            tried[folder] = _refusal(folder)
    return [Problem(Path(folder), f"cannot be written in ({why}), so kit cannot write there; "
                                  "change its permissions or write elsewhere")
            for folder, why in tried.items() if why is not None]  # fmt: skip


def _nearest_folder(target: str) -> str:
    """`target` if it is a folder, else the nearest folder above it that exists (where it will be made)."""
    folder = target or "."
    while not os.path.isdir(folder) and os.path.dirname(folder) not in ("", folder):
        folder = os.path.dirname(folder)
    return folder if os.path.isdir(folder) else "."


def _refusal(folder: str) -> str | None:
    """Why a folder refuses a new file, or None when it takes one."""
    probe = os.path.join(folder, f".kit-probe-{os.getpid()}-{threading.get_ident()}")
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        os.unlink(probe)
    except OSError as err:
        return err.strerror or str(err)
    return None


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
    in_the_way = unwritable([path], ask=False)
    return OutputError(problems=in_the_way or [Problem(path, f"cannot write it: {err.strerror or err}")])


def _create(tmp: Path) -> int:
    """A new file, readable as the user's umask allows (0666 less the umask, as `open` makes files)."""
    try:
        return os.open(tmp, _NEW_FILE, 0o666)
    except FileExistsError:  # left by a killed process of the same id: it is no one's now
        tmp.unlink()
        return os.open(tmp, _NEW_FILE, 0o666)
