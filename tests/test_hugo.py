"""Blog drafts drop into a real Hugo site and stay unpublished until `draft` is flipped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import EXAMPLES, kit_cli

HUGO = shutil.which("hugo")
pytestmark = pytest.mark.skipif(HUGO is None, reason="hugo is not installed (apt-get install hugo)")

LAYOUTS = {
    "layouts/_default/single.html": "<article><h1>{{ .Title }}</h1>{{ .Content }}</article>",
    "layouts/_default/list.html": "<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>",
    "layouts/index.html": "<ul>{{ range .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ul>",
}


def hugo_site(root: Path, drafts: Path) -> Path:
    site = root / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "http://localhost/"\ntitle = "kit test"\n')
    for name, text in LAYOUTS.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    for story in sorted(drafts.iterdir()):
        if (story / "blog.md").is_file():
            bundle = site / "content" / "posts" / story.name  # a page bundle: the chart sits beside it
            bundle.mkdir()
            shutil.copy(story / "blog.md", bundle / "index.md")
            shutil.copy(story / "blog-chart.svg", bundle / "blog-chart.svg")
    return site


def run_hugo(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HUGO or "hugo", "--source", str(site), "--destination", str(site / "public"), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_examples_build_in_hugo_and_stay_drafts(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    code, _, err = kit_cli("build", EXAMPLES / "stories", "--kind", "blog", "--out", drafts)
    assert code == 0, err
    site = hugo_site(tmp_path, drafts)
    published = run_hugo(site)
    assert published.returncode == 0, published.stderr
    assert not list((site / "public").glob("posts/*/index.html")), "drafts must not publish"

    shutil.rmtree(site / "public")
    with_drafts = run_hugo(site, "--buildDrafts")
    assert with_drafts.returncode == 0, with_drafts.stderr
    pages = sorted((site / "public").glob("posts/*/index.html"))
    assert len(pages) == len([p for p in drafts.iterdir() if (p / "blog.md").is_file()]) > 0
    for page in pages:
        html = page.read_text()
        assert "<table>" in html and 'src="blog-chart.svg"' in html
        assert (page.parent / "blog-chart.svg").is_file()

    # Flipping draft publishes the post.
    first = sorted((site / "content" / "posts").iterdir())[0] / "index.md"
    first.write_text(first.read_text().replace("draft: true", "draft: false", 1))
    shutil.rmtree(site / "public")
    assert run_hugo(site).returncode == 0
    assert len(list((site / "public").glob("posts/*/index.html"))) == 1
