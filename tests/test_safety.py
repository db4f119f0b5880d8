"""Story text is data: template syntax is printed, HTML is inert, paths stay inside."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import MINIMAL_STORY, kit_cli, write_story

HOSTILE = (
    MINIMAL_STORY.replace(
        "title: Model deploys from six weeks to two days",
        "title: \"Deploys {{ 7*7 }} {% for x in range(3) %}loop{% endfor %} <script>alert('t')</script>\"",
    )
    .replace(
        "team: ML Platform",
        'team: "<img src=x onerror=alert(1)>"\nsummary: "{{ config.__class__.__init__.__globals__ }} <iframe src=//evil></iframe>"',  # noqa: E501
    )
    .replace(
        "## Problem\nDeploys took weeks.\n",
        '## Problem\nDeploys took weeks. {{ 6*7 }} {%raw%} {{< param "x" >}}\n\n'
        '<script>alert(1)</script>\n\n<a href="javascript:alert(2)" onclick="alert(3)">x</a>\n\n'
        "[click](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        '<iframe src="https://evil.example"></iframe> <svg onload=alert(5)>\n',
    )
)

LIVE = [
    re.compile(r"<script", re.I),
    re.compile(r"<iframe", re.I),
    re.compile(r"<svg[^>]*onload", re.I),
    re.compile(r"<[a-z][^>]*\son\w+\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*[\"']?\s*(javascript|data):", re.I),
]


def test_hostile_story_comes_out_inert(tmp_path: Path) -> None:
    story = write_story(tmp_path, "hostile.md", HOSTILE)
    out = tmp_path / "d"
    code, _, err = kit_cli("build", story, "--out", out)
    assert code in (0, 1), err
    texts = {p.name: p.read_text() for p in (out / "hostile").iterdir()}
    for name, text in texts.items():
        assert "Deploys 49" not in text and "weeks. 42" not in text, name  # never evaluated
        assert "looplooploop" not in text and "<function" not in text
        if name.endswith((".html", ".svg")):
            for pattern in LIVE:
                assert not pattern.search(text), (name, pattern.pattern)
    blog_md = texts["blog.md"]
    assert "7*7" in blog_md  # printed
    assert "<script" not in blog_md and "<iframe" not in blog_md and "](javascript:" not in blog_md
    assert "{{<" not in blog_md  # a Hugo shortcode cannot run
    assert "{%" not in blog_md.split("---", 2)[2]  # nor Jekyll's Liquid


def test_story_named_to_escape_gets_a_safe_slug(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    write_story(folder, "x..%2F..%2Fetc passwd.md", MINIMAL_STORY)
    out = tmp_path / "d"
    code, _, err = kit_cli("build", folder, "--out", out, "--kind", "onepager")
    assert code == 0, err
    assert [p.name for p in out.iterdir()] == ["x-2f-2fetc-passwd"]
