"""The command line, end to end through typer's runner, on real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import EXAMPLES, MINIMAL_STORY, REPO, kit_cli, write_story


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_help_teaches_every_command() -> None:
    code, out, _ = kit_cli("--help")
    assert code == 0
    for command in ("init", "new", "validate", "build", "schema", "templates", "prompts"):
        assert command in out


def test_help_does_not_import_openai_and_template_builds_stay_light(tmp_path: Path) -> None:
    story = write_story(tmp_path, "s.md", MINIMAL_STORY)
    script = (
        "import sys\n"
        "from kit.cli import main\n"
        f"sys.argv = ['kit', 'build', {str(story)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "heavy = [m for m in ('openai', 'httpx', 'httpx2', 'matplotlib', 'numpy', 'pandas') if m in sys.modules]\n"
        "print('HEAVY', heavy, code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert "HEAVY [] 0" in done.stdout, done.stdout + done.stderr
    helped = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom kit.cli import main\nsys.argv=['kit','--help']\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\nprint('openai' in sys.modules)"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert helped.stdout.strip().endswith("False")


def test_schema_is_json_schema_of_the_front_matter() -> None:
    code, out, _ = kit_cli("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"title", "date", "team", "authors", "metrics"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_validate_reports_every_problem_with_file_line_field(tmp_path: Path) -> None:
    good = write_story(tmp_path, "good.md", MINIMAL_STORY)
    bad = write_story(
        tmp_path, "bad.md",
        MINIMAL_STORY.replace("team: ML Platform", "teem: ML Platform").replace("before: 6 weeks", "before: 6 weks"),
    )  # fmt: skip
    code, out, err = kit_cli("validate", str(tmp_path))
    assert code == 2
    assert f"ok: {good}" in out
    assert f"{bad}:4: teem: unknown key" in err
    assert f'{bad}:11: metrics[0].before: "weks" in "6 weks" is not a unit kit knows; did you mean "weeks"?' in err
    assert "Traceback" not in err
    code, out, _ = kit_cli("validate", str(good), "--json")
    assert code == 0 and json.loads(out)["problems"] == []


def test_build_writes_every_kind_with_provenance(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "drafts"
    code, stdout, stderr = kit_cli("build", str(story), "--out", str(out))
    assert code == 0, stderr
    assert files_under(out) == [
        "deploys/blog-chart.svg", "deploys/blog.html", "deploys/blog.md",
        "deploys/onepager.html", "deploys/onepager.md", "deploys/social.json", "deploys/social.md",
        "deploys/talk.json", "deploys/talk.md",
    ]  # fmt: skip
    blog = (out / "deploys" / "blog.md").read_text()
    assert "draft: true" in blog
    assert "| Deployment lead time | 6 weeks | 2 days | 95% less time, 21× faster |" in blog
    assert "status: draft" in blog and "story_sha256:" in blog and "content_sha256:" in blog
    talk = json.loads((out / "deploys" / "talk.json").read_text())
    assert sum(item["minutes"] for item in talk["outline"]) == 30
    assert talk["takeaways"] == []  # takeaways come from the story's lessons only, and it has none


def test_build_json_output(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    code, out, _ = kit_cli("build", str(story), "--out", str(tmp_path / "d"), "--kind", "onepager", "--json")
    assert code == 0
    [outcome] = json.loads(out)
    assert outcome["action"] == "written" and outcome["kind"] == "onepager" and outcome["status"] == "draft"


def test_public_kind_of_internal_story_is_skipped(tmp_path: Path) -> None:
    story = write_story(tmp_path, "secret.md", MINIMAL_STORY.replace("visibility: public", "visibility: internal"))
    code, _, err = kit_cli("build", str(story), "--out", str(tmp_path / "d"), "--kind", "blog")
    assert code == 2
    assert "internal story; `blog` is public (set `visibility: public` to publish it)" in err
    assert not (tmp_path / "d").exists()
    code, _, err = kit_cli("build", str(story), "--out", str(tmp_path / "d"))
    assert code == 0
    assert "skipped" in err
    assert files_under(tmp_path / "d") == ["secret/onepager.html", "secret/onepager.md"]


def test_bad_story_in_a_folder_writes_nothing(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    write_story(stories, "good.md", MINIMAL_STORY)
    write_story(stories, "bad.md", MINIMAL_STORY.replace("better: lower", "better: smaller"))
    code, _, err = kit_cli("build", str(stories), "--out", str(tmp_path / "d"))
    assert code == 2
    assert "bad.md:13: metrics[0].better: must be 'lower' or 'higher', not 'smaller'" in err
    assert not (tmp_path / "d").exists()


def test_two_stories_with_one_slug_are_an_error(tmp_path: Path) -> None:
    write_story(tmp_path / "a", "same.md", MINIMAL_STORY)
    write_story(
        tmp_path / "b", "other.md", MINIMAL_STORY.replace("visibility: public", "slug: same\nvisibility: public")
    )
    code, _, err = kit_cli("build", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "d"))
    assert code == 2
    assert 'the slug "same" is also used by' in err
    assert not (tmp_path / "d").exists()
    code, out, err = kit_cli("validate", str(tmp_path / "a"), str(tmp_path / "b"))  # validate says what build would
    assert code == 2
    assert f'error: {tmp_path / "b" / "other.md"}:' in err and 'slug: the slug "same" is also used by' in err
    assert [line for line in out.splitlines() if line.startswith("ok: ")] == [f"ok: {tmp_path / 'a' / 'same.md'}"]


def test_slug_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    story = write_story(
        tmp_path, "s.md", MINIMAL_STORY.replace("visibility: public", "slug: ../../etc\nvisibility: public")
    )
    code, _, err = kit_cli("build", str(story), "--out", str(tmp_path / "d"))
    assert code == 2
    assert "slug: use lower case letters, digits and hyphens only" in err
    assert not (tmp_path / "d").exists()


def test_edited_drafts_survive_rebuilds_unless_forced(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "d"
    assert kit_cli("build", str(story), "--out", str(out))[0] == 0
    blog = out / "deploys" / "blog.md"
    edited = blog.read_text().replace("Deploys took weeks.", "Deploys took weeks. A person wrote this.")
    blog.write_text(edited)
    onepager_before = (out / "deploys" / "onepager.md").read_text()
    code, _, err = kit_cli("build", str(story), "--out", str(out))
    assert code == 0
    assert f"kept: {blog}: it was edited since kit wrote it (--force overwrites)" in err
    assert blog.read_text() == edited
    assert (out / "deploys" / "onepager.md").read_text().split("generated:")[0] == onepager_before.split("generated:")[
        0
    ]
    assert kit_cli("build", str(story), "--out", str(out), "--force")[0] == 0
    assert "A person wrote this." not in blog.read_text()


def test_init_new_and_build_in_a_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = kit_cli("init", "ws")
    assert code == 0 and "created ws/kit.toml" in out
    monkeypatch.chdir(tmp_path / "ws")
    code, out, _ = kit_cli("new", "--title", "Faster feature pipelines", "--team", "Data", "--author", "Ana",
                          "--metric", "Pipeline run time", "--before", "3 hours", "--after", "20 min")  # fmt: skip
    assert code == 0, out
    assert (tmp_path / "ws" / "stories" / "faster-feature-pipelines.md").is_file()
    code, _, err = kit_cli("validate", "stories")
    assert code == 0, err
    code, out, err = kit_cli("build", "stories")
    assert code == 0, err
    assert (tmp_path / "ws" / "drafts" / "faster-feature-pipelines" / "onepager.md").is_file()
    assert kit_cli("init", ".")[0] == 2


def test_templates_list_names_a_workspace_template_kit_never_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A misspelt override leaves the built-in in charge: the list says so, and what it meant. A partial
    that a template kit renders includes is in use."""
    monkeypatch.chdir(tmp_path)
    kit_cli("init", ".")
    templates = tmp_path / "templates"
    (templates / "partials").mkdir()
    (templates / "blgo.md.j2").write_text("My own blog template\n")
    (templates / "talk.md.j2").write_text('{% extends "builtin:talk.md.j2" %}{% include "partials/foot.j2" %}\n')
    (templates / "partials" / "foot.j2").write_text("A footer\n")
    (templates / "partials" / "old.j2").write_text("Nothing includes me\n")
    code, out, err = kit_cli("templates", "list")
    assert code == 0
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert (rows["blgo.md.j2"], rows["talk.md.j2"], rows["partials/foot.j2"], rows["partials/old.j2"]) == (
        "-", "talk", "included", "-")  # fmt: skip
    assert err.splitlines() == [
        "note: templates/blgo.md.j2 is no built-in's name (did you mean blog.md.j2?), and no template kit uses "
        "extends, includes or imports it: kit never reads it",
        "note: templates/partials/old.j2 is no built-in's name, and no template kit uses extends, includes or "
        "imports it: kit never reads it",
    ]
    code, out, _ = kit_cli("templates", "list", "--json")
    notes = {row["name"]: row.get("note", "") for row in json.loads(out)}
    assert [name for name, note in notes.items() if note] == ["blgo.md.j2", "partials/old.j2"]


