"""Years in a draft: a year read as a date must be one a story gives ("in 2018 we had ...").

Years that read as dates are blanked before figures are read (`kit.checks.masking`); this
check finds them again and compares them with every year the story's text gives, and the
current year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.checks.index import StoryIndex
from kit.checks.masking import YEAR, YEAR_DIGITS, is_count_not_year, mask_non_claims, prose
from kit.checks.report import Finding


def check_years(
    text: str, indexes: Sequence[StoryIndex], current_year: int, names: Sequence[str] = ()
) -> list[Finding]:
    """Facts errors for a year read as a date that no story gives ("in 2018 we had ...")."""
    allowed = frozenset().union(*(i.years for i in indexes)) | {current_year} if indexes else frozenset()
    if not allowed or not YEAR_DIGITS.search(prose(text)):
        return []
    masked = mask_non_claims(text, names)  # years are blanked here; compare with prose to find them
    findings: list[Finding] = []
    for number, (line, blanked) in enumerate(zip(prose(text).split("\n"), masked.split("\n"), strict=True), 1):
        if not YEAR_DIGITS.search(line):
            continue  # YEAR tries every position: only in lines with a year's digits
        for match in YEAR().finditer(line):
            if blanked[match.start() : match.end()].strip():
                continue  # not blanked: read as a count, and checked as a figure
            if is_count_not_year(line[: match.start()], line[match.end() :]):
                continue
            years = [int(y) for y in re.findall(r"(?:19|20)\d\d", match.group(0))]
            if years and not any(y in allowed for y in years):
                findings.append(Finding("facts", "error", number, match.group(0),
                                        "the story gives no date in this year"))  # fmt: skip
    return findings
