"""What rendering shares and skips to be cheaper (issue #13) gives what the plain way gives."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kit.facts import derive
from kit.kinds.paper import FIGURE_ROW, page_height
from kit.load import load_story
from kit.markdown import markdown_html
from kit.render import _sandbox, blocks_of, markdown_cell, markdown_safe
from kit.views import context, make_view, view_of

STORY = Path(__file__).resolve().parent.parent / "examples" / "stories" / "model-deployment-lead-time.md"


def jinja_and_kit(source: str, data: dict[str, object]) -> tuple[str, str]:
    """A template rendered by Jinja2's own immutable sandbox and by kit's."""
    plain = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined).from_string(source)
    ours = _sandbox()(undefined=jinja2.StrictUndefined).from_string(source)
    return plain.render(data), ours.render(data)


@pytest.mark.parametrize(
    "source",
    [
        "{{ m.name }} {{ m.items }}",  # a key, and a dict method a template may call
        "{{ m.keys | default('none') }}",  # a key named like a dict method: the method wins, as in Jinja2
        "{% for k, v in m.items() %}{{ k }}={{ v }};{% endfor %}",
        "{{ m.copy }}",
    ],
)
def test_sandbox_reads_dicts_as_jinja2_does(source: str) -> None:
    plain, ours = jinja_and_kit(source, {"m": {"name": "Lead time", "keys": "k", "copy": "c"}})
    assert ours == plain


def test_sandbox_still_names_a_missing_key_and_refuses_unsafe_attributes() -> None:
    for source in ("{{ m.nothing }}", "{{ m.__class__ }}"):
        errors = []
        for env in (ImmutableSandboxedEnvironment, _sandbox()):
            with pytest.raises(jinja2.TemplateError) as raised:
                env(undefined=jinja2.StrictUndefined).from_string(source).render({"m": {"name": "x"}})
            errors.append((type(raised.value), str(raised.value)))
        assert errors[0] == errors[1]


def test_cached_filters_key_by_the_text() -> None:
    # True and 1 are equal dictionary keys; the text each stands for is not.
    assert (markdown_safe(1), markdown_safe(True)) == ("1", "True")
    assert (markdown_cell(1), markdown_cell(True)) == ("1", "True")
    assert markdown_safe("a <b> {{ c }}") == "a &lt;b> {\u200b{ c }}"
    assert markdown_cell("a | b\nc") == "a \\| b c"


def test_a_views_context_is_made_once_and_each_caller_gets_its_own_dict() -> None:
    view = make_view(load_story(STORY), "internal")
    first, second = context(view), context(view)
    assert first == second and first is not second
    assert first["metrics"] is second["metrics"]
    first["outline"] = []
    assert "outline" not in context(view)
    assert first["headline"] in first["metrics"]


def test_views_share_their_metrics_facts_and_add_up_as_derive_does() -> None:
    story = load_story(STORY)
    public, internal = view_of(story, "public"), view_of(story, "internal")
    assert all(any(f is g for g in internal.facts.metrics) for f in public.facts.metrics)
    assert internal.facts == derive(story.meta.metrics, story.meta.investment)


def test_a_template_of_blocks_alone_renders_its_blocks_as_a_full_run_would() -> None:
    loader = jinja2.DictLoader(
        {
            "blocks.j2": "{# fields #}\n{% block a %}A {{ x }}{% endblock %}\n{% block b %}B{% endblock %}\n",
            "setup.j2": "{% set y = x * 2 %}{% block a %}A {{ y }}{% endblock %}",
            "child.j2": '{% extends "blocks.j2" %}{% block b %}child {{ super() }}{% endblock %}',
        }
    )
    env = _sandbox()(loader=loader, undefined=jinja2.StrictUndefined)
    assert blocks_of(env.get_template("blocks.j2"), {"x": 1}) == {"a": "A 1", "b": "B"}
    assert blocks_of(env.get_template("setup.j2"), {"x": 2}) == {"a": "A 4"}  # its top level still runs
    assert blocks_of(env.get_template("child.j2"), {"x": 3}) == {"b": "child B", "a": "A 3"}


def test_page_height_with_a_chart_adds_the_chart_to_the_texts_height() -> None:
    text = "# Title\n\nA paragraph of words.\n\n| Metric | Before |\n|---|---|\n| Lead time | 6 weeks |\n"
    chart = 40 + FIGURE_ROW * 3
    assert abs(page_height(text, chart=True, metrics=3) - chart - page_height(text)) < 1  # each rounded up


@pytest.mark.parametrize(
    "text",
    [
        "<div>raw</div>\n\n<!-- c -->\n\nText <span>inline</span> and <http://example.com>.",
        "- <b>item</b>\n- `<code>`\n\n> <script>alert(1)</script>\n\n<?php x ?>\n",
        "| a | <i>b</i> |\n|---|---|\n| <br/> | x |\n",
    ],
)
def test_the_parser_without_raw_html_rules_renders_as_commonmark_with_html_off(text: str) -> None:
    from markdown_it import MarkdownIt

    plain = MarkdownIt("commonmark", {"html": False}).enable("table")
    assert str(markdown_html(text)) == plain.render(text)
