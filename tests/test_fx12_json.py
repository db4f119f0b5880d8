"""6. `--json` says whether the command succeeded, in the same words on success as on failure.

`kit review --json` and `kit newsletter --json` had no `ok` key on success, while a failure
prints `"ok": false`; `kit validate --json` of a path that does not exist printed the failure
shape of other commands (`ok`, `problems`) instead of validate's own.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import MINIMAL_STORY, kit_cli, write_story


def test_review_json_says_ok_on_success_and_keeps_its_keys(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    assert kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog").code == 0
    code, out, err = kit_cli("review", tmp_path / "out", "--out", tmp_path / "r.html", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["ok", "path", "drafts", "problems", "kinds", "statuses", "errors", "warnings", "unchecked"]
    assert data["ok"] is True


def test_review_json_says_not_ok_when_a_draft_could_not_be_checked(tmp_path: Path) -> None:
    story = write_story(tmp_path, "deploys.md", MINIMAL_STORY)
    assert kit_cli("build", story, "--out", tmp_path / "out", "--kind", "blog").code == 0
    story.unlink()  # the draft's story is gone: the draft is shown, not checked
    code, out, _ = kit_cli("review", tmp_path / "out", "--out", tmp_path / "r.html", "--json")
    data = json.loads(out)
    assert (code, data["ok"], data["unchecked"]) == (1, False, 1)


def test_newsletter_json_says_ok_on_success_and_not_ok_when_a_story_is_left_out(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    write_story(stories, "deploys.md", MINIMAL_STORY)
    code, out, _ = kit_cli("newsletter", stories, "--out", tmp_path / "nl", "--json")
    data = json.loads(out)
    assert (code, data["ok"]) == (0, True)
    assert list(data)[1:] == ["issue", "subject", "written", "stories", "left_out", "not_selected", "headline",
                              "compact", "html_bytes", "notes", "warnings"]  # fmt: skip
    write_story(stories, "broken.md", MINIMAL_STORY.replace("team: ML Platform\n", ""))
    code, out, _ = kit_cli("newsletter", stories, "--out", tmp_path / "nl2", "--json")
    assert (code, json.loads(out)["ok"]) == (1, False)


def test_validate_json_of_a_missing_path_has_validates_own_shape(tmp_path: Path) -> None:
    good = write_story(tmp_path, "good.md", MINIMAL_STORY)
    code, out, err = kit_cli("validate", "nosuch.md", "--json")
    assert code == 2
    assert json.loads(out) == {
        "valid": [],
        "problems": [{"path": "nosuch.md", "line": None, "field": None, "message": "no such file or folder"}],
        "hints": [],
        "warnings": [],
    }
    assert err == ""  # as for any other problem validate finds: with --json, the JSON says it
    # A missing path among good ones: nothing is called valid, as `kit build` would build nothing.
    code, out, _ = kit_cli("validate", good, "nosuch.md", "--json")
    data = json.loads(out)
    assert (code, data["valid"], [p["path"] for p in data["problems"]]) == (2, [], ["nosuch.md"])
    assert kit_cli("validate", "nosuch.md") == (2, "", "error: nosuch.md: no such file or folder\n")
