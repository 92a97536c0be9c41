# Long lines below are verbatim quotes and survey answers.
# ruff: noqa: E501
"""Build QualCode's fictional sample input files.

Run from the repository root:

    .venv/bin/python tools/make_samples.py

Every file is written from text in ``tools/sample_sources/*.txt`` or from the data tables in this script.
Output is deterministic: fixed document dates, fixed zip entry timestamps, no random numbers.
All people, places and organisations are invented.  The script finishes by writing
``samples/expected.json`` (the counts an importer test can assert) and printing a summary.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import zipfile
from collections import Counter, OrderedDict
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
HERE = TOOLS.parent / "samples"  # where the sample files are written
SRC = TOOLS / "sample_sources"
FIXED = dt.datetime(2023, 7, 3, 9, 30, 0)  # every embedded document date
FIXED_ISO = "2023-07-03T09:30:00Z"
AUTHOR = "QualCode sample data (fictional)"
EXPECTED: dict[str, dict] = OrderedDict()


# --------------------------------------------------------------------------- helpers


def src_lines(name: str) -> list[str]:
    """Lines of tools/sample_sources/<name>, without the leading '# ' comment lines."""
    lines = (SRC / name).read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return lines


def normalise_zip(path: Path) -> None:
    """Rewrite a zip-based document with fixed entry timestamps and fixed core-property dates."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info, data in entries:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{FIXED_ISO}\g<2>",
                    text,
                )
                text = re.sub(
                    r"(<(?:meta:creation-date|dc:date)>)[^<]*(</)",
                    r"\g<1>2023-07-03T09:30:00\g<2>",
                    text,
                )
                data = text.encode("utf-8")
            new = zipfile.ZipInfo(info.filename, date_time=(2023, 7, 3, 9, 30, 0))
            new.compress_type = info.compress_type
            new.external_attr = 0o644 << 16
            new.create_system = 0
            zout.writestr(new, data)
    path.write_bytes(buf.getvalue())


def docx_new(title: str):
    import docx

    doc = docx.Document()
    cp = doc.core_properties
    cp.title = title
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    cp.comments = "Fictional sample data for QualCode."
    return doc


def add_turn_paragraph(doc, speaker: str, text: str, sep: str = ": "):
    p = doc.add_paragraph()
    p.add_run(speaker + sep.rstrip()).bold = True
    p.add_run(" " + text if sep.endswith(" ") else text)
    return p


def count_turns(turns: list[tuple[str, str]]) -> dict:
    """Per-speaker counts for a list of (speaker, text) turns, in first-appearance order."""
    per = Counter(s for s, _ in turns)
    order = list(OrderedDict.fromkeys(s for s, _ in turns))
    return {"total_turns": len(turns), "turns_per_speaker": {s: per[s] for s in order}}


