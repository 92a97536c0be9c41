"""Exporters: plain data in, files out (REFI-QDA .qdc and .qdpx so far).

Like the importers, they are pure: no database, no Qt. A service gathers what to export from the
project into plain dataclasses and hands them here, so the file formats can be tested on their own
and the same writers serve the CLI and the GUI.
"""
