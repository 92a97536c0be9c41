"""The bundled sample project: fictional transcripts, a small codebook and codings in progress.

Built through the ordinary services (not a binary file in the repository) so it always matches the
current schema, and so building it exercises the same paths a researcher's actions do.
"""

from __future__ import annotations

import re
from pathlib import Path

from qualcode.domain.errors import QualCodeError
from qualcode.domain.values import DocumentKind
from qualcode.services import cases, codes, codings, documents, memos
from qualcode.services.overview import document_text
from qualcode.storage.project import Project

_KINDS = {
    "focus-group": DocumentKind.FOCUS_GROUP,
    "interview": DocumentKind.INTERVIEW,
    "field-notes": DocumentKind.FIELD_NOTES,
}

# code -> (parent, definition, phrases whose sentences it codes)
CODEBOOK: dict[str, tuple[str | None, str, tuple[str, ...]]] = {
    "Access to services": (None, "Getting into and reaching services.", ()),
    "Waiting for a response": (
        "Access to services",
        "Delays between asking for help and getting it.",
        ("Nobody rang back", "waiting and waiting", "wait for a call", "ring you back"),
    ),
    "Opening hours and travel": (
        "Access to services",
        "Services closed or hard to reach for working people.",
        ("Two buses", "closes at four", "open when working people"),
    ),
    "Being treated as a person": (
        None,
        "Staff who listen without judgement; the opposite of stigma.",
        ("She listened", "made me a brew", "knows me"),
    ),
    "Stigma and shame": (
        None,
        "Feeling judged, watched or ashamed, by services or the community.",
        ("Shame, mostly", "You feel everyone looking", "like he was dirt"),
    ),
    "Lived experience and peers": (
        None,
        "Trust in people who have been through it themselves.",
        ("peer mentor", "peer group", "asked specifically for him"),
    ),
    "Families need support too": (
        None,
        "Family members carrying the load with little help of their own.",
        ("nothing for families", "whole family"),
    ),
    "Fear of authorities": (
        None,
        "Police or social services contact keeps people away from help.",
        ("social services", "the police", "Police drove past"),
    ),
}

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def samples_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_samples", here.parent / "samples"):
        if (candidate / "texts").is_dir():
            return candidate
    raise QualCodeError("The sample texts are missing from this installation.")


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence around offset ``at`` (after any ``Speaker:`` label), end exclusive."""
    base = max(text.rfind("\n", 0, at) + 1, text.rfind(": ", 0, at) + 2)
    start = base
    for m in re.finditer(r"[.!?] ", text[base:at]):
        start = base + m.end()
    end_match = _SENTENCE_END.search(text, at)
    if end_match is None:
        return start, len(text)
    end = end_match.start() + (0 if end_match.group() == "\n" else 1)
    return start, end


def build_sample(path: Path, source: Path | None = None) -> Project:
    """Create the sample project at ``path`` and return it open."""
    folder = (source or samples_dir()) / "texts"
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise QualCodeError(f"No sample texts in {folder}.")
    project = Project.create(path)
    try:
        role = cases.define_attribute(
            project, "role", "category", options=["family member", "lived experience", "staff"]
        ).entity_id
        assert role is not None
        doc_ids: dict[str, int] = {}
        for file in files:
            kind = next((k for p, k in _KINDS.items() if file.name.startswith(p)), "other")
            name = file.stem.replace("-", " ").capitalize()
            text = file.read_text(encoding="utf-8")
            doc_id = documents.add_document(
                project, name, text, kind, original_name=file.name
            ).entity_id
            assert doc_id is not None
            doc_ids[name] = doc_id
            memos.add_memo(
                project,
                f"First read of {name}: note the tone and who speaks most.",
                kind="familiarisation",
                target="document",
                target_id=doc_id,
            )
        for person, value in (
            ("Jo", "family member"),
            ("Priya", "family member"),
            ("Marcus", "family member"),
            ("Dee", "lived experience"),
        ):
            case_id = cases.create_case(project, person).entity_id
            assert case_id is not None
            cases.set_attribute_value(project, role, value, case_id=case_id)
        code_ids: dict[str, int] = {}
        for name, (parent, definition, _) in CODEBOOK.items():
            parent_id = code_ids[parent] if parent else None
            code_id = codes.create_code(project, name, parent_id, definition=definition).entity_id
            assert code_id is not None
            code_ids[name] = code_id
        for name, (_, _, phrases) in CODEBOOK.items():
            spans = []
            for doc_id in doc_ids.values():
                text = document_text(project, doc_id)
                for phrase in phrases:
                    at = text.find(phrase)
                    if at >= 0:
                        start, end = _sentence(text, at)
                        spans.append(codings.Span(doc_id, start, end))
            if spans:
                codings.add_codings(project, code_ids[name], spans)
        memos.add_memo(
            project,
            "I came to this study having worked in a family support service; I need to watch "
            "that I do not over-read family members' accounts.",
            kind="journal",
            title="Positioning",
        )
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    return project
