"""Style (warnings, errors with `strict_style`): how a draft says what the story supports.

- hype words (`HYPE_WORDS`): say what changed and by how much instead;
- "+200%"-style increases: readers misread increases above 100%, a fold says it plainly;
- a percentage change on a metric that is itself a percentage: say percentage points;
- readability for the kind's reader: Flesch reading ease and Flesch-Kincaid grade against
  the kind's `readability` target, for prose of `MIN_WORDS_FOR_READABILITY` words or more.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kit import rx
from kit.checks.figures import Figure
from kit.checks.limits import count_words
from kit.checks.masking import folded, prose, when_needed
from kit.checks.report import Finding
from kit.checks.supports import Support, find_support
from kit.facts import format_fold
from kit.usercache import cache_folder
from kit.write import atomic_write

HYPE_WORDS = (
    "revolutionary", "revolutionize", "revolutionized", "game-changing", "game changer",
    "game-changer", "world-class", "seamless", "seamlessly", "cutting-edge", "best-in-class",
    "next-generation", "next-gen", "groundbreaking", "ground-breaking", "disruptive",
    "paradigm shift", "synergy", "synergies", "unparalleled", "unprecedented", "bleeding-edge",
    "state-of-the-art", "mind-blowing", "magical", "supercharge", "supercharged", "10x engineer",
    "blazing fast", "blazing-fast", "effortless", "effortlessly", "leverage", "transformative",
)  # fmt: skip
_HYPE = when_needed(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in HYPE_WORDS) + r")(?![\w-])", re.I)
_INCREASE_AFTER = when_needed(r"^\s*(?:more|higher|increase|faster|improvement|growth|gain|up|better|boost)\b", re.I)
_INCREASE_BEFORE = when_needed(r"\b(?:up|increased?|grew|grown|rose|risen|improved|boosted|gained|by)\s+$", re.I)

MIN_WORDS_FOR_READABILITY = 100


def _hype(lines: Sequence[str]) -> list[Finding]:
    return [
        Finding(
            "style",
            "warning",
            number,
            match.group(0),
            "hype; say what changed and by how much instead",
        )  # fmt: skip
        for number, line in enumerate(lines, start=1)
        for match in _HYPE().finditer(line)
    ]


def _big_increase(figure: Figure, line: str) -> Finding | None:
    if figure.unit != "%" or figure.value <= 100:
        return None
    after = line[figure.column + len(figure.text) :]
    before = line[: figure.column]
    if figure.sign != "+" and not _INCREASE_AFTER().match(after) and not _INCREASE_BEFORE().search(before):
        return None
    fold = format_fold(1 + figure.value / 100)
    return Finding("style", "warning", figure.line, figure.text,
                   f'readers misread increases above 100%; say "{fold}" or "from A to B"')  # fmt: skip


def _percent_of_percent(figure: Figure, as_percent: Sequence[Support], as_points: Sequence[Support]) -> Finding | None:
    if figure.unit != "%":
        return None
    # Points first: most stories have none (only a percentage metric's change is in points).
    if find_support(figure, as_points) is None or find_support(figure, as_percent) is not None:
        return None
    points = figure.text.replace("%", " percentage points").replace("  ", " ")
    return Finding(
        "style",
        "warning",
        figure.line,
        figure.text,
        f'the metric is itself a percentage; say "{points}" so nobody reads it as a relative change',
    )


_ITEM = rx.compile(r"^(?:>\s*)?(?:[-*+]\s+|\d+[.)]\s+)")
_MARKS = rx.compile(r"^(?:>\s*)?(?:[-*+]\s+|\d+[.)]\s+)?")
_WORD = rx.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d[\d.,]*")
_SENTENCE_END = rx.compile(r"[.!?]+(?=\s|$)")


def _readable_prose(text: str) -> str:
    """Paragraphs and list items, one per line, without tables, headings or Markdown marks."""
    paragraphs: list[list[str]] = [[]]
    for line in prose(text).split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith(("|", "#", "![", "---")):
            paragraphs.append([])
            continue
        # `_ITEM` and `_MARKS` match only from a ">", a list mark or a digit (`\d` is a kind of
        # `isdigit`): any other line is neither an item nor has marks to drop.
        if stripped[0] in ">-*+" or stripped[0].isdigit():
            if _ITEM.match(stripped):
                paragraphs.append([])
            stripped = _MARKS.sub("", stripped)
        paragraphs[-1].append(stripped)
    return "\n".join(" ".join(p) for p in paragraphs if p)


def flesch(text: str) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade of English prose.

    The formulas as textstat has them, with syllables from pyphen (textstat's own fallback):
    textstat 0.7.13 fetches NLTK's cmudict over the network for English, which a check must not.
    """
    words = _WORD.findall(text)
    if not words:
        return 100.0, 0.0
    sentences = sum(max(1, len(_SENTENCE_END.findall(p))) for p in text.split("\n") if p.strip())
    # Each different word counted once, times its uses: a draft says most words many times.
    # (A Counter keeps words in the order first said: the same words are counted in the same order.)
    syllables = sum(uses * (_syllables(w) if w[0].isalpha() else 1) for w, uses in Counter(words).items())
    per_sentence, per_word = len(words) / sentences, syllables / len(words)
    return (
        206.835 - 1.015 * per_sentence - 84.6 * per_word,
        0.39 * per_sentence + 11.8 * per_word - 15.59,
    )


