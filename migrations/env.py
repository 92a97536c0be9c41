"""Alembic environment: QualCode passes the connection in; batch mode for SQLite ALTERs."""

from alembic import context

from qualcode.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("QualCode runs migrations itself: open the project with QualCode.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
