"""Loading's later shortcut (issue #13) gives exactly what the plain way gives: a story's front
matter, when it can hold no alias, no tag and no deep nesting, is composed once, and checked
over its node tree rather than over a first pass of its events.

Each shortcut is compared with the straightforward way it replaces, kept here as the reference,
over many generated inputs (seeded, so a failure repeats) and the examples.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "stories"


# ---- Loading: front matter parsed once when it can hold no alias, no tag, no deep nesting ------

YAML_KEYS = ["title", "a", "metrics", "before", "1", "yes", "<<", "? k", '"q: x"', "'s'", "k k", "-", "x-y"]
YAML_VALUES = [
    "Win 0", "7 weeks", "2026-02-19", "'quoted: x'", '"d \\" q"', "[a, b]", "{a: 1, b: [2, 3]}", "[[a], {b: c}]",
    "&x v", "*x", "!!str 5", "!tag v", "£45,000", "{cost: £45,000}", "", "- a", "|\n  block", ">\n  folded",
    "[a: b, c]", "'unclosed", "[unclosed", "a: b: c", "\t", "x # c", "? q", "--- ", "...", "* bold *", "a!b",
    "- - - x", "[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]", "{a: {b: {c: {d: {e: {f: {g: {h: {i: {j: 1}}}}}}}}}}",
]  # fmt: skip


def random_front_matter(rng: random.Random, depth: int = 0) -> str:
    """YAML as people (and attackers) write it: block and flow, nested, anchored, tagged, broken."""
    lines = []
    indent = "  " * depth
    for _ in range(rng.randint(1, 5)):
        key = rng.choice(YAML_KEYS)
        roll = rng.random()
        if roll < 0.25 and depth < 24:
            lines.append(f"{indent}{key}:")
            lines.append(random_front_matter(rng, depth + 1))
        elif roll < 0.4 and depth < 24:
            lines.append(f"{indent}{key}:")
            for _ in range(rng.randint(1, 3)):
                item = random_front_matter(rng, depth + 2).lstrip() if rng.random() < 0.3 else rng.choice(YAML_VALUES)
                lines.append(f"{indent}- {item}")
        else:
            lines.append(f"{indent}{key}: {rng.choice(YAML_VALUES)}")
    return "\n".join(lines)


def deep_front_matter(rng: random.Random) -> str:
    """Nesting around the limit, in each style YAML has."""
    n = rng.randint(15, 30)
    style = rng.randrange(4)
    if style == 0:
        return "a: " + "[" * n + "x" + "]" * n
    if style == 1:
        return "\n".join("  " * i + "k:" for i in range(n)) + "\n" + "  " * n + "k: v"
    if style == 2:
        return "- " * n + "x"
    return "a: " + "{b: " * n + "x" + "}" * n


def parsed_front(raw: str) -> Any:
    """What `_parse_yaml` makes of a front matter, or the problems it reports."""
    from kit import load
    from kit.errors import StoryError

    try:
        return load._parse_yaml(raw, Path("s.md"), 2)
    except StoryError as err:
        return [str(p) for p in err.problems]


def test_front_matter_parses_as_it_does_when_every_event_is_checked_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from kit import load

    rng = random.Random(7)
    texts = [random_front_matter(rng) for _ in range(1000)] + [deep_front_matter(rng) for _ in range(200)]
    texts += [text.replace("*", "").replace("!", "") for text in texts]  # the texts the shortcut takes
    texts += [(EXAMPLES / name).read_text().split("---")[1] for name in sorted(p.name for p in EXAMPLES.glob("*.md"))]
    fast = [parsed_front(text) for text in texts]
    monkeypatch.setattr(load, "_no_alias_tag_or_deep_nesting", lambda raw: False)  # every event checked first
    checked = [parsed_front(text) for text in texts]
    assert fast == checked
    shortcut = [text for text in texts if "*" not in text and "!" not in text]
    assert sum(isinstance(outcome, tuple) for outcome in fast) > 300  # many parse...
    assert sum(isinstance(outcome, list) for outcome in fast) > 300  # ...and many are refused
    assert any("nests deeper" in str(outcome) for outcome in fast) and len(shortcut) > 1000


def test_what_the_shortcut_relies_on_holds_for_every_event() -> None:
    """An alias needs a `*`, a tag a `!`, and each collection an opening character of its own."""
    import yaml

    from kit import load

    rng = random.Random(77)
    checked = 0
    for _ in range(2000):
        text = random_front_matter(rng) if rng.random() < 0.8 else deep_front_matter(rng)
        try:
            events = list(yaml.parse(text, Loader=load._FastStoryLoader))
        except yaml.YAMLError:
            continue
        if any(isinstance(e, yaml.AliasEvent) for e in events):
            assert "*" in text
        if any(getattr(e, "tag", None) is not None for e in events):
            assert "!" in text
        collections = sum(isinstance(e, yaml.CollectionStartEvent) for e in events)
        assert collections <= sum(text.count(c) for c in load._OPENERS), text
        checked += 1
    assert checked > 600


def test_a_deep_tree_is_refused_at_the_line_the_events_name() -> None:
    import yaml

    from kit import load
    from kit.errors import StoryError

    def fail(message: str, mark: Any = None) -> StoryError:
        return StoryError(message + (f" @{mark.line}" if mark else ""))

    rng = random.Random(777)
    refused = 0
    for _ in range(800):
        text = deep_front_matter(rng) if rng.random() < 0.5 else random_front_matter(rng).replace("*", "")
        loader = load._FastStoryLoader(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            continue
        finally:
            loader.dispose()
        expected = None
        try:
            load._refuse_unsafe(text, fail, load._FastStoryLoader)
        except StoryError as err:
            expected = str(err)
        if expected is not None and "nests deeper" not in expected:
            continue  # an alias or a tag: not the tree's to find
        found = None
        try:
            load._refuse_deep(node, fail)
        except StoryError as err:
            found = str(err)
        assert found == expected, text
        refused += found is not None
    assert refused > 100


def test_a_front_matter_nested_a_thousand_deep_is_refused_not_composed() -> None:
    from kit import load

    for raw in ("a: " + "[" * 5000 + "]" * 5000, "- " * 3000 + "x", "a: " + "{b: " * 2000 + "x" + "}" * 2000):
        assert not load._no_alias_tag_or_deep_nesting(raw)
        assert "nests deeper than 20 levels" in str(parsed_front(raw))


def reference_walk(
    node: Any, at: tuple[Any, ...], lines: dict[str, int], first: int, path: Path, strays: set[str]
) -> Any:
    """kit.load._walk as it was: a generator, every key path joined afresh."""
    import yaml

    from kit import load
    from kit.errors import Problem
    from kit.problems import field_path

    lines.setdefault(".".join(map(str, at)), first + node.start_mark.line)
    children: list[tuple[Any, Any]] = []
    if isinstance(node, yaml.MappingNode):
        yield from load._split_by_comma(node, at, first, path, strays)
        seen: set[str] = set()
        for key, value in node.value:
            line = first + key.start_mark.line
            if not isinstance(key, yaml.ScalarNode):
                yield Problem(path, "a key must be a word, such as `title`", line, field_path(at) or None)
                continue
            if key.value in seen:
                yield Problem(path, "this key is given twice; keep one", line, field_path((*at, key.value)))
            seen.add(key.value)
            lines[".".join(map(str, (*at, key.value)))] = line
            children.append((key.value, value))
    elif isinstance(node, yaml.SequenceNode):
        children = list(enumerate(node.value))
    for part, child in children:
        yield from reference_walk(child, (*at, part), lines, first, path, strays)


def test_key_lines_and_key_problems_are_found_as_before() -> None:
    import yaml

    from kit import load

    rng = random.Random(8)
    extra = [
        "cost: {a: £45,000, b: 1,5 kg}",
        "a: 1\na: 2",
        "'':\n  b: [1]",
        "? [x, y]\n: v",
        "? {k: v}\n: w",
        "'': e\n'': f",
        "[a, b]",
    ]
    walked = 0
    for i in range(4000):
        text = random_front_matter(rng) if i % 5 else rng.choice(extra) + "\n" + random_front_matter(rng)
        try:
            node = yaml.compose(text, Loader=load._FastStoryLoader)
        except yaml.YAMLError:
            continue
        if node is None:
            continue
        lines: dict[str, int] = {}
        strays: set[str] = set()
        problems: list[Any] = []
        load._walk(node, (), lines, 3, Path("s.md"), strays, problems)
        ref_lines: dict[str, int] = {}
        ref_strays: set[str] = set()
        ref_problems = list(reference_walk(node, (), ref_lines, 3, Path("s.md"), ref_strays))
        assert list(lines.items()) == list(ref_lines.items()), text
        assert [str(p) for p in problems] == [str(p) for p in ref_problems], text
        assert strays == ref_strays
        walked += 1
    assert walked > 800
