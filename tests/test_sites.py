"""Blog posts built straight into real sites: Hugo, Jekyll, MkDocs Material and Astro.

For each generator: `kit build STORY --out SITE_ROOT`, build the site (the draft is absent),
`kit approve` then `kit publish`, build again (the post is there with its title, date, results
table and a chart that resolves to a real file). Each client is installed by `.ci/run`; a test
whose client is absent is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.sites import site_at
from tests.support import EXAMPLES, REPO, kit_cli

HOW = pytest.mark.parametrize("how", ["root", "copy"])

STORY = "model-deployment-lead-time"
TITLE = "From six weeks to two days: rebuilding model deployment at Northwind"
ASTRO = Path(os.environ.get("KIT_ASTRO_DIR", REPO / ".ci" / "cache" / "astro"))
MKDOCS = Path(sys.executable).parent / "mkdocs"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "NO_MKDOCS_2_WARNING": "1", "JEKYLL_ENV": "production"}
    started = time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    print(f"{args[0]} took {time.monotonic() - started:.1f}s")  # shown with -rP: each client's time
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    shutil.copy(EXAMPLES / "stories" / f"{STORY}.md", folder / f"{STORY}.md")
    return folder


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def build_approve_publish(tmp_path: Path, site: Path, build_site: object, page: str, how: str) -> str:
    """The whole flow against one site; returns the published page's HTML.

    `how` is "root" (`kit build --out SITE_ROOT`) or "copy" (`kit build --site S --out DIR`, then
    DIR copied into the site's posts folder, as the README says).
    """
    assert callable(build_site)
    if how == "root":
        code, out, err = kit_cli("build", stories(tmp_path), "--kind", "blog", "--out", site)
    else:
        found = site_at(site)
        assert found is not None
        folder = tmp_path / "out"
        code, out, err = kit_cli("build", stories(tmp_path), "--kind", "blog", "--site", found.name, "--out", folder)
        shutil.copytree(folder, site / found.content_dir, dirs_exist_ok=True)
    assert code == 0, out + err
    build_site()
    assert not (site / page).exists(), f"the draft was published: {page}"
    code, out, err = kit_cli("publish", site)
    assert code == 1 and "not approved" in err, out + err  # approval comes first
    code, out, err = kit_cli("approve", site)
    assert code == 0, out + err
    assert not (site / page).exists()
    code, out, err = kit_cli("publish", site)
    assert code == 0 and out.startswith("published "), out + err
    build_site()
    html = (site / page).read_text(encoding="utf-8")
    assert TITLE.split(":")[0] in html and "<table" in html
    assert "2026-02-18" in html or "February 18, 2026" in html or "Feb 18, 2026" in html
    return html


def chart_resolves(html: str, page: Path, root: Path) -> Path:
    """The chart's <img src> on the page is a real file in the built site."""
    srcs = [s for s in re.findall(r'<img[^>]*?src="([^"]+)"', html) if "chart" in s]
    assert srcs, "no chart on the page"
    src = srcs[-1].split("?")[0]
    target = (root / src.lstrip("/")) if src.startswith("/") else (page.parent / src)
    assert target.resolve().is_file(), f"the chart {src} is not a file in the built site"
    return target


# ---- Hugo: a page bundle in content/posts -------------------------------------------------------

HUGO = shutil.which("hugo")


@pytest.mark.skipif(HUGO is None, reason="hugo is not installed (apt-get install hugo)")
@HOW
def test_hugo_site_root(tmp_path: Path, how: str) -> None:
    site = write_tree(tmp_path / "site", {
        "hugo.toml": 'baseURL = "http://localhost/"\ntitle = "kit test"\n',
        "layouts/_default/single.html": "<article><h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}"
                                        "</time>{{ .Content }}</article>",
        "layouts/_default/list.html": "<ul>{{ range .Pages }}<li>{{ .Title }}: {{ .Summary }}</li>{{ end }}</ul>",
        "layouts/index.html": "<ul>{{ range .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ul>",
    })  # fmt: skip

    def build() -> None:
        shutil.rmtree(site / "public", ignore_errors=True)
        run([HUGO or "hugo", "--source", str(site), "--destination", str(site / "public")], site)
        published = "draft: false" in (site / "content" / "posts" / STORY / "index.md").read_text()
        assert published or not list((site / "public").rglob("*.svg")), "a draft's chart was published"

    page = f"public/posts/{STORY}/index.html"
    html = build_approve_publish(tmp_path, site, build, page, how)
    assert (site / "content" / "posts" / STORY / "index.md").is_file()
    chart_resolves(html, site / page, site / "public")
    listing = (site / "public" / "posts" / "index.html").read_text(encoding="utf-8")
    assert "<table" not in listing, "the excerpt stops after the lede"


# ---- Jekyll: _posts/YYYY-MM-DD-slug.md, the chart under assets/ ----------------------------------

JEKYLL = shutil.which("jekyll")


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (apt-get install jekyll)")
@HOW
def test_jekyll_site_root(tmp_path: Path, how: str) -> None:
    site = write_tree(tmp_path / "site", {
        "_config.yml": "title: kit test\n",
        "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
        "_layouts/post.html": '---\nlayout: default\n---\n<article><h1>{{ page.title }}</h1>'
                              '<time>{{ page.date | date: "%Y-%m-%d" }}</time>{{ content }}</article>\n',
        "index.html": "---\nlayout: default\n---\n"
                      "<ul>{% for p in site.posts %}<li>{{ p.title }}</li>{% endfor %}</ul>\n",
    })  # fmt: skip

    def build() -> None:
        run([JEKYLL or "jekyll", "build", "--source", str(site), "--destination", str(site / "_site")], site)
        published = "published: true" in (site / "_posts" / f"2026-02-18-{STORY}.md").read_text()
        assert published or not list((site / "_site").rglob("*.svg")), "a draft's chart was published"

    page = f"_site/2026/02/18/{STORY}.html"
    html = build_approve_publish(tmp_path, site, build, page, how)
    assert (site / "_posts" / f"2026-02-18-{STORY}.md").is_file()
    chart_resolves(html, site / page, site / "_site")


# ---- MkDocs Material: docs/blog/posts, .authors.yml ---------------------------------------------


@pytest.mark.skipif(not MKDOCS.is_file(), reason="mkdocs-material is not installed (pip install -e '.[test]')")
@HOW
def test_mkdocs_material_site_root(tmp_path: Path, how: str) -> None:
    site = write_tree(tmp_path / "site", {
        "mkdocs.yml": "site_name: kit test\nsite_url: http://localhost/\ntheme:\n  name: material\n"
                      "plugins:\n  - blog\n",
        "docs/index.md": "# Home\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/.authors.yml": "authors:\n  someone:\n    name: Someone Else\n    description: Writer\n"
                                  "    avatar: https://example.com/a.png\n",
    })  # fmt: skip

    def build() -> None:
        run([str(MKDOCS), "build", "--strict", "--site-dir", str(site / "site")], site)

    page = f"site/blog/2026/02/18/{STORY}/index.html"
    html = build_approve_publish(tmp_path, site, build, page, how)
    chart_resolves(html, site / page, site / "site")
    authors = (site / "docs" / "blog" / ".authors.yml").read_text(encoding="utf-8")
    assert "priya-raman:" in authors
    assert how == "copy" or "someone:" in authors, "at a site root kit adds its authors and keeps the others"
    assert "Priya Raman" in html
    index = (site / "site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert "<table" not in index, "the index shows the lede only (<!-- more -->)"


# ---- Astro: src/content/blog, a content collection that keeps `draft` ----------------------------

ASTRO_FILES = {
    # Caches inside the site, not in the shared node_modules: test runs at once must not share them.
    "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
    "export default defineConfig({ cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache' } });\n",
    "src/content.config.ts": """\
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: ({ image }) => z.object({
    title: z.string(),
    description: z.string(),
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    heroImage: image().optional(),
    draft: z.boolean().default(false),
    tags: z.array(z.string()).default([]),
    author: z.string().optional(),
  }),
});

export const collections = { blog };
""",
    "src/pages/index.astro": """\
---
import { getCollection } from 'astro:content';
const posts = await getCollection('blog', ({ data }) => !data.draft);
---
<ul>{posts.map((post) => <li><a href={`/blog/${post.id}/`}>{post.data.title}</a></li>)}</ul>
""",
    "src/pages/blog/[...slug].astro": """\
---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const posts = await getCollection('blog', ({ data }) => !data.draft);
  return posts.map((post) => ({ params: { slug: post.id }, props: post }));
}
const post = Astro.props;
const { Content } = await render(post);
---
<html><body><article><h1>{post.data.title}</h1><time>{post.data.pubDate.toISOString().slice(0, 10)}</time>
<Content /></article></body></html>
""",
}


@pytest.mark.skipif(not (ASTRO / "node_modules" / ".bin" / "astro").exists() or shutil.which("node") is None,
                    reason=f"astro is not installed in {ASTRO} (.ci/run installs it; needs node and npm)")  # fmt: skip
@HOW
def test_astro_site_root(tmp_path: Path, how: str) -> None:
    site = write_tree(tmp_path / "site", {"package.json": (ASTRO / "package.json").read_text(), **ASTRO_FILES})
    (site / "node_modules").symlink_to(ASTRO / "node_modules", target_is_directory=True)

    def build() -> None:
        shutil.rmtree(site / "dist", ignore_errors=True)
        run([str(site / "node_modules" / ".bin" / "astro"), "build"], site)

    page = f"dist/blog/{STORY}/index.html"
    html = build_approve_publish(tmp_path, site, build, page, how)
    assert (site / "src" / "content" / "blog" / f"{STORY}.md").is_file()
    chart_resolves(html, site / page, site / "dist")


# ---- the README says how -------------------------------------------------------------------------


def test_readme_has_a_publish_section_per_site_that_names_its_folders() -> None:
    from kit.sites import SITES, Post

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    post = Post(title="T", summary="S", date="2026-02-18", authors=["A"], tags=[], slug="SLUG")
    for site in SITES.values():
        heading = f"### Publish to {site.label}\n"
        assert heading in readme, f"README: no section {heading.strip()}"
        section = readme.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
        assert f"--site {site.name}" in section
        place = site.place(post)
        shown = place.post.replace("SLUG", "<slug>").replace("2026-02-18", "YYYY-MM-DD")
        assert shown.rsplit("/", 1)[-1] in section, f"{site.label}: the section does not name {shown}"
        if site.markers and site.content_dir != ".":
            assert f"{site.content_dir}/" in section, f"{site.label}: the section does not name {site.content_dir}"


# ---- layouts, flags and refusals, without a generator --------------------------------------------


def test_each_layout_is_found_checked_and_kept_when_edited(tmp_path: Path) -> None:
    folder = stories(tmp_path)
    for name in ("hugo", "jekyll", "mkdocs", "astro", "devto"):
        out = tmp_path / name
        assert kit_cli("build", folder, "--kind", "blog", "--site", name, "--out", out).code == 0
        [post] = [p for p in out.rglob("*.md")]
        assert kit_cli("check", out).out == f"{post}: ok\n"  # found by its provenance, not its name
        assert kit_cli("review", out, "--out", tmp_path / f"{name}.html").code == 0
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert ("data:image/svg+xml" in page) == (name != "devto"), f"{name}: the chart is shown in the review"
        post.write_text(post.read_text(encoding="utf-8") + "\nA person's edit.\n", encoding="utf-8")
        code, _, err = kit_cli("build", folder, "--kind", "blog", "--site", name, "--out", out)
        assert code == 0 and f"kept: {post}: it was edited" in err
        assert post.read_text(encoding="utf-8").endswith("A person's edit.\n")


def test_front_matter_as_each_generator_reads_it(tmp_path: Path) -> None:
    import yaml

    folder = stories(tmp_path)
    Path("kit.toml").write_text('[site]\nseries = "Platform wins"\ncover_image = "https://example.com/c.png"\n')
    fronts = {}
    for name in ("mkdocs", "jekyll", "devto"):
        args = ["--base-url", "https://blog.example.com/"] if name == "devto" else []
        assert kit_cli("build", folder, "--kind", "blog", "--site", name, "--out", tmp_path / name, *args).code == 0
        [post] = [p for p in (tmp_path / name).rglob("*.md")]
        fronts[name] = (post, yaml.safe_load(post.read_text(encoding="utf-8").split("---\n")[1]))
    post, front = fronts["mkdocs"]
    assert str(front["date"]) == "2026-02-18" and not isinstance(front["date"], str)  # a YAML date
    assert front["authors"] == ["priya-raman", "tomas-ferreira"] and front["draft"] is True
    assert "<!-- more -->" in post.read_text(encoding="utf-8")
    assert "priya-raman:" in (tmp_path / "mkdocs" / ".authors.yml").read_text(encoding="utf-8")
    post, front = fronts["jekyll"]
    assert post.relative_to(tmp_path / "jekyll").as_posix() == f"_posts/2026-02-18-{STORY}.md"
    assert front["published"] is False and "draft" not in front
    post, front = fronts["devto"]
    assert front["canonical_url"] == f"https://blog.example.com/posts/{STORY}/"  # its Hugo home
    assert front["series"] == "Platform wins" and front["cover_image"] == "https://example.com/c.png"
    assert len(front["tags"].split(", ")) <= 4 and all(len(t) <= 30 for t in front["tags"].split(", "))
    assert ".svg" not in post.read_text(encoding="utf-8")


def test_site_root_and_site_flag_must_agree_and_urls_must_be_absolute(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"mkdocs.yml": "site_name: t\n"})
    code, _, err = kit_cli("build", stories(tmp_path), "--kind", "blog", "--site", "hugo", "--out", site)
    assert (code, err) == (2, f"error: {site} is a MkDocs Material site, not Hugo; drop --site or pass --site mkdocs\n")
    code, _, err = kit_cli("build", tmp_path / "stories", "--kind", "blog", "--base-url", "blog.example.com")
    assert (code, err) == (2, 'error: --base-url "blog.example.com" is not an absolute URL; '
                              "write it as https://blog.example.com\n")  # fmt: skip


MATERIAL = "site_name: t\ntheme:\n  name: material\n"


@pytest.mark.parametrize("plugins", [
    "plugins:\n  - search\n  - blog\n",
    "plugins:\n  - material/blog:\n      draft: false\n",
    "plugins:\n  blog: {}\n",
    "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    "plugins:\n  - blog\ncopyright: !ENV [COPYRIGHT, none]\n",
])  # fmt: skip
def test_a_mkdocs_root_with_the_blog_plugin_gets_the_post(tmp_path: Path, plugins: str) -> None:
    site = write_tree(tmp_path / "site", {"mkdocs.yml": MATERIAL + plugins})
    code, out, err = kit_cli("build", stories(tmp_path), "--kind", "blog", "--out", site)
    assert code == 0, out + err
    assert (site / "docs" / "blog" / "posts" / f"{STORY}.md").is_file()


@pytest.mark.parametrize("plugins", ["", "plugins:\n  - search\n"])
def test_a_mkdocs_root_without_the_blog_plugin_is_refused(tmp_path: Path, plugins: str) -> None:
    """Without Material's blog plugin MkDocs builds docs/blog/posts as plain pages: `draft: true` is
    not read, and kit's unapproved post would be on the site at its next build."""
    site = write_tree(tmp_path / "site", {"mkdocs.yml": MATERIAL + plugins})
    code, _, err = kit_cli("build", stories(tmp_path), "--kind", "blog", "--out", site)
    assert (code, err) == (2, f"error: {site / 'mkdocs.yml'} has no blog plugin, so MkDocs would publish kit's "
                              "posts at once, drafts and all; add it (plugins: [blog], MkDocs Material's), or "
                              "build into a folder of its own (--site mkdocs --out DIR)\n")  # fmt: skip
    assert sorted(p.name for p in site.rglob("*")) == ["mkdocs.yml"]


def test_a_root_of_two_generators_needs_site_to_say_which(tmp_path: Path) -> None:
    folder = stories(tmp_path)
    site = write_tree(tmp_path / "site", {"hugo.toml": 'title = "t"\n', "_config.yml": "title: t\n"})
    code, _, err = kit_cli("build", folder, "--kind", "blog", "--out", site)
    assert (code, err) == (2, f"error: {site} has the config files of Jekyll (_config.yml) and Hugo (hugo.toml); "
                              "pass --site jekyll or --site hugo to say which it is\n")  # fmt: skip
    assert sorted(p.name for p in site.rglob("*")) == ["_config.yml", "hugo.toml"]
    code, out, err = kit_cli("build", folder, "--kind", "blog", "--out", site, "--site", "hugo")
    assert code == 0, out + err
    assert (site / "content" / "posts" / STORY / "index.md").is_file()
    other = write_tree(tmp_path / "other", {"config.toml": "[tool]\n", "_config.yml": "title: t\n"})
    code, out, err = kit_cli("build", folder, "--kind", "blog", "--out", other)
    assert code == 0, out + err  # Hugo's old config.toml is any tool's name: beside _config.yml, this is Jekyll
    assert (other / "_posts" / f"2026-02-18-{STORY}.md").is_file()


def test_publish_refuses_what_is_not_approved_or_fails_its_checks(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    assert kit_cli("build", stories(tmp_path), "--kind", "blog,talk", "--site", "hugo", "--out", out).code == 0
    post = out / STORY / "index.md"
    assert kit_cli("approve", post).code == 0
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("21× faster", "35× faster", 1), encoding="utf-8")
    code, _, err = kit_cli("publish", post)
    assert code == 1 and "it was edited since it was approved" in err
    assert kit_cli("approve", post).code == 1  # the edit fails its checks
    talk = Path("drafts") / STORY / "talk.md"
    code, _, err = kit_cli("publish", talk, post, "--force")  # a file named that is no post: bad input
    assert (code, err) == (2, f"error: {talk}: not a blog post written for a site (kit build --site S)\n")
    assert "draft: true" in post.read_text(encoding="utf-8")  # and nothing is published
    code, out_text, _ = kit_cli("publish", post, "--force")
    assert code == 0 and "draft: false" in post.read_text(encoding="utf-8")
    code, out_text, _ = kit_cli("publish", post)  # again: nothing to do, and nothing wrong
    assert code == 0 and out_text == f"{post}: already published\n"


def test_publishing_a_folder_publishes_its_posts_and_leaves_the_other_kinds_be(tmp_path: Path) -> None:
    """A drafts folder holds talks and one-pagers beside the post: they are not posts to refuse, one
    line each and exit 1 on every run; they are left as they are."""
    out = tmp_path / "posts"
    assert kit_cli("build", stories(tmp_path), "--kind", "blog,talk", "--site", "hugo", "--out", out).code == 0
    post = out / STORY / "index.md"
    assert kit_cli("approve", post).code == 0
    for folder in (out, tmp_path):  # the site's posts, then everything: posts, talks and stories
        code, printed, err = kit_cli("publish", folder)
        assert (code, err) == (0, ""), err
    assert "draft: false" in post.read_text(encoding="utf-8")
    code, _, err = kit_cli("publish", Path("drafts") / STORY)
    assert (code, err) == (2, f"error: no blog posts in drafts/{STORY}: kit publish flips a post's draft flag "
                              "(kit build --kind blog writes one)\n")  # fmt: skip


def test_approve_and_publish_say_what_they_did_as_json(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    assert kit_cli("build", stories(tmp_path), "--kind", "blog,talk", "--site", "hugo", "--out", out).code == 0
    post = out / STORY / "index.md"
    code, printed, _ = kit_cli("publish", post, "--json")
    assert code == 1
    assert json.loads(printed) == {"ok": False, "drafts": [{"path": str(post), "done": False, "reason": (
        f"it is draft, not approved (kit approve {post} after reading it); --force publishes anyway")}]}  # fmt: skip
    code, printed, _ = kit_cli("approve", post, "--json")
    assert (code, json.loads(printed)) == (0, {"ok": True, "drafts": [{"path": str(post), "done": True, "reason": ""}]})
    code, printed, _ = kit_cli("publish", post, "--json")
    assert (code, json.loads(printed)) == (0, {"ok": True, "drafts": [{"path": str(post), "done": True, "reason": ""}]})
    talk = Path("drafts") / STORY / "talk.md"
    code, printed, _ = kit_cli("publish", talk, "--json")
    assert code == 2
    assert json.loads(printed) == {"ok": False, "problems": [{
        "path": str(talk), "line": None, "field": None,
        "message": "not a blog post written for a site (kit build --site S)"}]}  # fmt: skip


def test_a_site_root_gets_the_post_only_and_the_other_kinds_go_to_the_drafts_folder(tmp_path: Path) -> None:
    Path("kit.toml").write_text('[build]\nout = "built"\n', encoding="utf-8")
    site = write_tree(tmp_path / "site", {"hugo.toml": 'title = "t"\n'})
    code, out, err = kit_cli("build", stories(tmp_path), "--out", site)
    assert code == 0, out + err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        f"content/posts/{STORY}/blog-chart.svg",
        f"content/posts/{STORY}/index.md",
        "hugo.toml",
    ]  # nothing internal (the one-pager) lands in a public site
    assert {p.name for p in (Path("built") / STORY).iterdir()} >= {"blog.html", "onepager.md", "talk.md"}


def test_drafts_are_never_written_where_the_site_would_publish_them(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "title: t\n", "kit.toml": '[build]\nout = "drafts"\n'})
    code, _, err = kit_cli("build", stories(tmp_path), "--out", site, "--workspace", site)
    assert code == 2 and err == (
        f"error: the drafts folder {site / 'drafts'} is inside the Jekyll site at {site}, which would publish "
        "the other kinds' drafts; set [build] out to a folder outside it\n"
    )
    assert not (site / "_posts").exists()


def test_author_keys_never_merge_two_people() -> None:
    from kit.sites import author_id

    names = ["Priya Raman", "José Núñez", "李雷", "韩梅梅", "Jürg Müller"]
    assert [author_id(n) for n in names] == ["priya-raman", "jose-nunez", "李雷", "韩梅梅", "jurg-muller"]
    assert len({author_id(n) for n in names}) == len(names)


def test_devto_tags_keep_accented_letters_and_name_languages_as_devto_does() -> None:
    """ "Ünïcödé" was "ncd" and "c++" was "c": dev.to's tags are plain letters and digits."""
    from kit.sites import devto_tags

    assert devto_tags(["Ünïcödé", "c++", "C#", "MLOps", "machine learning"]) == ["unicode", "cpp", "csharp", "mlops"]
