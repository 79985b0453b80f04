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
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal, TypeVar

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


def _init_worker() -> None:
    """Process-pool initializer: load the model before the first document."""
    warm_up()


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
        if workers <= 1 or len(tasks) == 1:
            for task in tasks:
                yield fn(task)
        else:
            yield from _run_pool(fn, tasks, order, workers, on_crash, window or 2 * workers)
    else:
        raise ValueError(f"unknown executor {executor!r}: use 'local' or 'dask'")


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # Load the model before forking: the workers inherit it (copy-on-write) instead
        # of each paying the 4-6 s load, which would eat most of a short run's gain.
        warm_up()
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context()
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)


def _run_pool(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    order: list[int],
    workers: int,
    on_crash: Callable[[T, str], R],
    window: int,
) -> Iterator[R]:
    pool = _pool(workers)
    running: dict[Future[R], int] = {}
    waiting = deque(order)
    retry: deque[int] = deque()  # tasks in flight when a worker died, run one at a time
    solo: set[int] = set()
    try:
        while waiting or retry or running:
            if retry:
                if not running:
                    i = retry.popleft()
                    solo.add(i)
                    running[pool.submit(fn, tasks[i])] = i
            else:
                # Only unfinished tasks count against the window: a long document
                # never holds back the others (outputs are yielded as they come).
                while waiting and len(running) < window:
                    i = waiting.popleft()
                    running[pool.submit(fn, tasks[i])] = i
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken: list[int] = []
            for future in sorted(done, key=running.__getitem__):
                index = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(index)
                    continue
                yield result
            if broken:
                # A worker died and every task in flight failed with it. Run those again
                # alone, in a new pool: the one that kills its worker when alone is the
                # culprit, and the others get through.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers)
                lost = sorted(broken + list(running.values()))
                running.clear()
                for index in lost:
                    if index in solo:
                        log.error("worker died on task %d; the batch goes on", index)
                        yield on_crash(tasks[index], "the worker process died reading this file")
                    else:
                        retry.append(index)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
        # Each Dask worker warms up once, on its first document (ingest.run_task).
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
