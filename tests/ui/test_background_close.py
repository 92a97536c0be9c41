"""Closing the window while background work runs: no error from the worker thread, no read of a
closed project, and every task is let go once it returns."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from qualcode.ui.shell import workers
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.workers import Task


def test_closing_while_theme_counts_recount_is_quiet(
    qtbot, sample_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.ui.themes import theme_recount

    release = threading.Event()
    real = theme_recount.build_cache

    def slow_count(project, cancelled):  # type: ignore[no-untyped-def]
        release.wait(5)
        return real(project, cancelled)

    monkeypatch.setattr(theme_recount, "build_cache", slow_count)
    win = MainWindow()
    win.show()
    assert win.open_project(sample_path)
    win.themes.refresh()
    assert workers.running() >= 1
    threading.Timer(0.3, release.set).start()
    win.close()  # waits for the recount, then closes the project
    win.deleteLater()
    qtbot.wait(50)
    assert workers.running() == 0
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err
    assert "Traceback" not in err


def test_a_result_for_a_deleted_receiver_is_dropped(qtbot) -> None:
    import shiboken6

    started, go = threading.Event(), threading.Event()

    def work(_progress, _cancelled):  # type: ignore[no-untyped-def]
        started.set()
        go.wait(5)
        return 42

    task = Task(work)
    got: list[object] = []
    task.signals.done.connect(got.append)
    task.start()
    assert started.wait(5)
    shiboken6.delete(task.signals)  # the listener side is torn down mid-run
    go.set()
    assert workers.stop_all(5_000)
    assert workers.running() == 0
    assert got == []
