"""`kit review`: one self-contained page with every draft, its findings marked in place, its status.

The browser test drives Debian's headless Chromium over the DevTools protocol on a pipe
(standard library only, tests/chromium_support.py); it is skipped where Chromium is absent.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kit.checks import Finding
from kit.drafts import set_status
from kit.markdown import markdown_html
from kit.review import mark_findings, needle, render_pieces
from tests.chromium_support import Chromium
from tests.support import MINIMAL_STORY, kit_cli, write_story

STORY = (
    MINIMAL_STORY.replace(
        "    better: lower\n---",
        "    better: lower\n"
        "  - name: Engineer hours on deploy toil\n    before: 310 hours\n    after: 45 hours\n"
        "    better: lower\n    internal: true\n---",
    )
    + "\n## Costs {.internal}\n"
    + "The project cost us a great deal of weekend work from the platform team.\n"
)
TITLE = 'Deploys <script>alert("title")</script> & <b>fast</b>'
LEAK = (
    "Toil fell from 310 hours a month to 45 hours, and the project cost us a great deal of\n"
    "**weekend** work."
)


def _drafts(tmp_path: Path) -> Path:
    """Build the three drafts, then plant a wrong figure, a leak and a hostile title in the blog."""
    story = write_story(tmp_path, "stories/deploys.md", STORY)
    out = tmp_path / "drafts"
    # The review page is tested on the three long-form kinds; social drafts have tests of their own.
    assert kit_cli("build", story, "--out", out, "--kind", "blog,talk,onepager").code == 0
    blog = out / "deploys" / "blog.md"
    text = blog.read_text(encoding="utf-8")
    text = text.replace("(95% less time, 21× faster)", "(95% less time, 25× faster)", 1)
    text = re.sub(r"(?m)^title: .*$", "title: " + json.dumps(TITLE), text, count=1)
    text = text.replace("## Problem", f"{LEAK}\n\n<script>alert('body')</script>\n\n## Problem", 1)
    blog.write_text(text, encoding="utf-8")
    set_status(out / "deploys" / "onepager.md", "approved")
    return out


@pytest.fixture
def page(tmp_path: Path) -> Path:
    out = _drafts(tmp_path)
    code, stdout, err = kit_cli("review", out, "--out", tmp_path / "review.html")
    assert code == 0, stdout + err
    assert stdout.startswith(f"wrote {tmp_path / 'review.html'}: 3 drafts, 4 errors")
    return tmp_path / "review.html"


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


# ---- the page -------------------------------------------------------------------------------


def test_page_shows_every_draft_with_its_status_and_summary(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    sections = [a for tag, a in _tags(html) if tag == "section"]
    assert [(s["data-kind"], s["data-status"]) for s in sections] == [
        ("blog", "needs-review"),  # edited since kit wrote it, and its checks now fail
        ("onepager", "approved"),
        ("talk", "draft"),
    ]
    assert all("hidden" not in s for s in sections)  # readable with JS off: nothing starts hidden
    assert '<form id="filters" hidden>' in html  # the filters appear only when the script runs
    assert '<span class="badge status-approved">approved</span>' in html
    assert '<span class="badge status-draft">draft</span>' in html
    assert '<span class="badge errors">4 errors</span>' in html
    assert "<dd>blog: 1</dd><dd>onepager: 1</dd><dd>talk: 1</dd>" in html
    assert "facts: 1 error; visibility: 3 errors; limits: ok; style: ok" in html
    assert "---" not in re.sub(
        r"<(style|script)>.*?</\1>", "", html, flags=re.DOTALL
    )  # no raw front matter


def _marks(html: str) -> dict[str, tuple[str, str, str]]:
    """Each finding's mark: id -> (severity, title, the marked text joined over its pieces)."""
    marks: dict[str, tuple[str, str, str]] = {}
    last = ""
    for severity, ident, title, text in re.findall(
        r'<mark class="finding (\w+)"(?: id="(d\d+-f\d+)")? title="([^"]*)">([^<]*)</mark>', html
    ):
        last = ident or last
        before = marks.get(last, (severity, title, ""))
        marks[last] = (severity, title, before[2] + text)
    return marks


