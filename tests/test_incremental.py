"""Incremental builds: a rebuild renders, checks and writes only what changed (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import MINIMAL_STORY, kit_cli, write_story

KIT_TOML = '[build]\ncfp = "generic"\n'


def files(out: Path) -> dict[str, tuple[int, int]]:
    """Every file under out with its inode and mtime: a file kit rewrites (atomically) gets a new inode."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kit.toml").write_text(KIT_TOML, encoding="utf-8")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    write_story(tmp_path / "stories", "training.md", MINIMAL_STORY.replace("six weeks", "six months"))
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert "unchanged" not in err
    return tmp_path


def test_a_rebuild_with_nothing_changed_writes_nothing(workspace: Path) -> None:
    before = files(workspace / "out")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert out == ""
    assert err.strip() == "8 unchanged, 0 rebuilt"
    assert rewritten(before, files(workspace / "out")) == set()


def test_json_says_what_was_left_unchanged(workspace: Path) -> None:
    code, out, _ = kit_cli("build", "stories", "--out", "out", "--json")
    assert code == 0
    outcomes = json.loads(out)
    assert {o["action"] for o in outcomes} == {"unchanged"}
    assert len(outcomes) == 8
    assert all(o["status"] == "draft" and o["checks"]["facts"] == "ok" for o in outcomes)


def test_an_edited_story_rebuilds_only_its_drafts(workspace: Path) -> None:
    before = files(workspace / "out")
    story = workspace / "stories" / "training.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n## Lessons\nMeasure first.\n", encoding="utf-8")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert err.strip() == "4 unchanged, 4 rebuilt"
    changed = rewritten(before, files(workspace / "out"))
    assert changed and all(name.startswith("training/") for name in changed)
    assert {"training/blog.md", "training/talk.md", "training/onepager.md", "training/social.md"} <= changed


def test_a_workspace_template_rebuilds_only_its_kind(workspace: Path) -> None:
    before = files(workspace / "out")
    write_story(workspace / "templates", "onepager.md.j2", '{% extends "builtin:onepager.md.j2" %}\n')
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert err.strip() == "6 unchanged, 2 rebuilt"
    changed = rewritten(before, files(workspace / "out"))
    assert {name.split("/")[1].split(".")[0] for name in changed} == {"onepager"}
    assert {name.split("/")[0] for name in changed} == {"deploys", "training"}


def test_a_cfp_change_in_kit_toml_rebuilds_only_talks(workspace: Path) -> None:
    before = files(workspace / "out")
    (workspace / "kit.toml").write_text('[build]\ncfp = "kubecon"\n', encoding="utf-8")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert err.strip() == "6 unchanged, 2 rebuilt"
    changed = rewritten(before, files(workspace / "out"))
    assert changed and {name.split("/")[1].split(".")[0] for name in changed} == {"talk"}
    assert "cfp: kubecon" in (workspace / "out" / "deploys" / "talk.md").read_text(encoding="utf-8")


def test_force_rebuilds_everything(workspace: Path) -> None:
    before = files(workspace / "out")
    code, out, err = kit_cli("build", "stories", "--out", "out", "--force")
    assert code == 0, out + err
    assert "unchanged" not in err
    assert rewritten(before, files(workspace / "out")) == set(before)


def test_an_edited_draft_is_still_kept(workspace: Path) -> None:
    blog = workspace / "out" / "deploys" / "blog.md"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nA line a person added.\n", encoding="utf-8")
    edited = blog.read_text(encoding="utf-8")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0, out + err
    assert f"kept: {blog.resolve()}: it was edited since kit wrote it (--force overwrites)" in err
    assert err.strip().endswith("7 unchanged, 0 rebuilt")
    assert blog.read_text(encoding="utf-8") == edited


def test_provenance_records_the_inputs(workspace: Path) -> None:
    text = (workspace / "out" / "deploys" / "talk.md").read_text(encoding="utf-8")
    assert "\n  inputs: " in text and "\n  story_sha256: " in text


