"""`kit new` as a person meets it: a wizard in a terminal (driven through a pseudo-terminal), and flags."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kit.workspace import infer_better
from tests.support import kit_cli

pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed (pip install -e '.[test]')")


def test_the_wizard_checks_each_answer_as_it_is_typed(tmp_path: Path) -> None:
    stories = Path("stories")
    stories.mkdir()
    (stories / "cache-hits.md").write_text("taken\n", encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "TERM": "dumb"}
    child = pexpect.spawn(sys.executable, ["-m", "kit", "new"], cwd=str(Path.cwd()), env=env, encoding="utf-8",
                          timeout=20)  # fmt: skip
    steps = [
        ("Title", "Cache hits"),
        ("exists already; give the story another title", None),  # the file is checked first, not at the end
        ("Title", "Faster cache"),
        ("Team", "Data"),
        ("Your name", "Ana"),
        ("Your role", ""),
        ("The result in one sentence", ""),
        ("Metric", "Cache hit rate"),
        ("Its value before", "fast"),
        ('could not read "fast" as a quantity', None),
        ("Its value before", "60%"),
        ("Its value after", "2 days"),
        ("cannot be compared", None),
        ("Its value after", "85%"),
        (r"Which is better, higher or lower\? \[higher\]", ""),  # guessed from "hit rate"
        ("Add another metric", "y"),
        ("Next metric", "p99 latency"),
        ("Its value before", "800 ms"),
        ("Its value after", "300 ms"),
        (r"Which is better, higher or lower\? \[lower\]", "sideways"),
        ('answer "higher" or "lower"', None),
        ("Which is better", ""),
        ("Add another metric", ""),
        ("wrote stories/faster-cache.md", None),
    ]
    for expected, answer in steps:
        child.expect(expected)
        if answer is not None:
            child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (stories / "faster-cache.md").read_text(encoding="utf-8")
    assert "    better: higher\n" in text and "    better: lower\n" in text
    assert "Your role" not in text and "# role: your role" in text  # what was skipped is a comment only
    assert kit_cli("validate", stories / "faster-cache.md").code == 0


def test_flags_write_a_story_with_no_placeholder_text(tmp_path: Path) -> None:
    code, out, err = kit_cli("new", "--title", "Cache hits", "--team", "Data", "--author", "Ana",
                             "--metric", "Cache hit rate", "--before", "60%", "--after", "85%")  # fmt: skip
    assert (code, out) == (0, "wrote cache-hits.md; write the story below its front matter, under the `##` "
                              "headings it lists, then run `kit validate cache-hits.md`\n")  # fmt: skip
    assert err == ('guessed from its name that higher is better for "Cache hit rate"; if not, change `better:` '
                   "in cache-hits.md (or pass --better)\n")  # a guess is said, never silent
    text = Path("cache-hits.md").read_text(encoding="utf-8")
    assert "better: higher" in text  # a hit rate going up is better
    body = text.split("\n---\n", 1)[1]
    assert body.strip() == "", "nothing a person did not write may reach a draft"
    front = [line for line in text.split("\n---\n", 1)[0].splitlines() if not line.lstrip().startswith("#")]
    assert not any("Your" in line or "How you measured" in line for line in front)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--before", "fast", "--after", "2 days"), 'error: --before/--after: could not read "fast" as a quantity'),
        (("--before", "3 s", "--after", "85%"), 'error: --before/--after: "3 seconds" and "85%" cannot be compared'),
        (("--before", "1", "--after", "2", "--better", "sideways"), 'error: --better must be "lower" or "higher"'),
    ],
)
def test_flags_are_checked_before_anything_is_written(args: tuple[str, ...], message: str) -> None:
    code, _, err = kit_cli("new", "--title", "T", "--team", "D", "--author", "A", "--metric", "Latency", *args)
    assert code == 2 and err.startswith(message), err
    assert not Path("t.md").exists()


def test_an_existing_file_is_refused_before_the_values_are_read() -> None:
    Path("t.md").write_text("mine\n", encoding="utf-8")
    code, _, err = kit_cli("new", "--title", "T", "--team", "D", "--author", "A", "--metric", "x",
                           "--before", "fast", "--after", "slow")  # fmt: skip
    assert (code, err) == (2, "error: t.md exists already; choose another title or --out, or pass --force\n")


@pytest.mark.parametrize(
    ("name", "better"),
    [("Cache hit rate", "higher"), ("p99 latency", "lower"), ("Error rate", "lower"), ("Uptime", "higher"),
     ("Deployment lead time", "lower"), ("Models in production", "higher"), ("Widgets", None),
     # "rate" says nothing alone: the word before it does
     ("Crash rate", "lower"), ("Bounce rate", "lower"), ("Dropout rate", "lower"), ("Fraud rate", "lower"),
     ("Abandonment rate", "lower"), ("Pass rate", "higher"), ("Conversion rate", "higher"), ("Rate", None),
     # whole words only: "sentiment" has no "time", "admissions" no "miss", "page views" no pager
     ("Customer sentiment", None), ("Student admissions", None), ("Page views", "higher"),
     # the head of the compound decides, before any "per"; a gain named as such is higher
     ("Tickets sold", "higher"), ("Revenue per user", "higher"), ("Cost per model", "lower"),
     ("Hours saved", "higher"), ("Cost reduction", "higher"), ("Crash-free sessions", "higher"),
     # a name that turns or bounds its sense is asked
     ("Buses more than 5 minutes late", None), ("Days with less than 1 h downtime", None),
     ("Days without an incident", None)],
)  # fmt: skip
def test_which_way_is_better_is_guessed_from_the_name(name: str, better: str | None) -> None:
    assert infer_better(name) == better


@pytest.mark.parametrize(("title", "file"), [
    ("Déploiement 🚀 from 6 weeks to 2 days", "deploiement-from-6-weeks-to-2-days.md"),  # was d-ploiement-…
    ("Été: déploiements ×21", "ete-deploiements-21.md"),
    ("Straße to Łódź", "strasse-to-lodz.md"),
])  # fmt: skip
def test_a_titles_accents_are_dropped_from_its_file_name_not_its_letters(title: str, file: str) -> None:
    code, out, _ = kit_cli("new", "--title", title, "--team", "D", "--author", "A", "--metric", "Latency",
                           "--before", "6 weeks", "--after", "2 days")  # fmt: skip
    assert code == 0 and out.startswith(f"wrote {file};")


def test_titles_with_no_latin_letter_get_files_of_their_own() -> None:
    """Every title in Chinese was "new-story.md", and the second "exists already" whatever its title."""
    written = []
    for title in ("深度学习平台", "模型部署"):
        code, out, err = kit_cli("new", "--title", title, "--team", "D", "--author", "A", "--metric", "Latency",
                                 "--before", "6 weeks", "--after", "2 days")  # fmt: skip
        assert code == 0, err
        written.append(out.split(";")[0].removeprefix("wrote "))
    assert len(set(written)) == 2 and all(name.startswith("story-") for name in written)
