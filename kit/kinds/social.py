"""The social kind: a LinkedIn post and an X/Bluesky thread, hook first, figures with their baselines.

Both are plain text to paste. The LinkedIn post is held to 3,000 characters; each post of
the thread to 280 characters as X counts them (a link is 23, most CJK and emoji 2), which
also fits Bluesky's 300. kit numbers the thread's posts itself and adds 3–5 hashtags made
from the story's tags (then its tools), so neither the template nor a model can miscount them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kit import rx
from kit.checks.report import Finding
from kit.drafts import Rendered
from kit.kinds.base import Kind, KindOptions, Output
from kit.kinds.text import first_sentences, fit, held_while, lesson_points, metric_noun, post_mortem, split_sentences
from kit.render import plain_text, render, render_blocks
from kit.story import Visibility
from kit.views import View, context

LINKEDIN_CHARS = 3000
POST_CHARS = 280  # X; Bluesky allows 300 graphemes
URL_CHARS = 23  # X shortens every link to t.co: 23 characters whatever its length
HASHTAGS = (3, 5)
_URL = rx.compile(r"https?://\S+")
# twitter-text's v3 ranges that count as one character; everything else (CJK, emoji) counts two.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# One pass over a text for the characters that count two, instead of testing each character in Python.
_HEAVY = rx.compile("[^" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _LIGHT) + "]")
_HEADINGS = {"linkedin": "## LinkedIn post", "thread": "## Thread for X and Bluesky"}
_NUMBERED = rx.compile(r"^(\d+)/(\d+)\s+")


def x_length(text: str) -> int:
    """Characters as X counts them: a link is 23, CJK and emoji are 2, the rest 1."""
    parts = _URL.split(text)  # the text around the links
    return sum(len(part) + len(_HEAVY.findall(part)) for part in parts) + URL_CHARS * (len(parts) - 1)


def hashtag(label: str) -> str:
    """A tag as a hashtag: "feature-store" -> "#FeatureStore", "MLOps" stays "#MLOps", "日本" is "#日本"
    (letters of any script: the platforms take them)."""
    parts = [p for p in re.split(r"[\W_]+", plain_text(label)) if p]
    if len(parts) > 1:
        parts = [p if any(c.isupper() for c in p) else p.capitalize() for p in parts]
    return "#" + "".join(parts) if parts else ""


def hashtags(tags: list[str], tools: list[str]) -> list[str]:
    """3 to 5 hashtags: the story's tags first, then its tools when there are fewer than 3 tags."""
    found: dict[str, str] = {}
    for label in tags:
        tag = hashtag(label)
        if len(tag) > 1 and not tag[1:].isdigit():
            found.setdefault(tag.lower(), tag)
    for label in tools:
        if len(found) >= HASHTAGS[0]:
            break
        tag = hashtag(label)
        if len(tag) > 1 and not tag[1:].isdigit():
            found.setdefault(tag.lower(), tag)
    return list(found.values())[: HASHTAGS[1]]


class SocialFields(BaseModel):
    """The social posts, as the model must return them (kit numbers the thread and adds hashtags)."""

    model_config = ConfigDict(extra="forbid")

    linkedin: str
    thread: list[str] = Field(min_length=2, max_length=8)


def parse_posts(body: str) -> tuple[str, list[str]]:
    """The LinkedIn post and the thread's posts (numbering included) from a social.md body."""
    parts: dict[str, list[str]] = {"linkedin": [], "thread": []}
    current: str | None = None
    for line in body.split("\n"):
        heading = next((key for key, text in _HEADINGS.items() if line.strip() == text), None)
        if heading is not None:
            current = heading
        elif line.startswith("# "):
            current = None  # the page's title
        elif current is not None:
            parts[current].append(line)
    linkedin = "\n".join(parts["linkedin"]).strip()
    posts: list[str] = []
    for paragraph in re.split(r"\n\s*\n", "\n".join(parts["thread"])):
        text = paragraph.strip()
        if not text:
            continue
        if _NUMBERED.match(text) or not posts:
            posts.append(text)
        else:
            posts[-1] += "\n\n" + text
    return linkedin, posts


