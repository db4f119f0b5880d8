"""Workspaces: `kit init`, `kit new`, and copying built-ins out to customise them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kit.config import CONFIG_NAME, default_config
from kit.errors import TemplateError, UsageError
from kit.load import slug_from_name
from kit.render import Folder, search_path
from kit.write import atomic_write, ensure_writable

# What to write, as YAML comments: nothing here can reach a draft, and every line is filled or absent.
STORY_GUIDE = """\
# Write the story below the closing `---`, under `##` headings kit knows:
#   ## Context   who you are and what the work was for, in two or three sentences
#   ## Problem   what hurt before, and for whom (the figures come from `metrics`)
#   ## Approach  what you built or changed, and the one decision that mattered most
#   ## Results   what changed, in the reader's terms; every figure must match a metric
#   ## Lessons   what you would do again, what you would skip, what surprised you
#   ## Next      what you will do next, and what you need to get there
#   ## Costs {.internal}   anything only your company should read: never in a public draft
"""

# Whole words of a metric's name that say which way is better. A word may be plural ("outages").
# "rate", "time" of day, "page" and "days" say nothing alone: "error rate" and "pass rate",
# "page views" and "pager alerts" go opposite ways.
_LOWER = frozenset((
    "latency", "time", "duration", "cost", "spend", "spending", "incident", "error", "failure", "toil", "downtime",
    "outage", "mttr", "mttd", "churn", "bug", "defect", "ticket", "wait", "delay", "backlog", "drift", "miss",
    "loss", "queue", "p50", "p90", "p95", "p99", "lag", "crash", "bounce", "dropout", "infection", "abandonment",
    "fraud", "unemployment", "spam", "complaint", "rejection", "escalation", "attrition", "turnover", "waste",
    "emission", "pager", "alert", "rework", "flake", "flaky", "late", "overrun", "breach", "vulnerability",
    "regression", "rollback", "leak", "false", "abandoned", "lost",
))  # fmt: skip
_HIGHER = frozenset((
    "accuracy", "throughput", "coverage", "adoption", "uptime", "availability", "revenue", "conversion",
    "precision", "recall", "satisfaction", "nps", "csat", "score", "model", "deploy", "deployment", "release",
    "user", "speed", "frequency", "yield", "success", "successful", "retention", "hit", "pass", "win",
    "engagement", "sale", "signup", "contributor", "view", "rating", "margin", "profit", "productivity",
    "utilization", "utilisation", "efficiency", "reliability", "velocity", "capacity", "resolved", "automated",
    "sold", "booking", "order", "transaction", "loan", "visit", "download", "install", "output",
))  # fmt: skip
# A gain named as such wins over the thing it reduces: "hours saved", "cost reduction", "crash-free".
_GAIN = frozenset(("saved", "saving", "savings", "avoided", "prevented", "reduction", "reduced", "gain", "free"))
# Words that turn a name's sense around or bound it ("days without incident", "buses more than 5 minutes
# late", "pages under 2 s"): a guess from its other words would as likely be wrong.
_TURNS = frozenset(("without", "than", "under", "over", "within", "below", "above", "no", "zero", "non"))


def infer_better(name: str) -> str | None:
    """Which way is better for a metric, guessed from the whole words of its name, else None (ask).

    The last word that says ("lead time": time; "error rate": error; "tickets sold": sold) decides,
    as the head of an English compound does; what is counted "per" something is read before the
    "per". A gain named as such ("hours saved", "crash-free") is higher; a name that turns or bounds
    its sense ("days without incident", "buses more than 5 minutes late") is asked.
    """
    words = [_singular(w) for w in re.findall(r"[a-z0-9]+", name.lower())]
    if "per" in words:
        words = words[: words.index("per")]
    if set(words) & _TURNS:
        return None
    if set(words) & _GAIN:
        return "higher"
    for word in reversed(words):
        if word in _LOWER:
            return "lower"
        if word in _HIGHER:
            return "higher"
    return None


def _singular(word: str) -> str:
    """A word without its plural "s" ("outages": "outage"), as the word lists have it."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def init_workspace(folder: Path) -> list[Path]:
    """Create kit.toml, stories/ with an example story, templates/, prompts/ and drafts/."""
    ensure_writable([folder / CONFIG_NAME], [folder / name for name in ("stories", "templates", "prompts", "drafts")])
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageError(f"{config} exists already: this is a workspace")
    created: list[Path] = []
    atomic_write(config, default_config())
    created.append(config)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, "# kit's LLM cache and usage log: local, never committed\n.kit/\n")
        created.append(ignore)
    for name in ("stories", "templates", "prompts", "drafts"):
        (folder / name).mkdir(exist_ok=True)
        created.append(folder / name)
    example = folder / "stories" / "example.md"
    if not example.exists():
        atomic_write(example, story_text(
            {"title": "Model deploys from six weeks to two days", "team": "ML Platform", "author": "Priya Raman",
             "role": "Staff Engineer",
             "summary": "A paved road cut model deployment lead time from 6 weeks to 2 days."},
            [{"name": "Deployment lead time", "before": "6 weeks", "after": "2 days", "better": "lower"}],
        ))  # fmt: skip
        created.append(example)
    return created