def merge_consecutive(turns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for s, t in turns:
        if out and out[-1][0] == s:
            out[-1] = (s, out[-1][1] + " " + t)
        else:
            out.append((s, t))
    return out


def ts(seconds: float, sep: str = ".") -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def cue_times(texts: list[str], start: float = 1.0) -> list[tuple[float, float]]:
    out = []
    t = start
    for text in texts:
        dur = max(1.6, 0.36 * len(text.split()))
        out.append((t, t + dur))
        t += dur + 0.4
    return out


def word_count(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- focus groups


def make_focus_group_20_35() -> None:
    lines = src_lines("focus-group-20-35.txt")
    title = lines[0]
    i = 1
    preamble = []
    while lines[i].strip():
        preamble.append(lines[i])
        i += 1
    body = lines[i + 1 :]

    doc = docx_new("Focus group 2 - young adults aged 20 to 35")
    doc.add_heading(title, level=1)
    for p in preamble:
        doc.add_paragraph(p).italic = True
    turns: list[tuple[str, str]] = []
    table_rows: list[list[str]] = []
    table_after_turn = None
    continuation_paragraphs = 0
    label = re.compile(r"^([A-Z][A-Za-z]+): (.*)$")

    def flush_table():
        nonlocal table_rows
        if table_rows:
            t = doc.add_table(rows=0, cols=len(table_rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(table_rows):
                cells = t.add_row().cells
                for c, val in enumerate(row):
                    cells[c].text = val
                    if r == 0:
                        cells[c].paragraphs[0].runs[0].bold = True
            table_rows = []

    for line in body:
        if line.startswith("|"):
            if not table_rows:
                table_after_turn = len(turns)
            table_rows.append(line[1:].split("|"))
            continue
        flush_table()
        m = label.match(line)
        if m:
            add_turn_paragraph(doc, m.group(1), m.group(2))
            turns.append((m.group(1), m.group(2)))
        else:
            doc.add_paragraph(line)
            turns[-1] = (turns[-1][0], turns[-1][1] + "\n" + line)
            continuation_paragraphs += 1
    flush_table()
    out = HERE / "focus-group-20-35.docx"
    doc.save(out)
    normalise_zip(out)
    EXPECTED[out.name] = {
        "documents": 1,
        "title": title,
        "preamble_paragraphs": len(preamble),
        "facilitator": "Facilitator",
        "speakers": list(count_turns(turns)["turns_per_speaker"]),
        **count_turns(turns),
        "continuation_paragraphs_without_label": continuation_paragraphs,
        "table": {
            "rows": 6,
            "cols": 2,
            "first_cell": "Where people go for help",
            "placed_after_turn_no": table_after_turn,  # 1-based: between this turn and the next
            "preceding_turn": {
                "speaker": turns[table_after_turn - 1][0],
                "starts": turns[table_after_turn - 1][1][:50],
            },
            "following_turn": {
                "speaker": turns[table_after_turn][0],
                "starts": turns[table_after_turn][1][:50],
            },
        },
        "words_excluding_table": sum(word_count(t) + 1 for _, t in turns),
    }


def make_focus_group_40_55() -> None:
    lines = (SRC / "focus-group-40-55.txt").read_text(encoding="utf-8").splitlines()
    out = HERE / "focus-group-40-55.txt"
    text = "\r\n".join(lines) + "\r\n"
    out.write_bytes(text.encode("cp1252"))  # raises if any character is not in Windows-1252
    label = re.compile(r"^\[([^\]]+)\] (.*)$")
    raw = [(m.group(1), m.group(2)) for m in map(label.match, lines) if m]
    labels_as_written = Counter(s for s, _ in raw)
    canon = {s.lower(): s for s in labels_as_written if not s.isupper()}
    turns = [(canon.get(s.lower(), s), t) for s, t in raw]
    EXPECTED[out.name] = {
        "documents": 1,
        "encoding": "cp1252",
        "line_endings": "CRLF",
        "title": lines[0],
        "preamble_lines": 1,
        "facilitator": "Facilitator",
        "labels_as_written": dict(labels_as_written),
        "inconsistent_label_must_merge": {"MARGARET": "Margaret"},
        "speakers": list(count_turns(turns)["turns_per_speaker"]),
        **count_turns(turns),
        "contains": ["£14", "£300", "\u2019", "\u201c", "\u201d", "\u2013"],
        "words": sum(word_count(t) + 1 for _, t in turns),
    }


# --------------------------------------------------------------------------- interviews


def make_vtt() -> None:
    cues = [
        tuple(line.split(": ", 1)) for line in src_lines("interview-video-call.txt") if line.strip()
    ]
    times = cue_times([t for _, t in cues], start=2.5)
    parts = [
        "WEBVTT",
        "",
        "NOTE",
        "Fictional interview recorded on a video call, 19 June 2023. Transcript generated by the",
        "meeting software and checked by the researcher. Participant name changed.",
        "",
    ]
    for n, ((speaker, text), (a, b)) in enumerate(zip(cues, times, strict=True), start=1):
        parts += [
            f"8c1f{n:04d}-5d2e-4b7a-9e61-0a3c{n:08d}/{n + 11}-0",
            f"{ts(a)} --> {ts(b)}",
            f"<v {speaker}>{text}</v>",
            "",
        ]
    out = HERE / "interview-video-call.vtt"
    out.write_bytes("\n".join(parts).encode("utf-8"))
    merged = merge_consecutive(list(cues))
    EXPECTED[out.name] = {
        "documents": 1,
        "cues": len(cues),
        "facilitator": "Interviewer",
        "speakers": list(count_turns(cues)["turns_per_speaker"]),
        "cues_per_speaker": count_turns(cues)["turns_per_speaker"],
        "turns_after_merging_consecutive_same_speaker": count_turns(merged),
        "first_cue": ts(times[0][0]),
        "last_cue_end": ts(times[-1][1]),
    }


def make_srt() -> None:
    lines = [line for line in src_lines("interview-video-call-2.txt") if line.strip()]
    times = cue_times(lines, start=0.8)
    parts = []
    label = re.compile(r"^(INTERVIEWER|Dee): (.*)$")
    turns: list[tuple[str, str]] = []
    labelled = 0
    for n, (line, (a, b)) in enumerate(zip(lines, times, strict=True), start=1):
        parts += [str(n), f"{ts(a, ',')} --> {ts(b, ',')}", *line.split(" / "), ""]
        m = label.match(line)
        text = line.replace(" / ", " ")
        if m:
            labelled += 1
            turns.append((m.group(1), m.group(2).replace(" / ", " ")))
        else:
            turns[-1] = (turns[-1][0], turns[-1][1] + " " + text)
    out = HERE / "interview-video-call-2.srt"
    out.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(parts).encode("utf-8"))
    EXPECTED[out.name] = {
        "documents": 1,
        "encoding": "utf-8 with BOM",
        "line_endings": "CRLF",
        "cues": len(lines),
        "cues_with_label": labelled,
        "cues_without_label_continuing_previous_speaker": len(lines) - labelled,
        "cues_with_two_text_lines": sum(" / " in line for line in lines),
        "facilitator": "INTERVIEWER",
        "speakers": list(count_turns(turns)["turns_per_speaker"]),
        **count_turns(turns),
    }


def make_odt() -> None:
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import P, Span

    lines = src_lines("interview-timestamps.txt")
    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text="Interview 07 - youth worker"))
    doc.meta.addElement(dc.Creator(text=AUTHOR))
    doc.meta.addElement(meta.CreationDate(text="2023-07-03T09:30:00"))
    doc.meta.addElement(dc.Date(text="2023-07-03T09:30:00"))
    bold = Style(name="SpeakerBold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    heading = Style(name="TitlePara", family="paragraph")
    heading.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    doc.automaticstyles.addElement(heading)

    t = 3.0
    turns: list[tuple[str, str]] = []
    stamps = []
    for line in lines:
        if line.startswith("= "):
            doc.text.addElement(P(stylename=heading, text=line[2:]))
            doc.text.addElement(P(text=""))
            continue
        speaker, text = line.split(": ", 1)
        secs = int(t)
        stamp = f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
        p = P()
        p.addElement(Span(stylename=bold, text=f"{speaker} ({stamp}):"))
        p.addText(" " + text)
        doc.text.addElement(p)
        turns.append((speaker, text))
        stamps.append(stamp)
        t += 2.5 + 0.42 * word_count(text) + (17 if speaker == "Priya" else 3)
    out = HERE / "interview-timestamps.odt"
    doc.save(str(out))
    normalise_zip(out)
    EXPECTED[out.name] = {
        "documents": 1,
        "layout": "Name (hh:mm:ss): text",
        "facilitator": "Interviewer",
        "speakers": list(count_turns(turns)["turns_per_speaker"]),
        **count_turns(turns),
        "first_timestamp": stamps[0],
        "last_timestamp": stamps[-1],
        "title_paragraph": lines[0][2:],
    }


# --------------------------------------------------------------------------- field notes (PDF)


def make_pdf() -> None:
    from fpdf import FPDF

    lines = src_lines("informal-conversation.txt")
    title = lines[0]
    paras = [p for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    for text in [title, *paras]:
        text.encode("latin-1")  # core fonts only encode Latin-1; fail loudly otherwise
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2023, 7, 3, 9, 30, tzinfo=dt.UTC))
    pdf.set_title("Field notes - informal conversations at the food bank")
    pdf.set_author(AUTHOR)
    pdf.set_creator("samples/make_samples.py")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, title)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 11)
    for p in paras:
        pdf.multi_cell(0, 6, p.replace("\n", " "))
        pdf.ln(3)
    out = HERE / "informal-conversation.pdf"
    pdf.output(str(out))
    EXPECTED[out.name] = {
        "documents": 1,
        "kind": "field notes / informal conversation, no speaker turns",
        "pages": pdf.page_no(),
        "title": title,
        "paragraphs_after_title": len(paras),
        "speakers": [],
        "contains": ["£4.80", "naloxone", "people who didn't give up on me"],
    }


