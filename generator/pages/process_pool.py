"""The generator's own work spread over the machine's cores, with the standard library's
process pool (:class:`concurrent.futures.ProcessPoolExecutor`), where it was measured to
pay (bench/README.md): rendering the paper pages (:func:`generator.pages.render_site`).
Small sites stay in one process, where starting workers costs more than it saves; reading
the digests stays in one process too (at 10,000 papers, 3.7 CPU seconds; sending the
digests back from two workers cost most of what they saved). Work split into parts gives
the same result as done at once (tests/test_mkdocs_edge.py).

Workers are started with the ``forkserver`` method where it exists (Linux, macOS), else
``spawn``: never a plain ``fork`` of a process that may run threads (``mkdocs serve``
watches files from threads); the fork server is started once per process and reused.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


def cpu_count() -> int:
    """How many CPUs this process may run on (at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def process_count(items: int, per_process: int) -> int:
    """How many processes to share ``items`` pieces of work among: one per ``per_process``
    pieces, at most :func:`cpu_count`, at least 1."""
    return max(1, min(cpu_count(), items // max(1, per_process)))


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``items`` cut into ``parts`` contiguous slices (sizes differ by at most one; none is
    empty unless ``items`` is), in order: joined, they are ``items``."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    slices, start = [], 0
    for part in range(parts):
        end = start + size + (part < extra)
        slices.append(items[start:end])
        start = end
    return slices


def start_method() -> Any:
    """The multiprocessing context worker processes are started with: ``forkserver`` where
    it exists, else ``spawn`` (see the module docstring)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@contextmanager
def process_pool(
    processes: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``processes`` worker processes, each set up by ``initializer(*initargs)``
    (``initargs`` are pickled once per worker); shut down, waiting for the workers, on
    leaving the ``with`` block. An exception raised by work in a worker is raised again by
    the future's ``result()``; a worker that dies raises
    :class:`concurrent.futures.process.BrokenProcessPool` there."""
    with ProcessPoolExecutor(processes, mp_context=start_method(), initializer=initializer, initargs=initargs) as pool:
        yield pool
