"""Where a page runs: a worker process that the parent can stop, whatever the page does inside C.

Every caller that extracts pages — the command line (one page or a batch, `--jobs`), the corpus
runner, a Dask task, the explorer's `/api/extract` — hands them to a `PagePool`. Each worker of the
pool is a separate Python process that extracts one page at a time and lives on for the next:

- **memory**: the worker's address space is capped by the operating system (`RLIMIT_AS` =
  `Options.max_page_memory`, `--max-page-memory`). A page past it fails its allocation inside the
  worker (a `MemoryError`, or the worker dies); the batch process is untouched.
- **time**: inside the worker an alarm at the page's limit (`Options.timeout_s`) ends Python code
  (E104; time spent in NLP only costs the NLP, see pipeline.py); the parent kills a worker that
  outlives the limit by `GRACE_S` (a parser stuck in C), and the page becomes E104.
- a worker that died or was killed is replaced by a fresh one for the next page; the page that took
  it down becomes an error record (`E110 memory` or `E104 timeout`) and its sha256 goes into a
  `Quarantine` file beside the output, so a rerun records it again without running it.

The workers are started with `subprocess` (a fresh interpreter, not a fork): safe from any thread
of any host (a web server, a Dask worker, which may not start `multiprocessing` children), and the
limits are set in the child alone. Pages and results travel as pickles over a pair of pipes.

    with PagePool(options, workers=2) as pool:
        one = pool.extract(page)
        for page_or_item, result in pool.imap_unordered(pages):   # as they complete
            ...
"""
from __future__ import annotations

import atexit
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import PageTimeout, error
from .options import Options, memory_text
from .pipeline import as_page, extract_page, source_of
from .pipeline import extract as in_process
from .read.page import Page
from .record import PageResult

# past the page's own limit, the parent waits this much for the worker's alarm before it kills it
GRACE_S = 2.0
# a worker checks this often that its parent is alive
PARENT_CHECK_S = 1.0
# a worker that has not started in this long (imports, loading) is taken as failed to start
START_TIMEOUT_S = 120.0
# the exit code of a worker whose allocation failed outside the page's handlers (any other exit code
# is a failure of dateline's own, E108; a signal is the system's answer to a page past its memory)
EXIT_MEMORY = 110
# libraries that start a thread pool per core reserve address space for each: one thread is enough
# for one page at a time, and keeps the memory limit about the page, not the machine
_ENV_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class WorkerFailed(RuntimeError):
    """A worker could not be started at all (not a page's fault)."""


# ---------------------------------------------------------------------------------------- the child


