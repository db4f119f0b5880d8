"""Loading story files: good ones load, and every bad one gets lines a person can act on."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.errors import StoryError
from kit.load import find_stories, load_story, parse_story
from tests.support import MINIMAL_STORY, write_story

EXAMPLES = '"6 weeks", "45 min", "$120k", "USD 1.2M", "99.5%", "3–4 weeks" or a plain number'
METRICS = """metrics:
  - name: Deployment lead time
    before: 6 weeks
    after: 2 days
    better: lower
"""


def problems(text: str | bytes, name: str = "s.md") -> list[str]:
    """The lines a user sees for a story file, or [] when it loads."""
    path = Path(name)  # relative to the test's own working folder
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    try:
        load_story(path)
    except StoryError as err:
        return err.lines()
    return []


def edited(old: str, new: str) -> str:
    assert old in MINIMAL_STORY
    return MINIMAL_STORY.replace(old, new)


def test_the_minimal_story_loads() -> None:
    story = load_story(write_story(Path.cwd(), "ml-deploys.md", MINIMAL_STORY))
    assert story.slug == "ml-deploys"
    assert story.meta.metrics[0].before.text == "6 weeks"
    assert [(s.key, s.line) for s in story.sections] == [("problem", 15)]
    assert story.lines["metrics.0.before"] == 11


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("authors:", "autors:", ["s.md:6: autors: unknown key; did you mean `authors`?"]),
        ("team: ML Platform\n", "team: ML Platform\ntaem: x\n",
         ["s.md:5: taem: unknown key; did you mean `team`?"]),
        ("    better: lower\n", "    better: lower\n    zzz: 1\n",
         ["s.md:14: metrics[0].zzz: unknown key; remove it or fix its spelling "
          "(`kit schema` lists every key)"]),
        ("    better: lower\n", "    better: lower\n    unti: days\n",
         ["s.md:14: metrics[0].unti: unknown key; did you mean `unit`?"]),
        ("title: Model deploys from six weeks to two days\n", "", ["s.md:2: title: required; add it"]),
        ("    better: lower\n", "", ["s.md:10: metrics[0].better: required; add it"]),
        ("title: Model deploys from six weeks to two days", "title: [a, b]",
         ["s.md:2: title: must be text, not a list; write one line (in quotes if it looks like a number)"]),
        ("team: ML Platform", "team: 42",
         ["s.md:4: team: must be text, not a number; write one line (in quotes if it looks like a number)"]),
        ("team: ML Platform", "team:", ["s.md:4: team: is empty; fill it in"]),
        ("authors:\n  - name: Priya Raman\n    role: Staff ML Engineer", "authors: Priya Raman",
         ["s.md:6: authors: must be a list, not text; write each item on its own line, starting with `- `"]),
        (METRICS, "metrics: lots\n",
         ["s.md:9: metrics: must be a list, not text; write each item on its own line, starting with `- `"]),
        (METRICS, "metrics: []\n", ["s.md:9: metrics: is empty; add at least one entry"]),
        (METRICS, "metrics:\n  - lead time\n",
         ["s.md:10: metrics[0]: must be keys and values (name, before, after, better, ...), not text"]),
        ("better: lower", "better: down", ["s.md:13: metrics[0].better: must be 'lower' or 'higher', not 'down'"]),
        ("visibility: public", "visibility: secret",
         ["s.md:5: visibility: must be 'public' or 'internal', not 'secret'"]),
        ("date: 2026-09-30", "date: 2026-02-30",
         ['s.md:3: date: "2026-02-30" is not a date; write one as YYYY-MM-DD, such as 2026-09-30']),
        ("date: 2026-09-30", "date: 2026",
         ["s.md:3: date: 2026 is not a date; write one as YYYY-MM-DD, such as 2026-09-30"]),
        ("date: 2026-09-30", "date: 1066-10-14", ["s.md:3: date: 1066-10-14 is not a plausible measurement date"]),
        ("before: 6 weeks", "before: six weeks",
         [f's.md:11: metrics[0].before: could not read "six weeks" as a quantity; write it like {EXAMPLES}']),
        ("after: 2 days", "after: $5",
         ['s.md:10: metrics[0]: before and after: "6 weeks" and "$5" cannot be compared (a duration and an '
          "amount of money); write both in one kind of unit (two durations, two amounts in one currency, "
          "two percentages)"]),
        ("before: 6 weeks", "before: .nan",
         ["s.md:11: metrics[0].before: not a finite number (NaN or infinity); write the measured value"]),
        ("before: 6 weeks", "before: -.inf",
         ["s.md:11: metrics[0].before: not a finite number (NaN or infinity); write the measured value"]),
        ("before: 6 weeks", "before: NaN",
         ['s.md:11: metrics[0].before: "NaN" is not a finite number; write the measured value']),
        ("before: 6 weeks", "before: 1e400",
         ['s.md:11: metrics[0].before: "1e400" is too large to be a measurement; check the number']),
        ("before: 6 weeks", "before: 1.0e+400",
         ["s.md:11: metrics[0].before: not a finite number (NaN or infinity); write the measured value"]),
        ("after: 2 days", "after: -2 days",
         ['s.md:12: metrics[0].after: "-2 days" is negative; a duration is never below zero, write its length']),
        ("before: 6 weeks\n    after: 2 days", "before: $5k\n    after: -$3",
         ['s.md:12: metrics[0].after: "-$3" is negative; kit reads money as an amount (spend, savings, revenue), '
          'never below zero: for a profit that became a loss, give the margin as a percentage ("-4%"), or the loss '
          'as a metric of its own ("Operating loss", lower is better)']),
        ("before: 6 weeks", "before: [1, 2]",
         [f"s.md:11: metrics[0].before: expected a quantity such as {EXAMPLES}, not a list"]),
        ("before: 6 weeks", "before: {weeks: 6}",
         [f"s.md:11: metrics[0].before: expected a quantity such as {EXAMPLES}, not keys and values"]),
        ("    better: lower\n", "    better: lower\n  - name: Deployment lead time\n    before: 1\n"
         "    after: 2\n    better: higher\n",
         ['s.md:9: metrics: two metrics have the id "deployment-lead-time"; give each metric its own `id`']),
        ("team: ML Platform", "team: ML Platform\nteam: Data", ["s.md:5: team: this key is given twice; keep one"]),
        ("team: ML Platform", "team: ML Platform\n1: x",
         ["s.md:5: 1: unknown key; remove it or fix its spelling (`kit schema` lists every key)"]),
        ("team: ML Platform", "team: ML Platform\n? [a, b]\n: x", ["s.md:5: a key must be a word, such as `title`"]),
        ("team: ML Platform", "team: ML Platform\nslug: Bad Slug",
         ["s.md:5: slug: use lower case letters, digits and hyphens only (for example `ml-platform`)"]),
        ("## Problem", "## Problem {.secret}",
         ['s.md:15: body: unknown attribute .secret on "## Problem"; write {.internal} or nothing']),
    ],
)  # fmt: skip
def test_bad_fields(old: str, new: str, expected: list[str]) -> None:
    assert problems(edited(old, new)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"", "s.md: the file is empty; start from `kit new` or the README's example"),
        (b" \n\t\n", "s.md: the file is empty; start from `kit new` or the README's example"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
         "s.md: this is a binary file, not a story; a story is Markdown text with YAML front matter"),
        ("---\ntitle: Caf\xe9\n---\n".encode("latin-1"), "s.md:2: the file is not UTF-8 text; save it as UTF-8"),
        (b"# Just Markdown\n", "s.md:1: no front matter; a story starts with a line `---`, then YAML "
         "(title, date, team, authors, metrics), then `---`"),
        (b"---\ntitle: x\n", "s.md:1: the front matter is not closed; add a line `---` after it"),
        (b"---\n---\nbody\n", "s.md:1: the front matter is empty; it needs title, date, team, authors, metrics"),
        (b"---\n- a\n- b\n---\n",
         "s.md:1: the front matter must be keys and values (title: ..., date: ...), not a list or text"),
        (b"---\nhello\n---\n",
         "s.md:1: the front matter must be keys and values (title: ..., date: ...), not a list or text"),
        (b"---\ntitle: x\nteam: [ML\n---\n", "s.md:4: the front matter is not valid YAML: expected ',' or ']', "
         "but got '<stream end>'; check indentation, colons and quotes"),
        (b"---\ntitle: x\n  team: y\n---\n", "s.md:3: the front matter is not valid YAML: mapping values are "
         "not allowed here; check indentation, colons and quotes"),
        (b'---\ntitle: "unclosed\ndate: 2026-01-01\n---\n', "s.md:2: the front matter is not valid YAML: a quoted "
         "value opened on this line is never closed; check indentation, colons and quotes"),
        (b'---\ntitle: !!python/object/apply:os.system ["echo hi"]\n---\n',
         "s.md:2: YAML tags such as !!python/object/apply:os.system are not allowed in a story; "
         "write plain values"),
        (b"---\ntitle: !foo bar\n---\n",
         "s.md:2: YAML tags such as !foo are not allowed in a story; write plain values"),
        (b"---\ntitle: !!binary aGVsbG8=\n---\n",
         "s.md:2: YAML tags such as !!binary are not allowed in a story; write plain values"),
        (b"---\na: &a x\nb: *a\n---\n",
         "s.md:3: YAML aliases (*name) are not allowed in a story; write the value out"),
        (b"---\na: " + b"[" * 50 + b"]" * 50 + b"\n---\n",
         "s.md:2: the front matter nests deeper than 20 levels; flatten it"),
        (b"---\na: " + b"1" * 5000 + b"\n---\n", "s.md:1: a number in the front matter is too long to read; check it"),
    ],
)  # fmt: skip
def test_bad_files(text: bytes, expected: str) -> None:
    assert problems(text) == [expected]


def test_every_problem_in_a_file_is_reported_at_once_in_file_order() -> None:
    text = (
        MINIMAL_STORY.replace("title: Model deploys from six weeks to two days", "title: [a]")
        .replace("date: 2026-09-30", "date: 2026-13-01")
        .replace("team: ML Platform", "team:\ntaem: ML")
        .replace("before: 6 weeks", "before: soon")
        .replace("better: lower", "better: down\n    headline: maybe")
        .replace("## Problem", "## Problem {.x}")
    )
    assert problems(text) == [
        "s.md:2: title: must be text, not a list; write one line (in quotes if it looks like a number)",
        's.md:3: date: "2026-13-01" is not a date; write one as YYYY-MM-DD, such as 2026-09-30',
        "s.md:4: team: is empty; fill it in",
        "s.md:5: taem: unknown key; did you mean `team`?",
        f's.md:12: metrics[0].before: could not read "soon" as a quantity; write it like {EXAMPLES}',
        "s.md:14: metrics[0].better: must be 'lower' or 'higher', not 'down'",
        "s.md:15: metrics[0].headline: must be true or false, not 'maybe'",
        's.md:17: body: unknown attribute .x on "## Problem"; write {.internal} or nothing',
    ]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    assert problems("\n".join([*lines, "---", ""])) == [
        "s.md:3: YAML aliases (*name) are not allowed in a story; write the value out"
    ]
    assert time.perf_counter() - start < 1


def test_line_numbers_count_blank_lines_after_the_opening_dashes() -> None:
    assert problems(edited("---\ntitle", "---\n\n\ntitle").replace("team: ML Platform", "team: [x]"))[0] == (
        "s.md:6: team: must be text, not a list; write one line (in quotes if it looks like a number)"
    )


def test_crlf_and_a_byte_order_mark_load() -> None:
    data = "\ufeff" + MINIMAL_STORY.replace("\n", "\r\n")
    assert problems(data) == []


def test_an_unreadable_path_is_a_story_error(tmp_path: Path) -> None:
    with pytest.raises(StoryError) as caught:
        load_story(tmp_path)
    assert caught.value.lines()[0].startswith(f"{tmp_path}: cannot read the file: ")


def test_find_stories_names_missing_paths(tmp_path: Path) -> None:
    write_story(tmp_path, "a.md", MINIMAL_STORY)
    write_story(tmp_path, "README.md", "# no")
    write_story(tmp_path, ".hidden/b.md", MINIMAL_STORY)
    assert find_stories([tmp_path]) == [tmp_path / "a.md"]
    with pytest.raises(StoryError) as caught:
        find_stories([tmp_path / "nope"])
    assert caught.value.lines() == [f"{tmp_path / 'nope'}: no such file or folder"]


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from(["6 weeks", "$120k", "3–4 weeks", "99.5%", ".nan", "2026-02-30", "!foo x", "*a"]),
)  # fmt: skip
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["title", "date", "team", "authors", "metrics", "before", "after", "better"]),
       yaml_values)  # fmt: skip
def test_any_value_for_any_key_is_a_story_error_or_loads(key: str, value: object) -> None:
    lines = MINIMAL_STORY.split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip(" -").startswith(f"{key}:"))
    prefix = lines[at][: len(lines[at]) - len(lines[at].lstrip(" -"))]
    lines[at] = prefix + yaml.safe_dump({key: value}, default_flow_style=True, width=10**6)[1:-2]
    try:
        parse_story("\n".join(lines).encode(), Path("s.md"))
    except StoryError as err:
        assert err.lines() and all(line.startswith("s.md") for line in err.lines())


@settings(deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_a_story_error_or_load(data: bytes) -> None:
    for candidate in (data, b"---\n" + data + b"\n---\n", MINIMAL_STORY.encode()[: len(data)]):
        try:
            parse_story(candidate, Path("s.md"))
        except StoryError as err:
            assert err.lines()


# ---- issue 9: story input people write -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "period", "before"),
    [
        ("    better: lower\n", "    better: lower\n    period: monthly\n", "month", "6 weeks"),
        ("    better: lower\n", "    better: lower\n    period: weekly\n", "week", "6 weeks"),
        ("    better: lower\n", "    better: lower\n    period: yearly\n", "year", "6 weeks"),
        ("    better: lower\n", "    better: lower\n    period: annually\n", "year", "6 weeks"),
        ("    better: lower\n", "    better: lower\n    period: per month\n", "month", "6 weeks"),
        ("before: 6 weeks\n    after: 2 days", "before: $120k/month\n    after: $80k/month", "month", "$120k"),
        ("before: 6 weeks\n    after: 2 days", "before: $120k a month\n    after: $80k", "month", "$120k"),
        ("before: 6 weeks\n    after: 2 days", "before: ~6 hours\n    after: 2 hours", None, "about 6 hours"),
        ("before: 6 weeks\n    after: 2 days", "before: about 6 hours\n    after: 2 hours", None, "about 6 hours"),
        ("before: 6 weeks\n    after: 2 days", "before: 6+ hours\n    after: 2 hours", None, "at least 6 hours"),
        ("before: 6 weeks\n    after: 2 days", "before: 1h30m\n    after: 2 min", None, "90 minutes"),
        ("before: 6 weeks\n    after: 2 days", "before: 1 h 30 min\n    after: 2 min", None, "90 minutes"),
        ("before: 6 weeks\n    after: 2 days", "before: 120 COVID-19 cases\n    after: 30 COVID-19 cases", None,
         "120 COVID-19 cases"),
        ("before: 6 weeks\n    after: 2 days", "before: 4.2/5\n    after: 4.6/5", None, "4.2/5"),
    ],
)  # fmt: skip
def test_input_as_people_write_it_loads(old: str, new: str, period: str | None, before: str) -> None:
    story = load_story(write_story(Path.cwd(), "s.md", edited(old, new)))
    metric = story.meta.metrics[0]
    assert (metric.period.value if metric.period else None, metric.before.text) == (period, before)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    better: lower\n", "    better: lower\n    period: fortnightly\n",
         ["s.md:14: metrics[0].period: must be 'day', 'week', 'month', 'quarter' or 'year' (or monthly, per month, ...), "
          "not 'fortnightly'; for another period, give the values per one of these"]),
        ("before: 6 weeks\n    after: 2 days", "before: $120k/month\n    after: $80k/week",
         ["s.md:10: metrics[0]: the periods disagree (before says a month, after says a week); give the values per one period"]),
        ("before: 6 weeks\n    after: 2 days\n    better: lower\n",
         "before: $120k/month\n    after: $80k\n    better: lower\n    period: year\n",
         ["s.md:10: metrics[0]: the periods disagree (before says a month and `period: year`); give the values per one period"]),
        ("  - name: Deployment lead time\n    before: 6 weeks\n    after: 2 days\n    better: lower\n",
         "  - {name: Cost, before: $120,000, after: $80k, better: lower}\ninvestment: {cost: £45,000, people: 2}\n",
         ['s.md:10: metrics[0].before: the comma in $120,000 ends the value inside {...}; put the value in quotes: before: "$120,000"',
          's.md:11: investment.cost: the comma in £45,000 ends the value inside {...}; put the value in quotes: cost: "£45,000"']),
        ("before: 6 weeks\n    after: 2 days", "before: 6/5\n    after: 4/5",
         ['s.md:11: metrics[0].before: "6/5" is above its scale; write the score and its scale, such as "4.6/5"']),
        ("    better: lower\n", "    better: lower\n    kind: things\n",
         ["s.md:14: metrics[0].kind: must be 'count' or 'level', not 'things'"]),
    ],
)  # fmt: skip
def test_input_kit_cannot_read_says_exactly_what_to_do(old: str, new: str, expected: list[str]) -> None:
    assert problems(edited(old, new)) == expected


def test_a_comma_in_a_block_value_is_fine() -> None:
    story = load_story(write_story(Path.cwd(), "s.md", edited("before: 6 weeks\n    after: 2 days",
                                                               "before: $120,000\n    after: $80k")))  # fmt: skip
    assert story.meta.metrics[0].before.value == 120_000


def test_validate_hints_at_fewer_than_three_lessons(tmp_path: Path) -> None:
    from tests.support import kit_cli

    two = write_story(tmp_path, "two.md", MINIMAL_STORY + "\n## Lessons\n\n- Start small.\n- Measure it.\n")
    none = write_story(tmp_path, "none.md", MINIMAL_STORY)
    code, out, err = kit_cli("validate", two, none)
    assert (code, err) == (0, "")
    assert out.splitlines()[2:] == [
        f"hint: {two}:18: body: the Lessons section has 2 lessons, so the talk lists 2 takeaways; CFPs usually ask for three",
        f"hint: {none}: body: no Lessons section, so the talk has no takeaways; add `## Lessons` with three lessons, one list item each",
    ]
    internal = write_story(tmp_path, "internal.md", MINIMAL_STORY.replace("visibility: public", "visibility: internal"))
    code, out, _ = kit_cli("validate", internal)
    assert (code, out) == (0, f"ok: {internal}\n")  # an internal story has no talk to take takeaways for


COMMENTED = """\
---
title: Builds from 40 to 10 minutes
date: 2026-10-01
team: CI
visibility: public
authors:
  - name: Ana
