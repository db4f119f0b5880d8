"""Before/after charts as SVG, drawn from the same facts as the results table.

Hand-drawn SVG rather than a plotting library: two bars per metric need ~60 lines,
render offline and identically everywhere (golden files stay stable), and keep builds
free of heavy imports. Each metric gets its own row and scale, since units differ. A row whose
values are all zero or more draws its bars from the left edge; a row with a value below zero
draws them either side of a zero line it shows, so a loss never looks like a small gain.

Two variants: `before_after_svg`, the whole chart (titles, names and values, a legend), and
`bar_pair_svg`, one metric's two bars alone, for a cell of a results table that already
names the metric and gives its values (the one-pager's compact chart).

SVG text does not wrap, and its width depends on the viewer's font, so every text is laid
out with a conservative width per character (`text_width`) and wrapped or shortened to fit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape
from typing import NamedTuple

from kit.facts import MetricFacts
from kit.render import lower_first

WIDTH = 640
PAD = 16
LABEL = 200  # where the bars start; the names and comparisons sit left of it
ROW = 64
MIN_BAR = 1.5  # a bar is never thinner than this, so a value near zero still shows where it is
COLORS = {"before": "#9aa5b1", "after": "#1f6feb", "worse": "#d1242f"}
FONT = "sans-serif"
# Average glyph width as a share of the font size, rounded up from Helvetica/Arial/DejaVu Sans
# (digits 0.56, lower case ~0.5, capitals ~0.67): a text laid out with these never overflows.
EM = {"normal": 0.62, "bold": 0.68}


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """A conservative width of `text` in SVG units at font size `size`."""
    return len(text) * size * EM[weight]


def fit_lines(text: str, width: float, size: float, weight: str = "normal", lines: int = 2) -> list[str]:
    """`text` wrapped at spaces into at most `lines` lines of `width`; the last one cut with "…"."""
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, weight) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words or (out and text_width(out[-1], size, weight) > width):
        last = f"{out[-1]} {' '.join(words)}".strip() if words else out[-1]
        while last and text_width(last + "…", size, weight) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]  # whole words where it can
        out[-1] = last.rstrip(" ,;:") + "…"
    return out


def _text(x: float, y: float, text: str, size: int, fill: str = "#1f2328", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size}"{weight} fill="{fill}">{escape(text)}</text>'
    )


def _worse(facts: MetricFacts) -> bool:
    return not facts.improved and bool(facts.change)


def before_after_svg(
    metrics: Sequence[MetricFacts], title: str = "Before and after", proper: Collection[str] = ()
) -> str:
    """A small-multiples bar chart: one row per metric, before (grey) and after (blue, red if worse).

    `proper`: the story's capitalised names, which its title for screen readers keeps (`alt_text`)."""
    heading = fit_lines(title, WIDTH - 2 * PAD, 15, "bold", lines=3)
    top = 12 + 20 * len(heading)
    values = [text for f in metrics for text in (f.before_text, f.after_text)]  # with the period: "a month"
    value_room = max((text_width(v, 12) for v in values), default=0) + 6
    bar_max = WIDTH - LABEL - PAD - value_room
    rows = [_labels(f) for f in metrics]
    tops = [top + sum(_row_height(*n) for n in rows[:i]) for i in range(len(rows))]
    legend_y = top + sum(_row_height(*n) for n in rows) + 18
    height = legend_y + 14
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}: {escape(alt_text(metrics, proper))}</title>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    out += [_text(PAD, 26 + 20 * i, line, 15, bold=True) for i, line in enumerate(heading)]
    for facts, (names, short), row_top in zip(metrics, rows, tops, strict=True):
        out.extend(_row(facts, names, short, row_top, bar_max))
    out.extend(_legend(legend_y, any(_worse(f) for f in metrics)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _labels(facts: MetricFacts) -> tuple[list[str], list[str]]:
    """The metric's name in up to three lines beside its bars, and its comparison under it in as many
    lines as it takes (up to three): cut to one, "up 0.4 percentage points, worse" lost its unit and "worse"."""
    room = LABEL - PAD - 8
    return fit_lines(facts.metric.name, room, 13, lines=3), fit_lines(_short(facts), room, 11, lines=3)


def _row_height(names: list[str], short: list[str]) -> int:
    """A row holds its two bars, and its name and comparison under one another."""
    return max(ROW, 18 + 15 * len(names) + 13 * (len(short) - 1) + 12)


def _row(facts: MetricFacts, names: list[str], short: list[str], top: int, bar_max: float) -> list[str]:
    lines = [_text(PAD, top + 18 + 15 * i, line, 13) for i, line in enumerate(names)]
    first = top + 18 + 15 * len(names)
    lines += [_text(PAD, first + 13 * i, s, 11, "#57606a") for i, s in enumerate(short)]
    return lines + (_signed_bars(facts, top) if _signed(facts) else _bars(facts, top, bar_max))


def _bars(facts: MetricFacts, top: int, bar_max: float) -> list[str]:
    """Bars from the left edge, for a row whose values are all zero or more: its left edge is zero."""
    metric = facts.metric
    values = {"before": metric.before.value, "after": metric.after.value}
    scale = bar_max / (max(values.values()) or 1.0)
    lines: list[str] = []
    for offset, which in ((8, "before"), (30, "after")):
        shown = facts.before_text if which == "before" else facts.after_text
        width = max(values[which] * scale, MIN_BAR)
        y = top + offset
        lines.append(
            f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="18" rx="2" fill="{_color(facts, which)}"/>'
        )
        lines.append(
            f'<text x="{LABEL + width + 6:.1f}" y="{y + 14}" font-family="{FONT}" '
            f'font-size="12" fill="#1f2328">{escape(shown)}</text>'
        )
    return lines


def _signed_bars(facts: MetricFacts, top: int) -> list[str]:
    """Bars either side of a drawn zero line, for a row with a value below zero.

    A value's label sits beyond its bar's end, so room for the labels is kept at both ends:
    left of the longest bar below zero, right of the longest bar above it.
    """
    shown = {"before": facts.before_text, "after": facts.after_text}
    values = {"before": facts.metric.before.value, "after": facts.metric.after.value}
    left = max((text_width(shown[k], 12) + 6 for k, v in values.items() if v < 0), default=0.0)
    right = max((text_width(shown[k], 12) + 6 for k, v in values.items() if v >= 0), default=0.0)
    axis = _axis(tuple(values.values()), LABEL + left, WIDTH - PAD - right)
    lines: list[str] = []
    for offset, which in ((8, "before"), (30, "after")):
        x, width = axis.bar(values[which])
        y = top + offset
        lines.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" rx="2" fill="{_color(facts, which)}"/>'
        )
        # below zero the label ends left of the bar (anchored at its end), else it starts right of it
        below = values[which] < 0
        at = f'x="{x - 6:.1f}" y="{y + 14}" text-anchor="end"' if below else f'x="{x + width + 6:.1f}" y="{y + 14}"'
        lines.append(f'<text {at} font-family="{FONT}" font-size="12" fill="#1f2328">{escape(shown[which])}</text>')
    return lines + [  # over the bars, so their rounded ends do not hide it
        _zero_line(axis.zero, top + 4, top + 52),
        f'<text x="{axis.zero:.1f}" y="{top + 62}" text-anchor="middle" font-family="{FONT}" '
        f'font-size="10" fill="#57606a">0</text>',
    ]


class _Axis(NamedTuple):
    """Where a row's zero is, and how long one unit of its values is drawn."""

    zero: float
    scale: float

    def bar(self, value: float) -> tuple[float, float]:
        """The x and width of `value`'s bar: right of zero from it, or left of zero up to it."""
        width = max(abs(value) * self.scale, MIN_BAR)
        return (self.zero - width if value < 0 else self.zero), width


def _axis(values: tuple[float, ...], start: float, end: float) -> _Axis:
    """One scale for `values` drawn between x=`start` and x=`end`, zero where the two sides meet.

    MIN_BAR is kept free at each end that has bars, so a bar widened to MIN_BAR still ends inside.
    """
    has_below, has_above = any(v < 0 for v in values), any(v >= 0 for v in values)
    below, above = max(-min(values), 0.0), max(max(values), 0.0)
    scale = max(end - start - MIN_BAR * (has_below + has_above), 0.0) / ((below + above) or 1.0)
    return _Axis(start + (max(below * scale, MIN_BAR) if has_below else 0.0), scale)


def _zero_line(x: float, top: float, bottom: float) -> str:
    """The line a row's bars start from, drawn where some of them go below zero."""
    return f'<line x1="{x:.1f}" y1="{top:g}" x2="{x:.1f}" y2="{bottom:g}" stroke="#57606a" stroke-width="1"/>'


def _signed(facts: MetricFacts) -> bool:
    """A value below zero needs a zero line; rows without one keep their bars from the left edge."""
    return min(facts.metric.before.value, facts.metric.after.value) < 0


def _color(facts: MetricFacts, which: str) -> str:
    """Grey before; blue after, red where it got worse."""
    return COLORS["worse"] if which == "after" and _worse(facts) else COLORS[which]


def _legend(y: int, worse: bool) -> list[str]:
    """Swatches that say what each colour means, and that each row has its own scale."""
    keys = [("before", "Before"), ("after", "After")] + ([("worse", "After, worse")] if worse else [])
    out: list[str] = []
    x = float(PAD)
    for key, label in keys:
        out.append(f'<rect x="{x:g}" y="{y - 9}" width="10" height="10" rx="2" fill="{COLORS[key]}"/>')
        out.append(_text(x + 14, y, label, 11, "#57606a"))
        x += 14 + text_width(label, 11) + 14
    out.append(_text(x, y, "Each row has its own scale.", 11, "#57606a"))
    return out


def bar_pair_svg(facts: MetricFacts, width: int = 120, height: int = 18) -> str:
    """One metric's before and after as two bars on their own scale, no text (the table gives it)."""
    metric = facts.metric
    bar = (height - 2) / 2
    label = f"{metric.name}: before {metric.before.text}, after {metric.after.text}"
    if _signed(facts):
        rects = _signed_pair(facts, width, height, bar)
    else:
        before, after = metric.before.value, metric.after.value
        scale = (width - 2) / (max(before, after) or 1.0)
        rects = [
            f'<rect x="0" y="0" width="{max(before * scale, MIN_BAR):.1f}" height="{bar:g}" rx="1" '
            f'fill="{COLORS["before"]}"/>',
            f'<rect x="0" y="{bar + 2:g}" width="{max(after * scale, MIN_BAR):.1f}" height="{bar:g}" rx="1" '
            f'fill="{_color(facts, "after")}"/>',
        ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(rects)}</svg>"
    )