# --------------------------------------------------------------------------- research grids


QUESTION = re.compile(r"^(Q\d+)\. (.*)$")


def parse_grid(lines: list[str]) -> dict:
    fields: dict[str, str] = {}
    questions: list[dict] = []
    for line in lines[1:]:
        m = QUESTION.match(line)
        if m:
            questions.append({"id": m.group(1), "question": m.group(2), "answer_lines": []})
        elif questions:
            if line.strip():
                questions[-1]["answer_lines"].append(line)
        elif ": " in line:
            k, v = line.split(": ", 1)
            fields[k] = v
    return {"title": lines[0], "fields": fields, "questions": questions}


def grid_expected(g: dict, extra: dict) -> dict:
    return {
        "documents": 1,
        **extra,
        "fields": g["fields"],
        "question_ids": [q["id"] for q in g["questions"]],
        "blank_answers": [q["id"] for q in g["questions"] if not q["answer_lines"]],
        "answer_lines": {q["id"]: len(q["answer_lines"]) for q in g["questions"]},
    }


def make_grid_docx(name: str, soft_breaks: bool) -> None:
    lines = src_lines(name + ".txt")
    g = parse_grid(lines)
    doc = docx_new(lines[0])
    doc.add_heading(lines[0], level=2)
    for k, v in g["fields"].items():
        p = doc.add_paragraph()
        p.add_run(k + ":").bold = True
        p.add_run(" " + v)
    for q in g["questions"]:
        doc.add_paragraph().add_run(f"{q['id']}. {q['question']}").bold = True
        if not q["answer_lines"]:
            doc.add_paragraph("")
        elif soft_breaks:
            # one paragraph, lines separated by Shift+Enter line breaks (<w:br/>)
            p = doc.add_paragraph()
            for j, al in enumerate(q["answer_lines"]):
                run = p.add_run(al)
                if j < len(q["answer_lines"]) - 1:
                    run.add_break()
        else:
            for al in q["answer_lines"]:
                doc.add_paragraph(al)
    out = HERE / (name + ".docx")
    doc.save(out)
    normalise_zip(out)
    EXPECTED[out.name] = grid_expected(
        g,
        {
            "answers_layout": "one paragraph per line, line breaks inside"
            if soft_breaks
            else "one paragraph per answer line"
        },
    )


def make_grid_txt(name: str) -> None:
    lines = src_lines(name + ".txt")
    out = HERE / (name + ".txt")
    out.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    EXPECTED[out.name] = grid_expected(
        parse_grid(lines), {"encoding": "utf-8", "line_endings": "LF"}
    )


# --------------------------------------------------------------------------- surveys

META = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]

