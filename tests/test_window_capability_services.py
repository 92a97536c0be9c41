"""The services behind the window's document, attribution and health dialogs.

What a delete confirmation counts is what the delete removes; saving an attribution template is
one all-or-nothing, undoable operation that refuses what the CLI refuses; the health report says
in words what ``check_project`` found.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qualcode.domain.errors import ValidationError
from qualcode.services.documents.document_details import document_attributes, document_footprint
from qualcode.services.documents.documents import delete_document
from qualcode.services.project.health import plain, project_health
from qualcode.services.reports.attribution import (
    DEFAULT_FALLBACK,
    DEFAULT_TEMPLATE,
    attribution_template,
)
from qualcode.services.reports.attribution_edit import (
    preview_extracts,
    preview_labels,
    save_attribution_template,
    template_check,
)
from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, Coding, Memo, Quote
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import TEXT_A, seed
from tests.undo.test_operations import all_or_nothing


def _rows(project: Project) -> tuple[int, int, int]:
    with project.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0 for t in (Coding, Memo, Quote)
        )


def test_the_footprint_counts_what_the_delete_removes(project: Project) -> None:
    ids = seed(project)
    for doc in (ids["doc_a"], ids["doc_b"]):
        found = document_footprint(project, doc)
        before = _rows(project)
        change = delete_document(project, doc)
        after = _rows(project)
        assert (found.codings, found.memos, found.quotes) == tuple(
            b - a for b, a in zip(before, after, strict=True)
        )
        apply_reversal(project, change.reversal, "undo")
    a = document_footprint(project, ids["doc_a"])
    assert (a.name, a.codings, a.memos, a.quotes) == ("FG1", 1, 1, 1)


def test_document_attributes_list_every_document_attribute(project: Project) -> None:
    ids = seed(project)
    assert document_attributes(project, ids["doc_a"]) == []  # "age band" is a case attribute
    from qualcode.services.documents.cases import define_attribute, set_attribute_value

    venue = define_attribute(project, "Venue", "category", scope="document").entity_id or 0
    set_attribute_value(project, venue, "Hall", document_id=ids["doc_b"])
    (shown,) = document_attributes(project, ids["doc_a"])
    assert (shown.name, shown.type, shown.value, shown.used) == ("Venue", "category", "", ("Hall",))


def test_saving_a_template_is_all_or_nothing_and_one_undo_step(project: Project) -> None:
    seed(project)
    done: list[Change] = []
    writes = all_or_nothing(
        project, lambda p: done.append(save_attribution_template(p, "({age_band})", "(Someone)"))
    )
    assert writes >= 2  # the setting and the change log
    assert attribution_template(project) == ("({age_band})", "(Someone)")
    with project.read() as s:
        logged = s.scalar(select(ChangeLog.summary).order_by(ChangeLog.id.desc()))
    assert logged == "Quote attribution: ({age_band}) (otherwise (Someone))"
    assert done[-1].changes.touches({"setting"})
    apply_reversal(project, done[-1].reversal, "undo")
    assert attribution_template(project) == (DEFAULT_TEMPLATE, DEFAULT_FALLBACK)


def test_a_template_with_an_unknown_placeholder_is_refused_and_flagged(project: Project) -> None:
    seed(project)
    before = dump(project)
    with pytest.raises(ValidationError, match=r"\{shoe_size\}"):
        save_attribution_template(project, "({shoe_size})", "")
    assert dump(project) == before
    check = template_check(project, "({shoe_size}, {age band})", "({speaker")
    assert check.error is not None and "unbalanced" in check.error
    check = template_check(project, "({shoe_size}, {age band})", "{hat}")
    assert (check.unknown, check.ok) == (["shoe_size", "hat"], False)


def test_the_preview_renders_an_unsaved_template_on_real_extracts(project: Project) -> None:
    ids = seed(project)
    extracts = preview_extracts(project)
    assert [e.coding_id for e in extracts] == [ids["c1"], ids["c2"]]  # one per document
    assert extracts[0].text == TEXT_A[31:48]
    labels = preview_labels(project, "{document} ({kind})", "", [e.coding_id for e in extracts])
    assert labels == {ids["c1"]: "FG1 (Focus group)", ids["c2"]: "INT2 (Interview)"}
    assert attribution_template(project) == (DEFAULT_TEMPLATE, DEFAULT_FALLBACK)  # unsaved


def test_health_counts_and_plain_problems(project: Project) -> None:
    seed(project)
    health = project_health(project)
    assert health.problems == []
    assert (2, "documents") in health.counts and (1, "theme") in health.counts
    names = {3: "Interview 3"}
    assert plain("coding 12: span 5-9999 is outside document 3 (length 4000)", names) == (
        "A coding (#12) in document 'Interview 3' runs to character 9,999, past the end of the "
        "document (4,000 characters)."
    )
    assert plain("part 4: span 9-2 is outside document 3 (length 4000)", names) == (
        "A turn or answer (#4) in document 'Interview 3' has an empty or reversed span "
        "(characters 9 to 2)."
    )
    assert plain("quote 7: span 1-2 is outside document 8 (length None)", names) == (
        "A quote (#7) belongs to document 8, which does not exist."
    )
    assert plain("... and 3 more coding problems", names) == (
        "…and 3 more codings with a span outside their document."
    )
    assert plain("something new", names) == "something new"
