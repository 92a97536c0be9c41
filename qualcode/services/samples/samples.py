"""The bundled sample project: every sample file imported, a codebook, codings, memos and an
analysis in progress (themes under review, see :mod:`qualcode.services.samples.samples_analysis`).

Built through the ordinary importers and services (not a binary file in the repository) so it
always matches the current schema, and building it exercises the paths a researcher's actions do.
The codings are placed where a codebook term occurs in a participant's turn or answer, widened to
the sentence, so a newcomer sees a plausible phase-2 project, not random spans.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import select

from qualcode.domain.errors import ProjectExistsError, QualCodeError
from qualcode.domain.files import remove_stale_temps, temp_name, write_error
from qualcode.importers.detect import ImportOptions, load_file
from qualcode.services.coding import codes, codings, memos
from qualcode.services.documents.imports import import_batches
from qualcode.services.samples.samples_analysis import add_analysis
from qualcode.services.samples.samples_participants import add_participants
from qualcode.services.samples.samples_recommendations import add_recommendations
from qualcode.services.samples.samples_roles import add_roles
from qualcode.services.samples.samples_survey import add_community_survey
from qualcode.storage.models import Case, Document, Part
from qualcode.storage.project import Project

# code -> (parent, definition, terms that suggest it)
CODEBOOK: dict[str, tuple[str | None, str, str]] = {
    "Access to services": (None, "Getting into, and reaching, drug and alcohol support.", ""),
    "Waiting and delays": (
        "Access to services",
        "Time between asking for help and getting it.",
        r"waiting|waited|wait for|waiting list|call(?:ed)? back|took (?:weeks|months)",
    ),
    "Travel and opening hours": (
        "Access to services",
        "Services hard to reach in time or place.",
        r"\bbus(?:es)?\b|opening hours|closes?\b|appointment",
    ),
    "Stigma and judgement": (
        None,
        "Feeling judged, watched or ashamed, by services or others.",
        r"stigma|judg\w*|shame\w*|ashamed|looked at",
    ),
    "Harm reduction": (None, "Keeping people alive and safer while they use.", ""),
    "Naloxone": ("Harm reduction", "Naloxone kits, training and use.", r"naloxone"),
    "Pharmacy and needle exchange": (
        "Harm reduction",
        "Scripts, pharmacies, needle exchange.",
        r"pharmac\w+|chemist|needle|script",
    ),
    "Peer support and lived experience": (
        None,
        "Trust in people who have been through it.",
        r"\bpeer|lived experience|been through",
    ),
    "Families and children": (
        None,
        "Effects on, and support for, families and children.",
        r"\bkids\b|family|families|children|school",
    ),
    "Housing and hostels": (
        None,
        "Where people live, and how it helps or harms recovery.",
        r"housing|hostel|homeless|sofa",
    ),
    "Police and criminal justice": (
        None,
        "Contact with police, courts, prison, probation.",
        r"police|court|prison|probation|arrest",
    ),
    "Local drug markets": (
        None,
        "Which substances are around and how they are sold.",
        r"cocaine|\bcoke\b|ketamine|\bket\b|\bweed\b|spice|county lines",
    ),
    "Relationships with workers": (
        None,
        "Being listened to; keeping the same worker.",
        r"\btrust|listened|same worker|keyworker|key worker",
    ),
}

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def samples_dir() -> Path:
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "_samples", here.parent / "samples"):
        if (candidate / "expected.json").is_file():
            return candidate
    raise QualCodeError("The sample files are missing from this installation.")


def sample_files(folder: Path) -> list[Path]:
    wanted = {".txt", ".docx", ".odt", ".rtf", ".pdf", ".vtt", ".srt", ".csv", ".xlsx"}
    files = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in wanted]
    # The .rtf repeats the .docx consultation response: one copy is enough in the project.
    return [p for p in files if p.name != "consultation-response.rtf"]


def _sentence(text: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around ``at`` inside the part ``[lo, hi)``."""
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, at):
        start = m.end()
    while start < at and text[start].isspace():
        start += 1
    end_match = _SENTENCE_END.search(text, at, hi)
    end = (
        end_match.end()
        if end_match and end_match.group() != "\n"
        else (end_match.start() if end_match else hi)
    )
    return start, min(end, hi)