LE_ATTR = [
    "What is your age?",
    "What is your gender?",
    "Which of these best describes you?",
    "Are you currently getting support from a drug or alcohol service?",
]
LE_OPEN = [
    "If you are getting support from a service, what has helped you most?",
    "What has made it harder to get help, or to stay in treatment?",
    "If you could change one thing about drug and alcohol support in Eastport, what would it be?",
]
PERSON = "I use or have used drugs"
ALC = "I use or have used alcohol in a way that caused problems"
FAM = "I am a family member or carer of someone who uses drugs or alcohol"
# (age, gender, describes, in service, open1, open2, open3); "" = left blank.
# Open 1 is routed: only shown to people who answered "Yes" to the service question.
LE_ROWS = [
    (
        "35-44",
        "Male",
        PERSON,
        "Yes",
        "My key worker and the Monday group. Being around people who get it.",
        "The wait at the start. Seven weeks is a long time when you've finally asked.",
        "See people the same week they ask.",
    ),
    (
        "25-34",
        "Female",
        ALC,
        "Yes",
        "Peer mentor texting me at weekends",
        "Worrying that social services would get involved because of my little girl",
        "More peer mentors, and pay them",
    ),
    (
        "45-54",
        "Male",
        PERSON,
        "No",
        "",
        "Got kicked off my script for missing appointments. Couldn't afford the bus.",
        "Chemist closer to home",
    ),
    (
        "55-64",
        "Female",
        FAM,
        "No",
        "",
        "Nobody tells families anything, 'confidentiality'.",
        "A family worker for parents and grandparents, not just the person using",
    ),
    (
        "18-24",
        "Male",
        PERSON,
        "No",
        "",
        "Didn't think it was for people my age. It's all older heroin users in the waiting room.",
        "Somewhere for young people, evenings, not an office",
    ),
    (
        "35-44",
        "Female",
        PERSON,
        "Yes",
        "Naloxone training, and the nurse who comes to the hostel",
        "Housing. I'm in a hostel where everyone's using.",
        "Dry houses for people trying to stay clean",
    ),
    ("25-34", "Prefer not to say", PERSON, "Prefer not to say", "", "", ""),
    (
        "45-54",
        "Male",
        ALC,
        "Yes",
        "Detox, then the recovery cafe on a Saturday",
        "Four months between ringing up and detox. I drank the whole time.",
        "Quicker detox",
    ),
    (
        "35-44",
        "Male",
        PERSON,
        "Yes",
        "Same worker for over a year, first time that's happened",
        "Three workers leaving in a row. Telling my story again and again.",
        "Keep staff. Stop the turnover.",
    ),
    (
        "55-64",
        "Male",
        PERSON,
        "Yes",
        "Methadone keeps me stable",
        "Being treated like a criminal at the chemist, made to wait until everyone else is served",
        "",
    ),
    (
        "25-34",
        "Female",
        FAM,
        "No",
        "",
        "I didn't know where to go for myself, only for him",
        "Evening support group for partners",
    ),
    (
        "18-24",
        "Female",
        ALC,
        "No",
        "",
        "Embarrassed. Everyone at uni drinks like that so it's hard to say it's a problem.",
        "Online or text support, something anonymous",
    ),
    (
        "45-54",
        "Female",
        ALC,
        "Yes",
        "The women's group. I wouldn't have gone to a mixed one.",
        "Childcare. Groups are at school pick-up time.",
        "Groups at times that work for mums, and a creche",
    ),
    (
        "35-44",
        "Male",
        PERSON,
        "No",
        "",
        "Police. I got arrested at the needle exchange car park, after that I stopped going.",
        "Police to leave people alone near services",
    ),
    ("65+", "Female", FAM, "No", "", "", "Help for kinship carers, money and advice"),
    (
        "25-34",
        "Male",
        PERSON,
        "Yes",
        "Honestly the people at reception, they remember your name",
        "",
        "More drop-in slots\nand a phone number that actually gets answered",
    ),
    (
        "35-44",
        "Non-binary",
        PERSON,
        "Yes",
        "LGBT chemsex support worker",
        "Staff assuming I'm straight. Had to explain chemsex three times.",
        "Training for staff on LGBT people and chemsex",
    ),
    (
        "45-54",
        "Male",
        PERSON,
        "No",
        "",
        "Prison release on a Friday, nothing open till Monday",
        "Meet people at the gate",
    ),
    (
        "18-24",
        "Male",
        PERSON,
        "No",
        "",
        "Owe money to people, scared to go anywhere they might see me",
        "Somewhere safe",
    ),
    ("55-64", "Male", ALC, "Yes", "AA and my GP, she's been brilliant", "Pride mostly", ""),
    (
        "25-34",
        "Female",
        PERSON,
        "Yes",
        "Getting my kids back with support from my worker and the family court team",
        "The stigma. People at the school gate know.",
        "Stop the judgement",
    ),
    (
        "35-44",
        "Female",
        FAM,
        "No",
        "",
        "My son's on the waiting list for rehab, the funding panel takes months",
        "Local rehab",
    ),
    (
        "45-54",
        "Male",
        PERSON,
        "Yes",
        "",
        "Mental health services won't see me while I'm using, drug service says they can't treat my mental health",
        "Joined-up mental health and drug support",
    ),
    (
        "25-34",
        "Male",
        ALC,
        "No",
        "",
        "I work nights so can't get to anything",
        "Weekend appointments",
    ),
    (
        "35-44",
        "Female",
        PERSON,
        "Yes",
        "Being given naloxone to take home. I've used it on my partner.",
        "Nothing really, they've been good",
        "More of the same, it works when you get in",
    ),
]

