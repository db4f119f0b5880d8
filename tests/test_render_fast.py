"""Rendering's shortcuts (issue #13) give exactly what the plain way gives.

Each shortcut is compared with the straightforward way it replaces, kept here as the reference,
over many generated inputs (seeded, so a failure repeats) and over real drafts.
"""

from __future__ import annotations

import datetime
import enum
import random
from collections import ChainMap
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from markupsafe import Markup

from kit import markdown, render
from kit.build import BuildOptions, render_kind
from kit.kinds import paper
from kit.load import load_story
from kit.markdown import markdown_html, markdown_parser, markdown_tokens
from kit.render import to_yaml
from kit.views import NotPublicError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "stories"

# ---- Markdown: the reading parser (inline runs remembered, rows split fast) against markdown-it ----

RUNS = [
    "Lead time",
    "Cloud spend fell from $145k to $65k a month (55% less, 2.2× lower cost)",
    "**Bottom line:** we shipped",
    "*em* and _em_ and __strong__",
    "`code` and ``a`b`` spans",
    "[a link](https://example.com/a)",
    "[a reference][r1] and [r1]",
    "![a *chart* drawn](blog-chart.svg)",
    '![](x.png) and ![alt](<y z.png> "title")',
    "<https://auto.example.com> and <mail@example.com>",
    "&amp; &#35; &copy; &nosuch;",
    "escaped \\| \\* \\_ \\` pipes",
    "a | b",
    "99.9% less time, 1,960× faster",
    "<b>raw</b> <script>x</script>",
    "***mixed** emphasis*",
    "**unclosed and *nested",
    "snake_case_words and x*y*z",
    "[unsafe](javascript:alert(1))",
    "line one  \nline two",
    "trailing backslash\\\nnext",
    "— Author 0, Engineer",
    "",
]


def random_run(rng: random.Random) -> str:
    """An inline run: mostly from a small pool, so that runs repeat across texts as they do in drafts."""
    if rng.random() < 0.8:
        return rng.choice(RUNS[:-1])
    return " ".join(rng.choice(RUNS) for _ in range(rng.randint(1, 3))).strip() or "x"


def random_block(rng: random.Random) -> str:
    """One Markdown block of a kind kit's drafts hold (and a few they do not)."""
    run = random_run(rng)
    kind = rng.randrange(14)
    if kind == 0:
        return f"{'#' * rng.randint(1, 3)} {run}"
    if kind == 1:
        return "\n".join(f"- {random_run(rng)}" for _ in range(rng.randint(1, 4)))
    if kind == 2:
        return "\n".join(f"{i + 1}. {random_run(rng)}" for i in range(rng.randint(1, 3)))
    if kind == 3:
        return f"> {run}\n>\n> — {random_run(rng)}"
    if kind == 4:
        columns = rng.randint(2, 4)
        rows = [" | ".join(random_run(rng).replace("|", "\\|") for _ in range(columns)) for _ in range(3)]
        return f"| {rows[0]} |\n|{'---|' * columns}\n" + "\n".join(f"| {row} |" for row in rows[1:])
    if kind == 5:
        return "---"
    if kind == 6:
        return f"```\n{run}\n```"
    if kind == 7:
        return f"    {run}"
    if kind == 8:
        return '[r1]: https://example.com/ref "Ref"'
    if kind == 9:
        return f"{run}\n==="
    if kind == 10:
        return f"- {run}\n\n  {random_run(rng)}\n- > {random_run(rng)}"
    return "\n".join(random_run(rng) for _ in range(rng.randint(1, 3)))


def random_markdown(rng: random.Random) -> str:
    return "\n\n".join(random_block(rng) for _ in range(rng.randint(1, 10))) + rng.choice(["", "\n", "\n\n"])


def plain_parse(text: str) -> tuple[list[Any], dict[str, Any], str]:
    """The reference: markdown-it's own parser and renderer, nothing remembered."""
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    fresh = markdown_parser().parse(text, {})  # rendering changes an image's tokens: keep a copy as parsed
    return fresh, env, markdown_parser().renderer.render(tokens, markdown_parser().options, env)


def assert_parsed_as_markdown_it_does(text: str) -> None:
    """Tokens (every field, children included), env and HTML as the plain parser gives them."""
    tokens, env, html = plain_parse(text)
    assert list(markdown_tokens(text)) == tokens
    assert markdown._parsed(text)[1] == env
    assert str(markdown_html(text)) == html
    assert list(markdown_tokens(text)) == tokens  # rendering left the shared tokens as parsed


