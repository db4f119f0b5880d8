"""Time what a user runs on N public stories: `kit build`, rebuilds and `kit newsletter`, next to a floor.

    .venv/bin/python benchmarks/bench_build.py [N ...] [--rounds R] [--in DIR]    # N 1000, R 3

For each N, N varied public stories are generated (several metrics each; durations, money in
three currencies, percentages and counts; monthly, yearly and no periods; investments; an
internal metric and quote). Each round runs, in a fresh process each and in an order that
rotates from round to round (paired, alternating runs on a shared machine):

- the floor: per story, libyaml reads the front matter, plain Jinja2 renders three small
  documents and they are written; nothing else (no validation, facts, sandbox or checks);
- `kit build --kind blog,talk,onepager` into an empty folder (every draft checked);
- `kit newsletter`.

After each full build, the same build again with nothing changed, and again after one story
was edited. The one-change target allows "that story's own work", read two ways: the build's
time divided by N, and that work measured: the edited story built alone into a folder of its own,
less the same run again with nothing to do (so rendering, checking and writing it, with loading
the code that takes, but not the start-up both runs share). Medians are reported, with the targets
of issue 13. Peak memory is each command's largest process (resource usage of the waited-for
child, which covers its worker processes).

Everything is written in a memory-backed folder (/dev/shm where there is one, or `--in DIR`): on
a disk, the floor, which does little but write, took longer at every run as the disk's queue of
unwritten pages grew (1.3 s to 4.8 s, in CPU time too, over six runs in a row), and so did its
ratio to kit; in memory its six runs took 1.0–1.3 s of CPU. Both sides write to the same place.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIT_ROOT = Path(os.environ.get("KIT_BENCH_ROOT", REPO))  # another checkout of kit to time (before/after)
KIT = [sys.executable, "-m", "kit"]
MEMORY = "/dev/shm"  # a memory-backed folder, where Linux has one
TEAMS = [f"Team {name}" for name in ("Atlas", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Helix")]
TAGS = ["ml", "cost", "latency", "gpu", "data", "platform", "quality", "infra"]
MONEY = [("$", "k"), ("€", "k"), ("£", "k"), ("USD ", "M")]
STORY = """\
---
title: "Win {i}: {what} from {before} to {after}"
date: {date}
team: {team}
visibility: public
summary: Story {i} cut {what_lower} from {before} to {after} after a quarter of steady work.
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
  - name: Cloud spend
    before: {spend_before}
    after: {spend_after}
{spend_period}    better: lower
  - name: Models in production
    before: {models}
    after: {models_after}
    unit: models
    better: higher
  - name: Successful deploys
    before: {rate_before}%
    after: {rate_after}%
    better: higher
  - name: Pager alerts
    before: {alerts}
    after: {alerts_after}
    unit: alerts
    period: week
    better: lower
    internal: {internal}
investment:
  people: {people}
  duration: {months} months
quotes:
  - text: We stopped waiting and started shipping.
    by: Author {i}
    role: Engineer
---
## Context
Team {i} runs the platform that {count} engineers use every day.

## Problem
{what} was {before}, and people waited for it.

## Approach
We fixed it, step by step, and measured before and after.

## Results
{what} went from {before} to {after}. Cloud spend went from {spend_before} to {spend_after}.

