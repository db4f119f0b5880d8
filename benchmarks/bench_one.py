"""Start-up: `kit --help` next to `kit build one.md` and `kit check draft.md`, side by side.

    .venv/bin/python benchmarks/bench_one.py [ROUNDS]     # ROUNDS defaults to 15

Each round runs every command once, in a fresh process, in an order that rotates from round
to round (paired, alternating runs), so a noisy neighbour slows all of them alike; the medians
are reported with each command's ratio to `kit --help`, in wall time and in CPU time (user and
system, which a busy machine disturbs less). `kit build` runs with --force so it
renders, checks and writes every time. A variant without the user cache (compiled templates, parsed
hyphenation patterns; KIT_NO_CACHE=1) shows what it saves. Two bare Pythons importing only the other
packages each command loads show the floor kit's own start-up sits on: a check needs Typer (with
pydantic, which Typer uses to convert options), PyYAML and python-frontmatter; a build also needs
Jinja2 and markdown-it. KIT_BENCH_BEFORE=DIR (a copy of an older
`kit/` package's parent folder) times that one in the same rounds, against its own `kit --help`.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIT_ROOT = Path(os.environ.get("KIT_BENCH_ROOT", REPO))  # another checkout of kit to time (before/after)
KIT = [sys.executable, "-m", "kit"]
STORY = REPO / "examples" / "stories" / "model-deployment-lead-time.md"
# What `kit check` and `kit build` import from other packages (pydantic through Typer's option adapters).
CHECK_FLOOR = "import typer, typer._adapters, yaml, frontmatter"
BUILD_FLOOR = CHECK_FLOOR + ", jinja2.sandbox, markdown_it"


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user and system) of one run, in seconds."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 15
    # As installed: compiled modules (.pyc) are kept, as pip keeps them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(KIT_ROOT), SOURCE_DATE_EPOCH="1790000000")
    with tempfile.TemporaryDirectory(prefix="kit-one-") as tmp:
        root = Path(tmp)
        shutil.copy(STORY, root / "one.md")
        env["XDG_CACHE_HOME"] = str(root / "cache")  # a cache of its own, warmed by the first build
        # the measure: three kinds (the default is every kind, the social posts too)
        build = [*KIT, "build", "one.md", "--kind", "blog,talk,onepager", "--out", "drafts", "--force"]
        subprocess.run(build, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        draft = next((root / "drafts").rglob("blog.md"))
        no_cache = {**env, "KIT_NO_CACHE": "1"}
        commands = {
            "kit --help": ([*KIT, "--help"], env),
            "kit build one.md": (build, env),
            "kit build one.md (no user cache)": (build, no_cache),
            "kit check draft.md": ([*KIT, "check", str(draft)], env),
            "other packages' imports (a check)": ([sys.executable, "-c", CHECK_FLOOR], env),
            "other packages' imports (a build)": ([sys.executable, "-c", BUILD_FLOOR], env),
        }
        before = os.environ.get("KIT_BENCH_BEFORE")  # another checkout, timed in the same rounds
        if before:
            old = {**env, "PYTHONPATH": before}
            for name in ("kit --help", "kit build one.md", "kit check draft.md"):
                commands[f"{name} (before)"] = (commands[name][0], old)
        names = list(commands)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for i in range(rounds):
            order = names[i % len(names) :] + names[: i % len(names)]
            for name in order:
                argv, command_env = commands[name]
                times[name].append(timed(argv, command_env, root))
        walls = {name: statistics.median(wall for wall, _ in runs) for name, runs in times.items()}
        cpus = {name: statistics.median(cpu for _, cpu in runs) for name, runs in times.items()}
        print(f"{rounds} rounds, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; medians, wall and CPU time:")
        for name in names:
            wall, cpu = walls[name], cpus[name]
            base = "kit --help (before)" if name.endswith("(before)") else "kit --help"  # each to its own help
            print(f"{name:<34} {wall * 1000:7.0f} ms  {wall / walls[base]:4.1f}× {base:<19}"
                  f"  cpu {cpu * 1000:5.0f} ms  {cpu / cpus[base]:4.1f}×")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
