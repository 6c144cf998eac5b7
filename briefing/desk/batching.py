"""Dynamic batching: the requests of every client, translated together by the one engine.

The desk has one `Translation` (memory, glossary, engine) and one worker thread that owns it:
the engine is neither thread-safe nor worth running twice on the same cores. Requests queue as
jobs (a list of Dutch segments each); the worker takes the jobs waiting, up to a round's worth of
segments, and hands their union to `Translation.translate_texts` at once: the engine then batches
the sentences of several clients together (length-sorted, as in a build), and the memory answers
what it already holds. A job of a streamed article is one chunk of its sentences; a round takes
at most one chunk of each stream, so several clients' articles advance side by side and each
shows its first sentences early.

The queue is bounded (in segments): a request that does not fit is refused at once with `Busy`,
which the API answers 503 with Retry-After, rather than waiting without end.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from briefing.document import NO_ENGLISH, English
from briefing.pipeline import english_for
from briefing.translate.translator import Translation

# Dutch segment → (English, the model's confidence, whether the English is a second try)
Translated = dict[str, English]  # Dutch segment → its English, score, second try and origin


class Busy(Exception):
    """The queue is full (or the desk is stopping): come back after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class _Job:
    texts: list[str]
    future: Future[Translated]
    stream: object | None = None  # the chunks of one streamed article share this token
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = max(1, len(self.texts))


@dataclass
class BatchStats:
    rounds: int = 0
    jobs: int = 0
    segments: int = 0
    largest_round: int = 0  # segments
    busy: int = 0  # refused: queue full
    seconds: float = 0.0  # spent translating


