"""1. A number YAML reads bare (`before: 400000000`) prints with thousands separators.

Drafts said "400000000 events a day" where a story that wrote "400,000,000" got its commas.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kit.quantity import parse_quantity
from tests.support import kit_cli, write_story

PLAIN_INTS = """\
---
title: Rows
date: 2026-05-01
team: X
visibility: public
authors: [{name: A}]
metrics:
  - name: Rows scanned per query
    before: 12000000
    after: 45000
    unit: rows
    better: lower
  - name: Tickets
    before: 1000
    after: 1004
    unit: tickets
    better: lower
---
## Results
Rows scanned fell from 12,000,000 to 45,000 per query.
"""


def test_bare_yaml_integers_print_with_separators_and_check(tmp_path: Path) -> None:
    story = write_story(tmp_path, "rows.md", PLAIN_INTS)
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out")
    assert code == 0, out + err
    blog = (tmp_path / "out" / "rows" / "blog.md").read_text(encoding="utf-8")
    assert "from 12,000,000 to 45,000 rows" in blog
    assert "| 1,000 tickets | 1,004 tickets |" in blog
    assert "12000000" not in blog and "45000 " not in blog
    code, out, err = kit_cli("check", tmp_path / "out" / "rows" / "blog.md")
    assert code == 0, out + err


def test_the_checker_still_reads_a_bare_number_in_a_draft(tmp_path: Path) -> None:
    """A person who writes "12000000" in a draft is still checked against the story's 12,000,000."""
    story = write_story(tmp_path, "rows.md", PLAIN_INTS)
    assert kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog").code == 0
    blog = tmp_path / "out" / "rows" / "blog.md"
    text = blog.read_text(encoding="utf-8")
    blog.write_text(text.replace("from 12,000,000 to 45,000 rows", "from 12000000 to 45000 rows"), encoding="utf-8")
    code, out, err = kit_cli("check", blog)
    assert code == 0, out + err
    blog.write_text(text.replace("from 12,000,000 to 45,000 rows", "from 12000001 to 45000 rows"), encoding="utf-8")
    code, out, _ = kit_cli("check", blog)
    assert code == 1 and '"12000001": no figure in the story supports this' in out


@given(st.integers(min_value=-(10**14), max_value=10**14), st.sampled_from(["rows", "events", "ms", "%", ""]))
def test_a_bare_integer_reads_as_the_same_number_written_with_commas(number: int, unit: str) -> None:
    bare, written = parse_quantity(number, unit or None), parse_quantity(f"{number:,}", unit or None)
    assert (bare.text, bare.value, bare.unit) == (written.text, written.value, written.unit)
    assert bare.value == number * (0.001 if unit == "ms" else 1)


@given(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False))
def test_a_bare_float_keeps_its_value_and_groups_its_whole_part(number: float) -> None:
    quantity = parse_quantity(number, "rows")
    assert quantity.value == number
    whole = quantity.text.split(" ")[0].lstrip("-").split(".")[0]
    assert all(len(group) == 3 for group in whole.split(",")[1:]) and len(whole.split(",")[0]) <= 3