def test_many_drafts_are_rendered_in_worker_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.build
    import kit.pool

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    for i in range(25):  # 25 public stories, 4 kinds: 100 drafts, over PARALLEL_AT
        story = MINIMAL_STORY.replace("six weeks", f"{i + 7} weeks").replace("Deploys took weeks.", f"Story {i}.")
        write_story(tmp_path / "stories", f"story-{i:02d}.md", story)
    pooled: list[bool] = []
    in_pool = kit.pool.in_pool

    def spy(*args: object, **kwargs: object) -> object:
        result = in_pool(*args, **kwargs)  # type: ignore[arg-type]
        pooled.append(result is not None)
        return result

    monkeypatch.setattr(kit.pool, "in_pool", spy)
    parallel = kit_cli("build", "stories", "--out", "parallel")
    assert pooled == [True]
    monkeypatch.setattr(kit.build, "PARALLEL_AT", 10**9)
    serial = kit_cli("build", "stories", "--out", "serial")
    assert pooled == [True]  # not asked again: below PARALLEL_AT the stories are built here
    assert parallel.code == serial.code == 0
    assert parallel.out.replace("parallel/", "serial/") == serial.out
    produced = {p.relative_to(tmp_path / "serial"): p.read_bytes() for p in (tmp_path / "serial").rglob("*.*")}
    assert len(produced) > 100
    for name, data in produced.items():
        assert (tmp_path / "parallel" / name).read_bytes() == data, name


