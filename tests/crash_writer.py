"""Child process for the crash test: writes actions forever until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from qualcode.services.coding import codes, codings
from qualcode.storage.project import Project


def main(path: str, first: int) -> None:
    project = Project.open(Path(path), author="crasher")
    doc_id = 1
    i = first
    print("ready", flush=True)
    while True:
        code_id = codes.create_code(project, f"batch-{i}").entity_id
        assert code_id is not None
        k = 2 + i % 5
        codings.add_codings(project, code_id, [codings.Span(doc_id, j, j + 5) for j in range(k)])
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
