"""Analysing texts for the search index in a process of its own.

The window prepares the index in the background while the researcher codes. spaCy's work holds
the interpreter lock for tens of milliseconds at a time, and in a thread of the window's own
process every coding made meanwhile waits for it: the window stutters. In a child process
(:mod:`~qualcode.services.search.analysis_worker`) the analysis runs on the other core, and the
window's indexing thread only waits, without the lock, for the answer, then writes it in one
short transaction.

The child is a plain ``python -m`` process talking over its standard input and output, not a
``multiprocessing`` one: that would import the launching script again in the child. The texts
travel through the pipe and nothing is written to disk outside the project file. A child that
cannot start or dies (killed, out of memory) is reported in the log and the analysis goes on in
the window's process, slower but complete.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import qualcode
from qualcode.analysis.pipeline import get_pipeline
from qualcode.domain.errors import Cancelled, QualCodeError
from qualcode.services.search.analysis_worker import read_message, write_message
from qualcode.services.search.search_index import CANCELLED, Analysed, Parts, analyse_documents

log = logging.getLogger(__name__)
POLL_S = 0.05  # how often a wait for the child checks whether indexing was cancelled
WORKER = "qualcode.services.search.analysis_worker"


def _analyse_here(texts: dict[int, str], parts: Parts, tag: str) -> Analysed:
    pipeline = get_pipeline()
    if pipeline.tag != tag:
        raise QualCodeError(f"The language pipeline changed ({tag} → {pipeline.tag}).")
    return analyse_documents(texts, parts, pipeline)


def _child_environment() -> dict[str, str]:
    """This process's environment, with the folder QualCode was imported from first on the
    child's path: run from a source checkout, the child finds the same code."""
    here = str(Path(qualcode.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    return env


class _Answer:
    """The child's answer to one request, read by a thread of its own so the wait for it can
    be given up (cancelled) without leaving the pipe half read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.message: Any = None
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            self.message = read_message(stream)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            self.failure = exc


class AnalysisProcess:
    """One child process, started on first use and kept for the next batches; :meth:`close`
    ends it. Callable as the ``analyser`` of :func:`~.search_index.refresh_index`."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._closed = False
        self._lock = threading.Lock()  # one request at a time

    def __call__(
        self,
        texts: dict[int, str],
        parts: Parts,
        tag: str,
        cancel: Callable[[], bool] | None,
    ) -> Analysed:
        with self._lock:
            if self._closed:
                raise Cancelled("Indexing stopped: the window is closing.")
            child = self._running()
            if child is None or child.stdin is None or child.stdout is None:
                return _analyse_here(texts, parts, tag)
            try:
                write_message(child.stdin, (texts, parts, tag))
            except OSError as exc:
                return self._fall_back(exc, texts, parts, tag)
            answer = _Answer(child.stdout)
            while answer.thread.is_alive():
                answer.thread.join(POLL_S)
                if answer.thread.is_alive() and cancel is not None and cancel():
                    self._end()  # its answer is no longer wanted: the next call starts afresh
                    raise Cancelled(CANCELLED)
            message = answer.message
            if message is None and self._closed:
                raise Cancelled("Indexing stopped: the window is closing.")
            if message is None:
                return self._fall_back(answer.failure or EOFError("no answer"), texts, parts, tag)
            status, value = message
            if status != "ok":
                raise QualCodeError(f"The search index could not be prepared: {value}")
            result: Analysed = value
            return result

    def _running(self) -> subprocess.Popen[bytes] | None:
        if self._broken:
            return None
        if self._child is not None:
            if self._child.poll() is None:
                return self._child
            log.warning(
                "the indexing process ended unexpectedly (exit code %s); starting another",
                self._child.returncode,
            )
            self._end()
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-m", WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_child_environment(),
            )
        except OSError as exc:
            log.warning("no process could be started for indexing (%s); analysing here", exc)
            self._broken = True
            return None
        return self._child

    def _fall_back(
        self, exc: BaseException, texts: dict[int, str], parts: Parts, tag: str
    ) -> Analysed:
        log.warning("the indexing process ended unexpectedly (%s); analysing here", exc)
        self._end()
        self._broken = True
        return _analyse_here(texts, parts, tag)

    def _end(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.stdin is not None:
            with contextlib.suppress(OSError):  # already gone
                child.stdin.close()  # the child's loop ends with its input
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()

    @property
    def started(self) -> bool:
        return self._child is not None

    def close(self) -> None:
        """End the child (killing it mid-batch: its answer is no longer wanted); the indexing
        that was waiting for it stops."""
        self._closed = True
        self._end()