PRO_ATTR = ["Which organisation do you work for?", "What is your role?"]
PRO_OPEN = [
    "What are the main gaps in local drug and alcohol provision?",
    "What gets in the way of services working well together?",
    "What one change would most improve outcomes for the people you support?",
]
PRO_ROWS = [
    (
        "Harbour Lane Recovery Services",
        "Recovery worker",
        "Detox and rehab beds. Evening appointments.",
        "Every service has its own assessment form and nobody shares them.",
        "Caseloads under forty so we can actually do the work",
    ),
    (
        "Eastport Council",
        "Commissioner",
        "Provision for young adults and for people using cocaine and alcohol together",
        "Short-term funding, everything is a one-year pilot",
        "Five-year contracts",
    ),
    (
        "Eastport Police",
        "Neighbourhood sergeant",
        "Somewhere to take people at 2am that isn't custody or A&E",
        "Information sharing rules, nobody knows what they're allowed to share",
        "A diversion scheme for possession",
    ),
    (
        "Coastline Homes (housing association)",
        "Tenancy sustainment officer",
        "Move-on housing for people leaving hostels",
        "",
        "Housing First, funded properly",
    ),
    (
        "Harbourside NHS Foundation Trust",
        "Alcohol liaison nurse",
        "A fast-track route from hospital into the community service",
        "Weeks of waiting after discharge, people lose momentum",
        "Same-week appointments for people discharged from hospital",
    ),
    (
        "Eastport Youth Service",
        "Detached youth worker",
        "Anything for under-18s using ketamine and nitrous oxide",
        "Schools worried about reputation, won't invite us in",
        "Harm reduction education in every secondary school",
    ),
    (
        "Harbour Lane Recovery Services",
        "Peer mentor",
        "Paid roles for people with lived experience",
        "Professionals not trusting peer workers' judgement",
        "Pay peer mentors properly",
    ),
    (
        "Eastport Council",
        "Social worker (children's services)",
        "Support for kinship carers, especially grandparents",
        "Parents hiding their use because they're scared of us",
        "Joint visits with treatment workers",
    ),
    ("Harbourside NHS Foundation Trust", "Community mental health nurse", "", "", ""),
    (
        "Eastport Community Pharmacy Group",
        "Pharmacist",
        "Naloxone supply outside treatment services",
        "Not being told when a patient's dose changes",
        "Shared records between prescriber and pharmacy",
    ),
    (
        "Probation Service",
        "Probation officer",
        "Same-day treatment appointments on release",
        "Friday releases",
        "No Friday releases",
    ),
    (
        "Harbour Lane Recovery Services",
        "Team leader",
        "Staff. We can't recruit or keep them.",
        "Different IT systems",
        "Fund the workforce",
    ),
    (
        "Eastport Food Bank",
        "Volunteer coordinator",
        "Information for people who aren't in treatment yet",
        "We never hear back after we signpost someone",
        "A named contact at the drug service",
    ),
    (
        "Eastport Council",
        "Public health officer",
        "Data on who isn't coming forward: women, minority ethnic groups, young people",
        "Competing targets between partners",
        "One shared outcomes framework",
    ),
    (
        "St Luke's Family Support Group",
        "Group facilitator",
        "Family support funded as core, not grants",
        "Families treated as an afterthought",
        "Invite families in at the start of treatment",
    ),
]


def respondent_meta(n: int, base_id: int, collectors: list[int], day0: dt.datetime) -> list:
    rid = base_id + sum((k * 7919 + 104729) % 9000 + 1000 for k in range(n + 1))
    start = day0 + dt.timedelta(
        hours=n * 11 + (n * 37) % 9, minutes=(n * 53) % 60, seconds=(n * 17) % 60
    )
    end = start + dt.timedelta(minutes=4 + (n * 13) % 15, seconds=(n * 29) % 60)
    ip = f"192.0.2.{10 + n * 7 % 240}" if n % 3 else f"198.51.100.{20 + n * 5 % 200}"
    return [rid, collectors[n % len(collectors)], start, end, ip, "", "", "", ""]


def sm_date(d: dt.datetime) -> str:
    return d.strftime("%m/%d/%Y %I:%M:%S %p")


def survey_expected(rows, open_q, attr_q, open_offset, ids, kind) -> dict:
    no_open = [ids[i] for i, r in enumerate(rows) if not any(r[open_offset + k] for k in range(3))]
    empty = {q: sum(1 for r in rows if not r[open_offset + k]) for k, q in enumerate(open_q)}
    return {
        "documents": 1,
        "kind": kind,
        "header_rows": 2,
        "metadata_columns": META,
        "attribute_questions": attr_q,
        "open_ended_questions": open_q,
        "respondents": len(rows),
        "respondents_with_no_open_ended_answers": no_open,
        "empty_answers_per_open_question": empty,
        "non_empty_open_answers": sum(1 for r in rows for k in range(3) if r[open_offset + k]),
        "respondent_ids": ids,
    }


