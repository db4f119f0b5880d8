"""Before/after charts as SVG, drawn from the same facts as the results table.

Hand-drawn SVG rather than a plotting library: two bars per metric need ~60 lines,
render offline and identically everywhere (golden files stay stable), and keep builds
free of heavy imports. Each metric gets its own row and scale, since units differ.

Two variants: `before_after_svg`, the whole chart (titles, names and values, a legend), and
`bar_pair_svg`, one metric's two bars alone, for a cell of a results table that already
names the metric and gives its values (the one-pager's compact chart).

SVG text does not wrap, and its width depends on the viewer's font, so every text is laid
out with a conservative width per character (`text_width`) and wrapped or shortened to fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kit.facts import MetricFacts

WIDTH = 640
PAD = 16
LABEL = 200  # where the bars start; the names and comparisons sit left of it
ROW = 64
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


def before_after_svg(metrics: Sequence[MetricFacts], title: str = "Before and after") -> str:
    """A small-multiples bar chart: one row per metric, before (grey) and after (blue, red if worse)."""
    heading = fit_lines(title, WIDTH - 2 * PAD, 15, "bold", lines=3)
    top = 12 + 20 * len(heading)
    values = [text for f in metrics for text in (f.before_text, f.after_text)]  # with the period: "a month"
    value_room = max((text_width(v, 12) for v in values), default=0) + 6
    bar_max = WIDTH - LABEL - PAD - value_room
    rows = [_names(f) for f in metrics]
    tops = [top + sum(_row_height(n) for n in rows[:i]) for i in range(len(rows))]
    legend_y = top + sum(_row_height(n) for n in rows) + 18
    height = legend_y + 14
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}: {escape(alt_text(metrics))}</title>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    out += [_text(PAD, 26 + 20 * i, line, 15, bold=True) for i, line in enumerate(heading)]
    for facts, names, row_top in zip(metrics, rows, tops, strict=True):
        out.extend(_row(facts, names, row_top, bar_max))
    out.extend(_legend(legend_y, any(_worse(f) for f in metrics)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _names(facts: MetricFacts) -> list[str]:
    """The metric's name in up to three lines beside its bars."""
    return fit_lines(facts.metric.name, LABEL - PAD - 8, 13, lines=3)


def _row_height(names: list[str]) -> int:
    """A row holds its two bars, and its name and comparison under one another."""
    return max(ROW, 18 + 15 * len(names) + 12)


def _row(facts: MetricFacts, names: list[str], top: int, bar_max: float) -> list[str]:
    metric = facts.metric
    values = {"before": max(metric.before.value, 0.0), "after": max(metric.after.value, 0.0)}
    scale = bar_max / (max(values.values()) or 1.0)
    room = LABEL - PAD - 8
    lines = [_text(PAD, top + 18 + 15 * i, line, 13) for i, line in enumerate(names)]
    short = fit_lines(_short(facts), room, 11, lines=1)
    lines += [_text(PAD, top + 18 + 15 * len(names), s, 11, "#57606a") for s in short]
    for offset, which in ((8, "before"), (30, "after")):
        shown = facts.before_text if which == "before" else facts.after_text
        width = max(values[which] * scale, 1.5)
        color = COLORS["worse"] if which == "after" and _worse(facts) else COLORS[which]
        y = top + offset
        lines.append(f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="18" rx="2" fill="{color}"/>')
        lines.append(
            f'<text x="{LABEL + width + 6:.1f}" y="{y + 14}" font-family="{FONT}" '
            f'font-size="12" fill="#1f2328">{escape(shown)}</text>'
        )
    return lines


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
    before, after = max(metric.before.value, 0.0), max(metric.after.value, 0.0)
    scale = (width - 2) / (max(before, after) or 1.0)
    bar = (height - 2) / 2
    after_color = COLORS["worse"] if _worse(facts) else COLORS["after"]
    label = f"{metric.name}: before {metric.before.text}, after {metric.after.text}"
    rects = [
        f'<rect x="0" y="0" width="{max(before * scale, 1.5):.1f}" height="{bar:g}" rx="1" fill="{COLORS["before"]}"/>',
        f'<rect x="0" y="{bar + 2:g}" width="{max(after * scale, 1.5):.1f}" height="{bar:g}" rx="1" '
        f'fill="{after_color}"/>',
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(rects)}</svg>"
    )


def _short(facts: MetricFacts) -> str:
    """The comparison's first part ("95% less time"), and "worse" where the bar is red."""
    first = facts.comparison.split(",")[0] if facts.comparison else ""
    return f"{first}, worse" if _worse(facts) and "worse" not in first and first != "new cost" else first


def alt_text(metrics: Sequence[MetricFacts]) -> str:
    """The chart in words, for alt text and screen readers."""
    return "; ".join(f"{f.metric.name} {f.phrase}" for f in metrics)
