"""Ctrl-C in a large build stops it at once, as a terminal sends it (to kit and its worker processes).

The build's stories are read, rendered and checked in worker processes (kit.pool); a Ctrl-C had
ended `kit build` only once every story had been done, minutes later on a large archive.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.support import EXAMPLES

STORIES = 1500  # about half a minute of work on two cores: far longer than stopping may take


def test_ctrl_c_stops_a_large_build_at_once_and_writes_nothing(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed (pip install -e '.[test]')")
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: a build uses no worker processes")
    stories = tmp_path / "stories"
    stories.mkdir()
    for number in range(STORIES):
        shutil.copy(EXAMPLES / "stories" / "model-deployment-lead-time.md", stories / f"story-{number:04d}.md")
    env = {**os.environ, "COLUMNS": "120", "TERM": "dumb"}
    child = pexpect.spawn(sys.executable, ["-m", "kit", "build", "stories", "--out", "drafts"], cwd=str(tmp_path),
                          env=env, encoding="utf-8", timeout=300)  # fmt: skip
    child.expect(r"\d+%")  # the progress bar: the workers have started
    child.sendintr()
    asked = time.monotonic()
    child.expect(pexpect.EOF)
    stopped = time.monotonic() - asked
    child.close()
    assert child.exitstatus == 130
    assert "interrupted: no draft written" in child.before
    assert "Traceback" not in child.before
    assert not (tmp_path / "drafts").exists()
    # Not a timing test: a build that went on to the end takes minutes (the runs under way end in seconds).
    assert stopped < 30, f"kit build went on for {stopped:.0f} s after Ctrl-C"
