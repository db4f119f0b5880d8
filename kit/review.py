"""The review page: every draft rendered, its check findings marked in place, its status.

    result = build_review([Path("drafts")], Path("review.html"))
    print(result.path, result.errors, result.warnings)

One self-contained HTML file (inline CSS and script, images inlined as data: URIs, a
Content-Security-Policy that forbids every fetch). Findings are marked by searching the
text nodes of the draft's rendered HTML, never by splicing story text into markup: each
mark wraps text the draft itself contains, re-escaped.
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup, escape

from kit import frontmatter, rx
from kit.audit import audit, find_drafts
from kit.checks import Finding, Report
from kit.clock import now_iso
from kit.config import find_workspace
from kit.drafts import STATUSES, read_draft
from kit.errors import DraftError, Problem, StoryError, UsageError
from kit.markdown import markdown_parser
from kit.render import render
from kit.write import atomic_write, ensure_writable

TEMPLATE = "review.html.j2"
IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
IMAGE_MAX_BYTES = 2_000_000
LOOSE_WORDS = 4  # a finding this many words long (a leaked run, a quote) matches across formatting
_TAG = rx.compile(r"(<[^>]*>)")
_WORDS = rx.compile(r"\w+")
_MORE = rx.compile(r"^<!-- ?more ?-->[ \t]*$", re.MULTILINE)  # the excerpt divider: no text for a reader


# ---- rendering Markdown in pieces that know their source lines -----------------------------


@dataclass(frozen=True)
class Piece:
    """A run of the rendered HTML and the 0-based source lines [start, end) it came from."""

    html: str
    lines: tuple[int, int] | None


def render_pieces(text: str, folder: Path | None = None) -> list[Piece]:
    """Markdown to HTML, one piece per token, as markdown-it's renderer joins them.

    Images are inlined from `folder` (files beside the draft) or replaced by their alt text,
    so the page fetches nothing.
    """
    md = markdown_parser()  # the parser markdown_html uses, so the page shows what the site would
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    renderer = cast(RendererHTML, md.renderer)  # the default renderer; typed as a protocol
    pieces: list[Piece] = []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            _inline_images(token, folder)
            out = renderer.renderInline(token.children or [], md.options, env)
        elif token.type in renderer.rules:
            out = renderer.rules[token.type](tokens, i, md.options, env)
        else:
            out = renderer.renderToken(tokens, i, md.options, env)
        lines = (token.map[0], token.map[1]) if token.map else None
        pieces.append(Piece(out, lines))
    return pieces


def _inline_images(token: Token, folder: Path | None) -> None:
    children = token.children or []
    for index, child in enumerate(children):
        if child.type != "image":
            continue
        uri = _data_uri(str(child.attrGet("src") or ""), folder)
        if uri is not None:
            child.attrSet("src", uri)
            continue
        alt = "".join(c.content for c in child.children or []) or "image"
        children[index] = Token("text", "", 0, content=f"[image: {alt}]")


def _data_uri(src: str, folder: Path | None) -> str | None:
    """A local image beside the draft as a data: URI; None for anything remote, missing or large."""
    parts = urlsplit(unquote(src).removeprefix("{{site.baseurl}}"))  # Jekyll's site-absolute link to kit's chart
    if folder is None or parts.scheme or parts.netloc or not parts.path:
        return None
    root = folder.resolve()
    if parts.path.startswith("/"):  # site-absolute: the site root is above the posts folder (`_posts/`)
        root = root.parent
    path = (root / unquote(parts.path.lstrip("/"))).resolve()
    mime = IMAGE_TYPES.get(path.suffix.lower())
    if mime is None or root not in path.parents or not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > IMAGE_MAX_BYTES:
        return None
    if mime == "image/svg+xml" and data.startswith(b"---"):  # a chart with Jekyll front matter
        data = data.split(b"\n---\n", 1)[-1]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# ---- marking findings in the rendered text --------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A finding and where it is marked in the page (`anchor`), if it could be found."""

    finding: Finding
    anchor: str | None

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {
            "check": f.check,
            "severity": f.severity,
            "line": f.line,
            "text": f.text,
            "message": f.message,
            "story_says": f.story_says,
            "marked": self.anchor is not None,
        }


@dataclass
class _Text:
    """The rendered HTML split into tags and text nodes, with the text as a reader sees it."""

    parts: list[str] = field(default_factory=list)  # tags as written, text nodes unescaped
    is_text: list[bool] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # where each part starts in `visible`
    visible: str = ""
    piece_spans: list[tuple[int, int, tuple[int, int] | None]] = field(default_factory=list)