@cache
def _hyphenator() -> Any:
    """pyphen's English dictionary, loaded once and only when a readability score is computed.

    Its patterns, parsed, are kept in the user's cache folder: parsing the dictionary costs
    more than the rest of checking a draft.
    """
    import pyphen  # only the readability score needs it

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    folder = cache_folder("hyphenation")
    stamp = f"{path.stem}-{pyphen.__version__}-{path.stat().st_size}-{path.stat().st_mtime_ns}"
    saved = folder / f"{stamp}.json" if folder else None
    if saved is not None and path not in pyphen.hdcache:
        try:
            patterns = json.loads(saved.read_text(encoding="utf-8"))
            parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
            parsed.patterns = {key: (start, tuple(values)) for key, (start, values) in patterns.items()}
            parsed.cache, parsed.maxlen = {}, max(len(key) for key in patterns)
            pyphen.hdcache[path] = parsed
        except (OSError, ValueError, TypeError, AttributeError):
            pass
    dictionary = pyphen.Pyphen(lang="en_US")
    patterns = dictionary.hd.patterns
    if saved is not None and not saved.is_file() and all(type(v) is int for _, vs in patterns.values() for v in vs):
        with contextlib.suppress(OSError):
            atomic_write(saved, json.dumps(patterns))
    return dictionary


@lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    known = _counted().get(word)
    if known is None:
        known = len(_hyphenator().positions(word)) + 1
        _counted().learn(word, known)
    return known


class _Counted:
    """Syllable counts worked out before, kept in the user's cache folder per dictionary file.

    A draft's words are mostly words kit has counted before (its story's, kit's own), and a
    check whose words are all known never imports pyphen nor reads its patterns, which costs
    more than the rest of checking a draft. The counts are pyphen's, for the same dictionary
    file (its size and time, and those of pyphen's own module, name the record). A process adds
    the words it counted when it exits; a build's worker processes leave theirs unsaved.
    """

    LIMIT = 100_000  # words kept

    def __init__(self) -> None:
        self.path = self._record()
        self.counts: dict[str, int] = {}
        self.new: dict[str, int] = {}
        if self.path is not None:
            self.counts = self._read(self.path)

    def get(self, word: str) -> int | None:
        return self.counts.get(word)

    def learn(self, word: str, count: int) -> None:
        if self.path is not None and not self.new:
            atexit.register(self.save)
        self.counts[word] = self.new[word] = count

    def save(self) -> None:
        if self.path is None or not self.new:
            return
        counts = {**self._read(self.path), **self.new}
        if len(counts) <= self.LIMIT:
            with contextlib.suppress(OSError):
                atomic_write(self.path, json.dumps(counts, separators=(",", ":")))
        self.new = {}

    @staticmethod
    def _read(path: Path) -> dict[str, int]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and type(v) is int}

    @staticmethod
    def _record() -> Path | None:
        """The record's path, named for pyphen's English dictionary file (found without importing pyphen)."""
        spec = importlib.util.find_spec("pyphen")
        if spec is None or not spec.origin or not spec.submodule_search_locations:
            return None
        module = Path(spec.origin)
        dictionary = module.parent / "dictionaries" / "hyph_en_US.dic"
        folder = cache_folder("hyphenation")
        try:
            made = [(f.stat().st_size, f.stat().st_mtime_ns) for f in (dictionary, module)]
        except OSError:
            return None
        return folder / ("syllables-" + "-".join(f"{size}-{time}" for size, time in made) + ".json") if folder else None


@cache
def _counted() -> _Counted:
    return _Counted()


def _readability(text: str, kind: str, target: tuple[float, float] | None) -> Finding | None:
    if target is None:
        return None
    plain = _readable_prose(text)
    if count_words(plain) < MIN_WORDS_FOR_READABILITY:
        return None
    ease, grade = flesch(plain)
    min_ease, max_grade = target
    if ease >= min_ease and grade <= max_grade:
        return None
    return Finding("style", "warning", None, f"reading ease {ease:.0f}, grade {grade:.1f}",
                   f"hard to read for a {kind} reader (aim for ease ≥ {min_ease:.0f}, grade ≤ {max_grade:.0f}); "
                   "shorter sentences and plainer words help")  # fmt: skip


def check_style(
    text: str,
    figures: Sequence[Figure],
    supports: Sequence[Support],
    kind: str,
    readability: tuple[float, float] | None = None,
) -> list[Finding]:
    """Style warnings: hype, "+200%" increases, percentages of percentages, readability (for a target)."""
    readable = prose(text)
    lines = readable.split("\n")
    lower = folded(readable)  # `_HYPE` ignores case, so it tries every position: only where a hype word is
    findings = _hype(lines) if any(word in lower for word in HYPE_WORDS) else []
    as_percent = [s for s in supports if s.family == "percent"]
    as_points = [s for s in supports if s.family == "points"]
    for figure in figures:
        line = lines[figure.line - 1]
        for finding in (_big_increase(figure, line), _percent_of_percent(figure, as_percent, as_points)):
            if finding is not None:
                findings.append(finding)
    readability_finding = _readability(text, kind, readability)
    return findings + ([readability_finding] if readability_finding else [])
