"""Speaker labels linked to people: listing, linking (one undo step), fuzzy suggestions, and one
person speaking in several documents under different labels."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import NotFoundError
from qualcode.services.documents import cases, documents
from qualcode.services.participants.speakers import link_speaker, speaker_links, suggest_links
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Part
from qualcode.storage.project import Project
from tests.helpers import dump


@pytest.fixture
def world(project: Project) -> dict[str, int]:
    ids = {
        "fg": documents.add_document(project, "FG1", "x" * 100, "focus_group").entity_id or 0,
        "int": documents.add_document(project, "INT1", "y" * 100, "interview").entity_id or 0,
        "jane": cases.create_case(project, "Jane Doe").entity_id or 0,
        "omar": cases.create_case(project, "Omar Farouk").entity_id or 0,
        "fac": cases.create_case(project, "Interviewer", is_facilitator=True).entity_id or 0,
    }
    turns = [
        ("fg", "Moderator", None, 0),
        ("fg", "Jane", None, 10),
        ("fg", "jane", None, 20),
        ("fg", "Omar F.", None, 30),
        ("int", "INTERVIEWER", "fac", 0),
        ("int", "P3", None, 10),
        ("int", "P3", None, 20),
    ]
    with project.session() as s:
        for doc, label, case, start in turns:
            s.add(
                Part(
                    document_id=ids[doc],
                    start=start,
                    end=start + 5,
                    speaker_label=label,
                    case_id=ids[case] if case else None,
                )
            )
    return ids


def test_links_list_each_label_once_per_document(project: Project, world: dict[str, int]) -> None:
    links = speaker_links(project)
    assert [(x.document, x.label, x.turns, x.case_name, x.is_facilitator) for x in links] == [
        ("FG1", "Moderator", 1, None, True),
        ("FG1", "Jane", 2, None, False),
        ("FG1", "Omar F.", 1, None, False),
        ("INT1", "INTERVIEWER", 1, "Interviewer", True),
        ("INT1", "P3", 2, None, False),
    ]
    assert [x.label for x in speaker_links(project, world["int"])] == ["INTERVIEWER", "P3"]


def test_one_person_under_two_labels_and_undo(project: Project, world: dict[str, int]) -> None:
    before = dump(project)
    first = link_speaker(project, world["fg"], "JANE", world["jane"])
    link_speaker(project, world["int"], "P3", world["jane"])
    jane = {(x.document, x.label) for x in speaker_links(project) if x.case_id == world["jane"]}
    assert jane == {("FG1", "Jane"), ("INT1", "P3")}
    assert first.summary == "Linked 'JANE' in 'FG1' to 'Jane Doe'"
    link_speaker(project, world["int"], "P3", None)
    assert [x.case_id for x in speaker_links(project, world["int"])][1] is None
    apply_reversal(project, first.reversal)
    link_speaker(project, world["int"], "P3", world["jane"])
    link_speaker(project, world["int"], "P3", None)
    assert dump(project) == before


def test_linking_what_is_not_there(project: Project, world: dict[str, int]) -> None:
    with pytest.raises(NotFoundError, match="No one speaks as 'Bob' in 'FG1'"):
        link_speaker(project, world["fg"], "Bob", world["jane"])
    with pytest.raises(NotFoundError, match="no case with id 999"):
        link_speaker(project, world["fg"], "Jane", 999)


def test_suggestions_match_names_and_mark_facilitators(
    project: Project, world: dict[str, int]
) -> None:
    found = {(x.document, x.label): x for x in suggest_links(project)}
    assert (found[("FG1", "Jane")].case_name, found[("FG1", "Jane")].is_facilitator) == (
        "Jane Doe",
        False,
    )
    assert found[("FG1", "Jane")].score >= 80
    assert found[("FG1", "Omar F.")].case_name == "Omar Farouk"
    assert found[("FG1", "Moderator")].is_facilitator
    assert found[("FG1", "Moderator")].case_id is None
    assert ("INT1", "INTERVIEWER") not in found  # already linked to its facilitator case
    assert ("INT1", "P3") not in found  # nothing like it: no guess
    link_speaker(project, world["fg"], "Jane", world["jane"])
    assert ("FG1", "Jane") not in {(x.document, x.label) for x in suggest_links(project)}


def test_the_case_an_import_made_from_the_label_is_not_the_suggestion(
    project: Project, world: dict[str, int]
) -> None:
    guess = cases.create_case(project, "Jane").entity_id or 0
    link_speaker(project, world["fg"], "Jane", guess)
    found = {(x.document, x.label): x for x in suggest_links(project)}
    assert found[("FG1", "Jane")].case_id == world["jane"]
