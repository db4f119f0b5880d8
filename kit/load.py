"""Load story files: Markdown with YAML front matter, into a validated `Story`.

Every problem in a file is collected and reported at once, each naming the file,
the line where it is known, the field and what to do.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from kit import frontmatter, rx
from kit.errors import Problem, StoryError
from kit.problems import field_path, validation_problems
from kit.story import Section, Story, StoryMeta

if TYPE_CHECKING:
    from pydantic import TypeAdapter

MAX_BYTES = 1_000_000

# Each known section's headings, as `heading_key` writes them: "What I learnt" is "what we learned".
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "context": ("context", "background", "situation", "setting", "overview"),
    "problem": ("problem", "challenge", "the problem", "the challenge", "pain", "complication", "why"),
    "approach": ("approach", "solution", "what we did", "how", "how we did it", "the approach", "what we built",
                 "what we changed"),
    "results": ("results", "outcome", "outcomes", "impact", "the results", "what changed"),
    "lessons": ("lessons", "lessons learned", "what we learned", "what we've learned", "learnings", "takeaways",
                "key lessons", "key takeaways"),
    "next": ("next", "next steps", "what's next", "what is next", "what comes next", "what we'd do next",
             "what we would do next", "future", "the future"),
}  # fmt: skip
_SECTION_FOR = {name: key for key, names in SECTION_KEYS.items() for name in names}
# A heading's words as SECTION_KEYS writes them: the first person plural, "learned", straight apostrophes.
_FOLDED = {"i": "we", "i've": "we've", "i'd": "we'd", "my": "our", "me": "us", "learnt": "learned"}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})  # ’ ‘ ʼ
_HEADING = rx.compile(r"^##(?!#)\s+(?P<title>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")


class _StoryLoader(yaml.SafeLoader):
    """Safe YAML for a story: dates stay text (pydantic reports impossible ones by field) and
    every key is the word as written (`1:` or `yes:` is an unknown key, not a number or bool)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # No merge keys (`<<`) and no duplicate checks here: _walk reports both with their lines.
        return {
            key.value: self.construct_object(value, deep=deep)
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode)
        }


class _FastStoryLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader), _StoryLoader):  # type: ignore[misc]
    """The same rules over libyaml's parser, for files that parse; errors are re-read by the
    pure-Python loader so that messages and lines do not depend on which one is installed."""


_StoryLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
MAX_DEPTH = 20  # a story nests four levels; deeper is a mistake or an attack on the parser
_TOO_DEEP = f"the front matter nests deeper than {MAX_DEPTH} levels; flatten it"


NO_STORIES = "no story files found (a story is a .md file with front matter)"


def find_stories(paths: Iterable[Path | str]) -> list[Path]:
    """Story files named by paths: files as given, folders searched for `*.md` (sorted). One file named
    two ways (`./a.md` and `x/../a.md`) is one story, at its first name. StoryError names every path
    that gives no story: missing, not a regular file, or a broken link to a `.md` file in a folder."""
    found: dict[tuple[int, int], Path] = {}  # by device and inode: the file itself, however it is named
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*.md")):
                if not _in_stories(candidate, path):
                    continue
                if (identity := _regular_file(candidate)) is not None:
                    if not is_draft(candidate):
                        found.setdefault(identity, candidate)
                elif candidate.is_symlink() and not candidate.exists():  # a link to a folder is no story: skipped
                    problems.append(Problem(candidate, _broken_link(candidate)))
        elif (identity := _regular_file(path)) is not None:
            found.setdefault(identity, path)
        else:
            problems.append(Problem(path, _no_story_file(path)))
    if problems:
        raise StoryError(problems=problems)
    return list(found.values())


def _regular_file(path: Path) -> tuple[int, int] | None:
    """The device and inode of a regular file (through links), None for anything else or nothing."""
    try:
        status = path.stat()
    except (OSError, ValueError):  # missing, a broken link, a name the system refuses
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def _in_stories(path: Path, folder: Path) -> bool:
    """A Markdown file's name in a folder of stories: not hidden, not a README."""
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
    return not hidden and path.name.lower() != "readme.md"


