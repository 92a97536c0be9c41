"""The coding workbench's use cases: codes, codings, memos, retrieval and what the reader shows."""