def test_a_rebuild_knows_the_drafts_it_wrote_by_their_files(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.build
    import kit.incremental

    monkeypatch.setattr(kit.incremental.Seen, "RACY_NS", 0)  # trust files written up to the record, not 50 ms before it
    monkeypatch.setattr(kit.incremental.Seen, "RACY_COARSE_NS", 0)
    reads: list[Path] = []
    read_draft = kit.build.read_draft

    def counting(path: Path) -> object:
        reads.append(path)
        return read_draft(path)

    monkeypatch.setattr(kit.build, "read_draft", counting)
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert (code, out, err.strip()) == (0, "", "8 unchanged, 0 rebuilt")
    assert reads == []  # known by inode, size and times: not read back
    blog = workspace / "out" / "deploys" / "blog.md"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nA line a person added.\n", encoding="utf-8")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 0
    assert "it was edited since kit wrote it" in err and err.strip().endswith("7 unchanged, 0 rebuilt")
    assert reads == [blog.resolve()]


def test_a_rebuild_validates_only_the_stories_that_changed(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.build

    loads: list[str] = []
    load_story = kit.build.load_story

    def counting(path: Path) -> object:
        loads.append(Path(path).name)
        return load_story(path)

    monkeypatch.setattr(kit.build, "load_story", counting)
    assert kit_cli("build", "stories", "--out", "out")[0] == 0
    assert loads == []
    story = workspace / "stories" / "training.md"
    story.write_text(story.read_text(encoding="utf-8").replace("six months", "seven months"), encoding="utf-8")
    code, _, err = kit_cli("build", "stories", "--out", "out")
    assert (code, err.strip()) == (0, "4 unchanged, 4 rebuilt")
    assert loads == ["training.md"]


def test_a_bad_story_in_a_large_build_stops_the_work_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes read, render and check; one bad story ends the rendering, every bad story is named."""
    import kit.build

    monkeypatch.chdir(tmp_path)
    for i in range(60):
        story = MINIMAL_STORY.replace("six weeks", f"{i + 7} weeks")
        if i in (3, 57):  # one early (the work stops there) and one late (only read, for its problems)
            story = story.replace("title:", "titel:")
        write_story(tmp_path / "stories", f"story-{i:02d}.md", story)
    assert len(kit.build.find_stories([tmp_path / "stories"])) >= kit.build.PARALLEL_AT
    code, out, err = kit_cli("build", "stories", "--out", "out")
    assert code == 2
    assert "story-03.md" in err and "story-57.md" in err and "titel" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "out").exists()


def test_a_template_that_fails_for_one_story_of_many_fails_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error a worker met is raised again, whole, from the parent; nothing is written."""
    monkeypatch.chdir(tmp_path)
    kit_cli("init", ".")
    (tmp_path / "templates" / "blog.md.j2").write_text(
        '{% extends "builtin:blog.md.j2" %}\n'
        '{% block byline %}{% if "Story 47 " in title %}{{ no_such_field }}{% endif %}{% endblock %}\n'
    )
    for i in range(60):
        story = MINIMAL_STORY.replace("title: ", f"title: Story {i} of many, ", 1)
        write_story(tmp_path / "stories", f"story-{i:02d}.md", story)
    code, out, err = kit_cli("build", "stories", "--kind", "blog", "--out", "out")
    assert code == 2, out + err
    assert "blog.md.j2" in err and "no_such_field" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_path_resolved_through_its_folder_is_the_path_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kit.write.resolved` resolves a folder once for all its files: the same path `Path.resolve` gives,
    through linked folders, linked files, links out of the folder, files not yet made and relative paths."""
    import os

    from kit.write import resolved

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "story.md").write_text("x")
    (tmp_path / "elsewhere.md").write_text("y")
    os.symlink(real, tmp_path / "linked")
    os.symlink(tmp_path / "elsewhere.md", real / "out.md")
    os.symlink("story.md", real / "relative-link.md")
    os.symlink(tmp_path / "missing.md", real / "dangling.md")
    monkeypatch.chdir(real / "sub")
    names = ["story.md", "out.md", "relative-link.md", "dangling.md", "new.md", "sub", ".", ".."]
    folders = [real, tmp_path / "linked", Path(".."), Path("../../linked"), Path("."), Path("../sub/..")]
    for folder in folders:
        for name in names:
            path = folder / name
            assert resolved(path) == path.resolve(), path


def _edit_talk_json(workspace: Path, old: str, new: str) -> Path:
    talk_json = workspace / "out" / "deploys" / "talk.json"
    text = talk_json.read_text(encoding="utf-8")
    assert old in text
    talk_json.write_text(text.replace(old, new), encoding="utf-8")
    return talk_json


@pytest.mark.parametrize("trusted", [False, True], ids=["drafts-read", "drafts-known-by-their-files"])
def test_an_edited_talk_json_is_kept_as_an_edited_draft(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, trusted: bool
) -> None:
    """talk.json goes into a CFP form as it is: a person's edit of it is an edit of the draft, never
    "unchanged" (the rebuild once hashed only talk.md), whether or not the rebuild reads the drafts."""
    import kit.incremental

    if trusted:  # the build's record of the files it wrote is trusted at once
        monkeypatch.setattr(kit.incremental.Seen, "RACY_NS", 0)
        monkeypatch.setattr(kit.incremental.Seen, "RACY_COARSE_NS", 0)
        assert kit_cli("build", "stories", "--out", "out").code == 0
    talk_json = _edit_talk_json(workspace, "two days", "two days, a line a person added,")
    edited = talk_json.read_text(encoding="utf-8")
    code, out, err = kit_cli("build", "stories", "--out", "out")
    talk = (workspace / "out" / "deploys" / "talk.md").resolve()
    assert code == 0, out + err
    assert f"kept: {talk}: it was edited since kit wrote it (--force overwrites)" in err
    assert err.strip().endswith("7 unchanged, 0 rebuilt")
    assert talk_json.read_text(encoding="utf-8") == edited


def test_an_edited_talk_json_that_its_changed_story_no_longer_bears_fails_the_build(workspace: Path) -> None:
    _edit_talk_json(workspace, "two days", "two days (and 9 outages a week)")
    story = workspace / "stories" / "deploys.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Deploys took weeks.", "Deploys took ages."),
                     encoding="utf-8")  # fmt: skip
    code, _, err = kit_cli("build", "stories", "--out", "out")
    assert code == 1
    assert "its story has changed since: it fails its checks now (facts 1 error)" in err


def test_approving_an_edited_talk_json_makes_it_the_baseline(workspace: Path) -> None:
    _edit_talk_json(workspace, "two days", "two days, as the team measured it,")
    talk = workspace / "out" / "deploys" / "talk.md"
    code, out, err = kit_cli("approve", str(talk))
    assert code == 0, out + err
    text = talk.read_text(encoding="utf-8")
    assert "edited: true" in text and "status: approved" in text
    from kit.drafts import read_draft

    assert not read_draft(talk).edited  # the approved edit is the new baseline: kept as approved, not as edited
