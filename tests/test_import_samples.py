"""Every bundled sample imports with the documents, parts, speakers, cases, attributes and
questions that ``samples/expected.json`` (written with the samples) says it holds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.importers.detect import load_file
from qualcode.services.documents.imports import import_batches
from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Part, Question
from qualcode.storage.project import Project

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
TRANSCRIPTS = [
    "focus-group-20-35.docx",
    "focus-group-40-55.txt",
    "interview-video-call.vtt",
    "interview-video-call-2.srt",
    "interview-timestamps.odt",
]


def _import(tmp_path: Path, name: str) -> Project:
    project = Project.create(tmp_path / "p.qcproj")
    import_batches(project, [load_file(SAMPLES / name)])
    return project


def _turns(project: Project) -> Counter[str]:
    with project.session() as s:
        return Counter(s.scalars(select(Case.name).join(Part, Part.case_id == Case.id)))


def _facilitators(project: Project) -> set[str]:
    with project.session() as s:
        return set(s.scalars(select(Case.name).where(Case.is_facilitator)))


@pytest.mark.parametrize("name", TRANSCRIPTS)
def test_transcripts_have_their_speakers_and_turns(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    with _import(tmp_path, name) as p:
        turns = _turns(p)
        per_speaker = (
            expected.get("turns_per_speaker")
            or expected["turns_after_merging_consecutive_same_speaker"]["turns_per_speaker"]
        )
        assert dict(turns) == per_speaker
        assert _facilitators(p) == {expected["facilitator"]}
        with p.session() as s:
            docs = s.scalars(select(Document)).all()
            assert len(docs) == 1
            text = docs[0].text
            utterances = [text[a:b] for a, b in s.execute(select(Part.start, Part.end))]
        assert all(
            u and u == u.strip() and not u.startswith(tuple(per_speaker)) for u in utterances
        )


def test_inconsistent_label_merges_into_one_case(tmp_path: Path) -> None:
    with _import(tmp_path, "focus-group-40-55.txt") as p, p.session() as s:
        names = set(s.scalars(select(Case.name)))
        labels = Counter(s.scalars(select(Part.speaker_label)))
    assert "MARGARET" not in names and labels["Margaret"] == 7


def test_cue_times_are_kept(tmp_path: Path) -> None:
    with _import(tmp_path, "interview-video-call.vtt") as p, p.session() as s:
        times = list(s.scalars(select(Part.time_ms).order_by(Part.start)))
    assert times[0] == 2_500 and times == sorted(times)


def test_field_notes_without_speakers_become_paragraphs(tmp_path: Path) -> None:
    with _import(tmp_path, "informal-conversation.pdf") as p, p.session() as s:
        doc = s.scalars(select(Document)).one()
        parts = s.scalars(select(Part)).all()
    assert doc.kind == "field_notes"
    assert len(parts) == 1 + EXPECTED["informal-conversation.pdf"]["paragraphs_after_title"]
    assert all(part.kind == "paragraph" for part in parts)
    for needle in EXPECTED["informal-conversation.pdf"]["contains"]:
        assert needle in doc.text


@pytest.mark.parametrize(
    "name", ["research-grid-01.docx", "research-grid-02.docx", "research-grid-03.txt"]
)
def test_research_grids(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    fields = expected["fields"]
    with _import(tmp_path, name) as p, p.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.name == fields["Pseudonym"]
        values = dict(
            s.execute(
                select(Attribute.name, AttributeValue.value)
                .join(AttributeValue)
                .where(AttributeValue.case_id == case.id)
            ).all()
        )
        answered = set(s.scalars(select(Question.label).join(Part)))
        doc_values = dict(
            s.execute(
                select(Attribute.name, AttributeValue.value)
                .join(AttributeValue)
                .where(AttributeValue.document_id.is_not(None))
            ).all()
        )
    assert values["Age"] == fields["Age"] and values["Gender"] == fields["Gender"]
    day, month, year = fields["Date"].split("/")
    assert values["Date"] == f"{year}-{month}-{day}"
    assert doc_values["Venue"] == fields["Venue"]
    assert answered == set(expected["question_ids"]) - set(expected["blank_answers"])


@pytest.mark.parametrize("name", ["survey-lived-experience.csv", "survey-professionals.xlsx"])
def test_surveys(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    with _import(tmp_path, name) as p, p.session() as s:
        cases = set(s.scalars(select(Case.name)))
        questions = {q.text for q in s.scalars(select(Question))}
        answers = s.scalars(select(Part).where(Part.kind == "answer")).all()
        docs = s.scalars(select(Document)).all()
        answered = set(s.scalars(select(Case.name).join(Part, Part.case_id == Case.id)))
        attrs = set(s.scalars(select(Attribute.name)))
    instrument = Path(name).stem
    assert cases == {f"{instrument} {i}" for i in expected["respondent_ids"]}
    assert questions == set(expected["open_ended_questions"])
    assert len(answers) == expected["non_empty_open_answers"]
    assert len(docs) == len(expected["open_ended_questions"])  # one document per question
    silent = {f"{instrument} {i}" for i in expected["respondents_with_no_open_ended_answers"]}
    assert not answered & silent
    assert set(expected["attribute_questions"]) <= attrs
    assert "IP Address" not in attrs and "Email Address" not in attrs


@pytest.mark.parametrize("name", ["consultation-response.docx", "consultation-response.rtf"])
def test_consultation(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    with _import(tmp_path, name) as p, p.session() as s:
        questions = {q.label: q for q in s.scalars(select(Question))}
        voices = Counter(s.scalars(select(Case.name).join(Part, Part.case_id == Case.id)))
        doc = s.scalars(select(Document)).one()
        ticked = {
            label: doc.text[a:b]
            for label, a, b in s.execute(select(Question.label, Part.start, Part.end).join(Part))
            if label in expected["tick_box_questions_and_ticked_option"]
            and doc.text[a:b] in ("Yes", "No", "Not well", "Don't know")
        }
    assert set(questions) == set(expected["question_ids"])
    assert all(questions[q].options for q in expected["tick_box_questions_and_ticked_option"])
    assert ticked == expected["tick_box_questions_and_ticked_option"]
    assert len(voices) == 2  # the provider and the service users' voice
    assert any("service user" in v.casefold() for v in voices)


def test_quote_sheet(tmp_path: Path) -> None:
    expected = EXPECTED["quote-sheet.xlsx"]
    with _import(tmp_path, "quote-sheet.xlsx") as p, p.session() as s:
        doc = s.scalars(select(Document)).one()
        quotes = s.execute(
            select(Part.start, Part.end, Case.name).join(Case, Case.id == Part.case_id)
        ).all()
    assert doc.kind == "quotes" and len(quotes) == expected["quotes"]
    assert Counter(name for _a, _b, name in quotes) == expected["participants"]
    assert all(doc.text[a:b].strip() == doc.text[a:b] for a, b, _n in quotes)
