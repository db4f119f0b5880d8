"""Rendering: sandboxed Jinja2 over the workspace's templates, then the built-ins.

Story text only ever arrives as data in the context; it is never template source.
A workspace's `templates/` (or `prompts/`) overrides a built-in by name, and an
override can `{% extends "builtin:blog.md.j2" %}` the one it replaces.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from kit import rx
from kit.errors import TemplateError
from kit.markdown import markdown_html

if TYPE_CHECKING:  # Jinja2 loads when something is rendered: `kit check` needs it not
    from collections.abc import Collection, Iterable, Iterator, MutableMapping, Sequence

    import jinja2
    import jinja2.sandbox

Folder = Literal["templates", "prompts"]
_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(folder: Folder) -> Path:
    """Where the built-in templates or prompts are: inside the wheel, or the repository's top."""
    inside = _PACKAGE / folder
    return inside if inside.is_dir() else _PACKAGE.parent / folder


def search_path(folder: Folder, workspace: Path | None) -> list[Path]:
    """The folders searched for a name, first match wins: the workspace's, then the built-ins."""
    paths = [workspace / folder] if workspace is not None and (workspace / folder).is_dir() else []
    return [*paths, builtin_dir(folder)]


def _loader(paths: list[Path]) -> jinja2.BaseLoader:
    """Workspace first, built-ins last, and `builtin:NAME` for the built-in alone."""
    import jinja2

    builtin = jinja2.FileSystemLoader(str(paths[-1]))
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"builtin": builtin}, delimiter=":"),
            *(jinja2.FileSystemLoader(str(p)) for p in paths),
        ]
    )


@cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (`kit.usercache`), one per kit and Jinja2 version.

    Jinja2 keys its cache by template file and source only, so the folder's name carries what
    else decides the compiled code.
    """
    import jinja2
    import jinja2.bccache

    from kit import __version__
    from kit.usercache import cache_folder

    class Cache(jinja2.FileSystemBytecodeCache):
        """A cache that cannot be read or written is only slower, never an error."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    passing = sorted(name for name, f in _filters().items() if getattr(f, "jinja_pass_arg", None))
    decides = f"{__version__} {jinja2.__version__} {sorted(_OPTIONS.items())} {passing}"
    key = hashlib.sha256(decides.encode()).hexdigest()
    folder = cache_folder(f"templates-{key[:16]}")
    return Cache(str(folder)) if folder is not None else None


_OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


@cache
def _sandbox() -> type[jinja2.sandbox.ImmutableSandboxedEnvironment]:
    """Jinja2's immutable sandbox, reading a plain dict's keys without a detour through its attributes."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    dict_attributes = frozenset(dir(dict))

    class Sandbox(ImmutableSandboxedEnvironment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            """`m.name` on a context's dict: Jinja2 tries the attribute first and catches the
            AttributeError, hundreds of times a render. A plain dict has only `dict`'s attributes,
            so a key that is none of them is what Jinja2 would return, and is looked up first."""
            if type(obj) is dict and attribute not in dict_attributes and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

        def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
            """A template's globals over the environment's, as one dict where Jinja2 makes a ChainMap.

            Every render copies them into its context, and copying a ChainMap costs Python calls
            per name. The dict holds the same names and values in the same order; the ChainMap
            would also show globals added to the environment later, which kit never does.
            """
            return {**self.globals, **(d or {})}

    return Sandbox


@cache
def environment(folder: Folder = "templates", workspace: Path | None = None) -> jinja2.Environment:
    """The sandboxed environment for a workspace's templates or prompts."""
    import jinja2

    env = _sandbox()(
        loader=_loader(search_path(folder, workspace)),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "xml"), default=False),
        **_OPTIONS,
    )
    env.filters.update(_filters())
    return env


