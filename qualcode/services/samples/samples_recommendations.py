"""The sample project's recommendation register: what the analysis leads to, under the strategy.

So the Recommendations panel, its check and the exports have something real to show: six
numbered recommendations under three of the Wirral strategy's priorities, each based on the
sample's themes, one with a key extract as evidence, one still without a supporting theme and a
theme ("Families carry it") not yet behind any recommendation, as mid-analysis registers are.
"""

from __future__ import annotations

from sqlalchemy import select

from qualcode.services.frameworks.frameworks import find_item, list_frameworks
from qualcode.services.recommendations.edits import create_recommendation
from qualcode.services.recommendations.links import link_extracts
from qualcode.storage.models import Coding, Quote, Theme, ThemeCode
from qualcode.storage.project import Project

# (priority ref, title, text, owner, timescale, status, themes)
RECOMMENDATIONS: tuple[tuple[str, str, str, str, str, str, tuple[str, ...]], ...] = (
    ("P1", "Services that say who they are for",
     "Review service names, leaflets and outreach so that people using cocaine and ketamine "
     "recognise the offer as meant for them, co-produced with people who use these drugs.",
     "Commissioners with the provider", "6 months", "agreed",
     ("Services built for someone else",)),
    ("P1", "Lived experience in every team",
     "Fund peer roles in each treatment team, so that the first conversation is with someone "
     "who has been there and believes what they hear.",
     "Treatment provider", "12 months", "proposed", ("Being believed",)),
    ("P3", "Answer the first call within a week",
     "Set and publish a standard for the time from first contact to first appointment, with "
     "call-backs on the same day and evening appointments.",
     "Treatment provider", "3 months", "in_progress", ("Help that comes too late",)),
    ("P3", "Keep the same worker",
     "Plan caseloads so that people keep one named worker through treatment, and hand over in "
     "person when a worker leaves.",
     "Treatment provider", "12 months", "proposed", ("Same worker, same trust",)),
    ("P4", "Naloxone wherever people are",
     "Extend naloxone supply and training to pharmacies, hostels and families, and keep needle "
     "exchange hours that match when people use.",
     "Public health", "6 months", "agreed", ("Keeping people alive",)),
    ("P5", "Review police referral pathways",
     "Work with the police on how people are referred from custody, to be revisited once the "
     "professionals' survey has been analysed.",
     "Community safety partnership", "To be agreed", "proposed", ()),
)  # fmt: skip


def add_recommendations(project: Project) -> None:
    """The register above, under the Wirral framework's priorities."""
    framework = next(f.id for f in list_frameworks(project) if f.name.startswith("Wirral"))
    with project.read() as s:
        themes = {name: tid for tid, name in s.execute(select(Theme.id, Theme.name))}
    made: dict[str, int] = {}
    for ref, title, text, owner, timescale, status, names in RECOMMENDATIONS:
        item = find_item(project, framework, ref).id
        theme_ids = [themes[n] for n in names]
        change = create_recommendation(
            project, title, text, item, owner, timescale, status, theme_ids
        )
        made[title] = change.entity_id or 0
    # the key extract of "Help that comes too late" as evidence for the waiting standard
    with project.read() as s:
        key = s.scalar(
            select(Quote.coding_id)
            .join(Coding, Coding.id == Quote.coding_id)
            .join(ThemeCode, ThemeCode.code_id == Coding.code_id)
            .where(Quote.is_key.is_(True), ThemeCode.theme_id == themes["Help that comes too late"])
            .order_by(Quote.id)
        )
    if key is not None:
        link_extracts(project, made["Answer the first call within a week"], [key])
