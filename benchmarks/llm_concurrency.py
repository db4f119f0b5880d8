"""LLM drafting speed: 24 drafts against a server that takes 400 ms each, 8 in flight.

Starts the test stub server on loopback with that latency, drafts 24 jobs through
`kit.llm.draft_all` (the cache in a temporary folder), and prints the wall time and the
number of 400 ms round trips it is worth: close to 24 / 8 = 3, not 24. Then runs the same
jobs again: every reply comes from the cache and no request is sent.

    .venv/bin/python benchmarks/llm_concurrency.py [--jobs 24] [--concurrency 8] [--latency 0.4]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kit.config import Config  # noqa: E402 (after the path is set)
from kit.llm import DraftJob, draft_all, llm_settings  # noqa: E402
from kit.load import parse_story  # noqa: E402
from kit.views import context, make_view  # noqa: E402
from tests.stub_server import StubServer  # noqa: E402
from tests.support import MINIMAL_STORY  # noqa: E402

KINDS = ("blog", "talk", "onepager")


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


def run(
    label: str, work: list[DraftJob], workspace: Path, stub: StubServer, concurrency: int
) -> float:
    os.environ.pop("OPENAI_API_KEY", None)  # a local server needs no key
    config = Config.model_validate({"llm": {"base_url": stub.base_url}})
    settings = llm_settings(config, concurrency=concurrency)
    before = len(stub.requests)
    start = time.perf_counter()
    results = draft_all(work, settings, workspace)
    wall = time.perf_counter() - start
    failed = [r for r in results if r.error]
    sent = len(stub.requests) - before
    cached = sum(1 for r in results if r.meta["cached"])
    print(f"{label}: {len(results)} drafts in {wall:.2f} s; {sent} requests sent, "
          f"{cached} answered from the cache, {len(failed)} failed")  # fmt: skip
    for result in failed:
        print(f"  {result.job.key}: {result.error}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.4, help="seconds per request")
    args = parser.parse_args()
    work = jobs(args.jobs)
    ideal = math.ceil(args.jobs / args.concurrency)
    print(f"{args.jobs} jobs, concurrency {args.concurrency}, "
          f"server latency {args.latency * 1000:.0f} ms "
          f"(ideal: {ideal} round trips = {ideal * args.latency:.2f} s; one at a time: "
          f"{args.jobs * args.latency:.2f} s)")  # fmt: skip
    start = time.perf_counter()
    import openai  # noqa: F401 (timed on its own: a one-off cost per process, not per request)

    print(
        "importing openai (once per process, not counted below): "
        f"{time.perf_counter() - start:.2f} s"
    )
    with tempfile.TemporaryDirectory() as folder, StubServer(latency=args.latency) as stub:
        workspace = Path(folder)
        wall = run("first run", work, workspace, stub, args.concurrency)
        print(f"  = {wall / args.latency:.2f} round trips of {args.latency * 1000:.0f} ms")
        run("re-run   ", work, workspace, stub, args.concurrency)


if __name__ == "__main__":
    main()
