"""The internal newsletter: one issue built from many stories, for everyone, sent by email.

Stories are streamed: each is loaded, checked against the selection, derived and reduced
to a small card (plain data), and the Story is dropped, so memory grows with the cards
only. Totals add up only what adds up honestly: annualized money per currency, never
across currencies, and annualized durations; nothing else is summed.

Counted honestly: a story in which some metric improved is a win, and its card leads with
what improved (its headline, unless the headline held or got worse); a story in which nothing
improved and something got worse is a setback; one in which nothing changed is a steady result
(incidents held at zero is no setback). Every card names the metrics that got worse, as the
one-pager's trade-offs do.

The issue's slug is the title's slug and the issue date: `wins-2026-11-26` for the title
"Wins" and the newest selected story's date up to today (or `--until`, when given). A story
dated after today stays in the issue, with a warning, but neither dates it nor links its post,
which no site publishes before that date.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit import clock, rx
from kit.config import NewsletterConfig
from kit.errors import KitError, Problem, StoryError, UsageError
from kit.facts import Direction, MetricFacts, StoryFacts, pick_headline
from kit.load import find_stories, load_story, slug_from_name
from kit.pool import in_pool
from kit.quantity import format_duration, format_money
from kit.sites import post_url
from kit.story import Better, Story
from kit.views import make_view, metric_context

GROUPINGS = ("none", "team", "tag")
PARALLEL_FROM = 48  # fewer stories than this load faster in one process than a pool starts
Progress = Callable[[int, int], None]  # (stories done, stories in all)


@dataclass(frozen=True)
class Selection:
    """Which stories go in: dates inclusive, any of the tags, any of the teams (any case)."""

    since: dt.date | None = None
    until: dt.date | None = None
    tags: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()

    def matches(self, story: Story) -> bool:
        meta = story.meta
        if self.since and meta.date < self.since or self.until and meta.date > self.until:
            return False
        if self.tags and not {t.casefold() for t in meta.tags} & {t.casefold() for t in self.tags}:
            return False
        return not self.teams or meta.team.casefold() in {t.casefold() for t in self.teams}


@dataclass(frozen=True)
class NewsletterOptions:
    """What to select and how to address and lay out the issue."""

    selection: Selection = Selection()
    title: str = "Wins"
    sender: str = "kit <kit@localhost>"
    to: str = "everyone@localhost"
    group_by: str = "none"
    drafts: Path | None = None  # unused: cards link to posts on the site (base_url), never to local files
    base_url: str | None = None  # the blog's site ([site] base_url, --base-url): each public story links its post
    site: str | None = None  # the generator the blog is published with ([build] site), for the post's URL
    jobs: int | None = None  # processes for reading stories; None: one per core

    @classmethod
    def from_config(cls, config: NewsletterConfig, **given: Any) -> NewsletterOptions:
        """The workspace's `[newsletter]` settings, overridden by every option given (not None)."""
        base: dict[str, Any] = {
            "title": config.title,
            "sender": config.sender,
            "to": config.to,
            "group_by": config.group_by,
        }
        base.update({k: v for k, v in given.items() if v is not None})
        return cls(**base)


@dataclass(frozen=True)
class Outcome:
    """What reading one story file gave: a card, the problems that left it out, or neither."""

    path: Path
    card: dict[str, Any] | None = None
    problems: tuple[Problem, ...] = ()


@dataclass
class NewsletterResult:
    """What was built: files written, stories used and left out, and the headline figures."""

    issue: str
    subject: str
    written: list[Path]
    stories: list[dict[str, str]]  # path, slug, title, team, date of every story used
    left_out: list[Problem]
    not_selected: int  # valid stories outside the selection
    headline: dict[str, Any]
    compact: bool = False
    html_bytes: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about a story that went in: a date after today

    @property
    def left_out_files(self) -> int:
        return len({str(p.path) for p in self.left_out})

    @property
    def exit_code(self) -> int:
        return 1 if self.left_out else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": not self.exit_code,  # as `kit newsletter` exits: 0 when every story went in
            "issue": self.issue,
            "subject": self.subject,
            "written": [str(p) for p in self.written],
            "stories": self.stories,
            "left_out": [
                {"path": str(p.path), "line": p.line, "field": p.field, "message": p.message}
                for p in self.left_out
            ],
            "not_selected": self.not_selected,
            "headline": self.headline,
            "compact": self.compact,
            "html_bytes": self.html_bytes,
            "notes": self.notes,
            "warnings": self.warnings,
        }


