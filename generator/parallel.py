"""Running part of a build in a second process, so that both cores of a small machine work.

The generator reads the digests and renders the paper pages in two shares, one of each in
a forked child process (:func:`run_in_fork`). During ``mkdocs build`` a child converts
half of the pages' Markdown (:mod:`generator.parallel_markdown`), then another renders
half of them through the theme's templates (:mod:`generator.parallel_templates`), each
working ahead of MkDocs (:class:`ResultsAhead`); a third counts the search terms of the
pages as MkDocs renders them (:class:`generator.search_index.BackgroundIndexer`). All use Python's ``multiprocessing``
with the ``fork`` start method: the child starts with the parent's memory (the catalog,
the fitted tf-idf matrix, MkDocs' files and config) instead of receiving it pickled, and
only results travel, pickled, through pipes. A child ignores Ctrl+C and ends when its
parent does (:func:`start_child`).

Where ``fork`` is not available (Windows), the machine has one CPU, or the environment
variable ``PAPER_DIGESTS_ONE_PROCESS`` is set, the work is done in this process instead,
with the same result.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")


ONE_PROCESS_VARIABLE = "PAPER_DIGESTS_ONE_PROCESS"
"""Set this environment variable (to anything but empty) to do all the work in one process."""


def can_fork() -> bool:
    """Whether work can go to a second process: ``fork`` exists here, there is more than
    one CPU to run it on, and :data:`ONE_PROCESS_VARIABLE` is not set."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and not os.environ.get(ONE_PROCESS_VARIABLE)
    )


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


def run_in_fork(function: Callable[[], T]) -> Forked[T]:
    """Start ``function()`` in a forked child process; calling the returned
    :class:`Forked` waits for the child and returns what ``function`` returned (it must be
    picklable).

    An exception raised in the child is raised again by that call, with the child's
    traceback added as a note; a child that dies without answering raises
    :class:`SecondProcessDied`. Without :func:`can_fork`, ``function`` runs at that call,
    in this process.
    """
    return Forked(function)


def start_child(context, target: Callable[..., None], *args: Any, parent_ends: tuple = ()):
    """Start ``target(*args)`` in a forked daemon process and return it. ``parent_ends``
    are the pipe ends this process keeps: the child closes its copies first thing, so that
    if this process dies (even by ``kill -9``), the child's next read sees the end of the
    pipe and its next write a broken pipe, and it ends instead of waiting for ever. On
    Linux the child also asks the kernel to kill it when this process ends
    (``prctl(PR_SET_PDEATHSIG)``), so that a child stuck elsewhere ends too."""
    child = context.Process(target=_child_main, args=(target, parent_ends, os.getpid(), *args), daemon=True)
    with frozen_objects():
        child.start()
    return child


def stop_child(child, *parent_ends) -> None:
    """Kill ``child`` (from :func:`start_child`), wait for it to end, and close this
    process's ends of its pipes."""
    child.kill()
    child.join()
    for end in parent_ends:
        end.close()


_in_second_process = False


def in_second_process() -> bool:
    """Whether this is a child started by :func:`start_child` (or :func:`run_in_fork`)."""
    return _in_second_process


_PR_SET_PDEATHSIG = 1
"""From Linux's ``<linux/prctl.h>``: the signal a process gets when its parent ends."""


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed pipe ends still end the child
        pass
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(0)


def _child_main(target: Callable[..., None], parent_ends: tuple, parent: int, *args: Any) -> None:
    global _in_second_process
    _in_second_process = True
    _die_with_parent(parent)
    ignore_interrupts()
    for end in parent_ends:
        end.close()
    target(*args)


class Forked(Generic[T]):
    """Work started by :func:`run_in_fork`: call it for the result, or :meth:`cancel` it."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._function = function
        self._child = None
        if can_fork():
            context = fork_context()
            self._receiver, sender = context.Pipe(duplex=False)
            self._child = start_child(context, send_answer, function, sender, parent_ends=(self._receiver,))
            sender.close()

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        """Leaving a ``with`` block, by an exception too, stops a child whose result was
        not taken (it would otherwise wait to hand it over)."""
        self.cancel()

    def __call__(self) -> T:
        if self._child is None:
            return self._function()
        try:
            succeeded, value = self._receiver.recv()
        except EOFError:
            self._child.join()
            raise SecondProcessDied(f"the second process ended without a result (exit code {self._child.exitcode})") from None
        finally:
            self._receiver.close()
        self._child.join()
        self._child = None
        if succeeded:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child, if it still runs (its result is no longer wanted)."""
        if self._child is not None:
            stop_child(self._child, self._receiver)
            self._child = None