@cache
def _filters() -> dict[str, Any]:
    """kit's filters, by name. Jinja2 compiles a call of a filter that takes the context apart from
    one that does not, so which do is part of the compiled-template cache's key (`bytecode_cache`)."""
    import jinja2

    return {
        "markdown": markdown_html,
        "md": markdown_safe,
        "md_cell": markdown_cell,
        "yaml": to_yaml,
        "tojson_pretty": lambda value: json.dumps(value, indent=2, ensure_ascii=False),
        "oneline": lambda text: " ".join(str(text).split()),
        # The story's capitalised names stay capitalised in a name run on in a sentence.
        "lower_first": jinja2.pass_context(lambda ctx, text: lower_first(text, ctx.get("proper_words") or ())),
        "sentence": first_sentence,
        "truncate_words": truncate_words,
        "pad": lambda text, width: str(text).ljust(int(width)),
    }


def get_template(name: str, folder: Folder = "templates", workspace: Path | None = None) -> jinja2.Template:
    """A template by name, or TemplateError listing every path searched."""
    import jinja2

    env = environment(folder, workspace)
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as err:
        searched = ", ".join(str(p / name) for p in search_path(folder, workspace))
        raise TemplateError(f'{folder[:-1]} "{err.name}" not found; searched {searched}') from err
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{err.filename or name}:{err.lineno}: {err.message}") from err


def render(name: str, context: dict[str, Any], folder: Folder = "templates", workspace: Path | None = None) -> str:
    """Render a template with data, or raise TemplateError naming the template and the problem."""

    template = get_template(name, folder, workspace)
    with template_errors(_where(template), folders_of(template)):
        return template.render(context)


def render_blocks(name: str, context: dict[str, Any], workspace: Path | None = None) -> dict[str, str]:
    """Render each block of a template on its own: the fields of a structured output.

    The blocks are those of the template and every template it extends, the child's
    overriding its parent's (`super()` reaches the parent's).
    """

    template = get_template(name, "templates", workspace)
    with template_errors(_where(template), folders_of(template)):
        return blocks_of(template, context)


def folders_of(template: jinja2.Template) -> list[Path]:
    """The folders a template's environment looks in for a name, first match first (`search_path`)."""
    loaders = getattr(template.environment.loader, "loaders", [])
    return [Path(folder) for loader in loaders for folder in getattr(loader, "searchpath", [])]


@contextlib.contextmanager
def template_errors(where: str, folders: Sequence[Path] = ()) -> Iterator[None]:
    """What a template's own code raises, as TemplateError naming the template file and line where it
    happened (an included or extended template's own, when it is theirs): a template is the user's code,
    and its mistakes are theirs to fix. `folders`: where names are looked for, for a name not found."""
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as err:  # in a template extended or included as this one rendered
        raise TemplateError(f"{err.filename or where}:{err.lineno}: {err.message}") from err
    except jinja2.TemplateNotFound as err:
        names = [str(name) for name in err.templates or [err.name]]
        shown = " or ".join(f'"{name}"' for name in names)
        searched = f"; searched {_searched(folders, names)}" if folders else ""
        raise TemplateError(f"{_place(where)}: template {shown} not found{searched}; check the name on that "
                            "line (its extends, include or import)") from err  # fmt: skip
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_place(where)}: {err.message}; check the variable's name") from err
    except jinja2.TemplateError as err:
        raise TemplateError(f"{_place(where)}: {err}") from err
    except RecursionError as err:
        raise TemplateError(f"{where}: templates extend or include each other without end; "
                            "check its extends and include lines") from err  # fmt: skip
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as err:
        raise TemplateError(f"{_place(where)}: {type(err).__name__}: {err}; fix the expression there") from err


def _searched(folders: Sequence[Path], names: Sequence[str]) -> str:
    """Every path a name was looked for at: a `builtin:` name in the built-ins (the last folder) alone."""
    paths = [folder / name.removeprefix("builtin:") for name in names
             for folder in (folders[-1:] if name.startswith("builtin:") else folders)]  # fmt: skip
    return ", ".join(str(path) for path in paths)


