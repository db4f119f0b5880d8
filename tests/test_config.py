"""kit.toml: a mistake gets the same kind of line as a story's, with the key's line in the file."""

# ruff: noqa: E501  (exact user-facing lines are asserted whole, as cookiecutter does)

from __future__ import annotations

from pathlib import Path

import pytest

from kit.config import default_config, key_lines, load_config
from kit.errors import ConfigError
from tests.support import MINIMAL_STORY, kit_cli, write_story


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[build]\nkind = ["blog"]\n', ["kit.toml:2: build.kind: unknown key; did you mean `kinds`?"]),
        ('[llm]\nmodle = "x"\n', ["kit.toml:2: llm.modle: unknown key; did you mean `model`?"]),
        ('# settings\n[llm]\nmodel = "x"\n\n[llm.prices]\ninptu = 1\n',
         ["kit.toml:6: llm.prices.inptu: unknown key; did you mean `input`?"]),
        ('[biuld]\nkinds = ["blog"]\n', ["kit.toml:1: biuld: unknown key; did you mean `build`?"]),
        ('llm.modle = "x"\n', ["kit.toml:1: llm.modle: unknown key; did you mean `model`?"]),
        ('[newsletter]\nsender = "x"\n',
         ["kit.toml:2: newsletter.sender: unknown key; remove it or fix its spelling (the keys here are title, from, to, group_by)"]),
        ("[cfp.mlconf]\ntitle = { chrs = 80 }\n",
         ["kit.toml:2: cfp.mlconf.title.chrs: unknown key; did you mean `chars`?"]),
        ('[build]\nkinds = "blog"\nsite = 3\n',
         ['kit.toml:2: build.kinds: must be a list, not text; write it in brackets: ["a", "b"]',
          "kit.toml:3: build.site: must be text, not a number; put it in quotes"]),
        ('[build]\nkinds = ["blgo"]\n', ["kit.toml:2: build.kinds: unknown kind blgo; use blog, talk, onepager, social"]),
        ('[llm]\nconcurrency = "x"\ntemperature = 5\n',
         ["kit.toml:2: llm.concurrency: must be a whole number, not 'x'",
          "kit.toml:3: llm.temperature: must be at most 2.0, not 5"]),
    ],
)  # fmt: skip
def test_kit_toml_mistakes_name_the_line_and_the_key(tmp_path: Path, toml: str, expected: list[str]) -> None:
    write_story(tmp_path, "kit.toml", toml)
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", tmp_path / "stories", "-w", tmp_path)
    assert code == 2
    assert err.splitlines() == [f"error: {tmp_path}/{line}" for line in expected]
    assert not (tmp_path / "drafts").exists()


def test_the_default_config_is_valid_and_every_key_has_a_line(tmp_path: Path) -> None:
    write_story(tmp_path, "kit.toml", default_config())
    config = load_config(tmp_path)
    assert config == load_config(tmp_path / "nowhere")  # "these are the defaults": every value set is kit's own
    lines = key_lines(default_config())
    text = default_config().splitlines()
    for key in ("build", "build.kinds", "llm.model", "llm.prices", "llm.prices.output", "newsletter.title"):
        assert text[lines[key] - 1].lstrip().startswith(("[" + key, key.rsplit(".", 1)[-1])), key
    assert not any(key.startswith("cfp") for key in lines)  # the example under [cfp] is a comment


@pytest.mark.parametrize("folder", ["../../outside", "/tmp/elsewhere", "content/../../up", ""])
def test_a_posts_folder_outside_the_site_root_is_refused(tmp_path: Path, folder: str) -> None:
    (tmp_path / "kit.toml").write_text(f'[site]\ncontent_dir = "{folder}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.lines() == [f'{tmp_path / "kit.toml"}:2: site.content_dir: "{folder}" must be a folder '
                                    "inside the site root, such as content/posts"]  # fmt: skip
    (tmp_path / "kit.toml").write_text('[site]\ncontent_dir = "content/blog"\n')
    assert load_config(tmp_path).site.content_dir == "content/blog"


def test_an_unknown_cfp_and_a_misspelt_cfp_field_name_their_lines(tmp_path: Path) -> None:
    (tmp_path / "kit.toml").write_text('[build]\ncfp = "nope"\n\n[cfp.mlconf]\ntitel = { chars = 80 }\n'
                                       'audience = { chars = 300 }\n')  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    toml = tmp_path / "kit.toml"
    assert caught.value.lines() == [
        f'{toml}:2: build.cfp: unknown CFP profile "nope"; use one of generic, kubecon, mlconf, pycon, '
        "or define [cfp.nope]",
        f'{toml}:5: cfp.mlconf.titel: "titel" is not a field kit knows; did you mean "title"? '
        "(a field of your own takes a name of its own)",
    ]  # "audience", a field of the workspace's own, is welcome
    (tmp_path / "kit.toml").write_text('[build]\ncfp = "mlconf"\n\n[cfp.mlconf]\naudience = { chars = 300 }\n')
    assert load_config(tmp_path).build.cfp == "mlconf"


def test_a_key_in_kit_toml_is_refused_with_where_keys_go(tmp_path: Path) -> None:
    """ "api_key" under [llm] was "unknown key; did you mean `api`?": the fix is the environment."""
    (tmp_path / "kit.toml").write_text('[llm]\napi_key = "sk-123"\n', encoding="utf-8")
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", tmp_path / "stories", "-w", tmp_path)
    assert (code, err) == (2, f"error: {tmp_path}/kit.toml:2: llm.api_key: kit never reads a key from a file that "
                              "gets committed: set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY) in the environment, "
                              "and remove this line\n")  # fmt: skip


@pytest.mark.parametrize("url", ["not a url", "ftp://x/v1", "localhost:11434/v1"])
def test_a_base_url_from_the_environment_must_be_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """OPENAI_BASE_URL="not a url" failed every draft as "cannot reach not a url" (exit 1), after retries."""
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    write_story(tmp_path / "stories", "deploys.md", MINIMAL_STORY)
    code, _, err = kit_cli("build", tmp_path / "stories", "--llm", "-w", tmp_path)
    assert (code, err) == (2, f'error: OPENAI_BASE_URL "{url}" is not an http(s) URL; '
                              "write it like http://localhost:11434/v1\n")  # fmt: skip