def _line(key: str, value: Any, indent: str = "") -> str:
    text = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return "".join(indent + line + "\n" for line in text.splitlines())


def story_text(answers: dict[str, Any], metrics: list[dict[str, str]]) -> str:
    """A story file with what was answered; what was not is a YAML comment saying what to write."""
    lines = [_line("title", answers["title"]), _line("date", dt.date.today()), _line("team", answers["team"])]
    lines.append(_line("summary", answers["summary"]) if answers.get("summary")
                 else "# summary: one sentence a busy reader would repeat\n")  # fmt: skip
    lines.append("visibility: internal  # public: blog, talk and social drafts may be built from it\n")
    lines.append("authors:\n  - " + _line("name", answers["author"]))
    lines.append(_line("role", answers["role"], "    ") if answers.get("role") else "    # role: your role\n")
    lines.append("# tags: [mlops, deployment]\n")
    lines.append("metrics:\n")
    for index, metric in enumerate(metrics):
        lines.append(f"  - {_line('name', metric['name'])}")
        for key in ("before", "after", "better"):
            lines.append(_line(key, metric[key], "    "))
        if index == 0:
            lines.append("    headline: true\n")
        lines.append("    # source: how you measured it (tool, sample, window)\n")
    return f"---\n{''.join(lines)}{STORY_GUIDE}---\n\n"


def story_path(title: str, out: Path | None) -> Path:
    """Where `kit new` writes: --out, else stories/<slug>.md (or ./<slug>.md outside a workspace)."""
    # A title with no Latin letter ("深度学习平台") is named by its hash: each title its own file.
    named = f"story-{hashlib.sha256(title.encode()).hexdigest()[:8]}" if title else "new-story"
    slug = slug_from_name(title) or named
    return out or (Path("stories") if Path("stories").is_dir() else Path(".")) / f"{slug}.md"


def check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path} exists already; choose another title or --out, or pass --force")


def check_metric(before: str, after: str | None = None) -> str | None:
    """Why a metric's before (and after) cannot be used, or None: each a quantity, the two comparable."""
    from kit.quantity import QuantityError, parse_quantity

    try:
        first = parse_quantity(before)
        if after is None:
            return None
        second = parse_quantity(after)
    except QuantityError as err:
        return str(err)
    return first.not_comparable(second)


def check_better(better: str) -> str:
    """`lower` or `higher` (or their first letter), or UsageError."""
    value = better.strip().lower()
    for word in ("lower", "higher"):
        if value and word.startswith(value):
            return word
    raise UsageError(f'--better must be "lower" or "higher", not "{better}"')


def new_story(answers: dict[str, Any], *, better: str | None, out: Path | None, force: bool,
              metrics: list[dict[str, str]] | None = None) -> Path:  # fmt: skip
    """Write a story from answers (flags, or the wizard's); refuse to overwrite unless forced.

    UsageError for a missing answer, a value that is not a quantity, two values that cannot be
    compared, or a direction that is not lower or higher.
    """
    missing = [key for key in ("title", "team", "author") if not answers.get(key)]
    if metrics is None:
        missing += [key for key in ("metric", "before", "after") if not answers.get(key)]
    if missing:
        raise UsageError(f"kit new needs {', '.join('--' + m for m in missing)} (or run it in a terminal to be asked)")
    path = story_path(answers["title"], out)
    check_target(path, force)
    ensure_writable([path])
    if metrics is None:
        problem = check_metric(answers["before"], answers["after"])
        if problem:
            raise UsageError(f"--before/--after: {problem}")
        direction = check_better(better) if better else infer_better(answers["metric"])
        if direction is None:
            raise UsageError(f'which way is better for "{answers["metric"]}"? pass --better lower or --better higher')
        metrics = [{"name": answers["metric"], "before": answers["before"], "after": answers["after"],
                    "better": direction}]  # fmt: skip
    atomic_write(path, story_text(answers, metrics))
    return path


