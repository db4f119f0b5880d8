"""The newsletter: selection, totals, the four files, email safety, and a real browser.

Golden files live in tests/golden/newsletter/. After a deliberate change to the templates
or the phrasing of figures, regenerate them and review the diff:

    KIT_REGEN=1 .venv/bin/pytest tests/test_newsletter.py
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest

from kit import newsletter as nl
from kit.errors import StoryError, UsageError
from kit.newsletter import NewsletterOptions, Selection, build_newsletter
from tests.chromium_support import Chromium
from tests.support import GOLDEN, assert_matches_golden, kit_cli

EPOCH = "1790000000"  # 2026-09-21T14:13:20Z: the Date header and "built on" line


def story(
    title: str,
    date: str,
    team: str,
    metrics: str,
    tags: str = "[]",
    summary: str = "It got better.",
    visibility: str = "internal",
    slug: str = "",
) -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\ndate: {date}\nteam: {team}\nvisibility: {visibility}\n"
        f"summary: {json.dumps(summary)}\ntags: {tags}\n{f'slug: {slug}' if slug else ''}\n"
        "authors:\n  - name: A. Author\nmetrics:\n" + metrics + "---\n## Results\nIt worked.\n"
    )


DEPLOYS = """\
  - name: Deployment lead time
    before: 6 weeks
    after: 2 days
    better: lower
    headline: true
  - name: Platform spend
    before: $50k
    after: $30k
    period: month
    better: lower
"""
GPU = """\
  - name: GPU spend
    before: $210k
    after: $128k
    period: month
    better: lower
"""
LABELS = """\
  - name: Vendor spend
    before: €40k
    after: €26k
    period: month
    better: lower
  - name: Review time per batch
    before: 10 hours
    after: 4 hours
    period: week
    better: lower
"""
ONCALL = """\
  - name: Pages per week
    before: 30
    after: 6
    unit: pages
    period: week
    better: lower
