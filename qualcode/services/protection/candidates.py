"""Strings that may identify someone, found for the user to review before pseudonymising.

Seeded from what the project already knows (speaker labels and case names) and a scan of the
text for contact details: email addresses, UK phone numbers and postcodes. Regular expressions,
not a language model: nothing is downloaded, and the scan is linear in the text. Each candidate
comes with a suggested replacement the user edits (``Participant 3``, ``[email removed]``).
Capitalised words are not guessed here: names of places and organisations are too many to find
without a model, and the user adds them to the map.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.storage.models import Case, Document, Part
from qualcode.storage.project import Project

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
UK_PHONE = re.compile(
    r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)"  # 07700 900123, +44 7700 900123, 0151 123 4567
)
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_NOT_NAMES = {"facilitator", "interviewer", "moderator", "unknown speaker", "respondent"}


@dataclass(frozen=True)
class Candidate:
    real: str
    kind: str  # participant | speaker label | email | phone | postcode
    occurrences: int
    suggestion: str


def find_candidates(project: Project) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    with project.read() as s:
        cases = list(s.execute(select(Case.name, Case.is_facilitator).order_by(Case.id)))
        labels = dict(
            s.execute(
                select(Part.speaker_label, func.count())
                .where(Part.speaker_label.is_not(None))
                .group_by(Part.speaker_label)
            ).all()
        )
        counts: Counter[tuple[str, str]] = Counter()
        for (text,) in s.execute(select(Document.text).execution_options(yield_per=100)):
            for kind, pattern in (("email", EMAIL), ("phone", UK_PHONE), ("postcode", UK_POSTCODE)):
                counts.update((kind, m.group().strip()) for m in pattern.finditer(text))
    number = 0
    for name, facilitator in cases:
        if name.casefold() in _NOT_NAMES or facilitator:
            continue
        number += 1
        found[name] = Candidate(name, "participant", labels.get(name, 0), f"Participant {number}")
    for label, n in labels.items():
        if label and label not in found and label.casefold() not in _NOT_NAMES:
            found[label] = Candidate(label, "speaker label", n, "[name removed]")
    marker = {
        "email": "[email removed]",
        "phone": "[phone number removed]",
        "postcode": "[postcode removed]",
    }
    for (kind, text), n in counts.most_common():
        if text not in found:
            found[text] = Candidate(text, kind, n, marker[kind])
    return list(found.values())
