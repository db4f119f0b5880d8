"""The talk submission (issue 9): the fields each CFP asks for, fitted without breaking sense,
takeaways from the story's lessons only, and an abstract that pitches instead of repeating."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kit.config import Config
from kit.kinds.base import KindOptions
from kit.kinds.talk import KIND, TalkFields, fit_title
from kit.kinds.text import fit_whole, lessons, sentences
from kit.load import load_story
from kit.views import make_view
from tests.support import EXAMPLES, MINIMAL_STORY, kit_cli, write_story

STORIES = EXAMPLES / "stories"
PUBLIC = ["feature-store-incidents", "fraud-scoring-latency", "gpu-training-spend", "llm-evaluation-harness",
          "model-deployment-lead-time"]  # fmt: skip


def submission(slug: str, cfp: str = "generic", config: Config | None = None) -> dict[str, Any]:
    story = load_story(STORIES / f"{slug}.md")
    rendered = KIND.render(make_view(story, "public"), KindOptions(cfp=cfp, config=config or Config()))
    return dict(json.loads(rendered.companions["talk.json"]))


# ---- the fields each CFP asks for ----------------------------------------------------------


@pytest.mark.parametrize("slug", PUBLIC)
def test_each_cfp_gets_its_own_fields_within_its_limits(slug: str) -> None:
    generic, pycon, kubecon = (submission(slug, cfp) for cfp in ("generic", "pycon", "kubecon"))
    assert "description" not in generic and "benefits" not in generic
    assert 0 < len(pycon["description"]) <= 400 and "benefits" not in pycon
    assert 0 < len(kubecon["benefits"]) <= 1000 and "description" not in kubecon
    assert len(kubecon["title"]) <= 75 and len(kubecon["abstract"]) <= 1300
    assert pycon != generic


def test_the_markdown_shows_the_cfps_own_fields(tmp_path: Path) -> None:
    code, _, err = kit_cli(
        "build", STORIES / "fraud-scoring-latency.md", "--out", tmp_path, "--kind", "talk", "--cfp", "kubecon"
    )
    assert code == 0, err
    talk = (tmp_path / "fraud-scoring-latency" / "talk.md").read_text(encoding="utf-8")
    assert "\n## Benefits to the ecosystem\n\nThe talk shows a working setup built on ONNX Runtime" in talk


def test_a_field_a_workspace_cfp_defines_comes_from_its_block_or_the_abstract(tmp_path: Path) -> None:
    (tmp_path / "kit.toml").write_text(
        "[cfp.mlconf]\ntitle = { chars = 90 }\naudience = { chars = 200 }\n", encoding="utf-8"
    )
    story = write_story(tmp_path, "stories/deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", story, "--out", tmp_path / "d", "--kind", "talk", "--cfp", "mlconf")
    assert code == 0, err
    data = json.loads((tmp_path / "d" / "deploys" / "talk.json").read_text(encoding="utf-8"))
    assert data["audience"] == data["abstract"]  # the abstract, fitted to 200 characters
    code, out, _ = kit_cli("check", tmp_path / "d" / "deploys" / "talk.md")
    assert 'limits (warning): "audience": the CFP asks for `audience` and talk.fields.j2 has no block for it' in out
    other = tmp_path / "with-block"  # a workspace whose talk.fields.j2 writes the field
    (other / "templates").mkdir(parents=True)
    (other / "kit.toml").write_text((tmp_path / "kit.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (other / "templates" / "talk.fields.j2").write_text(
        '{% extends "builtin:talk.fields.j2" %}\n{% block audience %}Platform engineers who ship models.{% endblock %}\n',
        encoding="utf-8",
    )
    story = write_story(other, "stories/deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", story, "--out", other / "d", "--kind", "talk", "--cfp", "mlconf")
    assert code == 0, err
    data = json.loads((other / "d" / "deploys" / "talk.json").read_text(encoding="utf-8"))
    assert data["audience"] == "Platform engineers who ship models."


# ---- fitting without breaking sense --------------------------------------------------------


def test_a_long_title_drops_a_clause_or_takes_the_short_title() -> None:
    title = "One definition per feature: how a shared feature store ended most of our skew incidents"
    assert fit_title(title, "", 75, None) == "One definition per feature"
    assert fit_title(title, "Feature skew, ended", 75, None) == "Feature skew, ended"
    assert fit_title(title, "", 200, None) == title
    assert fit_title("An unbreakable title that is long", "", 10, None) == "An unbreakable title that is long"
    assert submission("feature-store-incidents", "kubecon")["title"] == "One definition per feature"


def test_when_nothing_fits_the_draft_needs_review_naming_the_field(tmp_path: Path) -> None:
    (tmp_path / "kit.toml").write_text("[cfp.tiny]\ntitle = { chars = 12 }\n", encoding="utf-8")
    story = write_story(tmp_path, "stories/deploys.md", MINIMAL_STORY)
    code, out, _ = kit_cli("build", story, "--out", tmp_path / "d", "--kind", "talk", "--cfp", "tiny")
    assert code == 1 and "[needs-review: limits 1 error]" in out
    talk = tmp_path / "d" / "deploys" / "talk.md"
    assert "status: needs-review" in talk.read_text(encoding="utf-8")
    code, out, _ = kit_cli("check", talk)
    assert f'{talk}: limits: "title": 40 characters; the limit is 12 (cut 28)' in out


@given(st.lists(st.sampled_from(["Deploys took weeks.", "We fixed it, slowly, with care.", "It worked!",
                                 "Lead time fell from 6 weeks to 2 days; rollbacks got faster."]),
                min_size=1, max_size=6),
       st.integers(5, 200))  # fmt: skip
def test_fitting_drops_whole_sentences_or_clauses_never_mid_phrase(parts: list[str], limit: int) -> None:
    text = " ".join(parts)
    fitted = fit_whole(text, limit)
    if fitted is None:
        return
    assert len(fitted) <= limit
    if fitted != text:
        whole = [" ".join(parts[:n]) for n in range(1, len(parts))]
        clauses = [m.start() for m in re.finditer(r"(?:,|;|:)\s", parts[0])]
        clause_cuts = [parts[0][:i] + parts[0][-1] for i in clauses]
        assert fitted in whole or fitted in clause_cuts, fitted


# ---- takeaways from the lessons only -------------------------------------------------------


@pytest.mark.parametrize("slug", PUBLIC)
def test_takeaways_are_the_story_lessons_in_whole_sentences(slug: str) -> None:
    data = submission(slug)
    story = load_story(STORIES / f"{slug}.md")
    section = story.section("lessons")
    assert section is not None
    flat = " ".join(re.sub(r"\*\*|__", "", section.body).split())
    assert 1 <= len(data["takeaways"]) <= 3
    for point in data["takeaways"]:
        assert point in flat  # word for word, from the lessons
        assert all(s[-1] in ".!?" for s in sentences(point))
    assert not any("Where to start" in p or "would do differently" in p for p in data["takeaways"])


def test_fewer_lessons_fewer_takeaways(tmp_path: Path) -> None:
    one = write_story(
        tmp_path, "one.md", MINIMAL_STORY + "\n## Lessons\n\nStart with the slowest step. It is where the weeks go.\n"
    )
    code, _, err = kit_cli("build", one, "--out", tmp_path / "d", "--kind", "talk")
    assert code == 0, err
    data = json.loads((tmp_path / "d" / "one" / "talk.json").read_text(encoding="utf-8"))
    assert data["takeaways"] == ["Start with the slowest step.", "It is where the weeks go."]
    assert lessons("- **Noise is a bug.** An alert nobody acts on trains people to ignore the next one.") == [
        "Noise is a bug. An alert nobody acts on trains people to ignore the next one."
    ]


def test_the_llm_schema_takes_one_to_three_takeaways() -> None:
    fields = {"title": "T", "elevator_pitch": "P", "abstract": "A", "outline": [{"minutes": 5, "title": "O"}],
              "level": "beginner", "format": "talk", "reviewer_notes": "N"}  # fmt: skip
    assert TalkFields.model_validate({**fields, "takeaways": ["One."]}).takeaways == ["One."]
    for wrong in ([], ["a", "b", "c", "d"]):
        with pytest.raises(ValidationError):
            TalkFields.model_validate({**fields, "takeaways": wrong})


# ---- no repetition, a pitch, no filler, trade-offs in ---------------------------------------


@pytest.mark.parametrize("slug", PUBLIC)
def test_the_abstract_pitches_and_never_repeats_the_headline(slug: str) -> None:
    data = submission(slug)
    abstract, notes = data["abstract"], data["reviewer_notes"]
    assert "This talk tells how" not in abstract and "Along the way" not in abstract
    assert "You will learn" in abstract and "The evidence" in abstract
    story = load_story(STORIES / f"{slug}.md")
    headline = make_view(story, "public").facts.headline
    assert headline is not None and abstract.count(headline.phrase) == 1
    assert "recording consent" not in notes and "Slides" not in notes


def test_trade_offs_are_in_the_talk_worded_as_such() -> None:
    data = submission("feature-store-incidents")
    said = "online feature lookup latency (p99) went from 11 ms to 14 ms (27% more time, worse)"
    assert f"The talk also shows what it cost: {said}." in data["abstract"]
    assert f"The talk covers the trade-offs as well as the wins: {said}." in data["reviewer_notes"]


def test_fitting_keeps_the_evidence_and_the_trade_offs_longest() -> None:
    limits = Config.model_validate({"cfp": {"tight": {"abstract": {"chars": 620}}}})
    data = submission("feature-store-incidents", "tight", limits)
    assert len(data["abstract"]) <= 620 and "You will learn" not in data["abstract"]
    assert "from 17 to 4 incidents a quarter" in data["abstract"]  # the headline's evidence
    assert "from 11 ms to 14 ms (27% more time, worse)" in data["abstract"]  # the trade-off


def test_a_models_takeaways_are_kept_to_one_per_lesson() -> None:
    story = load_story(STORIES / "fraud-scoring-latency.md")
    output = {"title": "T", "elevator_pitch": "P.", "abstract": "A.", "reviewer_notes": "N.",
              "takeaways": ["One.", "Two.", "Three."]}  # fmt: skip
    rendered = KIND.render(make_view(story, "public"), KindOptions(), output)
    assert json.loads(rendered.companions["talk.json"])["takeaways"] == ["One.", "Two.", "Three."]
    bare = load_story(write_story(Path.cwd(), "bare.md", MINIMAL_STORY))
    rendered = KIND.render(make_view(bare, "public"), KindOptions(), output)
    assert json.loads(rendered.companions["talk.json"])["takeaways"] == []  # no lessons, nothing to take away


def test_lessons_written_as_paragraphs_still_make_the_pitch(tmp_path: Path) -> None:
    text = MINIMAL_STORY + "\n## Lessons\n\nStart with the slowest step. It is where the weeks go.\n"
    story = load_story(write_story(tmp_path, "p.md", text))
    data = json.loads(KIND.render(make_view(story, "public"), KindOptions(cfp="pycon")).companions["talk.json"])
    assert (
        "You will learn what we would tell any team facing the same problem. Start with the slowest step. "
        "It is where the weeks go." in data["abstract"]
    )
    assert data["description"].endswith(
        "This talk shares what we learned: start with the slowest step; it is where the weeks go."
    )


def test_no_empty_sections_and_no_claims_the_story_does_not_make(tmp_path: Path) -> None:
    story = write_story(tmp_path, "est.md", MINIMAL_STORY.replace("before: 6 weeks", "before: 5–7 weeks")
                        + "\n## Lessons\n\n## Next\n\n## Context\nDeploys took weeks.\n")  # fmt: skip
    out = tmp_path / "out"
    code, _, err = kit_cli("build", str(story), "--kind", "blog,talk", "--out", str(out))
    assert code in (0, 1), err
    talk, blog = (out / "est" / "talk.md").read_text(), (out / "est" / "blog.md").read_text()
    assert "## Takeaways" not in talk  # no lessons, no takeaways: no empty heading
    assert "## Lessons" not in blog and "## Next" not in blog
    assert "measured, not estimated" not in talk  # 5–7 weeks is an estimate
    assert "The evidence comes from the team's own figures, estimates marked as such:" in talk
    assert "led the work" not in talk and "The speaker presents ML Platform's own work and figures." in talk


def test_a_rule_in_the_lessons_is_no_lesson() -> None:
    from kit.kinds.text import lessons

    assert lessons("Keep it small.\n\n---\n") == ["Keep it small."]
    assert lessons("First lesson here.\n\n* * *\n\nSecond one.") == ["First lesson here.", "Second one."]


def test_lessons_keep_their_capitals_in_the_abstract(tmp_path: Path) -> None:
    from kit.render import lower_first

    text = MINIMAL_STORY + "\n## Lessons\n\n- Negotiate as one.\n- Japan is different.\n- I would start smaller.\n"
    story = load_story(write_story(tmp_path, "p.md", text))
    abstract = json.loads(KIND.render(make_view(story, "public"), KindOptions()).companions["talk.json"])["abstract"]
    assert "Negotiate as one. Japan is different. I would start smaller." in abstract
    assert lower_first("I learned it") == "I learned it" and lower_first("Lead time") == "lead time"


def test_a_workshop_is_mostly_hands_on_and_a_panel_a_conversation(tmp_path: Path) -> None:
    cases = [("workshop", 240, "Opening: the result, and what you will build", "Hands-on: the key step, on your own setup"),
             ("panel", 45, "Introductions, and the result in one slide",
              "Discussion: what we built, and what we tried first")]  # fmt: skip
    for fmt, duration, first, longest in cases:
        text = MINIMAL_STORY.replace("visibility: public", f"visibility: public\ntalk: {{duration: {duration}, format: {fmt}}}")
        text += "\n## Approach\nA paved road from notebook to production.\n"  # material for the segment on it
        story = load_story(write_story(tmp_path, f"{fmt}.md", text))
        items = json.loads(KIND.render(make_view(story, "public"), KindOptions()).companions["talk.json"])["outline"]
        assert items[0]["title"] == first
        assert max(items, key=lambda item: item["minutes"])["title"] == longest
        assert sum(item["minutes"] for item in items) == duration


# ---- segments with material, honest post-mortems, names that read (review h15) ---------------

EMPTY_SECTIONS = """\
---
title: Empty sections
date: 2026-05-01
team: QA Guild
visibility: public
summary: Flaky tests fell from 120 to 15.
authors: [{name: Ana Ruiz, bio: Ana leads QA.}]
metrics:
  - {name: Flaky tests, before: 120, after: 15, unit: tests, better: lower}
