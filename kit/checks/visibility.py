"""Visibility (errors, public audience only): what a public draft must not show.

- no figure supported only by internal metrics, facts or sections (`leak`); a figure that
  is also public elsewhere in the story is not a leak;
- no internal quote (`internal_quotes`);
- no run of `SHARED_WORDS` words found only in internal text (`leaked_runs`);
- an internal metric's value is internal wherever it appears, the story's public prose
  included (`kit validate` warns about it: `internal_values_in_prose`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from kit import rx
from kit.checks.figures import FOLD, Figure, extract_figures
from kit.checks.masking import mask_non_claims, prose
from kit.checks.quotes import draft_quotes, normalise, quote_matches, straighten
from kit.checks.reading import nouns_after
from kit.checks.report import Finding
from kit.checks.supports import Support, find_support, prose_texts
from kit.errors import Problem
from kit.quantity import Dimension
from kit.story import Story
from kit.views import View

SHARED_WORDS = 8  # this many consecutive words shared with internal-only text is a leak


# ---- words only internal text has -------------------------------------------------------

_WORD = rx.compile(r"\w+(?:['.,]\w+)*")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(normalise(text) if text else "")]


def _shingles(words: Sequence[str], size: int = SHARED_WORDS) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _internal_texts(story: Story) -> list[tuple[str, str]]:
    meta = story.meta
    texts = [(f'internal section "{s.title}"', s.body) for s in story.sections if s.internal]
    texts += [(f"internal quote by {q.by}", q.text) for q in meta.quotes if q.internal]
    texts += [(f"internal metric {m.name}", f"{m.name}. {m.source}") for m in meta.metrics if m.internal]
    return texts


_Secrets = list[tuple[str, int, frozenset[tuple[str, ...]]]]
_SECRETS: OrderedDict[tuple[int, int], tuple[Story, View, _Secrets]] = OrderedDict()


def _secrets(story: Story, public: View) -> _Secrets:
    """(source, run length, runs only it has) for each internal text, read once per story and view:
    a story's public drafts are checked one after another against the same ones."""
    key = (id(story), id(public))
    hit = _SECRETS.get(key)
    if hit is not None and hit[0] is story and hit[1] is public:
        return hit[2]
    internal_texts = _internal_texts(story)
    if not internal_texts:
        return []  # most stories keep nothing internal: no public text to read for them
    public_words = _shingles([w for _, t in prose_texts(public) for w in [*_words(t), "\u2029"]])
    for metric in public.metrics:
        public_words |= _shingles(_words(f"{metric.name}. {metric.source}"))
    secrets: _Secrets = []
    for source, internal in internal_texts:
        words = _words(internal)
        secret = _shingles(words) - public_words
        size = SHARED_WORDS
        if source.startswith("internal quote") and 3 <= len(words) < SHARED_WORDS:
            secret, size = {tuple(words)}, len(words)
        secrets.append((source, size, frozenset(secret)))
    _SECRETS[key] = (story, public, secrets)
    if len(_SECRETS) > 8:
        _SECRETS.popitem(last=False)
    return secrets


def leaked_runs(text: str, story: Story, public: View) -> list[Finding]:
    """Runs of SHARED_WORDS+ words the draft shares only with internal text, and internal quotes."""
    # Only internal texts with runs of their own can be leaked: with none, there is nothing to
    # find, and the draft's words need not be read (most stories keep nothing internal).
    secrets = [(source, size, secret) for source, size, secret in _secrets(story, public) if secret]
    if not secrets:
        return []
    masked = straighten(prose(text))
    spans = [m for m in _WORD.finditer(masked)]
    draft_words = [m.group(0).lower() for m in spans]
    runs: dict[int, set[tuple[str, ...]]] = {}  # the draft's runs of each length
    findings: list[Finding] = []
    for source, size, secret in secrets:
        if size not in runs:
            runs[size] = _shingles(draft_words, size)
        if secret.isdisjoint(runs[size]):
            continue  # most internal texts share no run with a draft
        index = 0
        while index <= len(draft_words) - size:
            if tuple(draft_words[index : index + size]) not in secret:
                index += 1
                continue
            end = index + size
            while end < len(draft_words) and tuple(draft_words[end - size + 1 : end + 1]) in secret:
                end += 1
            start_at, end_at = spans[index].start(), spans[end - 1].end()
            run = " ".join(text[start_at:end_at].split())
            line = text.count("\n", 0, start_at) + 1
            findings.append(Finding("visibility", "error", line, run,
                                    f"this text is from the {source}, which a public draft must not show"))  # fmt: skip
            index = end
    return findings


