"""Work spread over the machine's cores: a function over many items in worker processes, results in order.

    results = in_pool(work, items, options, progress=progress)  # None: do it here instead

Workers are forked where the system can (they start with what the parent has imported and
read), one per core up to four. The items go out in short runs, many per worker, so a slow run
does not hold the others up; results come back in the items' order whatever finished first.
A run that fails in a worker is done again here, so its error is raised as a one-process run
would raise it, with its whole message (an exception does not always survive the trip back
from a worker); if it does not fail here (the pool broke: a worker was killed), None says so,
and the caller does the work itself.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4
RUNS_PER_WORKER = 8  # at least: a worker that draws the slower runs does not finish far behind the others
RUN_AT_MOST = 16  # items: the last runs end close together, and results come back as they are made


def workers() -> int:
    """How many worker processes a pool would start: one per core this process may use, up to four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


# A worker's garbage collector: the young generation collected every 10,000 allocations, not 700.
# kit's work makes many short-lived objects and few cycles; collecting less often spends about 2%
# less of a build's CPU (and with gc.freeze, what the worker inherited is never scanned).
WORKER_GC_THRESHOLD = (10_000, 20, 20)


def _start_worker() -> None:
    """Set up a worker process: what it inherited from the parent is left out of collections, and
    Ctrl-C is the parent's to answer (a terminal sends it to the workers too: each would print a
    traceback, and the pool would go on with the next run)."""
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_pool(
    work: Callable[..., list[R]],
    items: Sequence[T],
    *args: Any,
    processes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[R], bool] | None = None,
) -> list[R] | None:
    """`work(run, *args)` over runs of items in worker processes, its results joined in order.

    `work` is a module-level function (it is sent to the workers by name) that takes a list of
    items and returns one result per item, in as many processes as `processes` (default:
    `workers()`). With `stop`, the first result it is true for ends the
    work early: the runs not yet started are dropped, and the results so far (that one included,
    fewer than the items) are returned. None with one worker, or when the pool broke.
    """
    count = processes or workers()
    if count < 2:
        return None
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(1, min(len(items) // (count * RUNS_PER_WORKER), RUN_AT_MOST))
    runs = [list(items[i : i + size]) for i in range(0, len(items), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    results: list[R] = []
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context(method), initializer=_start_worker)
    futures: list[Future[list[R]]] = []
    try:
        futures += (pool.submit(work, run, *args) for run in runs)
        for run, future in zip(runs, futures, strict=True):
            try:
                done = future.result()
            except Exception:  # noqa: BLE001 (done again here, to raise the error whole)
                pool.shutdown(cancel_futures=True)
                work(run, *args)
                return None
            results.extend(done)
            if progress:
                progress(len(results), len(items))
            if stop is not None and any(stop(result) for result in done):
                break
    except BaseException:
        # Ctrl-C (KeyboardInterrupt) and the like: the runs not yet started are dropped and this
        # returns at once; the few under way end on their own. Waiting for every run, as leaving
        # the pool normally does, kept a large build going for minutes after Ctrl-C.
        for future in futures:
            future.cancel()  # itself, not through the pool: the pool is let go of as this returns
        pool.shutdown(wait=False)
        raise
    pool.shutdown(cancel_futures=True)
    return results
