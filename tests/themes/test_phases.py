"""Phases, checklists, notes, the journal and the decision log."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from qualcode.domain.errors import ValidationError
from qualcode.services.themes import phases, themes
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, Memo
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def test_six_phases_and_the_fifteen_point_checklist() -> None:
    assert [p.number for p in phases.PHASES] == [1, 2, 3, 4, 5, 6]
    assert len(phases.phase(6).checklist) == 15
    keys = [k for p in phases.PHASES for k, _t in p.checklist]
    assert len(keys) == len(set(keys))
    with pytest.raises(ValidationError, match="1 to 6"):
        phases.phase(7)


def test_phase_and_checklist_are_saved_and_undoable(project: Project) -> None:
    assert phases.current_phase(project) == 1
    before = dump(project)
    change = phases.set_phase(project, 4)
    assert phases.current_phase(project) == 4
    apply_reversal(project, change.reversal)
    assert dump(project) == before and phases.current_phase(project) == 1
    phases.set_phase(project, 4)
    tick = phases.set_checked(project, "p4.2")
    phases.set_checked(project, "p6.15")
    assert [i.checked for i in phases.checklist(project, 4)] == [False, True, False, False, False]
    assert phases.checklist(project, 6)[-1].checked
    phases.set_checked(project, "p6.15", False)
    assert not phases.checklist(project, 6)[-1].checked
    with pytest.raises(ValidationError, match="no checklist item"):
        phases.set_checked(project, "p9.9")
    assert tick.reversal.steps


def test_notes_and_journal(project: Project) -> None:
    ids = seed(project)
    phases.add_familiarisation_note(project, "Whole project: anger about waiting")
    phases.add_familiarisation_note(project, "Long turns", document_id=ids["doc_a"])
    phases.add_journal_entry(project, "I expected more about housing", title="Expectations")
    assert [m.text for m in phases.familiarisation_notes(project)] == [
        "Whole project: anger about waiting"
    ]
    assert [m.text for m in phases.familiarisation_notes(project, ids["doc_a"])] == ["Long turns"]
    assert [m.text for m in phases.familiarisation_notes(project, ids["doc_b"])] == ["First read"]
    assert [m.title for m in phases.journal_entries(project)] == ["Expectations"]


def test_decision_log_merges_changes_and_decisions_in_time_order(project: Project) -> None:
    tid = themes.create_theme(project, "Trust").entity_id or 0
    phases.add_decision(project, "Trust and being believed are one idea.\nMerge later.")
    themes.update_theme(project, tid, name="Being believed")
    phases.add_decision(project, "Dropping 'Luck'", title="Drop Luck")
    # spread the times out so the order is by time, not by insertion
    t0 = dt.datetime(2026, 1, 1, 10, 0)
    with project.session() as s:
        s.execute(update(ChangeLog).where(ChangeLog.action == "create").values(at=t0))
        s.execute(
            update(ChangeLog).where(ChangeLog.action == "rename").values(at=t0 + dt.timedelta(3))
        )
        s.execute(update(Memo).where(Memo.title == "").values(created_at=t0 + dt.timedelta(1)))
        s.execute(update(Memo).where(Memo.title != "").values(created_at=t0 + dt.timedelta(5)))
    log = phases.decision_log(project)
    assert [(e.kind, e.summary) for e in log] == [
        ("change", "Created theme 'Trust'"),
        ("decision", "Trust and being believed are one idea."),
        ("change", "Renamed theme 'Trust' to 'Being believed'"),
        ("decision", "Drop Luck"),
    ]
    assert all(e.author == "tester" for e in log)
    assert [e.at for e in log] == sorted(e.at for e in log)
