"""The bundled sample project builds from every sample file, passes the check, and codes whole
sentences of participants' turns and answers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from qualcode.services.coding.overview import code_rows, document_text
from qualcode.services.project.inspect import check_project, project_info
from qualcode.services.samples.samples import CODEBOOK, build_sample, sample_files, samples_dir
from qualcode.services.samples.samples_analysis import THEMES
from qualcode.services.themes import phases, thematic_map
from qualcode.services.themes.theme_counts import theme_tree
from qualcode.storage.models import Case, Coding, Part, Quote, Theme
from qualcode.storage.project import Project


def test_sample_project(tmp_path: Path) -> None:
    with build_sample(tmp_path / "sample.qcproj") as p:
        info = project_info(p)
        # each SurveyMonkey export: 3 documents; the community survey (closed questions): 1
        assert info.counts["document"] == 6 + 5 + 1 + 3 + 1 + 1 + 1
        assert info.counts["question"] == 3 + 3 + 5 + 11 + 1
        assert len(sample_files(samples_dir())) == 13
        assert check_project(p) == []
        rows = {r.name: r for r in code_rows(p)}
        assert set(rows) == set(CODEBOOK)
        assert all(rows[name].codings > 0 for name, (_p, _d, terms) in CODEBOOK.items() if terms)
        assert rows["Naloxone"].documents >= 3
        with p.session() as s:
            spans = s.execute(select(Coding.document_id, Coding.start, Coding.end)).all()
            facilitator_parts = s.execute(
                select(Part.document_id, Part.start, Part.end)
                .join(Case, Case.id == Part.case_id)
                .where(Case.is_facilitator)
            ).all()
        for doc, start, end in spans:
            extract = document_text(p, doc)[start:end]
            assert extract == extract.strip() and extract, extract
            assert not any(d == doc and a <= start < b for d, a, b in facilitator_parts)


def test_sample_analysis_in_progress(sample_path: Path) -> None:
    with Project.open(sample_path) as p:
        tree = {n.name: n for root in theme_tree(p) for n in root.walk()}
        assert set(tree) == {*THEMES, "Miscellaneous"}
        statuses = {n.status for n in tree.values()}
        assert {"candidate", "reviewed", "defined", "final"} <= statuses
        for node in tree.values():
            if node.status == "final":
                assert node.definition and node.central_concept
            assert node.extracts > 0, node.name
        assert tree["Miscellaneous"].is_miscellaneous
        assert tree["Same worker, same trust"].parent_id == tree["Being believed"].id
        linked = [c.name for n in tree.values() for c in n.codes]
        assert len(linked) > len(set(linked))  # some codes inform two themes
        with p.read() as s:
            assert s.scalar(select(func.count()).where(Quote.is_key.is_(True))) >= 3
            # positions are left to the map's layout until the researcher drags a node
            placed = s.scalar(select(func.count(Theme.id)).where(Theme.map_x.is_not(None)))
            assert placed == 0
        [version] = thematic_map.list_versions(p)
        assert (
            version.name == "First candidate map" and version.themes == len(tree) + 1
        )  # + one merged later
        assert phases.current_phase(p) == 4
        assert any(i.checked for i in phases.checklist(p, 4))
        assert len(phases.journal_entries(p)) >= 2
        log = phases.decision_log(p)
        assert sum(e.kind == "decision" for e in log) == 2
        assert any(e.kind == "change" and "Merged theme" in e.summary for e in log)
        assert check_project(p) == []


def test_sample_mapping_onto_the_wirral_strategy(sample_path: Path) -> None:
    from qualcode.services.frameworks.frameworks import list_frameworks
    from qualcode.services.frameworks.matrices import CROSS_CUTTING, NOT_MAPPED, theme_item_matrix
    from qualcode.services.reports.attribution import attributions
    from qualcode.services.samples.samples_mapping import LINKS

    with Project.open(sample_path) as p:
        [wirral] = list_frameworks(p)
        assert (wirral.name, wirral.priorities, wirral.items) == (
            "Wirral Drugs Strategy 2023-2027", 5, 33,
        )  # fmt: skip
        assert wirral.links == sum(len(v) for v in LINKS.values())
        tree = {n.id: n for root in theme_tree(p) for n in root.walk()}
        m = theme_item_matrix(p, wirral.id, quotes=True)
        names = {r.name: r.theme_id for r in m.rows}
        unmapped = [r.name for r in m.rows if m.cell(r.theme_id, NOT_MAPPED).extracts]
        assert unmapped == ["Miscellaneous"]
        crossing = [r.name for r in m.rows if m.cell(r.theme_id, CROSS_CUTTING).strength]
        assert crossing == ["Being believed"]  # its sub-theme has links of its own
        strengths = {m.cell(t, c.key).strength for t in names.values() for c in m.columns}
        assert {"primary", "secondary"} <= strengths
        for row in m.rows:
            node = tree[row.theme_id]
            for col in m.columns:
                cell = m.cell(row.theme_id, col.key)
                if cell.strength or (col.key == NOT_MAPPED and cell.extracts):
                    assert (cell.extracts, cell.documents, cell.participants) == (
                        node.extracts, node.documents, node.participants,
                    )  # fmt: skip
        quotes = [q for c in m.cells.values() for q in c.quotes]
        assert quotes
        with p.read() as s:
            stored = {c: a for c, a in s.execute(select(Quote.coding_id, Quote.attribution))}
        labels = attributions(p, stored)
        assert all(stored[q.coding_id] == q.attribution == labels[q.coding_id] for q in quotes)
        # people without gender and age fall back to their role and the document's kind
        roles = ("(Lived experience, ", "(Family member or carer, ", "(Professional, ")
        assert any(label.startswith(roles) for label in labels.values())
