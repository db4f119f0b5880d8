"""docs/templates.md lists exactly the variables and filters templates receive."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

from kit.load import load_story
from kit.render import environment
from kit.views import context, make_view
from tests.support import EXAMPLES, REPO, kit_cli

DOC = REPO / "docs" / "templates.md"
STORY = EXAMPLES / "stories" / "model-deployment-lead-time.md"


def documented() -> dict[str, set[str]]:
    """The names in the first column of each table, by the heading the table sits under."""
    tables: dict[str, set[str]] = {}
    heading = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and not re.match(r"^\|[-| :]+\|$", line):
            first = re.split(r"(?<!\\)\|", line)[1]  # header rows name nothing in backticks
            tables.setdefault(heading, set()).update(re.findall(r"`([^`]+)`", first))
    return tables


def table(starts: str) -> set[str]:
    """The names of the one table whose heading starts with `starts`."""
    found = [names for heading, names in documented().items() if heading.startswith(starts)]
    assert len(found) == 1, f"docs/templates.md has {len(found)} headings starting {starts!r}"
    return found[0]


@pytest.fixture(scope="module")
def ctx() -> dict[str, Any]:
    return context(make_view(load_story(STORY), "internal"))


def test_every_top_level_variable_is_documented_and_no_other(ctx: dict[str, Any]) -> None:
    doc = table("Top level")
    assert sorted(set(ctx) - doc) == [], "in context() but not in docs/templates.md"
    assert sorted(doc - set(ctx)) == [], "in docs/templates.md but no longer in context()"


@pytest.mark.parametrize(
    ("heading", "sample"),
    [
        ("A metric", lambda c: c["metrics"][0]),
        ("A metric", lambda c: c["headline"]),
        ("An author", lambda c: c["authors"][0]),
        ("A link", lambda c: c["links"][0]),
        ("A link", lambda c: c["authors"][0]["links"][0]),
        ("A quote", lambda c: c["quotes"][0]),
        ("A section", lambda c: c["sections"]["results"]),
        ("A section", lambda c: c["other_sections"][0]),
        ("`investment`", lambda c: c["investment"]),
        ("`totals`", lambda c: c["totals"]),
        ("`talk`", lambda c: c["talk"]),
        ("`timeline`", lambda c: c["timeline"]),
    ],
)
def test_every_key_of_each_nested_value_is_documented(ctx: dict[str, Any], heading: str, sample: Any) -> None:
    value = sample(ctx)
    doc = table(heading)
    assert sorted(set(value) - doc) == [], f"keys missing under {heading}"
    assert sorted(doc - set(value)) == [], f"keys documented under {heading} that context() lacks"


def test_every_variable_a_kind_adds_is_documented(
    ctx: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, set[str]] = {}
    new_context = jinja2.Template.new_context

    def recording(self: jinja2.Template, vars: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.setdefault(str(self.name), set()).update(vars or {})
        return new_context(self, vars, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "new_context", recording)
    code, _, err = kit_cli("build", STORY, "--out", tmp_path / "drafts")
    assert code == 0, err
    for kind in ("blog", "talk", "onepager", "social"):
        names = [name for name in seen if name.startswith(f"{kind}.")]
        assert names, f"no {kind} template was rendered"
        added = set().union(*(seen[name] for name in names)) - set(ctx)
        assert sorted(added ^ table(f"{kind}:")) == [], f"the {kind} kind's own variables differ from the doc"


def test_every_filter_kit_adds_is_documented() -> None:
    added = set(environment().filters) - set(jinja2.filters.FILTERS)
    doc = table("Filters")
    assert sorted(added ^ doc) == []
