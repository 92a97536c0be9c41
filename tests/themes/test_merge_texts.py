"""Merging two themes keeps what the researcher wrote about both: the absorbed theme's
definition (and concept, scope, narrative) is added to the survivor's under a line naming it;
the survivor keeps its status and the summary says what the other's was; one undo restores all."""

from __future__ import annotations

from qualcode.services.themes import themes
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Theme
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def _theme(p: Project, theme_id: int) -> Theme:
    with p.read() as s:
        theme = s.get(Theme, theme_id)
        assert theme is not None
        s.expunge(theme)
        return theme


def test_merge_keeps_both_definitions_and_says_whose_status_won(project: Project) -> None:
    ids = seed(project)
    survivor = ids["theme"]
    themes.update_theme(
        project, survivor, definition="Being listened to by staff.", status="reviewed"
    )
    absorbed = themes.create_theme(project, "Waiting games").entity_id
    assert absorbed is not None
    themes.update_theme(
        project, absorbed, definition="Delays used as control.", scope="Clinic visits."
    )
    before = dump(project)

    change = themes.merge_themes(project, absorbed, survivor)

    merged = _theme(project, survivor)
    assert merged.definition == (
        "Being listened to by staff.\n\n— from the merged theme 'Waiting games' —\n"
        "Delays used as control."
    )
    assert merged.scope == "Clinic visits."  # the survivor had none: taken as it is
    assert merged.status == "reviewed"
    assert "; its definition and scope added)" in change.summary
    assert "'Being heard' stays reviewed ('Waiting games' was candidate)" in change.summary
    after = dump(project)
    redo = apply_reversal(project, change.reversal)  # one undo step restores everything
    assert dump(project) == before
    assert _theme(project, absorbed).definition == "Delays used as control."
    apply_reversal(project, redo.reversal, "redo")
    assert dump(project) == after


def test_merge_of_a_theme_with_no_text_changes_no_text(project: Project) -> None:
    ids = seed(project)
    themes.update_theme(project, ids["theme"], definition="Kept as it is.")
    empty = themes.create_theme(project, "Empty").entity_id
    assert empty is not None
    change = themes.merge_themes(project, empty, ids["theme"])
    assert _theme(project, ids["theme"]).definition == "Kept as it is."
    assert "stays" not in change.summary  # both candidates: nothing to say about status
