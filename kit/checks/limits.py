"""Limits: characters and words per field, as the places a draft goes count them.

pretalx counts words as `\\b\\w+\\b`, and so does `count_words`. The rules come per kind
(a kind's `limits`, `kit.kinds`) and per CFP profile (`kit.kinds.talk.CFP_PROFILES`, passed
as `limits`): `{"title": {"chars": 75}, "abstract": {"words": 300, "severity": "warning"}}`.
"""

from __future__ import annotations

import re
from typing import Any

from kit.checks.report import Finding, Severity

# `\b\w+\b` finds the same runs, but tries every position of a text: `\w+` skips to each.
_WORDS = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Words as pretalx counts them: `\\b\\w+\\b`."""
    return len(_WORDS.findall(text))


def check_limits(fields: dict[str, str], limits: dict[str, dict[str, Any]]) -> list[Finding]:
    """Fields over their `chars` or `words` maximum (severity "error" unless the rule says "warning")."""
    findings: list[Finding] = []
    for name, rule in limits.items():
        if name not in fields:
            continue
        value = fields[name]
        severity: Severity = "warning" if rule.get("severity") == "warning" else "error"
        for measure, size, word in (
            ("chars", len(value), "characters"),
            ("words", count_words(value), "words"),
        ):
            maximum = rule.get(measure)
            if maximum is not None and size > maximum:
                findings.append(
                    Finding(
                        "limits",
                        severity,
                        None,
                        name,
                        f"{size:,} {word}; the limit is {maximum:,} (cut {size - maximum:,})",
                    )
                )
    return findings
