"""A "Role" attribute on the sample's participants: the grouping our users compare by.

Reports set what people with lived experience said beside families and professionals. The sample's
sources record this in different ways (a survey question, a job title, the focus group a person
joined), so the sample derives one category from them, as a researcher would after import.
"""

from __future__ import annotations

from sqlalchemy import select

from qualcode.domain.values import AttributeType
from qualcode.services.documents.cases import define_attribute, set_attribute_value
from qualcode.storage.models import Attribute, AttributeValue, Case
from qualcode.storage.project import Project

LIVED, FAMILY, PROFESSIONAL = "Lived experience", "Family member or carer", "Professional"
ROLES = [LIVED, FAMILY, PROFESSIONAL]
# people whose role is plain from what they said in the fictional transcripts
_BY_NAME = {
    "Margaret": FAMILY,
    "Sandra": FAMILY,
    "Bex": FAMILY,
    "Tony": LIVED,
    "Des": LIVED,
    "Sam": LIVED,
    "Robin": LIVED,
    "Hassan": LIVED,
    "Jordan": LIVED,
    "Kayleigh": LIVED,
    "Ryan": LIVED,
    "Amira": LIVED,
    "Liam": LIVED,
    "Priya": PROFESSIONAL,
    "Dee": PROFESSIONAL,
    "Respondent": PROFESSIONAL,  # the consultation response came from a provider
    "Service users": LIVED,  # the response's second voice
}


def _role(name: str, attrs: dict[str, str]) -> str | None:
    if name in _BY_NAME:
        return _BY_NAME[name]
    describes = attrs.get("Which of these best describes you?", "")
    if describes:
        return FAMILY if "family member" in describes.lower() else LIVED
    if attrs.get("What is your role?") or attrs.get("instrument") == "survey-professionals":
        return PROFESSIONAL
    label = attrs.get("attribution", "").lower()
    if "lived experience" in label:
        return LIVED
    if label:
        return PROFESSIONAL
    return None


def add_roles(project: Project) -> dict[str, int]:
    """Give every non-facilitator case a Role; returns how many have each."""
    attr_id = define_attribute(project, "Role", AttributeType.CATEGORY, options=ROLES).entity_id
    assert attr_id is not None
    with project.read() as s:
        cases = s.execute(select(Case.id, Case.name).where(Case.is_facilitator.is_(False))).all()
        attrs: dict[int, dict[str, str]] = {}
        for case_id, name, value in s.execute(
            select(AttributeValue.case_id, Attribute.name, AttributeValue.value)
            .join(Attribute, Attribute.id == AttributeValue.attribute_id)
            .where(AttributeValue.case_id.is_not(None))
        ):
            if case_id is not None:
                attrs.setdefault(case_id, {})[name] = value
    counts = dict.fromkeys(ROLES, 0)
    for case_id, name in cases:
        role = _role(name, attrs.get(case_id, {}))
        if role is not None:
            set_attribute_value(project, attr_id, role, case_id=case_id)
            counts[role] += 1
    return counts