def _no_story_file(path: Path) -> str:
    """Why a path named on the command line gives no story: it is missing, a broken link, or no regular
    file (a pipe or a device would be read forever or not at all)."""
    if path.is_symlink() and not path.exists():
        return _broken_link(path)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return "no such file or folder"
    what = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "an unusual kind of file")  # fmt: skip
    return f"not a regular file ({what}); give a story file (Markdown text) or a folder of them"


_LOOP = "a link that loops back to itself, to no file; point it at a story file or remove it"


def _broken_link(path: Path) -> str:
    """What is wrong with a link that leads to no file: where it points, or that it loops."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # how Python before 3.13 says the links loop
        return _LOOP
    except OSError as err:
        if err.errno == errno.ELOOP:
            return _LOOP
    return f"a broken link to {os.readlink(path)}, which does not exist; fix the link or remove it"


_FRONT = rx.compile(r"\A---\n(.*?)\n---", re.DOTALL)
_KIT_BLOCK = rx.compile(r"^kit:[ \t]*\n[ \t]+[A-Za-z_]+:", re.MULTILINE)


def is_draft(path: Path) -> bool:
    """An output kit wrote (its front matter has a `kit:` provenance block), so `kit build .` skips it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64_000).decode("utf-8", errors="replace").replace("\r\n", "\n")
    except OSError:
        return False
    front = _FRONT.match(head)
    return bool(front and _KIT_BLOCK.search(front.group(1)))


def load_story(path: Path | str) -> Story:
    """Load and validate one story file, or raise StoryError listing every problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoryError(problems=[Problem(path, f"cannot read the file: {err.strerror}")]) from err
    return parse_story(data, path)


def parse_story(data: bytes, path: Path) -> Story:
    """Validate a story file's bytes, or raise StoryError listing every problem."""

    def fail(message: str, line: int | None = None, field: str | None = None) -> StoryError:
        return StoryError(problems=[Problem(path, message, line, field)])

    if not data.strip():
        raise fail("the file is empty; start from `kit new` or the README's example")
    if len(data) > MAX_BYTES:
        raise fail(f"the file is {len(data):,} bytes; a story file is at most {MAX_BYTES:,}")
    if b"\x00" in data:
        raise fail("this is a binary file, not a story; a story is Markdown text with YAML front matter")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8", line) from err
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    try:
        parts = frontmatter.split(text)
    except frontmatter.Unclosed as err:
        raise fail(str(err), 1) from err
    if parts.front is None:
        raise fail(
            "no front matter; a story starts with a line `---`, then YAML (title, date, team, "
            "authors, metrics), then `---`",
            1,
        )
    raw_front, body = parts.front, parts.body
    # Line numbers: the text before the front matter (the opening `---`) and before the body.
    front_line = _line_at(text, parts.front_start)
    body_line = _line_at(text, parts.body_start)

    # python-frontmatter finds and splits the front matter; our own safe loader reads it,
    # keeping the line of every key for messages.
    meta_data, lines, problems, strays = _parse_yaml(raw_front, path, front_line)
    meta: StoryMeta | None = None
    try:
        meta = StoryMeta.model_validate(meta_data)
    except ValidationError as err:
        found = validation_problems(err, path, StoryMeta, lines, hint="`kit schema` lists every key")
        # The stray key a comma made ("000") is already explained at the value it split off.
        problems.extend(p for p in found if p.field not in strays)
    problems.extend(_second_headlines(meta_data.get("metrics"), lines, path))
    intro, sections, section_problems = _sections(without_comments(body), body_line, path)
    problems.extend(section_problems)
    if problems or meta is None:
        raise StoryError(problems=sorted(problems, key=lambda p: p.line or 0))

    slug = meta.slug or slug_from_name(path.stem)
    if not slug:
        raise fail(f'cannot make a slug from the file name "{path.name}"; add `slug:`', None, "slug")
    return Story(
        meta=meta,
        sections=tuple(sections),
        path=path,
        slug=slug,
        sha256=hashlib.sha256(data).hexdigest(),
        intro=intro,
        lines=lines,
    )


