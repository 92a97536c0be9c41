"""Builders for the REFI-QDA tests: a source project using every exported feature, hand-made
vendor-style .qdpx files, and a comparable summary of a project."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qualcode.services.coding import codes, codings, memos
from qualcode.services.documents import cases, documents
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Part,
    Theme,
    ThemeCode,
)
from qualcode.storage.project import Project

TEXT_A = "Intro 😀 line\nAlice: I felt safe at the clinic.\nBob: Waiting 🙂 was long."
TEXT_B = "Field notes on the café visit.\nStaff were kind; queues were short."


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def build_source(path: Path) -> Project:
    """A project with hierarchy, colours, definitions, themes, typed variables, memos, 2 coders."""
    p = Project.create(path)
    a = documents.add_document(p, "Interview A", TEXT_A).entity_id
    b = documents.add_document(p, "Notes B", TEXT_B).entity_id
    assert a is not None and b is not None
    care = codes.create_code(p, "Care", colour="#112233", definition="Being looked after").entity_id
    safe = codes.create_code(p, "Safety", parent_id=care, colour="#AABBCC").entity_id
    wait = codes.create_code(p, "Waiting", definition="Time spent").entity_id
    assert care is not None and safe is not None and wait is not None
    codes.define_code(p, wait, "Time spent", "any delay", "travel time")
    c1 = codings.add_coding(p, a, safe, *_span(TEXT_A, "safe")).entity_id
    codings.add_coding(p, a, care, *_span(TEXT_A, "Alice: I felt safe at the clinic."))
    codings.add_coding(p, a, wait, *_span(TEXT_A, "Waiting 🙂"))
    codings.add_coding(p, b, care, *_span(TEXT_B, "Staff were kind"))
    alice = cases.create_case(p, "Alice", description="Participant 1").entity_id
    cases.create_case(p, "Bob")
    assert alice is not None
    age = cases.define_attribute(p, "Age", "number").entity_id
    score = cases.define_attribute(p, "Score", "number").entity_id
    born = cases.define_attribute(p, "Joined", "date").entity_id
    consent = cases.define_attribute(p, "Consent", "boolean").entity_id
    group = cases.define_attribute(p, "Group", "category", options=["A", "B"]).entity_id
    site = cases.define_attribute(p, "Site", "text", scope="document").entity_id
    for attr, value in (
        (age, "34"),
        (score, "2.5"),
        (born, "2023-04-05"),
        (consent, "yes"),
        (group, "B"),
    ):
        assert attr is not None
        cases.set_attribute_value(p, attr, value, case_id=alice)
    assert site is not None
    cases.set_attribute_value(p, site, "Leeds", document_id=b)
    memos.add_memo(p, "Project-wide thought", title="Journal", kind="journal")
    memos.add_memo(p, "About the interview", target="document", target_id=a)
    memos.add_memo(p, "Code memo", target="code", target_id=care)
    assert c1 is not None
    memos.add_memo(p, "Why safe", target="coding", target_id=c1, kind="decision")
    memos.add_memo(p, "Alice seems calm", target="case", target_id=alice)
    with p.session() as s:
        start, end = _span(TEXT_A, "Alice: I felt safe at the clinic.")
        s.add(Part(document_id=a, kind="turn", start=start, end=end, case_id=alice))
        bob_coder = Coder(name="second coder")
        s.add(bob_coder)
        theme = Theme(name="Feeling cared for", definition="Care matters")
        s.add(theme)
        s.flush()
        sub = Theme(name="Safety net", parent_id=theme.id)
        s.add(sub)
        s.flush()
        s.add_all(
            [ThemeCode(theme_id=theme.id, code_id=care), ThemeCode(theme_id=sub.id, code_id=safe)]
        )
        second = bob_coder.id
    memos.add_memo(p, "Theme memo", target="theme", target_id=1)
    p.coder_id = second
    codings.add_coding(p, b, wait, *_span(TEXT_B, "queues"))
    return p


def summary(p: Project) -> dict[str, Any]:
    """What a REFI-QDA round trip must keep, keyed by names and GUIDs rather than ids."""
    with p.session() as s:
        code_rows = {c.id: c for c in s.scalars(select(Code))}

        def path(cid: int | None) -> str:
            names = []
            while cid is not None:
                names.append(code_rows[cid].name)
                cid = code_rows[cid].parent_id
            return "/".join(reversed(names))

        coders = dict(s.execute(select(Coder.id, Coder.name)).all())
        docs = {d.id: d for d in s.scalars(select(Document))}
        case_names = dict(s.execute(select(Case.id, Case.name)).all())
        attrs = {a.id: a for a in s.scalars(select(Attribute))}
        return {
            "codes": sorted(
                (path(c.id), c.guid, c.colour, c.definition, c.inclusion, c.exclusion)
                for c in code_rows.values()
            ),
            "documents": sorted((d.guid, d.name, d.text) for d in docs.values()),
            "codings": sorted(
                (
                    docs[c.document_id].guid,
                    c.start,
                    c.end,
                    code_rows[c.code_id].guid,
                    coders.get(c.coder_id or 0),
                    c.guid,
                )
                for c in s.scalars(select(Coding))
            ),
            "cases": sorted((c.name, c.description) for c in s.scalars(select(Case))),
            "attributes": sorted((a.scope, a.name, a.type, a.options) for a in attrs.values()),
            "values": sorted(
                (
                    attrs[v.attribute_id].name,
                    case_names.get(v.case_id or 0) or docs[v.document_id or 0].guid,
                    v.value,
                )
                for v in s.scalars(select(AttributeValue))
            ),
            "memos": sorted(
                (
                    m.kind,
                    m.title,
                    m.text,
                    coders.get(m.coder_id or 0),
                    m.document_id and docs[m.document_id].guid,
                    m.code_id and code_rows[m.code_id].guid,
                    m.case_id and case_names[m.case_id],
                    m.coding_id is not None,
                    m.theme_id is not None,
                )
                for m in s.scalars(select(Memo))
            ),
            "themes": sorted(
                (t.guid, t.name, t.definition, t.parent_id is not None)
                for t in s.scalars(select(Theme))
            ),
            "theme_codes": sorted(
                (t, code_rows[c].guid)
                for t, c in s.execute(
                    select(Theme.guid, ThemeCode.code_id).join(
                        ThemeCode, ThemeCode.theme_id == Theme.id
                    )
                )
            ),
        }


def make_qdpx(
    path: Path, qde: str, files: dict[str, bytes] | None = None, qde_name: str = "project.qde"
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


def project_xml(body: str, ns: str = "urn:QDA-XML:project:1.0") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{ns}" name="t">{body}</Project>'
    )
