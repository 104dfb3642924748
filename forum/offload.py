"""CPU-bound work off the event loop: a bounded pool of worker processes with a CPU budget.

``await run_cpu(func, *args, **kwargs)`` runs ``func(*args, **kwargs)`` in a worker process and
returns its result. Use it for every pure, CPU-heavy step of a request: Markdown rendering and
bleach (``forum.text.render_markdown``), the screens (``moderation.detect``), anything whose cost
grows with what a client sent.

Why processes, not threads (measured, see ``bench/offload_bench.py``): with two threads rendering
20 KB of pathological Markdown, the event loop's lag was p50 14 ms / p99 69 ms, because pure-Python
work holds the GIL and hands it back only every 5 ms switch interval; with two worker processes the
same work left the loop at p50 0.2 ms / p99 6 ms, and finished sooner (true parallelism). The cost is
pickling the arguments and the result (microseconds for a 20 KB string) and that ``func`` must be
importable by name: a module-level function (or a ``functools.partial`` of one) -- never a lambda
or a closure (``TypeError`` at once).

Bounds:

* ``WORKERS`` processes (one per core, at least 1), started lazily with the ``forkserver`` method
  (never ``fork`` of a process that has threads and open sockets); at most ``WORKERS * 4`` calls
  are in flight, the rest wait their turn on the event loop (cheap).
* A CPU budget per call (``BUDGET_SECONDS`` of the worker's own CPU time, measured by
  ``ITIMER_VIRTUAL`` so a busy machine does not shrink it): a call that would exceed it is stopped
  in the worker and ``TooComplexError`` (422, "This post is too complex to display; please simplify
  its formatting.") is raised here. The worker is free again at once.
* Workers run at a lower CPU priority (``WORKER_NICENESS``): when a flood of heavy texts keeps
  them busy, the process serving pages still gets the CPU first, so other members' pages stay
  fast (``bench/flood_bench.py``). The budget is CPU time, so a busy machine does not shrink it.
* A worker that dies (out of memory, killed) breaks the pool; the next call builds a new one and
  the failed call raises ``ServiceUnavailableError`` (503).

Set ``CROSSROADS_OFFLOAD=inline`` to run calls on the calling thread (debugging, profiling); the
budget is then not enforced.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from forum.errors import ServiceUnavailableError, ValidationError

__all__ = [
    "BUDGET_SECONDS",
    "TOO_COMPLEX_MESSAGE",
    "TooComplexError",
    "WORKERS",
    "WORKER_NICENESS",
    "run_cpu",
    "shutdown",
]

T = TypeVar("T")

#: Worker processes; one per core.
WORKERS: int = max(1, os.cpu_count() or 1)
#: CPU seconds one call may use in a worker before it is refused. The worst 20 KB post we know
#: (a 3,000-column table) takes about 1 s; ordinary 20 KB posts take 0.2 s.
BUDGET_SECONDS: float = 2.0
#: How much lower the workers' CPU priority is than the server's (``os.nice`` increment; Unix).
WORKER_NICENESS: int = 10
TOO_COMPLEX_MESSAGE = "This post is too complex to display; please simplify its formatting."


class TooComplexError(ValidationError):
    """A text would cost more than the CPU budget to process (422, code ``too_complex``)."""

    code = "too_complex"

    def __init__(
        self, message: str = TOO_COMPLEX_MESSAGE, *, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, fields=fields)


class _OverBudget(BaseException):
    """Raised inside a worker by the CPU timer (BaseException so ``except Exception`` in the
    called function cannot swallow it)."""


def _on_timer(signum: int, frame: object) -> None:
    raise _OverBudget()


def _start_worker(niceness: int) -> None:
    """Runs once in each new worker: lower its CPU priority below the serving process's."""
    try:
        os.nice(niceness)
    except (AttributeError, OSError):  # not Unix, or not allowed: run at the same priority
        pass


def _call_in_worker(
    budget: float, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """Runs in the worker process: ``(True, func(...))`` under a CPU-time alarm of ``budget``
    seconds, or ``(False, None)`` when the alarm went off."""
    signal.signal(signal.SIGVTALRM, _on_timer)
    signal.setitimer(signal.ITIMER_VIRTUAL, budget)
    try:
        return True, func(*args, **kwargs)
    except _OverBudget:
        return False, None
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)


class _Pool:
    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.pid = 0

    def get(self) -> ProcessPoolExecutor:
        if self.executor is None or self.pid != os.getpid():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["forum.text"])  # workers start with the renderer loaded
            self.executor = ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=context,
                initializer=_start_worker,
                initargs=(WORKER_NICENESS,),
            )
            self.pid = os.getpid()
        return self.executor

    def discard(self, executor: ProcessPoolExecutor) -> None:
        if self.executor is executor:
            self.executor = None
        executor.shutdown(wait=False, cancel_futures=True)


_pool = _Pool()
# One semaphore per event loop (pytest runs a loop per test; asyncio primitives bind to one loop).
_slots: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Semaphore]] = {}


def _slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    entry = _slots.get(id(loop))
    if entry is None or entry[0] is not loop:
        for key in [k for k, (lp, _) in _slots.items() if lp.is_closed()]:
            del _slots[key]
        entry = _slots[id(loop)] = (loop, asyncio.Semaphore(WORKERS * 4))
    return entry[1]


def _check_importable(func: Callable[..., Any]) -> None:
    target = getattr(func, "func", func)  # functools.partial
    qualname = getattr(target, "__qualname__", "")
    if "<lambda>" in qualname or "<locals>" in qualname:
        raise TypeError(f"run_cpu needs a module-level function, not {qualname}")


async def run_cpu(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in a worker process; its result (picklable) or its exception.

    Raises ``TooComplexError`` (422) when the call would use more than ``BUDGET_SECONDS`` of CPU,
    ``ServiceUnavailableError`` (503) when the worker died, ``TypeError`` for a lambda/closure.
    """
    _check_importable(func)
    if os.environ.get("CROSSROADS_OFFLOAD") == "inline":
        return func(*args, **kwargs)
    async with _slot():
        executor = _pool.get()
        loop = asyncio.get_running_loop()
        try:
            outcome: tuple[bool, T] = await loop.run_in_executor(
                executor, _call_in_worker, BUDGET_SECONDS, func, args, kwargs
            )
        except BrokenProcessPool:
            _pool.discard(executor)
            raise ServiceUnavailableError(
                "We could not process that just now; please try again."
            ) from None
    within_budget, result = outcome
    if not within_budget:
        raise TooComplexError()
    return result


def shutdown() -> None:
    """Stop the worker processes (at application shutdown; a later call starts new ones)."""
    executor, _pool.executor = _pool.executor, None
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)