def test_generated_markdown_parses_as_markdown_it_does() -> None:
    rng = random.Random(13)
    texts = [random_markdown(rng) for _ in range(300)]
    for text in texts + rng.sample(texts, len(texts)):  # the second round reads inline runs from memory
        assert_parsed_as_markdown_it_does(text)
    assert markdown._inline_children  # the memory was used


def test_drafts_parse_as_markdown_it_does(tmp_path: Path) -> None:
    options = BuildOptions.for_paths([EXAMPLES], kinds=["blog", "talk", "onepager"], out=tmp_path)
    texts = []
    for path in sorted(EXAMPLES.glob("*.md")):
        story = load_story(path)
        for kind in options.kinds:
            try:
                rendered = render_kind(story, kind, options)
            except NotPublicError:  # an internal story has no public kinds
                continue
            texts += [rendered.body, *rendered.companions.values()]
    assert len(texts) > 20
    for text in texts * 2:
        assert_parsed_as_markdown_it_does(text)


def test_a_link_reference_definition_is_never_taken_from_memory() -> None:
    # The same inline run is a link with its definition and text without: memory must not mix them.
    defined = "See [the docs][d].\n\n[d]: https://example.com/docs\n"
    undefined = "See [the docs][d].\n"
    for text in (defined, undefined, defined + "\n", undefined + "\n"):
        assert_parsed_as_markdown_it_does(text)
    assert 'href="https://example.com/docs"' in markdown_html(defined)
    assert "href" not in markdown_html(undefined)


def test_an_inline_run_remembered_is_one_parsed_afresh_in_a_new_place() -> None:
    run = "**Savings:** $960k a year, ![chart *x*](c.svg) `x|y`"
    for text in (run, f"# {run}", f"- {run}", f"> {run}", f"| {run} |\n|---|", f"| a |\n|---|\n| {run} |"):
        assert_parsed_as_markdown_it_does(text)


def test_the_memory_is_bounded() -> None:
    for i in range(markdown._INLINE_KEPT + 10):
        markdown_tokens(f"run number {i}")
    assert len(markdown._inline_children) <= markdown._INLINE_KEPT + 1
    assert_parsed_as_markdown_it_does("run number 3")


def test_a_table_row_splits_as_escaped_split_does() -> None:
    from markdown_it.rules_block import table

    escaped_split = table.__globals__["escapedSplit"]
    split_row = markdown._split_row(escaped_split)
    rows = [""]
    for _ in range(7):  # every row of up to 7 characters from those that matter, and a few others
        rows += [row + c for row in rows[-(5 ** len(rows[-1])) :] for c in "|\\ a:"]
    rows += ["| a \\| b | c |", "\\\\|x", "a\\", "| Metric | Before |"]
    assert len(rows) > 90_000
    for row in rows:
        assert split_row(row) == escaped_split(row), row


def test_the_reading_parser_tries_the_same_rules_in_the_same_order() -> None:
    plain, reading = markdown_parser(), markdown._reading_parser()
    for chain in ("", "paragraph", "reference", "blockquote", "list"):
        names = [rule.__name__ for rule in plain.block.ruler.getRules(chain)]
        assert [rule.__name__ for rule in reading.block.ruler.getRules(chain)] == names, chain
    assert [r.__name__ for r in reading.inline.ruler.getRules("")] == [
        r.__name__ for r in plain.inline.ruler.getRules("")
    ]


# ---- the one-pager's height: a short text is one line ------------------------------------


def reference_lines(text: str, width: float, size: float, em: float = paper.EM) -> int:
    """kit.kinds.paper.lines as it was, word by word every time."""
    per_line = max(int(width / (size * em)), 8)
    count, used = 1, 0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > per_line:
            count, used = count + 1, len(word)
        else:
            used += need
        while used > per_line:
            count, used = count + 1, used - per_line
    return count


def test_lines_counts_as_word_by_word_wrapping_does() -> None:
    rng = random.Random(13)
    words = ["a", "of", "the", "Deployment", "1,960×", "x" * 9, "y" * 23, "z" * 60, " ", "  ", "\t", "\n"]
    for _ in range(20_000):
        text = "".join(rng.choice(words) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(0, 14)))
        width, size = rng.uniform(10, 600), rng.choice([7.5, 8.5, 9.5, 10.5, 17.0])
        em = rng.choice([paper.EM, paper.CAPS, paper.CAPS * 0.9])
        assert paper.lines(text, width, size, em) == reference_lines(text, width, size, em), (text, width, size)


# ---- Jinja2: a template's globals as a dict ---------------------------------------------------


