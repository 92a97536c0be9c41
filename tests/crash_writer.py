"""Child process for the crash test: writes actions forever until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from qualcode.services.coding import codes, codings
from qualcode.storage.project import Project


def main(path: str, first: int, compound: bool) -> None:
    """Separate actions (create a code; code k spans) or, with ``compound``, one action that
    creates the code and codes with it (quick code / in-vivo / autocode onto a new code)."""
    project = Project.open(Path(path), author="crasher")
    doc_id = 1
    i = first
    print("ready", flush=True)
    while True:
        k = 2 + i % 5
        spans = [codings.Span(doc_id, j, j + 5) for j in range(k)]
        if compound:
            codes.create_then(
                project,
                f"batch-{i}",
                lambda code_id, spans=spans: codings.add_codings(project, code_id, spans),
                "create and code",
            )
        else:
            code_id = codes.create_code(project, f"batch-{i}").entity_id
            assert code_id is not None
            codings.add_codings(project, code_id, spans)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == "compound")
