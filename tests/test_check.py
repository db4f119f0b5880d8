"""The draft checks: a corpus of clean drafts that must pass and planted mistakes that must fail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.checks import (
    Finding,
    Report,
    check_draft,
    check_limits,
    count_words,
    draft_quotes,
    quote_matches,
)
from kit.kinds import NAMES, KindOptions, get_kind
from kit.kinds.talk import CFP_PROFILES
from kit.load import parse_story
from kit.story import Story
from tests.support import DATA, MINIMAL_STORY, kit_cli, write_story

CORPUS = DATA / "check"
STORY_TEXT = (CORPUS / "story.md").read_text(encoding="utf-8")


def story(text: str = STORY_TEXT) -> Story:
    return parse_story(text.encode(), Path("x.md"))


def internal_story() -> Story:
    return story(STORY_TEXT.replace("visibility: public", "visibility: internal"))


def _settings(text: str) -> dict[str, str]:
    header = re.search(r"<!-- check: (.*?) -->", text)
    assert header, "every corpus draft starts with a <!-- check: ... --> line"
    return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', header.group(1)))


def run(path: Path) -> Report:
    text = path.read_text(encoding="utf-8")
    settings = {k: v.strip('"') for k, v in _settings(text).items()}
    extra = [e for e in settings.get("extra", "").split("|") if e]
    subject = internal_story() if settings.get("story") == "internal" else story()
    return check_draft(text, subject, kind=settings["kind"], audience=settings["audience"], extra=extra)


@pytest.mark.parametrize("path", sorted((CORPUS / "clean").glob("*.md")), ids=lambda p: p.name)
def test_clean_drafts_pass(path: Path) -> None:
    report = run(path)
    assert report.errors == [], report.format(path.name)
    assert report.ok


@pytest.mark.parametrize("path", sorted((CORPUS / "bad").glob("*.md")), ids=lambda p: p.name)
def test_planted_mistakes_fail_with_the_right_finding(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = set(re.findall(r'<!-- expect: (\w+) "(.*)" -->', text))
    report = run(path)
    found = {(f.check, f.text) for f in report.findings}
    assert expected <= found, report.format(path.name)
    unexpected = {(f.check, f.text) for f in report.errors} - expected
    assert not unexpected, report.format(path.name)
    assert not report.ok


@pytest.mark.parametrize("kind", NAMES)
@pytest.mark.parametrize("cfp", ["generic", "kubecon"])
def test_examples_drafts_of_every_kind_pass(kind: str, cfp: str) -> None:
    """Every draft kit writes from the example stories passes its own check, limits included."""
    from kit.config import Config
    from kit.load import load_story
    from kit.views import make_view

    spec = get_kind(kind)
    examples = sorted((Path(__file__).parent.parent / "examples" / "stories").glob("*.md"))
    stories = [s for s in map(load_story, examples) if s.public or not spec.public]
    assert stories
    for subject in stories:
        rendered = spec.render(make_view(subject, spec.audience), KindOptions(cfp=cfp))
        report = spec.check(subject, rendered, Config())
        assert report.errors == [], report.format(subject.slug)


def test_report_names_the_line_the_text_and_what_the_story_says() -> None:
    report = check_draft("Intro.\n\nDeploys are now 35× faster.\n", story(), kind="blog", audience="public")
    assert report.format("drafts/x/blog.md") == (
        'drafts/x/blog.md:3: facts: "35×": no figure in the story supports this; '
        "the story says: 21× (Deployment lead time, change)"
    )
    assert report.summary() == {
        "facts": "1 error",
        "visibility": "ok",
        "limits": "ok",
        "style": "ok",
    }
    data = json.loads(report.to_json())
    assert data["ok"] is False
    assert data["findings"][0] == {
        "check": "facts", "severity": "error", "line": 3, "text": "35×",
        "message": "no figure in the story supports this",
        "story_says": "21× (Deployment lead time, change)",
    }  # fmt: skip


def test_clean_report_formats_as_ok() -> None:
    report = check_draft("Lead time fell from 6 weeks to 2 days.\n", story(), kind="blog", audience="public")
    assert report.ok and report.format("a.md") == "a.md: ok"
    assert report.summary() == {"facts": "ok", "visibility": "ok", "limits": "ok", "style": "ok"}


def test_internal_figures_are_fine_in_an_internal_draft() -> None:
    text = "Serving cost fell from $120k to $40k a month: $960k a year, paid back in 6.8 months.\n"
    assert check_draft(text, story(), kind="onepager", audience="internal").ok
    leaks = check_draft(text, story(), kind="blog", audience="public")
    assert {f.text for f in leaks.errors} == {"$120k", "$40k", "$960k", "6.8 months"}
    assert {f.check for f in leaks.errors} == {"visibility"}


def test_a_figure_public_elsewhere_is_not_a_leak() -> None:
    # The internal toil metric's 12 hours equals the public metric's 12 models.
    text = STORY_TEXT.replace("after: 45 hours", "after: 12 hours")
    report = check_draft("We started with 12 models.\n", story(text), kind="blog", audience="public")
    assert report.ok, report.format()


def test_blog_checked_as_internal_is_a_visibility_error() -> None:
    report = check_draft("Lead time fell.\n", story(), kind="blog", audience="internal")
    assert [f.message for f in report.errors] == ["a blog is public; check it with audience public"]


def test_extra_figures_are_supported() -> None:
    text = "1. Why it took so long (5 min)\n2. The paved road (15 min)\n"
    assert not check_draft(text, story(), kind="talk", audience="public").ok
    assert check_draft(text, story(), kind="talk", audience="public", extra=["(5 min)", "15 min"]).ok
    assert check_draft("We ran 17 experiments.\n", story(), kind="blog", audience="public", extra=[17]).ok


# ---- quotes ------------------------------------------------------------------------------


def test_quotes_match_word_for_word_with_normalised_marks() -> None:
    said = "Deploys used to take six weeks. Now they take two days, and nobody has to file a ticket."
    assert quote_matches(
        "“Deploys used to take six weeks.  Now they take two days, and nobody has to file a ticket.”",
        said,
    )
    assert quote_matches("now they take two days, and nobody has to file a ticket", said)
    assert quote_matches("Deploys used to take six weeks … nobody has to file a ticket", said)
    assert not quote_matches("Deploys used to take six weeks. Now they take a day.", said)
    assert not quote_matches("they take two weeks", said)


def test_a_near_miss_reports_the_story_wording() -> None:
    text = '"Deploys used to take six weeks; now they take two days," says Dana Ortiz.\n'
    report = check_draft(text, story(), kind="blog", audience="public")
    (finding,) = report.errors
    assert finding.message == "the quote is not word for word what the story says"
    assert finding.story_says and finding.story_says.startswith("Deploys used to take six weeks. Now")


def test_scare_quotes_and_code_are_not_quotes() -> None:
    text = 'We call it the "paved road". Run `echo "a b c d e"` to see.\n'
    assert draft_quotes(text) == []


# ---- limits --------------------------------------------------------------------------------


def test_words_are_counted_as_pretalx_does() -> None:
    assert count_words("From six weeks to two days: 21× faster!") == 8  # "21" is a word; "×" is not
    assert count_words("state-of-the-art") == 4


def test_cfp_limits() -> None:
    fields = {"title": "x" * 80, "abstract": "word " * 10}
    findings = check_limits(fields, CFP_PROFILES["kubecon"])
    assert findings == [Finding("limits", "error", None, "title", "80 characters; the limit is 75 (cut 5)")]
    report = check_draft("Hi.\n", story(), kind="talk", audience="public", limits=CFP_PROFILES["pycon"],
                         fields={"title": "A short title", "description": "d" * 401})  # fmt: skip
    assert [f.text for f in report.errors] == ["description"]
    assert report.summary()["limits"] == "1 error"


def test_onepager_length_is_a_warning_above_500_words() -> None:
    text = "Lead time fell from 6 weeks to 2 days. " * 60
    report = check_draft(text, story(), kind="onepager", audience="internal")
    assert report.ok
    assert [f.text for f in report.warnings if f.check == "limits"] == ["body"]


# ---- style ---------------------------------------------------------------------------------


def test_style_warnings() -> None:
    text = "Our revolutionary, game-changing platform is seamless.\nModels in production grew +200%.\n"
    report = check_draft(text, story(), kind="blog", audience="public")
    assert report.ok
    assert [(f.line, f.text) for f in report.warnings] == [
        (1, "revolutionary"), (1, "game-changing"), (1, "seamless"), (2, "+200%"),
    ]  # fmt: skip
    assert report.warnings[3].message == 'readers misread increases above 100%; say "3×" or "from A to B"'
    strict = check_draft(text, story(), kind="blog", audience="public", strict_style=True)
    assert not strict.ok and len(strict.errors) == 4


def test_a_percentage_metrics_change_in_percent_is_an_error() -> None:
    """Issue 10: "rose 7.7%" for a change of 7.7 percentage points is a facts error, no longer a warning."""
    report = check_draft("Deploy success rose 7.7%.\n", story(), kind="blog", audience="public")
    (finding,) = report.errors
    assert (finding.check, finding.text) == ("facts", "7.7%")
    assert 'say "7.7 percentage points"' in finding.message
    relative = "Deploy success rose 8.4% in relative terms, or 7.7 percentage points.\n"
    assert check_draft(relative, story(), kind="blog", audience="public").ok


def test_readability_warns_for_executives_on_dense_prose() -> None:
    dense = (
        "Notwithstanding organisational interdependencies, the operationalisation of standardised "
        "deployment infrastructure necessitated comprehensive institutional reconfiguration, "
        "considerable architectural rationalisation and substantial administrative coordination. "
    ) * 8
    report = check_draft(dense, story(), kind="onepager", audience="internal")
    assert [f.check for f in report.warnings] == ["style"]
    assert report.warnings[0].message.startswith("hard to read for a onepager reader")
    plain = "We cut the wait. Teams ship a model in two days now. They used to wait six weeks. " * 12
    assert check_draft(plain, story(), kind="onepager", audience="internal").warnings == []


def test_a_posts_title_and_description_are_checked_too(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "out"
    assert kit_cli("build", str(story), "--kind", "blog", "--out", str(out))[0] == 0
    blog = out / "deploys" / "blog.md"
    text = blog.read_text()
    title = "title: Model deploys from six weeks to two days"
    assert title in text
    blog.write_text(text.replace(title, "title: Model deploys 30× faster", 1))
    code, report, _ = kit_cli("check", str(blog))
    assert code == 1
    assert f'{blog}: facts: "30×": in the front matter\'s title: no figure in the story supports this' in report
    blog.write_text(text.replace(title, title + "\ndescription: Deploys went from six weeks to two days.", 1))
    assert kit_cli("check", str(blog))[0] == 0  # true, and checked: no finding


def test_an_edit_to_a_drafts_json_is_checked_with_it(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "out"
    assert kit_cli("build", str(story), "--kind", "talk,social", "--out", str(out))[0] == 0
    folder = out / "deploys"
    assert kit_cli("check", str(folder))[0] == 0  # as kit wrote them: the JSON agrees
    for name in ("talk.json", "social.json"):
        json_file = folder / name
        json_file.write_text(json_file.read_text().replace("95% less time", "99% less time"))
    code, report, _ = kit_cli("check", str(folder))
    assert code == 1
    assert f'{folder / "talk.md"}: facts: "99%": in talk.json: no figure in the story supports this' in report
    assert f'{folder / "social.md"}: facts: "99%": in social.json: no figure in the story supports this' in report
    code, report, _ = kit_cli("check", str(folder / "talk.json"))  # naming the JSON checks its draft
    assert code == 1 and report.count("in talk.json") == 1


def test_a_quote_with_markup_in_the_story_matches_its_escaped_self(tmp_path: Path) -> None:
    """ "It's <b>fast</b> now" in a story is shown escaped in a draft, and kit's own drafts failed the quote
    check ("b>fast /b>": not word for word)."""
    story = write_story(tmp_path, "qh.md", MINIMAL_STORY.replace("metrics:\n", (
        "quotes:\n  - {text: \"It's <b>fast</b> now, and p99 < 2 s.\", by: Priya Raman, role: Staff ML Engineer}\n"
        "metrics:\n")))  # fmt: skip
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out")
    assert code == 0 and "needs-review" not in out, out + err
