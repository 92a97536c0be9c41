"""Importers: files in, plain domain objects out (:mod:`qualcode.importers.model`).

Pure: no database, no Qt. The import service writes what they return in one transaction.
"""
