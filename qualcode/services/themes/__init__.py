"""Themes (phases 3 to 6): building and refining themes, their counts, the map, review, phases."""