metrics:
  - {name: CI build time, before: 40 min, after: 10 min, better: lower}
---
## Context
We cache builds. <!-- TODO: ask finance about the 250 figure before publishing -->

<!--
A hidden note
over lines with 99 secrets
-->
## Lessons
- Measure first.
- Cache early.

```html
<!-- this comment is code -->
```
"""


def test_an_html_comment_in_a_story_reaches_no_draft(tmp_path: Path) -> None:
    """An author's note to self in an HTML comment was shown in public drafts (escaped, so visible) and failed
    their checks ("about the 250"); a comment in fenced code is the code's, and later lines keep their numbers."""
    from tests.support import kit_cli

    story = write_story(tmp_path, "ci.md", COMMENTED)
    code, _, err = kit_cli("build", story, "--out", tmp_path / "out")
    assert code == 0, err
    # What kit writes of a story (its provenance hashes, in each draft's `kit:` block) may hold any digits.
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.*")]
    drafts = "\n".join(re.sub(r"(?m)^kit:\n(?:[ \t].*\n)*", "", text) for text in texts)
    assert "250" not in drafts and "99 secrets" not in drafts and "TODO" not in drafts
    assert "<!-- this comment is code -->" in (tmp_path / "out" / "ci" / "blog.md").read_text(encoding="utf-8")
    assert load_story(story).section("lessons").line == 18  # its line in the file, the comment before it counted


