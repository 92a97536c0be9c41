"""Consultation responses: question wording vs instructions vs options vs answers, second voice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.importers.consultation import consultation_from_text, parse_options, voice_heading
from qualcode.importers.model import FileImportError, ImportBatch
from tests.importers.test_transcript import check_batch

RESPONSE = """Consultation on the draft Northshire Drug and Alcohol Strategy 2025-2030
Response form

Organisation: Harbour Recovery Network
Contact: (withheld)

QA1. What is the name of your organisation?

Harbour Recovery Network

QA2: To what extent do you agree that the strategy
reflects the needs of families affected by alcohol? Please tick one box.

☐ Strongly agree
☒ Agree
☐ Disagree

Please explain your answer.

We welcome the focus on families, but the strategy says little about kinship carers.

Grandparents often take on children at short notice.

Section B – Families and carers

QB3. Should each hub have a dedicated family support worker?
Yes / No / Don't know
Yes [x] No [ ]

QC10 (if applicable): How should services reduce stigma? (tick all that apply)

☒ Training for GP receptionists
☐ Public campaigns
☑ Peer-led outreach

Our response
Stigma is the main barrier we see.

Service users' response:
People told us they felt judged at the pharmacy counter.

Response from people with lived experience
Being called an addict by staff stays with you.

