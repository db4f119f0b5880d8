"""Load story files: Markdown with YAML front matter, into a validated `Story`.

Every problem in a file is collected and reported at once, each naming the file,
the line where it is known, the field and what to do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from pydantic import ValidationError

from kit.errors import Problem, StoryError
from kit.story import Section, Story, StoryMeta

MAX_BYTES = 1_000_000

SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "context": ("context", "background", "situation", "setting", "overview"),
    "problem": ("problem", "challenge", "the problem", "pain", "complication", "why"),
    "approach": ("approach", "solution", "what we did", "how", "how we did it", "the approach"),
    "results": ("results", "outcome", "outcomes", "impact", "the results", "what changed"),
    "lessons": ("lessons", "lessons learned", "what we learned", "learnings", "takeaways"),
    "next": ("next", "next steps", "what's next", "what is next", "future", "the future"),
}
_SECTION_FOR = {name: key for key, names in SECTION_KEYS.items() for name in names}
_HEADING = re.compile(r"^##(?!#)\s+(?P<title>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")


class _StoryLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so pydantic reports impossible dates by field."""


_StoryLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def find_stories(paths: Iterable[Path | str]) -> list[Path]:
    """Story files named by paths: files as given, folders searched for `*.md` (sorted)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*.md"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name.lower() != "readme.md"
            )  # fmt: skip
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(path, "no such file or folder"))
    if problems:
        raise StoryError(problems=problems)
    return list(dict.fromkeys(found))


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

    handler = YAMLHandler()
    if not handler.detect(text):
        raise fail(
            "no front matter; a story starts with a line `---`, then YAML (title, date, team, "
            "authors, metrics), then `---`",
            1,
        )
    try:
        raw_front, body = handler.split(text)
    except ValueError as err:
        raise fail("the front matter is not closed; add a line `---` after it", 1) from err
    front_line = 1  # the split keeps the newline that ends the opening `---` line
    body_line = front_line + raw_front.count("\n")  # the body starts on the closing `---` line

    # python-frontmatter finds and splits the front matter; our own safe loader reads it,
    # keeping the line of every key for messages.
    meta_data, lines = _parse_yaml(raw_front, path, front_line)
    problems: list[Problem] = []
    meta: StoryMeta | None = None
    try:
        meta = StoryMeta.model_validate(meta_data)
    except ValidationError as err:
        problems.extend(_problems(err, path, lines))
    intro, sections, section_problems = _sections(body, body_line, path)
    problems.extend(section_problems)
    if problems or meta is None:
        raise StoryError(problems=problems)

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


def slug_from_name(name: str) -> str:
    """A safe slug from a file name: lower case letters, digits and hyphens only."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80].strip("-")


def _parse_yaml(raw: str, path: Path, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse front matter safely; return the mapping and the line of every key path."""

    def fail(message: str, line: int | None) -> StoryError:
        return StoryError(problems=[Problem(path, message, line)])

    try:
        for event in yaml.parse(raw, Loader=_StoryLoader):
            if isinstance(event, yaml.AliasEvent):
                line = first_line + event.start_mark.line
                raise fail(
                    "YAML aliases (*name) are not allowed in a story; write the value out", line
                )
        node = yaml.compose(raw, Loader=_StoryLoader)
        data = yaml.load(raw, Loader=_StoryLoader)
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        tag = getattr(err, "problem", "") or ""
        raise fail(
            f"YAML tags are not allowed in a story ({tag.strip()}); write plain values",
            first_line + mark.line if mark else None,
        ) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = (err.problem or err.context or "cannot be read").strip()
        raise fail(
            f"the front matter is not valid YAML: {what}; check indentation, colons and quotes",
            first_line + mark.line if mark else None,
        ) from err
    except yaml.YAMLError as err:
        raise fail(f"the front matter is not valid YAML: {err}", first_line) from err
    except RecursionError as err:
        raise fail("the front matter is nested too deeply", first_line) from err
    if data is None:
        raise fail("the front matter is empty; it needs title, date, team, authors, metrics", 1)
    if not isinstance(data, dict):
        raise fail("the front matter must be a mapping of keys (title: ..., date: ...)", first_line)
    if any(not isinstance(k, str) for k in data):
        raise fail("every front matter key must be a word, such as `title`", first_line)
    lines: dict[str, int] = {}
    _record_lines(node, (), lines, first_line)
    return data, lines


def _record_lines(node: yaml.Node | None, at: tuple[str, ...], lines: dict[str, int], first: int) -> None:
    if node is None:
        return
    lines.setdefault(".".join(at), first + node.start_mark.line)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*at, str(key.value))
            lines[".".join(here)] = first + key.start_mark.line
            _record_lines(value, here, lines, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*at, str(index)), lines, first)


def field_path(loc: Iterable[int | str]) -> str:
    """`metrics[0].before` from pydantic's ('metrics', 0, 'before')."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(err: ValidationError, path: Path, lines: dict[str, int]) -> Iterator[Problem]:
    for error in err.errors(include_url=False):
        loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        loc = [p for p in loc if p not in ("str", "int", "float", "bool", "list[str]")]
        key_path = [str(p) for p in loc]
        line = None
        for end in range(len(key_path), -1, -1):
            line = lines.get(".".join(key_path[:end]))
            if line is not None:
                break
        yield Problem(path, _message(error), line, field_path(loc) or None)


def _message(error: Any) -> str:
    kind = error["type"]
    msg = error["msg"]
    if kind == "extra_forbidden":
        return "unknown key; remove it or fix its spelling (`kit schema` lists every key)"
    if kind == "missing":
        return "required; add it"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "enum":
        return msg.replace("Input should be", "must be")
    if kind.startswith("date"):
        return f"{msg.replace('Input should be', 'must be')}; write a real date as YYYY-MM-DD"
    if kind == "string_pattern_mismatch":
        return "use lower case letters, digits and hyphens only (for example `ml-platform`)"
    return msg.replace("Input should be", "must be")


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
            unknown = [a for a in attrs if a != ".internal"]
            if unknown:
                problems.append(
                    Problem(path, f"unknown section attribute {' '.join(unknown)}; only {{.internal}} is known",
                            first_line + offset, "body")
                )  # fmt: skip
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
    key = _SECTION_FOR.get(title.lower().rstrip(":?!. "))
    return Section(title, "\n".join(raw["lines"]).strip(), key, raw["internal"], raw["line"])