def make_survey_csv() -> None:
    header1 = META + LE_ATTR + LE_OPEN
    header2 = (
        [""] * len(META) + ["Response"] * len(LE_ATTR) + ["Open-Ended Response"] * len(LE_OPEN)
    )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header1)
    w.writerow(header2)
    ids = []
    for n, row in enumerate(LE_ROWS):
        m = respondent_meta(
            n, 11498700000, [452871903, 452871904], dt.datetime(2023, 5, 22, 8, 41, 0)
        )
        m[2], m[3] = sm_date(m[2]), sm_date(m[3])
        ids.append(m[0])
        w.writerow(m + list(row))
    out = HERE / "survey-lived-experience.csv"
    out.write_bytes(buf.getvalue().encode("utf-8"))
    EXPECTED[out.name] = survey_expected(
        LE_ROWS, LE_OPEN, LE_ATTR, 4, ids, "SurveyMonkey CSV export (utf-8, CRLF)"
    )
    EXPECTED[out.name]["answers_containing_a_line_break"] = sum(
        1 for r in LE_ROWS for c in r if "\n" in c
    )
    EXPECTED[out.name]["routed_question"] = (
        LE_OPEN[0] + ' (blank unless the service question was "Yes")'
    )


def make_survey_xlsx() -> None:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Sheet"
    ws.append(META + PRO_ATTR + PRO_OPEN)
    ws.append(
        [None] * len(META) + ["Response"] * len(PRO_ATTR) + ["Open-Ended Response"] * len(PRO_OPEN)
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ids = []
    for n, row in enumerate(PRO_ROWS):
        m = respondent_meta(n, 11502300000, [452990117], dt.datetime(2023, 6, 5, 9, 2, 0))
        ids.append(m[0])
        ws.append([v if v != "" else None for v in m + list(row)])
        for col in (3, 4):
            ws.cell(row=ws.max_row, column=col).number_format = "mm/dd/yyyy hh:mm:ss AM/PM"
    out = HERE / "survey-professionals.xlsx"
    wb.save(out)
    normalise_zip(out)
    EXPECTED[out.name] = survey_expected(
        PRO_ROWS,
        PRO_OPEN,
        PRO_ATTR,
        2,
        ids,
        "SurveyMonkey XLSX export (one sheet 'Sheet'; dates are real Excel datetimes; IDs are integers)",
    )


# --------------------------------------------------------------------------- consultation response

QID = re.compile(r"^(Q[A-E]\d+)(?: \(if applicable\))?[.:] ")


def consultation_blocks() -> list[tuple[str, str]]:
    """(kind, text) for each line: title, subtitle, para, heading, question, instruction, tick, su_heading."""
    lines = src_lines("consultation-response.txt")
    blocks = [("title", lines[0]), ("subtitle", lines[1])]
    for line in lines[2:]:
        if line.startswith("## "):
            blocks.append(("heading", line[3:]))
        elif QID.match(line):
            blocks.append(("question", line))
        elif line.startswith(("Please tick", "Please explain")):
            blocks.append(("instruction", line))
        elif line[:1] in "☐☒":
            blocks.append(("tick", line))
        elif line == "Service users' response":
            blocks.append(("su_heading", line))
        else:
            blocks.append(("para", line))
    return blocks


def consultation_expected(blocks, fmt) -> dict:
    qids = [QID.match(t).group(1) for k, t in blocks if k == "question"]
    qlines = [
        t.split(" ", 1)[0] if "(if" not in t else t.split("):")[0] + "):"
        for k, t in blocks
        if k == "question"
    ]
    ticked, current = {}, None
    su = []
    for k, t in blocks:
        if k == "question":
            current = QID.match(t).group(1)
        elif k == "tick" and t.startswith("☒"):
            ticked[current] = t[2:]
        elif k == "su_heading":
            su.append(current)
    tick_qs = list(OrderedDict.fromkeys(q for q in qids if q in ticked))
    return {
        "documents": 1,
        "format": fmt,
        "question_ids": qids,
        "question_id_prefixes_as_written": qlines,
        "tick_box_questions_and_ticked_option": {q: ticked[q] for q in tick_qs},
        "tick_box_lines": sum(1 for k, _ in blocks if k == "tick"),
        "service_users_response_blocks_after": su,
        "section_headings": [t for k, t in blocks if k == "heading"],
    }


def make_consultation_docx() -> None:
    blocks = consultation_blocks()
    doc = docx_new("Consultation response - Harbour Lane Recovery Services")
    for kind, text in blocks:
        if kind == "title":
            doc.add_heading(text, level=0)
        elif kind == "heading":
            doc.add_heading(text, level=1)
        elif kind == "question":
            doc.add_paragraph().add_run(text).bold = True
        elif kind == "instruction":
            doc.add_paragraph().add_run(text).italic = True
        elif kind == "su_heading":
            doc.add_heading(text, level=3)
        else:
            doc.add_paragraph(text)
    out = HERE / "consultation-response.docx"
    doc.save(out)
    normalise_zip(out)
    EXPECTED[out.name] = consultation_expected(blocks, "docx")
    EXPECTED[out.name]["service_users_heading_as_written"] = "Service users' response"


def rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch)
            fallback = ch.encode("cp1252", "replace").decode("cp1252")
            if fallback != "?":
                fallback = f"\\'{fallback.encode('cp1252')[0]:02x}"
            signed = code if code < 32768 else code - 65536
            out.append(f"\\u{signed}{fallback}")
    return "".join(out)


