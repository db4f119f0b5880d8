"""The talk kind: a conference submission with fields, an outline with timings, and a CFP's limits."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kit import rx
from kit.checks.report import Finding
from kit.config import Config
from kit.drafts import DraftFile, Rendered
from kit.errors import DraftError, TemplateError, UsageError
from kit.kinds.base import Kind, KindOptions, Limits, Output
from kit.kinds.text import (
    first_sentences,
    fit_whole,
    held_while,
    lesson_points,
    metric_noun,
    post_mortem,
    takeaway_points,
)
from kit.render import plain_text, render, render_blocks
from kit.story import Visibility
from kit.views import PLACEHOLDER, View, context

FIELDS = ("title", "elevator_pitch", "abstract", "takeaways", "reviewer_notes")
# Fields some CFPs add, each a block of talk.fields.j2, with the label the form gives it.
CFP_FIELDS = {
    "description": "Description",  # PyCon US: the brief description, one paragraph
    "benefits": "Benefits to the ecosystem",  # KubeCon + CloudNativeCon
}
# The outline's segments per format: (key, title, weight). A segment keyed by a story section
# appears when that section has something in it; "opening", "results" and "exercise" always.
_SEGMENTS: list[tuple[str, str, float]] = [
    ("opening", "Opening: the result in one slide", 1.5),
    ("problem", "The problem", 3.0),
    ("approach", "What we built", 5.0),
    ("results", "Results, and how we measured them", 3.0),
    ("lessons", "Lessons for your team", 3.0),
    ("next", "What's next", 1.0),
    ("qa", "Questions", 2.5),
]
_FORMAT_SEGMENTS: dict[str, list[tuple[str, str, float]]] = {
    # A workshop is mostly hands-on: the attendees redo the key step, not watch slides about it.
    "workshop": [
        ("opening", "Opening: the result, and what you will build", 1.0),
        ("problem", "The problem, in our numbers", 1.5),
        ("approach", "Walkthrough: what we built", 3.0),
        ("exercise", "Hands-on: the key step, on your own setup", 8.0),
        ("results", "Measuring it: how we got our numbers, and how to get yours", 2.0),
        ("lessons", "Lessons, and adapting them to your team", 1.5),
        ("qa", "Questions", 1.0),
    ],
    # A panel is a moderated conversation: each part is a question to the panel.
    "panel": [
        ("opening", "Introductions, and the result in one slide", 1.5),
        ("problem", "Discussion: the problem", 3.0),
        ("approach", "Discussion: what we built, and what we tried first", 4.0),
        ("results", "Discussion: the results, and how we measured them", 3.0),
        ("lessons", "Discussion: lessons for your team", 3.0),
        ("qa", "Audience questions", 3.5),
    ],
}


# A post-mortem's segments say what they are (the default format; a workshop's and a panel's read either way).
_SETBACK_TITLES = {"problem": "What went wrong", "approach": "What we did", "lessons": "What we learned"}


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


def _has(sections: dict[str, Any], key: str) -> bool:
    """Whether the story has a section with something in it: an empty heading, or one holding only
    "TBD", is no material for a segment."""
    section = sections.get(key)
    return bool(section and not PLACEHOLDER.fullmatch(section["body"]))


def outline(ctx: dict[str, Any], duration: int, fmt: str) -> list[dict[str, Any]]:
    """The outline's segments with minute timings for the talk's length: a segment keyed by a
    story section only where that section has material, its minutes going to the others."""
    sections = ctx["sections"]
    segments = [
        seg for seg in _FORMAT_SEGMENTS.get(fmt, _SEGMENTS)
        if seg[0] in ("opening", "results", "exercise")
        or (seg[0] == "problem" and (_has(sections, "problem") or _has(sections, "context")))
        or _has(sections, seg[0])
        or (seg[0] == "qa" and fmt != "lightning")
    ]  # fmt: skip
    if fmt not in _FORMAT_SEGMENTS and post_mortem(ctx):
        segments = [(key, _SETBACK_TITLES.get(key, title), weight) for key, title, weight in segments]
    while len(segments) > duration:  # a five-minute lightning talk drops the smallest parts
        segments.remove(min(segments, key=lambda seg: seg[2]))
    minutes = allocate(duration, [seg[2] for seg in segments])
    start = 0
    items = []
    for (key, title, _), length in zip(segments, minutes, strict=True):
        items.append({"key": key, "title": title, "minutes": length, "start": start})
        start += length
    return items


# Conference profiles: per field, "chars" and/or "words" maxima. Sources:
# - kubecon: CNCF's KubeCon + CloudNativeCon CFP (Sessionize): title 75 characters, abstract
#   1,300 characters (the CFP said 900 characters in 2018, so check the year's page);
#   "benefits to the ecosystem" 1,000 characters.
# - pycon: PyCon US proposals (symposion's ProposalBase, us.pycon.org): title at most 100
#   characters, the brief description "one paragraph, maximum 400 characters"; the detailed
#   abstract has no limit.
# - generic: pretalx (used by many community conferences) has no limits unless organisers set
#   them; kit's own conservative defaults: a title that fits a programme, an abstract of about
#   a page.
CFP_PROFILES: dict[str, Limits] = {
    "kubecon": {"title": {"chars": 75}, "abstract": {"chars": 1300}, "benefits": {"chars": 1000}},
    "pycon": {
        "title": {"chars": 100},
        "description": {"chars": 400},
        "elevator_pitch": {"chars": 400},
    },
    "generic": {
        "title": {"chars": 100},
        "elevator_pitch": {"chars": 300},
        "abstract": {"words": 300},
    },
}


def cfp_limits(name: str, config: Config) -> Limits:
    """A conference's field limits: the workspace's [cfp.NAME], else a built-in profile."""
    if name in config.cfp:
        return {k: v.model_dump() for k, v in config.cfp[name].items()}
    if name in CFP_PROFILES:
        return CFP_PROFILES[name]
    known = ", ".join(sorted({*CFP_PROFILES, *config.cfp}))
    raise UsageError(f'unknown CFP profile "{name}"; use one of {known}, or define [cfp.{name}] in kit.toml')


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutlineItem(_Fields):
    minutes: int = Field(ge=1)
    title: str
    points: list[str] | None = None


class TalkFields(_Fields):
    """The talk submission's fields, as the model must return them."""

    title: str
    elevator_pitch: str
    abstract: str
    outline: list[OutlineItem] = Field(min_length=1)
    takeaways: list[str] = Field(min_length=1, max_length=3)  # from the story's lessons: fewer when it has fewer
    level: Literal["beginner", "intermediate", "advanced"]
    format: Literal["talk", "lightning", "workshop", "panel", "keynote"]
    reviewer_notes: str


