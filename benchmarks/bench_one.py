"""Start-up: `kit --help` next to `kit build one.md` and `kit check draft.md`, side by side.

    .venv/bin/python benchmarks/bench_one.py [ROUNDS]     # ROUNDS defaults to 15

Each round runs every command once, in a fresh process, in an order that rotates from round
to round (paired, alternating runs), so a noisy neighbour slows all of them alike; the medians
are reported with each command's ratio to `kit --help`. `kit build` runs with --force so it
renders, checks and writes every time. A variant without the user cache (compiled templates, parsed
hyphenation patterns; KIT_NO_CACHE=1) shows what it saves. KIT_BENCH_BEFORE=DIR (a copy of an
older `kit/` package's parent folder) times that one in the same rounds.
"""

from __future__ import annotations

import os
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


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return wall


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 15
    # As installed: compiled modules (.pyc) are kept, as pip keeps them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(KIT_ROOT), SOURCE_DATE_EPOCH="1790000000")
    with tempfile.TemporaryDirectory(prefix="kit-one-") as tmp:
        root = Path(tmp)
        shutil.copy(STORY, root / "one.md")
        env["XDG_CACHE_HOME"] = str(root / "cache")  # a cache of its own, warmed by the first build
        build = [*KIT, "build", "one.md", "--out", "drafts", "--force"]
        subprocess.run(build, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        draft = next((root / "drafts").rglob("blog.md"))
        no_cache = {**env, "KIT_NO_CACHE": "1"}
        commands = {
            "kit --help": ([*KIT, "--help"], env),
            "kit build one.md": (build, env),
            "kit build one.md (no user cache)": (build, no_cache),
            "kit check draft.md": ([*KIT, "check", str(draft)], env),
        }
        before = os.environ.get("KIT_BENCH_BEFORE")  # another checkout, timed in the same rounds
        if before:
            old = {**env, "PYTHONPATH": before}
            for name in ("kit --help", "kit build one.md", "kit check draft.md"):
                commands[f"{name} (before)"] = (commands[name][0], old)
        names = list(commands)
        times: dict[str, list[float]] = {name: [] for name in names}
        for i in range(rounds):
            order = names[i % len(names) :] + names[: i % len(names)]
            for name in order:
                argv, command_env = commands[name]
                times[name].append(timed(argv, command_env, root))
        help_median = statistics.median(times["kit --help"])
        print(f"{rounds} rounds, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; medians:")
        for name in names:
            median = statistics.median(times[name])
            print(f"{name:<34} {median * 1000:7.0f} ms  {median / help_median:4.1f}× kit --help")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