def make_consultation_rtf() -> None:
    blocks = consultation_blocks()
    head = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1\n"
        "{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\fnil\\fcharset0 Segoe UI Symbol;}}\n"
        "{\\info{\\title Consultation response - Harbour Lane Recovery Services}{\\author "
        + AUTHOR
        + "}"
        "{\\creatim\\yr2023\\mo7\\dy3\\hr9\\min30}}\n"
        "\\paperw11906\\paperh16838\\margl1440\\margr1440\\margt1440\\margb1440\n"
    )
    body = []
    for kind, text in blocks:
        t = rtf_escape(text)
        if kind == "title":
            body.append("\\pard\\sa200\\f0\\fs32\\b " + t + "\\b0\\fs22\\par")
        elif kind == "subtitle":
            body.append("\\pard\\sa200\\f0\\fs22\\i " + t + "\\i0\\par")
        elif kind == "heading":
            body.append("\\pard\\sb240\\sa120\\f0\\fs26\\b " + t + "\\b0\\fs22\\par")
        elif kind == "question":
            body.append("\\pard\\sb200\\sa80\\f0\\fs22\\b " + t + "\\b0\\par")
        elif kind == "instruction":
            body.append("\\pard\\sa80\\f0\\fs20\\i " + t + "\\i0\\fs22\\par")
        elif kind == "tick":
            body.append(
                "\\pard\\li360\\sa40{\\f1 "
                + rtf_escape(text[0])
                + "}\\f0  "
                + rtf_escape(text[2:])
                + "\\par"
            )
        elif (
            kind == "su_heading"
        ):  # the RTF copy uses a curly apostrophe: Service users\u2019 response
            t = rtf_escape(text.replace("'", "\u2019"))
            body.append("\\pard\\sb120\\sa80\\f0\\fs22\\b\\i " + t + "\\b0\\i0\\par")
        else:
            body.append("\\pard\\sa120\\f0\\fs22 " + t + "\\par")
    out = HERE / "consultation-response.rtf"
    out.write_bytes((head + "\n".join(body) + "\n}\n").encode("ascii"))
    EXPECTED[out.name] = consultation_expected(
        blocks, "rtf (hand-written RTF 1.x, \\uN escapes for non-ASCII)"
    )
    EXPECTED[out.name]["service_users_heading_as_written"] = "Service users\u2019 response"


# --------------------------------------------------------------------------- quote sheet

# (quote, attribution, participant, source file, theme, priority).  Quotes are verbatim from the samples.
QUOTES = [
    (
        "It used to be a special occasion thing, a birthday or whatever, and now it's, I don't know, it's just a Tuesday.",
        "(Male, aged 20-35)",
        "Jordan",
        "focus-group-20-35.docx",
        "Normalisation of cocaine",
        "P5",
    ),
    (
        "Nobody even counts weed as drugs any more, that's the thing.",
        "(Male, aged 20-35)",
        "Ryan",
        "focus-group-20-35.docx",
        "Normalisation of cannabis",
        "P3.3",
    ),
    (
        "I'd built myself up for weeks just to say it out loud.",
        "(Female, aged 20-35)",
        "Amira",
        "focus-group-20-35.docx",
        "Barriers to asking for help",
        "P4.2",
    ),
    (
        "But nobody tells you they exist unless you're already in treatment.",
        "(Male, aged 20-35)",
        "Liam",
        "focus-group-20-35.docx",
        "Naloxone awareness",
        "P4.5",
    ),
    (
        "The youth club's open two nights a week. What are they meant to do the other five?",
        "(Male, aged 20-35)",
        "Liam",
        "focus-group-20-35.docx",
        "Nothing for young people to do",
        "P2",
    ),
    (
        "You tell one person, they refer you, you tell someone else, then they leave and you start again from the beginning.",
        "(Male, aged 20-35)",
        "Ryan",
        "focus-group-20-35.docx",
        "Continuity of care",
        "P3.2",
    ),
    (
        "Nobody talks about the drink because it\u2019s legal, but it\u2019s done more damage in my family than anything you\u2019d buy off a corner.",
        "(Female, aged 40-55)",
        "Margaret",
        "focus-group-40-55.txt",
        "Alcohol overlooked",
        "P1",
    ),
    (
        "You carry it. The parents carry it, and nobody sees that.",
        "(Female, aged 40-55)",
        "Margaret",
        "focus-group-40-55.txt",
        "Stigma felt by families",
        "P1.2",
    ),
    (
        "You know what I did for four months? I drank.",
        "(Male, aged 40-55)",
        "Tony",
        "focus-group-40-55.txt",
        "Waiting times",
        "P3.1",
    ),
    (
        "You can\u2019t get clean in a hostel where half the corridor is using.",
        "(Male, aged 40-55)",
        "Des",
        "focus-group-40-55.txt",
        "Housing",
        "P3.4",
    ),
    (
        "Both times the ambulance took forty minutes.",
        "(Male, aged 40-55)",
        "Des",
        "focus-group-40-55.txt",
        "Naloxone and overdose response",
        "P4.5",
    ),
    (
        "I\u2019m not entitled to anything, because I\u2019m not their mum.",
        "(Female, aged 40-55)",
        "Sandra",
        "focus-group-40-55.txt",
        "Kinship carers",
        "P2.3",
    ),
    (
        "I was terrified of social services. I thought if I told anyone how bad it was they'd take him off me.",
        "(Lived Experience Interview)",
        "Sam",
        "interview-video-call.vtt",
        "Fear of child removal",
        "P2.3",
    ),
    (
        "The peer mentor. Hands down.",
        "(Lived Experience Interview)",
        "Sam",
        "interview-video-call.vtt",
        "Peer support",
        "P1.1",
    ),
    (
        "people think nobody gets better, and we do.",
        "(Lived Experience Interview)",
        "Sam",
        "interview-video-call.vtt",
        "Recovery is possible",
        "P1.5",
    ),
    (
        "Get people a front door, then sort the rest.",
        "(Housing support worker, Interview)",
        "Dee",
        "interview-video-call-2.srt",
        "Housing First",
        "P3.4",
    ),
    (
        "That's peer support, isn't it, that's what it looks like in real life.",
        "(Housing support worker, Interview)",
        "Dee",
        "interview-video-call-2.srt",
        "Peer support",
        "P4.5",
    ),
    (
        "A dealer sends out a menu, basically, like a takeaway.",
        "(Youth worker, Interview)",
        "Priya",
        "interview-timestamps.odt",
        "Online supply to young people",
        "P2.4",
    ),
    (
        "Please listen to families. We know our kids better than anyone.",
        "(Female, aged 40-55, Research grid)",
        "Bex",
        "research-grid-02.docx",
        "Involving families",
        "P2.3",
    ),
    (
        "Police. I got arrested at the needle exchange car park, after that I stopped going.",
        "(Lived Experience, Survey)",
        None,
        "survey-lived-experience.csv",
        "Policing near services",
        "P5.2",
    ),
    (
        "Friday releases",
        "(Probation officer, Survey)",
        None,
        "survey-professionals.xlsx",
        "Prison release",
        "P5.5",
    ),
    (
        "Professionals not trusting peer workers' judgement",
        "(Staff member, Survey)",
        None,
        "survey-professionals.xlsx",
        "Valuing peer workers",
        "P1.1",
    ),
]

