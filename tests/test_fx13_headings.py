"""First-person and variant section headings are the sections they name (review H20, FX13 item 3).

"What I did", "What I learned", "What’s next" (a curly apostrophe) and "What we learnt" were not
recognised: the blog put "What I did" after the results, and the talk had no approach and no
takeaways. A heading that looks like a known section and still is not one is named by `kit validate`.
"""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.load import load_story
from tests.support import MINIMAL_STORY, kit_cli, write_story

FIRST_PERSON = MINIMAL_STORY + """
## What I did
I paired each team with a platform engineer.

## Results
Lead time fell from 6 weeks to 2 days.

## What I learned
- **Pair first.** Documents came later.
- **Measure the wait.** Nobody knew it.

## What I’d do next
Self-service rollbacks.
"""


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("What I did", "approach"),
        ("What we did", "approach"),
        ("How I did it", "approach"),
        ("What I built", "approach"),
        ("What I learned", "lessons"),
        ("What I learnt", "lessons"),
        ("What we learnt", "lessons"),
        ("What we’ve learned", "lessons"),
        ("Lessons learnt", "lessons"),
        ("What’s next", "next"),
        ("What‘s next?", "next"),
        ("What's next", "next"),
        ("What is next", "next"),
    ],
)
def test_a_heading_in_the_first_person_or_with_a_curly_apostrophe_is_its_section(
    tmp_path: Path, heading: str, key: str
) -> None:
    story = load_story(write_story(tmp_path, "s.md", f"{MINIMAL_STORY}\n## {heading}\nSome text.\n"))
    assert story.sections[-1].key == key


def test_the_talk_and_the_blog_read_what_i_did_and_what_i_learned(tmp_path: Path) -> None:
    story = write_story(tmp_path, "s.md", FIRST_PERSON)
    code, out, err = kit_cli("build", story, "--kind", "blog,talk", "--out", tmp_path / "out")
    assert code == 0, out + err
    talk = json.loads((tmp_path / "out" / "s" / "talk.json").read_text(encoding="utf-8"))
    assert "What we built" in [item["title"] for item in talk["outline"]]
    assert talk["takeaways"] == ["Pair first. Documents came later.", "Measure the wait. Nobody knew it."]
    assert "I paired each team with a platform engineer." in talk["abstract"]
    blog = (tmp_path / "out" / "s" / "blog.md").read_text(encoding="utf-8")
    assert blog.index("## What I did") < blog.index("## Results")


def test_validate_names_a_heading_that_looks_like_a_section_and_is_not_one(tmp_path: Path) -> None:
    story = write_story(tmp_path, "s.md", MINIMAL_STORY + "\n## Lessons from the ward\n- Start small.\n- Measure it.\n- Ask.\n"
                        "\n## Key results\nIt worked.\n")  # fmt: skip
    code, out, err = kit_cli("validate", story)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        f'hint: {story}:18: body: "## Lessons from the ward" is not a heading kit recognises, so it is not read as the Lessons section and the talk has no takeaways; rename it "## Lessons"',
        f'hint: {story}:23: body: "## Key results" is not a heading kit recognises, so it is not read as the Results section; rename it "## Results"',
    ]


def test_validate_says_nothing_of_a_heading_that_is_its_own_section(tmp_path: Path) -> None:
    text = FIRST_PERSON.replace("- **Measure the wait.** Nobody knew it.", "- **Measure the wait.** Nobody knew it.\n- **Ask.** Often.")
    story = write_story(tmp_path, "s.md", text + "\n## Costs\nTwo engineers.\n\n## What we learned about budgets\nMore.\n")
    code, out, err = kit_cli("validate", story)
    assert (code, out, err) == (0, f"ok: {story}\n", "")  # a Lessons section is there already