def internal_quotes(text: str, stories: Sequence[Story], people: Sequence[str]) -> list[Finding]:
    """Draft quotes that are internal quotes: a leak, whatever else they match."""
    internal = [q for st in stories for q in st.meta.quotes if q.internal]
    findings: list[Finding] = []
    for quote in draft_quotes(text, people):
        for said in internal:
            if quote_matches(quote.text, said.text):
                findings.append(
                    Finding(
                        "visibility",
                        "error",
                        quote.line,
                        " ".join(quote.text.split()),
                        f"an internal quote by {said.by}; a public draft must not show it",
                    )
                )
    return findings


# ---- figures only internal facts support ------------------------------------------------


LEAK_CLOSENESS = 0.05


def leak(figure: Figure, internal: Sequence[Support]) -> Support | None:
    """The internal value a figure reveals: within its rounding and 5% of it.

    A loose figure that merely falls near an internal value ("2 weeks" near 310 hours, "seven"
    near a 6.75-month payback) is reported as unsupported, not as a leak of that value.
    """
    if _is_word(figure) and figure.dimension is Dimension.NUMBER and figure.unit != FOLD:
        return None  # a count in words ("seven engineers") never reveals a figure by accident
    for support in internal:
        close = abs(support.value - figure.value) <= LEAK_CLOSENESS * max(abs(figure.value), 1e-12)
        if close and find_support(figure, [support]) is not None:
            return support
    return None


def _is_word(figure: Figure) -> bool:
    return not any(c.isdigit() for c in figure.text)


# ---- internal values in the story's public prose ------------------------------------------


def internal_values_in_prose(story: Story) -> list[Problem]:
    """Warnings for figures in the story's public prose that are an internal metric's value.

    Such a number is internal wherever it appears ("we ran 500 rules", 500 being an internal
    metric's before value): a public draft that repeats it fails its visibility check.
    """
    from kit.checks.index import story_index  # the index reads the supports this module reads

    if not story.public:
        return []
    index = story_index(story, "public")
    if not index.internal_metrics:
        return []  # most stories: no value is internal, and reading their prose for one finds none
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for source, text in prose_texts(index.view):
        masked = mask_non_claims(text).split("\n")
        for figure in extract_figures(text):
            nouns = set(nouns_after(masked[figure.line - 1][figure.column + len(figure.text) :]))
            counted = figure.dimension is Dimension.NUMBER and nouns
            fitting = [s for s in index.internal_metrics if not counted or not s.noun or nouns & s.noun]
            public = [s for s in index.supports if not s.prose and s.quantity and not s.converted]
            if find_support(figure, public) is not None:
                continue  # a public metric or fact has it too
            leaked = leak(figure, fitting)
            if leaked is not None and (source, figure.text) not in seen:
                seen.add((source, figure.text))
                field, line = _where(story, source, text.split("\n")[figure.line - 1])
                problems.append(Problem(story.path, f'"{figure.text}" in the {source} is an internal figure '
                                        f"({leaked.source}); public drafts that repeat it fail their visibility check",
                                        line, field))  # fmt: skip
    return problems


_FIELDS = {"title": "title", "short title": "short_title", "summary": "summary", "team": "team",
           "talk track": "talk", "links": "links"}  # fmt: skip


def _where(story: Story, source: str, said: str) -> tuple[str, int | None]:
    """The field and file line of a figure in one of `prose_texts`' texts, on its line `said`: a front
    matter field's own line, or the line of a section that says it (found in the file from the
    section's heading on: a section's text is stripped of its blank lines)."""
    if source in _FIELDS:
        return _FIELDS[source], story.lines.get(_FIELDS[source])
    for section in story.sections:
        if source == f'section "{section.title}"':
            try:
                lines = story.path.read_text(encoding="utf-8").splitlines()
            except OSError:
                return "body", None
            found = (n for n, text in enumerate(lines[section.line - 1 :], section.line) if said.strip() in text)
            return "body", next(found, None)
    for key in ("author", "quote"):
        if source.startswith(key):
            return f"{key}s", story.lines.get(f"{key}s")
    return "body", None