QUOTE_SOURCES = {
    "focus-group-20-35.docx": "src/focus-group-20-35.txt",
    "focus-group-40-55.txt": "src/focus-group-40-55.txt",
    "interview-video-call.vtt": "src/interview-video-call.txt",
    "interview-video-call-2.srt": "src/interview-video-call-2.txt",
    "interview-timestamps.odt": "src/interview-timestamps.txt",
    "research-grid-02.docx": "src/research-grid-02.txt",
}


def make_quote_sheet() -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    survey_ids = {
        "survey-lived-experience.csv": (
            EXPECTED["survey-lived-experience.csv"]["respondent_ids"],
            LE_ROWS,
        ),
        "survey-professionals.xlsx": (
            EXPECTED["survey-professionals.xlsx"]["respondent_ids"],
            PRO_ROWS,
        ),
    }
    rows_out = []
    for (
        quote,
        attr,
        who,
        source,
        theme,
        prio,
    ) in QUOTES:  # every quote must be verbatim from its source
        if source in QUOTE_SOURCES:
            assert quote in (HERE / QUOTE_SOURCES[source]).read_text(encoding="utf-8").replace(
                " / ", " "
            ), quote
        else:  # survey quotes: the participant is the SurveyMonkey respondent ID of the row that says it
            ids, rows = survey_ids[source]
            (idx,) = [i for i, r in enumerate(rows) if quote in r]
            who = str(ids[idx])
        rows_out.append((quote, attr, who, source, theme, prio))

    wb = openpyxl.Workbook()
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Quotes"
    ws.append(["Quote", "Attribution", "Participant", "Source", "Theme", "Priority"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows_out:
        ws.append(list(row))
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (70, 32, 14, 28, 30, 9), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    out = HERE / "quote-sheet.xlsx"
    wb.save(out)
    normalise_zip(out)
    EXPECTED[out.name] = {
        "documents": 1,
        "sheet": "Quotes",
        "columns": ["Quote", "Attribution", "Participant", "Source", "Theme", "Priority"],
        "quotes": len(QUOTES),
        "priorities": dict(sorted(Counter(q[5] for q in QUOTES).items())),
        "participants": dict(Counter(q[2] for q in rows_out)),
        "note": "every quote is verbatim from the named source file (checked by make_samples.py)",
    }


# --------------------------------------------------------------------------- main


def main() -> int:
    make_focus_group_20_35()
    make_focus_group_40_55()
    make_vtt()
    make_srt()
    make_odt()
    make_pdf()
    make_grid_docx("research-grid-01", soft_breaks=False)
    make_grid_docx("research-grid-02", soft_breaks=True)
    make_grid_txt("research-grid-03")
    make_survey_csv()
    make_survey_xlsx()
    make_consultation_docx()
    make_consultation_rtf()
    make_quote_sheet()

    (HERE / "expected.json").write_text(
        json.dumps(EXPECTED, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    too_big = []
    for name, exp in EXPECTED.items():
        size = (HERE / name).stat().st_size
        if size >= 100_000:
            too_big.append(name)
        summary = {
            k: exp[k]
            for k in (
                "total_turns",
                "turns_per_speaker",
                "cues",
                "question_ids",
                "respondents",
                "quotes",
            )
            if k in exp
        }
        print(f"{name:32s} {size:7d} B  {json.dumps(summary, ensure_ascii=False)}")
    if too_big:
        print("too big:", too_big, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