def test_templates_override_and_extend_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    kit_cli("init", ".")
    (tmp_path / "templates" / "blog.md.j2").write_text(
        '{% extends "builtin:blog.md.j2" %}\n{% block byline %}Custom byline for {{ team }}.{% endblock %}\n'
    )
    code, out, _ = kit_cli("templates", "list")
    assert code == 0
    assert any(line.startswith("blog.md.j2") and "workspace" in line for line in out.splitlines())
    story = write_story(tmp_path / "stories", "pub.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", str(story), "--kind", "blog")
    assert code == 0, err
    text = (tmp_path / "drafts" / "pub" / "blog.md").read_text()
    assert "Custom byline for ML Platform." in text and "| Deployment lead time |" in text
    code, out, _ = kit_cli("templates", "show", "talk.md.j2")
    assert code == 0 and "## Elevator pitch" in out
    code, out, _ = kit_cli("templates", "export", "talk.md.j2")
    assert code == 0 and (tmp_path / "templates" / "talk.md.j2").is_file()
    assert kit_cli("templates", "export", "talk.md.j2")[0] == 2


def test_a_template_that_fails_as_it_runs_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    kit_cli("init", ".")
    story = write_story(tmp_path / "stories", "pub.md", MINIMAL_STORY)
    template = tmp_path / "templates" / "blog.md.j2"
    for text, said in [
        ('{% extends "builtin:blog.md.j2" %}\n{% block byline %}{{ 1 / 0 }}{% endblock %}\n',
         f"error: {template}:2: ZeroDivisionError: division by zero; fix the expression there"),
        ('{% extends "blog.md.j2" %}\n',
         f"error: {template}: templates extend or include each other without end; check its extends and include lines"),
    ]:  # fmt: skip
        template.write_text(text)
        code, _, err = kit_cli("build", str(story), "--kind", "blog", "--force")
        assert code == 2 and err.strip() == said, err
        assert not (tmp_path / "drafts" / "pub").exists()


