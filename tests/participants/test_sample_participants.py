"""The sample project greets a new user with attributed quotes: its focus groups and interviews
carry participant attributes and a derived age band, and the template uses them."""

from __future__ import annotations

from pathlib import Path

from qualcode.services.participants.derived import derived_definitions
from qualcode.services.participants.listing import list_cases
from qualcode.services.reports.attribution import attribution_template
from qualcode.services.reports.attribution_preview import attribution_preview
from qualcode.storage.project import Project


def test_focus_groups_and_interviews_are_attributed(sample_path: Path) -> None:
    with Project.open(sample_path, readonly=True) as project:
        people = {c.name: c for c in list_cases(project)}
        assert attribution_template(project)[0] == "({gender}, aged {age_band})"
        [band] = derived_definitions(project)
        assert (band.name, band.source, band.cuts) == ("age_band", "Age", (18, 25, 40, 56, 66))
        preview = attribution_preview(project, *attribution_template(project), limit=40)
    spoken = {
        c.name
        for c in people.values()
        if any(d.startswith(("focus-group", "interview")) for d in c.documents)
        and not c.is_facilitator
    }
    assert len(spoken) == 12
    for name in spoken:
        attrs = people[name].attributes
        assert {"Gender", "Age", "Area", "age_band"} <= set(attrs), name
    margaret = people["Margaret"].attributes
    assert (margaret["Gender"], margaret["Age"], margaret["age_band"]) == ("Female", "52", "40-55")
    assert people["Jordan"].attributes["age_band"] == "25-39"
    labels = {e.document: e.label for e in preview}
    for document in (
        "focus-group-20-35",
        "focus-group-40-55",
        "interview-video-call",
        "interview-video-call-2",
        "interview-timestamps",
    ):
        assert labels[document].startswith(("(Female, aged ", "(Male, aged ")), labels[document]
    assert labels["focus-group-40-55"] in ("(Female, aged 40-55)", "(Male, aged 40-55)")
