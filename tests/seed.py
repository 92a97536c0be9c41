"""A small project with something hanging off everything, for service and undo tests."""

from __future__ import annotations

from qualcode.services.coding import codes, codings, memos
from qualcode.services.documents import cases, documents
from qualcode.storage.models import Quote, Theme, ThemeCode
from qualcode.storage.project import Project

TEXT_A = "Facilitator: What helped?\nAmy: The nurse listened 😊 and I felt safe.\n"
TEXT_B = "Ben: Waiting lists were long.\nAmy: Nobody called back for weeks.\n"


def seed(project: Project) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["doc_a"] = documents.add_document(project, "FG1", TEXT_A, "focus_group").entity_id or 0
    ids["doc_b"] = documents.add_document(project, "INT2", TEXT_B, "interview").entity_id or 0
    ids["amy"] = cases.create_case(project, "Amy").entity_id or 0
    ids["age"] = (
        cases.define_attribute(
            project, "age band", "category", options=["20-35", "40-55"]
        ).entity_id
        or 0
    )
    cases.set_attribute_value(project, ids["age"], "40-55", case_id=ids["amy"])
    ids["support"] = codes.create_code(project, "Support").entity_id or 0
    ids["nurse"] = codes.create_code(project, "Nurses", parent_id=ids["support"]).entity_id or 0
    ids["waiting"] = codes.create_code(project, "Waiting").entity_id or 0
    ids["c1"] = codings.add_coding(project, ids["doc_a"], ids["nurse"], 31, 48).entity_id or 0
    ids["c2"] = codings.add_coding(project, ids["doc_b"], ids["waiting"], 5, 29).entity_id or 0
    ids["c3"] = codings.add_coding(project, ids["doc_b"], ids["support"], 5, 29).entity_id or 0
    memos.add_memo(project, "Warm tone", target="coding", target_id=ids["c1"])
    memos.add_memo(project, "Code about access", target="code", target_id=ids["waiting"])
    memos.add_memo(
        project, "First read", kind="familiarisation", target="document", target_id=ids["doc_b"]
    )
    with project.session() as s:
        theme = Theme(name="Being heard")
        s.add(theme)
        s.flush()
        ids["theme"] = theme.id
        s.add_all(
            [
                ThemeCode(theme_id=theme.id, code_id=ids["nurse"]),
                ThemeCode(theme_id=theme.id, code_id=ids["waiting"]),
            ]
        )
        s.add(
            Quote(
                coding_id=ids["c1"], document_id=ids["doc_a"], start=31, end=48, attribution="(Amy)"
            )
        )
    return ids