def _second_headlines(metrics: Any, lines: dict[str, int], path: Path) -> list[Problem]:
    """Each metric after the first with `headline: true`: a story has one lead number, and kit would
    quietly take the first. Read off the front matter as written, so it is told beside its other problems."""
    if not isinstance(metrics, list):
        return []
    marked = [i for i, metric in enumerate(metrics) if isinstance(metric, dict) and _true(metric.get("headline"))]
    if len(marked) < 2:
        return []
    first = marked[0]
    name = metrics[first].get("name")
    called = f'"{name}", ' if isinstance(name, str) and name.strip() else ""
    message = (
        f"a second metric with `headline: true` (the first is {called}line "
        f"{lines.get(f'metrics.{first}.headline')}); keep it on one metric, the story's lead number"
    )
    return [Problem(path, message, lines.get(f"metrics.{i}.headline"), f"metrics[{i}].headline") for i in marked[1:]]


def _true(value: Any) -> bool:
    """Whether the story model reads a value as true (it also takes `"yes"` and 1); False for what it refuses."""
    if isinstance(value, bool) or value is None:  # as YAML writes them: no need to ask pydantic
        return value is True
    try:
        return _as_bool().validate_python(value) is True
    except ValidationError:
        return False


@functools.cache
def _as_bool() -> TypeAdapter[bool]:
    """Pydantic's reading of a bool, made once and only when a story writes one as text or a number."""
    from pydantic import TypeAdapter

    return TypeAdapter(bool)


# Latin letters that are no letter plus an accent, so NFKD keeps nothing of them.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l",
                          "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"})  # fmt: skip