def ignore_interrupts() -> None:
    """In a child process: leave Ctrl+C to the parent. The terminal sends it to the whole
    process group; the parent stops the build (and its daemon children with it), and the
    children print no tracebacks of their own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def send_answer(function: Callable[[], object], sender) -> None:
    """In a child process: send ``(True, function())`` through ``sender``, or ``(False,
    the exception)`` with the child's traceback as a note; give up quietly if the parent
    is gone (a broken pipe)."""
    try:
        answer = (True, function())
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        details = "in the second process:\n" + traceback.format_exc()
        error.add_note(details)
        answer = (False, error)
    try:
        sender.send(answer)
    except BrokenPipeError:  # the parent is gone or no longer wants the result
        return
    except Exception:  # an exception (or result) that cannot be pickled: send its text
        sender.send((False, RuntimeError(details if not answer[0] else traceback.format_exc())))
    sender.close()


class LogMessages(logging.Handler):
    """In a child process: what MkDocs' loggers (``mkdocs`` and below, hooks included) log,
    either dropped (:meth:`drop`: for work whose messages the parent gives itself, as it
    runs the same events) or kept (:meth:`keep`) as ``(logger name, level, text)`` in
    :attr:`records`, for the parent to log again with :func:`log_again` (so that MkDocs'
    ``--strict`` counts a warning given in the child). Make it in the child: from then on
    MkDocs' messages there no longer reach the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []
        self._mkdocs = logging.getLogger("mkdocs")
        self._mkdocs.propagate = False

    def drop(self) -> None:
        """From now on, drop MkDocs' messages."""
        self._mkdocs.handlers = [logging.NullHandler()]

    def keep(self) -> None:
        """From now on, keep MkDocs' messages, in a new :attr:`records`."""
        self.records = []
        self._mkdocs.handlers = [self]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def log_again(records: list[tuple[str, int, str]]) -> None:
    """In the parent: log the messages a child's :class:`LogMessages` kept, as they were logged there."""
    for name, level, text in records:
        logging.getLogger(name).log(level, text)


def alternate(items: list[T], share: float) -> list[T]:
    """The items a second process takes when it takes ``share`` (0–1) of them, spread
    evenly along the list (item *i* is its when ``⌊(i+1)·share⌋ > ⌊i·share⌋``), so that each
    process gets as much of every part of the list."""
    return [item for index, item in enumerate(items) if int((index + 1) * share) > int(index * share)]


STALL_SECONDS = 20
"""How long :meth:`ResultsAhead.get` waits for the child's next result before it takes the
child for stuck, stops it and leaves the rest of the work to this process (the slowest page
of a 10,000-paper site takes the child well under a second)."""


class ResultsAhead:
    """Results a second process works out, one per key, ahead of this process, which
    takes each when it needs it (:meth:`get`).

    ``work(key)`` runs in a forked child for each key of ``keys``, in order; each result
    (picklable) goes, pickled, into an unnamed temporary file, and a short note through a
    pipe; the child never waits for this process unless it is more than a pipe's buffer
    of notes ahead. A key whose ``work`` raised has no result: this process does that
    work itself (and fails, or not, as it would have). If the child dies (killed, out of
    memory) or gives no result for :data:`STALL_SECONDS` while this process waits for one
    (stuck), it is stopped, ``lost`` is logged once at info level to ``log``, and the keys it
    had not finished have no result. Without :func:`can_fork`, or without a writable temporary
    folder (``tempfile.gettempdir()``), no key has a result.
    """

    def __init__(self, keys: list[str], work: Callable[[str], object], log: logging.Logger, lost: str) -> None:
        self._keys = set(keys)
        self._done: dict[str, tuple[int, int] | None] = {}
        self._child = None
        self._log, self._lost = log, lost
        if not (self._keys and can_fork()):
            self._keys = set()
            return
        try:
            self._results = tempfile.TemporaryFile()  # gone when closed, or when this process ends
        except OSError as error:  # no writable temporary folder: this process does all the work
            log.info("generator: no temporary file for a second process (%s); working in one process", error)
            self._keys = set()
            return
        context = fork_context()
        self._receiver, sender = context.Pipe(duplex=False)
        self._child = start_child(
            context, _work_ahead, keys, work, self._results.fileno(), sender, parent_ends=(self._receiver,)
        )
        sender.close()

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def __bool__(self) -> bool:
        """Whether a child works on any key (False without :func:`can_fork`, or no keys)."""
        return bool(self._keys)

    def get(self, key: str) -> object | None:
        """The result for ``key``, waiting for it if need be; None if ``key`` is not one
        of the keys, its work raised there, or the child died first."""
        if key not in self._keys:
            return None
        while key not in self._done and self._child is not None:
            try:
                if self._receiver.poll(STALL_SECONDS):
                    note = self._receiver.recv()
                else:  # e.g. waiting for a thread that does not exist in a forked child
                    self._log.info("%s (no answer in %d s)", self._lost, STALL_SECONDS)
                    note = None
            except EOFError:
                self._log.info("%s (it ended)", self._lost)
                note = None
            if note is None:  # all done, stuck, or the child died: what it noted before is whole
                stop_child(self._child, self._receiver)
                self._child = None
                break
            self._done[note[0]] = note[1]
        where = self._done.get(key)
        if where is None:
            return None
        offset, length = where
        return pickle.loads(os.pread(self._results.fileno(), length, offset))

    def forget(self, key: str) -> None:
        """Drop ``key`` (its result is taken)."""
        self._done.pop(key, None)

    def cancel(self) -> None:
        """Stop the child and drop the results (done, or the build failed); safe to call
        more than once."""
        if self._child is not None:
            stop_child(self._child, self._receiver)
            self._child = None
        if self._keys:
            self._results.close()
            self._keys = set()


def _work_ahead(keys: list[str], work: Callable[[str], object], results: int, sender) -> None:
    """In the child: ``work`` each key; append each result, pickled, to the file
    ``results`` and send ``(key, (offset, length))``, or ``(key, None)`` if it raised;
    then None."""
    offset = 0
    try:
        with os.fdopen(os.dup(results), "wb") as written:
            for key in keys:
                try:
                    data = pickle.dumps(work(key), pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 - the parent does this work itself, and meets the error there
                    sender.send((key, None))
                    continue
                written.write(data)
                written.flush()  # whole in the file before the parent hears of it
                sender.send((key, (offset, len(data))))
                offset += len(data)
        sender.send(None)
    except OSError:  # the file cannot grow (disk full), or the parent is gone: end quietly;
        return  # the parent sees the pipe close and does the rest itself
