"""The talk kind: a conference submission with fields, an outline with timings, and limits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kit.drafts import Rendered
from kit.render import plain_text, render, render_blocks
from kit.views import View, context

FIELDS = ("title", "elevator_pitch", "abstract", "takeaways", "reviewer_notes")
_SEGMENTS: list[tuple[str, str, float]] = [
    ("opening", "Opening: the result in one slide", 1.5),
    ("problem", "The problem", 3.0),
    ("approach", "What we built", 5.0),
    ("results", "Results, and how we measured them", 3.0),
    ("lessons", "Lessons for your team", 3.0),
    ("next", "What's next", 1.0),
    ("qa", "Questions", 2.5),
]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Whole minutes in proportion to weights, at least one each, summing exactly to total."""
    if total < len(weights):
        raise ValueError("fewer minutes than segments")
    spare = total - len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    minutes = [1 + int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[: total - sum(minutes)]:
        minutes[i] += 1
    return minutes


def outline(ctx: dict[str, Any], duration: int, fmt: str) -> list[dict[str, Any]]:
    """The outline's segments with minute timings for the talk's length."""
    sections = ctx["sections"]
    segments = [
        seg for seg in _SEGMENTS
        if seg[0] in ("opening", "approach", "results")
        or (seg[0] == "problem" and (sections["problem"] or sections["context"]))
        or sections.get(seg[0])
        or (seg[0] == "qa" and fmt != "lightning")
    ]  # fmt: skip
    while len(segments) > duration:  # a five-minute lightning talk drops the smallest parts
        segments.remove(min(segments, key=lambda seg: seg[2]))
    minutes = allocate(duration, [seg[2] for seg in segments])
    start = 0
    items = []
    for (key, title, _), length in zip(segments, minutes, strict=True):
        items.append({"key": key, "title": title, "minutes": length, "start": start})
        start += length
    return items


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


def fit(text: str, chars: int | None = None, words: int | None = None) -> str:
    """Text within limits, dropping whole sentences from the end (or words, for a single one)."""

    def fits(candidate: str) -> bool:
        return (chars is None or len(candidate) <= chars) and (
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


def render_talk(
    view: View,
    *,
    limits: dict[str, dict[str, int | None]],
    cfp: str,
    workspace: Path | None = None,
    fields: dict[str, Any] | None = None,
) -> Rendered:
    """The talk submission of a public view: Markdown and JSON, fitted to the CFP's limits.

    `fields` (an LLM's structured reply) replaces the template's title, pitch, abstract,
    takeaways and reviewer notes; the outline's timings are always kit's own arithmetic.
    """
    ctx = context(view)
    talk = ctx["talk"]
    ctx["outline"] = outline(ctx, talk["duration"], talk["format"])
    lessons = ctx["sections"].get("lessons")
    ctx["lesson_points"] = [takeaway(item) for item in bullets(lessons["body"])] if lessons else []
    ctx["cfp"] = cfp
    raw = render_blocks("talk.fields.j2", ctx, workspace=workspace)
    if fields is not None:
        raw.update({name: fields[name] for name in ("title", "elevator_pitch", "abstract", "reviewer_notes")})
        raw["takeaways"] = "\n".join(f"- {point}" for point in fields["takeaways"])
    missing = [name for name in FIELDS if name not in raw]
    if missing:
        from kit.errors import TemplateError

        raise TemplateError(f"talk.fields.j2 has no block {', '.join(missing)}; add one for each field")
    fields = {name: fit(raw[name], **_limit(limits, name)) for name in ("title", "elevator_pitch", "abstract")}
    takeaways = [re.sub(r"^[-*+]\s+", "", line).strip() for line in raw["takeaways"].splitlines() if line.strip()]
    submission = {
        "title": fields["title"],
        "elevator_pitch": fields["elevator_pitch"],
        "abstract": fields["abstract"],
        "outline": [{"minutes": o["minutes"], "title": o["title"]} for o in ctx["outline"]],
        "takeaways": takeaways[:3],
        "level": talk["level"],
        "format": talk["format"],
        "duration": talk["duration"],
        "track": talk["track"],
        "speakers": [{"name": a["name"], "role": a["role"], "bio": a["bio"]} for a in ctx["authors"]],
        "reviewer_notes": raw["reviewer_notes"],
        "cfp": cfp,
    }
    body = render("talk.md.j2", {**ctx, "submission": submission}, workspace=workspace)
    timings = outline_figures(ctx["outline"])
    return Rendered(
        kind="talk",
        primary="talk.md",
        front={"title": plain_text(submission["title"]), "cfp": cfp},
        body=body,
        companions={"talk.json": json.dumps(submission, indent=2, ensure_ascii=False) + "\n"},
        fields={k: v for k, v in submission.items() if isinstance(v, str)},
        extra_figures=[*timings, f"{talk['duration']} minutes", 3.0],
        source="template talk.fields.j2 + talk.md.j2",
    )


def outline_figures(items: list[dict[str, Any]]) -> list[str | float]:
    """The figures an outline states itself: each segment's minutes, start and end."""
    figures: list[str | float] = []
    for item in items:
        figures += [f"{item['minutes']} min", float(item["start"]), float(item["start"] + item["minutes"])]
    return figures


def _limit(limits: dict[str, dict[str, int | None]], name: str) -> dict[str, int | None]:
    found = limits.get(name) or {}
    return {"chars": found.get("chars"), "words": found.get("words")}
