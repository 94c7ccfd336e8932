"""Filling the cache: the conversions that miss it run in parallel across processes.

:func:`run_exports` hands the PNG and PDF conversions to a process pool, one call per journey
(:func:`worker_tasks`: its formats painted in one walk of its drawing), largest drawings first. A
conversion that fails is reported, never raised, so one bad drawing does not
break the pool. Workers die with the process that started them
(``PR_SET_PDEATHSIG`` on Linux) and are terminated at once on Ctrl-C.

The pool's modules (:mod:`multiprocessing`, :mod:`concurrent.futures`) are
imported only where a pool runs: :mod:`mkdocs_cjm.check` imports this package
and needs only the sizes.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from ..progress import Ticker
from .cache import _touch, read_cached
from .conversion import _convert_to, _describe, _write_atomic, convert, source_date_epoch
from .jobs import ExportJob, ExportStats, _failure

if TYPE_CHECKING:  # imported where a pool runs
    import concurrent.futures as cf
    import multiprocessing.context

_PR_SET_PDEATHSIG = 1


def _worker_init(build: int, direct: bool) -> None:
    """Start of a conversion process: die with the build process ``build`` that started the pool, and
    leave Ctrl-C to that process (which terminates its workers). ``direct``: the worker is that process's
    child (spawn); under ``forkserver`` its parent is the fork server, so a signal on the parent's death
    comes too late, and a thread watches the build process instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .preload import prime

    prime()  # done already in the fork server; under spawn, here
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc
            pass
    # The parent may have died before the signal was asked for.
    ppid = os.getppid()
    if (direct and ppid != build) or ppid == 1 or not _alive(build):
        os._exit(1)
    if not direct:
        import threading

        threading.Thread(target=_watch, args=(build,), name="cjm-watch-build", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone; or another user's process took the number
        return False
    return True


def _watch(build: int, every: float = 0.5) -> None:
    """End this worker as soon as the build process is gone (killed: no Ctrl-C, no clean-up of its pool)."""
    while _alive(build):
        time.sleep(every)
    os._exit(1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """``forkserver`` (or ``spawn``): every worker starts from a process that has
    never drawn anything. Not ``fork``: a worker forked from a process that had
    converted a PDF inherits cairo's font state and makes PNGs with other
    anti-aliasing (and forking a process with threads, as ``mkdocs serve`` has,
    can deadlock the child). The server imports the conversion code once, so
    workers start quickly. Both re-import the ``__main__`` module, so a script
    that calls :func:`run_exports` needs the usual ``if __name__ == "__main__":`` guard."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not Unix
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The painter and cairo, fontconfig loaded and the fonts resolved (export.preload); cairosvg (0.1 CPU-s
    # more) is imported by a worker only when it falls back.
    context.set_forkserver_preload(["mkdocs_cjm.export.preload"])
    return context


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers now (Ctrl-C)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass


class WorkerTask:
    """What one worker call does: a journey's PNG/PDF ``jobs``, painted in one walk of its drawing
    (:func:`~mkdocs_cjm.export.conversion._convert_to`), each file cached."""

    def __init__(self, jobs: Sequence[ExportJob], epoch: Optional[str]) -> None:
        self.jobs = tuple(jobs)
        self.epoch = epoch

    def _args(self) -> tuple[str, list[tuple[str, float, str]], Optional[str]]:
        return self.jobs[0].svg, [(j.fmt, j.scale, str(j.cache_path)) for j in self.jobs], self.epoch

    def submit(self, pool: cf.ProcessPoolExecutor) -> cf.Future[list[Optional[str]]]:
        return pool.submit(_convert_to, *self._args())

    def run(self) -> list[Optional[str]]:
        """The same call in this process (for benchmarks): an error message or ``None`` per job."""
        return _convert_to(*self._args())


def worker_tasks(todo: Sequence[ExportJob], epoch: Optional[str], *, together: bool = True) -> list[WorkerTask]:
    """The worker calls that make ``todo``: one per journey drawing (its formats in ``todo``'s order),
    in the order of each drawing's first job. ``together=False``: one call per job (for benchmarks)."""
    if not together:
        return [WorkerTask([job], epoch) for job in todo]
    by_drawing: dict[tuple[str, str], list[ExportJob]] = {}
    for job in todo:
        by_drawing.setdefault((job.journey_id, job.svg), []).append(job)
    return [WorkerTask(jobs, epoch) for jobs in by_drawing.values()]


#: Called as conversions finish: ``(done, total)``.
Progress = Callable[[int, int], None]


def progress_every(say: Callable[[str], None], seconds: float = 5.0) -> Progress:
    """A :data:`Progress` that says ``"k of n conversions done"`` at most every ``seconds``, and at the end."""
    return Ticker(say, lambda done, total: f"{done} of {total} PNG/PDF conversions done", seconds)


class ExportRun:
    """Conversions handed to worker processes by :func:`start_exports`; :meth:`finish` waits for them.

    The MkDocs adapter starts a run once the maps are loaded and finishes it after the pages are written,
    so the conversions use the cores MkDocs leaves idle while it builds the pages."""

    def __init__(self, stats: ExportStats, todo: Sequence[ExportJob], workers: int) -> None:
        self.stats = stats
        self.total = len(todo)
        self._futures: dict[cf.Future[list[Optional[str]]], tuple[ExportJob, ...]] = {}
        self._pool: Optional[cf.ProcessPoolExecutor] = None
        self._started = time.perf_counter()
        if not todo:
            return
        import concurrent.futures as cf

        context = _pool_context()
        direct = context.get_start_method() != "forkserver"
        self._pool = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(), direct)
        )
        try:
            for task in worker_tasks(todo, source_date_epoch()):
                self._futures[task.submit(self._pool)] = task.jobs
        except BaseException:
            self.cancel()
            raise

    def finish(self, progress: Optional[Progress] = None) -> ExportStats:
        """Wait for every conversion, record it in :attr:`stats` and stop the workers."""
        if self._pool is None:
            return self.stats
        import concurrent.futures as cf

        try:
            done = 0
            for future in cf.as_completed(self._futures):
                jobs = self._futures[future]
                try:
                    errors = future.result()
                except Exception as exc:  # a worker died (BrokenProcessPool) or its result was lost
                    errors = [f"the conversion process stopped: {_describe(exc)}"] * len(jobs)
                for job, error in zip(jobs, errors):
                    _record(self.stats, job, error)
                    done += 1
                    if progress is not None:
                        progress(done, self.total)
        except BaseException:
            self.cancel()
            raise
        self._pool.shutdown(wait=True)
        self._pool = None
        self.stats.seconds += time.perf_counter() - self._started
        return self.stats

    def done(self) -> int:
        """How many of the conversions have finished so far."""
        return sum(len(jobs) for future, jobs in self._futures.items() if future.done())

    def cancel(self) -> None:
        """Stop the workers now, dropping what has not been converted (a failed build, Ctrl-C)."""
        if self._pool is not None:
            _stop_pool(self._pool)
            self._pool = None


def _record(stats: ExportStats, job: ExportJob, error: Optional[str]) -> None:
    if error is None:
        stats.count(job, made=True)
    else:
        stats.failures.append(_failure(job, error))


def start_exports(
    jobs: Sequence[ExportJob], *, workers: Optional[int] = None, stats: Optional[ExportStats] = None
) -> ExportRun:
    """Start making every job's cache file that does not exist yet; :meth:`ExportRun.finish` waits for them.

    ``workers``: processes for PNG/PDF conversion (default: the usable cores).
    Conversions never run in this process, so a file does not depend on what
    this process converted before (see :func:`_pool_context`). SVG files are written here, at once. A job
    that is skipped (too big) goes to ``stats.skipped``; a conversion that
    fails goes to ``stats.failures`` with its message; neither stops the rest.
    """
    stats = stats if stats is not None else ExportStats()
    start = time.perf_counter()
    todo: list[ExportJob] = []
    seen: set[Path] = set()
    for job in jobs:
        if job.skip:
            stats.skipped.append(_failure(job, job.skip, skipped=True))
            continue
        if job.cache_path in seen:
            stats.count(job, made=False)
            continue
        seen.add(job.cache_path)
        if read_cached(job) is not None:
            _touch(job.cache_path)
            _touch(job.digest_path)
            stats.count(job, made=False)
        elif job.fmt == "svg":
            try:
                _write_atomic(job.cache_path, convert(job.svg, "svg"))
                stats.count(job, made=True)
            except OSError as exc:
                stats.failures.append(_failure(job, _describe(exc)))
        else:
            todo.append(job)
    # One task per journey, its formats painted in one walk (worker_tasks); largest drawings first,
    # so the pool's last task is a short one. The order does not change the files: a PDF converted
    # earlier in the same process used to change the anti-aliasing of later PNGs (cairo resolves a
    # font with the first surface that uses it), which paint.font_face settles on an image surface
    # before anything uses the font (tests/site/test_export_determinism.py).
    todo.sort(key=lambda j: -len(j.svg))  # stable: a journey's formats stay in FORMATS order
    n = max(1, min(workers or default_workers(), len(worker_tasks(todo, None))))
    if todo:  # in worker processes even for one job: see _pool_context
        stats.workers = max(stats.workers, n)
    stats.seconds += time.perf_counter() - start
    return ExportRun(stats, todo, n)


def run_exports(
    jobs: Sequence[ExportJob],
    *,
    workers: Optional[int] = None,
    stats: Optional[ExportStats] = None,
    progress: Optional[Progress] = None,
) -> ExportStats:
    """Make every job's cache file that does not exist yet, and wait for them (:func:`start_exports`).
    ``progress(done, total)`` is called as each PNG/PDF conversion finishes."""
    return start_exports(jobs, workers=workers, stats=stats).finish(progress)
