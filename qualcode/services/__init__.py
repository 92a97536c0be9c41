"""Use cases: each public function is one transaction and returns a :class:`Change`.

No Qt here. The GUI's undo commands and the CLI call the same functions.
"""
