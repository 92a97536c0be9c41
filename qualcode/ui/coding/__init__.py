"""The coding workbench: reader, codebook, quick code, documents, memos and retrieval panels."""
