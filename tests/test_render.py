"""Rendering: a workspace template that extends a built-in keeps the built-in's other blocks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import MINIMAL_STORY, kit_cli, write_story


def build(root: Path, kind: str, overrides: dict[str, str]) -> Path:
    """A workspace with the minimal story and template overrides, built with `kit build`."""
    write_story(root, "kit.toml", "")
    write_story(root / "stories", "deploys.md", MINIMAL_STORY)
    for name, text in overrides.items():
        write_story(root / "templates", name, text)
    code, _, err = kit_cli("build", root / "stories", "--kind", kind, "-w", root)
    assert code == 0, err
    return root / "drafts" / "deploys"


def test_talk_fields_override_one_block_and_inherit_the_rest(tmp_path: Path) -> None:
    builtin = json.loads((build(tmp_path / "plain", "talk", {}) / "talk.json").read_text(encoding="utf-8"))
    override = '{% extends "builtin:talk.fields.j2" %}{% block title %}My title{% endblock %}'
    drafts = build(tmp_path / "own", "talk", {"talk.fields.j2": override})

    data = json.loads((drafts / "talk.json").read_text(encoding="utf-8"))
    assert data["title"] == "My title"
    assert data["abstract"] == builtin["abstract"]
    assert data["elevator_pitch"] == builtin["elevator_pitch"]
    assert data["takeaways"] == builtin["takeaways"]
    assert data["reviewer_notes"] == builtin["reviewer_notes"]
    markdown = (drafts / "talk.md").read_text(encoding="utf-8")
    assert "My title" in markdown
    assert builtin["abstract"].split("\n")[0] in markdown


def test_super_reaches_the_built_in_block(tmp_path: Path) -> None:
    builtin = json.loads((build(tmp_path / "plain", "talk", {}) / "talk.json").read_text(encoding="utf-8"))
    override = '{% extends "builtin:talk.fields.j2" %}{% block title %}{{ super() }}: a retrospective{% endblock %}'
    data = json.loads(
        (build(tmp_path / "own", "talk", {"talk.fields.j2": override}) / "talk.json").read_text(encoding="utf-8")
    )
    assert data["title"] == f"{builtin['title']}: a retrospective"
    assert data["abstract"] == builtin["abstract"]


def test_social_fields_override_one_block_and_inherit_the_other(tmp_path: Path) -> None:
    builtin = json.loads((build(tmp_path / "plain", "social", {}) / "social.json").read_text(encoding="utf-8"))
    override = (
        '{% extends "builtin:social.fields.j2" %}'
        "{% block linkedin %}Six weeks to two days: here is how we did it.{% endblock %}"
    )
    drafts = build(tmp_path / "own", "social", {"social.fields.j2": override})

    data = json.loads((drafts / "social.json").read_text(encoding="utf-8"))
    assert data["linkedin"]["text"].startswith("Six weeks to two days: here is how we did it.")
    assert data["linkedin"]["text"] != builtin["linkedin"]["text"]
    assert data["thread"] == builtin["thread"]
    assert data["thread"]
    markdown = (drafts / "social.md").read_text(encoding="utf-8")
    assert "Six weeks to two days: here is how we did it." in markdown
    assert builtin["thread"][0]["text"] in markdown


def test_a_name_runs_on_in_a_sentence_keeping_the_storys_own_capitals(tmp_path: Path) -> None:
    """ "Infra cut heathrow turnaround time", "bigQuery query time", "kubernetes cluster upgrade time" and
    German nouns in lower case misnamed what they named."""
    from kit.render import lower_first

    assert lower_first("BigQuery query time") == "BigQuery query time"  # a capital inside a word: a name
    assert lower_first("Deployment lead time") == "deployment lead time"
    assert lower_first("Heathrow turnaround time", {"Heathrow"}) == "Heathrow turnaround time"
    text = MINIMAL_STORY.replace("name: Deployment lead time", "name: Heathrow turnaround time").replace(
        "Deploys took weeks.", "Turnarounds at Heathrow took weeks.")  # fmt: skip
    text = text.replace("title: Model deploys from six weeks to two days", "title: Faster turnarounds")
    story = write_story(tmp_path, "s.md", text)
    assert kit_cli("build", story, "--kind", "blog,talk", "--out", tmp_path / "out").code == 0
    drafts = [(tmp_path / "out" / "s" / name).read_text(encoding="utf-8") for name in ("blog.md", "talk.md")]
    assert all("heathrow" not in draft for draft in drafts)
    assert "ML Platform cut Heathrow turnaround time" in drafts[0]
    from_tools = MINIMAL_STORY.replace("name: Deployment lead time", "name: Kubernetes upgrade time").replace(
        "visibility: public", "visibility: public\ntools: [Kubernetes]")  # fmt: skip
    story = write_story(tmp_path, "k.md", from_tools)
    assert kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out").code == 0
    assert "kubernetes" not in (tmp_path / "out" / "k" / "blog.md").read_text(encoding="utf-8")


def test_a_name_with_capitals_after_its_first_word_stays_as_written() -> None:
    """ "net Promoter Score", "app Store rating" and "mean Time To Recovery" came of lower-casing one letter."""
    from kit.render import lower_first

    for name in ("Net Promoter Score", "App Store rating", "Mean Time To Recovery"):
        assert lower_first(name) == name
    assert lower_first("Average GPU utilization") == "average GPU utilization"  # an acronym is no name's capital
    assert lower_first("Four engineers from Model Serving") == "four engineers from Model Serving"
