"""Attribution labels follow the project's template, fall back when a value is missing, and are
the same for a coding whichever way they are asked for (one, a batch, a matrix, a theme sheet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.documents import cases
from qualcode.services.frameworks.framework_links import link_theme
from qualcode.services.frameworks.matrices import theme_item_matrix
from qualcode.services.reports.attribution import (
    DEFAULT_FALLBACK,
    attribution_for,
    attribution_template,
    attributions,
    normalise_name,
    placeholders,
    render,
    set_attribution_template,
)
from qualcode.services.reports.report_sheets import codebook_rows, theme_sheets
from qualcode.services.themes import themes
from qualcode.storage.project import Project
from tests.frameworks.world import World, add_codings, build, link_codes


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build(tmp_path / "w.qcproj", tmp_path)


def test_normalised_names_and_render() -> None:
    assert normalise_name("Age band") == "age_band"
    assert normalise_name("Age-band ") == "age_band"
    assert normalise_name("What is your age?") == "what_is_your_age"
    values = {"gender": "Female", "age_band": "40-55", "kind": "Survey"}
    assert render("({gender}, aged {Age band})", "(x)", values) == "(Female, aged 40-55)"
    assert render("({role})", "(Participant, {kind})", values) == "(Participant, Survey)"
    assert render("({role})", "({method})", values) == DEFAULT_FALLBACK
    assert render("{{{gender}}}", "", values) == "{Female}"


def test_templates_fallbacks_and_consistency(world: World) -> None:
    with Project.open(world.path) as p:
        # lines 1, 2, 3 of D0 are spoken by Ben, Cat, Facilitator; line 7 has no speaker
        add_codings(p, world, [(0, 1, 0), (0, 2, 0), (0, 3, 0), (0, 7, 0)], {0, 1, 3})
        site = cases.define_attribute(p, "Site-name", "text", scope="document").entity_id or 0
        cases.set_attribute_value(p, site, "Harbour", document_id=world.docs[0])
        ids = [c for c, *_rest in world.codings]
        assert attribution_template(p) == ("({speaker})", DEFAULT_FALLBACK)
        assert attributions(p, ids) == {
            ids[0]: "(Ben)", ids[1]: "(Cat)", ids[2]: "(Facilitator)", ids[3]: "(Participant)"
        }  # fmt: skip
        assert {"speaker", "document", "kind", "role", "site_name"} <= set(placeholders(p))
        with pytest.raises(ValidationError, match=r"Unknown placeholder \{gender\}"):
            set_attribution_template(p, "({gender})")
        with pytest.raises(ValidationError, match="unbalanced"):
            set_attribution_template(p, "({role)")
        set_attribution_template(p, "({Role}, {kind}, {site_name})", "({speaker}, {document})")
        labels = attributions(p, [*ids, 999_999])
        assert labels == {
            ids[0]: "(Staff, Interview, Harbour)",
            ids[1]: "(Cat, D0)",  # Cat has no role
            ids[2]: "(Staff, Interview, Harbour)",
            ids[3]: "(Participant)",  # no speaker, no role: the fallback lacks one too
        }
        for cid in ids:
            assert attribution_for(p, cid) == labels[cid]
        with pytest.raises(NotFoundError):
            attribution_for(p, 999_999)
        trust = world.themes[0]
        link_codes(p, {(trust, world.codes[0])})
        link_theme(p, trust, world.items["P1"])
        cell = theme_item_matrix(p, world.framework, quotes=True).cell(trust, "P1")
        assert {q.coding_id: q.attribution for q in cell.quotes} == {
            i: labels[i] for i in (ids[0], ids[1], ids[3])
        }
        sheet = next(t for t in theme_sheets(p) if t.theme_id == trust)
        assert [q.attribution for q in sheet.quotes] == [q.attribution for q in cell.quotes]
        assert sheet.links == ["Mini strategy: P1 (primary)"]
        set_attribution_template(p, "", "")
        assert attribution_template(p) == ("({speaker})", DEFAULT_FALLBACK)


def test_codebook_rows_count_by_attribute(world: World) -> None:
    with Project.open(world.path) as p:
        # speakers: D0 line 1 Ben (Staff), line 4 Amy (Peer), line 3 Facilitator (Staff)
        add_codings(p, world, [(0, 1, 0), (0, 4, 0), (0, 3, 0), (1, 1, 1)], set())
        themes.link_code(p, world.themes[0], world.codes[0])
        rows = {r.path: r for r in codebook_rows(p, "role")}
    c0 = rows["c0"]
    assert (c0.extracts, c0.documents, c0.participants) == (3, 1, 2)
    assert c0.themes == ["Trust"]
    assert c0.by_value == {"Peer": 1, "Staff": 2, "No value": 0}
    assert rows["c1"].extracts == 1 and rows["c4"].extracts == 0
