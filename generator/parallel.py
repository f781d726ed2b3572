"""Running part of a build in a second process, so that both cores of a small machine work.

The generator renders the paper pages in two halves, one of them in a forked child process
(:func:`run_in_fork`); the MkDocs hook tokenizes pages for the search index in a forked
process while MkDocs renders (:mod:`generator.search_index`). Both use Python's
``multiprocessing`` with the ``fork`` start method: the child starts with the parent's
memory (the catalog, the fitted tf-idf matrix) instead of receiving it pickled, and only
its result travels back, pickled, through a pipe.

Where ``fork`` is not available (Windows) or the machine has one CPU, the work is done in
this process instead, with the same result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether work can go to a second process: ``fork`` exists here and there is more
    than one CPU to run it on."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def fork_context() -> multiprocessing.context.BaseContext:
    """The ``fork`` multiprocessing context (callers check :func:`can_fork` first)."""
    return multiprocessing.get_context("fork")


class SecondProcessDied(RuntimeError):
    """The forked child died without a result (killed, or out of memory)."""


@contextmanager
def frozen_objects() -> Iterator[None]:
    """Around a fork: every object made so far is moved out of the garbage collector's
    reach (``gc.freeze``), so that the child's collections do not write to the parent's
    objects and copy their memory pages (Python's ``gc`` documentation recommends this
    before a fork). Afterwards this process unfreezes them, unless they were frozen
    before (the MkDocs hook freezes the catalog for the render)."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def run_in_fork(function: Callable[[], T]) -> Callable[[], T]:
    """Start ``function()`` in a forked child process and return a function that waits for
    the child and returns what ``function`` returned (it must be picklable).

    An exception raised in the child is raised again by the returned function, with the
    child's traceback added as a note; a child that dies without answering raises
    :class:`SecondProcessDied`. Without :func:`can_fork`, ``function`` runs when the
    returned function is called, in this process.
    """
    if not can_fork():
        return function
    context = fork_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(function, sender), daemon=True)
    with frozen_objects():
        child.start()
    sender.close()

    def result() -> T:
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            child.join()
            raise SecondProcessDied(f"the second process ended without a result (exit code {child.exitcode})") from None
        finally:
            receiver.close()
        child.join()
        if succeeded:
            return value
        raise value

    return result


def _answer(function: Callable[[], object], sender) -> None:
    try:
        answer = (True, function())
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        details = "in the second process:\n" + traceback.format_exc()
        error.add_note(details)
        answer = (False, error)
    try:
        sender.send(answer)
    except Exception:  # an exception (or result) that cannot be pickled: send its text
        sender.send((False, RuntimeError(details if not answer[0] else traceback.format_exc())))
    sender.close()
