"""The data model, as SQLAlchemy 2 typed models.

Why these shapes:
- offsets (``start``/``end``) are code-point indices into ``Document.text``, end exclusive;
- everything REFI-QDA exchanges carries a ``guid`` so a round trip keeps identity;
- memos point at their target through nullable foreign keys (one per target kind) so deleting a
  target cascades to its memos and ``foreign_key_check`` can vouch for every link;
- indexes cover the hot queries: codings by document and by code, parts by document, theme-code
  both ways.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_guid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _guid() -> Mapped[str]:
    return mapped_column(String(36), unique=True, default=new_guid)


class Coder(Base):
    __tablename__ = "coder"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Document(Base):
    __tablename__ = "document"
    # the project's order of documents, read without the table's pages (which hold the texts)
    __table_args__ = (Index("ix_document_position", "position", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    char_count: Mapped[int] = mapped_column(Integer, default=0)  # len(text), kept for speed
    original_name: Mapped[str | None] = mapped_column(String(500))
    provenance: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "case"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)


class Attribute(Base):
    """A variable: typed, for cases or for documents (``scope``)."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("scope", "name", name="scope_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20), default="case")
    type: Mapped[str] = mapped_column(String(20), default="text")
    options: Mapped[str | None] = mapped_column(Text)  # JSON list for categories
    position: Mapped[int] = mapped_column(Integer, default=0)