def test_validate_hints_at_a_title_too_long_for_a_cfp(tmp_path: Path) -> None:
    """A 145-character title failed the talk's limit with no word of `short_title`, the fix."""
    from tests.support import kit_cli

    long_title = "How a small team cut unplanned outages at three plants and kept every turbine online " * 2
    long_title = long_title.strip()
    story = write_story(tmp_path, "long.md", MINIMAL_STORY.replace(
        "title: Model deploys from six weeks to two days", f"title: {long_title}"))  # fmt: skip
    code, out, _ = kit_cli("validate", story)
    assert code == 0
    assert f"hint: {story}:2: title: the title is {len(long_title)} characters and KubeCon's CFP takes 75: add " \
           "`short_title:` (75 characters at most), which a talk uses when its title does not fit" in out
    fitting = write_story(tmp_path, "short.md", MINIMAL_STORY.replace(
        "title: Model deploys from six weeks to two days",
        f"title: {long_title}\nshort_title: Fewer outages"))  # fmt: skip
    assert "short_title" not in kit_cli("validate", fitting).out
    head = write_story(tmp_path, "head.md", MINIMAL_STORY.replace(
        "title: Model deploys from six weeks to two days", f'title: "Fewer outages: {long_title}"'))  # fmt: skip
    assert "short_title" not in kit_cli("validate", head).out, "its first clause fits: the talk takes it"
