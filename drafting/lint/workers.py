"""Worker processes for a cold lint (``--jobs``): files parsed and rendered in parallel, results in order.

Every result is what the same work gives in one process (each file is parsed and
rendered by itself, and ``render_file`` depends on nothing else): only the time
differs. The main process meanwhile does what it alone can — the checks across
files, the near-duplicate pass — and collects the results file by file, in the
order of the files.

Without ``--jobs`` the number of processes is chosen by the work and the
machine: one process when little is to be parsed or rendered (a warm run, a few
files changed: the workers would cost more to start than they save) or when the
processors are busy with other programs (``automatic``), as many as there are
processors (at most ``MOST``) for a cold run otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from ..errors import DraftError
from ..library import FileContent, parse_file
from ..model import Snippet
from .render import Context, SnippetResult, render_files

#: The most worker processes chosen without ``--jobs``.
MOST = 4
#: Snippets to render below which worker processes cost more than they save.
PARALLEL_FROM = 400


def automatic() -> int:
    """The workers a cold run uses when not told: every processor while they are idle, else one.

    Workers only help on processors nothing else is using: on a machine already
    busy (the load average at least one less than the processors), they compete
    with the other programs and each other and the run takes longer than in one
    process. The machines this runs on have two processors.
    """
    import threading

    if threading.active_count() > 1:
        # A process with threads of its own (a server, a test runner): a copy of it made now
        # could hold a lock another thread holds, and wait for it forever.
        return 1
    try:
        count = len(os.sched_getaffinity(0))  # the processors this process may run on
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]  # the last minute's; this very command counts for about one
    except (AttributeError, OSError):  # Windows: no load average
        busy = 0.0
    if busy > count - 0.5:
        return 1
    return max(1, min(MOST, count))


def _quiet(parent: int) -> None:
    """In a worker: signals end it at once, and so does the end of the process that started it.

    The main process handles Ctrl+C and the like (it removes its files and says so)
    and ends itself without waiting; a worker must then not say it a second time,
    nor stay behind waiting for work that will never come.
    """
    import signal
    import threading
    import time

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _prepare() -> None:
    import drafting.check  # noqa: F401 — the rules' patterns compiled now, not when the first file comes
    import drafting.yearrefs  # noqa: F401


def _parse_batch(paths: list[Path]) -> list[FileContent | DraftError]:
    out: list[FileContent | DraftError] = []
    for path in paths:
        try:
            out.append(parse_file(path))
        except DraftError as exc:  # the main process parses it again, collecting all its problems
            out.append(exc)
    return out


def _render_batch(batch: list[list[Snippet]], ctx: Context) -> list[list[SnippetResult]]:
    return render_files(batch, ctx)


def _batches(sizes: list[int], parts: int) -> list[list[int]]:
    """Consecutive runs of the indices, each about an equal share of the total size."""
    total = sum(sizes)
    share = max(1, total // parts)
    out: list[list[int]] = [[]]
    count = 0
    for n, size in enumerate(sizes):
        if count >= share:
            out.append([])
            count = 0
        out[-1].append(n)
        count += size
    return [b for b in out if b]


class Workers:
    """A pool of worker processes, started when first given work, ended with the ``with`` block."""

    def __init__(self, count: int) -> None:
        from concurrent.futures import ProcessPoolExecutor  # not for a run without workers

        self.count = count
        context = None
        if sys.platform == "linux":  # a copy of this process: nothing imported again
            import multiprocessing

            context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_quiet,
                                         initargs=(os.getpid(),))

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self, wait: bool = True) -> None:
        """End the workers: at once (``wait`` False) or when they are done."""
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def prepare(self) -> None:
        """Have the workers import the check rules (compiling their patterns) before there is work for them."""
        for _ in range(self.count):
            self._pool.submit(_prepare)

    def parser(self, files: list[Path]) -> Callable[[Path], FileContent]:
        """A ``parse_file`` for ``files`` that the workers have all started parsing, a batch each."""
        sizes = []
        for path in files:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                sizes.append(1)
        futures: dict[Path, tuple[object, int]] = {}
        for batch in _batches(sizes, self.count * 2):
            future = self._pool.submit(_parse_batch, [files[n] for n in batch])
            futures.update((files[n], (future, k)) for k, n in enumerate(batch))

        def parse(path: Path) -> FileContent:
            found = futures.pop(path, None)
            if found is None:
                return parse_file(path)
            result = found[0].result()[found[1]]
            if isinstance(result, DraftError):
                raise result
            return result
        return parse

    def render(self, todo: list[list[Snippet]], ctx: Context, parts: int | None = None) -> Callable[[], list[list[SnippetResult]]]:
        """Start rendering each file of ``todo`` (in ``parts`` batches, one worker each; default: a few each).

        Returns the function that waits for the results, in order.
        """
        batches = _batches([len(snippets) for snippets in todo], parts or self.count * 3)
        futures = [self._pool.submit(_render_batch, [todo[n] for n in batch], ctx) for batch in batches]
        return lambda: [result for future in futures for result in future.result()]


def serial(todo: list[list[Snippet]], ctx: Context) -> Callable[[], list[list[SnippetResult]]]:
    """``Workers.render`` in this process: rendered at once, the results handed over when asked for."""
    results = render_files(todo, ctx)
    return lambda: results


class Pool:
    """The workers of one lint run, as ``jobs`` asks (None: as the work and the machine allow).

    Without ``--jobs``, a cold run (nothing cached) starts its workers when given
    work; a warm one (a pre-commit hook: a file or two to render) starts one at
    once, on an idle processor, to import and compile the check rules while the
    library is read here, and renders the changed files there.
    """

    def __init__(self, jobs: int | None, cold: bool = True) -> None:
        self.jobs = jobs
        self.count = jobs if jobs is not None else automatic()
        self._workers: Workers | None = None
        self._warm = jobs is None and self.count > 1 and not cold
        if self._warm:
            self._workers = Workers(1)
            self._workers.prepare()

    def _get(self) -> Workers:
        if self._workers is None:
            self._workers = Workers(self.count)
        return self._workers

    def parses(self, cached: bool) -> bool:
        """Whether the files are parsed in workers: asked to, or (not told) when the library is not cached."""
        return self.count > 1 and not self._warm and (self.jobs is not None or not cached)

    def parser(self, files: list[Path]) -> Callable[[Path], FileContent]:
        """``Workers.parser``."""
        return self._get().parser(files)

    def render(self, todo: list[list[Snippet]], ctx: Context) -> Callable[[], list[list[SnippetResult]]]:
        """``Workers.render`` when there are workers for it, else ``serial``."""
        if todo and self._warm:
            return self._get().render(todo, ctx)
        total = sum(map(len, todo))
        if self.count > 1 and len(todo) > 1 and (self.jobs is not None or total >= PARALLEL_FROM):
            # Not told how many: the near-duplicates of a cold run, searched here meanwhile, take
            # about as long as the rendering, so one processor is left for them.
            return self._get().render(todo, ctx, None if self.jobs is not None else max(1, self.count - 1))
        return serial(todo, ctx)

    def close(self) -> None:
        """End the workers, if any were started (waiting for them: the process may end without looking back)."""
        if self._workers is not None:
            self._workers.close()
