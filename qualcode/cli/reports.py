"""``qualcode export matrix|codebook|quotes|report``: the workbooks, quote bank and theme report."""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural

QUOTE_STYLES = ("plain", "italic", "blue-italic")  # as theme_report_model.QUOTE_STYLES (checked)


def add_parsers(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    m = formats.add_parser("matrix", help="themes × framework priorities (or × an attribute)")
    m.add_argument("project", type=Path)
    m.add_argument("out", type=Path, help="the .xlsx to write")
    m.add_argument("--framework", help="framework name (default: the project's first)")
    m.add_argument("--level", choices=("priority", "item"), default="priority")
    m.add_argument(
        "--measures",
        default="extracts,documents,participants",
        help="comma-separated: extracts, documents, participants, strength, quotes",
    )
    m.add_argument(
        "--by",
        dest="by_attribute",
        metavar="ATTRIBUTE",
        help="themes × this case attribute's values instead of a framework",
    )
    c = formats.add_parser("codebook", help="the codebook with counts, as .xlsx")
    c.add_argument("project", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument(
        "--by",
        dest="by_attribute",
        metavar="ATTRIBUTE",
        help="also count extracts by this case attribute's values",
    )
    q = formats.add_parser(
        "quotes",
        help="the quote bank: quotes under priorities and themes, each once, as .docx (A4)",
    )
    q.add_argument("project", type=Path)
    q.add_argument("out", type=Path, help="the .docx to write")
    q.add_argument("--framework", help="framework name (default: the project's first)")
    q.add_argument(
        "--quotes", choices=("key", "all"), default="key", help="key extracts only, or all"
    )
    q.add_argument(
        "--quote-style", choices=QUOTE_STYLES, default="blue-italic", help="how quotes are set"
    )
    r = formats.add_parser(
        "report", help="the theme report: themes under the strategy's priorities, as .docx (A4)"
    )
    r.add_argument("project", type=Path)
    r.add_argument("out", type=Path, help="the .docx to write")
    r.add_argument("--framework", help="framework name (default: the project's first)")
    r.add_argument("--template", type=Path, help="a .docx or .dotx whose styles to use")
    r.add_argument(
        "--quotes", choices=("key", "all"), default="key", help="key extracts only, or all"
    )
    r.add_argument("--quote-style", choices=QUOTE_STYLES, default="italic")


def run_report(args: argparse.Namespace) -> int:
    from qualcode.services.reports.reports import (
        export_codebook,
        export_matrix,
        export_quote_bank,
        quote_bank_summary,
    )
    from qualcode.storage.project import Project

    out: Path = args.out
    if not out.parent.is_dir():
        raise QualCodeError(f"{out.parent}: no such folder.")
    with Project.open(args.project, readonly=True) as project:
        if args.format == "report":
            from qualcode.services.reports.theme_report import export_theme_report

            if args.template is not None and not args.template.is_file():
                raise QualCodeError(f"{args.template}: no such file.")
            written = export_theme_report(
                project, out, args.framework, args.template, args.quotes, args.quote_style
            )
            themes = sum(len(s.themes) for s in written.sections)
            print(
                f"Wrote {out}: {plural(themes, 'theme')} under "
                f"{plural(len(written.sections), 'section')}"
                + (f" ({written.framework})." if written.framework else ".")
            )
        elif args.format == "matrix":
            measures = [m.strip() for m in args.measures.split(",") if m.strip()]
            report = export_matrix(
                project,
                out,
                framework=args.framework,
                level=args.level,
                measures=measures,
                by_attribute=args.by_attribute,
            )
            print(
                f"Wrote {out}: {plural(len(report.rows), 'theme')} × "
                f"{plural(len(report.columns), 'column')} "
                f"({report.title})."
            )
        elif args.format == "codebook":
            n = export_codebook(project, out, args.by_attribute)
            print(f"Wrote {out}: {plural(n, 'code')}.")
        else:
            bank = export_quote_bank(project, out, args.framework, args.quotes, args.quote_style)
            print(f"Wrote {out}: {quote_bank_summary(bank)}")
    return 0
