"""The check before an export writes: which participants' real names are in its quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.services.protection.export_check import (
    looks_like_name,
    names_before_export,
    names_in,
    personal_names,
)
from qualcode.services.protection.pseudonymise import pseudonymise
from qualcode.services.protection.quotes import edit_quote, get_quote
from qualcode.storage.models import Quote
from qualcode.storage.project import Project


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("Margaret", True),
        ("Anne Smith", True),
        ("O'Neill", True),
        ("Jean-Luc", True),
        ("Participant 3", False),
        ("Respondent", False),
        ("Service users", False),
        ("R001", False),
        ("survey-lived-experience 11498706729", False),
        ("11498767835", False),
        ("Facilitator", False),
    ],
)
def test_which_case_names_look_like_personal_names(name: str, personal: bool) -> None:
    assert looks_like_name(name) is personal


def test_names_in_counts_texts_whole_words_and_parts_of_full_names() -> None:
    texts = ["Anne said so", "I told anne", "Annex B", "Smith and Anne Smith", "Des came"]
    found = names_in(texts, ["Anne Smith", "Des", "Will"])
    assert found == {"Anne Smith": 1, "Anne": 2, "Smith": 1, "Des": 1}


def test_the_sample_is_clean_until_a_quote_names_a_participant(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        names = personal_names(project)
        assert "Margaret" in names and "Facilitator" not in names and "Respondent" not in names
        assert names_before_export(project) == {}
        with project.read() as s:
            quote_id = s.scalar(select(Quote.id).where(Quote.is_key.is_(True)))
        assert quote_id is not None
        verbatim = get_quote(project, quote_id).verbatim
        edit_quote(project, quote_id, f"[Margaret said:] {verbatim}")
        assert names_before_export(project) == {"Margaret": 1}
        assert names_before_export(project, "all") == {"Margaret": 1}
        assert names_before_export(project, extra=["Trafford"]) == {"Margaret": 1}
        pseudonymise(project, {"Margaret": "Participant 7"})
        assert names_before_export(project) == {}  # the edited quote was pseudonymised too
        assert names_before_export(project, extra=["Participant"]) == {"Participant": 1}
