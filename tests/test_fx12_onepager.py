"""4. A one-pager keeps each list with the paragraph that leads into it.

An Approach of paragraph A, paragraph B and a list that B introduces printed A and then B's
bullets, as though A had introduced them.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import MINIMAL_STORY, kit_cli, write_story

APPROACH = """
## Approach

We rebuilt the release pipeline around one template repository. Every model now ships the same way.

The template changed three things:

- **One way in.** Every model has the same layout.
- **Canaries by default.** A failing canary rolls itself back.
- **Reviews move left.** Security reviews the template once.
"""


def what_we_did(tmp_path: Path, approach: str) -> str:
    """The one-pager's "What we did" section as `kit build` writes it."""
    story = write_story(tmp_path, "story.md", MINIMAL_STORY + approach)
    code, out, err = kit_cli("build", story, "--out", tmp_path / "out", "--kind", "onepager")
    assert code == 0, out + err
    text = (tmp_path / "out" / "story" / "onepager.md").read_text(encoding="utf-8")
    return re.search(r"^## What we did\n\n(.*?)\n## ", text, re.DOTALL | re.MULTILINE).group(1)  # type: ignore[union-attr]


def test_a_list_stays_with_the_later_paragraph_that_leads_into_it(tmp_path: Path) -> None:
    section = what_we_did(tmp_path, APPROACH)
    assert section == (
        "We rebuilt the release pipeline around one template repository.\n\n"
        "The template changed three things:\n\n"
        "- **One way in.** Every model has the same layout.\n"
        "- **Canaries by default.** A failing canary rolls itself back.\n"
        "- **Reviews move left.** Security reviews the template once.\n"
    )


def test_a_list_the_first_paragraph_leads_into_is_printed_under_it_alone(tmp_path: Path) -> None:
    approach = APPROACH.replace("Every model now ships the same way.\n\nThe template changed three things:",
                                "It changed three things:")  # fmt: skip
    section = what_we_did(tmp_path, approach)
    assert section.startswith("We rebuilt the release pipeline around one template repository.\n\n- **One way in.**")


def test_each_of_two_lists_keeps_its_own_lead_in(tmp_path: Path) -> None:
    approach = APPROACH + "\nThen we moved every team onto it:\n\n- **Migrate.** Old pipelines were retired.\n"
    section = what_we_did(tmp_path, approach)
    assert "The template changed three things:\n\n- **One way in.**" in section
    assert "Security reviews the template once.\n\nThen we moved every team onto it:\n\n- **Migrate.**" in section