def test_template_not_found_lists_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    kit_cli("init", ".")
    code, _, err = kit_cli("templates", "show", "nope.j2")
    assert code == 2
    assert f'template "nope.j2" not found; searched {tmp_path}/templates/nope.j2, ' in err
    assert str(REPO / "templates" / "nope.j2") in err or "kit/templates/nope.j2" in err


def test_unknown_cfp_and_site_are_usage_errors(tmp_path: Path) -> None:
    story = write_story(tmp_path, "s.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", str(story), "--out", str(tmp_path / "d"), "--cfp", "nope")
    assert code == 2 and 'unknown CFP profile "nope"' in err
    code, _, err = kit_cli("build", str(story), "--out", str(tmp_path / "d"), "--site", "wordpress")
    assert code == 2
    assert not (tmp_path / "d").exists()


def test_missing_path_is_reported(tmp_path: Path) -> None:
    code, _, err = kit_cli("build", str(tmp_path / "nope.md"))
    assert code == 2
    assert err.strip() == f"error: {tmp_path / 'nope.md'}: no such file or folder"


def test_building_a_workspace_twice_skips_its_own_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert kit_cli("init", ".")[0] == 0
    assert kit_cli("build", ".")[0] == 0  # the example story: onepager only (it is internal)
    code, out, err = kit_cli("build", ".")
    assert code == 0, err
    assert "1 unchanged, 0 rebuilt" in err  # nothing changed: nothing rewritten
    code, out, err = kit_cli("build", ".", "--force")
    assert code == 0, err
    assert "drafts/example/onepager.md" in out
    assert "onepager.md: " not in err  # the draft was not read as a story