class Batcher:
    """One worker thread over one Translation, fed by a bounded queue of jobs."""

    def __init__(
        self, translation: Translation, max_queue: int = 2048, max_round: int = 64, gather_s: float = 0.1,
        warm: bool = True,
    ) -> None:
        self.translation = translation
        self.max_queue = max_queue  # segments waiting, at most
        self.max_round = max_round  # segments per round (a larger single job goes alone)
        self.gather_s = gather_s  # the longest wait for the clients of the last round to come back
        self._last_clients = 0  # requests (not chunks) in the last round
        self._last_round_s = 0.0  # how long the last round took
        self.stats = BatchStats()
        self.ready = threading.Event()  # the engine is loaded (or failed to)
        self.load_error: BaseException | None = None
        self._queue: deque[_Job] = deque()
        self._pending = 0
        self._cond = threading.Condition()
        self._closing = False
        self._seconds_per_segment = 0.05  # learnt as rounds finish: for Retry-After
        self._warm = warm
        self._thread = threading.Thread(target=self._run, name="briefing-desk-batcher", daemon=True)
        self._thread.start()

    # --- the clients' side -------------------------------------------------------------------

    def submit(self, texts: Sequence[str]) -> Future[Translated]:
        """One job; raises Busy where the queue cannot take it."""
        return self.submit_chunks([list(texts)])[0]

    def submit_chunks(self, chunks: Sequence[Sequence[str]], stream: bool = False) -> list[Future[Translated]]:
        """Several jobs admitted together or not at all (an article's chunks); with `stream`,
        the worker takes at most one of them per round, in order."""
        token = object() if stream else None
        jobs = [_Job(list(chunk), Future(), token) for chunk in chunks]
        size = sum(j.size for j in jobs)
        with self._cond:
            if self._closing:
                raise Busy("the desk is shutting down", 5)
            if self._pending and self._pending + size > self.max_queue:
                self.stats.busy += 1
                raise Busy(f"the translation queue is full ({self._pending} segments waiting)", self.retry_after())
            self._queue.extend(jobs)
            self._pending += size
            self._cond.notify()
        return [j.future for j in jobs]

    def retry_after(self) -> int:
        """Seconds until the queue has room again, roughly: what is waiting at the pace seen."""
        return max(1, min(120, round(self._pending * self._seconds_per_segment)))

    @property
    def pending(self) -> int:
        return self._pending

    def close(self, timeout_s: float = 10.0) -> None:
        """Refuse new work, fail what waits (503), finish the round in flight."""
        with self._cond:
            self._closing = True
            waiting = list(self._queue)
            self._queue.clear()
            self._pending = 0
            self._cond.notify_all()
        for job in waiting:
            if job.future.set_running_or_notify_cancel():
                job.future.set_exception(Busy("the desk is shutting down", 5))
        self._thread.join(timeout_s)

    # --- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        if self._warm:
            try:
                _ = self.translation.translator.engine  # load the model now, not on the first request
            except BaseException as exc:  # the error is given to every request instead
                self.load_error = exc
        self.ready.set()
        while True:
            jobs = self._take()
            if jobs is None:
                return
            self._translate(jobs)

    def _take(self) -> list[_Job] | None:
        """The next round: jobs in arrival order up to `max_round` segments, one chunk per stream."""
        with self._cond:
            while not self._queue and not self._closing:
                self._cond.wait()
            if self._closing and not self._queue:
                return None
            self._gather()
            round_jobs = self._fill_round()
            self._last_clients = len({id(j.stream or j) for j in round_jobs})
        return [j for j in round_jobs if j.future.set_running_or_notify_cancel()]

    def _gather(self) -> None:
        """Clients that were answered in the last round usually ask again at once: wait a moment
        until as many requests wait as that round had, so they share this round instead of
        trickling into one round each. The wait is at most `gather_s`, and at most a fifth of the
        last round's time (a fast GPU round waits less). A lone client finds its own request
        there and does not wait at all. Called holding the lock."""
        deadline = time.monotonic() + min(self.gather_s, 0.2 * self._last_round_s)
        while len({id(j.stream or j) for j in self._queue}) < self._last_clients and not self._closing:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._cond.wait(left)

    def _fill_round(self) -> list[_Job]:
        """Waiting jobs in arrival order into one round: up to `max_round` segments (a first job
        always fits), one chunk per stream; a job whose client gave up is dropped, the others
        wait for the next round. Called holding the lock."""
        round_jobs: list[_Job] = []
        streams: set[int] = set()
        size = 0
        kept: deque[_Job] = deque()
        while self._queue:
            job = self._queue.popleft()
            if job.future.cancelled():  # its client gave up (timeout): drop it
                self._pending -= job.size
                continue
            fits = not round_jobs or size + job.size <= self.max_round
            if not fits or (job.stream is not None and id(job.stream) in streams):
                kept.append(job)
                continue
            round_jobs.append(job)
            size += job.size
            self._pending -= job.size
            if job.stream is not None:
                streams.add(id(job.stream))
        self._queue = kept
        return round_jobs

    def _translate(self, jobs: list[_Job]) -> None:
        if not jobs:
            return
        if self.load_error is not None:
            for job in jobs:
                job.future.set_exception(self.load_error)
            return
        translation = self.translation
        texts = [t for job in jobs for t in job.texts]
        start = time.perf_counter()
        try:
            out: Translated = english_for(translation, texts)
        except BaseException as exc:
            for job in jobs:
                job.future.set_exception(exc)
            return
        finally:
            _forget(translation)
        spent = time.perf_counter() - start
        self._last_round_s = spent
        unique = len(set(texts))
        self.stats.rounds += 1
        self.stats.jobs += len(jobs)
        self.stats.segments += unique
        self.stats.largest_round = max(self.stats.largest_round, unique)
        self.stats.seconds += spent
        if unique:
            self._seconds_per_segment = 0.8 * self._seconds_per_segment + 0.2 * spent / unique
        for job in jobs:
            job.future.set_result({t: out.get(t, NO_ENGLISH) for t in job.texts})


def _forget(translation: Translation) -> None:
    """A build's Translation keeps each segment's score for the briefing at its end; the desk
    runs for days, so each round's are read out above and dropped here."""
    translation.scores.clear()
    translation.retried_dutch.clear()
    translation.origins.clear()
    translation.translator.scores.clear()
    translation.translator.fresh.clear()
    translation.translator.retried.clear()
