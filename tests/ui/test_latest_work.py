"""Only the latest request reaches a view: a recount started while another runs cancels it,
and the replaced one's result (or error) is dropped, however late it comes."""

from __future__ import annotations

import threading
from typing import Any

from qualcode.ui.shell.workers import Latest


def test_a_replaced_task_never_reaches_the_view(qtbot: Any) -> None:
    work = Latest()
    release = threading.Event()
    got: list[object] = []
    errors: list[str] = []

    def slow(_progress: object, cancelled: Any) -> str:
        release.wait(10)
        return "old" if cancelled() else "old, not cancelled"

    first = work.start(slow, got.append, errors.append)
    second = work.start(lambda _p, _c: "new", got.append, errors.append)
    assert first.cancelled and not second.cancelled
    qtbot.waitUntil(lambda: got == ["new"], timeout=5_000)
    assert work.task is None
    release.set()  # the replaced task ends now: its answer must be dropped
    qtbot.wait(200)
    assert got == ["new"] and errors == []

    def broken(_p: object, _c: object) -> None:
        raise ValueError("boom")

    work.start(broken, got.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert "boom" in errors[0] and work.task is None
