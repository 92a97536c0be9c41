"""The child process of :mod:`~qualcode.services.search.analysis_process`.

Run as ``python -m qualcode.services.search.analysis_worker``: it reads requests from its
standard input and answers on its standard output, each a length-prefixed pickle (the pipe joins
two processes of the same QualCode, never anything else). A request is (texts, parts, pipeline
tag); the answer is ``("ok", analysed)`` or ``("error", message)``. It ends when its input does.
"""

from __future__ import annotations

import pickle
import sys
from typing import IO, Any

HEADER = 8  # bytes of the big-endian length before each message


def write_message(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(HEADER, "big"))
    stream.write(data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """The next message, or ``None`` when the other side has closed the pipe."""
    header = stream.read(HEADER)
    if len(header) < HEADER:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # written by our own parent process, through a pipe


def serve(inp: IO[bytes], out: IO[bytes]) -> int:
    from qualcode.analysis.pipeline import get_pipeline
    from qualcode.services.search.search_index import analyse_documents

    while (request := read_message(inp)) is not None:
        texts, parts, tag = request
        try:
            pipeline = get_pipeline()
            if pipeline.tag != tag:
                raise RuntimeError(
                    f"the analysing process has the language pipeline {pipeline.tag}, "
                    f"the project is indexed with {tag}"
                )
            write_message(out, ("ok", analyse_documents(texts, parts, pipeline)))
        except Exception as exc:  # sent back and raised in the window, never lost here
            write_message(out, ("error", f"{type(exc).__name__}: {exc}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(serve(sys.stdin.buffer, sys.stdout.buffer))
