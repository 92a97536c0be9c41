"""Retrieval of a code's extracts with speaker, attributes and context; filters; quotes."""

from __future__ import annotations

from qualcode.importers.model import ImportBatch, ImportedCase, ImportedDocument, ImportedPart
from qualcode.services.coding import codes, codings
from qualcode.services.coding.retrieval import attribute_choices, format_quotes, retrieve, spliced
from qualcode.services.documents.imports import import_batches

TEXT = "Facilitator: What helped?\n\nJo: The nurse 😊 listened to me.\n\nSam: Nothing helped."


def _project(project):
    batch = ImportBatch(
        "fg.txt",
        "h",
        [
            ImportedDocument(
                "FG1",
                "focus_group",
                TEXT,
                [
                    ImportedPart(13, 25, "turn", "f"),
                    ImportedPart(31, 58, "turn", "jo"),
                    ImportedPart(65, 80, "turn", "sam"),
                ],
            )
        ],
        cases={
            "f": ImportedCase("Facilitator", is_facilitator=True),
            "jo": ImportedCase("Jo", {"gender": "Female", "age band": "40-55"}),
            "sam": ImportedCase("Sam", {"gender": "Male"}),
        },
    )
    (report,) = import_batches(project, [batch])
    doc = report.documents[0][0]
    parent = codes.create_code(project, "Support").entity_id
    child = codes.create_code(project, "Nurses", parent_id=parent).entity_id
    other = codes.create_code(project, "No help").entity_id
    assert parent and child and other
    codings.add_coding(project, doc, child, 35, 42)  # "nurse 😊" after an emoji-free prefix
    codings.add_coding(project, doc, other, 65, 80)
    return doc, parent, child, other


def test_extracts_with_speaker_attributes_and_context(project) -> None:
    _doc, parent, _child, _other = _project(project)
    (e,) = retrieve(project, [parent], context=10)
    assert e.text == TEXT[35:42] == "nurse 😊"
    assert e.before == TEXT[25:35] and e.after == TEXT[42:52]
    assert e.speaker == "Jo" and e.code_name == "Nurses"
    assert e.attribution == "Jo (Female, 40-55)"
    assert retrieve(project, [parent], include_subcodes=False) == []


def test_filters_by_kind_and_attribute(project) -> None:
    _doc, parent, _child, other = _project(project)
    assert len(retrieve(project, [parent, other])) == 2
    assert [
        e.speaker for e in retrieve(project, [parent, other], attribute=("gender", "Male"))
    ] == ["Sam"]
    assert retrieve(project, [parent, other], kinds={"interview"}) == []
    assert attribute_choices(project)["gender"] == ["Female", "Male"]


def test_quotes_for_reports(project) -> None:
    _doc, _parent, _child, other = _project(project)
    plain, html = format_quotes(retrieve(project, [other]))
    assert plain == "“Nothing helped.” (Sam (Male), FG1)"
    assert "<i>“Nothing helped.”</i>" in html


def test_splicing_one_document_equals_reading_everything_again(project) -> None:
    """After codings change in one document, re-reading that document alone and splicing it
    into the list shown gives exactly what a whole new retrieval gives, in document order."""
    doc, parent, child, other = _project(project)
    second = import_batches(
        project,
        [
            ImportBatch(
                "b.txt", "h2", [ImportedDocument("Notes", "field_notes", "alpha beta gamma")]
            )
        ],
    )[0].documents[0][0]
    shown = retrieve(project, [parent, other])
    added = codings.add_coding(project, second, child, 0, 5).entity_id
    codings.add_coding(project, doc, child, 13, 25)
    removed = next(e.coding_id for e in shown if e.code_id == other)
    codings.remove_coding(project, removed)
    after = spliced(project, shown, [parent, other], {doc, second})
    assert after == retrieve(project, [parent, other])
    assert [e.coding_id for e in after][-1] == added  # the later document's extract comes last
    assert removed not in {e.coding_id for e in after}
    only_jo = spliced(project, after, [parent, other], {doc}, attribute=("gender", "Female"))
    assert {e.speaker for e in only_jo if e.document_id == doc} == {"Jo"}
