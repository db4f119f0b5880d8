"""Limits: characters and words per field, as the places a draft goes count them.

pretalx counts words as `\\b\\w+\\b`, and so does `count_words`. The rules come per kind
(a kind's `limits`, `kit.kinds`) and per CFP profile (`kit.kinds.talk.CFP_PROFILES`, passed
as `limits`): `{"title": {"chars": 75}, "abstract": {"words": 300, "severity": "warning"}}`; a rule's
"hint" says how to get under it.
"""

from __future__ import annotations

import functools
import string
from typing import Any

from kit import rx
from kit.checks.report import Finding, Severity

# `\b\w+\b` finds the same runs, but tries every position of a text: `\w+` skips to each.
_WORDS = rx.compile(r"\w+")
# Characters drafts use that are no word characters (`\w`): each may be read as a space.
_NOT_WORD_CHARACTERS = "—–×€£¥₹’‘“”…→≈•·\u00a0\u202f"


def count_words(text: str) -> int:
    """Words as pretalx counts them: `\\b\\w+\\b`.

    Counted by splitting where the text is ASCII (most drafts are, once dashes, quote marks
    and the like are spaces), five times faster than the pattern: in ASCII, `\\w` is
    `[A-Za-z0-9_]`, and with every other character a space, the words are what `split` gives.
    """
    plain = text
    for character in _NOT_WORD_CHARACTERS:
        if character in plain:
            plain = plain.replace(character, " ")  # a space for a non-word character: the same runs of `\w`
    if plain.isascii():
        return len(plain.encode("ascii").translate(_ascii_words()).split())
    return len(_WORDS.findall(text))


@functools.cache
def _ascii_words() -> bytes:
    """A `bytes.translate` table that keeps `\\w`'s ASCII characters and makes every other byte a space."""
    word = string.ascii_letters + string.digits + "_"
    return bytes(byte if chr(byte) in word else ord(" ") for byte in range(256))


def check_limits(fields: dict[str, str], limits: dict[str, dict[str, Any]]) -> list[Finding]:
    """Fields over their `chars` or `words` maximum (severity "error" unless the rule says "warning")."""
    findings: list[Finding] = []
    for name, rule in limits.items():
        if name not in fields:
            continue
        value = fields[name]
        severity: Severity = "warning" if rule.get("severity") == "warning" else "error"
        for measure, count, word in (("chars", len, "characters"), ("words", count_words, "words")):
            maximum = rule.get(measure)
            if maximum is None:
                continue  # counted only for a rule that has this maximum: most fields have one of the two
            size = count(value)
            if size > maximum:
                findings.append(
                    Finding(
                        "limits",
                        severity,
                        None,
                        name,
                        f"{size:,} {word}; the limit is {maximum:,} (cut {size - maximum:,})"
                        + (f"; {rule['hint']}" if rule.get("hint") else ""),
                    )
                )
    return findings