def _place(where: str) -> str:
    """ "FILE:LINE" of the template code that raised the exception being handled: the innermost
    template's (an included one's, a parent's block), else `where`.

    Jinja2 maps its compiled code's lines to the template's only as `Template.render` fails; kit
    also runs templates' blocks itself (`blocks_of`), so the traceback is mapped here, as Jinja2
    does (`rewrite_traceback_stack`: it leaves frames already mapped as they are).
    """
    from jinja2.debug import rewrite_traceback_stack

    try:
        tb = rewrite_traceback_stack().__traceback__
    except Exception:  # noqa: BLE001 (a place is a help, never a second error)
        return where
    place = where
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame standing for a template's line
            place = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def blocks_of(template: jinja2.Template, context: dict[str, Any]) -> dict[str, str]:
    """Every block of a loaded template (its parents' included) rendered on its own; Jinja2's errors pass."""
    ctx = template.new_context(context)
    if not _only_blocks(template):
        # Running the template registers in ctx.blocks the blocks its parents define, and sets up
        # what its top level defines for them (variables, macros, imports).
        for _ in template.root_render_func(ctx):
            pass
    return {block: "".join(stack[0](ctx)).strip() for block, stack in ctx.blocks.items()}


@lru_cache(maxsize=64)
def _only_blocks(template: jinja2.Template) -> bool:
    """Whether a template's top level is blocks and text alone (as talk.fields.j2's is): it extends
    nothing and sets nothing up, so running it whole would only render its blocks to throw away."""
    import jinja2
    from jinja2 import nodes

    env, name = template.environment, template.name
    if env.loader is None or name is None:  # a template made from a string: run it to be sure
        return False
    try:
        source, _, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return False
    return all(
        isinstance(node, nodes.Block)
        or (isinstance(node, nodes.Output) and all(isinstance(part, nodes.TemplateData) for part in node.nodes))
        for node in env.parse(source, name).body
    )


def _where(template: jinja2.Template) -> str:
    return str(template.filename or template.name)


def template_names(folder: Folder = "templates", workspace: Path | None = None) -> list[tuple[str, Path]]:
    """Every template name and the file that wins for it (the workspace's, else the built-in)."""
    found: dict[str, Path] = {}
    for base in search_path(folder, workspace):
        for path in sorted(base.rglob("*")):
            name = path.relative_to(base).as_posix()
            if path.is_file() and not name.startswith(".") and name not in found:
                found[name] = path
    return sorted(found.items())


_REFERENCE = rx.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def sources_hash(names: tuple[str, ...], folder: Folder = "templates", workspace: Path | None = None) -> str:
    """One hash of every file that can shape these templates (or prompts), for incremental builds.

    Each name counts in every folder of the search path (an override can extend the built-in it
    replaces), and so does every template it extends, includes or imports, followed through.
    """
    digest = hashlib.sha256()
    for where, name, data in _sources(names, folder, workspace):
        digest.update(f"{where}:{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def used_names(names: Iterable[str], folder: Folder = "templates", workspace: Path | None = None) -> set[str]:
    """The names these templates (or prompts) use: themselves, and what they extend, include or import."""
    return {name.removeprefix("builtin:") for _, name, _ in _sources(tuple(names), folder, workspace)}


def _sources(names: tuple[str, ...], folder: Folder, workspace: Path | None) -> Iterator[tuple[str, str, bytes]]:
    """("builtin" or "workspace", name, bytes) of each file that can shape these templates, followed
    through what each extends, includes or imports; a name without a file is left out."""
    paths = search_path(folder, workspace)
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        builtin = name.startswith("builtin:")
        for base in [paths[-1]] if builtin else paths:
            path = base / name.removeprefix("builtin:")
            if not path.is_file():
                continue
            data = path.read_bytes()
            yield "builtin" if base == paths[-1] else "workspace", name, data  # not the folder's path: drafts move
            pending.extend(_REFERENCE.findall(data.decode("utf-8", "replace")))


_CODE = rx.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.DOTALL)
_TAG_START = rx.compile(r"<(?=[A-Za-z/!?])")
_UNSAFE_LINK = rx.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_SITE_TEMPLATE = rx.compile(r"(\{\{|\{%|\{#|%\})")


