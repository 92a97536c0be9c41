"""Themes in the window: panel, editor, review, thematic map, dataset review, strategy mapping."""
