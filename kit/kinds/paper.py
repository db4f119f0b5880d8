"""How tall the one-pager prints: an estimate from its Markdown, to keep it on one page.

Paper sizes differ, so the one-pager is laid out for the smaller of A4 and Letter in each
direction (A4's width, Letter's height) with the margins and type sizes that
templates/onepager.html.j2 sets; change them together. The estimate errs long: a glyph is
taken wider than Helvetica's or DejaVu Sans's average and every block gets its margins,
so a page estimated to fit does fit (tests/test_onepager_print.py prints them to be sure).
"""

from __future__ import annotations

import math
from functools import lru_cache

from kit import rx
from kit.markdown import markdown_tokens

MM = 72 / 25.4  # points per millimetre
PAPER = (210 * MM, 279.4 * MM)  # A4's width, Letter's height, in points
MARGIN = (14 * MM, 12 * MM)  # sides, top and bottom: `@page { margin: 12mm 14mm }`
WIDTH = PAPER[0] - 2 * MARGIN[0]
HEIGHT = PAPER[1] - 2 * MARGIN[1]
EM = 0.50  # average glyph width as a share of the font size, rounded up (capitals: CAPS)
CAPS = 0.68

# Type, in points, as onepager.html.j2 sets it: (font size, line height as a share of it).
BODY = (9.5, 1.38)
LEAD = (10.5, 1.38)  # the bottom line and the ask
TITLE = (17.0, 1.2)
HEADING = (9.0, 1.3)
TABLE = (8.5, 1.3)
LEGEND = (7.5, 1.3)
# The results table's columns, as shares of the width: metric, before, after, change, bars.
COLUMNS = (0.31, 0.13, 0.13, 0.29, 0.14)
CELL_PAD = (5.0, 10.0)  # vertical and horizontal padding of a cell, both sides together
ROW_RULE = 0.75
BARS = 12.0  # a results row's before and after bars: `.onepager td.bars svg { height: 12pt }`
FIGURE_ROW = 64 * 0.8  # a metric's row of the whole chart, scaled to the page
SAFETY = 1.03  # the share of the page an estimate may fill: estimates run 5–16% long


def printable_height() -> float:
    """The height, in points, an estimated one-pager may take."""
    return HEIGHT * SAFETY


def lines(text: str, width: float, size: float, em: float = EM) -> int:
    """How many lines `text` wraps to in `width` points at `size` (whole words, erring long)."""
    per_line = max(int(width / (size * em)), 8)
    if len(text) <= per_line:  # its words, one space apart, are no longer than it: one line (most cells)
        return 1
    count, used = 1, 0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > per_line:
            count, used = count + 1, len(word)
        else:
            used += need
        while used > per_line:  # a word longer than the line breaks
            count, used = count + 1, used - per_line
    return count


_MARKS = rx.compile(r"[*_`]")  # emphasis and code marks: not printed


def _text(inline: str) -> str:
    return _MARKS.sub("", inline)


def print_scale(markdown: str, chart: bool = False, metrics: int = 0) -> float:
    """1, or the largest scale (in steps of 0.02, down to 0.5) at which the page fits.

    Printed smaller, lines hold more words, so each scale is estimated afresh.
    """
    scale = 1.0
    while scale > 0.5 and page_height(markdown, chart, metrics, scale) * scale > printable_height():
        scale = round(scale - 0.02, 2)
    return scale


def page_height(markdown: str, chart: bool = False, metrics: int = 0, scale: float = 1.0) -> float:
    """The printed height, in points, of the one-pager's Markdown (and of a whole chart after it), unscaled.

    At `scale` below 1 the page is laid out `1 / scale` times wider before it is shrunk.
    """
    height = _text_height(markdown, WIDTH / scale)
    if chart:
        height += 40 + FIGURE_ROW * metrics
    return math.ceil(height)


# The one-pager asks the height of its final Markdown at full width twice: fitting its prose,
# then for print_scale.
@lru_cache(maxsize=8)
def _text_height(markdown: str, width: float) -> float:
    """The height, in points, of the Markdown laid out `width` points wide."""
    tokens = markdown_tokens(markdown)  # parsed once for every scale tried and for the page's HTML
    height = 0.0
    depth = 0  # inside a list or a quote
    lead = 0  # paragraphs before the first `##`: title, meta line, bottom line, ask
    cells: list[str] = []
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            height += 4
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif kind == "heading_open":
            text = _text(tokens[i + 1].content)
            if token.tag == "h1":
                height += lines(text, width, TITLE[0], CAPS * 0.9) * TITLE[0] * TITLE[1] + 4
            else:
                lead = -1
                height += lines(text, width, HEADING[0], CAPS) * HEADING[0] * HEADING[1] + 14
        elif kind == "paragraph_open" and tokens[i + 1].type == "inline":
            text = _text(tokens[i + 1].content)
            if depth:
                height += lines(text, width - 16 * depth, BODY[0]) * BODY[0] * BODY[1] + 2
            elif lead >= 0 and lead in (1, 2):  # the bottom line and the ask, in their box
                height += lines(text, width - 16, LEAD[0]) * LEAD[0] * LEAD[1] + 8
                lead += 1
            else:
                size = BODY if lead != 0 else LEGEND
                height += lines(text, width, size[0]) * size[0] * size[1] + 5
                lead += 1 if lead >= 0 else 0
        elif kind == "table_open":
            height += 8 + LEGEND[0] * LEGEND[1] + 4  # margins, the legend under it
        elif kind == "tr_open":
            cells = []
        elif kind == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            cells.append(_text(token.content))
        elif kind == "tr_close":
            tall = max(
                (lines(c, width * share - CELL_PAD[1], TABLE[0]) for c, share in zip(cells, COLUMNS, strict=False)),
                default=1,
            )
            # A body row's bars (`td.bars svg`, 12pt) are taller than a line of its text.
            height += max(tall * TABLE[0] * TABLE[1], BARS) + CELL_PAD[0] + ROW_RULE
    return height