class AttributeValue(Base):
    __tablename__ = "attribute_value"
    __table_args__ = (
        CheckConstraint("(case_id IS NULL) <> (document_id IS NULL)", name="one_target"),
        UniqueConstraint("attribute_id", "case_id", "document_id", name="one_value"),
        Index("ix_attribute_value_case", "case_id"),
        Index("ix_attribute_value_document", "document_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attribute.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text)


class Question(Base):
    __tablename__ = "question"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    instrument: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str | None] = mapped_column(Text)  # JSON list of tick-box options
    position: Mapped[int] = mapped_column(Integer, default=0)


class Part(Base):
    """A structural unit of a document: a speaker turn, a survey or form answer, a cue."""

    __tablename__ = "part"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        Index("ix_part_document_start", "document_id", "start"),
        Index("ix_part_case", "case_id"),
        Index("ix_part_question", "question_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="turn")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="SET NULL"))
    speaker_label: Mapped[str | None] = mapped_column(String(300))
    time_ms: Mapped[int | None] = mapped_column(Integer)


class Code(Base):
    __tablename__ = "code"
    __table_args__ = (Index("ix_code_parent", "parent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(500))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    colour: Mapped[str] = mapped_column(String(7), default="#4363D8")
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Where the code sits on the thematic map; None until placed (a default layout is used).
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)


class Coding(Base):
    __tablename__ = "coding"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        # Covering indexes: the document list and the codebook read these without the table.
        Index("ix_coding_document_span", "document_id", "start", "end"),
        Index("ix_coding_code_document", "code_id", "document_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Theme(Base):
    """A theme (phase 3 onwards), separate from codes. ``scope`` says what the theme takes in,
    ``scope_out`` what it leaves out; ``previous_status`` lets a discarded theme be restored."""

    __tablename__ = "theme"
    __table_args__ = (Index("ix_theme_parent", "parent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(500))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    is_miscellaneous: Mapped[bool] = mapped_column(Boolean, default=False)
    central_concept: Mapped[str] = mapped_column(Text, default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#469990")
    position: Mapped[int] = mapped_column(Integer, default=0)
    scope_out: Mapped[str] = mapped_column(Text, default="")
    previous_status: Mapped[str | None] = mapped_column(String(20))
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)


class ThemeCode(Base):
    __tablename__ = "theme_code"
    __table_args__ = (Index("ix_theme_code_code", "code_id", "theme_id"),)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True
    )
    code_id: Mapped[int] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), primary_key=True
    )


class Framework(Base):
    __tablename__ = "framework"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(300), unique=True)
    source: Mapped[str | None] = mapped_column(Text)


class FrameworkItem(Base):
    __tablename__ = "framework_item"
    __table_args__ = (
        UniqueConstraint("framework_id", "ref", name="framework_ref"),
        Index("ix_framework_item_parent", "parent_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_item.id", ondelete="CASCADE")
    )
    label: Mapped[str] = mapped_column(Text)
    aliases: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ThemeItem(Base):
    __tablename__ = "theme_item"
    __table_args__ = (
        CheckConstraint("strength IN ('primary', 'secondary')", name="strength"),
        Index("ix_theme_item_item", "item_id"),
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("framework_item.id", ondelete="CASCADE"), primary_key=True
    )
    strength: Mapped[str] = mapped_column(String(10), default="primary")
    rationale: Mapped[str] = mapped_column(Text, default="")


class Quote(Base):
    __tablename__ = "quote"
    __table_args__ = (Index("ix_quote_document", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("coding.id", ondelete="SET NULL"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    edited_text: Mapped[str] = mapped_column(Text, default="")
    attribution: Mapped[str] = mapped_column(Text, default="")
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)


class Memo(Base):
    __tablename__ = "memo"
    __table_args__ = (
        Index("ix_memo_document", "document_id"),
        Index("ix_memo_code", "code_id"),
        Index("ix_memo_theme", "theme_id"),
        Index("ix_memo_case", "case_id"),
        Index("ix_memo_coding", "coding_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    kind: Mapped[str] = mapped_column(String(20), default="analytic")
    title: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"))


class ChangeLog(Base):
    """The audit trail of structural changes; never rolled back by undo (undo is logged too)."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_guid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_guid: Mapped[str | None] = mapped_column(String(36))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)


class MapVersion(Base):
    """A named version of the thematic map: themes, links, positions and statuses as JSON, so an
    earlier map can be viewed beside the current one even after themes were merged or deleted."""

    __tablename__ = "map_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    name: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    snapshot: Mapped[str] = mapped_column(Text)


class Setting(Base):
    """Project-wide settings (current author, phase, attribution template...) as key/value."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SearchUnit(Base):
    """A passage of the full-text index: a turn, an answer or a paragraph outside them.

    Derived data (rebuilt from the documents at any time), so it is never undone or exported.
    Ids are never reused (AUTOINCREMENT): the full-text table keeps rows of deleted documents
    until the next rebuild, and a reused id would point such a row at another passage.
    """

    __tablename__ = "search_unit"
    __table_args__ = (
        Index("ix_search_unit_document", "document_id", "start"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class SearchDocument(Base):
    """Which documents the index holds, and which text pipeline analysed them."""

    __tablename__ = "search_document"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    guid: Mapped[str] = mapped_column(String(36))
    pipeline: Mapped[str] = mapped_column(String(100))
    indexed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SearchForm(Base):
    """Each lemma's word forms seen in the texts (lower case): a lemma search looks for these."""

    __tablename__ = "search_form"
    lemma: Mapped[str] = mapped_column(String(200), primary_key=True)
    form: Mapped[str] = mapped_column(String(200), primary_key=True)


class Recommendation(Base):
    """A numbered recommendation of the register (issue 19), under a framework priority.

    ``position`` orders it within its priority (the register numbers them in that order across
    the priorities); the priority is a framework item so the register follows the framework's
    order, and deleting the item leaves the recommendation unassigned rather than deleting it.
    """

    __tablename__ = "recommendation"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'agreed', 'in_progress', 'done', 'dropped')", name="status"
        ),
        Index("ix_recommendation_item", "framework_item_id", "position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = _guid()
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    framework_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_item.id", ondelete="SET NULL")
    )
    owner: Mapped[str] = mapped_column(String(300), default="")
    timescale: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RecommendationTheme(Base):
    """A theme supporting a recommendation (the register's "Based on themes ..." line)."""

    __tablename__ = "recommendation_theme"
    __table_args__ = (Index("ix_recommendation_theme_theme", "theme_id"),)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True
    )


class RecommendationExtract(Base):
    """A coded extract given as evidence for a recommendation (printed with its quote, if any)."""

    __tablename__ = "recommendation_extract"
    __table_args__ = (Index("ix_recommendation_extract_coding", "coding_id"),)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    coding_id: Mapped[int] = mapped_column(
        ForeignKey("coding.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


# Tables whose rows a user would count; ``qualcode info`` reports each.
COUNTED_TABLES: tuple[str, ...] = (
    "coder",
    "document",
    "part",
    "case",
    "attribute",
    "attribute_value",
    "question",
    "code",
    "coding",
    "theme",
    "theme_code",
    "framework",
    "framework_item",
    "theme_item",
    "quote",
    "memo",
    "map_version",
    "recommendation",
    "change_log",
)
