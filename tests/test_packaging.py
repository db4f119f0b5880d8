"""A plain `pip install .` (not only an editable one) carries the built-in templates and prompts."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support import REPO


def test_wheel_ships_templates_and_prompts(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-c", f"from hatchling.build import build_wheel; print(build_wheel({str(tmp_path)!r}))"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = tmp_path / built.stdout.strip().splitlines()[-1]
    names = zipfile.ZipFile(wheel).namelist()
    for template in sorted((REPO / "templates").glob("*.j2")):
        assert f"kit/templates/{template.name}" in names
    for prompt in sorted((REPO / "prompts").glob("*")):
        assert f"kit/prompts/{prompt.name}" in names
    assert "kit/cli/__init__.py" in names and "kit/kinds/social.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kit = kit.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