---
## Problem

## What we did

We quarantined flaky tests automatically.

## Lessons

## Next

TBD
"""

ALL_WORSE = """\
---
title: A hard quarter for the help desk
date: 2026-06-01
team: IT Help Desk
visibility: public
summary: Ticket volume doubled after the office move.
authors: [{name: Kim Roe, bio: Kim runs the help desk.}]
metrics:
  - {name: Tickets, before: 800, after: "1,600", unit: tickets, period: month, better: lower}
  - {name: First response time, before: 2 hours, after: 5 hours, better: lower}
---
## Problem

The office move doubled tickets.

## Lessons

- **Plan for the move.** We did not staff up.
"""


def built_talk(tmp_path: Path, text: str, cfp: str = "generic") -> tuple[str, dict[str, Any]]:
    """talk.md and talk.json as `kit build` writes them, after `kit check` passes them."""
    story = write_story(tmp_path, "t.md", text)
    code, _, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "talk", "--cfp", cfp)
    assert code == 0, err
    code, out, err = kit_cli("check", tmp_path / "out" / "t" / "talk.md", "--story", story)
    assert code == 0, out + err
    folder = tmp_path / "out" / "t"
    return (folder / "talk.md").read_text(encoding="utf-8"), json.loads((folder / "talk.json").read_text("utf-8"))


def test_an_empty_section_gets_no_segment_and_its_minutes_go_to_the_others(tmp_path: Path) -> None:
    talk, data = built_talk(tmp_path, EMPTY_SECTIONS)
    titles = [item["title"] for item in data["outline"]]
    assert titles == ["Opening: the result in one slide", "What we built", "Results, and how we measured them",
                      "Questions"]  # fmt: skip
    assert sum(item["minutes"] for item in data["outline"]) == 30
    assert "The problem" not in talk and "Lessons for your team" not in talk and "## Takeaways" not in talk


def test_a_regression_is_pitched_as_a_post_mortem(tmp_path: Path) -> None:
    talk, data = built_talk(tmp_path, ALL_WORSE)
    assert data["title"] == "A hard quarter for the help desk: a post-mortem"
    assert data["elevator_pitch"] == (
        "Tickets went from 800 to 1,600 tickets a month (2× more, worse). This talk is a post-mortem: "
        "what went wrong, and what we learned from it."
    )
    assert " took " not in talk and "reuse" not in talk and "what it cost" not in talk and "wins" not in talk
    assert "Other figures got worse too: first response time went from 2 hours to 5 hours" in data["abstract"]
    assert [item["title"] for item in data["outline"]] == [
        "Opening: the result in one slide", "What went wrong", "Results, and how we measured them",
        "What we learned", "Questions"]  # fmt: skip


HELD = """\
---
title: Triage held steady through a busy winter
date: 2026-06-01
team: Emergency Department
visibility: public
summary: Door-to-triage time held at 45 minutes while we saw more patients.
authors: [{name: Kim Roe, bio: Kim runs triage.}]
metrics:
  - {name: Door-to-triage time, before: 45 min, after: 45 min, better: lower, headline: true}
  - {name: Patients seen, before: 180, after: 210, unit: patients, period: day, better: higher}