def slug_from_name(name: str) -> str:
    """A safe slug from a file name: lower case letters, digits and hyphens only, accents dropped
    from their letters ("Déploiement" is "deploiement", not "d-ploiement")."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.translate(_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80].strip("-")


def _line_at(text: str, offset: int) -> int:
    """The line number (from 1) of the line a text offset falls on."""
    return text.count("\n", 0, offset) + 1


def _parse_yaml(
    raw: str, path: Path, first_line: int
) -> tuple[dict[str, Any], dict[str, int], list[Problem], set[str]]:
    """Parse front matter safely: the mapping, the line of every key path, its problems, and the
    stray keys a comma made inside `{...}` (reported at the value it split)."""

    def fail(message: str, mark: yaml.Mark | None = None) -> StoryError:
        line = first_line + mark.line if mark else first_line
        return StoryError(problems=[Problem(path, message, line)])

    try:
        try:
            node, data = _compose(raw, _FastStoryLoader, fail)
        except (yaml.YAMLError, StoryError):
            node, data = _compose(raw, _StoryLoader, fail)
    except yaml.MarkedYAMLError as err:
        what = (err.problem or err.context or "cannot be read").strip()
        mark = err.problem_mark or err.context_mark
        if err.context_mark is not None and "end of stream" in (err.problem or ""):
            # The text ran out inside something opened earlier: name the line that opened it.
            mark = err.context_mark
            what = ("a quoted value opened on this line is never closed" if "quoted" in (err.context or "")
                    else f"the text ends {(err.context or '').strip()} started on this line")  # fmt: skip
        raise fail(f"the front matter is not valid YAML: {what}; check indentation, colons and quotes", mark) from err
    except yaml.YAMLError as err:
        raise fail(f"the front matter is not valid YAML: {err}") from err
    except ValueError as err:  # an integer thousands of digits long, beyond Python's limit
        raise fail("a number in the front matter is too long to read; check it") from err
    if data is None:
        raise fail("the front matter is empty; it needs title, date, team, authors, metrics")
    if not isinstance(data, dict):
        raise fail("the front matter must be keys and values (title: ..., date: ...), not a list or text")
    lines: dict[str, int] = {}
    strays: set[str] = set()
    problems: list[Problem] = []
    _walk(node, (), lines, first_line, path, strays, problems)
    return data, lines, problems, strays


def _compose(
    raw: str, loader_class: type[yaml.SafeLoader], fail: Callable[[str, yaml.Mark | None], StoryError]
) -> tuple[Any, Any]:
    """The node tree (for lines) and the data, after refusing what a story may not hold."""
    shallow = loader_class is _FastStoryLoader and _LIBYAML and _no_alias_tag_or_deep_nesting(raw)
    if not shallow:
        _refuse_unsafe(raw, fail, loader_class)
    loader = loader_class(raw)
    try:
        node = loader.get_single_node()
        if shallow and node is not None:
            _refuse_deep(node, fail)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# libyaml composes without Python's recursion (and refuses to nest deeper than 1,000 itself).
_LIBYAML = hasattr(yaml, "CSafeLoader")
# What opens a collection: `[`, `{`, a block sequence's first `-`, a block mapping's first `:` or
# `?`. No two collections open with the same character, so a text holds at most as many
# collections as it has of these, and nests no deeper.
_OPENERS = "[{-?:"
_FEW_OPENERS = 1000  # so many collections nest at most so deep: what libyaml itself allows, and composes safely


def _no_alias_tag_or_deep_nesting(raw: str) -> bool:
    """Whether libyaml may compose `raw` before it is checked: it can hold no alias and no tag
    (they are written with `*` and `!`), and too few collections to nest deep enough to matter.

    Then `_refuse_deep`, over the node tree, refuses what `_refuse_unsafe` would, and a story
    file's front matter (no `*`, no `!`) is parsed once instead of twice.
    """
    return "*" not in raw and "!" not in raw and sum(raw.count(c) for c in _OPENERS) <= _FEW_OPENERS


def _refuse_deep(root: yaml.Node, fail: Callable[[str, yaml.Mark | None], StoryError]) -> None:
    """`_refuse_unsafe`'s depth check over a composed tree: the first collection (in the order its
    events come) nested deeper than MAX_DEPTH, at the line of its start, as the events say it."""
    pending: list[tuple[yaml.Node, int]] = [(root, 0)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        depth += 1
        if depth > MAX_DEPTH:
            raise fail(_TOO_DEEP, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = list(node.value)
        pending.extend((child, depth) for child in reversed(children))  # the first child is next


def _refuse_unsafe(
    raw: str, fail: Callable[[str, yaml.Mark | None], StoryError], loader_class: type[yaml.SafeLoader]
) -> None:
    """Refuse aliases, tags and deep nesting before anything is built: one pass over events,
    so a billion-laughs file fails at its first alias instead of expanding."""
    depth = 0
    for event in yaml.parse(raw, Loader=loader_class):
        if isinstance(event, yaml.AliasEvent):
            raise fail(
                "YAML aliases (*name) are not allowed in a story; write the value out",
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            raise fail(
                f"YAML tags such as {tag} are not allowed in a story; write plain values",
                event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(_TOO_DEEP, event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _split_by_comma(
    node: yaml.MappingNode, at: tuple[str | int, ...], first: int, path: Path, strays: set[str]
) -> Iterator[Problem]:
    """`{cost: £45,000}`: YAML ends the value at the comma and reads "000" as a key. Say so at the value."""
    if not node.flow_style:
        return
    pairs = node.value
    for (key, value), (stray, stray_value) in zip(pairs, pairs[1:], strict=False):
        digits = isinstance(stray, yaml.ScalarNode) and re.fullmatch(r"\d+(?:\.\d+)?\s*\S*", str(stray.value))
        if not (digits and isinstance(value, yaml.ScalarNode) and not value.style and stray_value.value in (None, "")):
            continue
        written = f"{value.value},{stray.value}"
        strays.add(field_path((*at, stray.value)))
        yield Problem(
            path,
            f'the comma in {written} ends the value inside {{...}}; put the value in quotes: {key.value}: "{written}"',
            first + key.start_mark.line,
            field_path((*at, key.value)),
        )


def _walk(
    node: yaml.Node,
    at: tuple[str | int, ...],
    lines: dict[str, int],
    first: int,
    path: Path,
    strays: set[str],
    problems: list[Problem],
    dotted: str = "",
) -> None:
    """Record the line of every key path ("metrics.0.before"); add to `problems` the keys that are
    not words and keys given twice, which YAML would otherwise silently resolve.

    `dotted` is `at` joined with dots, as `lines` keys it: made once per node, from its parent's.
    """
    lines.setdefault(dotted, first + node.start_mark.line)
    children: list[tuple[str | int, str, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        if node.flow_style:  # only a flow mapping has commas to split at
            problems.extend(_split_by_comma(node, at, first, path, strays))
        seen: set[str] = set()
        for key, value in node.value:
            line = first + key.start_mark.line
            if not isinstance(key, yaml.ScalarNode):
                problems.append(Problem(path, "a key must be a word, such as `title`", line, field_path(at) or None))
                continue
            if key.value in seen:
                problems.append(Problem(path, "this key is given twice; keep one", line, field_path((*at, key.value))))
            seen.add(key.value)
            child = _dotted(dotted, at, key.value)
            lines[child] = line
            children.append((key.value, child, value))
    elif isinstance(node, yaml.SequenceNode):
        children = [(i, _dotted(dotted, at, i), item) for i, item in enumerate(node.value)]
    for part, child, value in children:
        _walk(value, (*at, part), lines, first, path, strays, problems, child)


def _dotted(dotted: str, at: tuple[str | int, ...], part: str | int) -> str:
    """`(*at, part)` joined with dots, given `at` joined with dots (`dotted`)."""
    return f"{dotted}.{part}" if at else str(part)


_FENCED = rx.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", re.DOTALL | re.MULTILINE)
_COMMENT = rx.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def without_comments(body: str) -> str:
    """The story's body without its HTML comments (an author's note to self: "TODO: ask finance about
    the 250 figure"), each replaced by the line breaks it held, so later lines keep their numbers.
    A comment inside fenced code is the code's."""
    if "<!--" not in body:
        return body
    parts = _FENCED.split(body)
    for i in range(0, len(parts), 2):
        parts[i] = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), parts[i])
    return "".join(parts)