def _signed_pair(facts: MetricFacts, width: int, height: int, bar: float) -> list[str]:
    """The two bars either side of a zero line, for a metric with a value below zero."""
    values = {"before": facts.metric.before.value, "after": facts.metric.after.value}
    axis = _axis(tuple(values.values()), 1.0, width - 1.0)
    out = []
    for y, which in ((0.0, "before"), (bar + 2, "after")):
        x, length = axis.bar(values[which])
        fill = _color(facts, which)
        out.append(f'<rect x="{x:.1f}" y="{y:g}" width="{length:.1f}" height="{bar:g}" rx="1" fill="{fill}"/>')
    return [*out, _zero_line(axis.zero, 0, height)]  # over the bars, so their rounded ends do not hide it


def _short(facts: MetricFacts) -> str:
    """The comparison's first part ("95% less time"), and "worse" where the bar is red."""
    first = facts.comparison.split(", ")[0] if facts.comparison else ""  # not "5,001" (a thousands separator)
    return f"{first}, worse" if _worse(facts) and "worse" not in first and first != "new cost" else first


def alt_text(metrics: Sequence[MetricFacts], proper: Collection[str] = ()) -> str:
    """The chart in words, for alt text and screen readers: one line, so a name after the first runs on
    in it and is lower-cased as the prose does ("...; cloud spend from"), a name in `proper` (the story's
    capitalised words, `kit.views.proper_words`: "Kubernetes upgrade time") kept as written."""
    return "; ".join(f"{f.metric.name if i == 0 else lower_first(f.metric.name, proper)} {f.phrase}"
                     for i, f in enumerate(metrics))  # fmt: skip