---
## What we did

Nurses triage at the door.
"""


def test_a_headline_that_held_is_pitched_with_what_improved_meanwhile(tmp_path: Path) -> None:
    """ "held at 45 minutes (unchanged). This talk shows how we did it" promised a method for a number
    that did not move: the pitch says what improved while it held."""
    _, data = built_talk(tmp_path, HELD)
    assert data["elevator_pitch"].startswith(
        "The door-to-triage time held at 45 minutes (unchanged) while patients seen went from 180 to 210"
    )
    social = tmp_path / "social"
    assert kit_cli("build", tmp_path / "t.md", "--kind", "social", "--out", social).code == 0
    assert "held at 45 minutes (unchanged) while patients seen went from 180" in (social / "t" / "social.md").read_text()


def test_a_story_in_which_everything_held_is_no_post_mortem(tmp_path: Path) -> None:
    """0 incidents before and after is a result that held, not "Not every change works out"."""
    text = HELD.replace("  - {name: Patients seen, before: 180, after: 210, unit: patients, period: day, better: higher}\n", "")
    text = text.replace("{name: Door-to-triage time, before: 45 min, after: 45 min,",
                        "{name: Safety incidents, before: 0, after: 0, unit: incidents,")  # fmt: skip
    talk, data = built_talk(tmp_path, text)
    assert "post-mortem" not in talk and "went wrong" not in talk
    assert data["elevator_pitch"] == (
        "Safety incidents held at 0 incidents (unchanged). This talk shows what we tried, and what any team can "
        "learn from it."
    )
    social = tmp_path / "social"
    assert kit_cli("build", tmp_path / "t.md", "--kind", "social", "--out", social).code == 0
    assert "Not every change works out" not in (social / "t" / "social.md").read_text()


def test_a_pitch_reads_well_whatever_the_team_is_called(tmp_path: Path) -> None:
    text = MINIMAL_STORY.replace("team: ML Platform", "team: Maths Department").replace(
        "name: Deployment lead time\n    before: 6 weeks\n    after: 2 days\n    better: lower",
        "name: GCSE maths pass rate\n    before: 97.5%\n    after: 99.8%\n    better: higher",
    )
    _, data = built_talk(tmp_path, text, "pycon")
    assert data["elevator_pitch"] == (
        "The GCSE maths pass rate went from 97.5% to 99.8% (up 2.3 percentage points). "
        "This talk shows the result, and how we measured it."
    )
    assert data["description"].startswith("The GCSE maths pass rate went from 97.5% to 99.8%")
    assert "Maths Department took" not in json.dumps(data)


def test_a_story_that_says_nothing_of_what_was_done_gets_no_segment_for_it(tmp_path: Path) -> None:
    _, data = built_talk(tmp_path, ALL_WORSE.replace("## Problem", "## Approach\n\n## Problem"))
    assert "What we did" not in [item["title"] for item in data["outline"]]
    assert sum(item["minutes"] for item in data["outline"]) == 30


@given(
    st.sampled_from(["talk", "lightning", "workshop", "panel", "keynote"]),
    st.integers(min_value=5, max_value=240),
    st.fixed_dictionaries({key: st.sampled_from(["", "TBD", "Something said."])
                           for key in ("context", "problem", "approach", "lessons", "next")}),  # fmt: skip
)
def test_an_outline_fills_the_talk_exactly_with_segments_that_have_material(
    fmt: str, duration: int, bodies: dict[str, str]
) -> None:
    from kit.kinds.talk import outline

    sections = {key: {"title": key, "body": body, "key": key, "internal": False} for key, body in bodies.items()}
    ctx = {"sections": {**sections, "results": None}, "headline": None, "totals": {"improved": 1}}
    items = outline(ctx, duration, fmt)
    assert sum(item["minutes"] for item in items) == duration and all(item["minutes"] >= 1 for item in items)
    for key in ("approach", "lessons", "next"):
        assert (key in [item["key"] for item in items]) <= (bodies[key] == "Something said.")


def test_a_talk_on_disk_must_say_what_its_talk_json_says(tmp_path: Path) -> None:
    """talk.md is read and talk.json pasted into the CFP's form: an edit to one must not leave the other
    saying another length, level or format, nor an outline that adds up to another length."""
    built_talk(tmp_path, MINIMAL_STORY)
    folder = tmp_path / "out" / "t"
    talk_md, talk_json = folder / "talk.md", folder / "talk.json"
    data = json.loads(talk_json.read_text(encoding="utf-8"))
    assert (data["duration"], data["level"]) == (30, "intermediate")
    talk_json.write_text(json.dumps({**data, "duration": 45, "level": "advanced"}), encoding="utf-8")
    code, out, _ = kit_cli("check", talk_md)
    assert code == 1
    assert "facts: \"**Length:** 30 min\": talk.json's duration is 45: make talk.md and talk.json agree" in out
    assert "facts: \"**Level:** intermediate\": talk.json's level is advanced" in out
    assert "talk.json's outline adds up to 30 minutes and its duration is 45" in out
    talk_md.write_text(talk_md.read_text(encoding="utf-8").replace("30 minutes", "45 minutes").replace(
        "**Level:** intermediate", "**Level:** advanced"), encoding="utf-8")  # fmt: skip
    outline = data["outline"]
    outline[-1]["minutes"] += 15
    talk_json.write_text(json.dumps({**data, "duration": 45, "level": "advanced", "outline": outline}),
                         encoding="utf-8")  # fmt: skip
    code, out, _ = kit_cli("check", talk_md)
    last = outline[-1]
    assert f'talk.json\'s outline[{len(outline) - 1}].minutes is {last["minutes"]} where talk.md gives "{last["title"]}"' in out
    assert "no figure in the story supports this" not in out and "outline adds up" not in out, out
    row = re.compile(rf"^\| (\d+)–30 \({last['minutes'] - 15} min\) \| {last['title']} \|$", re.MULTILINE)
    talk_md.write_text(row.sub(rf"| \g<1>–45 ({last['minutes']} min) | {last['title']} |", talk_md.read_text(encoding="utf-8")),
                       encoding="utf-8")  # fmt: skip
    code, out, _ = kit_cli("check", talk_md)
    assert "talk.json" not in out and "outline adds up" not in out, out


def test_a_lead_in_to_code_the_talk_leaves_out_ends_as_a_sentence(tmp_path: Path) -> None:
    """ "We added models that pre-aggregate by day:" ran on into the next paragraph ("by day: Read more")."""
    approach = ("## Approach\n\nWe added models that pre-aggregate by day:\n\n"
                "```sql\nselect day, sum(amount) from orders group by 1\n```\n\nRead more in the docs.\n")
    _, data = built_talk(tmp_path, MINIMAL_STORY + "\n" + approach)
    assert "We added models that pre-aggregate by day." in data["abstract"]
    assert "by day:" not in data["abstract"]


def test_a_title_over_the_cfps_limit_names_short_title_the_fix(tmp_path: Path) -> None:
    long_title = "How a small team cut unplanned outages at three plants and kept every turbine online all winter long"
    story = write_story(tmp_path, "t.md", MINIMAL_STORY.replace(
        "title: Model deploys from six weeks to two days", f"title: {long_title}"))  # fmt: skip
    assert kit_cli("build", story, "--kind", "talk", "--cfp", "kubecon", "--out", tmp_path / "out").code == 1
    code, out, _ = kit_cli("check", tmp_path / "out" / "t" / "talk.md")
    assert code == 1
    assert f'limits: "title": {len(long_title)} characters; the limit is 75 (cut {len(long_title) - 75}); add a ' \
           "`short_title:` that fits to the story: the talk takes it when the title does not fit" in out


def test_what_improved_while_the_headline_held_is_said_once_and_a_held_headline_got_no_worse(
    tmp_path: Path,
) -> None:
    """The social post's hook said "while patients seen went from 180 to 210" and its list said it again;
    a talk whose headline held said "Other figures got worse too", as if the headline had; a lesson that
    led into a list became "Check everything:."."""
    held = HELD + "\n## Lessons\n\n- Check everything:\n"
    social = tmp_path / "social"
    write_story(tmp_path, "t.md", held)
    assert kit_cli("build", tmp_path / "t.md", "--kind", "social", "--out", social).code == 0
    post = (social / "t" / "social.md").read_text(encoding="utf-8")
    assert post.count("patients seen went from 180") + post.count("Patients seen: from 180") == 2  # hook, thread
    worse = HELD.replace("  - {name: Patients seen, before: 180, after: 210, unit: patients, period: day, better: higher}",
                         "  - {name: Agency staff cost, before: $10k, after: $14k, period: month, better: lower}")
    _, data = built_talk(tmp_path / "w", worse + "\n## Lessons\n\n- Check everything:\n")
    assert "Other figures got worse: agency staff cost went from $10k to $14k" in data["abstract"]
    assert "too" not in data["abstract"] and data["takeaways"] == ["Check everything."]


def test_an_indented_code_block_is_left_out_like_a_fenced_one(tmp_path: Path) -> None:
    """ "We ran this command on every host: ansible-playbook site.yml --check Then we compared" ran code into prose."""
    approach = ("## Approach\n\nWe ran this command on every host:\n\n    ansible-playbook site.yml --check\n\n"
                "Then we compared the results.\n")
    _, data = built_talk(tmp_path, MINIMAL_STORY + "\n" + approach)
    assert "We ran this command on every host." in data["abstract"] and "ansible" not in data["abstract"]