class Talk(Kind):
    name = "talk"
    audience = Visibility.PUBLIC
    description = "a conference talk submission, fitted to a CFP's limits"
    primary = "talk.md"
    companions = ("talk.json",)
    templates = ("talk.fields.j2", "talk.md.j2")
    prompt = "talk.prompt"
    schema = TalkFields
    readability = (30.0, 14.0)  # CFP reviewers are practitioners

    def inputs(self, options: KindOptions) -> dict[str, Any]:
        """The CFP profile and its limits shape a submission."""
        return {"cfp": options.cfp, "limits": cfp_limits(options.cfp, options.config)}

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """Markdown and JSON: the fields the CFP asks for, fitted to its limits by whole sentences
        and clauses (never cut mid-phrase; what cannot fit is left for the limits check).

        `output` (an LLM's structured reply) replaces the template's title, pitch, abstract,
        takeaways and reviewer notes; the outline's timings are always kit's own arithmetic.
        """
        limits = cfp_limits(options.cfp, options.config)
        ctx = context(view)
        talk = ctx["talk"]
        ctx["outline"] = outline(ctx, talk["duration"], talk["format"])
        ctx["lesson_points"] = lesson_points(ctx)
        ctx["takeaway_points"] = takeaway_points(ctx)
        ctx["first_sentences"] = first_sentences(ctx["sections"])  # whole: "Dr. Meier found ..." is one
        ctx["cfp"] = options.cfp
        ctx["setback"] = post_mortem(ctx)  # pitched as what went wrong, never as a win
        ctx["held_while"] = held_while(ctx)  # a headline that held is pitched with what improved
        ctx["headline_noun"] = metric_noun(ctx["headline"], ctx["proper_words"]) if ctx["headline"] else None
        blocks = render_blocks("talk.fields.j2", ctx, workspace=options.workspace)
        raw = {name: re.sub(r"\n{3,}", "\n\n", text) for name, text in blocks.items()}  # empty paragraphs gone
        if isinstance(output, dict):
            raw.update({name: output[name] for name in ("title", "elevator_pitch", "abstract", "reviewer_notes")})
            # One takeaway per lesson the story gives: a model's extra ones would be invented.
            lessons_given = len(ctx["takeaway_points"])
            raw["takeaways"] = "\n".join(f"- {point}" for point in output["takeaways"][:lessons_given])
        missing = [name for name in FIELDS if name not in raw]
        if missing:
            raise TemplateError(f"talk.fields.j2 has no block {', '.join(missing)}; add one for each field")
        extra = [name for name in limits if name not in FIELDS]  # description, benefits, a CFP's own
        defaulted = [name for name in extra if not raw.get(name, "").strip()]
        for name in defaulted:
            raw[name] = raw["abstract"]  # a sensible default, flagged by own_findings
        # The headline's evidence and the trade-offs are the last sentences fitting drops.
        essential = tuple(
            m["phrase"] for m in ctx["metrics"] if m["regressed"] or m["id"] == (ctx["headline"] or {}).get("id")
        )
        fitted = {"title": fit_title(raw["title"], ctx["short_title"], *_limit(limits, "title"))}
        for name in ("elevator_pitch", "abstract", *extra):
            fitted[name] = fit_whole(raw[name], *_limit(limits, name), keep=essential) or raw[name]
        takeaways = [re.sub(r"^[-*+]\s+", "", line).strip() for line in raw["takeaways"].splitlines() if line.strip()]
        submission = {
            "title": fitted["title"],
            "elevator_pitch": fitted["elevator_pitch"],
            "abstract": fitted["abstract"],
            **{name: fitted[name] for name in extra},
            "outline": [{"minutes": o["minutes"], "title": o["title"]} for o in ctx["outline"]],
            "takeaways": takeaways[:3],
            "level": talk["level"],
            "format": talk["format"],
            "duration": talk["duration"],
            "track": talk["track"],
            "speakers": [{"name": a["name"], "role": a["role"], "bio": a["bio"]} for a in ctx["authors"]],
            "reviewer_notes": raw["reviewer_notes"],
            "cfp": options.cfp,
        }
        fields = [{"name": name, "label": field_label(name)} for name in extra]
        body = render("talk.md.j2", {**ctx, "submission": submission, "cfp_fields": fields},
                      workspace=options.workspace)  # fmt: skip
        front: dict[str, Any] = {"title": plain_text(submission["title"]), "cfp": options.cfp}
        if defaulted:
            front["filled_from_abstract"] = defaulted
        return Rendered(
            kind=self.name,
            primary=self.primary,
            front=front,
            body=body,
            companions={"talk.json": json.dumps(submission, indent=2, ensure_ascii=False) + "\n"},
            fields=_string_fields(submission),
            extra_figures=submission_figures(submission),
            source="template talk.fields.j2 + talk.md.j2",
        )

    def own_findings(self, rendered: Rendered) -> list[Finding]:
        """A CFP field that talk.fields.j2 has no block for was filled from the abstract: say so. A talk
        on disk must say what its talk.json says: one is read, the other pasted into the CFP's form."""
        names = rendered.front.get("filled_from_abstract") or []
        filled = [
            Finding("limits", "warning", None, str(name),
                    f"the CFP asks for `{name}` and talk.fields.j2 has no block for it; kit filled it from "
                    f"the abstract: add {{% block {name} %}} to a workspace talk.fields.j2 to write it")
            for name in names
        ]  # fmt: skip
        submission = rendered.meta.get("talk_json")
        return filled + (disagreements(rendered.body, submission) if isinstance(submission, dict) else [])

    def read(self, draft: DraftFile) -> Rendered:
        """The talk on disk, with the fields and outline timings kit wrote beside it in talk.json."""
        rendered = super().read(draft)
        companion = draft.path.with_name("talk.json")
        if not companion.is_file():
            return rendered
        try:
            submission = json.loads(companion.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DraftError(f"{companion}: cannot read it: {err}") from err
        if not isinstance(submission, dict):
            raise DraftError(f"{companion}: not a talk submission (a JSON object)")
        rendered.fields = _string_fields(submission)
        rendered.extra_figures = submission_figures(submission)
        if outline_disagreements(draft.body, submission):
            # Named once as the mismatch it is (own_findings), not again as figures talk.md made up.
            rendered.extra_figures += row_figures(outline_rows(draft.body))
        rendered.meta["talk_json"] = submission  # for own_findings: a draft read is checked, never written
        return rendered

    def settings_limits(self, rendered: Rendered, config: Config) -> Limits:
        """The CFP profile the talk was fitted to; one this workspace no longer defines checks facts only."""
        try:
            limits = cfp_limits(str(rendered.front.get("cfp") or "generic"), config)
        except UsageError:
            return {}
        if "title" not in limits:
            return limits
        return {**limits, "title": {**limits["title"], "hint": _TITLE_HINT}}


# The line under talk.md's title: "**Format:** talk · **Length:** 25 minutes · **Level:** advanced".
_STATED = {
    "duration": rx.compile(r"\*\*Length:\*\*\s*(\d+)\s*min", re.IGNORECASE),
    "level": rx.compile(r"\*\*Level:\*\*\s*([A-Za-z-]+)", re.IGNORECASE),
    "format": rx.compile(r"\*\*Format:\*\*\s*([A-Za-z-]+)", re.IGNORECASE),
}


def disagreements(body: str, submission: dict[str, Any]) -> list[Finding]:
    """Where talk.md and talk.json disagree (its length, level and format), and an outline whose
    minutes do not add up to the talk's length: a person edits one file and pastes the other."""
    findings = []
    for key, pattern in _STATED.items():
        match = pattern.search(body)
        given = submission.get(key)
        if match and given is not None and match.group(1).lower() != str(given).lower():
            line = body.count("\n", 0, match.start()) + 1
            findings.append(Finding("facts", "error", line, match.group(0),
                                    f"talk.json's {key} is {given}: make talk.md and talk.json agree"))  # fmt: skip
    findings += outline_disagreements(body, submission)
    outline = submission.get("outline")
    duration = submission.get("duration")
    if isinstance(outline, list) and isinstance(duration, int) and outline:
        total = sum(int(item.get("minutes", 0)) for item in outline if isinstance(item, dict))
        if total != duration:
            findings.append(Finding("facts", "error", None, "outline",
                                    f"talk.json's outline adds up to {total} minutes and its duration is {duration}: "
                                    "make the segments' minutes add up to the talk's length"))  # fmt: skip
    return findings


_AGREE = "make talk.md and talk.json agree: edit one to match the other, or rebuild both with `kit build --force`"
# A row of talk.md's outline table: "| 3–8 (5 min) | The problem |".
_OUTLINE_ROW = rx.compile(r"^\|\s*((\d+)\s*[–-]\s*(\d+)\s*\((\d+)\s*min\))\s*\|\s*(.*?)\s*\|[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class OutlineRow:
    """One segment as talk.md's outline table gives it."""

    line: int  # in the body
    timing: str  # as written: "3–8 (5 min)"
    start: int
    end: int
    minutes: int
    title: str


def outline_rows(body: str) -> list[OutlineRow]:
    """The segments of talk.md's outline table, in order."""
    return [
        OutlineRow(body.count("\n", 0, m.start()) + 1, m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)),
                   _plain_title(m.group(5)))
        for m in _OUTLINE_ROW.finditer(body)
    ]  # fmt: skip


