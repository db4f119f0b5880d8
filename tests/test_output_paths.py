"""Outputs kit cannot write where it was asked: one clear line per thing in the way, exit 2,
and nothing written, never a traceback (a file where a folder must go, a folder where a file must)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kit.errors import OutputError
from kit.write import atomic_write, unwritable
from tests.support import EXAMPLES, MINIMAL_STORY, kit_cli, write_story

STORIES = EXAMPLES / "stories"
ONE = STORIES / "model-deployment-lead-time.md"


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_build_into_a_file_says_so_once_and_writes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("mine")
    code, _, err = kit_cli("build", ONE, "--out", blocker)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {blocker}: is not a folder, so kit cannot write {blocker}/")
    assert "move it or write elsewhere" in lines[0]
    assert blocker.read_text() == "mine"


def test_a_file_where_one_storys_folder_goes_stops_the_whole_build_before_any_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "model-deployment-lead-time").write_text("in the way")
    code, _, err = kit_cli("build", STORIES, "--out", out)
    assert code == 2
    assert f"{out / 'model-deployment-lead-time'}: is not a folder" in err
    assert "Traceback" not in err
    assert files_under(out) == [out / "model-deployment-lead-time"]  # the other stories' drafts were not written


def test_newsletter_review_new_and_init_refuse_a_file_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("mine")
    drafts = tmp_path / "drafts"
    assert kit_cli("build", ONE, "--kind", "blog", "--out", drafts)[0] == 0
    runs = {
        "newsletter": ("newsletter", STORIES, "--out", blocker),
        "review into a file's folder": ("review", drafts, "--out", blocker / "review.html"),
        "new": ("new", "--title", "Faster deploys", "--team", "T", "--author", "A", "--role", "R",
                "--metric", "Lead time", "--before", "6 weeks", "--after", "2 days", "--better", "lower",
                "-o", blocker / "story.md"),
        "init": ("init", blocker),
    }  # fmt: skip
    for name, args in runs.items():
        code, _, err = kit_cli(*args)
        assert code == 2, name
        assert f"{blocker}: is not a folder, so kit cannot write" in err, name
        assert len(err.strip().splitlines()) == 1, (name, err)
    assert blocker.read_text() == "mine"
    code, _, err = kit_cli("review", drafts, "--out", drafts)
    assert code == 2
    assert err.strip() == f"error: {drafts}: is a folder, where kit must write a file; move it or write elsewhere"


def test_unwritable_names_each_thing_in_the_way_once(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    (tmp_path / "d").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    paths = [tmp_path / "f" / "a.md", tmp_path / "f" / "b" / "c.md", tmp_path / "d", tmp_path / "link" / "x.md",
             tmp_path / "new" / "deep" / "ok.md", tmp_path / "d" / "ok.md"]  # fmt: skip
    problems = unwritable(paths, [tmp_path / "f" / "folder"])
    assert [(str(p.path), p.message.split(",")[0]) for p in problems] == [
        (str(tmp_path / "d"), "is a folder"),
        (str(tmp_path / "f"), "is not a folder"),
        (str(tmp_path / "link"), "is not a folder"),  # a dangling link is in the way too
    ]
    assert f"cannot write {tmp_path / 'f' / 'a.md'} and 2 more inside it" in problems[1].message
    assert unwritable([tmp_path / "new" / "x.md", Path("relative.md")]) == []


def test_a_refused_write_is_one_line_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("kit.write.os.open", refuse)
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "x.md", "text")
    assert caught.value.lines() == [f"{tmp_path / 'x.md'}: cannot write it: Permission denied"]
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out")
    assert code == 2
    assert err.strip().startswith("error: ") and "cannot be written in (Permission denied)" in err  # asked first
    assert "Traceback" not in err


def test_a_post_built_into_a_site_names_where_its_preview_went(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A post placed in a site leaves its HTML preview and chart in the drafts folder: kit listed only the
    post, and a drafts/ folder nobody named appeared in the current directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "hugo.toml").write_text('baseURL = "http://localhost/"\n')
    story = write_story(tmp_path, "s.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", story, "--kind", "blog", "--out", "site")
    assert code == 0, err
    assert out == "wrote site/content/posts/s/index.md (and its preview files in drafts/s/)\n"
    assert sorted(p.name for p in (tmp_path / "drafts" / "s").iterdir()) == ["blog-chart.svg", "blog.html"]


def test_a_folder_that_refuses_files_stops_the_build_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only (or immutable) story folder failed the build at its turn, after the other stories'
    files were written; the build now asks each folder first and writes nothing."""
    import kit.write

    out = tmp_path / "out"
    (out / "zz").mkdir(parents=True)
    real_open = os.open

    def read_only_zz(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == out / "zz" and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(kit.write.os, "open", read_only_zz)
    first = write_story(tmp_path, "aa.md", MINIMAL_STORY)
    second = write_story(tmp_path, "zz.md", MINIMAL_STORY.replace("title: Model deploys", "title: More deploys"))
    code, _, err = kit_cli("build", first, second, "--out", out)
    assert code == 2
    assert f"{out / 'zz'}: cannot be written in (Permission denied)" in err
    assert files_under(out) == [], "nothing is written when one file cannot be"


def test_a_folder_where_a_draft_must_go_is_refused_not_kept(tmp_path: Path) -> None:
    """A folder named blog.md was "kept: it was edited since kit wrote it", and the other drafts written."""
    out = tmp_path / "out"
    (out / "s" / "blog.md").mkdir(parents=True)
    story = write_story(tmp_path, "s.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", story, "--out", out)
    assert code == 2 and "is a folder, where kit must write a file" in err and "kept" not in err
    assert files_under(out) == []