def _split(pieces: Sequence[Piece]) -> _Text:
    doc = _Text()
    chunks: list[str] = []
    position = 0
    for piece in pieces:
        start = position
        for part in _TAG.split(piece.html):
            if not part:
                continue
            text = not part.startswith("<")
            value = html.unescape(part) if text else part
            doc.parts.append(value)
            doc.is_text.append(text)
            doc.offsets.append(position)
            if text:
                chunks.append(value)
                position += len(value)
        doc.piece_spans.append((start, position, piece.lines))
    doc.visible = "".join(chunks)
    return doc


def needle(text: str) -> re.Pattern[str] | None:
    """How a finding's text is looked for: exactly (a figure), or word by word (a run of prose)."""
    words = _WORDS.findall(text)
    if len(words) >= LOOSE_WORDS:
        return re.compile(  # made of a draft's text, not kept in `rx`'s cache
            r"(?<!\w)" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
        )
    flat = " ".join(text.split())
    if not flat:
        return None
    body = r"\s+".join(re.escape(w) for w in flat.split(" "))
    before = r"(?<!\w)(?<!\d[.,])" if flat[0].isalnum() else ""
    after = r"(?!\w)(?![.,]\d)" if flat[-1].isalnum() else ""
    return re.compile(before + body + after)


def _locate(doc: _Text, finding: Finding, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a finding is in the visible text: on its line, else after it, else anywhere."""
    pattern = needle(finding.text)
    if pattern is None or finding.line is None:
        return None
    free = [
        (m.start(), m.end())
        for m in pattern.finditer(doc.visible)
        if m.end() > m.start() and not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    if not free:
        return None
    line = finding.line - 1
    own = [
        (s, e) for s, e, lines in doc.piece_spans if lines and lines[0] <= line < lines[1] and e > s
    ]
    if own:
        # The innermost piece on the line (an inline run, a table cell's row) wins.
        start, end = min(own, key=lambda span: span[1] - span[0])
        for span in free:
            if start <= span[0] < end:
                return span
        after = [span for span in free if span[0] >= start]
        if after:
            return after[0]
    return free[0]


def _mark_open(finding: Finding, anchor: str | None) -> str:
    says = f" The story says: {finding.story_says}" if finding.story_says else ""
    title = f"{finding.check}: {finding.message.rstrip('.')}.{says}"
    ident = f' id="{anchor}"' if anchor else ""
    return f'<mark class="finding {finding.severity}"{ident} title="{escape(title)}">'


def _emit(doc: _Text, marks: Sequence[tuple[int, int, Finding, str]]) -> str:
    """The HTML again, each text node re-escaped, marked spans wrapped (one mark per text node)."""
    out: list[str] = []
    for part, text, offset in zip(doc.parts, doc.is_text, doc.offsets, strict=True):
        if not text:
            out.append(part)
            continue
        end = offset + len(part)
        cursor = offset
        for start, stop, finding, anchor in marks:
            lo, hi = max(start, offset), min(stop, end)
            if lo >= hi:
                continue
            out.append(str(escape(part[cursor - offset : lo - offset])))
            first = anchor if lo == start else None
            out.append(
                _mark_open(finding, first)
                + str(escape(part[lo - offset : hi - offset]))
                + "</mark>"
            )
            cursor = hi
        out.append(str(escape(part[cursor - offset :])))
    return "".join(out)


def mark_findings(
    pieces: Sequence[Piece], findings: Iterable[Finding], prefix: str
) -> tuple[Markup, list[Placed]]:
    """The draft's HTML with each finding that has a line and text wrapped in <mark>."""
    doc = _split(pieces)
    placed: list[Placed] = []
    marks: list[tuple[int, int, Finding, str]] = []
    for number, finding in enumerate(findings, start=1):
        span = _locate(doc, finding, [(s, e) for s, e, _, _ in marks])
        anchor = f"{prefix}-f{number}" if span else None
        if span and anchor:
            marks.append((span[0], span[1], finding, anchor))
        placed.append(Placed(finding, anchor))
    marks.sort(key=lambda m: m[0])
    return Markup(_emit(doc, marks)), placed


# ---- the page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewedDraft:
    """One draft as the page shows it: summary, body, findings (or why it was not checked)."""

    anchor: str
    path: Path
    kind: str
    title: str
    status: str
    edited: bool
    provenance: dict[str, Any]
    body_html: Markup
    findings: list[Placed]
    checks: dict[str, str]
    problem: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.findings if p.finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.findings if p.finding.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "edited": self.edited,
            "checked": self.problem is None,
            "problem": self.problem,
            "checks": self.checks,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [p.to_dict() for p in self.findings],
        }