Ask = Callable[[str, str | None], str]  # a question and its default -> the answer as typed


def interview(ask: Ask, say: Callable[[str], None], given: dict[str, Any], *, better: str | None,
              out: Path | None, force: bool) -> tuple[dict[str, Any], list[dict[str, str]]]:  # fmt: skip
    """Ask for what `kit new` needs, checking each answer as it is typed and asking again with the reason."""
    answers = dict(given)

    def required(key: str, question: str, default: str | None = None) -> str:
        while True:
            value = (answers.get(key) or ask(question, default) or "").strip()
            answers[key] = None
            if value:
                return value
            say(f"{question} cannot be empty")

    if out is not None:
        check_target(out, force)
    while True:
        title = required("title", "Title")
        path = story_path(title, out)
        if out is not None or force or not path.exists():
            break
        say(f"{path} exists already; give the story another title")
    answers["title"] = title
    answers["team"] = required("team", "Team")
    answers["author"] = required("author", "Your name")
    answers["role"] = answers.get("role") or ask("Your role (Enter to skip)", "").strip()
    answers["summary"] = ask("The result in one sentence (Enter to skip)", "").strip()
    metrics: list[dict[str, str]] = []
    first = True
    while True:
        name = required("metric", "Metric" if first else "Next metric")
        while True:
            before = required("before", "Its value before (e.g. 6 weeks, 60%, $120k)")
            problem = check_metric(before)
            if problem is None:
                break
            say(problem)
        while True:
            after = required("after", "Its value after")
            problem = check_metric(before, after)
            if problem is None:
                break
            say(problem)
        guess = (better if first and better else None) or infer_better(name)
        while True:
            try:
                direction = check_better(ask("Which is better, higher or lower?", guess))
                break
            except UsageError:
                say('answer "higher" or "lower"')
        metrics.append({"name": name, "before": before, "after": after, "better": direction})
        first = False
        if not ask("Add another metric? (y/N)", "n").strip().lower().startswith("y"):
            return answers, metrics


def find_file(folder: Folder, name: str, workspace: Path | None) -> Path:
    """The file that wins for a name, or TemplateError listing every path searched."""
    paths = search_path(folder, workspace)
    for base in paths:
        candidate = (base / name).resolve()
        if candidate.is_relative_to(base.resolve()) and candidate.is_file():
            return candidate
    searched = ", ".join(str(base / name) for base in paths)
    raise TemplateError(f'{folder[:-1]} "{name}" not found; searched {searched}')


def export_file(folder: Folder, name: str, workspace: Path, *, force: bool) -> Path:
    """Copy a built-in into the workspace's folder."""
    source = find_file(folder, name, None)
    target = workspace / folder / name
    if target.exists() and not force:
        raise UsageError(f"{target} exists already; pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def list_files(folder: Folder, workspace: Path | None) -> list[dict[str, str]]:
    """Every template or prompt: the file that wins, where it comes from, and the kind that uses it.

    A workspace file that no built-in name is and none of the files kit renders extends, includes
    or imports is used by nothing: its row says so in `note` (a misspelt override leaves the
    built-in in charge, silently).
    """
    import difflib

    from kit.kinds import KINDS
    from kit.render import builtin_dir, template_names, used_names

    used_by: dict[str, str] = {}
    for kind in KINDS.values():
        for name in (*kind.templates, kind.prompt):
            used_by.setdefault(name, kind.name)
    builtins = [name for name, _ in template_names(folder, None)]
    used = used_names(builtins, folder, workspace)
    rows = []
    for name, path in template_names(folder, workspace):
        row = {
            "name": name,
            "used_by": used_by.get(name, name.split(".")[0] if name in builtins else "included"),
            "origin": "built-in" if path.is_relative_to(builtin_dir(folder)) else "workspace",
            "path": str(path),
        }
        if name not in used:
            close = difflib.get_close_matches(name, builtins, n=1)
            meant = f" (did you mean {close[0]}?)" if close else ""
            row["used_by"] = ""
            row["note"] = (f"{folder}/{name} is no built-in's name{meant}, and no {folder[:-1]} kit uses "
                           "extends, includes or imports it: kit never reads it")  # fmt: skip
        rows.append(row)
    return rows
