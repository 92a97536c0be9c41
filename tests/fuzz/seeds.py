"""Real-layout files to damage: every bundled sample, the bundled frameworks (CSV and an .xlsx
copy), and REFI files (a .qdpx with text sources, one whose source is a .docx, a .qdc)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from qualcode.services.refi.refi import export_qdc, export_qdpx
from tests.refi.build import build_source

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FRAMEWORKS = ROOT / "resources" / "frameworks"


def _framework_xlsx(csv_path: Path) -> bytes:
    import csv

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx_source_qdpx(qdpx: bytes, docx: bytes) -> bytes:
    """The same project with its first source's text moved into a .docx (NVivo for Mac)."""
    src = zipfile.ZipFile(io.BytesIO(qdpx))
    qde = src.read("project.qde").decode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        first = next(n for n in src.namelist() if n.startswith("sources/") and n.endswith(".txt"))
        guid = Path(first).stem
        for name in src.namelist():
            if name != "project.qde":
                zf.writestr(name, b"" if name == first else src.read(name))
        zf.writestr(f"sources/{guid}.docx", docx)
        zf.writestr(
            "project.qde",
            qde.replace(
                f'plainTextPath="internal://{guid}.txt"',
                f'plainTextPath="internal://{guid}.txt" richTextPath="internal://{guid}.docx"',
            ),
        )
    return out.getvalue()


def build_seeds(folder: Path) -> dict[str, tuple[str, bytes]]:
    """name -> (importer, bytes); importer is 'file', 'refi' or 'framework'."""
    seeds: dict[str, tuple[str, bytes]] = {}
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".md", ".json") or path.suffix == ".qcproj" or not path.is_file():
            continue
        seeds[path.name] = ("file", path.read_bytes())
    for path in sorted(FRAMEWORKS.glob("*.csv")):
        seeds[path.name] = ("framework", path.read_bytes())
    first = sorted(FRAMEWORKS.glob("*.csv"))[0]
    seeds[first.stem + ".xlsx"] = ("framework", _framework_xlsx(first))
    project = build_source(folder / "refi-source.qcproj")
    try:
        export_qdpx(project, folder / "project.qdpx")
        export_qdc(project, folder / "codebook.qdc")
    finally:
        project.close()
    qdpx = (folder / "project.qdpx").read_bytes()
    seeds["project.qdpx"] = ("refi", qdpx)
    seeds["codebook.qdc"] = ("refi", (folder / "codebook.qdc").read_bytes())
    docx = (SAMPLES / "consultation-response.docx").read_bytes()
    seeds["docx-source.qdpx"] = ("refi", _docx_source_qdpx(qdpx, docx))
    return seeds
