"""The recommendation register (issue 19): numbered recommendations under strategy priorities.

``edits`` holds the undoable operations (create, edit, delete, move, renumber, links to themes
and extracts); ``register`` reads the register in order with its evidence, and the check.
"""