def _sections(body: str, first_line: int, path: Path) -> tuple[str, list[Section], list[Problem]]:
    intro: list[str] = []
    sections: list[Section] = []
    problems: list[Problem] = []
    current: dict[str, Any] | None = None
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        match = _HEADING.match(line) if fence is None else None
        if match:
            if current:
                sections.append(_section(current))
            attrs = (match.group("attrs") or "").split()
            if unknown := " ".join(a for a in attrs if a != ".internal"):
                heading = f"## {match.group('title')}"
                message = f'unknown attribute {unknown} on "{heading}"; write {{.internal}} or nothing'
                problems.append(Problem(path, message, first_line + offset, "body"))
            current = {
                "title": match.group("title"),
                "internal": ".internal" in attrs,
                "line": first_line + offset,
                "lines": [],
            }
        elif current is None:
            intro.append(line)
        else:
            current["lines"].append(line)
    if current:
        sections.append(_section(current))
    return "\n".join(intro).strip(), sections, problems


def _section(raw: dict[str, Any]) -> Section:
    title = raw["title"]
    key = _SECTION_FOR.get(heading_key(title))
    return Section(title, "\n".join(raw["lines"]).strip(), key, raw["internal"], raw["line"])


def heading_key(title: str) -> str:
    """A heading as SECTION_KEYS lists it: lower case, without a trailing ":?!.", curly apostrophes
    straight (a word processor's "What’s next"), and a story told in the first person read as "we"
    ("What I learnt" is "what we learned")."""
    words = title.translate(_APOSTROPHES).lower().rstrip(":?!. ").split()
    return " ".join(_FOLDED.get(word, word) for word in words)