def _plain_title(text: str) -> str:
    """A segment's title without the Markdown escapes a table cell adds, as talk.json holds it."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def row_figures(rows: list[OutlineRow]) -> list[str | float]:
    """The figures talk.md's outline rows state: each segment's minutes, start and end."""
    return [figure for row in rows for figure in (f"{row.minutes} min", float(row.start), float(row.end))]


def outline_disagreements(body: str, submission: dict[str, Any]) -> list[Finding]:
    """Each segment on which talk.md's outline and talk.json's disagree, named by talk.json's field:
    a person who edits talk.json's minutes, or drops a segment, has changed what the CFP form gets.

    Segments are paired in order when both outlines have as many, else by title; a segment only
    one of them has is named as missing from the other.
    """
    rows = outline_rows(body)
    outline = submission.get("outline")
    if not rows or not isinstance(outline, list):
        return []
    items = [(i, item) for i, item in enumerate(outline) if isinstance(item, dict)]
    if len(items) == len(rows):
        pairs: list[tuple[OutlineRow | None, tuple[int, dict[str, Any]] | None]] = list(zip(rows, items, strict=True))
    else:
        pairs, left = [], list(items)
        for row in rows:
            match = next((pair for pair in left if _plain_title(str(pair[1].get("title", ""))) == row.title), None)
            if match is not None:
                left.remove(match)
            pairs.append((row, match))
        pairs += [(None, pair) for pair in left]
    return [finding for one, other in pairs for finding in _segment_disagreements(one, other)]


def _segment_disagreements(row: OutlineRow | None, pair: tuple[int, dict[str, Any]] | None) -> list[Finding]:
    """How one segment of talk.md differs from its counterpart in talk.json (either may be missing)."""
    if pair is None:
        missing = f"talk.json's outline has no such segment; {_AGREE}"
        return [Finding("facts", "error", row.line, row.title, missing)] if row is not None else []
    index, item = pair
    title, minutes = _plain_title(str(item.get("title", ""))), item.get("minutes")
    if row is None:
        return [Finding("facts", "error", None, f"outline[{index}]",
                        f'talk.json\'s outline[{index}] ("{title}", {minutes} min) is not in talk.md\'s outline; '
                        f"{_AGREE}")]  # fmt: skip
    found = []
    if title != row.title:
        found.append(Finding("facts", "error", row.line, row.title,
                             f'talk.json\'s outline[{index}].title is "{title}"; {_AGREE}'))  # fmt: skip
    if minutes != row.minutes:
        found.append(Finding("facts", "error", row.line, row.timing,
                             f'talk.json\'s outline[{index}].minutes is {minutes} where talk.md gives "{row.title}" '
                             f"{row.minutes} min; {_AGREE}"))  # fmt: skip
    return found


_TITLE_HINT = "add a `short_title:` that fits to the story: the talk takes it when the title does not fit"


def field_label(name: str) -> str:
    """The heading a CFP field gets in talk.md: "benefits" is "Benefits to the ecosystem"."""
    return CFP_FIELDS.get(name) or name.replace("_", " ").capitalize()


def fit_title(title: str, short_title: str, chars: int | None, words: int | None) -> str:
    """The title, else the story's short title, else the title's first whole clause ("A: b" is "A");
    the title itself when none fits (the limits check then names the field and by how much)."""
    head = re.split(r":\s+|\s+[—–]\s+|\s+-\s+", title, maxsplit=1)[0]
    for candidate in (title, short_title, head):
        if candidate and fit_whole(candidate, chars, words) == candidate:
            return candidate
    return title


def _string_fields(submission: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in submission.items() if isinstance(v, str)}


def submission_figures(submission: dict[str, Any]) -> list[str | float]:
    """The figures a submission states itself: each outline segment's minutes, start and end, the
    talk's length and how many takeaways it lists."""
    items, start = [], 0
    for item in submission.get("outline", []):
        minutes = int(item.get("minutes", 0))
        items.append({"minutes": minutes, "start": start})
        start += minutes
    count = float(len(submission.get("takeaways") or [])) or 3.0
    return [*outline_figures(items), f"{submission.get('duration', 0)} minutes", count]


def outline_figures(items: list[dict[str, Any]]) -> list[str | float]:
    """The figures an outline states itself: each segment's minutes, start and end."""
    figures: list[str | float] = []
    for item in items:
        figures += [f"{item['minutes']} min", float(item["start"]), float(item["start"] + item["minutes"])]
    return figures


def _limit(limits: Limits, name: str) -> tuple[int | None, int | None]:
    """A field's (chars, words) maxima, None where the profile sets none."""
    found = limits.get(name) or {}
    return found.get("chars"), found.get("words")


KIND = Talk()
