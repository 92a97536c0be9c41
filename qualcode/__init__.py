"""QualCode: qualitative coding and thematic analysis over one SQLite project file."""

__version__ = "0.1.0"
