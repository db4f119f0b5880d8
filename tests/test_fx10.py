"""Bad input at the edges fails clearly: one line naming the file (and line and field where known) and
the fix, exit 2, nothing written, no traceback. Folders with no story, an empty list of kinds, one file
named two ways, two headline metrics, paths that are no regular file, broken links, an abandoned
`kit new` and kit.toml values of the wrong TOML type."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support import MINIMAL_STORY, kit_cli, write_story

NO_STORIES = "no story files found (a story is a .md file with front matter)"


def test_validate_of_folders_with_no_story_says_so_as_build_does(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    drafts = tmp_path / "drafts"  # only what kit wrote, which is no story
    write_story(drafts / "deploys", "blog.md", "---\ntitle: x\nkit:\n  story: s.md\n---\nText\n")
    code, out, err = kit_cli("validate", empty, drafts)
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"error: {empty}: {NO_STORIES}", f"error: {drafts}: {NO_STORIES}"]
    assert kit_cli("build", empty).err == f"error: {NO_STORIES}\n"  # the same words


def test_validate_json_of_an_empty_folder_gives_the_problem_as_validate_gives_problems(tmp_path: Path) -> None:
    code, out, _ = kit_cli("validate", tmp_path, "--json")
    assert code == 2
    assert json.loads(out) == {"valid": [], "hints": [], "warnings": [],
                               "problems": [{"path": str(tmp_path), "line": None, "field": None, "message": NO_STORIES}]}  # fmt: skip


def test_an_empty_list_of_kinds_in_kit_toml_names_its_line_and_the_kinds(tmp_path: Path) -> None:
    write_story(tmp_path, "kit.toml", "[build]\nkinds = []\n")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", tmp_path / "stories")
    assert (code, out) == (2, "")
    assert err == (f"error: {tmp_path}/kit.toml:2: build.kinds: is empty, so there is nothing to build; list at least "
                   "one of blog, talk, onepager, social, or remove the line to build every kind\n")  # fmt: skip
    assert not (tmp_path / "drafts").exists()


def test_one_file_named_two_ways_is_one_story() -> None:
    write_story(Path("twice"), "ok.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", "./twice/ok.md", "twice/../twice/ok.md", "--kind", "blog")
    assert (code, err) == (0, "")
    assert out == "wrote drafts/ok/blog.md\n"
    Path("again.md").symlink_to(Path("twice/ok.md").resolve())  # a link to it is the same file too
    code, out, _ = kit_cli("validate", "twice/ok.md", "again.md", "twice")
    assert (code, out.splitlines()[0]) == (0, "ok: twice/ok.md")
    assert "again.md" not in out


TWO_HEADLINES = MINIMAL_STORY.replace("    better: lower\n", """\
    better: lower
    headline: true
  - name: Failed deploys
    before: 10
    after: 2
    better: lower
    headline: yes
