"""A hand-built report with the awkward cases real projects produce, shared by the writer tests."""

from __future__ import annotations

import datetime as dt

import pytest

from qualcode.exporters.report_model import (
    CROSS_CUTTING,
    NOT_MAPPED,
    Cell,
    CodebookEntry,
    MatrixColumn,
    MatrixReport,
    MatrixRow,
    QuoteCell,
    ThemeSheet,
    Workbook,
)

LONG = "I waited and waited. " * 2000  # 42,000 characters: over Excel's 32,767 limit
Q_STIGMA = QuoteCell(
    "They look at you like you're nothing\x07, like you don't matter.",
    "(Female, aged 40-55)",
    "FG1 Birkenhead",
    "turn 14",
)
Q_WAIT = QuoteCell(
    "Six weeks for a phone call back.", "(Lived Experience Interview)", "Interview 3", "00:12:03"
)
Q_FORMULA = QuoteCell(
    "=SUM(A1) is what they reduce us to", "(CGL staff member, Survey)", "Survey", "Q3"
)
Q_LONG = QuoteCell(LONG, "(Focus group participant)", "FG2", "turn 2")
Q_TRUST = QuoteCell(
    "My keyworker actually listens [to me].", "(Male, aged 20-35)", "Interview 7", "turn 40"
)


def build_matrix(measures: list[str]) -> MatrixReport:
    rows = [
        MatrixRow("t1", "Stigma", 0, "defined", "Being judged\x0b for using drugs"),
        MatrixRow("t1a", "Stigma from services", 1, "reviewed"),
        MatrixRow("t1a1", "At the pharmacy", 2),
        MatrixRow("t2", "Waiting for treatment", 0, "final"),
        MatrixRow("t3", "Trust in keyworkers", 0),
        MatrixRow("t4", "Miscellaneous", 0, "candidate"),
    ]
    columns = [
        MatrixColumn("p1", "Building a positive culture", "P1"),
        MatrixColumn("p2", "Treatment and recovery", "P2"),
        MatrixColumn(NOT_MAPPED, "Not mapped"),
        MatrixColumn(CROSS_CUTTING, "Cross-cutting"),
    ]
    cells = {
        ("t1", "p1"): Cell(12, 5, 4, "primary", [Q_STIGMA, Q_FORMULA]),
        ("t1a", "p1"): Cell(1, 1, 1, "secondary", [Q_LONG]),
        ("t1a1", "p2"): Cell(3, 2, 2, "secondary"),
        ("t2", "p2"): Cell(7, 3, 3, "primary", [Q_WAIT]),
        ("t3", CROSS_CUTTING): Cell(4, 2, 2, "", [Q_TRUST]),
        ("t4", NOT_MAPPED): Cell(2, 2, 1),
        ("t4", "p1"): Cell(),  # all zero: shown empty
    }
    return MatrixReport(
        project="Wirral Drugs Study",
        title="Themes by priority: Wirral Drugs Strategy 2023-27",
        framework="Wirral Drugs Strategy 2023-2027",
        level="priority",
        measures=measures,
        rows=rows,
        columns=columns,
        cells=cells,
        generated=dt.datetime(2024, 5, 2, 14, 30),
        notes={"participants": "Distinct pseudonymised participants."},
        totals={"t1": Cell(20, 7, 6), "t1a": Cell(1, 1, 1), "t1a1": Cell(3, 2, 2)},
    )


def build_themes() -> list[ThemeSheet]:
    return [
        ThemeSheet(
            "Waiting for treatment",
            "final",
            "Delays between asking and getting help.",
            "Time as a barrier",
            "Waits, queues; not cost.",
            ["Access / Waiting"],
            [Q_WAIT],
            ["P2"],
        ),
        ThemeSheet(
            "Stigma",
            "defined",
            "Being judged for using drugs.",
            "Shame",
            "All settings",
            ["Stigma / Services", "Stigma / Family"],
            [Q_STIGMA, Q_FORMULA],
            ["P1", "P2"],
        ),
        ThemeSheet("Quotes", "candidate", "A theme unluckily named like a sheet.", "", "", [], []),
        ThemeSheet("Access [draft]: what/why?*", "candidate", "Bad characters.", "", "", [], []),
        ThemeSheet("Trust", "reviewed", "First of two.", "", "", [], [Q_TRUST], ["P10"]),
        ThemeSheet("trust", "reviewed", "Second, differs only by case.", "", "", [], [], ["P3.2"]),
        ThemeSheet(
            "A very long theme name that cannot possibly fit in a sheet tab",
            "candidate",
            "Too long.",
            "",
            "",
            [],
            [],
        ),
        ThemeSheet(
            "A very long theme name that cannot possibly fit in a sheet tab, again",
            "candidate",
            "Too long and same prefix.",
            "",
            "",
            [],
            [],
        ),
    ]


def build_book(measures: list[str] | None = None) -> Workbook:
    measures = measures or ["extracts", "documents", "participants", "strength", "quotes"]
    return Workbook(
        matrix=build_matrix(measures),
        quotes=[("Waiting for treatment", "P2", Q_WAIT), ("Stigma", "P1", Q_STIGMA)],
        codebook=[
            CodebookEntry(
                "Access / Waiting",
                "Any wait\x01 for help",
                ["Waiting for treatment"],
                9,
                4,
                3,
                {"Female": 5, "Male": 4},
            ),
            CodebookEntry(
                "Stigma / Services",
                "Judged by staff",
                ["Stigma"],
                6,
                3,
                3,
                {"Male": 2, "Prefer not to say": 1},
            ),
        ],
        codebook_attribute="Gender",
        themes=build_themes(),
    )


@pytest.fixture
def book() -> Workbook:
    return build_book()
