"""Worker processes for a run's own work, so that checking replies does not hold up the requests.

`in_workers(work, calls)` yields an async function that runs `work(*args)` in a worker process
and returns what it returns. The workers are forked before the run starts its event loop and
its threads, and inherit `work` (say, a closure over the run's stories and options) instead of
receiving it pickled: a call sends only its arguments, and gets back the result. With too few
calls to pay for starting processes, one core, or no fork, `work` runs here instead. A call
that fails in a worker is made again here, so its error is raised whole (an exception does not
always survive the trip back); if it does not fail here (the pool broke), its result is used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

R = TypeVar("R")

POOL_AT = 50  # calls expected: below this, starting worker processes costs more than they save

_work: Callable[..., Any] | None = None  # in a worker process: the work it was started with


@contextmanager
def in_workers(work: Callable[..., R], calls: int) -> Iterator[Callable[..., Awaitable[R]]]:
    """An async `work`, run in worker processes (one per core) when there are enough calls for them."""
    pool = _start_pool(work, calls)

    async def here(*args: Any) -> R:
        return work(*args)

    async def there(*args: Any) -> R:
        assert pool is not None
        try:
            result: R = await asyncio.get_running_loop().run_in_executor(pool, _call, *args)
        except Exception:  # noqa: BLE001 (made again here, to raise the error whole)
            return work(*args)
        return result

    if pool is None:
        yield here
        return
    try:
        yield there
    finally:
        pool.shutdown(cancel_futures=True)


def _start_pool(work: Callable[..., Any], calls: int) -> ProcessPoolExecutor | None:
    """Worker processes for `work`, every one started now; None when they would not pay, or cannot start."""
    import multiprocessing

    from kit.pool import workers

    count = workers()
    if calls < POOL_AT or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start, initargs=(work,))
    try:
        pool.submit(int).result()  # forks every worker now, while this process runs no other thread
    except Exception:  # noqa: BLE001 (no worker started: the work is done here)
        pool.shutdown()
        return None
    return pool


def _start(work: Callable[..., Any]) -> None:
    """Set up a worker: its work, and Ctrl-C left to the parent, which stops the run and says how far it
    got (a terminal's Ctrl-C reaches every process of the group: each worker would print a traceback)."""
    import signal

    global _work
    _work = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(*args: Any) -> Any:
    assert _work is not None, "not in a worker process"
    return _work(*args)
