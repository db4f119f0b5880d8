"""What the tests share: the repository's paths, a minimal story, the CLI runner and golden files.

Fixtures live in tests/conftest.py; the cassette helpers in tests/cassettes_support.py; the
headless Chromium helper in tests/chromium_support.py. No test module imports from another.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path
from typing import NamedTuple

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EXAMPLES = REPO / "examples"
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
CASSETTES = TESTS / "cassettes"

MINIMAL_STORY = """\
---
title: Model deploys from six weeks to two days
date: 2026-09-30
team: ML Platform
visibility: public
authors:
  - name: Priya Raman
    role: Staff ML Engineer
metrics:
  - name: Deployment lead time
    before: 6 weeks
    after: 2 days
    better: lower
---
## Problem
Deploys took weeks.
"""


def write_story(folder: Path, name: str, text: str) -> Path:
    """Write a story file (dedented by the caller) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- the command line -----------------------------------------------------------------------


class Run(NamedTuple):
    """One `kit` run: its exit code, stdout and stderr (unpacks as `code, out, err`)."""

    code: int
    out: str
    err: str


def kit_cli(*args: str | Path) -> Run:
    """Run `kit ARGS...` in this process. An exception kit does not turn into an exit code fails the test."""
    from typer.testing import CliRunner  # here, so tests that never run the CLI do not import it

    from kit.cli import app

    result = CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


# ---- golden files ---------------------------------------------------------------------------

REGEN = os.environ.get("KIT_REGEN") == "1"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _regen_hint() -> str:
    test = os.environ.get("PYTEST_CURRENT_TEST", "tests/").split("::", 1)[0]
    return f"if the change is intended, regenerate with `KIT_REGEN=1 .venv/bin/pytest {test}` and review the diff"


def _difference(produced: Path, golden: Path) -> str:
    """What differs between two files: a short unified diff for text, sizes for anything else."""
    try:
        old = golden.read_text(encoding="utf-8").splitlines(keepends=True)
        new = produced.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"{golden.stat().st_size} bytes expected, {produced.stat().st_size} produced"
    diff = list(difflib.unified_diff(old, new, str(golden), str(produced), n=2))
    if not diff:  # the same text with other line ends
        return "the same text with different line ends"
    shown = "".join(diff[:40])
    return shown + (f"... and {len(diff) - 40} more diff lines\n" if len(diff) > 40 else "")


def assert_matches_golden(produced: Path, golden: Path) -> None:
    """`produced` (a file or a folder of files) is byte for byte the same as `golden`.

    With KIT_REGEN=1 the golden file or folder is replaced by what was produced instead.
    """
    if REGEN:
        if produced.is_dir():
            shutil.rmtree(golden, ignore_errors=True)
            shutil.copytree(produced, golden)
        else:
            golden.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(produced, golden)
        return
    if produced.is_dir():
        names = _files(produced)
        expected = _files(golden) if golden.is_dir() else []
        missing, extra = sorted(set(expected) - set(names)), sorted(set(names) - set(expected))
        assert not missing and not extra, "; ".join(
            [f"the files under {produced} are not those under {golden}"]
            + ([f"not produced: {', '.join(missing)}"] if missing else [])
            + ([f"not in the golden folder: {', '.join(extra)}"] if extra else [])
            + [_regen_hint()]
        )
        pairs = [(produced / name, golden / name) for name in names]
    else:
        assert golden.is_file(), f"no golden file {golden} for {produced}; {_regen_hint()}"
        pairs = [(produced, golden)]
    for new, old in pairs:
        assert new.read_bytes() == old.read_bytes(), (
            f"{new} differs from the golden file {old}; {_regen_hint()}\n{_difference(new, old)}"
        )


def modules_loaded(
    args: list[str], modules: tuple[str, ...], env: dict[str, str] | None = None
) -> tuple[list[str], int]:
    """Which of `modules` a fresh Python process has loaded after `kit ARGS` (run as the `kit` command
    runs, from this folder), and the command's exit code: what a command costs to start is what it loads."""
    import ast
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from kit.cli import main\n"
        f"sys.argv = ['kit', *{args!r}]\n"
        "code = 0\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code or 0\n"
        f"print('LOADED', [m for m in {modules!r} if m in sys.modules], code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("LOADED ")), None)
    assert line is not None, done.stdout + done.stderr
    loaded, code = line.removeprefix("LOADED ").rsplit(" ", 1)
    return ast.literal_eval(loaded), int(code)