def test_findings_are_marked_in_place(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    marks = _marks(html)
    assert {ident: text for ident, (_, _, text) in marks.items()} == {
        "d1-f1": "25×",
        "d1-f2": "310 hours",
        "d1-f3": "45 hours",
        "d1-f4": "the project cost us a great deal of\nweekend work",
    }
    assert all(severity == "error" for severity, _, _ in marks.values())
    assert marks["d1-f1"][1] == (
        "facts: no figure in the story supports this."
        " The story says: 21× (Deployment lead time, change)"
    )
    assert marks["d1-f2"][1].startswith(
        "visibility: an internal figure (Engineer hours on deploy toil, before)"
    )
    assert marks["d1-f4"][1].startswith(
        "visibility: this text is from the internal section &#34;Costs&#34;"
    )
    assert '(<a href="#d1-f1">show</a>)' in html  # the list of findings links to each mark
    assert "<strong><mark" in html  # the leaked run is marked inside the bold word too


def test_nothing_from_the_drafts_or_story_reaches_the_page_unescaped(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.count("<script") == 1 and "alert(" not in html.split("<script>")[1]
    assert "<b>fast</b>" not in html
    assert (
        "Deploys &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; &lt;b&gt;fast&lt;/b&gt;"
        in html
    )
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html


def test_page_fetches_nothing(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    for tag, attrs in _tags(html):
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        for name in ("src", "href", "srcset", "action", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith(("#", "data:image/")), (tag, name, value)
    assert "@import" not in html and "url(" not in html
    assert re.search(r"<script>", html) and not re.search(r"<script[^>]+src", html)
    assert "default-src 'none'" in html  # and the browser is told to refuse any fetch
    assert 'src="data:image/svg+xml;base64,' in html  # the blog's chart, inlined


def test_json_and_exit_codes(tmp_path: Path) -> None:
    out = _drafts(tmp_path)
    code, stdout, err = kit_cli("review", out, "--out", tmp_path / "r.html", "--json")
    assert (code, err) == (0, "")  # nothing but the JSON is printed
    data = json.loads(stdout)
    assert (data["kinds"], data["statuses"], data["errors"], data["warnings"]) == (
        {"blog": 1, "onepager": 1, "talk": 1},
        {"approved": 1, "draft": 1, "needs-review": 1},
        4,
        0,
    )
    blog = next(d for d in data["drafts"] if d["kind"] == "blog")
    lines = (out / "deploys" / "blog.md").read_text(encoding="utf-8").splitlines()
    figure = next(n for n, line in enumerate(lines, 1) if "25×" in line)  # lines count from the file's top
    leak = next(n for n, line in enumerate(lines, 1) if "310 hours" in line)
    assert figure > 20 and leak > figure
    assert [(f["check"], f["line"], f["text"], f["marked"]) for f in blog["findings"]] == [
        ("facts", figure, "25×", True),
        ("visibility", leak, "310 hours", True),
        ("visibility", leak, "45 hours", True),
        ("visibility", leak, "the project cost us a great deal of **weekend** work", True),
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = kit_cli("review", empty)
    assert code == 2
    assert "error: no drafts found (kit writes them as <slug>/blog.md, talk.md, onepager.md, social.md)" in err
    assert kit_cli("review", out, "--story", "nope.md") == (2, "", "error: nope.md: no such story file (--story)\n")
    assert not Path("review.html").exists()


def test_default_folder_is_the_workspaces_drafts(tmp_path: Path) -> None:
    Path("kit.toml").write_text('[build]\nout = "built"\n', encoding="utf-8")
    story = write_story(Path("stories"), "deploys.md", MINIMAL_STORY)
    assert kit_cli("build", story, "--kind", "blog,talk,onepager").code == 0
    assert kit_cli("review") == (0, "wrote review.html: 3 drafts, 0 errors, 0 warnings\n", "")
    assert "built/deploys/blog.md" in Path("review.html").read_text(encoding="utf-8")


def test_a_draft_whose_story_is_gone_is_shown_unchecked(tmp_path: Path) -> None:
    out = _drafts(tmp_path)
    (tmp_path / "stories" / "deploys.md").unlink()
    code, stdout, err = kit_cli("review", out, "--out", tmp_path / "r.html")
    assert code == 1
    assert "3 not checked" in stdout + err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (
        html.count('<span class="badge unchecked">not checked</span>') == 6
    )  # contents and sections


# ---- marking --------------------------------------------------------------------------------


def test_pieces_join_to_what_markdown_html_renders() -> None:
    text = (
        "# T\n\npara *x* 21×\nline\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "> q\n\n```\ncode <b>\n```\n"
    )
    assert "".join(p.html for p in render_pieces(text)) == str(markdown_html(text))


def _finding(line: int, text: str, severity: str = "error") -> Finding:
    return Finding("facts", severity, line, text, "why", None)  # type: ignore[arg-type]


def test_marks_land_on_the_findings_line_and_respect_number_boundaries() -> None:
    text = "Went from 14 to 4 a day.\n\nAgain 4, not 1.4 or 4.5.\n"
    body, placed = mark_findings(render_pieces(text), [_finding(3, "4"), _finding(1, "4")], "d1")
    assert str(body) == (
        '<p>Went from 14 to <mark class="finding error" id="d1-f2" title="facts: why.">4</mark>'
        " a day.</p>\n"
        '<p>Again <mark class="finding error" id="d1-f1" title="facts: why.">4</mark>,'
        " not 1.4 or 4.5.</p>\n"
    )
    assert [p.anchor for p in placed] == ["d1-f1", "d1-f2"]


def test_a_run_of_words_is_marked_across_formatting_and_text_is_escaped() -> None:
    text = "We <3 the **internal** cost & the team's time, *really*.\n"
    finding = _finding(1, "the **internal** cost & the team's time")
    body, _ = mark_findings(render_pieces(text), [finding], "d2")
    assert str(body) == (
        "<p>We &lt;3 "
        '<mark class="finding error" id="d2-f1" title="facts: why.">the </mark><strong>'
        '<mark class="finding error" title="facts: why.">internal</mark></strong>'
        '<mark class="finding error" title="facts: why."> cost &amp; the team&#39;s time</mark>'
        ", <em>really</em>.</p>\n"
    )


def test_findings_without_a_line_or_not_in_the_text_are_listed_not_marked() -> None:
    body, placed = mark_findings(
        render_pieces("Plain text.\n"),
        [Finding("limits", "warning", None, "body", "long", None), _finding(1, "99%")],
        "d3",
    )
    assert str(body) == "<p>Plain text.</p>\n"
    assert [p.anchor for p in placed] == [None, None]


def test_needle_is_a_literal_not_a_pattern() -> None:
    pattern = needle("$1.2M (.*)")
    assert (
        pattern is not None
        and pattern.search("cost $1.2M (.*) here")
        and not pattern.search("cost $1x2M (ab)")
    )


def test_remote_images_become_their_alt_text() -> None:
    html = "".join(
        p.html
        for p in render_pieces("![chart](https://example.com/c.png) ![x](../../etc/passwd.png)\n")
    )
    assert "<img" not in html and "[image: chart]" in html and "[image: x]" in html


# ---- in a real browser ----------------------------------------------------------------------


MARKS = """JSON.stringify([...document.querySelectorAll("mark.finding")].map(m => {
  m.scrollIntoView({block: "center"});
  const r = m.getBoundingClientRect(), s = getComputedStyle(m);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {text: m.textContent, width: r.width, height: r.height, background: s.backgroundColor,
          onTop: hit === m || m.contains(hit), shown: m.checkVisibility()};
}))"""
FILTER = """(() => {
  const box = document.querySelector('#filters input[name="kind"][value="blog"]');
  box.click();
  const drafts = () => [...document.querySelectorAll("section.draft")];
  const hidden = drafts().filter(s => s.hidden).map(s => s.dataset.kind);
  const counter = document.getElementById("shown").textContent;
  box.click();
  return JSON.stringify({formShown: !document.getElementById("filters").hidden, hidden, counter,
                         after: drafts().filter(s => s.hidden).length});
})()"""


def test_page_in_headless_chromium(page: Path, tmp_path: Path, chromium: Chromium) -> None:
    with chromium.devtools(width=1000, height=800) as browser:
        browser.open(page.as_uri())
        marks = json.loads(browser.evaluate(MARKS))
        filters = json.loads(browser.evaluate(FILTER))
        browser.screenshot(tmp_path / "review.png")
        problems = browser.problems()
        # The listener works: a page that throws is caught.
        broken = tmp_path / "broken.html"
        broken.write_text("<!doctype html><title>x</title><script>nosuch()</script>", encoding="utf-8")
        browser.open(broken.as_uri())
        caught = browser.problems()[len(problems) :]
    assert problems == []
    assert any("nosuch is not defined" in line for line in caught), caught
    assert (
        "".join(m["text"] for m in marks)
        == "25×310 hours45 hoursthe project cost us a great deal of\nweekend work"
    )
    for mark in marks:
        assert mark["shown"] and mark["onTop"] and mark["width"] > 0 and mark["height"] > 0, mark
        assert mark["background"] == "rgb(255, 193, 192)", (
            mark
        )  # the error highlight, not transparent
    assert filters == {"formShown": True, "hidden": ["blog"], "counter": "2", "after": 0}


def test_drafts_that_cannot_be_read_or_checked_are_one_line_each() -> None:
    story = write_story(Path("stories"), "deploys.md", MINIMAL_STORY)
    assert kit_cli("build", story, "--out", "drafts", "--kind", "blog,talk").code == 0
    Path("drafts/bad").mkdir()
    Path("drafts/bad/blog.md").write_bytes(b"\xff\xfe")
    Path("drafts/bad/talk.md").write_text("---\nkit:\n  kind: talk\n---\nx\n", encoding="utf-8")
    story.unlink()
    unreadable = (
        "drafts/bad/blog.md: cannot read the draft: 'utf-8' codec can't decode byte 0xff in position 0: "
        "invalid start byte"
    )
    no_story = "drafts/bad/talk.md: no story recorded in its front matter; pass --story FILE"
    gone = "its story stories/deploys.md is not found from here; pass --story FILE"

    checked = kit_cli("check", "drafts")
    assert (checked.code, checked.out) == (2, "")
    problems = [unreadable, no_story, f"drafts/deploys/blog.md: {gone}", f"drafts/deploys/talk.md: {gone}"]
    assert checked.err.splitlines() == [f"error: {line}" for line in problems]
    as_json = json.loads(kit_cli("check", "drafts", "--json").out)
    assert [f"{p['path']}: {p['message']}" for p in as_json["problems"]] == problems  # objects, as every --json's
    assert as_json["ok"] is False

    reviewed = kit_cli("review", "drafts")
    assert reviewed.code == 1
    assert reviewed.out == "wrote review.html: 3 drafts, 0 errors, 0 warnings, 4 not checked\n"
    assert reviewed.err.splitlines() == [
        f"not checked: {no_story}",
        f"not checked: drafts/deploys/blog.md: {gone}",
        f"not checked: drafts/deploys/talk.md: {gone}",
        f"error: {unreadable}",
    ]
    page = Path("review.html").read_text(encoding="utf-8")
    escaped = unreadable.replace("'", "&#39;")
    assert f'<li class="problem">{escaped}</li>' in page
    as_json = json.loads(kit_cli("review", "drafts", "--json").out)
    assert [f"{p['path']}: {p['message']}" for p in as_json["problems"]] == [unreadable]