def _participant_parts(project: Project) -> list[tuple[int, str, int, int]]:
    """(document, text, start, end) of every turn or answer not spoken by a facilitator."""
    with project.session() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        rows = s.execute(
            select(Part.document_id, Part.start, Part.end)
            .outerjoin(Case, Case.id == Part.case_id)
            .where((Case.is_facilitator.is_(False)) | (Part.case_id.is_(None)))
            .order_by(Part.document_id, Part.start)
        ).all()
    return [(doc, texts[doc], start, end) for doc, start, end in rows]


def build_sample(path: Path, source: Path | None = None) -> Project:
    """Create the sample project at ``path`` and return it open.

    Built under a temporary name beside ``path`` and moved into place only when complete: a
    failure, a full disk or a kill never leaves a half-built sample under the final name."""
    path = Path(path)
    folder = source or samples_dir()
    files = sample_files(folder)
    if not files:
        raise QualCodeError(f"No sample files in {folder}.")
    if path.exists():
        raise ProjectExistsError(f"{path} already exists; choose another name.")
    remove_stale_temps(path)  # what a killed earlier attempt left
    tmp = temp_name(path, "new")
    try:
        with Project.create(tmp, shown_as=path) as project:
            _fill(project, files)
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Project.open(path)


def _fill(project: Project, files: list[Path]) -> None:
    import_batches(project, [load_file(p, ImportOptions()) for p in files])
    code_ids: dict[str, int] = {}
    for name, (parent, definition, _terms) in CODEBOOK.items():
        parent_id = code_ids[parent] if parent else None
        code_id = codes.create_code(project, name, parent_id, definition=definition).entity_id
        assert code_id is not None
        code_ids[name] = code_id
    parts = _participant_parts(project)
    for name, (_parent, _definition, terms) in CODEBOOK.items():
        if not terms:
            continue
        pattern = re.compile(terms, re.I)
        spans: dict[tuple[int, int, int], None] = {}
        for doc, text, lo, hi in parts:
            for m in pattern.finditer(text, lo, hi):
                start, end = _sentence(text, m.start(), lo, hi)
                if end > start:
                    spans[(doc, start, end)] = None
        if spans:
            codings.add_codings(project, code_ids[name], [codings.Span(*key) for key in spans])
    _memos(project)
    add_roles(project)
    add_participants(project)
    add_analysis(project, code_ids)
    add_recommendations(project)
    add_community_survey(project, files[0].parent)  # closed questions, after the coding


def _memos(project: Project) -> None:
    with project.session() as s:
        docs = dict(s.execute(select(Document.name, Document.id)).all())
    notes = {
        "focus-group-20-35": "Cocaine described as ordinary, weekday use; ketamine among the "
        "younger ones. Strong sense that services are 'for heroin users', not for them.",
        "focus-group-40-55": "Long memories of services changing names. Several talk about "
        "grandchildren and caring roles. Anger about waiting, warmth about particular workers.",
        "interview-video-call": "Sam keeps returning to being believed. Check how often "
        "'listened' and 'same worker' come up across the interviews.",
    }
    for name, text in notes.items():
        if name in docs:
            memos.add_memo(
                project, text, kind="familiarisation", target="document", target_id=docs[name]
            )
    memos.add_memo(
        project,
        "Across the focus groups the facilitator prompts are fairly "
        "leading on stigma; weigh those extracts with care.",
        kind="familiarisation",
        title="Project familiarisation",
    )
    memos.add_memo(
        project,
        "I worked in a family support service before this study, so I may "
        "read families' accounts more generously. Noting it so I can check myself "
        "when themes form.",
        kind="journal",
        title="Positioning",
    )
