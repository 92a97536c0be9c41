"""Document attributes (kind, site) beside case attributes (gender, age band): both usable in the
attribution template, the theme × attribute matrix, the counts and the filters, for extracts
spoken by a participant as much as for unspoken ones."""

from __future__ import annotations

import pytest

from qualcode.services.coding import codes, codings
from qualcode.services.coding.retrieval import retrieve
from qualcode.services.counts.counts import code_frequencies
from qualcode.services.documents import cases, documents
from qualcode.services.frameworks.matrices import theme_attribute_matrix
from qualcode.services.participants.derived import define_band
from qualcode.services.reports.attribution import attributions, set_attribution_template
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.themes import themes
from qualcode.storage.models import Part
from qualcode.storage.project import Project

LEEDS = "Ann: The nurse listened to me.\nBen: The bus never came.\n"
YORK = "The drop-in closed early every week.\n"


@pytest.fixture
def world(project: Project) -> dict[str, int]:
    fg = documents.add_document(project, "FG Leeds", LEEDS, "focus_group").entity_id or 0
    notes = documents.add_document(project, "Notes York", YORK, "field_notes").entity_id or 0
    ann = cases.create_case(project, "Ann").entity_id or 0
    ben = cases.create_case(project, "Ben").entity_id or 0
    with project.session() as s:
        s.add(Part(document_id=fg, start=5, end=30, case_id=ann, speaker_label="Ann"))
        s.add(Part(document_id=fg, start=36, end=55, case_id=ben, speaker_label="Ben"))
    gender = cases.define_attribute(project, "Gender", "category").entity_id or 0
    age = cases.define_attribute(project, "Age", "number").entity_id or 0
    site = cases.define_attribute(project, "Site", "text", scope="document").entity_id or 0
    for person, (sex, years) in {ann: ("Female", "44"), ben: ("Male", "23")}.items():
        cases.set_attribute_value(project, gender, sex, case_id=person)
        cases.set_attribute_value(project, age, years, case_id=person)
    cases.set_attribute_value(project, site, "Leeds", document_id=fg)
    cases.set_attribute_value(project, site, "York", document_id=notes)
    define_band(project, "Age", [18, 25, 40, 56, 66], name="age_band")
    code = codes.create_code(project, "Access").entity_id or 0
    ids = {
        "ann": codings.add_coding(project, fg, code, 5, 30).entity_id or 0,
        "ben": codings.add_coding(project, fg, code, 36, 55).entity_id or 0,
        "york": codings.add_coding(project, notes, code, 0, 20).entity_id or 0,
    }
    theme = themes.create_theme(project, "Getting there").entity_id or 0
    themes.link_code(project, theme, code)
    return {**ids, "theme": theme, "fg": fg, "notes": notes}


def test_template_mixes_case_and_document_attributes(
    project: Project, world: dict[str, int]
) -> None:
    set_attribution_template(
        project, "({gender}, aged {age_band}, {kind}, {site})", "({kind}, {site})"
    )
    labels = attributions(project, [world["ann"], world["ben"], world["york"]])
    assert labels == {
        world["ann"]: "(Female, aged 40-55, Focus group, Leeds)",
        world["ben"]: "(Male, aged 18-24, Focus group, Leeds)",
        world["york"]: "(Field notes, York)",
    }


def test_matrix_by_a_document_attribute_and_by_kind(
    project: Project, world: dict[str, int]
) -> None:
    by_site = theme_attribute_matrix(project, "site")
    assert [c.label for c in by_site.columns] == ["Leeds", "York"]
    assert by_site.cell(world["theme"], "Leeds").extracts == 2
    assert by_site.cell(world["theme"], "Leeds").participants == 2
    by_kind = theme_attribute_matrix(project, "kind")
    assert [c.label for c in by_kind.columns] == ["Field notes", "Focus group"]
    assert by_kind.cell(world["theme"], "Focus group").extracts == 2
    by_band = theme_attribute_matrix(project, "age_band")
    assert [c.label for c in by_band.columns] == ["18-24", "40-55", "No value"]


def test_counts_by_a_document_attribute(project: Project, world: dict[str, int]) -> None:
    freq = code_frequencies(project, "Site")
    assert freq.scope == "document"
    assert freq.groups[:2] == ["Leeds", "York"]


def test_filters_by_a_document_attribute_keep_spoken_extracts(
    project: Project, world: dict[str, int]
) -> None:
    code_id = codes.find_code(project, "Access")
    assert code_id is not None
    leeds = retrieve(project, [code_id], attribute=("Site", "Leeds"))
    assert sorted(e.coding_id for e in leeds) == sorted([world["ann"], world["ben"]])
    women = retrieve(project, [code_id], attribute=("Gender", "Female"))
    assert [e.coding_id for e in women] == [world["ann"]]
    hits = search(project, SearchQuery("the", attribute=("Site", "Leeds"))).hits
    assert {h.document_id for h in hits} == {world["fg"]}
    assert {h.speaker for h in hits} == {"Ann", "Ben"}
    hits = search(project, SearchQuery("the", attribute=("age band", "40-55"))).hits
    assert {h.speaker for h in hits} == {"Ann"}