# ---- reading: one story to one card ---------------------------------------------------------


def read_card(
    path: Path, selection: Selection, drafts: Path | None, out: Path, link: tuple[str | None, str] = (None, "hugo")
) -> Outcome:
    """Load one story and reduce it to a card, or say why it is left out (runs in a worker)."""
    try:
        story = load_story(path)
    except StoryError as err:
        return Outcome(path, problems=tuple(err.problems))
    if not selection.matches(story):
        return Outcome(path)
    return Outcome(path, card=make_card(story, drafts, out, link))


def make_card(
    story: Story, drafts: Path | None, out: Path, link: tuple[str | None, str] = (None, "hugo")
) -> dict[str, Any]:
    """The little a newsletter shows of a story, and the figures its totals need."""
    meta, facts = story.meta, make_view(story, "internal").facts
    lead = _lead(facts)
    headline = metric_context(lead) if lead else None
    return {
        "slug": story.slug,
        "public": story.public,
        "path": str(story.path),
        "title": meta.title,
        "team": meta.team,
        "date": meta.date.isoformat(),
        "date_text": _date_text(meta.date),
        "summary": meta.summary,
        "tags": list(meta.tags),
        "headline": _headline(headline) if headline else None,
        "held": [_result(metric_context(f)) for f in _held(facts, lead)],
        "improved": facts.improved_count,  # none: the story is no win
        "steady": not facts.improved_count and not facts.regressed,  # nothing changed: no setback either
        "metrics": len(facts.metrics),
        "worse": _worse(facts, lead),
        "blog": post_url(link[1] or "hugo", story.slug, meta.date, link[0]) if story.public else None,
        "savings": dict(facts.net_savings),  # currency -> net per year (below 0: a net cost), for the totals
        "earns": sorted(_earning(facts)),  # currencies in which money brought in (not saved) counts
        "time_saved": facts.annual_time_saved,  # seconds per year, for the totals
        "fold": _fold(lead),  # how many times better the card's result got, to pick the issue's lead
    }


def _lead(facts: StoryFacts) -> MetricFacts | None:
    """The result a card leads with: the headline, unless it did not improve and another metric did.

    A win's card must name what improved; a headline that held or got worse is still shown
    (as held, or as a trade-off), after it.
    """
    if facts.headline is None or facts.headline.improved:
        return facts.headline
    return pick_headline([f for f in facts.metrics if f.improved]) or facts.headline


def _held(facts: StoryFacts, lead: MetricFacts | None) -> list[MetricFacts]:
    """The headline when it held but is not the lead: the team chose it, so the card still names it."""
    headline = facts.headline
    if headline is None or headline is lead or headline.direction is not Direction.UNCHANGED:
        return []
    return [headline]


def _worse(facts: StoryFacts, lead: MetricFacts | None) -> list[dict[str, Any]]:
    """What got worse, in the facts' own words, but the lead (the card shows it already)."""
    keep = ("name", "trend", "phrase", "annual")
    return [{key: metric_context(f)[key] for key in keep} for f in facts.regressed if f is not lead]


def _fold(headline: MetricFacts | None) -> float:
    """The headline's improvement as a factor (1.45 for 45% better), 1 where it did not improve."""
    if headline is None or not headline.improved:
        return 1.0
    if headline.fold is None:
        return 1 + abs(headline.percent or 0) / 100
    return headline.fold if math.isfinite(headline.fold) else 100.0  # eliminated: ranked as 100×


def _earning(facts: StoryFacts) -> set[str]:
    """The currencies of a story's money metrics that bring money in (revenue), rather than save it."""
    return {f.metric.before.unit for f in facts.metrics
            if (f.annual_money or 0) > 0 and f.metric.better is Better.HIGHER}  # fmt: skip