def test_a_templates_globals_are_jinja2s_chainmap_flattened() -> None:
    loader = jinja2.DictLoader({"t.j2": "{{ range(2) | list }} {{ g }} {{ x }}"})
    ours = render._sandbox()(loader=loader, undefined=jinja2.StrictUndefined)
    plain = jinja2.sandbox.ImmutableSandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined)
    for env in (ours, plain):
        env.globals["g"] = "env"
    template, reference = ours.get_template("t.j2", globals={"x": 1}), plain.get_template("t.j2", globals={"x": 1})
    assert isinstance(reference.globals, ChainMap)
    assert list(template.globals.items()) == list(dict(reference.globals).items())
    assert template.render() == reference.render() == "[0, 1] env 1"
    # Asked again with other globals, Jinja2 adds them to the cached template's: so does the dict.
    again, reference_again = ours.get_template("t.j2", globals={"x": 2}), plain.get_template("t.j2", globals={"x": 2})
    assert again.render() == reference_again.render() == "[0, 1] env 2"


# ---- YAML: front matter's nodes made directly ----------------------------------------------

PIECES = [
    "yes", "No", "null", "~", "true", "1", "-1", "0o17", "0x1F", "1_000", "1.5e3", ".inf", "2026-02-19",
    "2026-02-19 12:30:45", "12:30:45", "-", "- ", ":", ": ", "#", " #", "'", '"', "\\", "\n", " ", "\t",
    "é", "✓", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "=", "<<", "?", "Win 0",
    "Deployment lead time", "a" * 1100, "\u2028", "\x85", "\ufeff", "\x07", "",
]  # fmt: skip


def reference_yaml(data: Any) -> str:
    """What to_yaml wrote before: PyYAML's representer, libyaml's emitter."""
    return yaml.dump(
        data, Dumper=render._DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
    )


class Level(enum.IntEnum):
    LOW = 1


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def random_value(rng: random.Random, depth: int, made: list[Any]) -> Any:
    """A value of the types front matter holds, now and then another type or one object met twice."""
    roll = rng.random()
    if made and roll < 0.02:
        return rng.choice(made)  # the same list, dict or date again: PyYAML writes an anchor
    if roll < 0.05:
        return rng.choice(
            [1.5, float("nan"), (1, 2), (), datetime.datetime(2026, 1, 2, 3, 4), Markup("<b>"), b"x", Level.LOW]
        )
    if depth <= 0 or roll < 0.5:
        return rng.choice(
            [random_text(rng), random_text(rng), True, False, None, rng.randint(-(10**20), 10**20), rng.randint(0, 9)]
        )
    if roll < 0.6:
        made.append(datetime.date(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28)))
    elif roll < 0.8:
        made.append([random_value(rng, depth - 1, made) for _ in range(rng.randint(0, 4))])
    else:
        keys = [random_key(rng) for _ in range(rng.randint(0, 5))]
        made.append({key: random_value(rng, depth - 1, made) for key in keys})
    return made[-1]


def random_key(rng: random.Random) -> Any:
    """A key of a mapping: mostly text, now and then another hashable type."""
    if rng.random() < 0.8:
        return random_text(rng)
    return rng.choice([True, None, 7, -3, 1.5, (), (1, "a"), datetime.date(2026, 5, 6)])


def outcome(function: Any, data: Any) -> tuple[str, str]:
    try:
        return "ok", function(data)
    except yaml.YAMLError as err:
        return type(err).__name__, str(err)


def test_to_yaml_writes_what_yaml_dump_writes() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        made: list[Any] = []
        data = {random_text(rng): random_value(rng, 3, made) for _ in range(rng.randint(0, 6))}
        assert outcome(to_yaml, data) == outcome(reference_yaml, data), data
        top = random_value(rng, 3, made)
        assert outcome(to_yaml, top) == outcome(reference_yaml, top), top


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Win 0: a title", "date": datetime.date(2026, 2, 19), "draft": True, "tags": ["ml", "infra"]},
        {"a": (shared := ["x"]), "b": shared},  # one list in two places: an anchor and an alias
        {"d": (day := datetime.date(2026, 1, 1)), "e": day},
        {"kit": {"checks": {"facts": "ok"}, "n": 3, "none": None}},
        {"markup": Markup("<b>")},  # a str subclass: PyYAML's safe representer refuses it, and so do we
        [],
        {},
        "text",
    ],
)
def test_to_yaml_on_front_matter_and_its_edge_cases(data: Any) -> None:
    assert outcome(to_yaml, data) == outcome(reference_yaml, data)


def test_a_markdown_it_without_escaped_split_keeps_its_own_table_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from markdown_it.rules_block import table

    module = importlib.import_module(table.__module__)
    monkeypatch.delattr(module, "escapedSplit")
    assert markdown._table_rule() is table