def story_hints(story: Story) -> list[Problem]:
    """What a story that loads could do better, as hints (not errors): a heading that looks like a
    known section and is not one; the talk's takeaways come from its lessons, so fewer than three
    lessons make fewer takeaways. An internal story has no talk (a public kind): only its headings."""
    headings = _heading_hints(story)
    if not story.public:
        return [hint for _, hint in headings]
    lessons = [] if any(key == "lessons" for key, _ in headings) else _lesson_hints(story)  # said at the heading
    return [*_title_hints(story), *(hint for _, hint in headings), *lessons]


# The words that give a known section away in a heading kit does not recognise ("Lessons from the ward").
_LOOKS_LIKE: dict[str, tuple[str, ...]] = {
    "context": ("context", "background", "situation", "setting", "overview"),
    "problem": ("problem", "challenge", "pain", "complication"),
    "approach": ("approach", "solution"),
    "results": ("result", "outcome", "impact"),
    "lessons": ("lesson", "learn", "takeaway"),
    "next": ("next", "future"),
}
_SECTION_NAMES = {"context": "Context", "problem": "Problem", "approach": "Approach", "results": "Results",
                  "lessons": "Lessons", "next": "Next steps"}  # fmt: skip


def _heading_hints(story: Story) -> list[tuple[str, Problem]]:
    """Each `##` heading kit does not recognise that looks like a known section the story lacks, with the
    key it looks like: "## Lessons from the ward" passes through as a section of its own, and the talk
    gets no takeaways from it, which an author who wrote it cannot tell from the drafts."""
    present = {section.key for section in story.sections}
    hints = []
    for section in story.sections:
        words = heading_key(section.title).split()
        keys = {key for key, stems in _LOOKS_LIKE.items() if any(w.startswith(stems) for w in words)}
        if section.key is not None or len(keys) != 1 or keys & present:
            continue  # a known section, none it looks like (or more than one), or the story has it already
        key = keys.pop()
        name = _SECTION_NAMES[key]
        takeaways = " and the talk has no takeaways" if key == "lessons" and story.public else ""
        message = (f'"## {section.title}" is not a heading kit recognises, so it is not read as the {name} '
                   f'section{takeaways}; rename it "## {name}"')  # fmt: skip
        hints.append((key, Problem(story.path, message, section.line, "body")))
    return hints


def _lesson_hints(story: Story) -> list[Problem]:
    from kit.kinds.text import lessons  # the kinds import this module

    section = story.section("lessons")
    count = len(lessons(section.body)) if section else 0
    if count >= 3:
        return []
    if section is None:
        message = (
            "no Lessons section, so the talk has no takeaways; add `## Lessons` with three lessons, one list item each"
        )
        return [Problem(story.path, message, None, "body")]
    found = f"{count} lesson" + ("" if count == 1 else "s")
    takeaways = f"{count} takeaway" + ("" if count == 1 else "s")
    message = f"the Lessons section has {found}, so the talk lists {takeaways}; CFPs usually ask for three"
    return [Problem(story.path, message, section.line, "body")]


TIGHTEST_CFP_TITLE = 75  # characters: KubeCon's, the tightest title of kit's CFP profiles


def _title_hints(story: Story) -> list[Problem]:
    """A title too long for a CFP's title field, with no short title that fits: the talk's title
    then fails its limit, and `short_title` is the fix (the talk takes it when the title is too long)."""
    from kit.kinds.talk import fit_title  # the kinds import this module

    meta = story.meta
    fitted = fit_title(meta.title, meta.short_title, TIGHTEST_CFP_TITLE, None)
    if len(meta.title) <= TIGHTEST_CFP_TITLE or fitted != meta.title:
        return []  # it fits, or its short title or first clause ("A: b" is "A") does
    field = "short_title" if meta.short_title else "title"
    message = (f"the {field.replace('_', ' ')} is {len(getattr(meta, field))} characters and KubeCon's CFP takes "
               f"{TIGHTEST_CFP_TITLE}: add `short_title:` ({TIGHTEST_CFP_TITLE} characters at most), which a talk "
               "uses when its title does not fit")  # fmt: skip
    return [Problem(story.path, message, story.lines.get(field), field)]
