"""The sample project's analysis in progress (phase 4): themes at every status, a map with a saved
version, key extracts, a ticked checklist, journal entries and decisions, and the themes mapped
onto the Wirral Drugs Strategy (:mod:`qualcode.services.samples.samples_mapping`).

Built through the same services a researcher's actions call, so the change log and decision log
read like a real project's, and the sample shows each theme feature with something in it.
"""

from __future__ import annotations

from qualcode.services.reports.attribution import attribution_for
from qualcode.services.samples.samples_mapping import add_mapping, set_template
from qualcode.services.themes import phases, review, thematic_map, themes
from qualcode.storage.project import Project

# theme -> (parent, codes, status, central concept, definition, scope in, scope out)
THEMES: dict[str, tuple[str | None, tuple[str, ...], str, str, str, str, str]] = {
    "Help that comes too late": (
        None,
        ("Waiting and delays", "Travel and opening hours"),
        "final",
        "The moment someone asks for help is brief; services miss it.",
        "Accounts of the gap between deciding to get help and getting it, and what that gap "
        "costs: relapse, lost trust, giving up.",
        "Waiting lists, call-backs, appointments that cannot be reached, opening hours.",
        "Waiting inside a service once engaged (that sits with 'Being believed').",
    ),
    "Services built for someone else": (
        "Help that comes too late",
        ("Local drug markets", "Stigma and judgement"),
        "defined",
        "People using cocaine or ketamine do not see themselves in heroin-era services.",
        "Talk of services as meant for other people, and of not fitting their image.",
        "",
        "",
    ),
    "Keeping people alive": (
        None,
        ("Naloxone", "Pharmacy and needle exchange"),
        "final",
        "Harm reduction is valued as care, not as giving up on recovery.",
        "What keeps people alive while they still use: naloxone, needle exchange, pharmacies.",
        "Kits, training, scripts, exchanges and the people who run them.",
        "Treatment and abstinence goals.",
    ),
    "Being believed": (
        None,
        ("Relationships with workers", "Peer support and lived experience", "Stigma and judgement"),
        "reviewed",
        "",
        "",
        "",
        "",
    ),
    "Same worker, same trust": (
        "Being believed",
        ("Relationships with workers",),
        "candidate",
        "",
        "",
        "",
        "",
    ),
    "Families carry it": (
        None,
        ("Families and children", "Housing and hostels"),
        "candidate",
        "",
        "",
        "",
        "",
    ),
}


def add_analysis(project: Project, code_ids: dict[str, int]) -> None:
    """Phase 3 (themes, map, first version), then phase 4 (statuses, review, decisions)."""
    ids: dict[str, int] = {}
    for name, (parent, codes, *_rest) in THEMES.items():
        change = themes.create_theme(project, name, ids[parent] if parent else None)
        ids[name] = change.entity_id or 0
        for code in codes:
            themes.link_code(project, ids[name], code_ids[code])
    misc = themes.create_theme(project, themes.MISCELLANEOUS, is_miscellaneous=True).entity_id
    themes.link_code(project, misc or 0, code_ids["Police and criminal justice"])
    trust = themes.promote_code(project, code_ids["Relationships with workers"]).entity_id or 0
    # Positions are left to the map's own layout until the researcher drags a node.
    thematic_map.save_version(project, "First candidate map")

    themes.merge_themes(project, trust, ids["Being believed"])
    phases.add_decision(
        project,
        "'Relationships with workers' promoted to a theme of its own read as a thinner "
        "'Being believed'; merged it in and kept 'Same worker, same trust' as a sub-theme.",
        title="Merged the workers theme into 'Being believed'",
    )
    for name, (_parent, _codes, status, concept, definition, scope, out) in THEMES.items():
        if definition:
            themes.update_theme(
                project,
                ids[name],
                central_concept=concept,
                definition=definition,
                scope=scope,
                scope_out=out,
            )
        if status != "candidate":
            themes.update_theme(project, ids[name], status=status)
    set_template(project)
    for name in ("Help that comes too late", "Keeping people alive", "Being believed"):
        groups = review.theme_extracts(project, ids[name], context=0)
        first = next((g.extracts[0] for g in groups if g.extracts), None)
        if first is not None:
            label = attribution_for(project, first.coding_id)
            review.flag_key_extract(project, first.coding_id, attribution=label)
    phases.add_decision(
        project,
        "Police contact comes up often but never hangs together as one idea; it stays in "
        "Miscellaneous until the review of the professionals' survey.",
        title="Police contact held in Miscellaneous",
    )
    phases.add_journal_entry(
        project,
        "Reviewing 'Being believed' I kept reaching for the family accounts first. Re-read the "
        "younger focus group's extracts before marking it reviewed.",
        title="Review, week 1",
    )
    phases.set_phase(project, 4)
    for number in (1, 2, 3):
        for key, _text in phases.phase(number).checklist:
            phases.set_checked(project, key)
    phases.set_checked(project, "p4.1")
    phases.set_checked(project, "p4.5")
    add_mapping(project, ids)
