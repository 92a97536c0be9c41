"""Persistence: SQLAlchemy models, the project file (pragmas, lock, migrations, Save As)."""
