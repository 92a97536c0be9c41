"""The sample project's themes mapped onto the Wirral Drugs Strategy, and its quote labels.

So a newcomer opening the sample sees each mapping feature with something in it: primary and
secondary links with rationales, a cross-cutting theme, a theme left "Not mapped" (the
Miscellaneous holding theme), and an attribution template with a fallback for speakers whose case
has no gender or age band (the survey respondents).
"""

from __future__ import annotations

from qualcode.services.frameworks.framework_links import link_theme, set_cross_cutting
from qualcode.services.frameworks.frameworks import add_bundled_framework, find_item
from qualcode.services.reports.attribution import set_attribution_template
from qualcode.storage.project import Project

# theme -> [(item ref, strength, rationale)]
LINKS: dict[str, list[tuple[str, str, str]]] = {
    "Help that comes too late": [
        ("P3.1", "primary", "Waiting lists and call-backs are a capacity problem."),
        ("P4.2", "secondary", "Opening hours and travel are about accessible, flexible care."),
    ],
    "Services built for someone else": [
        ("P1.4", "primary", "Cocaine and ketamine users do not see services as for them."),
    ],
    "Keeping people alive": [
        ("P4.5", "primary", "Naloxone and needle exchange prevent drug-related deaths."),
        ("P4.1", "secondary", ""),
    ],
    "Same worker, same trust": [("P3.2", "primary", "Continuity of worker as treatment quality.")],
    "Families carry it": [
        ("P2.3", "primary", "Families ask for support in their own right."),
        ("P3.4", "secondary", "Housing comes up alongside family strain."),
    ],
}
CROSS_CUTTING = ("Being believed",)
TEMPLATE = "({gender}, aged {age_band})"  # age_band from samples_participants
FALLBACK = "({role}, {kind})"  # the Role attribute added by samples_roles


def set_template(project: Project) -> None:
    """Quote labels such as ``(Female, aged 40-55)``, else ``(Lived experience, Survey)``."""
    set_attribution_template(project, TEMPLATE, FALLBACK)


def add_mapping(project: Project, theme_ids: dict[str, int]) -> None:
    """Add the Wirral framework and link the sample themes to it."""
    framework = add_bundled_framework(project, "wirral").entity_id or 0
    for theme, links in LINKS.items():
        for ref, strength, rationale in links:
            item = find_item(project, framework, ref)
            link_theme(project, theme_ids[theme], item.id, strength, rationale)
    for theme in CROSS_CUTTING:
        set_cross_cutting(project, theme_ids[theme], framework)
