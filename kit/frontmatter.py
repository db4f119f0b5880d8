"""Front matter: the one reader of the `---` YAML block at the top of stories, drafts and prompts.

python-frontmatter's YAML handler decides where the block starts and ends; each caller
parses the YAML its own way (a story strictly, with lines for messages; a draft or a
prompt with `yaml.safe_load`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from frontmatter.default_handlers import YAMLHandler

_BOUNDARY = YAMLHandler.FM_BOUNDARY  # a line of three or more dashes


class Unclosed(ValueError):
    """The text opens a front matter block and never closes it."""


@dataclass(frozen=True)
class Split:
    """A text's front matter (None when it has none), its body, and the offset where the body starts."""

    front: str | None  # the text between the two `---` lines, as written
    body: str
    front_start: int  # offsets in the text (0 and 0 without front matter)
    body_start: int


def split(text: str) -> Split:
    """Front matter and body of a text with `\\n` line ends, or Unclosed for a block never closed."""
    if not YAMLHandler().detect(text):
        return Split(None, text, 0, 0)
    marks = list(islice(_BOUNDARY.finditer(text), 2))
    if len(marks) < 2:
        raise Unclosed("the front matter is not closed; add a line `---` after it")
    opening, closing = marks
    return Split(text[opening.end() : closing.start()], text[closing.end() :], opening.end(), closing.end())


def blank(text: str) -> str:
    """The text with its front matter block turned to spaces, lines kept (so line numbers still hold)."""
    try:
        start = split(text).body_start
    except Unclosed:
        return text
    head = "".join(c if c == "\n" else " " for c in text[:start])
    return head + text[start:]