class Social(Kind):
    name = "social"
    audience = Visibility.PUBLIC
    description = "a LinkedIn post and an X/Bluesky thread, hook first"
    primary = "social.md"
    companions = ("social.json",)
    templates = ("social.fields.j2", "social.md.j2")
    prompt = "social.prompt"
    schema = SocialFields
    readability = (40.0, 12.0)  # a feed is read fast: plain words
    limits = {"linkedin": {"chars": LINKEDIN_CHARS}}

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """social.md (both, ready to paste) and social.json (each with its length as the platform counts it)."""
        ctx = context(view)
        ctx["lesson_points"] = lesson_points(ctx)
        ctx["first_sentences"] = first_sentences(ctx["sections"])  # whole: "Dr. Meier found ..." is one
        ctx["hashtags"] = hashtags(ctx["tags"], ctx["tools"])
        ctx["link"] = ctx["links"][0] if ctx["links"] else None
        ctx["setback"] = post_mortem(ctx)  # the headline got worse: a headline that held is steady
        ctx["held_while"] = held_while(ctx)  # a headline that held is told with what improved
        ctx["headline_noun"] = metric_noun(ctx["headline"], ctx["proper_words"]) if ctx["headline"] else None
        if isinstance(output, dict):
            linkedin, thread = str(output["linkedin"]), [str(p) for p in output["thread"]]
        else:
            blocks = render_blocks("social.fields.j2", ctx, workspace=options.workspace)
            linkedin = blocks.get("linkedin", "")
            thread = [p for p in re.split(r"\n\s*\n", blocks.get("thread", "")) if p.strip()]
        linkedin = _with_hashtags(fit(_tidy(linkedin), LINKEDIN_CHARS), ctx["hashtags"])
        posts = _numbered([" ".join(p.split()) for p in thread if p.strip()], ctx["hashtags"])
        body = render("social.md.j2", {**ctx, "linkedin": linkedin, "posts": posts}, workspace=options.workspace)
        data = {
            "linkedin": {"text": linkedin, "characters": len(linkedin), "limit": LINKEDIN_CHARS},
            "thread": [{"text": p, "characters": x_length(p), "limit": POST_CHARS} for p in posts],
            "hashtags": ctx["hashtags"],
        }
        return Rendered(
            kind=self.name,
            primary=self.primary,
            front={"title": plain_text(ctx["title"])},
            body=body,
            companions={"social.json": json.dumps(data, indent=2, ensure_ascii=False) + "\n"},
            fields=self.fields_of({}, body),
            source="template social.fields.j2 + social.md.j2",
        )

    def fields_of(self, front: dict[str, Any], body: str) -> dict[str, str]:
        """The post and each of the thread's posts, read back from the Markdown a person may have edited."""
        linkedin, posts = parse_posts(body)
        return {"linkedin": linkedin, **{f"post {i}": post for i, post in enumerate(posts, start=1)}}

    def own_findings(self, rendered: Rendered) -> list[Finding]:
        """Each post within X's 280, posts numbered 1/n in order, 3–5 hashtags on the LinkedIn post."""
        findings: list[Finding] = []
        posts = [v for k, v in rendered.fields.items() if k.startswith("post ")]
        for number, post in enumerate(posts, start=1):
            size = x_length(post)
            if size > POST_CHARS:
                findings.append(Finding("limits", "error", None, f"post {number}",
                                        f"{size} characters as X counts them (a link is {URL_CHARS}); "
                                        f"the limit is {POST_CHARS} (cut {size - POST_CHARS})"))  # fmt: skip
            match = _NUMBERED.match(post)
            if match is None or (int(match.group(1)), int(match.group(2))) != (number, len(posts)):
                n = len(posts)
                findings.append(Finding("limits", "warning", None, f"post {number}",
                                        f"number the thread's posts 1/{n} to {n}/{n}"))  # fmt: skip
        count = len(re.findall(r"(?<![\w#])#[^\W\d_]\w*", rendered.fields.get("linkedin", "")))
        if not HASHTAGS[0] <= count <= HASHTAGS[1]:
            shown = {0: "no hashtags", 1: "1 hashtag"}.get(count, f"{count} hashtags")
            fix = "add `tags:` or `tools:` to the story" if count < HASHTAGS[0] else "remove some from the post"
            advice = f"{shown}; posts reach further with {HASHTAGS[0]} to {HASHTAGS[1]} ({fix})"
            findings.append(Finding("style", "warning", None, "hashtags", advice))
        return findings


def _tidy(text: str) -> str:
    """Paragraphs separated by one blank line, lines kept (LinkedIn shows them), no runs of spaces."""
    paragraphs = ["\n".join(" ".join(line.split()) for line in p.split("\n") if line.strip())
                  for p in re.split(r"\n\s*\n", text.strip())]  # fmt: skip
    return "\n\n".join(p for p in paragraphs if p)


def _with_hashtags(text: str, tags: list[str]) -> str:
    present = {t.lower() for t in re.findall(r"(?<![\w#])#[A-Za-z]\w*", text)}
    missing = [t for t in tags if t.lower() not in present]
    if not missing:
        return text
    return fit(text, LINKEDIN_CHARS - len(" ".join(missing)) - 2) + "\n\n" + " ".join(missing)


def _split(post: str, limit: int) -> list[str]:
    """A post too long for one, as several: whole sentences packed in order (a lone long one is cut)."""
    if x_length(post) <= limit:
        return [post]
    parts: list[str] = []
    for sentence in split_sentences(post):
        if parts and x_length(f"{parts[-1]} {sentence}") <= limit:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return parts


def _numbered(posts: list[str], tags: list[str]) -> list[str]:
    """Posts numbered "1/n", each within X's count (a long one split by sentences); hashtags close the
    last post where they fit."""
    room = POST_CHARS - len("99/99 ")
    posts = [part for post in posts for part in _split(post, room)]
    total = len(posts)
    out = []
    for number, post in enumerate(posts, start=1):
        prefix = f"{number}/{total} "
        text = fit(post, POST_CHARS - len(prefix), measure=x_length)
        if text != post and not text.endswith((".", "!", "?")):  # a lone long sentence, cut short
            text = fit(post, POST_CHARS - len(prefix) - 1, measure=x_length) + "…"
        if number == total and tags:
            closing = " ".join(tags)
            if x_length(f"{prefix}{text} {closing}") <= POST_CHARS:
                text = f"{text} {closing}"
        out.append(prefix + text)
    return out


KIND = Social()
