"""Each survey tool's export layout, from small fictional files written here in that tool's
published layout: the respondents, questions, typed attributes and answers a researcher would
check after importing, and the user's column roles overriding the guess."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.importers.detect import ImportOptions, load_file
from qualcode.importers.model import FileImportError, ImportBatch

QUALTRICS_META = [
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage",
]  # fmt: skip
QUALTRICS_LABELS = [
    "Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
    "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
    "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
    "Distribution Channel", "User Language",
]  # fmt: skip
Q_TEXTS = {
    "Q1": "How old are you?",
    "Q2": "What helped you most when you first asked for support?",
    "Q3": "Which service did you contact first? - Selected Choice",
    "Q3_4_TEXT": "Which service did you contact first? - Other (please specify) - Text",
    "Q4": "Which of these have you used? (tick all that apply)",
    "Q5": "Is there anything else you would like to tell us?",
}
QUALTRICS_ROWS = [
    ("R_2xFq9LmA01", "34", "A volunteer at the drop-in sat with me and filled in the forms.",
     "Drop-in centre", "", "Food bank,Advice centre", "Keep the evening sessions."),
    ("R_2xFq9LmA02", "51", "My GP listened and rang the service while I was still there.",
     "GP surgery", "", "Advice centre", ""),
    ("R_2xFq9LmA03", "27", "Being able to text rather than phone, because calls make me anxious.",
     "Other (please specify)", "My sister's support worker", "Food bank,Advice centre,Library",
     "The website was out of date\nand listed a closed office."),
    ("R_2xFq9LmA04", "45", "Nothing at first; it took three referrals before anyone called back.",
     "Helpline", "", "Food bank", "N/A"),
    ("R_2xFq9LmA05", "62", "A leaflet in the pharmacy with a named person to ask for.",
     "GP surgery", "", "", ""),
    ("R_2xFq9LmA06", "19", "My tutor at college knew the youth worker and introduced us.",
     "Drop-in centre", "", "Library,Food bank", "More things for young people, please."),
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def ids(batch: ImportBatch) -> list[str]:
    instrument = next(iter(batch.cases.values())).attributes["instrument"]
    return [c.name.removeprefix(f"{instrument} ") for c in batch.cases.values()]


def questions(batch: ImportBatch) -> list[tuple[str, str]]:
    return [(q.label, q.text) for q in batch.questions.values()]


def attributes(batch: ImportBatch) -> dict[str, str]:
    return {k: v for k, v in batch.attribute_types.items() if k != "instrument"}


def answers(batch: ImportBatch, label: str) -> list[tuple[str, str]]:
    """(case name, exact answer) for every answer to the question labelled ``label``."""
    out = []
    for doc in batch.documents:
        for p in doc.parts:
            assert p.question is not None and p.speaker is not None
            if batch.questions[p.question].label == label:
                out.append((batch.cases[p.speaker].name, doc.text[p.start : p.end]))
    return out


def column(batch: ImportBatch, name: str) -> list[str]:
    return [c.attributes.get(name, "") for c in batch.cases.values()]


def qualtrics_file(tmp_path: Path) -> Path:
    codes = [*QUALTRICS_META, *Q_TEXTS]
    import_ids = [json.dumps({"ImportId": c[0].lower() + c[1:]}) for c in QUALTRICS_META]
    import_ids += [json.dumps({"ImportId": "QID" + c[1:]}) for c in Q_TEXTS]
    rows = [codes, [*QUALTRICS_LABELS, *Q_TEXTS.values()], import_ids]
    for n, (rid, *answers_) in enumerate(QUALTRICS_ROWS):
        meta = [f"2024-05-0{n + 1} 09:00:00", f"2024-05-0{n + 1} 09:14:00", "IP Address",
                f"192.0.2.{n + 10}", "100", str(600 + n), "True", "2024-05-01 09:14:00", rid,
                "", "", "", "", "51.5", "-0.1", "anonymous", "EN"]  # fmt: skip
        rows.append([*meta, *answers_])
    return write_csv(tmp_path / "qualtrics.csv", rows)


def test_qualtrics_three_header_rows(tmp_path: Path) -> None:
    batch = load_file(qualtrics_file(tmp_path))
    assert batch.layout == "Qualtrics CSV (3 header rows)"
    assert ids(batch) == [r[0] for r in QUALTRICS_ROWS]
    assert questions(batch) == [
        ("Q2", Q_TEXTS["Q2"]),
        ("Q3 other", Q_TEXTS["Q3_4_TEXT"]),
        ("Q5", Q_TEXTS["Q5"]),
    ]
    assert attributes(batch) == {
        "How old are you?": "number",
        "Which service did you contact first?": "category",
        "Which of these have you used? (tick all that apply) - Food bank": "boolean",
        "Which of these have you used? (tick all that apply) - Advice centre": "boolean",
        "Which of these have you used? (tick all that apply) - Library": "boolean",
    }
    assert batch.attribute_options["Which service did you contact first?"] == [
        "Drop-in centre",
        "GP surgery",
        "Other (please specify)",
        "Helpline",
    ]
    food = "Which of these have you used? (tick all that apply) - Food bank"
    assert column(batch, food) == ["true", "false", "true", "true", "", "true"]
    assert column(batch, "How old are you?") == ["34", "51", "27", "45", "62", "19"]
    assert answers(batch, "Q3 other") == [("qualtrics R_2xFq9LmA03", "My sister's support worker")]
    assert answers(batch, "Q5")[1] == (
        "qualtrics R_2xFq9LmA03",
        "The website was out of date\nand listed a closed office.",
    )
    assert len(answers(batch, "Q2")) == 6
    roles = batch.column_roles
    assert [c for c, r in roles.items() if r == "ignored"] == [
        m for m in QUALTRICS_LABELS if m != "Response ID"
    ]
    assert roles["Response ID"] == "id"
    assert all(d.provenance["layout"] == batch.layout for d in batch.documents)


def test_qualtrics_legacy_two_rows_with_a_trailing_empty_header(tmp_path: Path) -> None:
    codes = [f"V{i}" for i in range(1, 11)] + ["Q1", "Q2", "Q3", ""]
    labels = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
              "IPAddress", "Status", "StartDate", "EndDate", "Finished",
              "Which area do you live in?", "What would make local services easier to use?",
              "Have you used a council service in the last year?", ""]  # fmt: skip
    answers_ = [
        ("North", "Opening hours after work, and someone who answers the phone.", "Yes"),
        ("South", "Fewer forms. I gave the same details four times last spring.", "No"),
        ("North", "", "Yes"),
        ("East", "A single number to call instead of a list of departments.", "Yes"),
        ("South", "Letters in plain English; I had to ask a neighbour to explain one.", "No"),
    ]
    rows = [codes, labels]
    for n, (area, text, used) in enumerate(answers_, start=1):
        rows.append([f"R_legacy{n}", "Default Response Set", "Anonymous", "", "",
                     f"198.51.100.{n}", "0", "2015-03-02 10:00:00", "2015-03-02 10:09:00", "1",
                     area, text, used, ""])  # fmt: skip
    batch = load_file(write_csv(tmp_path / "legacy.csv", rows))
    assert batch.layout == "Qualtrics CSV (legacy, 2 header rows)"
    assert ids(batch) == [f"R_legacy{n}" for n in range(1, 6)]
    assert questions(batch) == [("Q2", "What would make local services easier to use?")]
    assert attributes(batch) == {
        "Which area do you live in?": "category",
        "Have you used a council service in the last year?": "boolean",
    }
    assert column(batch, "Have you used a council service in the last year?") == [
        "true", "false", "true", "true", "false"
    ]  # fmt: skip
    assert len(answers(batch, "Q2")) == 4


GOOGLE_HEADER = [
    "Timestamp",
    "  What is your age group? ",
    "Which services have you heard of?",
    "Which statement is closest to your view?",
    "What would you change about support in your area?  ",
]
AGREE = "Services in my area are easy to find and I know who to ask for help"
UNSURE = "I know some services exist but I would not know how to contact them"
GOOGLE_ROWS = [
    ["2024/06/03 10:15:02 AM GMT+1", "25-34", "Food bank, Advice centre", AGREE,
     "More drop-in times.\nEvenings especially."],
    ["2024/06/03 11:40:45 AM GMT+1", "35-44", "Advice centre", UNSURE,
     "A list on the library noticeboard that is kept up to date."],
    ["2024/06/03 12:02:10 PM GMT+1", "25-34", "Food bank, Advice centre, Youth club", UNSURE,
     "Someone at the school gate once a week."],
    ["2024/06/04 09:05:33 AM GMT+1", "45-54", "Food bank", AGREE, ""],
    ["2024/06/04 09:30:00 AM GMT+1", "35-44", "Youth club, my cousin's church group on Fridays",
     UNSURE, "Transport: the bus to the centre stopped running last year."],
    ["2024/06/05 08:12:19 PM GMT+1", "18-24", "Advice centre, Food bank", UNSURE,
     "Free wifi at the centre so I can fill in forms."],
]  # fmt: skip


def test_google_forms_generated_ids_checkboxes_and_long_options(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "google.csv", [GOOGLE_HEADER, *GOOGLE_ROWS])
    batch = load_file(path)
    assert batch.layout == "Google Forms CSV"
    assert ids(batch) == ["R001", "R002", "R003", "R004", "R005", "R006"]
    assert questions(batch) == [("Q1", "What would you change about support in your area?")]
    heard = "Which services have you heard of?"
    assert attributes(batch) == {
        "What is your age group?": "category",
        f"{heard} - Food bank": "boolean",
        f"{heard} - Advice centre": "boolean",
        f"{heard} - Youth club": "boolean",
        f"{heard} - Other": "text",
        "Which statement is closest to your view?": "category",
    }
    assert batch.attribute_options["Which statement is closest to your view?"] == [AGREE, UNSURE]
    assert column(batch, f"{heard} - Youth club") == ["false", "false", "true", "false", "true",
                                                      "false"]  # fmt: skip
    assert column(batch, f"{heard} - Other")[4] == "my cousin's church group on Fridays"
    assert answers(batch, "Q1")[0] == ("google R001", "More drop-in times.\nEvenings especially.")
    assert len(answers(batch, "Q1")) == 5
    assert batch.column_roles["Timestamp"] == "ignored"


def test_microsoft_forms_workbook(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
               "Which team are you in?", "How many years have you worked here?",
               "Which tools do you use?", "What gets in the way of your work?"])  # fmt: skip
    teams = ["Outreach", "Housing", "Outreach", "Admin", "Housing"]
    years = [3, 12, 1, 7, 20]
    tools = ["Case system;Shared drive;", "Case system;", "Shared drive;Phone app;",
             "Case system;Shared drive;", "Phone app;Case system;"]  # fmt: skip
    gaps = [
        "Duplicate data entry between the case system and the spreadsheet.",
        "Waiting for landlords to return calls, sometimes for weeks.",
        "Poor signal on the estates, so the phone app does not sync.",
        "",
        "Referral forms from other agencies arrive incomplete.",
    ]
    for n in range(5):
        start = dt.datetime(2024, 7, 1 + n, 9, 30)
        ws.append([n + 1, start, start + dt.timedelta(minutes=8), "anonymous", "", None,
                   teams[n], years[n], tools[n], gaps[n] or None])  # fmt: skip
    wb.save(tmp_path / "msforms.xlsx")
    batch = load_file(tmp_path / "msforms.xlsx")
    assert batch.layout == "Microsoft Forms"
    assert ids(batch) == ["1", "2", "3", "4", "5"]
    assert questions(batch) == [("Q1", "What gets in the way of your work?")]
    assert attributes(batch) == {
        "Which team are you in?": "category",
        "How many years have you worked here?": "number",
        "Which tools do you use? - Case system": "boolean",
        "Which tools do you use? - Shared drive": "boolean",
        "Which tools do you use? - Phone app": "boolean",
    }
    assert column(batch, "Which tools do you use? - Phone app") == [
        "false", "false", "true", "false", "true"
    ]  # fmt: skip
    assert len(answers(batch, "Q1")) == 4


def surveymonkey_file(tmp_path: Path) -> Path:
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
           "Email Address", "First Name", "Last Name", "Custom Data 1", "What is your role?",
           "Which services have you referred people to?", "", "",
           "What one change would help your clients most?"]  # fmt: skip
    sub = ["", "", "", "", "", "", "", "", "", "Response", "Housing advice", "Debt advice",
           "Other (please specify)", "Open-Ended Response"]  # fmt: skip
    data = [
        ("Support worker", "Housing advice", "", "", "Longer appointments for first visits."),
        ("Nurse", "Housing advice", "Debt advice", "", "A named contact at the council."),
        ("Support worker", "", "", "Food parcels", "Help with travel costs to appointments."),
        ("Manager", "", "", "", ""),
        ("Nurse", "", "Debt advice", "", "Interpreters who can come at short notice."),
    ]
    rows = [top, sub]
    for n, answers_ in enumerate(data, start=1):
        rows.append([str(11800000 + n), "4420001", "06/10/2024 09:00:00", "06/10/2024 09:10:00",
                     f"203.0.113.{n}", "", "", "", "", *answers_])  # fmt: skip
    return write_csv(tmp_path / "monkey.csv", rows)


def test_surveymonkey_two_header_rows_with_other(tmp_path: Path) -> None:
    batch = load_file(surveymonkey_file(tmp_path))
    assert batch.layout == "SurveyMonkey (2 header rows)"
    assert ids(batch) == [str(11800000 + n) for n in range(1, 6)]
    referred = "Which services have you referred people to?"
    assert questions(batch) == [
        ("Q1", f"{referred} - Other (please specify)"),
        ("Q2", "What one change would help your clients most?"),
    ]
    assert attributes(batch) == {
        "What is your role?": "category",
        f"{referred} - Housing advice": "boolean",
        f"{referred} - Debt advice": "boolean",
    }
    # ticked, not ticked though the question was answered, or not answered at all
    assert column(batch, f"{referred} - Debt advice") == ["false", "true", "", "", "true"]
    assert answers(batch, "Q1") == [("monkey 11800003", "Food parcels")]
    assert len(answers(batch, "Q2")) == 4


def test_limesurvey_codes_subquestions_and_other(tmp_path: Path) -> None:
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "Q01", "Q02[SQ001]",
              "Q02[SQ002]", "Q02[SQ003]", "Q02[other]", "Q03"]  # fmt: skip
    data = [
        ("Tenant", "Yes", "", "Yes", "", "Repairs take months and nobody tells us why."),
        ("Leaseholder", "", "Yes", "", "Residents' newsletter", "Clearer service charge bills."),
        ("Tenant", "Yes", "Yes", "", "", "A caretaker on site again, like there used to be."),
        ("Tenant", "", "", "", "", ""),
        ("Leaseholder", "Yes", "", "", "", "Somewhere to report problems online."),
    ]
    rows = [header]
    for n, answers_ in enumerate(data, start=1):
        rows.append([str(n), f"2024-09-0{n} 18:22:01", "3", "en", str(1000 + n), *answers_])
    batch = load_file(write_csv(tmp_path / "lime.csv", rows))
    assert batch.layout == "LimeSurvey CSV"
    assert ids(batch) == ["1", "2", "3", "4", "5"]
    assert questions(batch) == [("Q02 other", "Q02[other]"), ("Q03", "Q03")]
    assert attributes(batch) == {
        "Q01": "category",
        "Q02[SQ001]": "boolean",
        "Q02[SQ002]": "boolean",
        "Q02[SQ003]": "boolean",
    }
    assert column(batch, "Q02[SQ002]") == ["false", "true", "true", "", "false"]
    assert answers(batch, "Q02 other") == [("lime 2", "Residents' newsletter")]


def test_jotform_submission_id(tmp_path: Path) -> None:
    header = [
        "Submission Date",
        "Which borough do you live in?",
        "How satisfied are you with the service?",
        "Please tell us why",
        "Submission ID",
    ]
    data = [
        ("Riverside", "Satisfied", "Staff were kind and the room was warm."),
        ("Hillgate", "Very dissatisfied", "I waited two hours and was sent home."),
        ("Riverside", "Satisfied", "Quick and I left with a plan."),
        ("Hillgate", "Neutral", ""),
    ]
    rows = [header]
    for n, (borough, rating, why) in enumerate(data, start=1):
        rows.append([f"Oct 0{n}, 2024", borough, rating, why, f"58013770{n}1234567890"])
    batch = load_file(write_csv(tmp_path / "jot.csv", rows))
    assert batch.layout == "JotForm CSV"
    assert ids(batch) == [f"58013770{n}1234567890" for n in range(1, 5)]
    assert questions(batch) == [("Q1", "Please tell us why")]
    assert attributes(batch) == {
        "Which borough do you live in?": "category",
        "How satisfied are you with the service?": "category",
    }
    assert len(answers(batch, "Q1")) == 3


def test_user_roles_override_the_guess(tmp_path: Path) -> None:
    path = qualtrics_file(tmp_path)
    # Q1 was guessed an attribute and Response ID the id: naming them otherwise wins, no clash.
    batch = load_file(
        path, ImportOptions(question_columns=["Q1", "Q2"], attribute_columns=["Response ID"])
    )
    assert questions(batch) == [("Q1", Q_TEXTS["Q1"]), ("Q2", Q_TEXTS["Q2"])]
    assert "Response ID" in batch.attribute_types
    assert "How old are you?" not in batch.attribute_types
    assert ids(batch)[:2] == ["R001", "R002"]  # the id became an attribute: ids are generated
    batch = load_file(path, ImportOptions(id_column="IP Address"))
    assert ids(batch)[0] == "192.0.2.10"
    assert batch.column_roles["Response ID"] == "ignored"  # a metadata column once not the id
    with pytest.raises(FileImportError, match="chosen more than once"):
        load_file(path, ImportOptions(question_columns=["Q2"], attribute_columns=["Q2"]))


def test_plain_table_is_unchanged(tmp_path: Path) -> None:
    rows = [["Participant", "Town", "What would help?"]] + [
        [f"P{n}", town, f"Answer {n}: a bus that runs after six so I can get to the group."]
        for n, town in enumerate(["Ashby", "Brill", "Ashby", "Corby"], start=1)
    ]
    batch = load_file(write_csv(tmp_path / "plain.csv", rows))
    assert batch.layout == "Table (1 header row)"
    assert ids(batch) == ["P1", "P2", "P3", "P4"]
    assert attributes(batch) == {"Town": "category"}


def test_typed_attributes_and_category_options_are_written(tmp_path: Path) -> None:
    from sqlalchemy import select

    from qualcode.services.documents.imports import import_batches
    from qualcode.storage.models import Attribute
    from qualcode.storage.project import Project

    project = Project.create(tmp_path / "study.qcproj")
    try:
        import_batches(project, [load_file(qualtrics_file(tmp_path))])
        # a second wave offers a new option: the category grows instead of the import failing
        wave2 = tmp_path / "wave2"
        wave2.mkdir()
        path = qualtrics_file(wave2)
        text = path.read_text(encoding="utf-8").replace("GP surgery", "Pharmacy")
        path.write_text(text.replace("R_2xFq9LmA0", "R_wave2_"), encoding="utf-8")
        import_batches(project, [load_file(path, ImportOptions(instrument="qualtrics"))])
        with project.read() as s:
            rows = {a.name: (a.type, a.options) for a in s.scalars(select(Attribute))}
    finally:
        project.close()
    assert rows["How old are you?"] == ("number", None)
    assert rows["Which of these have you used? (tick all that apply) - Library"][0] == "boolean"
    kind, options = rows["Which service did you contact first?"]
    assert kind == "category"
    assert json.loads(options or "[]") == [
        "Drop-in centre",
        "GP surgery",
        "Other (please specify)",
        "Helpline",
        "Pharmacy",
    ]


def test_cli_column_options_override_the_guess(tmp_path: Path) -> None:
    from tests.test_cli import qc

    path = qualtrics_file(tmp_path)
    r = qc(
        "import", str(tmp_path / "none.qcproj"), str(path), "--preview",
        "--question-column", "Q1", "--question-column", "Q2", "--id-column", "IP Address",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "question Q1: How old are you?" in r.stdout
    assert "case 'qualtrics 192.0.2.10'" in r.stdout
