"""Time `kit newsletter` and `kit build` on N generated stories, next to a bare floor.

    .venv/bin/python benchmarks/bench_build.py [N]        # N defaults to 1000

The floor reads each file's front matter with PyYAML and renders the newsletter
templates with plain Jinja2, with nothing else (no validation, derived facts, sandbox,
CSS inlining or MIME), so the ratio shows what kit's own work costs. Every command runs
in a fresh process; wall time is measured around it and peak RSS comes from that
child's own rusage (os.wait4), so one run's peak never hides in another's.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIT = [sys.executable, "-m", "kit"]
TEAMS = [
    f"Team {name}"
    for name in ("Atlas", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Helix")
]
TAGS = ["ml", "cost", "latency", "gpu", "data", "platform", "quality", "infra"]
STORY = """\
---
title: "Win {i}: {what} from {before} to {after}"
date: {date}
team: {team}
visibility: {visibility}
summary: Story {i} cut {what} from {before} to {after} after a quarter of steady work.
tags: [{tags}]
authors:
  - name: Author {i}
    role: Engineer
metrics:
  - name: {what}
    before: {before}
    after: {after}
    better: lower
    headline: true
{period}  - name: Cloud spend
    before: {spend_before}
    after: {spend_after}
    period: month
    better: lower
  - name: Models in production
    before: {models}
    after: {models_after}
    unit: models
    better: higher
---
## Problem
It was slow.

## Approach
We fixed it, step by step, and measured before and after.

## Results
{what} went from {before} to {after}.
"""


def generate(folder: Path, count: int) -> None:
    """Write `count` varied, valid stories into folder."""
    rng = random.Random(42)
    for i in range(count):
        weeks = rng.randint(2, 12)
        spend = rng.randint(20, 400)
        models = rng.randint(3, 40)
        text = STORY.format(
            i=i,
            what=rng.choice(["Deployment lead time", "Time to train", "Incident response time"]),
            before=f"{weeks} weeks",
            after=f"{rng.randint(1, 6)} days",
            period="    period: month\n" if i % 3 == 0 else "",
            date=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            team=rng.choice(TEAMS),
            visibility=rng.choice(["public", "internal"]),
            tags=", ".join(rng.sample(TAGS, 2)),
            spend_before=f"{'€' if i % 5 == 0 else '$'}{spend}k",
            spend_after=f"{'€' if i % 5 == 0 else '$'}{spend * rng.randint(40, 90) // 100}k",
            models=models,
            models_after=models + rng.randint(1, 30),
        )
        (folder / f"story-{i:05d}.md").write_text(text, encoding="utf-8")


FLOOR = textwrap.dedent(
    """\
    import sys, yaml, jinja2
    from pathlib import Path
    src, out, templates = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    cards = []
    for path in sorted(src.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---", 2)[1])
        m = meta["metrics"][0]
        cards.append({
            "slug": path.stem, "title": meta["title"], "team": meta["team"], "tags": meta["tags"],
            "date_text": str(meta["date"]), "summary": meta["summary"], "blog": None,
            "headline": {"name": m["name"], "phrase": f"from {m['before']} to {m['after']}",
                         "annual": None, "before": m["before"], "after": m["after"],
                         "improved": True, "bars": {"before": 100, "after": 10}},
        })
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(oneline=lambda t: " ".join(str(t).split()), md=str)
    totals = {"wins": len(cards), "teams": 8, "annual_savings_text": ["$1M a year"],
              "savings_stories": 1, "annual_time_saved_text": "10 hours a year", "time_stories": 1}
    context = {"title": "Wins", "issue": "floor", "date_text": "today", "subject": "Wins",
               "preheader": "Wins", "totals": totals, "groups": [{"name": None, "cards": cards}],
               "grouped": False, "count": len(cards), "compact": False, "sender": "a@b",
               "to": "c@d", "generated": "today"}
    out.mkdir(parents=True, exist_ok=True)
    for name in ("newsletter.html.j2", "newsletter.txt.j2", "newsletter.md.j2"):
        (out / name[:-3]).write_text(env.get_template(name).render(context), encoding="utf-8")
    """
)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB, exit code, stderr tail) of one command in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode, err.strip()[-400:]


def report(name: str, result: tuple[float, float, int, str], floor: float | None) -> None:
    wall, rss, code, _ = result
    ratio = f"  {wall / floor:5.1f}× the floor" if floor else ""
    print(f"{name:<28} {wall:7.2f} s  {rss:7.0f} MB peak  exit {code}{ratio}")


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 1000
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1790000000"}
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        root = Path(tmp)
        stories = root / "stories"
        stories.mkdir()
        generate(stories, count)
        print(f"{count} stories, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        floor = run(
            [
                sys.executable,
                "-c",
                FLOOR,
                str(stories),
                str(root / "floor"),
                str(REPO / "templates"),
            ],
            env,
        )
        report("floor (yaml + jinja2)", floor, None)
        if floor[2] != 0:
            print(f"the floor failed: {floor[3]}")
            return 2
        news = run([*KIT, "newsletter", str(stories), "--out", str(root / "news")], env)
        report("kit newsletter", news, floor[0])
        if news[2] != 0:
            print(f"kit newsletter failed: {news[3]}")
        html = next((root / "news").glob("*.html"), None)
        if html is not None:
            print(f"{'':28} HTML {html.stat().st_size / 1000:,.0f} KB")
        build = run(
            [
                *KIT,
                "build",
                str(stories),
                "--kind",
                "blog,talk,onepager",
                "--out",
                str(root / "drafts"),
            ],
            env,
        )
        if build[2] in (0, 1):
            report("kit build (3 kinds)", build, floor[0])
        else:
            print(f"kit build skipped: it exited {build[2]}: {(build[3].splitlines() or [''])[-1]}")
        shutil.rmtree(root / "drafts", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