def markdown_safe(text: str) -> str:
    """Story Markdown made inert for a Markdown output: no raw HTML, unsafe links or site templating.

    Static site generators run their own template languages over content (Hugo shortcodes,
    Jekyll's Liquid), so braces a story writes are shown, never run.
    """
    return _inert(str(text))  # keyed by the text: True and 1 are equal keys, but not the same text


# Every kind's templates pass the same names, figures and paragraphs of a story through `md`
# and `md_cell`: most calls are repeats, answered from here.
@lru_cache(maxsize=1024)
def _inert(text: str) -> str:
    parts = _CODE.split(text)
    for i in range(0, len(parts), 2):  # outside code only: code shows tags as text anyway
        parts[i] = _UNSAFE_LINK.sub("](#unsafe-link-removed:", _TAG_START.sub("&lt;", parts[i]))
    # Site generators expand their templating even inside code, so braces are broken everywhere
    # with a zero-width space: they read the same and run nowhere.
    return _SITE_TEMPLATE.sub(lambda m: m.group(1)[0] + "\u200b" + m.group(1)[1], "".join(parts))


_TAG = rx.compile(r"<[^>]*>?")


def plain_text(text: str) -> str:
    """Text for a field a site shows as it likes (front matter): no tags, no site templating."""
    without_tags = _TAG.sub("", " ".join(str(text).split()))
    return _SITE_TEMPLATE.sub(lambda m: m.group(1)[0] + "\u200b" + m.group(1)[1], without_tags)


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _cell(str(text))


@lru_cache(maxsize=1024)
def _cell(text: str) -> str:
    return _inert(" ".join(text.split())).replace("|", "\\|")


def first_sentence(text: str) -> str:
    """The first sentence of a section's prose; "" when it has none (only a table, code or a picture,
    which flattened into a sentence read as "| Before | After | |---|")."""
    from kit.kinds.text import sentences  # kit's one sentence splitter: "Dr." or "e.g." ends no sentence

    # A list item's marker is layout, not a sentence: "1. Remote caching…" had made "What we did: 1."
    found = sentences(_LIST_MARKER.sub("", _prose_lines(str(text))))
    return found[0] if found else ""