""")


def test_two_headline_metrics_are_an_error_at_the_second(tmp_path: Path) -> None:
    path = write_story(tmp_path, "two.md", TWO_HEADLINES)
    code, out, err = kit_cli("validate", path)
    assert (code, out) == (2, "")
    assert err == (f'error: {path}:19: metrics[1].headline: a second metric with `headline: true` (the first is '
                   '"Deployment lead time", line 14); keep it on one metric, the story\'s lead number\n')  # fmt: skip
    assert kit_cli("validate", write_story(tmp_path, "one.md", TWO_HEADLINES.replace("headline: yes", "headline: no"))).code == 0


def test_the_examples_and_test_stories_have_one_headline_at_most() -> None:
    from tests.support import DATA, EXAMPLES

    for path in [*EXAMPLES.rglob("*.md"), *DATA.rglob("*.md")]:
        assert path.read_text(encoding="utf-8", errors="replace").count("headline: true") <= 1, path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_is_not_a_regular_file_not_a_missing_one(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    code, out, err = kit_cli("validate", fifo, "/dev/null")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {fifo}: not a regular file (a named pipe); give a story file (Markdown text) or a folder of them",
        "error: /dev/null: not a regular file (a device); give a story file (Markdown text) or a folder of them",
    ]


def test_broken_links_in_a_folder_of_stories_are_named(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    write_story(stories, "good.md", MINIMAL_STORY)
    (stories / "gone.md").symlink_to("nowhere.md")
    (stories / "self.md").symlink_to("self.md")
    (stories / "folder.md").mkdir()  # a folder named like a story is no story: passed over, as before
    code, out, err = kit_cli("validate", stories)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {stories}/gone.md: a broken link to nowhere.md, which does not exist; fix the link or remove it",
        f"error: {stories}/self.md: a link that loops back to itself, to no file; point it at a story file or remove it",
    ]


@pytest.mark.parametrize(
    ("key", "code", "said"),
    [
        ("intr", 130, "interrupted: no story written; run `kit new` again to start over"),
        ("eof", 2, "error: the answers ended (end of input) before the story was complete, so no story was "
                   "written; answer each question in a terminal, or give the answers as options (`kit new --help`)"),
    ],
)  # fmt: skip
def test_leaving_the_wizard_writes_nothing_and_exits_as_the_readme_says(key: str, code: int, said: str) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed (pip install -e '.[test]')")
    env = {**os.environ, "COLUMNS": "300", "TERM": "dumb"}
    child = pexpect.spawn(sys.executable, ["-m", "kit", "new"], cwd=str(Path.cwd()), env=env, encoding="utf-8",
                          timeout=20)  # fmt: skip
    child.expect("Title")
    child.sendline("Faster cache")
    child.expect("Team")
    child.sendintr() if key == "intr" else child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    assert said in child.before and "Aborted" not in child.before
    assert not Path("stories").exists()


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[llm]\nenabled = "yes"\n', "llm.enabled: must be true or false, not 'yes'"),
        ('[llm]\nenabled = "true"\n', "llm.enabled: must be true or false, not 'true'; write it without quotes"),
        ("[llm]\nenabled = 0\n", "llm.enabled: must be true or false, not 0"),
        ('[llm]\nenabled = "maybe"\n', "llm.enabled: must be true or false, not 'maybe'"),
        ("[llm]\nmax_retries = true\n", "llm.max_retries: must be a whole number, not true"),
        ('[llm]\nmax_retries = "two"\n', "llm.max_retries: must be a whole number, not 'two'"),
        ('[llm]\nmax_retries = "3"\n', "llm.max_retries: must be a whole number, not '3'; write it without quotes"),
        ('[llm]\ntimeout = "30"\n', "llm.timeout: must be a number, not '30'; write it without quotes"),
        ("[llm]\ntemperature = false\n", "llm.temperature: must be a number, not false"),
        ('[cfp.mlconf]\ntitle = { chars = "20" }\n', "cfp.mlconf.title.chars: must be a whole number, not '20'; write it without quotes"),
        ("[cfp.mlconf]\ntitle = { chars = 80.7 }\n", "cfp.mlconf.title.chars: must be a whole number, not 80.7"),
    ],
)  # fmt: skip
def test_kit_toml_values_are_of_their_toml_type(tmp_path: Path, toml: str, expected: str) -> None:
    write_story(tmp_path, "kit.toml", toml)
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, out, err = kit_cli("build", tmp_path / "stories", "-w", tmp_path)
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path}/kit.toml:2: {expected}\n"
    assert not (tmp_path / "drafts").exists()


def test_numbers_and_booleans_as_toml_writes_them_load(tmp_path: Path) -> None:
    from kit.config import load_config

    write_story(tmp_path, "kit.toml", "[llm]\nenabled = true\ntimeout = 30\ntemperature = 0.4\nmax_retries = 0\n"
                                      "[cfp.mlconf]\ntitle = { chars = 80 }\n")  # fmt: skip
    config = load_config(tmp_path)
    assert (config.llm.enabled, config.llm.timeout, config.llm.max_retries) == (True, 30.0, 0)
    assert config.cfp["mlconf"]["title"].chars == 80


@pytest.mark.parametrize("given", ["", ",", " , "])
def test_an_empty_kind_option_names_the_option_and_the_kinds(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_story(Path("stories"), "deploys.md", MINIMAL_STORY)
    said = "error: --kind names no kind; give one or more of blog, talk, onepager, social, such as --kind blog,talk\n"
    assert kit_cli("build", "stories", "--kind", given) == (2, "", said)
    assert not Path("drafts").exists()