def test_outputs_are_ordinary_readable_files(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    assert kit_cli("build", str(story), "--out", str(tmp_path / "d"), "--kind", "onepager")[0] == 0
    mode = (tmp_path / "d" / "deploys" / "onepager.html").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044  # readable by group and others under the usual umask


def test_kit_check_reports_planted_figures_leaks_and_site_keys(tmp_path: Path) -> None:
    story = write_story(
        tmp_path, "deploys.md",
        MINIMAL_STORY.replace("    better: lower\n---", "    better: lower\n  - name: Vendor cost\n    before: $480k\n"
                              "    after: $310k\n    better: lower\n    internal: true\n---"),
    )  # fmt: skip
    out = tmp_path / "d"
    assert kit_cli("build", str(story), "--out", str(out), "--kind", "blog,onepager")[0] == 0
    code, stdout, _ = kit_cli("check", str(out))
    assert code == 0, stdout
    assert stdout.splitlines() == [f"{out}/deploys/blog.md: ok", f"{out}/deploys/onepager.md: ok"]
    blog = out / "deploys" / "blog.md"
    text = blog.read_text()
    blog.write_text(text.replace("21× faster |", "25× faster |").replace("draft: true", "draft: false")
                    + "\nWe also cut vendor cost to $310k.\n")  # fmt: skip
    code, stdout, _ = kit_cli("check", str(blog))
    assert code == 1
    assert '"25×": no figure in the story supports this; the story says: 21× (Deployment lead time, change)' in stdout
    assert 'visibility: "$310k"' in stdout
    assert 'limits (warning): "draft: False": the post will publish' in stdout
    code, stdout, _ = kit_cli("check", str(blog), "--json")
    assert code == 1
    import json as _json

    [report] = _json.loads(stdout)["drafts"]
    assert report["ok"] is False and {f["check"] for f in report["findings"]} >= {"facts", "visibility", "limits"}
    code, _, err = kit_cli("approve", str(blog))
    assert code == 1 and "not approved" in err
    onepager = out / "deploys" / "onepager.md"
    assert kit_cli("approve", str(onepager))[0] == 0
    assert "status: approved" in onepager.read_text()
    code, _, err = kit_cli("build", str(story), "--out", str(out), "--kind", "onepager")
    assert "kept" in err and "it is approved" in err


def test_charts_show_the_numbers_of_the_table(tmp_path: Path) -> None:
    import re

    out = tmp_path / "d"
    assert kit_cli("build", str(EXAMPLES / "stories"), "--out", str(out), "--kind", "blog,onepager")[0] == 0
    for folder in sorted(p for p in out.iterdir() if (p / "blog.md").is_file()):
        rows = re.findall(r"^\| (?!Metric|---)[^|]+\| ([^|]+) \| ([^|]+) \|", (folder / "blog.md").read_text(), re.M)
        labels = re.findall(r'font-size="12" fill="#1f2328">([^<]+)</text>', (folder / "blog-chart.svg").read_text())
        assert labels == [value.strip() for row in rows for value in row]
        page = (folder / "onepager.html").read_text()
        assert "<svg" in page and "src=" not in page.split("<svg", 1)[1]  # embedded, nothing fetched


def test_a_kept_draft_whose_story_changed_is_checked_against_it(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    out = tmp_path / "d"
    assert kit_cli("build", str(story), "--kind", "blog", "--out", str(out))[0] == 0
    blog = out / "deploys" / "blog.md"
    blog.write_text(blog.read_text() + "\nA line a person added.\n")
    story.write_text(MINIMAL_STORY.replace("after: 2 days", "after: 3 days"))
    code, _, err = kit_cli("build", str(story), "--kind", "blog", "--out", str(out))
    assert code == 1  # the person's draft still says 2 days: it no longer agrees with its story
    assert (f"kept: {blog}: it was edited since kit wrote it, and its story has changed since: it fails its "
            f"checks now (facts ") in err and f"see `kit check {blog}`, or --force rebuilds it" in err  # fmt: skip
    assert blog.read_text().endswith("A line a person added.\n")  # kept all the same
    story.write_text(MINIMAL_STORY)  # the story as the draft was written from
    assert kit_cli("build", str(story), "--kind", "blog", "--out", str(out))[0] == 0


def test_a_failed_command_with_json_says_why_in_json(tmp_path: Path) -> None:
    code, out, err = kit_cli("build", str(tmp_path / "nope.md"), "--json")
    assert code == 2
    assert json.loads(out) == {"ok": False, "problems": [
        {"path": str(tmp_path / "nope.md"), "line": None, "field": None, "message": "no such file or folder"}]}
    assert err == f"error: {tmp_path / 'nope.md'}: no such file or folder\n"


def test_validate_warns_of_a_story_dated_after_today(tmp_path: Path) -> None:
    ahead = (dt.date.today() + dt.timedelta(days=100)).isoformat()
    story = write_story(tmp_path, "ahead.md", MINIMAL_STORY.replace("date: 2026-09-30", f"date: {ahead}"))
    code, _, err = kit_cli("validate", str(story))
    assert code == 0  # a warning, not an error: the story still builds
    assert f"warning: {story}:3: date: {ahead} is after today" in err
    assert "date a story when its result was measured" in err


def test_validate_warns_where_the_storys_prose_contradicts_its_metrics(tmp_path: Path) -> None:
    text = MINIMAL_STORY.replace("title: Model deploys from six weeks to two days", "title: Model deploys 30× faster")
    text += "\n## Results\nDeploys went from 6 weeks to 4 days. We run 140 services in three regions.\n"
    story = write_story(tmp_path, "prose.md", text)
    code, _, err = kit_cli("validate", str(story))
    assert code == 0  # warnings: the story still builds
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2, err  # "140 services" and "three regions" speak of no metric
    assert warnings[0].startswith(f'warning: {story}:2: title: "30×": no figure in the story supports this; '
                                  "the story's metrics say 21×")  # fmt: skip
    assert f'{story}:' in warnings[1] and ': body: "4 days": no figure in the story supports this' in warnings[1]
    assert kit_cli("validate", str(EXAMPLES / "stories"))[2].count("warning:") == 0


def test_validate_leaves_a_percentage_that_is_no_change_alone(tmp_path: Path) -> None:
    """ "We started with 1% sampling" is a share of something else, not the story's change said wrongly;
    "cut review time by 40%" of a story whose change is another size is."""
    text = MINIMAL_STORY + "\n## Lessons\nWe started with 1% sampling and regretted it.\n"
    code, _, err = kit_cli("validate", str(write_story(tmp_path, "share.md", text)))
    assert (code, err) == (0, "")
    text += "We cut deployment lead time by 40%.\n"
    code, _, err = kit_cli("validate", str(write_story(tmp_path, "change.md", text)))
    assert code == 0 and err.count("warning:") == 1 and '"40%": no figure in the story supports this' in err, err


def test_the_python_api_takes_folders_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kit

    monkeypatch.chdir(tmp_path)
    story = str(write_story(tmp_path, "deploys.md", MINIMAL_STORY))
    result = kit.build_drafts([story], kit.BuildOptions(out="drafts", kinds=["blog", "talk"]))
    assert [o.action for o in result.outcomes] == ["written", "written"]
    checked, problems = kit.check_drafts(["drafts"])
    assert len(checked) == 2 and problems == [] and all(a.report.ok for a in checked)
    assert all(d.done for d in kit.approve_drafts(["drafts"]))
    kit.build_review(["drafts"], "review.html")
    assert (tmp_path / "review.html").is_file()


def test_a_broken_kit_toml_is_an_error_wherever_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kit.toml").write_text("broken = [\n")
    for command in (["usage"], ["templates", "list"], ["prompts", "list"], ["templates", "show", "blog.md.j2"]):
        code, _, err = kit_cli(*command)
        assert code == 2 and err.startswith(f"error: {tmp_path / 'kit.toml'}: not valid TOML"), (command, err)


@pytest.mark.parametrize(("args", "code"), [(["validate", "stories"], 0), (["check", "built"], 0)])
def test_a_reader_that_stops_reading_changes_no_exit_code(args: list[str], code: int, tmp_path: Path) -> None:
    """`kit validate stories/ | head -1`: once the pipe's reader has gone, the rest of the output is
    dropped and the command ends with its own exit code; it used to fail with "error: Broken pipe", 2."""
    shutil.copytree(EXAMPLES / "stories", tmp_path / "stories")
    assert kit_cli("build", tmp_path / "stories", "--out", tmp_path / "built").code == 0
    kit = [sys.executable, "-c", "from kit.cli import main; main()", *args]
    reader, writer = os.pipe()
    os.close(reader)  # gone before the first line is written
    try:
        done = subprocess.run(kit, stdout=writer, stderr=subprocess.PIPE, text=True, cwd=tmp_path, check=False)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (code, "")


def test_build_warns_of_a_story_dated_after_today_when_it_writes_its_drafts(tmp_path: Path) -> None:
    """Only `kit validate` said it; Hugo and Jekyll hold back a post dated in the future."""
    import datetime as dt

    ahead = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    story = write_story(tmp_path, "s.md", MINIMAL_STORY.replace("date: 2026-09-30", f"date: {ahead}"))
    code, _, err = kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out")
    assert code == 0
    assert f"warning: {story}:3: date: {ahead} is after today" in err
    assert "warning" not in kit_cli("build", story, "--kind", "blog", "--out", tmp_path / "out").err  # nothing new


def test_approve_and_publish_take_the_story_where_the_post_cannot_find_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built from a workspace into a site beside it, a post records its story relative to the workspace;
    from inside the site kit said "pass --story FILE", an option approve and publish did not have."""
    ws, site = tmp_path / "ws", tmp_path / "site"
    site.mkdir()
    (site / "hugo.toml").write_text('baseURL = "http://localhost/"\n')
    write_story(ws / "stories", "s.md", MINIMAL_STORY)
    monkeypatch.chdir(ws)
    assert kit_cli("build", "stories/s.md", "--kind", "blog", "--out", "../site").code == 0
    monkeypatch.chdir(site)
    post = Path("content/posts/s/index.md")
    code, _, err = kit_cli("approve", post)
    assert code == 2 and "its story stories/s.md is not found from here; pass --story FILE" in err
    story = ws / "stories" / "s.md"
    assert kit_cli("approve", post, "--story", story).code == 0
    assert kit_cli("publish", post, "--story", story).code == 0
    assert "draft: false" in post.read_text(encoding="utf-8")