"""

STORIES = {
    "deploys.md": story(
        "Deploys in two days",
        "2026-09-10",
        "ML Platform",
        DEPLOYS,
        "[platform, speed]",
        "A paved road cut deployment lead time from 6 weeks to 2 days.",
        "public",
    ),
    "gpu.md": story(
        "Fewer idle GPUs",
        "2026-08-02",
        "Training Infrastructure",
        GPU,
        "[cost, gpu]",
        "Shared queues cut GPU spend.",
    ),
    "labels.md": story(
        "Labels in days",
        "2026-07-15",
        "Annotation",
        LABELS,
        "[cost]",
        "Pre-labelling cut vendor spend and review time.",
    ),
    "oncall.md": story("Quieter on-call", "2026-05-01", "ML Platform", ONCALL, "[reliability]"),
}


@pytest.fixture()
def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    (folder / "deploys").mkdir(parents=True)
    (folder / "deploys" / "blog.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def options(**given: object) -> NewsletterOptions:
    base: dict[str, object] = {
        "sender": "Platform Wins <wins@example.com>",
        "to": "everyone@example.com",
    }
    return NewsletterOptions(**(base | given))  # type: ignore[arg-type]


# ---- the four files -------------------------------------------------------------------------


def test_cli_writes_four_files_matching_golden(stories: Path, drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = kit_cli(
        "newsletter",
        str(stories),
        "--out",
        str(out),
        "--drafts",
        str(drafts),
        "--from",
        "Platform Wins <wins@example.com>",
        "--to",
        "everyone@example.com",
    )
    # Said once: with no base URL, the public story's card links to no post.
    assert (code, stderr) == (0, "note: no base URL ([site] base_url or --base-url): the issue links to no blog post\n")
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"wins-2026-09-10.{ext}" for ext in ("eml", "html", "md", "txt")]
    order = ("html", "txt", "md", "eml")
    assert stdout.splitlines() == [f"wrote {out / f'wins-2026-09-10.{ext}'}" for ext in order]
    assert_matches_golden(out, GOLDEN / "newsletter")


def test_eml_is_two_part_alternative_text_first(stories: Path, tmp_path: Path) -> None:
    result = build_newsletter([stories], tmp_path / "out", options(), None)
    eml = next(p for p in result.written if p.suffix == ".eml")
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert msg["Subject"] == "Wins: 4 wins from 3 teams, €168k · $1.22M a year saved, net"
    assert msg["From"] == "Platform Wins <wins@example.com>"
    assert msg["To"] == "everyone@example.com"
    assert msg["Date"].datetime == dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)
    assert re.fullmatch(r"<wins-2026-09-10\.[0-9a-f]{16}@example\.com>", msg["Message-ID"])
    assert parts[0].get_content().replace("\r\n", "\n") == (
        tmp_path / "out" / "wins-2026-09-10.txt"
    ).read_text(encoding="utf-8")
    html = parts[1].get_content()
    assert html.replace("\r\n", "\n") == (tmp_path / "out" / "wins-2026-09-10.html").read_text(
        encoding="utf-8"
    )
    assert b"\r\n" in eml.read_bytes() and not re.search(
        rb"[^\r]\n", eml.read_bytes()
    )  # SMTP line ends


# ---- selection, order, totals ---------------------------------------------------------------


def slugs(stories: Path, tmp_path: Path, selection: Selection) -> list[str]:
    result = build_newsletter([stories], tmp_path / "out", options(selection=selection), None)
    return [s["slug"] for s in result.stories]


def test_all_visibilities_newest_first(stories: Path, tmp_path: Path) -> None:
    assert slugs(stories, tmp_path, Selection()) == ["deploys", "gpu", "labels", "oncall"]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(since=dt.date(2026, 7, 15)), ["deploys", "gpu", "labels"]),
        (Selection(until=dt.date(2026, 7, 15)), ["labels", "oncall"]),
        (Selection(since=dt.date(2026, 7, 1), until=dt.date(2026, 8, 31)), ["gpu", "labels"]),
        (Selection(tags=("COST",)), ["gpu", "labels"]),
        (Selection(tags=("gpu", "reliability")), ["gpu", "oncall"]),
        (Selection(teams=("ml platform",)), ["deploys", "oncall"]),
        (Selection(teams=("ML Platform",), tags=("speed",)), ["deploys"]),
    ],
)
def test_filters(stories: Path, tmp_path: Path, selection: Selection, expected: list[str]) -> None:
    assert slugs(stories, tmp_path, selection) == expected


def test_cli_filters_and_until_names_the_issue(stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = kit_cli(
        "newsletter",
        str(stories),
        "--out",
        str(out),
        "--team",
        "ML Platform",
        "--until",
        "2026-09-30",
        "--title",
        "Platform News",
        "--json",
    )
    data = json.loads(stdout)
    assert code == 0
    assert data["issue"] == "platform-news-2026-09-30"
    assert [s["slug"] for s in data["stories"]] == ["deploys", "oncall"]
    assert (out / "platform-news-2026-09-30.eml").is_file()


def test_headline_totals_never_mix_currencies_or_units(stories: Path, tmp_path: Path) -> None:
    result = build_newsletter([stories], tmp_path / "out", options(), None)
    # USD: (50k-30k)*12 + (210k-128k)*12; EUR: (40k-26k)*12; hours: (10-4)*52. Pages are not summed.
    assert result.headline["annual_savings"] == {"EUR": 168_000.0, "USD": 1_224_000.0}
    assert result.headline["annual_savings_text"] == ["€168k a year", "$1.22M a year"]
    assert result.headline["annual_hours_saved"] == 312.0
    assert result.headline["annual_time_saved_text"] == "312 hours a year"
    assert (result.headline["wins"], result.headline["teams"]) == (4, 3)
    assert (result.headline["savings_stories"], result.headline["time_stories"]) == (3, 1)


def test_group_by_team_and_tag() -> None:
    cards = [
        {"team": "B", "tags": ["y", "x"]},
        {"team": "a", "tags": []},
        {"team": "B", "tags": ["x"]},
    ]
    assert [(g["name"], len(g["cards"])) for g in nl.group(cards, "team")] == [("a", 1), ("B", 2)]
    assert [(g["name"], len(g["cards"])) for g in nl.group(cards, "tag")] == [
        ("x", 1),
        ("y", 1),
        ("Untagged", 1),
    ]
    assert nl.group(cards, "none") == [{"name": None, "cards": cards}]


def test_public_stories_link_their_post_on_the_site_never_a_local_file(stories: Path, tmp_path: Path) -> None:
    result = build_newsletter([stories], tmp_path / "out", options(base_url="https://blog.example.com"), None)
    html = (tmp_path / "out" / f"{result.issue}.html").read_text(encoding="utf-8")
    assert html.count('href="https://blog.example.com/posts/deploys/"') == 1  # the one public story
    assert html.count("Read the post") == 1
    result = build_newsletter([stories], tmp_path / "bare", options(site="hugo"), None)
    assert "Read the post" not in (tmp_path / "bare" / f"{result.issue}.html").read_text(encoding="utf-8")
    assert result.notes == ["no base URL ([site] base_url or --base-url): the issue links to no blog post"]


def test_preheader_is_short_and_never_cuts_a_bracket() -> None:
    card = {
        "title": "T" * 60,
        "headline": {"name": "Lead time", "phrase": "from 6 weeks to 2 days (95% less time)"},
        "improved": 1,
    }
    text = nl.preheader([card, card, card], limit=90)
    assert len(text) <= 90 and "(" not in text and text.endswith("… And 2 more wins.")


# ---- left out, nothing built ---------------------------------------------------------------


def test_invalid_story_is_reported_and_left_out(stories: Path, tmp_path: Path) -> None:
    (stories / "broken.md").write_text(
        "---\ntitle: Broken\ndate: 2026-02-30\n---\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code, stdout, stderr = kit_cli("newsletter", str(stories), "--out", str(out))
    assert code == 1
    broken = stories / "broken.md"
    lines = stderr.splitlines()
    assert any(line.startswith(f"error: {broken}:3: date: ") for line in lines)
    assert f"error: {broken}:2: team: required; add it" in lines
    assert "left out 1 story file(s); 4 went in" in lines[-2:]
    assert len(list(out.iterdir())) == 4


def test_same_slug_twice_leaves_the_second_out(stories: Path, tmp_path: Path) -> None:
    (stories / "zz-copy.md").write_text(
        story("Copy", "2026-01-01", "X", ONCALL, slug="gpu"), encoding="utf-8"
    )
    result = build_newsletter([stories], tmp_path / "out", options(), None)
    assert result.exit_code == 1
    assert [str(p) for p in result.left_out] == [
        f'{stories / "zz-copy.md"}: slug: "gpu" is also the slug of {stories / "gpu.md"}; '
        "give one of them its own `slug:`"
    ]


def test_nothing_valid_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.md").write_text("no front matter\n", encoding="utf-8")
    code, stdout, stderr = kit_cli("newsletter", str(folder), "--out", str(tmp_path / "out"))
    assert code == 2
    assert (
        stderr.splitlines()[-1]
        == "error: no story could be built into the newsletter; fix the problems above"
    )
    assert stderr.startswith(f"error: {folder / 'a.md'}:1: no front matter")
    assert not (tmp_path / "out").exists()


def test_nothing_selected_exits_2(stories: Path, tmp_path: Path) -> None:
    code, _, stderr = kit_cli(
        "newsletter", str(stories), "--out", str(tmp_path / "o"), "--since", "2030-01-01"
    )
    assert code == 2
    assert (
        stderr == "error: no story matches the selection (4 read); "
        "widen --since, --until, --tag or --team\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "2026-13-01"],
            'error: --since "2026-13-01" is not a date; write it as YYYY-MM-DD',
        ),
        (
            ["--since", "2026-09-01", "--until", "2026-01-01"],
            "error: --since 2026-09-01 is after --until 2026-01-01; swap them",
        ),
        (["--group-by", "week"], 'error: --group-by "week" is not known; use none, team or tag'),
        (
            ["--from", "nobody"],
            'error: --from "nobody" is not an email address; '
            'write one such as "Wins <wins@example.com>"',
        ),
    ],
)
def test_bad_options_exit_2(stories: Path, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, stderr = kit_cli("newsletter", str(stories), "--out", str(tmp_path / "o"), *args)
    assert (code, stderr.strip()) == (2, message)


def test_config_defaults_and_workspace_template_override(stories: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "templates").mkdir(parents=True)
    (ws / "kit.toml").write_text(
        '[newsletter]\ntitle = "Friday Wins"\nfrom = "w@example.org"\ngroup_by = "team"\n'
    )
    (ws / "templates" / "newsletter.txt.j2").write_text(
        '{% extends "builtin:newsletter.txt.j2" %}', encoding="utf-8"
    )
    shutil.copytree(stories, ws / "stories")
    code, stdout, _ = kit_cli("newsletter", str(ws / "stories"), "--out", str(tmp_path / "o"), "--json")
    assert code == 0
    assert json.loads(stdout)["issue"] == "friday-wins-2026-09-10"
    text = (tmp_path / "o" / "friday-wins-2026-09-10.txt").read_text(encoding="utf-8")
    assert "== Annotation ==" in text and text.index("== ML Platform ==") < text.index(
        "== Training Infrastructure =="
    )
    (ws / "templates" / "newsletter.txt.j2").write_text("only {{ count }}\n", encoding="utf-8")
    nl_ws = build_newsletter([ws / "stories"], tmp_path / "o2", options(), ws)
    assert (tmp_path / "o2" / f"{nl_ws.issue}.txt").read_text(encoding="utf-8") == "only 4\n"


def test_many_stories_in_worker_processes_match_one_process(
    stories: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = build_newsletter([stories], tmp_path / "a", options(jobs=1), None)
    monkeypatch.setattr(nl, "PARALLEL_FROM", 1)
    two = build_newsletter([stories], tmp_path / "b", options(jobs=2), None)
    assert one.stories == two.stories and one.headline == two.headline
    assert (tmp_path / "a" / "wins-2026-09-10.html").read_bytes() == (
        tmp_path / "b" / "wins-2026-09-10.html"
    ).read_bytes()


def test_errors_are_kit_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        build_newsletter([tmp_path], tmp_path / "o", options(), None)
    (tmp_path / "x.md").write_text("", encoding="utf-8")
    with pytest.raises(StoryError):
        build_newsletter([tmp_path], tmp_path / "o", options(), None)


# ---- email safety ---------------------------------------------------------------------------


def many(folder: Path, count: int, summary_words: int = 25) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        summary = " ".join(["Deployment lead time fell sharply"] * (summary_words // 5))
        text = story(
            f"Win number {i} with a fairly long title",
            f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            f"Team {i % 7}",
            DEPLOYS,
            "[a, b]",
            summary,
            slug=f"win-{i}",
        )
        (folder / f"s{i:03d}.md").write_text(text, encoding="utf-8")
    return folder


def check_email_html(html: str) -> None:
    assert (
        "<script" not in html.lower() and "<svg" not in html.lower() and "<link" not in html.lower()
    )
    for width in re.findall(r'\swidth="(\d+)"', html):
        assert int(width) <= 600
    body = re.sub(
        r"<style[^>]*>.*?</style>", "", html, flags=re.DOTALL
    )  # @media queries name 620px
    for width in re.findall(r"(?<![-\w])(?:max-)?width:\s*(\d+)px", body):
        assert int(width) <= 600
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL)
    assert all(
        re.fullmatch(r"\s*(@media[^{]+\{(?:[^{}]*\{[^{}]*\})*\s*\}\s*)*", s) for s in styles
    ), styles
    assert re.search(r'<table class="main"[^>]*style="[^"]*width: 600px', html)
    for card in re.findall(r'<table class="card"[^>]*>', html):
        assert "border: 1px solid #e5e7eb" in card  # rules from <style> arrived inline
    for img in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\salt="[^"]+"', img)
    assert "http://" not in html and "https://" not in html  # nothing fetched


def test_html_is_email_safe_and_under_100_kb_for_30_stories(tmp_path: Path) -> None:
    result = build_newsletter([many(tmp_path / "s", 30)], tmp_path / "out", options(), None)
    html = (tmp_path / "out" / f"{result.issue}.html").read_text(encoding="utf-8")
    check_email_html(html)
    assert (result.compact, result.notes) == (False, [])
    assert len(html.encode("utf-8")) == result.html_bytes < 100_000
    assert html.count('class="bars"') == 30


def test_html_over_the_limit_gets_compact_cards_and_says_so(tmp_path: Path) -> None:
    result = build_newsletter(
        [many(tmp_path / "s", 60, summary_words=60)], tmp_path / "out", options(), None
    )
    html = (tmp_path / "out" / f"{result.issue}.html").read_text(encoding="utf-8")
    check_email_html(html)
    assert result.compact and result.html_bytes < 100_000
    assert result.notes[0].startswith("the HTML would be ") and 'class="bars"' not in html
    assert "Cards are short in this issue" in html


INJECTION = "<script>alert(1)</script> {{ 7*7 }} {% raw %}"


def test_story_text_stays_inert_in_every_output(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "evil.md").write_text(
        story(INJECTION, "2026-03-03", "Red <b>Team</b>", ONCALL, "[x]", INJECTION),
        encoding="utf-8",
    )
    result = build_newsletter([folder], tmp_path / "out", options(), None)
    files = {p.suffix: p.read_text(encoding="utf-8", errors="replace") for p in result.written}
    for text in files.values():
        assert "49" not in text
    html = files[".html"]
    assert (
        "<script" not in html
        and "<b>" not in html
        and "&lt;script&gt;" in html
        and "{{ 7*7 }}" in html
    )
    assert "<script>alert(1)</script> {{ 7*7 }}" in files[".txt"]  # plain text shows it as written
    assert "<script" not in files[".md"] and "{{" not in files[".md"]
    msg = email.message_from_bytes(result.written[3].read_bytes(), policy=email.policy.default)
    assert "<script" not in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


# ---- a real browser -------------------------------------------------------------------------

PROBE = """<script>
addEventListener("load", () => {
  const main = document.querySelector("table.main").getBoundingClientRect();
  const cards = [...document.querySelectorAll("table.card")].map((el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {id: el.id, w: r.width, h: r.height, left: r.left, right: r.right,
            shown: s.display !== "none" && s.visibility === "visible" && +s.opacity > 0};
  });
  const report = {scroll: document.documentElement.scrollWidth, main: main.width, cards};
  document.body.setAttribute("data-report", JSON.stringify(report));
});
</script>"""


def test_html_holds_up_in_headless_chromium_at_600px(
    stories: Path, drafts: Path, tmp_path: Path, chromium: Chromium
) -> None:
    result = build_newsletter(
        [stories], tmp_path / "out", options(drafts=drafts, group_by="tag"), None
    )
    html = (tmp_path / "out" / f"{result.issue}.html").read_text(encoding="utf-8")
    page = tmp_path / "probe.html"  # a copy with a measuring script: the newsletter itself has none
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium.dump_dom(page, width=600, height=2000)
    raw = re.search(r'data-report="([^"]*)"', dom)
    assert raw, dom[-2000:]
    report = json.loads(raw.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert report["scroll"] <= 600 and report["main"] <= 600
    assert sorted(c["id"] for c in report["cards"]) == sorted(
        f"story-{s['slug']}" for s in result.stories
    )
    for card in report["cards"]:
        assert card["shown"] and card["w"] > 200 and card["h"] > 40, card
        assert card["left"] >= 0 and card["right"] <= 600, card


def test_a_base_url_that_is_no_web_address_is_refused(stories: Path, tmp_path: Path) -> None:
    for bad in ("javascript:alert(1)", "ftp://files.example.com", "blog.example.com"):
        code, _, err = kit_cli("newsletter", str(stories), "--out", str(tmp_path / "nl"), "--base-url", bad)
        assert code == 2 and err.strip() == f"error: --base-url: {bad} is not an absolute URL; write it as https://blog.example.com"
        assert not (tmp_path / "nl").exists()


def test_kit_check_of_a_newsletter_issue_says_how_it_is_checked() -> None:
    """It said "not a kit draft (no `kit.kind` ...)" of an issue whose front matter says kind: newsletter."""
    code, _, err = kit_cli("check", GOLDEN / "newsletter" / "wins-2026-09-10.md")
    assert code == 2
    assert "a newsletter issue: `kit newsletter` checks it against its stories as it writes it" in err