def _child_main(read_fd: int, write_fd: int, max_memory: int) -> None:
    """The worker process: cap its memory, then extract each page it is sent until its input ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_die_with_parent, args=(os.getppid(),), daemon=True).start()
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    if max_memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    signal.signal(signal.SIGALRM, _on_alarm)
    outbox.send(("ready", os.getpid()))
    while True:
        try:
            page, options, then = inbox.recv()
        except EOFError:
            return
        try:
            result = _extract_timed(page, options)
            outbox.send(("done", then(result) if then is not None else result))
        except MemoryError:  # past the limit outside the page's own handlers: say so by the exit code
            os._exit(EXIT_MEMORY)


def _on_alarm(signum, frame) -> None:
    raise PageTimeout()


def _extract_timed(page: Page, options: Options) -> PageResult:
    """`extract_page` under the page's time limit: one alarm, which pipeline.py turns into E104 (or,
    during NLP, into a warning that keeps the articles). The parent's kill is the backstop.

    The alarm may ring at any bytecode once armed: as `setitimer` itself returns (a limit of a few
    microseconds on a loaded machine), or in the `finally` before it is disarmed. Both lie inside
    the outer `try`, so the alarm can only ever end the page, never the worker (a worker that died
    of it would be taken for one that ran out of memory)."""
    try:
        try:
            if options.timeout_s > 0:
                signal.setitimer(signal.ITIMER_REAL, options.timeout_s)
            return extract_page(page, options)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except PageTimeout:  # rang outside the pipeline's own handlers (between them and here)
        return PageResult(source=source_of(page, options), errors=[error("E104", limit=options.timeout_s)
                                                                    .to_page_error()])


def _die_with_parent(parent: int) -> None:
    """End this worker once its parent is gone (killed, say), even in the middle of a page: a killed
    run leaves no orphan workers. (Not PR_SET_PDEATHSIG: it fires when the *thread* that started the
    worker ends, and pools start workers from short-lived threads.)"""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(3)


# --------------------------------------------------------------------------------------- the parent


class _Died(Exception):
    """The worker ended during a page; `code` says what the page becomes: E104 (the parent killed it
    at the time limit), E110 (a signal, or EXIT_MEMORY), E108 (it ended with another code)."""

    def __init__(self, how: str, code: str):
        super().__init__(how)
        self.how, self.code = how, code


class _Stale(Exception):
    """The worker had ended before it was given the page (not the page's doing): take another."""


class _Worker:
    """One worker process, seen from the parent."""

    def __init__(self, max_memory: int):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {**os.environ, **_ENV_ONE_THREAD}
        package_root = str(Path(__file__).resolve().parents[1])  # dateline importable as in the parent
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from dateline.worker import _child_main; "
             "_child_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))",
             str(to_child_r), str(from_child_w), str(max_memory)],
            pass_fds=(to_child_r, from_child_w), env=env, stdin=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.outbox = Connection(to_child_w, readable=False)
        self.inbox = Connection(from_child_r, writable=False)
        self.ready = False

    def _wait_ready(self) -> None:
        if self.ready:
            return
        if not self.inbox.poll(START_TIMEOUT_S):
            self.kill()
            raise WorkerFailed(f"a worker process did not start within {START_TIMEOUT_S:g} s")
        try:
            self.inbox.recv()
        except EOFError:
            raise WorkerFailed(f"a worker process ended as it started (code {self.proc.wait()})") from None
        self.ready = True

    def run(self, page: Page, options: Options, then: Callable | None) -> Any:
        self._wait_ready()
        if self.proc.poll() is not None:
            raise _Stale()
        try:
            self.outbox.send((page, options, then))
        except OSError:  # it died between pages
            raise _Stale() from None
        limit = options.timeout_s + GRACE_S if options.timeout_s > 0 else None
        if not self.inbox.poll(limit):
            self.kill()
            raise _Died(f"stopped after {limit:g} s", "E104")
        try:
            return self.inbox.recv()[1]
        except (EOFError, OSError):
            raise self._died() from None

    def _died(self) -> _Died:
        code = self.proc.wait()
        if code < 0:
            return _Died(f"the worker process was ended by signal {signal.Signals(-code).name}", "E110")
        if code == EXIT_MEMORY:
            return _Died("an allocation failed", "E110")
        return _Died(f"the worker process ended with code {code}", "E108")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.outbox.close()
        self.inbox.close()

    def close(self) -> None:
        """End the worker: its input closes, it returns; a worker busy in C is killed."""
        try:
            self.outbox.close()
            self.proc.wait(1.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.inbox.close()


class Quarantine:
    """The sha256 of each page that took a worker down, in a small text file (`sha256 code uri` a
    line) beside the output, so a rerun records it as an error without running it again."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.codes: dict[str, str] = {}
        self.lock = threading.Lock()
        if self.path is not None and self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split(" ", 2)
                if len(parts) >= 2:
                    self.codes[parts[0]] = parts[1]

    def add(self, sha256: str, code: str, uri: str | None) -> None:
        with self.lock:
            self.codes[sha256] = code
            if self.path is not None:
                # one short line a write, opened to append: writers in other processes do not interleave
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(f"{sha256} {code} {uri or '-'}\n")

    def code_of(self, sha256: str | None) -> str | None:
        return self.codes.get(sha256) if sha256 else None


def quarantine_beside(target: str | Path) -> Path:
    """The quarantine file of an output: `corpus.db` -> `corpus.db.quarantine`; a folder -> inside it."""
    target = Path(target)
    return target / ".dateline-quarantine" if target.is_dir() else target.with_name(target.name + ".quarantine")


@dataclass
class _Stop:
    """The end of the input (or its failure), passed through the pool's queues."""

    exc: BaseException | None = None


class PagePool:
    """Worker processes for pages. `workers`: how many at most (more callers wait for one); None:
    one for each thread that asks at once (a Dask worker's task threads)."""

    def __init__(self, options: Options, workers: int | None = 1, quarantine: Quarantine | str | Path | None = None):
        self.options = options
        self.size = workers
        self.quarantine = quarantine if isinstance(quarantine, Quarantine) else Quarantine(quarantine)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False

    def __enter__(self) -> "PagePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> "PagePool":
        """Start every worker now (they load in parallel) rather than at their first page."""
        with self._lock:
            while self.size is not None and self._started < self.size:
                self._idle.put(self._new())
        return self

    def _new(self) -> _Worker:
        w = _Worker(self.options.max_page_memory)
        self._started += 1
        self._all.append(w)
        return w

    def _checkout(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self.size is None or self._started < self.size:
                return self._new()
        return self._idle.get()

    def _retire(self, w: _Worker) -> None:
        with self._lock:
            self._all.remove(w)
            self._started -= 1

    def extract(self, page: Page, then: Callable[[PageResult], Any] | None = None,
                options: Options | None = None) -> Any:
        """One page in a worker; its PageResult (or `then(result)`, computed in the worker). Thread-safe."""
        options = options or self.options
        if self._closed:
            raise WorkerFailed("the pool is closed")
        sha = source_of(page, options).sha256 or ""
        code = self.quarantine.code_of(sha)
        if code is not None:
            return _finish(self._failed(page, options, code, "it stopped a worker before (quarantined in "
                                        f"{self.quarantine.path or 'this run'}); it was not run again"), then)
        w = self._checkout()
        try:
            try:
                result = w.run(page, options, then)
            except _Stale:
                w.kill()
                self._retire(w)
                w = self._checkout()
                result = w.run(page, options, then)
        except _Died as died:
            w.kill()
            self._retire(w)
            if self._closed:
                raise WorkerFailed("the pool was closed") from None
            self.quarantine.add(sha, died.code, page.uri)
            return _finish(self._failed(page, options, died.code, died.how), then)
        except BaseException:  # _Stale twice over, WorkerFailed, KeyboardInterrupt: not the page's doing
            w.kill()
            self._retire(w)
            raise
        if _needs_fresh_worker(result):  # a MemoryError inside: the worker's heap may be in pieces
            w.kill()
            self._retire(w)
        else:
            self._idle.put(w)
        return result

    def _failed(self, page: Page, options: Options, code: str, how: str) -> PageResult:
        if code == "E104":
            err = error("E104", limit=options.timeout_s)
            err.message += f" ({how})"
        elif code == "E108":
            err = error("E108", detail=how)
        else:
            err = error("E110", limit=memory_text(options.max_page_memory), detail=how)
        return PageResult(source=source_of(page, options), errors=[err.to_page_error()])

    def imap_unordered(self, items: Iterable[Any], then: Callable[[PageResult], Any] | None = None,
                       ahead: int = 4) -> Iterator[tuple[Any, Any]]:
        """(item, result) for each item as its page completes: a slow page holds back no other (with one
        worker, that is input order). A Page is extracted; anything else is passed through as (item, None).
        The items are
        read in a thread of their own, `ahead` × workers at most waiting."""
        n = self.size or 1
        todo: queue.Queue = queue.Queue(maxsize=max(1, ahead * n))
        done: queue.Queue = queue.Queue()
        stop = threading.Event()

        def feed() -> None:
            try:
                for item in items:
                    if stop.is_set():
                        break
                    todo.put(item)  # through the workers' queue, so one worker keeps the input order
                for _ in range(n):
                    todo.put(_Stop())
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer, who raises it
                done.put(_Stop(exc))
                for _ in range(n):
                    todo.put(_Stop())

        def work() -> None:
            while True:
                item = todo.get()
                if isinstance(item, _Stop) or stop.is_set():
                    done.put(_Stop())
                    return
                if not isinstance(item, Page):
                    done.put((item, None))
                    continue
                try:
                    done.put((item, self.extract(item, then)))
                except BaseException as exc:  # noqa: BLE001 - handed to the consumer, who raises it
                    done.put(_Stop(exc))
                    done.put(_Stop())
                    return

        threads = [threading.Thread(target=feed, name="dateline-read", daemon=True)]
        threads += [threading.Thread(target=work, name=f"dateline-page-{i}", daemon=True) for i in range(n)]
        for t in threads:
            t.start()
        finished = 0
        try:
            while finished < n:
                got = done.get()
                if isinstance(got, _Stop):
                    if got.exc is not None:
                        raise got.exc
                    finished += 1
                    continue
                yield got
        finally:
            stop.set()
            while not todo.empty():  # unblock the reader
                try:
                    todo.get_nowait()
                except queue.Empty:
                    break

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for w in workers:
            w.close()


def _finish(result: PageResult, then: Callable | None) -> Any:
    return then(result) if then is not None else result


def _needs_fresh_worker(result: Any) -> bool:
    errors = getattr(result, "errors", None) or []
    return any((e.code if hasattr(e, "code") else e[0]) == "E110" for e in errors)


# one pool per process for callers that come from many threads (Dask tasks), made on first use
_SHARED: dict[tuple, PagePool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(options: Options, quarantine: str | Path | None = None) -> PagePool:
    """The process's pool for these options' limits, one worker per calling thread."""
    key = (options.max_page_memory, str(quarantine))
    with _SHARED_LOCK:
        pool = _SHARED.get(key)
        if pool is None or pool._closed:
            pool = _SHARED[key] = PagePool(options, workers=None, quarantine=quarantine)
        return pool


def extract_bounded(page: Page, options: Options, quarantine: str | Path | None = None) -> PageResult:
    """One page in a worker of the process's shared pool, under `options`' time and memory limits."""
    return shared_pool(options, quarantine).extract(page, options=options)


Input = str | bytes | Path | Page


def extract(source: Input, options: Options | None = None, *, uri: str | None = None) -> PageResult:
    """Every story on one page as records (`dateline.extract`). Never raises for a bad page: errors are
    in the result. The page runs in a worker process under `options`' time and memory limits; with
    both limits off (`timeout_s=0, max_page_memory=0`) it runs in this process (pipeline.extract).

    `source` is a path (Path or str), raw bytes, a Page already read (from an archive, say, or made
    with `Page.from_html`/`Page.from_text`), or a str holding the page itself: HTML when it starts
    with markup, else text. How a str is told apart: `read.page.str_kind` and docs/python.md.
    """
    options = options or Options()
    if options.timeout_s <= 0 and options.max_page_memory <= 0:
        return in_process(source, options, uri=uri)
    page = as_page(source, options, uri)
    return page if isinstance(page, PageResult) else extract_bounded(page, options)


def _close_shared() -> None:
    with _SHARED_LOCK:
        for pool in _SHARED.values():
            pool.close()
        _SHARED.clear()


atexit.register(_close_shared)
