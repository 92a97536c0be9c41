"""Render exports to PDF and PNG pages so a person can look at every page before a release.

Tests check the structure of the exports (headings, A4, numeric cells); only a rendering shows
what a reader meets: clipped columns, overprinted labels, a page that prints at 45 %. This
converts each .docx/.xlsx given (or, with ``--sample``, every report export of a fresh sample
project) with LibreOffice headless, then rasterises each PDF page with pdftoppm, and prints the
page count and the widest page of each. Developer tool: needs ``soffice`` and ``pdftoppm``
(``apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils``).

    .venv/bin/python tools/render.py OUT_DIR FILE...
    .venv/bin/python tools/render.py OUT_DIR --sample
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

A4_POINTS = (595.3, 841.9)


def to_pdf(path: Path, out: Path) -> Path:
    """``path`` converted by LibreOffice into ``out``; the PDF's path."""
    profile = out / ".lo-profile"  # a private profile: no clash with a running office
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile.resolve()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / (path.stem + ".pdf")


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points (pdfinfo)."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def to_png(pdf: Path, out: Path, dpi: int = 60) -> None:
    """One PNG per page, ``NAME-1.png``… (pdftoppm pads the number to the page count's width)."""
    for old in out.glob(f"{pdf.stem}-*.png"):
        if old.stem[len(pdf.stem) + 1 :].isdigit():  # not "matrix-item-1" for "matrix"
            old.unlink()
    stem = out / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True)


def render(path: Path, out: Path, dpi: int = 60) -> tuple[int, list[tuple[float, float]]]:
    pdf = to_pdf(path, out)
    to_png(pdf, out, dpi)
    sizes = page_sizes(pdf)
    return len(sizes), sizes


def sample_exports(out: Path) -> list[Path]:
    """Every report export of a fresh sample project, written into ``out``."""
    qualcode = [sys.executable, "-m", "qualcode"]
    project = out / "sample.qcproj"
    project.unlink(missing_ok=True)
    subprocess.run([*qualcode, "sample", str(project)], check=True, capture_output=True)
    commands = {
        "report.docx": ["export", "report"],
        "report-all.docx": ["export", "report", "--quotes", "all"],
        "matrix.xlsx": ["export", "matrix", "--measures", "extracts,documents,participants,quotes"],
        "codebook.xlsx": ["export", "codebook"],
        "quotes.docx": ["export", "quotes"],
        "counts.xlsx": ["export", "counts", "--by", "Role"],
    }
    written = []
    for name, command in commands.items():
        target = out / name
        run = [*qualcode, *command[:2], str(project), str(target), *command[2:]]
        subprocess.run(run, check=True, capture_output=True)
        written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PDFs and PNGs")
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--sample", action="store_true", help="render the sample's exports")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print("Needs soffice (LibreOffice) and pdftoppm (poppler-utils).", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    files = list(args.files) + (sample_exports(args.out) if args.sample else [])
    for path in files:
        count, sizes = render(path, args.out, args.dpi)
        widest = max((w for w, _h in sizes), default=0.0)
        a4 = all(min(w, h) <= A4_POINTS[0] + 1 and max(w, h) <= A4_POINTS[1] + 1 for w, h in sizes)
        print(f"{path.name}: {count} page(s), widest {widest:.0f} pt, A4: {'yes' if a4 else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
