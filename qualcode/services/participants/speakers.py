"""Speaker labels linked to the people who spoke them.

A transcript names its speakers as it likes (``P3``, ``Speaker 2``, ``Jane``, ``INTERVIEWER``),
and one person may speak in several transcripts under different labels. Attribution, the matrix
and the participant counts go through the case each turn is linked to, so this module lists every
(document, label) with its turns and its case, links a label to a case (every turn with that
label in that document, one undo step), and suggests links by fuzzy name match (rapidfuzz) for
the researcher to confirm: the import's guess is only the label itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select

from qualcode.domain.errors import NotFoundError
from qualcode.importers.model import normalise_speaker
from qualcode.importers.speakers import is_facilitator_label
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Case, Document, Part
from qualcode.storage.project import Project

MIN_SCORE = 70.0
_HOSTS = ("host", "chair", "note taker", "notetaker")


@dataclass(frozen=True)
class SpeakerLink:
    document_id: int
    document: str
    label: str  # as first written in the document
    turns: int
    case_id: int | None
    case_name: str | None
    is_facilitator: bool


@dataclass(frozen=True)
class LinkSuggestion:
    document_id: int
    document: str
    label: str
    case_id: int | None  # None: no case matches (a facilitator with no case yet)
    case_name: str | None
    score: float  # 0-100; 100 for a facilitator label
    is_facilitator: bool


def facilitator_label(label: str) -> bool:
    """Interviewer, Facilitator, Moderator, Researcher, Host… (numbered or not)."""
    key = normalise_speaker(label).rstrip("0123456789 ")
    return is_facilitator_label(label) or key in _HOSTS


def speaker_links(project: Project, document_id: int | None = None) -> list[SpeakerLink]:
    """Every speaker label of every document (or of one), in document order, with its case."""
    with project.read() as s:
        stmt = (
            select(Part.document_id, Document.name, Part.speaker_label, Part.case_id)
            .join(Document, Document.id == Part.document_id)
            .where(Part.speaker_label.is_not(None))
            .order_by(Document.position, Document.id, Part.start)
        )
        if document_id is not None:
            stmt = stmt.where(Part.document_id == document_id)
        rows = s.execute(stmt).all()
        people = {
            i: (n, f) for i, n, f in s.execute(select(Case.id, Case.name, Case.is_facilitator))
        }
    first: dict[tuple[int, str], tuple[str, str]] = {}
    turns: dict[tuple[int, str], Counter[int | None]] = defaultdict(Counter)
    for doc, name, label, case in rows:
        key = (doc, normalise_speaker(label or ""))
        first.setdefault(key, (name, label or ""))
        turns[key][case] += 1
    out = []
    for key, (name, label) in first.items():
        case = turns[key].most_common(1)[0][0]
        case_name, flagged = people.get(case, (None, False)) if case is not None else (None, False)
        out.append(
            SpeakerLink(
                key[0],
                name,
                label,
                sum(turns[key].values()),
                case,
                case_name,
                flagged if case is not None else facilitator_label(label),
            )
        )
    return out


@operation
def link_speaker(project: Project, document_id: int, label: str, case_id: int | None) -> Change:
    """Link every turn with ``label`` (case and spacing ignored) in the document to ``case_id``;
    ``None`` unlinks them."""
    key = normalise_speaker(label)
    with project.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"There is no document with id {document_id}.")
        parts = [
            pid
            for pid, spoken in s.execute(
                select(Part.id, Part.speaker_label).where(Part.document_id == document_id)
            )
            if spoken and normalise_speaker(spoken) == key
        ]
        if not parts:
            raise NotFoundError(f"No one speaks as '{label}' in '{doc.name}'.")
        who = "no one"
        if case_id is not None:
            case = s.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            who = f"'{case.name}'"
        steps: list[Step] = [Update("part", {"id": pid}, {"case_id": case_id}) for pid in parts]
        inverse = apply_steps(s, steps)
        summary = f"Linked '{label}' in '{doc.name}' to {who}"
        log_change(s, project.coder_id, "link", "part", summary, doc.guid)
        return Change(
            "link",
            "part",
            document_id,
            summary,
            Reversal(f"link '{label}' in '{doc.name}'", inverse),
        )


def suggest_links(
    project: Project, document_id: int | None = None, min_score: float = MIN_SCORE
) -> list[LinkSuggestion]:
    """For each speaker label not yet linked to the case it best matches, that case (by fuzzy
    name match of the label against every case's name, at least ``min_score`` of 100; the case
    an import made from the label itself does not count); facilitator labels are suggested as
    facilitators (their facilitator case when one matches)."""
    links = speaker_links(project, document_id)
    with project.read() as s:
        people = s.execute(select(Case.id, Case.name, Case.is_facilitator)).all()
    names = {i: n for i, n, _f in people}
    facilitators = {normalise_speaker(n): i for i, n, f in people if f}
    out = []
    for link in links:
        if facilitator_label(link.label):
            case = facilitators.get(normalise_speaker(link.label))
            if link.case_id is None or link.case_id != case:
                out.append(
                    LinkSuggestion(
                        link.document_id,
                        link.document,
                        link.label,
                        case,
                        names.get(case) if case is not None else None,
                        100.0,
                        True,
                    )
                )
            continue
        # the case the import made from the label itself is its guess, not a match to offer
        guessed = (
            link.case_id
            if normalise_speaker(names.get(link.case_id or 0, ""))
            == (normalise_speaker(link.label))
            else None
        )
        choices = {i: n for i, n, f in people if not f and i != guessed}
        best = process.extractOne(
            link.label,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=min_score,
        )
        if best is None:
            continue
        _name, score, case_id = best
        if case_id != link.case_id:
            out.append(
                LinkSuggestion(
                    link.document_id,
                    link.document,
                    link.label,
                    int(case_id),
                    names[case_id],
                    round(float(score), 1),
                    False,
                )
            )
    return out


def find_document(project: Project, name: str) -> int:
    """The id of the document called ``name`` (case and spacing ignored), or a clear error."""
    key = " ".join(name.split()).casefold()
    with project.read() as s:
        docs = s.execute(select(Document.id, Document.name).order_by(Document.id)).all()
    for doc_id, doc_name in docs:
        if doc_name == name:
            return int(doc_id)
    for doc_id, doc_name in docs:
        if " ".join(doc_name.split()).casefold() == key:
            return int(doc_id)
    raise NotFoundError(f"There is no document called '{name}'.")
