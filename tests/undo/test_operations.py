"""One user action = one transaction = one undo step, and it says what it changed.

Fault injection: a failure is raised at every write statement of a compound action in turn; each
time the project must be exactly as before (change log included). The ``Changes`` every operation
returns is checked against what the action did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from qualcode.services.coding import codes, codings
from qualcode.services.themes import thematic_map, themes
from qualcode.services.undo.changes import Change, combine
from qualcode.services.undo.history import apply_reversal
from qualcode.services.undo.tracking import perform
from qualcode.storage.models import ChangeLog, Code
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


class Injected(RuntimeError):
    """The failure raised between the steps of an action."""


@contextmanager
def fail_at_write(project: Project, n: int) -> Iterator[list[int]]:
    """Raise :class:`Injected` before the ``n``-th INSERT/UPDATE/DELETE (1-based)."""
    seen = [0]

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen[0] += 1
            if seen[0] == n:
                raise Injected(f"write {n}")

    event.listen(project.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(project.engine, "before_cursor_execute", before)


def all_or_nothing(project: Project, action: Callable[[Project], object]) -> int:
    """Fail ``action`` at each of its writes in turn: nothing may remain of any failed run.
    Returns how many writes the action makes when it succeeds."""
    before = dump(project, skip=())
    n = 1
    while True:
        with fail_at_write(project, n) as seen:
            try:
                action(project)
            except Injected:
                assert dump(project, skip=()) == before, f"failure at write {n} left a trace"
                n += 1
                continue
        assert seen[0] == n - 1, "the action succeeded although a write failed"
        return seen[0]


def test_create_then_apply_is_all_or_nothing(project: Project) -> None:
    ids = seed(project)

    def quick_code(p: Project) -> Change:
        return codes.create_then(
            p,
            "Feeling safe",
            lambda code_id: codings.add_coding(p, ids["doc_a"], code_id, 31, 48),
            "Quick code",
        )

    writes = all_or_nothing(project, quick_code)
    assert writes >= 3  # the code, its coding and the change log at least
    with project.read() as s:
        code_id = s.scalar(select(Code.id).where(Code.name == "Feeling safe"))
    assert code_id is not None


def test_create_then_failing_application_leaves_no_code_and_no_log(project: Project) -> None:
    ids = seed(project)
    before = dump(project, skip=())
    with pytest.raises(Exception, match=r"outside|beyond|length|span"):
        codes.create_then(
            project,
            "Orphan",
            lambda code_id: codings.add_coding(project, ids["doc_a"], code_id, 0, 10_000),
            "Quick code",
        )
    assert dump(project, skip=()) == before  # no code, no undo lines in the change log


def test_merge_and_compound_theme_actions_are_all_or_nothing(project: Project) -> None:
    ids = seed(project)
    assert all_or_nothing(project, lambda p: codes.merge_codes(p, ids["waiting"], ids["support"]))

    def new_theme_placed(p: Project) -> Change:
        made = themes.create_theme(p, "Access", parent_id=None)
        assert made.entity_id is not None
        placed = thematic_map.set_position(p, "theme", made.entity_id, 10.0, 20.0)
        return combine([made, placed], "New theme")

    assert all_or_nothing(project, lambda p: perform(p, new_theme_placed))


def test_one_action_is_one_undo_step(project: Project) -> None:
    ids = seed(project)
    before = dump(project)
    change = codes.create_then(
        project,
        "Kindness",
        lambda code_id: codings.add_coding(project, ids["doc_b"], code_id, 0, 3),
        "In-vivo code",
    )
    undone = apply_reversal(project, change.reversal)
    assert dump(project) == before
    apply_reversal(project, undone.reversal, "redo")
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(Code).where(Code.name == "Kindness"))


# -- what an action says it changed ----------------------------------------------------------


def test_coding_names_its_document_and_code(project: Project) -> None:
    ids = seed(project)
    change = codings.add_coding(project, ids["doc_b"], ids["support"], 0, 3)
    c = change.changes
    assert c.coding_only
    assert c.documents == {ids["doc_b"]}
    assert c.codes == {ids["support"]}
    assert c.ids("coding") == {change.entity_id}
    assert not c.touches(["code", "theme", "document"])

    removed = codings.remove_coding(project, ids["c1"]).changes  # with its memo and quote
    assert removed.coding_only
    assert removed.documents == {ids["doc_a"]} and removed.codes == {ids["nurse"]}
    assert removed.ids("coding") == {ids["c1"]}

    undone = apply_reversal(project, change.reversal).changes
    assert undone.coding_only
    assert undone.documents == {ids["doc_b"]} and undone.codes == {ids["support"]}


def test_structural_actions_name_their_kinds(project: Project) -> None:
    ids = seed(project)
    merged = codes.merge_codes(project, ids["waiting"], ids["support"]).changes
    assert not merged.coding_only
    assert merged.touches(["code"]) and merged.touches(["coding"])
    # Waiting's one coding duplicates a Support coding: it goes rather than moves
    assert ids["waiting"] in (merged.codes or set())
    assert ids["doc_b"] in (merged.documents or set())
    assert ids["waiting"] in (merged.ids("code") or set())

    renamed = codes.rename_code(project, ids["nurse"], "Nursing").changes
    assert renamed.ids("code") == {ids["nurse"]}
    assert not renamed.touches(["coding", "document"])

    theme = themes.create_theme(project, "Trust").changes
    assert theme.touches(["theme"]) and not theme.touches(["code", "coding"])


def test_change_log_records_only_committed_actions(project: Project) -> None:
    ids = seed(project)
    with project.read() as s:
        logged = s.scalar(select(func.count()).select_from(ChangeLog))
    for n in (1, 2):
        with fail_at_write(project, n), pytest.raises(Injected):
            codes.merge_codes(project, ids["waiting"], ids["support"])
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == logged


def test_new_project_from_refi_appears_only_when_complete(
    project: Project, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.services.refi import refi

    seed(project)
    qdc = tmp_path / "codebook.qdc"
    refi.export_qdc(project, qdc)
    target = tmp_path / "from-refi.qcproj"

    def broken(*_args: Any) -> None:
        raise Injected("merge failed half-way")

    monkeypatch.setattr(refi, "merge_refi", broken)
    with pytest.raises(Injected):
        refi.new_project_from(target, qdc)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["codebook.qdc", "study.qcproj", "study.qcproj.lock"]  # the open seed project
    monkeypatch.undo()
    made, _report = refi.new_project_from(target, qdc)
    made.close()
    assert target.exists()
    with pytest.raises(Exception, match="already exists"):
        refi.new_project_from(target, qdc)
