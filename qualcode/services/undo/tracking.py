"""Operations: one transaction per user action, reporting what it changed.

:func:`operation` wraps a service function: the outermost call opens the one transaction (nested
calls join it, see :meth:`~qualcode.storage.project.Project.session`), and the returned
:class:`~qualcode.services.undo.changes.Change` carries the
:class:`~qualcode.domain.changes.Changes` collected while it
ran (:mod:`qualcode.services.undo.collector`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar, cast

from qualcode.services.undo.changes import Change
from qualcode.services.undo.collector import Collector
from qualcode.storage.project import Project

F = TypeVar("F", bound=Callable[..., Change])


def operation(fn: F) -> F:
    """Make a service function (``project`` first) one transaction that reports what it changed.

    Called inside another operation it joins that one's transaction (and its changes are part
    of the outer operation's)."""

    @functools.wraps(fn)
    def run(project: Project, *args: Any, **kwargs: Any) -> Change:
        if project.in_transaction:
            change: Change = fn(project, *args, **kwargs)
            return change
        with project.session() as session:
            collector = Collector.of(session)
            change = fn(project, *args, **kwargs)
        # frozen after the commit, whose final flush is noted too
        return replace(change, changes=collector.freeze())

    return cast(F, run)


def perform(project: Project, action: Callable[[Project], Change]) -> Change:
    """Run ``action`` (which may call several services) as one operation: one transaction, one
    undo step, one :class:`Changes`."""
    return operation(action)(project)
