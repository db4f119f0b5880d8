"""Markdown: CommonMark with tables to tokens and HTML (markdown-it), raw HTML shown as text.

`markdown_parser` is the one parser, as markdown-it makes it; `markdown_html` and
`markdown_tokens` (the one-pager's height and page, the blog's preview) read through its twin,
`_reading_parser`, which makes the same tokens more cheaply. markdown-it loads when something
is parsed: `kit check` needs it not.
"""

from __future__ import annotations

import dataclasses
import types
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict


@cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark with tables, raw HTML shown as text."""
    from markdown_it.renderer import RendererHTML

    return _commonmark(RendererHTML)


def _commonmark(renderer: type[RendererHTML]) -> MarkdownIt:
    """A new parser set up as `markdown_parser` is, writing HTML with `renderer`."""
    from markdown_it import MarkdownIt

    # Raw HTML off: a story's <script> is shown as text. markdown-it refuses javascript:,
    # vbscript:, file: and most data: links on its own (validateLink).
    options = {"html": False, "linkify": False, "typographer": False}
    parser = MarkdownIt("commonmark", options, renderer_cls=renderer).enable("table")
    # With raw HTML off, its rules only ever say no, at every line and every `<`: skip asking.
    return parser.disable(["html_block", "html_inline"])


@lru_cache(maxsize=2)  # the one-pager reads its final body right after parsing it: the last two are enough
def _parsed(text: str) -> tuple[tuple[Token, ...], dict[str, Any]]:
    """A text's tokens and the parse's env (its link references), parsed once for every reader.

    The one-pager estimates its printed height from the same Markdown it then renders to HTML
    (kit.kinds.paper): one parse serves both. Readers must not change the tokens: they may be
    shared with other parses (`_reading_parser`).
    """
    env: dict[str, Any] = {}
    return tuple(_reading_parser().parse(text, env)), env


# ---- the reading parser: markdown-it, cheaper, for tokens that are only read --------------
# A story's drafts repeat the same names, figures and table cells (the blog and the one-pager
# show the same results table), so most of markdown-it's inline parsing is of text it has
# parsed before. `_parsed`, whose tokens are only read, uses a parser that keeps the inline
# tokens of each inline run and hands them out again, and splits table rows faster; every
# token is what `markdown_parser` makes (tests/test_render_fast.py). `markdown_parser` stays
# as markdown-it made it: kit.review changes the tokens it gets, which must never reach
# another parse.

_INLINE_KEPT = 4096  # inline runs remembered; past that the memory is emptied and starts again
_inline_children: dict[str, list[Token]] = {}


@cache
def _reading_parser() -> MarkdownIt:
    """`markdown_parser`'s twin for tokens that are only read: inline runs seen before are not parsed
    again, and tables split their rows faster."""
    parser = _commonmark(_reading_renderer())
    parser.core.ruler.at("inline", _inline_or_remembered)
    parser.core.ruler.after("text_join", "remember_inline", _remember_inline)
    parser.block.ruler.at("table", _table_rule(), {"alt": ["paragraph", "reference"]})  # as markdown-it lists it
    return parser


def _table_rule() -> Callable[..., bool]:
    """markdown-it's table rule, its code unchanged, splitting rows with `_split_row`.

    The rule splits every row of every table with `escapedSplit`, which steps through the row a
    character at a time in Python: a third of the rule's time. The same code, given a namespace
    where that name is `_split_row`, makes the same tokens faster, and markdown-it is left as it is.
    A markdown-it whose rule no longer splits rows by that name keeps its own rule, unchanged.
    """
    from markdown_it.rules_block import table

    split = table.__globals__.get("escapedSplit")
    if not callable(split):
        return table
    namespace = {**table.__globals__, "escapedSplit": _split_row(split)}
    return types.FunctionType(table.__code__, namespace, table.__name__, table.__defaults__, table.__closure__)


def _split_row(escaped_split: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """markdown-it's `escapedSplit`, with `str.split` for a row without a backslash.

    Exact: `escapedSplit` splits at every `|` not after a backslash, and drops the backslash of
    `\\|`; with no backslash in the row every `|` splits and nothing is dropped: `str.split("|")`.
    """

    def split_row(row: str) -> list[str]:
        return row.split("|") if "\\" not in row else escaped_split(row)

    return split_row


@cache
def _reading_renderer() -> type[RendererHTML]:
    """markdown-it's HTML renderer, leaving the tokens it renders as they were parsed."""
    from markdown_it.renderer import RendererHTML

    class Renderer(RendererHTML):
        def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
            """markdown-it's, on a copy of the image token: markdown-it's own sets the token's alt text
            from its inline tokens, and the token may be remembered for other parses."""
            shown = dataclasses.replace(tokens[idx], attrs=dict(tokens[idx].attrs))
            return str(super().image([shown], 0, options, env))

    return Renderer


def _inline_or_remembered(state: StateCore) -> None:
    """markdown-it's core `inline` rule, taking the tokens of an inline run it has seen from memory.

    Exact: an inline run's tokens depend on its text and the env alone (each run is parsed afresh
    from level 0, into the empty list the block rules give it), and memory is used only while the
    env is empty (a link reference definition changes how links parse). The remembered tokens were
    kept after `text_join`, which leaves already joined tokens as they are, so running it again
    over them changes nothing.
    """
    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        known = None if env else _inline_children.get(token.content)
        if known is not None:
            token.children = list(known)
            continue
        if token.children is None:
            token.children = []
        md.inline.parse(token.content, md, env, token.children)


def _remember_inline(state: StateCore) -> None:
    """Keep each inline run's final tokens (after `text_join`) for the next time its text is parsed."""
    if state.env:
        return
    if len(_inline_children) > _INLINE_KEPT:
        _inline_children.clear()
    for token in state.tokens:
        if token.type == "inline" and token.children is not None and token.content not in _inline_children:
            _inline_children[token.content] = list(token.children)


def markdown_tokens(text: str) -> tuple[Token, ...]:
    """The block tokens of a text, as `markdown_html` renders them (shared: read, never change them)."""
    return _parsed(text)[0]


def markdown_html(text: str) -> Markup:
    """Markdown to HTML with raw HTML escaped and unsafe links refused."""
    parser = _reading_parser()
    tokens, env = _parsed(str(text))
    return Markup(parser.renderer.render(tokens, parser.options, env))  # what parser.render(text) returns