@dataclass(frozen=True)
class ReviewResult:
    """What `build_review` wrote: the page's path, every draft on it, and the totals."""

    path: Path
    drafts: list[ReviewedDraft]
    problems: list[Problem]  # drafts that could not be read at all

    @property
    def errors(self) -> int:
        return sum(d.errors for d in self.drafts)

    @property
    def warnings(self) -> int:
        return sum(d.warnings for d in self.drafts)

    @property
    def unchecked(self) -> int:
        return sum(1 for d in self.drafts if d.problem is not None) + len(self.problems)

    def counts(self, key: str) -> dict[str, int]:
        """Drafts per kind or per status."""
        return dict(sorted(Counter(str(getattr(d, key)) for d in self.drafts).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.unchecked,  # as `kit review` exits: 0 when every draft was checked
            "path": str(self.path),
            "drafts": [d.to_dict() for d in self.drafts],
            "problems": [p.to_dict() for p in self.problems],
            "kinds": self.counts("kind"),
            "statuses": self.counts("status"),
            "errors": self.errors,
            "warnings": self.warnings,
            "unchecked": self.unchecked,
        }


def review_draft(path: Path, index: int, story: Path | None = None) -> ReviewedDraft:
    """Check one draft and render it with its findings marked; DraftError if it cannot be read.

    A draft whose story cannot be found or loaded is still shown, marked as not checked.
    """
    draft = read_draft(path)
    kind = str(draft.provenance.get("kind") or path.stem)
    title = str(draft.front.get("title") or path.parent.name)
    report, problem = Report(), None
    try:
        report = audit(path, story).report
    except (DraftError, StoryError) as err:  # the draft reads, so this is about its story
        problem = "; ".join(err.lines())
    anchor = f"d{index}"
    # Findings count lines from the file's top: render the file with its front matter blanked.
    text = _MORE.sub("", frontmatter.blank(path.read_text(encoding="utf-8").replace("\r\n", "\n")))
    body, placed = mark_findings(render_pieces(text, path.parent), report.findings, anchor)
    checks = report.summary() if problem is None else {}
    status = draft.status
    if draft.edited and problem is None and not report.ok and status in ("draft", "approved"):
        status = "needs-review"  # a person's edit broke a check: it needs reading again
    return ReviewedDraft(
        anchor,
        path,
        kind,
        title,
        status,
        draft.edited,
        draft.provenance,
        body,
        placed,
        checks,
        problem,
    )


def review_all(
    paths: Iterable[Path], story: Path | None = None
) -> tuple[list[ReviewedDraft], list[Problem]]:
    """Every draft under paths, reviewed; drafts that cannot be read come back as Problems."""
    drafts: list[ReviewedDraft] = []
    problems: list[Problem] = []
    for index, path in enumerate(find_drafts(paths), start=1):
        try:
            drafts.append(review_draft(path, index, story))
        except (DraftError, StoryError) as err:
            problems.extend(err.as_problems())
    return drafts, problems


def _context(result: ReviewResult, drafts: Sequence[ReviewedDraft]) -> dict[str, Any]:
    statuses = list(dict.fromkeys([*STATUSES, *result.counts("status")]))
    return {
        "title": f"Review: {len(drafts)} draft{'' if len(drafts) == 1 else 's'}",
        "generated": now_iso(),
        "drafts": drafts,
        "problems": [str(p) for p in result.problems],
        "kinds": result.counts("kind"),
        "statuses": {s: result.counts("status").get(s, 0) for s in statuses},
        "errors": result.errors,
        "warnings": result.warnings,
        "unchecked": result.unchecked,
    }


def build_review(
    paths: Iterable[Path], out: Path, story: Path | None = None, workspace: Path | None = None
) -> ReviewResult:
    """Review every draft under paths and write the page to `out` atomically.

    UsageError when there are no drafts, none could be read, or `story` is not a file.
    """
    paths = [Path(p) for p in paths]  # text from a Python caller, too
    out, story = Path(out), Path(story) if story is not None else None
    if story is not None and not story.is_file():
        raise UsageError(f"{story}: no such story file (--story)")
    ensure_writable([out])
    drafts, problems = review_all(paths, story)
    if not drafts:
        raise UsageError(problems=problems) if problems else UsageError("no drafts to review")
    result = ReviewResult(out, drafts, problems)
    root = workspace or find_workspace(paths)
    page = render(TEMPLATE, _context(result, drafts), workspace=root)
    atomic_write(out, page)
    return result