## Lessons
Measure first. Ship small changes.
"""


def generate(folder: Path, count: int) -> None:
    """Write `count` varied, valid, public stories into folder."""
    rng = random.Random(42)
    for i in range(count):
        what = rng.choice(["Deployment lead time", "Time to train", "Incident response time", "Review wait"])
        unit = rng.choice(["weeks", "days", "hours"])
        before = rng.randint(3, 12)
        symbol, scale = MONEY[i % len(MONEY)]
        spend = rng.randint(20, 400)
        models = rng.randint(3, 40)
        rate = rng.randint(60, 90)
        alerts = rng.randint(20, 200)
        text = STORY.format(
            i=i,
            what=what,
            what_lower=what[0].lower() + what[1:],
            before=f"{before} {unit}",
            after=f"{rng.randint(1, before - 1)} {unit}" if rng.random() < 0.5 else f"{rng.randint(2, 50)} min",
            date=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",  # past: no "dated after today" warnings
            team=rng.choice(TEAMS),
            tags=", ".join(rng.sample(TAGS, 2)),
            spend_before=f"{symbol}{spend}{scale}",
            spend_after=f"{symbol}{spend * rng.randint(40, 90) // 100}{scale}",
            spend_period=rng.choice(["    period: month\n", "    period: year\n", ""]),
            models=models,
            models_after=models + rng.randint(1, 30),
            rate_before=rate,
            rate_after=min(99, rate + rng.randint(1, 9)),
            alerts=alerts,
            alerts_after=alerts * rng.randint(20, 80) // 100,
            internal=str(i % 4 == 0).lower(),
            people=rng.randint(2, 8),
            months=rng.randint(2, 9),
            count=rng.randint(20, 400),
        )
        (folder / f"story-{i:05d}.md").write_text(text, encoding="utf-8")


FLOOR = textwrap.dedent(
    """\
    import sys, yaml, jinja2
    from pathlib import Path
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "blog.md": "---\\ntitle: {{ title }}\\ndate: {{ date }}\\n---\\n{{ summary }}\\n\\n"
                   "| Metric | Before | After |\\n|---|---|---|\\n"
                   "{% for m in metrics %}| {{ m.name }} | {{ m.before }} | {{ m.after }} |\\n{% endfor %}"
                   "\\n{{ body }}",
        "talk.md": "# {{ title }}\\n\\n{{ summary }}\\n\\n## Outline\\n"
                   "{% for m in metrics %}- {{ m.name }}: from {{ m.before }} to {{ m.after }}\\n{% endfor %}",
        "onepager.md": "# {{ title }}\\n\\n**{{ team }}**: {{ summary }}\\n\\n"
                       "{% for m in metrics %}- {{ m.name }}: {{ m.before }} -> {{ m.after }}\\n{% endfor %}"
                       "\\n{{ body }}",
    }), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    templates = [env.get_template(name) for name in ("blog.md", "talk.md", "onepager.md")]
    for path in sorted(src.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        folder = out / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        for template in templates:
            (folder / template.name).write_text(template.render(meta, body=body), encoding="utf-8")
    """
)


def run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, int, str]:
    """(wall seconds, peak RSS in MB, CPU seconds, exit code, stderr tail) of one command in a fresh process.

    CPU seconds (user and system, the command's worker processes included) are the steadier
    figure on a shared machine, whose disk and neighbours make wall times swing.

    `cwd` is the benchmark's own folder, not the repository: `python -m kit` puts its working
    folder first on the path, and only PYTHONPATH may choose which kit runs.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv[2:4])} exited {code}: {err.strip()[-600:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, code, err.strip()[-400:]


def bench(count: int, rounds: int, env: dict[str, str], where: str | None) -> dict[str, tuple[float, float, float]]:
    """Medians (seconds, peak MB, CPU seconds) of every measured command for N stories, written in `where`."""
    with tempfile.TemporaryDirectory(prefix="kit-bench-", dir=where) as tmp:
        root = Path(tmp)
        stories = root / "stories"
        stories.mkdir()
        generate(stories, count)
        drafts = root / "drafts"
        build = [*KIT, "build", str(stories), "--kind", "blog,talk,onepager", "--out", str(drafts)]
        commands = {
            "floor": [sys.executable, "-c", FLOOR, str(stories), str(root / "floor")],
            "build": build,
            "newsletter": [*KIT, "newsletter", str(stories), "--out", str(root / "news")],
        }
        samples: dict[str, list[tuple[float, float, float]]] = {}
        for i in range(rounds):
            names = list(commands)
            for name in names[i % len(names) :] + names[: i % len(names)]:
                shutil.rmtree(drafts if name == "build" else root / name, ignore_errors=True)
                wall, rss, cpu, _, err = run(commands[name], env, root)
                samples.setdefault(name, []).append((wall, rss, cpu))
                if name != "build":
                    continue
                wall, rss, cpu, _, err = run(build, env, root)  # nothing changed
                samples.setdefault("no-change rebuild", []).append((wall, rss, cpu))
                if "unchanged" not in err:
                    print(f"  the no-change rebuild did not report what it skipped: {err[-200:]}")
                edited = stories / f"story-{(i * 7919) % count:05d}.md"
                edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
                wall, rss, cpu, _, err = run(build, env, root)
                samples.setdefault("one-change rebuild", []).append((wall, rss, cpu))
                print(f"  round {i + 1}: one-change rebuild said: {err.splitlines()[-1] if err else '(nothing)'}")
                # The edited story's own work, measured: built alone, minus the same run with nothing to do.
                alone = [*KIT, "build", str(edited), "--kind", "blog,talk,onepager", "--out", str(root / "alone")]
                shutil.rmtree(root / "alone", ignore_errors=True)
                wall, rss, cpu, _, err = run(alone, env, root)
                samples.setdefault("one story alone", []).append((wall, rss, cpu))
                wall, rss, cpu, _, err = run(alone, env, root)
                samples.setdefault("one story, unchanged", []).append((wall, rss, cpu))
        return {
            name: (statistics.median(w for w, _, _ in values), max(r for _, r, _ in values),
                   statistics.median(c for _, _, c in values))  # fmt: skip
            for name, values in samples.items()
        }


def report(count: int, medians: dict[str, tuple[float, float, float]]) -> None:
    floor, build = medians["floor"][0], medians["build"][0]
    floor_cpu = medians["floor"][2]
    print(f"N = {count}")
    for name, (wall, rss, cpu) in medians.items():
        print(f"  {name:<20} {wall:7.2f} s  {rss:6.0f} MB peak  {wall / floor:5.1f}× the floor   "
              f"CPU {cpu:6.2f} s, {cpu / floor_cpu:5.1f}× the floor's")  # fmt: skip
    per_story = build / count
    both = build + medians["newsletter"][0]
    both_cpu = medians["build"][2] + medians["newsletter"][2]
    print(f"  targets: build and newsletter ≤ 8× the floor: {both / floor:.1f}× "
          f"(the build alone {build / floor:.1f}×; in CPU time {both_cpu / floor_cpu:.1f}×);")  # fmt: skip
    print(f"           peak < 400 MB: {medians['build'][1]:.0f} MB;")
    print(f"           no-change ≤ 5% of the build: {medians['no-change rebuild'][0] / build:.1%};")
    one = medians["one-change rebuild"][0]
    own = medians["one story alone"][0] - medians["one story, unchanged"][0]
    print(f"           one-change ≤ 5% + one story: {one:.2f} s ({one / build:.1%}) against "
          f"{0.05 * build + per_story:.2f} s with one story's work as the build ÷ {count} ({per_story * 1000:.0f} ms), "
          f"{0.05 * build + own:.2f} s with it measured ({own * 1000:.0f} ms: the story built alone, "
          "less the same run with nothing to do)")  # fmt: skip


def main(argv: list[str]) -> int:
    rounds = 3
    if "--rounds" in argv:
        at = argv.index("--rounds")
        rounds = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    where = MEMORY if os.access(MEMORY, os.W_OK) else None
    if "--in" in argv:
        at = argv.index("--in")
        where = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    counts = [int(a) for a in argv[1:]] or [1000]
    # As installed: compiled modules (.pyc) are kept, as pip keeps them; a user cache of the bench's own.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(KIT_ROOT), SOURCE_DATE_EPOCH="1790000000")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {rounds} rounds, medians; "
          f"written in {where or tempfile.gettempdir()}")  # fmt: skip
    builds: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="kit-bench-cache-", dir=where) as cache:
        env["XDG_CACHE_HOME"] = cache
        for count in counts:
            medians = bench(count, rounds, env, where)
            report(count, medians)
            builds[count] = medians["build"][0]
    for small in counts:
        for large in counts:
            if large > small:
                print(f"build of {large} / build of {small}: {builds[large] / builds[small]:.2f}× "
                      f"({large / small:.1f}× the stories)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
