"""LLM drafting speed, and what a serial local server is asked to do.

1. Throughput: `--jobs` drafts (200) against the test stub server at `--latency` (400 ms) per
   request, `--concurrency` (16) in flight, through `kit.llm.draft_all` with the cache in a
   temporary folder. The ideal is jobs × latency / concurrency (200 × 0.4 / 16 = 5 s); the
   target is within 1.3× of it. The template build is not part of it: jobs are made first.
   A re-run then answers every draft from the cache and sends nothing.
2. A serial local server (the stub generating one reply at a time, as Ollama, llama.cpp and
   LM Studio do) under the `ollama` profile: one request in flight, a deadline counted from
   sending, no retry of a timed-out generation. It must generate each draft exactly once.

    .venv/bin/python benchmarks/llm_concurrency.py [--jobs 200] [--concurrency 16] [--latency 0.4]
        [--serial-jobs 6]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kit.config import Config  # noqa: E402 (after the path is set)
from kit.llm import DraftJob, draft_all, llm_settings  # noqa: E402
from kit.load import parse_story  # noqa: E402
from kit.views import context, make_view  # noqa: E402
from tests.stub_server import StubServer  # noqa: E402
from tests.support import MINIMAL_STORY  # noqa: E402

KINDS = ("blog", "talk", "onepager")
TARGET = 1.3  # at most this many times the ideal wall time


def jobs(count: int) -> list[DraftJob]:
    """`count` distinct jobs (distinct requests, so none is answered by another's cache entry)."""
    out = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        text = MINIMAL_STORY.replace("title: Model deploys", f"title: Story {n}, model deploys")
        story = parse_story(text.encode(), Path(f"story-{n}.md"))
        view = make_view(story, "public" if kind in ("blog", "talk") else "internal")
        out.append(DraftJob(f"story-{n}/{kind}", kind, context(view), f"# Story {n}\n"))
    return out


def run(label: str, work: list[DraftJob], workspace: Path, stub: StubServer, **llm: Any) -> float:
    os.environ.pop("OPENAI_API_KEY", None)  # a local server needs no key
    config = Config.model_validate({"llm": {"base_url": stub.base_url, **llm}})
    settings = llm_settings(config)
    before = len(stub.requests)
    start = time.perf_counter()
    results = draft_all(work, settings, workspace)
    wall = time.perf_counter() - start
    failed = [r for r in results if r.error]
    sent = len(stub.requests) - before
    cached = sum(1 for r in results if r.meta["cached"])
    print(f"{label}: {len(results)} drafts in {wall:.2f} s; {sent} requests sent, "
          f"{cached} answered from the cache, {len(failed)} failed "
          f"(profile {settings.profile.name}, concurrency {settings.concurrency})")  # fmt: skip
    for result in failed[:5]:
        print(f"  {result.job.key}: {result.error}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.4, help="seconds per request")
    parser.add_argument("--serial-jobs", type=int, default=6, help="drafts for the serial local server")
    args = parser.parse_args()
    start = time.perf_counter()
    import openai  # noqa: F401 (timed on its own: a one-off cost per process, not per request)

    print(f"importing openai (once per process, not counted below): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    work = jobs(args.jobs)
    print(f"making {args.jobs} jobs (views and contexts; not counted): {time.perf_counter() - start:.2f} s")
    ideal = args.jobs * args.latency / args.concurrency
    print(f"\n1. {args.jobs} jobs, concurrency {args.concurrency}, server latency {args.latency * 1000:.0f} ms: "
          f"ideal {ideal:.2f} s, target within {TARGET}x ({ideal * TARGET:.2f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, StubServer(latency=args.latency) as stub:
        workspace = Path(folder)
        wall = run("first run", work, workspace, stub, concurrency=args.concurrency)
        verdict = "within" if wall <= ideal * TARGET else "OVER"
        print(f"  = {wall / ideal:.2f}x the ideal: {verdict} the target")
        run("re-run   ", work, workspace, stub, concurrency=args.concurrency)

    serial = jobs(args.serial_jobs)
    print(f"\n2. {args.serial_jobs} jobs against a serial local server ({args.latency * 1000:.0f} ms per generation), "
          "ollama profile")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, StubServer(latency=args.latency, serial=True) as stub:
        wall = run("serial   ", serial, Path(folder), stub, server="ollama")
        duplicates = stub.generations - len(serial)
        print(f"  generations {stub.generations} for {len(serial)} drafts: {duplicates} duplicate(s); "
              f"{wall / (len(serial) * args.latency):.2f}x the server's own time")  # fmt: skip


if __name__ == "__main__":
    main()
