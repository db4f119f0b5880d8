"""6. `kit build` into a Jekyll or MkDocs site names each folder it wrote to once, for what it holds.

It said "wrote jsite/_posts/… (and its preview files in jsite/assets/kit/) (and its preview files in
drafts/…)": the chart the site publishes is no preview, and the note said it twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import MINIMAL_STORY, kit_cli, write_story

SITES = {
    "jekyll": ("_config.yml", "title: x\n",
               "wrote site/_posts/2026-09-30-s.md (and its chart in site/assets/kit/, its preview files in "
               "drafts/s/)\n"),
    "mkdocs": ("mkdocs.yml", "site_name: x\nplugins:\n  - blog\n",
               "wrote site/docs/blog/posts/s.md (and .authors.yml in site/docs/blog/, its preview files in "
               "drafts/s/)\n"),
    "hugo": ("hugo.toml", 'baseURL = "http://localhost/"\n',
             "wrote site/content/posts/s/index.md (and its preview files in drafts/s/)\n"),
}  # fmt: skip


@pytest.mark.parametrize("site", sorted(SITES))
def test_each_folder_is_named_once_for_what_it_holds(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker, text, said = SITES[site]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / marker).write_text(text, encoding="utf-8")
    story = write_story(tmp_path, "s.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", story, "--kind", "blog", "--out", "site")
    assert code == 0, err
    assert out == said
