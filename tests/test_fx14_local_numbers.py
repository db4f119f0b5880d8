"""5. Swiss and Indian ways of writing money are read, not mistaken for a unit.

"CHF 1'200" got 'has both a currency and the unit "'200"', and "₹12 lakh" 'has both a currency and the
unit "lakh"; write one': advice that would make "lakh" a unit. kit reads them, and shows them as its
drafts show every amount: "CHF 1,200", "₹1.2M".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.quantity import parse_quantity
from tests.support import kit_cli, write_story

STORY = """\
---
title: Local money
date: 2026-05-01
team: X
authors: [{{name: A}}]
metrics:
  - {{name: Loan operations cost, before: "{before}", after: "{after}", period: month, better: lower}}
---
## Results
It cost less.
"""


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        ("CHF 1'200", "CHF 900", "fell from CHF 1,200 to CHF 900 a month (25% less)"),
        ("CHF 1’200’000", "CHF 1’150’000", "fell from CHF 1,200,000 to CHF 1,150,000 a month"),
        ("₹12 lakh", "₹11 lakh", "fell from ₹1.2M to ₹1.1M a month (8.3% less)"),
        ("INR 1.2 crore", "INR 1.1 crore", "fell from ₹12M to ₹11M a month (8.3% less)"),
        ("₹12,00,000", "₹11,00,000", "fell from ₹1,200,000 to ₹1,100,000 a month (8.3% less)"),
    ],
)
def test_swiss_and_indian_amounts_are_read_and_checked(tmp_path: Path, before: str, after: str, said: str) -> None:
    story = write_story(tmp_path, "money.md", STORY.format(before=before, after=after))
    code, out, err = kit_cli("validate", story)
    assert code == 0, out + err
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "onepager")
    assert code == 0 and "needs-review" not in out, out + err
    text = (tmp_path / "out" / "money" / "onepager.md").read_text(encoding="utf-8")
    assert f"**Bottom line:** Loan operations cost {said}" in text


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["lakh", "lakhs", "crore", "Crores"]))
def test_lakhs_and_crores_are_exact(amount: Decimal, word: str) -> None:
    size = 10**5 if word.lower().startswith("lakh") else 10**7
    quantity = parse_quantity(f"₹{amount} {word}")
    # to a float's precision: "₹1.001M" is 1.001 × 10⁶ in floating point, as any amount in M is
    assert quantity.value == pytest.approx(float(amount * size), rel=1e-12, abs=1e-9)
    assert quantity.text.startswith("₹") and "lakh" not in quantity.text.lower()


@given(st.integers(min_value=1000, max_value=10**12))
def test_swiss_grouping_reads_as_western_grouping(amount: int) -> None:
    swiss = f"{amount:,}".replace(",", "'")
    assert parse_quantity(f"CHF {swiss}") == parse_quantity(f"CHF {amount:,}")


@given(st.integers(min_value=100_000, max_value=10**12))
def test_indian_grouping_reads_as_its_number(amount: int) -> None:
    digits = str(amount)
    indian = ",".join([*_pairs(digits[:-3]), digits[-3:]])
    assert parse_quantity(f"₹{indian}") == parse_quantity(f"₹{amount:,}")


def _pairs(digits: str) -> list[str]:
    """Digits in groups of two from the right: "1200" is ["12", "00"]."""
    head = len(digits) % 2
    return ([digits[:head]] if head else []) + [digits[i : i + 2] for i in range(head, len(digits), 2)]
