"""Child process of the kill test: performs random real operations until it is killed, printing
``done N`` after operation N has returned (so committed)."""

from __future__ import annotations

import sys
from pathlib import Path

from qualcode.services.undo.changes import Change
from qualcode.storage.project import Project
from tests.kill.ops import run


def main(path: str, seed: int, first: int, folder: str) -> None:
    project = Project.open(Path(path), author="writer")
    history: list[Change] = []
    print("ready", flush=True)
    step = first
    while True:
        op = run(project, seed, step, history, Path(folder), side=True)
        print(f"done {step} {op}", flush=True)
        step += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