QE12. Any other comments?
"""


def consult(text: str = RESPONSE, **options: object) -> ImportBatch:
    return consultation_from_text(
        text, name="Harbour", source="harbour.docx", content_hash="h", **options
    )  # type: ignore[arg-type]


def answers(batch: ImportBatch) -> list[tuple[str | None, str, str]]:
    document = batch.documents[0]
    return [
        (p.speaker, (p.question or "").split("\x1f")[1], document.text[p.start : p.end])
        for p in document.parts
    ]


def test_questions_wording_and_options() -> None:
    batch = consult(respondent="Harbour Recovery Network")
    questions = {q.label: (q.text, q.options) for q in batch.questions.values()}
    assert questions == {
        "QA1": ("What is the name of your organisation?", []),
        "QA2": (
            "To what extent do you agree that the strategy reflects the needs of families "
            "affected by alcohol?",
            ["Strongly agree", "Agree", "Disagree"],
        ),
        "QB3": (
            "Should each hub have a dedicated family support worker?",
            ["Yes", "No", "Don't know"],
        ),
        "QC10": (
            "How should services reduce stigma?",
            ["Training for GP receptionists", "Public campaigns", "Peer-led outreach"],
        ),
        "QE12": ("Any other comments?", []),
    }
    assert all(q.instrument == "Consultation" for q in batch.questions.values())


def test_answers_by_voice() -> None:
    batch = consult(respondent="Harbour Recovery Network")
    org = "harbour recovery network"
    assert answers(batch) == [
        (org, "QA1", "Harbour Recovery Network"),
        (org, "QA2", "Agree"),
        (
            org,
            "QA2",
            "We welcome the focus on families, but the strategy says little about kinship carers."
            "\n\nGrandparents often take on children at short notice.",
        ),
        (org, "QB3", "Yes"),
        (org, "QC10", "Training for GP receptionists"),
        (org, "QC10", "Peer-led outreach"),
        (org, "QC10", "Stigma is the main barrier we see."),
        ("service users", "QC10", "People told us they felt judged at the pharmacy counter."),
        (
            "people with lived experience",
            "QC10",
            "Being called an addict by staff stays with you.",
        ),
    ]
    assert {k: c.name for k, c in batch.cases.items()} == {
        org: "Harbour Recovery Network",
        "service users": "Service users",
        "people with lived experience": "People with lived experience",
    }
    document = batch.documents[0]
    assert document.kind == "consultation_response"
    assert all(p.kind == "answer" for p in document.parts)
    check_batch(batch)


def test_cover_page_and_instructions_are_not_parts() -> None:
    batch = consult()
    document = batch.documents[0]
    text = document.text
    assert text == RESPONSE
    first_question = text.index("QA1.")
    assert all(p.start > first_question for p in document.parts)
    coded = [text[p.start : p.end] for p in document.parts]
    assert not any("Please" in piece or "tick all" in piece for piece in coded)
    assert not any(piece.startswith("Section B") for piece in coded)
    # The cover page's Organisation field names the respondent when the caller does not.
    assert next(iter(batch.cases)) == "harbour recovery network"


def test_default_respondent_without_cover_field() -> None:
    batch = consult("QA1. Any comments?\nNone.\n")
    assert {k: c.name for k, c in batch.cases.items()} == {"respondent": "Respondent"}
    assert answers(batch) == [("respondent", "QA1", "None.")]


def test_voice_resets_at_each_question() -> None:
    text = (
        "Response form\n\nQA1. Views on the hubs?\n\nCarers' views\nToo far away.\n\n"
        "QA2. Views on outreach?\nMore evening sessions please, our staff say.\n"
    )
    assert answers(consult(text)) == [
        ("carers", "QA1", "Too far away."),
        ("respondent", "QA2", "More evening sessions please, our staff say."),
    ]


def test_custom_question_pattern() -> None:
    text = "Section 1 / Item 4 - How do you rate access?\nPoor.\n\nSection 2 / Item 1 - Why?\nCost."
    batch = consult(text, question_pattern=r"Section \d+ / (?P<id>Item \d+) - ")
    assert [(q.label, q.text) for q in batch.questions.values()] == [
        ("Item 4", "How do you rate access?"),
        ("Item 1", "Why?"),
    ]
    assert [a[2] for a in answers(batch)] == ["Poor.", "Cost."]


def test_errors_name_the_source() -> None:
    with pytest.raises(FileImportError, match=r"harbour\.docx: no question numbers.*custom"):
        consult("Dear colleagues,\n\nWe support the strategy.\n")
    with pytest.raises(FileImportError, match=r"harbour\.docx: .*\(\?P<id>"):
        consult(RESPONSE, question_pattern=r"Q(\d+)")
    with pytest.raises(FileImportError, match="not valid"):
        consult(RESPONSE, question_pattern=r"(?P<id>[")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("☒ Yes ☐ No ☐ Don't know", [("Yes", True), ("No", False), ("Don't know", False)]),
        ("Yes [ ] No [X]", [("Yes", False), ("No", True)]),
        ("[x] Agree", [("Agree", True)]),
        ("Yes / No / N/A", [("Yes", False), ("No", False), ("N/A", False)]),
        ("Agree    Disagree", [("Agree", False), ("Disagree", False)]),
        ("Yes", None),
        ("We said yes / no to that", None),
    ],
)
def test_parse_options(line: str, expected: list[tuple[str, bool]] | None) -> None:
    text = "xx\n" + line
    found = parse_options(text, 3, len(text))
    got = None if found is None else [(text[o.start : o.end], o.ticked) for o in found]
    assert got == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Service users' response", "Service users"),
        ("Service user response:", "Service user"),
        ("Response from people with lived experience", "People with lived experience"),
        ("Comments from young people:", "Young people"),
        ("Our response", "Respondent"),
        ("Any further comments", "Respondent"),
        ("We collected service user views", None),
        ("The response was slow and we had to chase it up several times", None),
    ],
)
def test_voice_heading(line: str, expected: str | None) -> None:
    assert voice_heading(line, "Respondent") == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(
                [
                    "QA1. Why?",
                    "QC10 (if applicable): How?",
                    "☒ Yes ☐ No",
                    "[x]",
                    "Please explain",
                    "Service users' response",
                    "Yes / No",
                    "",
                ]
            ),
        ),
        max_size=15,
    )
)
def test_fuzz_consultation(lines: list[str]) -> None:
    try:
        batch = consult("\n".join(lines))
    except FileImportError:
        return
    check_batch(batch)
