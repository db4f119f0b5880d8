"""Text helpers the kinds share: lessons as points, and fitting text to a limit by whole sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


def lesson_points(ctx: dict[str, Any]) -> list[str]:
    """The story's lessons as one line each, from the Lessons section's list."""
    lessons = ctx["sections"].get("lessons")
    return [takeaway(item) for item in bullets(lessons["body"])] if lessons else []


def takeaway(item: str) -> str:
    """A lesson as one line: its bold lead-in if it has one ("**Defaults are policy.**"), else its first sentence."""
    lead = re.match(r"^\*\*(.+?)\*\*", item) or re.match(r"^__(.+?)__", item)
    if lead:
        return lead.group(1).strip()
    match = re.match(r"(.+?[.!?])(\s|$)", item)
    return match.group(1) if match else item


def bullets(text: str) -> list[str]:
    """The items of a Markdown list, flattened to one line each."""
    items: list[str] = []
    for line in text.splitlines():
        match = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.strip() and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
    return items


def fit(text: str, chars: int | None = None, words: int | None = None, measure: Callable[[str], int] = len) -> str:
    """Text within limits, dropping whole sentences from the end (or words, for a single one).

    `measure` counts characters as the destination does (X counts a link as 23).
    """

    def fits(candidate: str) -> bool:
        return (chars is None or measure(candidate) <= chars) and (
            words is None or len(re.findall(r"\b\w+\b", candidate)) <= words
        )

    if fits(text):
        return text
    paragraphs = text.split("\n\n")
    sentences = [re.split(r"(?<=[.!?])\s+", p) for p in paragraphs]
    while sum(len(p) for p in sentences) > 1:
        last = max(i for i, p in enumerate(sentences) if p)
        sentences[last].pop()
        candidate = "\n\n".join(" ".join(p) for p in sentences if p)
        if fits(candidate):
            return candidate
    single = " ".join(text.split())
    while single and not fits(single):
        single = single.rsplit(" ", 1)[0] if " " in single else single[:-1]
    return single.rstrip(",;:- ")
