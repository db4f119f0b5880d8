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


def hugo_site(root: Path, posts: Path) -> Path:
    """A fresh Hugo site with kit's output copied into content/posts, as the README says: no renaming."""
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "http://localhost/"\ntitle = "kit test"\n')
    for name, text in LAYOUTS.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    shutil.copytree(posts, site / "content" / "posts")
    return site


def run_hugo(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HUGO or "hugo", "--source", str(site), "--destination", str(site / "public"), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_examples_build_in_hugo_and_stay_drafts(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    code, _, err = kit_cli("build", EXAMPLES / "stories", "--kind", "blog", "--site", "hugo", "--out", posts,
                           "--workspace", tmp_path)  # fmt: skip
    assert code == 0, err
    bundles = sorted(p.parent for p in posts.glob("*/index.md"))
    assert bundles and all(sorted(f.name for f in b.iterdir()) == ["blog-chart.svg", "index.md"] for b in bundles)
    site = hugo_site(tmp_path, posts)
    published = run_hugo(site)
    assert published.returncode == 0, published.stderr
    assert not list((site / "public").rglob("posts/*/*")), "drafts (and their charts) must not publish"

    shutil.rmtree(site / "public")
    with_drafts = run_hugo(site, "--buildDrafts")
    assert with_drafts.returncode == 0, with_drafts.stderr
    pages = sorted((site / "public").glob("posts/*/index.html"))
    assert len(pages) == len(bundles)
    for page in pages:
        html = page.read_text()
        assert "<table>" in html and 'src="blog-chart.svg"' in html
        assert (page.parent / "blog-chart.svg").is_file()

    # Approving and publishing one post publishes that post only.
    first = sorted((site / "content" / "posts").iterdir())[0] / "index.md"
    assert kit_cli("approve", first).code == 0
    assert kit_cli("publish", first).code == 0
    assert "draft: false" in first.read_text()
    shutil.rmtree(site / "public")
    assert run_hugo(site).returncode == 0
    assert len(list((site / "public").glob("posts/*/index.html"))) == 1


def test_hugo_list_pages_show_the_lede_only(tmp_path: Path) -> None:
    """Hugo reads `<!--more-->` written exactly: with `<!-- more -->` its summaries ran on into the
    results table and stopped mid-number on every list page and feed."""
    posts = tmp_path / "posts"
    story = EXAMPLES / "stories" / "gpu-training-spend.md"
    assert kit_cli("build", story, "--kind", "blog", "--site", "hugo", "--out", posts).code == 0
    [post] = posts.glob("*/index.md")
    assert "\n<!--more-->\n" in post.read_text(encoding="utf-8")
    site = hugo_site(tmp_path, posts)
    (site / "layouts/_default/list.html").write_text(
        "{{ range .Pages }}<section>{{ .Summary }}</section>{{ if .Truncated }}<a>more</a>{{ end }}{{ end }}"
    )
    built = run_hugo(site, "--buildDrafts")
    assert built.returncode == 0, built.stderr
    listing = (site / "public" / "posts" / "index.html").read_text(encoding="utf-8")
    assert "<a>more</a>" in listing, "Hugo found the divider"
    assert "from $210k to $128k" in listing and "<table>" not in listing and "Background" not in listing
