"""Issue 18's whole story on the sample project: pseudonymise every participant's name and a
place, redact where a group met, edit a key quote, withdraw one participant. After each step every
remaining coding is on the same words (with that step's change made); at the end the file holds
none of the removed words, and the quote bank carries the edited quote with a pseudonymised
attribution."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from sqlalchemy import select

from qualcode.domain.replacements import replace_all
from qualcode.services.project.inspect import check_project
from qualcode.services.protection.pseudonymise import pseudonymise
from qualcode.services.protection.quotes import edit_quote
from qualcode.services.protection.redact import redact
from qualcode.services.protection.withdraw import withdraw
from qualcode.services.reports.reports import export_quote_bank
from qualcode.storage.models import Case, Coding, Document, Part, Quote
from qualcode.storage.project import Project


def coded(project: Project) -> dict[int, str]:
    with project.read() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        rows = s.execute(select(Coding.id, Coding.document_id, Coding.start, Coding.end))
        return {i: texts[d][a:b] for i, d, a, b in rows}


def word(text: str) -> re.Pattern[bytes]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)".encode())


def test_pseudonymise_redact_edit_withdraw(sample_path: Path, tmp_path: Path) -> None:
    with Project.open(sample_path) as p:
        with p.read() as s:
            names = sorted(
                n
                for (n,) in s.execute(select(Case.name).where(Case.is_facilitator.is_(False)))
                if re.fullmatch(r"[A-Z][a-z]+", n)
            )
        mapping = {n: f"Participant {i}" for i, n in enumerate(names, 1)} | {"Eastport": "[town]"}

        before = coded(p)  # 1. pseudonymise
        pseudonymise(p, mapping)
        after = coded(p)
        assert all(after[i] == replace_all(t, mapping) for i, t in before.items())

        venue = "upstairs meeting room"  # 2. redact (said once in the project)
        assert sample_path.read_bytes().count(venue.encode()) == 1
        with p.read() as s:
            doc_id, text = s.execute(
                select(Document.id, Document.text).where(Document.text.contains(venue))
            ).first() or (None, "")
        assert doc_id is not None
        before = coded(p)
        at = text.index(venue)
        redact(p, doc_id, at, at + len(venue), "[place removed]")
        after = coded(p)
        assert all(after[i] == t.replace(venue, "[place removed]") for i, t in before.items())

        with p.read() as s:  # 3. edit a key quote: a cut, marked [...]
            quote_id, doc, start, end = s.execute(
                select(Quote.id, Quote.document_id, Quote.start, Quote.end).where(Quote.is_key)
            ).first() or (None, None, 0, 0)
            assert quote_id is not None
            verbatim = s.scalar(select(Document.text).where(Document.id == doc))[start:end]
        words = verbatim.split()
        assert len(words) > 6
        edited = " ".join(words[:3]) + " [...] " + " ".join(words[-3:])
        edit_quote(p, quote_id, edited)

        with p.read() as s:  # 4. withdraw a participant who speaks in a focus group
            case_id, name = s.execute(
                select(Case.id, Case.name)
                .join(Part, Part.case_id == Case.id)
                .join(Document, Document.id == Part.document_id)
                .where(Document.name == "focus-group-20-35", Case.is_facilitator.is_(False))
            ).first() or (None, "")
            spoken = [
                t[a:b]
                for t, a, b in s.execute(
                    select(Document.text, Part.start, Part.end)
                    .join(Part, Part.document_id == Document.id)
                    .where(Part.case_id == case_id)
                )
            ]
        assert case_id is not None and name.startswith("Participant")
        before = coded(p)
        withdraw(p, case_id)
        after = coded(p)
        assert all(t == before[i] or t in before[i] for i, t in after.items())
        assert check_project(p) == []
        bank = tmp_path / "quotes.docx"
        export_quote_bank(p, bank, None, "key", "italic")
        p.vacuum()

    raw = sample_path.read_bytes()
    for real in mapping:
        assert word(real).search(raw) is None, real
    assert venue.encode() not in raw
    for turn in spoken:
        if len(turn) > 30:
            assert turn[:30].encode() not in raw
    printed = "\n".join(par.text for par in docx.Document(str(bank)).paragraphs)
    assert edited in printed or edited.replace("[...]", "[…]") in printed
    assert not any(word(real).search(printed.encode()) for real in names)
