"""Participant attributes for the sample's focus groups and interviews, and an age band.

A newcomer opening the sample should see quotes attributed the way reports in our field print
them, "(Female, aged 40-55)", without typing anything. The fictional transcripts say who was in
each group (the 20-35 and 40-55 focus groups) but not each person's exact age, so the sample gives
every focus-group member and interviewee a gender, an age within their group and an area, as a
researcher would from a participant sheet, then derives ``age_band`` with the cut points our users
use (18, 25, 40, 56, 66) through the same service as ``qualcode cases band``. The grid participants
already carry their own age and gender from their grids.
"""

from __future__ import annotations

from qualcode.domain.errors import NotFoundError
from qualcode.domain.values import AttributeType
from qualcode.services.documents.cases import define_attribute, find_case, set_attribute_value
from qualcode.services.participants.derived import define_band, find_attribute
from qualcode.storage.project import Project

CUTS = (18, 25, 40, 56, 66)
AREAS = ["North side", "South side", "Town centre"]
# name -> (gender, age, area); ages within each focus group's range
PEOPLE: dict[str, tuple[str, int, str]] = {
    "Jordan": ("Male", 27, "North side"),
    "Kayleigh": ("Female", 22, "South side"),
    "Ryan": ("Male", 31, "North side"),
    "Amira": ("Female", 24, "Town centre"),
    "Liam": ("Male", 34, "South side"),
    "Margaret": ("Female", 52, "Town centre"),
    "Tony": ("Male", 48, "North side"),
    "Sandra": ("Female", 44, "South side"),
    "Des": ("Male", 55, "Town centre"),
    "Sam": ("Male", 38, "Town centre"),
    "Priya": ("Female", 29, "North side"),
    "Dee": ("Female", 41, "South side"),
}


def _attribute(project: Project, name: str, type_: AttributeType, options: list[str]) -> int:
    """The sample's case attribute ``name`` (the grids made Age and Gender), else a new one."""
    with project.read() as s:
        try:
            attr = find_attribute(s, name)
        except NotFoundError:
            attr = None
        if attr is not None and attr.scope == "case":
            return attr.id
    return define_attribute(project, name, type_, options=options or None).entity_id or 0


def add_participants(project: Project) -> int:
    """Gender, Age and Area for the sample's focus-group members and interviewees, then
    ``age_band``; returns how many people were given attributes."""
    gender = _attribute(project, "Gender", AttributeType.CATEGORY, [])
    age = _attribute(project, "Age", AttributeType.NUMBER, [])
    area = _attribute(project, "Area", AttributeType.CATEGORY, AREAS)
    given = 0
    for name, (sex, years, where) in PEOPLE.items():
        case = find_case(project, name)
        set_attribute_value(project, gender, sex, case_id=case)
        set_attribute_value(project, age, str(years), case_id=case)
        set_attribute_value(project, area, where, case_id=case)
        given += 1
    define_band(project, "Age", CUTS, name="age_band")
    return given