_LIST_MARKER = rx.compile(r"(?m)^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


_FENCE_BLOCK = rx.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
_NOT_PROSE = rx.compile(r"^\s*(?:\||#|!\[|<)")  # table rows, headings, pictures, raw HTML


def _prose_lines(text: str) -> str:
    """A section's text without its fenced code, tables, headings, pictures and raw HTML lines.

    A line ending in a colon introduces what follows it: where that is left out, the lead-in ends as
    a sentence ("pre-aggregate by day."), or it runs on into the next paragraph ("by day: Read more").
    """
    if "```" in text or "~~~" in text:
        text = _FENCE_BLOCK.sub(_DROPPED, text)
    kept: list[str] = []
    last = -1  # the last prose line kept that has words
    code = False  # inside an indented code block
    for line in text.split("\n"):
        # Indented after a blank line, and not under a list item: a code block, to the next unindented line.
        code = line.startswith(("    ", "\t")) and (code or _after_blank(kept, last))
        if code or line == _DROPPED or _NOT_PROSE.match(line):
            if last >= 0 and kept[last].rstrip().endswith(":"):
                kept[last] = kept[last].rstrip()[:-1] + "."
            continue
        kept.append(line)
        if line.strip():
            last = len(kept) - 1
    return "\n".join(kept)


def _after_blank(kept: list[str], last: int) -> bool:
    """Whether the lines kept end in a blank line after prose that is no list item (an indented line
    there starts a code block; under a list item it continues the item)."""
    return bool(kept) and not kept[-1].strip() and (last < 0 or not _LIST_ITEM.match(kept[last]))


_LIST_ITEM = rx.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


_DROPPED = "\x00"  # where a fenced block was, for the lead-in before it


def lower_first(text: str, proper: Collection[str] = ()) -> str:
    """A name made to run on in a sentence: "Deployment lead time" -> "deployment lead time".

    A name stays as written when its first word is no plain capitalised word ("GPU spend", "BigQuery
    query time", "I"), when the next word is capitalised too ("Net Promoter Score"), or when its first
    word is one of `proper`, the words the story writes capitalised where no sentence starts
    (`kit.views.proper_words`: "Heathrow", "Kubernetes", a German noun): "heathrow turnaround time",
    "net Promoter Score" and "bigQuery" misname what they name.
    """
    text = str(text)
    if len(text) < 2 or not text[0].isupper() or text[1].isupper() or text[1].isdigit() or _PRONOUN_I.match(text):
        return text
    first = _FIRST_WORD.match(text)
    word = first.group() if first else ""
    if any(c.isupper() for c in word[1:]) or word in proper or _TITLED.match(text, len(word)):
        return text  # "Net Promoter Score", "App Store rating": a name in capitals, not a phrase
    return text[0].lower() + text[1:]


_FIRST_WORD = rx.compile(r"[^\W\d_]+")  # letters only: "Heathrow's" is "Heathrow", "Door-to-door" is "Door"
_TITLED = rx.compile(r"\s+[A-Z][a-z]")  # the next word capitalised as a name's are ("App Store"), not an acronym


_PRONOUN_I = rx.compile(r"I(?:\b|'|’)")  # "I learned", "I'd": never "i"


def truncate_words(text: str, limit: int) -> str:
    words = str(text).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def to_yaml(data: Any) -> str:
    """YAML for front matter: safe, unicode, keys in the order given."""
    node = _yaml_node(data, set())
    if node is None:  # a value front matter does not hold, or one object in two places: PyYAML decides
        return yaml.dump(
            data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
        )
    return str(yaml.serialize(node, Dumper=_DUMPER, allow_unicode=True, width=1000))


_YAML_TAG = "tag:yaml.org,2002:"


def _yaml_node(value: Any, seen: set[int]) -> yaml.Node | None:
    """The node `yaml.dump` would make for front matter's types (strings, booleans, whole numbers,
    None, dates, lists and dicts), or None for any other value.

    PyYAML's representer asks every value its type's whole ancestry and keeps a table of what it
    has seen; for these exact types it makes these nodes (SafeRepresenter's `represent_*`, with no
    default style and `default_flow_style=False`). A list, dict or date met twice is written as an
    anchor and an alias, so meeting one again is also None: `yaml.dump` then writes it.
    """
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_YAML_TAG + "str", value)
    if kind is bool:
        return yaml.ScalarNode(_YAML_TAG + "bool", "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode(_YAML_TAG + "int", str(value))
    if value is None:
        return yaml.ScalarNode(_YAML_TAG + "null", "null")
    if kind not in (datetime.date, list, dict) or id(value) in seen:
        return None
    seen.add(id(value))
    if kind is datetime.date:
        return yaml.ScalarNode(_YAML_TAG + "timestamp", value.isoformat())
    if kind is list:
        items = [_yaml_node(item, seen) for item in value]
        if any(item is None for item in items):
            return None
        return yaml.SequenceNode(_YAML_TAG + "seq", items, flow_style=False)
    pairs = [(_yaml_node(key, seen), _yaml_node(item, seen)) for key, item in value.items()]
    if any(key is None or item is None for key, item in pairs):
        return None
    return yaml.MappingNode(_YAML_TAG + "map", pairs, flow_style=False)


# libyaml's emitter writes the same YAML as PyYAML's own for kit's front matter, several times faster.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
