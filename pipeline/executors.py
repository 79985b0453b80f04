"""Where documents are read: in this process, in a process pool, or on a Dask cluster.

Every executor runs the same picklable function on each task and yields each output
as soon as it is done, so progress is shown as it happens and a long document never
holds back the others; the caller makes the run's output independent of that order
(the tables are sorted by source path). At most ``window`` tasks are in flight: an
archive of tens of thousands of files never has all its results in memory at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar

from pipeline.workers import NO_LIMITS, LimitError, Limits, run_limited

T = TypeVar("T")
R = TypeVar("R")
ExecutorName = Literal["local", "dask"]

log = logging.getLogger("delib.ingest")


def default_workers() -> int:
    """The cores this process may run on (not the machine's total under a CPU quota)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


_warm = False
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Load the spaCy model, the French lexicon and pandas once in this process.

    Called before the first document of every process that reads documents (the
    parent before it forks a pool, each Dask worker, a one-worker run), so that the
    load is timed and logged once and uses the regex cache. A no-op the second time.
    """
    with _warm_lock:  # a Dask worker runs tasks in several threads
        _warm_up_once()


def _warm_up_once() -> None:
    global _warm
    if _warm:
        return
    _warm = True
    start = time.perf_counter()
    try:
        # pyarrow imports pandas (~0.35 s) on its first conversion of Python rows: once
        # here rather than in every worker and in the processes that build partitions.
        import pandas  # noqa: F401

        from parsers.lexicon import default_lexicon
        from parsers.nlp import get_nlp
        from pipeline.regex_cache import cached_compiles

        default_lexicon()  # ~0.3 s: the normaliser's word list, shared by forked workers
        # spaCy's French tokenizer compiles a 1.45 M-character regex at import (3-4 s);
        # its byte code is kept on disk after the first run (pipeline/regex_cache.py).
        with cached_compiles() as compiled:
            get_nlp()
    except Exception as exc:  # the documents that need it will fail with the reason
        log.warning("spaCy model not loaded in process %d: %s", os.getpid(), exc)
        return
    seconds = time.perf_counter() - start
    if seconds > 0.05:  # a real load, not the cached model
        log.info(
            "spaCy model loaded in %.1f s (process %d%s)",
            seconds,
            os.getpid(),
            f"; {len(compiled)} pattern(s) compiled and cached" if compiled else "",
        )


def run_tasks(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    *,
    workers: int = 1,
    executor: ExecutorName = "local",
    scheduler: str | None = None,
    on_crash: Callable[[T, str], R],
    window: int | None = None,
    cost: Callable[[T], float] | None = None,
    limits: Limits = NO_LIMITS,
    on_limit: Callable[[T, LimitError], R] | None = None,
) -> Iterator[R]:
    """Yield ``fn(task)`` for every task, each as soon as it is done.

    ``executor="local"`` with one worker runs in this process, in task order; with
    more, in a process pool whose workers load the spaCy model once.
    ``executor="dask"`` submits to the Dask scheduler at ``scheduler``
    (``tcp://host:8786``); its workers must see the input files at the same paths.
    ``cost(task)`` (say, the file size) sends the largest tasks first, so that no
    worker is left with a long document while the others are idle. ``on_crash(task,
    message)`` makes the output of a task whose worker died (out of memory, killed):
    the batch goes on.
    """
    if not tasks:
        return
    order = list(range(len(tasks)))
    if cost is not None:
        # Longest first (LPT): the sort is stable, so equal costs keep task order.
        order.sort(key=lambda i: -cost(tasks[i]))
    if executor == "dask":
        if not scheduler:
            raise ValueError("--executor dask needs --scheduler tcp://host:port")
        yield from _run_dask(fn, tasks, order, scheduler, on_crash, window)
    elif executor == "local":
        if (workers <= 1 or len(tasks) == 1) and not limits.any:
            for task in tasks:
                yield fn(task)
        else:
            # Even one worker is a process when there is a budget: only a process can
            # be stopped in the middle of a document.
            workers = max(1, min(workers, len(tasks), window or workers))
            if "fork" in multiprocessing.get_all_start_methods():
                # Load the model before forking: the workers inherit it (copy-on-write)
                # instead of each paying the 4-6 s load, which would eat most of a short
                # run's gain.
                warm_up()
            yield from run_limited(fn, tasks, order, workers, limits, on_crash, on_limit)
    else:
        raise ValueError(f"unknown executor {executor!r}: use 'local' or 'dask'")


def _run_dask(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    order: list[int],
    scheduler: str,
    on_crash: Callable[[T, str], R],
    window: int | None,
) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError as exc:  # an optional dependency
        raise RuntimeError(
            "--executor dask needs dask.distributed: pip install 'delib[dask]'"
        ) from exc
    with Client(scheduler, set_as_default=False) as client:
        if window is None:
            # Keep every thread of the cluster busy, whatever --workers says locally.
            threads = sum(client.nthreads().values())
            window = 2 * max(threads, 2)
            log.info("Dask cluster at %s: %d worker threads", scheduler, threads)
        # Each Dask worker warms up once, on its first document (tasks.run_task).
        # Finished futures arrive on a queue, filled from the client's event-loop thread
        # (distributed.wait and as_completed would need this client to be the default).
        finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
        waiting = deque(order)
        running: dict[Any, int] = {}
        while waiting or running:
            while waiting and len(running) < window:
                i = waiting.popleft()
                # pure=False: the same path must be read again if asked (it may have changed)
                future = client.submit(fn, tasks[i], pure=False)
                running[future] = i
                future.add_done_callback(finished.put)
            future = finished.get()
            index = running.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # KilledWorker and friends: that file failed, go on
                yield on_crash(tasks[index], f"the Dask task failed: {exc!r}")