def lead_first(cards: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cards with the issue's most significant win first, the rest as they were (newest first).

    Most significant: a win before any setback; then the largest net money a year in the issue's
    main currency (the one most of its stories count money in; amounts in two currencies are
    never compared), else the largest improvement factor of a headline metric.
    """
    if not cards:
        return []
    counts = Counter(currency for card in cards for currency, net in card["savings"].items() if net > 0)
    main = min(counts, key=lambda currency: (-counts[currency], currency)) if counts else None
    best = max(cards, key=lambda c: (is_win(c), outcome(c) != SETBACK, max(c["savings"].get(main, 0.0), 0.0),
                                     c.get("fold", 1.0)))  # fmt: skip
    return [best, *(c for c in cards if c is not best)]


WIN, SETBACK, STEADY = "win", "setback", "steady result"  # what a story counts as, in the tally's order


def is_win(card: dict[str, Any]) -> bool:
    """A story is a win when at least one of its metrics improved."""
    return card["improved"] > 0


def outcome(card: dict[str, Any]) -> str:
    """Win (something improved), steady result (nothing changed: incidents held at zero), else setback."""
    if is_win(card):
        return WIN
    return STEADY if card.get("steady") else SETBACK


def _headline(metric: dict[str, Any]) -> dict[str, Any]:
    return _result(metric) | {"bars": _bars(metric)}


def _result(metric: dict[str, Any]) -> dict[str, Any]:
    """A metric as a card says it: "held at 45 minutes" where it held, never "at 45 minutes" alone."""
    keep = ("name", "phrase", "comparison", "before", "after", "annual", "improved", "direction")
    said = {key: metric[key] for key in keep}
    if metric["went"] == "held":  # the facts' "at 45 minutes (unchanged)": "held" says both
        said["phrase"] = "held " + metric["phrase"].removesuffix(" (unchanged)")
    return said


def _bars(metric: dict[str, Any]) -> dict[str, int] | None:
    """Bar lengths in % of the longer one, where a bar can honestly show the two values."""
    before, after = metric["before_value"], metric["after_value"]
    if metric["dimension"] == "percent" or min(before, after) < 0 or max(before, after) <= 0:
        return None
    top = max(before, after)
    return {"before": max(round(before / top * 100), 1), "after": max(round(after / top * 100), 1)}


def _date_text(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def read_cards(
    files: Sequence[Path], options: NewsletterOptions, out: Path, progress: Progress | None = None
) -> list[Outcome]:
    """Every file's outcome, in order; in worker processes (`kit.pool`) when there are many files."""
    link = (options.base_url, options.site or "hugo")
    args = (options.selection, options.drafts, out, link)
    outcomes = None
    if len(files) >= PARALLEL_FROM:
        outcomes = in_pool(read_card_run, files, *args, processes=options.jobs, progress=progress)
    return outcomes if outcomes is not None else read_card_run(list(files), *args, progress=progress)


def read_card_run(
    files: list[Path],
    selection: Selection,
    drafts: Path | None,
    out: Path,
    link: tuple[str | None, str],
    progress: Progress | None = None,
) -> list[Outcome]:
    """`read_card` of each file (a run of them, in a worker)."""
    outcomes: list[Outcome] = []
    for path in files:
        outcomes.append(read_card(path, selection, drafts, out, link))
        if progress:
            progress(len(outcomes), len(files))
    return outcomes


# ---- the issue: selection, totals, grouping -------------------------------------------------


@dataclass
class Collected:
    """The cards kept, and what was left out or not selected."""

    cards: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[Problem] = field(default_factory=list)
    not_selected: int = 0


def collect(outcomes: Iterable[Outcome]) -> Collected:
    """Keep the cards, newest first; leave out invalid stories and a second story with one slug."""
    got = Collected()
    seen: dict[str, str] = {}
    for outcome in outcomes:
        card = outcome.card
        if outcome.problems:
            got.left_out.extend(outcome.problems)
        elif card is None:
            got.not_selected += 1
        elif card["slug"] in seen:
            got.left_out.append(
                Problem(outcome.path, f'"{card["slug"]}" is also the slug of {seen[card["slug"]]}; '
                        "give one of them its own `slug:`", field="slug")
            )  # fmt: skip
        else:
            seen[card["slug"]] = card["path"]
            got.cards.append(card)
    got.cards.sort(key=_newest_first)
    return got


def _newest_first(card: dict[str, Any]) -> tuple[int, str, str]:
    return -dt.date.fromisoformat(card["date"]).toordinal(), card["title"].casefold(), card["slug"]


def totals(cards: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Headline figures across stories: money per currency, annualized time; nothing else sums."""
    savings: dict[str, float] = {}
    sources: dict[str, int] = {}  # currency -> how many stories its total comes from
    earned: set[str] = set()  # currencies whose total holds money brought in, not only saved
    seconds = 0.0
    savers = timers = 0
    for card in cards:
        for currency, amount in card["savings"].items():
            savings[currency] = savings.get(currency, 0.0) + amount
            sources[currency] = sources.get(currency, 0) + 1
        earned.update(card.get("earns", ()))
        savers += any(amount > 0 for amount in card["savings"].values())
        if card["time_saved"]:
            seconds += card["time_saved"]
            timers += 1
    savings = {c: round(v, 2) for c, v in savings.items()}  # sums of floats: BRL 19199999.999999993 is 19.2M
    saved = {c: v for c, v in sorted(savings.items()) if v > 0}
    counts = Counter(outcome(card) for card in cards)
    return {
        "wins": counts[WIN],
        "setbacks": counts[SETBACK],
        "steady": counts[STEADY],
        "tally": tally(cards),  # "1 win and 1 setback"
        "teams": len({c["team"] for c in cards}),
        "annual_savings": saved,
        "annual_savings_text": [f"{format_money(v, c)} a year" for c, v in saved.items()],
        "savings_stories": savers,
        "savings": [
            {"currency": c, "text": f"{format_money(abs(v), c)} a year", "stories": sources[c],
             "label": _net_label(v, c in earned)}
            for c, v in sorted(savings.items()) if v
        ],  # each currency's net on its own (a net cost too), with how many stories it comes from
        "annual_hours_saved": round(seconds / 3600, 1) if timers else None,
        "annual_time_saved_text": f"{format_duration(seconds, 'hours')} a year" if timers else None,
        "time_stories": timers,
    }


SAVED, EARNED, SPENT = "saved, net", "saved or earned, net", "more spent, net"  # in the subject's order


def _net_label(net: float, earned: bool) -> str:
    """What a currency's net a year is: saved, saved or earned (revenue counts), or more spent."""
    if net < 0:
        return SPENT
    return EARNED if earned else SAVED


def tally(cards: Sequence[dict[str, Any]], more: str | None = None) -> str:
    """ "3 wins", "1 win and 1 setback", "2 wins, 1 setback and 1 steady result" (never "0 wins and ...").

    `more` (an outcome: the lead's) gets "more " before its noun, for what follows the lead:
    "2 more wins and 1 setback".
    """
    counts = Counter(outcome(card) for card in cards)
    parts = [f"{n} {'more ' * (noun == more)}{noun}{'s' * (n != 1)}"
             for noun in (WIN, SETBACK, STEADY) if (n := counts[noun])] or ["0 wins"]  # fmt: skip
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def group(cards: Sequence[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Cards in groups: one unnamed group, or by team, or by each story's first tag (A to Z)."""
    if by == "none":
        return [{"name": None, "cards": list(cards)}]
    groups: dict[str, list[dict[str, Any]]] = {}
    for card in cards:
        key = card["team"] if by == "team" else (card["tags"][0] if card["tags"] else "")
        groups.setdefault(key, []).append(card)
    names = sorted((k for k in groups if k), key=str.casefold) + ([""] if "" in groups else [])
    return [{"name": name or "Untagged", "cards": groups[name]} for name in names]


def issue_slug(title: str, day: dt.date) -> str:
    """`wins-2026-11-26`: the title's slug (or "newsletter") and the issue's date."""
    return f"{slug_from_name(title)[:60].strip('-') or 'newsletter'}-{day.isoformat()}"


def subject_line(title: str, figures: dict[str, Any]) -> str:
    """`Wins: 8 wins from 6 teams, $2.1M · €300k a year saved, net; BRL 19M a year saved or earned, net`.

    Currencies stand side by side, never summed, each under the label the issue's numbers give
    it (revenue is not "saved", a net cost is "more spent").
    """
    teams = figures["teams"]
    subject = f"{' '.join(title.split())}: {figures['tally']} from {teams} team{'s' * (teams != 1)}"
    money = [
        " · ".join(s["text"].removesuffix(" a year") for s in figures["savings"] if s["label"] == label)
        + f" a year {label}"
        for label in (SAVED, EARNED, SPENT)
        if any(s["label"] == label for s in figures["savings"])
    ]
    return subject + (", " + "; ".join(money) if money else "")


def preheader(cards: Sequence[dict[str, Any]], limit: int = 140) -> str:
    """The line inboxes show after the subject: the first card's result (the lead) and what else."""
    first = cards[0]
    text = first["title"]
    if first["headline"]:
        text += f": {first['headline']['name']} {first['headline']['phrase']}"
    text = " ".join(text.split()).rstrip(".")
    # "more" before the lead's own kind: "And 2 more wins and 1 setback", "And 1 setback".
    more = f" And {tally(cards[1:], more=outcome(first))}." if len(cards) > 1 else ""
    if len(text) + 1 + len(more) <= limit:
        return f"{text}.{more}"
    cut = text[: whole_cut(text, limit - len(more) - 1)]
    if cut.count("(") > cut.count(")"):  # never leave half a bracket: "(37% les…"
        cut = cut[: cut.rindex("(")]
    return cut.rstrip(" ,;:") + "…" + more


# What a cut keeps whole: a figure with its unit word ("90 minutes", "$1.2M", "99.9%"), and a change
# from one figure to another ("from 6 hours to 90 minutes"): "…to 90…" would leave a number with no unit.
_LINKS = r"(?:to|and|or|from|in|at|by|of|for|on|per|a|an|the|with)"
_FIGURE = rf"[-+−]?(?:[A-Z]{{3}}\s)?[$€£¥₹]?\d[\d,.]*[kKMB%×]?(?:\s+(?!{_LINKS}\b)[^\W\d][\w-]*)?"
_WHOLE = rx.compile(rf"\bfrom\s+{_FIGURE}\s+to\s+{_FIGURE}|{_FIGURE}")
_DANGLING = rx.compile(rf"(?:\s+{_LINKS})+$", re.IGNORECASE)  # "…turnover time from" ends on a link


def whole_cut(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: at the last space outside every figure and
    change from one figure to another, before any words that only lead into what was cut."""
    if len(text) <= limit:
        return len(text)
    inside = {i for m in _WHOLE.finditer(text) for i in range(m.start() + 1, m.end())}
    spaces = [i for i, char in enumerate(text[: limit + 1]) if char == " " and i not in inside]
    if not spaces:  # one figure longer than the line: cut by words, as nothing better fits
        return len(text[:limit].rsplit(" ", 1)[0])
    end = spaces[-1]
    return len(_DANGLING.sub("", text[:end])) or end


def issue_context(
    collected: Collected, options: NewsletterOptions, generated: dt.datetime
) -> dict[str, Any]:
    """Everything the newsletter templates may use, as plain data."""
    cards = lead_first(collected.cards)  # the lead, then newest first
    day = options.selection.until or issue_day(collected.cards, generated.date())
    figures = totals(cards)
    return {
        "title": " ".join(options.title.split()),
        "issue": issue_slug(options.title, day),
        "date": day.isoformat(),
        "date_text": _date_text(day),
        "subject": subject_line(options.title, figures),
        "preheader": preheader(cards),
        "totals": figures,
        "groups": group(cards, options.group_by),
        "grouped": options.group_by != "none",
        "count": len(cards),
        "compact": False,
        "sender": options.sender,
        "to": options.to,
        "generated": generated.date().isoformat(),
    }


def issue_day(cards: Sequence[dict[str, Any]], today: dt.date) -> dt.date:
    """The newest story's date up to today (today when every story is dated later): an issue sent
    today never bears a date to come, whatever date a story file gives."""
    days = [day for card in cards if (day := dt.date.fromisoformat(card["date"])) <= today]
    return max(days, default=today)


def future_stories(cards: Sequence[dict[str, Any]], today: dt.date) -> list[str]:
    """One warning per story dated after today, whose card then links no post: Hugo and Jekyll do
    not publish a post dated in the future, so the link would lead nowhere until that date."""
    warnings = []
    for card in cards:
        if dt.date.fromisoformat(card["date"]) <= today:
            continue
        unlinked = ", and its post is not linked (a site publishes no post dated in the future)" if card["blog"] else ""
        card["blog"] = None
        warnings.append(
            f"{card['path']}: dated {card['date']}, after today ({today}); it is in the issue but does "
            f"not date it{unlinked}; correct its `date:` if it is a mistake"
        )
    return warnings


def parse_day(text: str | None, option: str) -> dt.date | None:
    """A date given as YYYY-MM-DD, or UsageError naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as err:
        raise UsageError(f'{option} "{text}" is not a date; write it as YYYY-MM-DD') from err


# ---- building ------------------------------------------------------------------------------


def check_options(options: NewsletterOptions) -> None:
    """Refuse options that cannot work, before reading any story."""
    from kit.config import absolute_url
    from kit.mail import check_address

    if options.base_url is not None:
        try:
            absolute_url(options.base_url)
        except ValueError as err:
            raise UsageError(f"--base-url: {err}") from None
    if options.group_by not in GROUPINGS:
        raise UsageError(f'--group-by "{options.group_by}" is not known; use none, team or tag')
    since, until = options.selection.since, options.selection.until
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}; swap them")
    if not options.title.strip():
        raise UsageError("--title is empty; give the newsletter a name, such as Wins")
    check_address(options.sender, "--from")
    check_address(options.to, "--to")


def build_newsletter(
    paths: Iterable[Path | str],
    out: Path,
    options: NewsletterOptions,
    workspace: Path | None = None,
    progress: Progress | None = None,
    rewrite: Callable[[dict[str, Any]], None] | None = None,
) -> NewsletterResult:
    """Build one issue from the stories under paths into `out`: .html, .txt, .md and .eml.

    `rewrite` may change the issue's context before it is written (`kit newsletter --llm`).

    Invalid stories are left out and listed in the result; StoryError (exit 2) when no
    story is left, UsageError when none matches the selection.
    """
    from kit.mail import write_issue

    check_options(options)
    files = find_stories(paths)
    collected = collect(read_cards(files, options, out, progress))
    if not collected.cards:
        raise _nothing_built(collected, len(files))
    generated = clock.now()
    warnings = future_stories(collected.cards, generated.date())
    context = issue_context(collected, options, generated)
    if rewrite is not None:
        rewrite(context)
    written = write_issue(context, out, workspace, generated)
    if options.base_url is None and any(card["public"] for card in collected.cards):
        written.notes.append("no base URL ([site] base_url or --base-url): the issue links to no blog post")
    return NewsletterResult(
        issue=context["issue"],
        subject=context["subject"],
        written=written.paths,
        stories=[
            {k: c[k] for k in ("path", "slug", "title", "team", "date")} for c in collected.cards
        ],
        left_out=collected.left_out,
        not_selected=collected.not_selected,
        headline=context["totals"],
        compact=written.compact,
        html_bytes=written.html_bytes,
        notes=written.notes,
        warnings=warnings,
    )


def _nothing_built(collected: Collected, found: int) -> KitError:
    """Why no issue could be built: every problem met, then what to do (exit 2)."""
    if not found:
        return UsageError("no story files found; give story files or folders holding *.md")
    if collected.not_selected:
        final = Problem(
            None,
            f"no story matches the selection ({collected.not_selected} read); "
            "widen --since, --until, --tag or --team",
        )
        return UsageError(problems=[*collected.left_out, final])
    final = Problem(None, "no story could be built into the newsletter; fix the problems above")
    return StoryError(problems=[*collected.left_out, final])
