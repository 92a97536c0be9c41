"""Initial schema: every entity of the first data model.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 06:50:29.782776
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attribute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('options', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute')),
    sa.UniqueConstraint('guid', name=op.f('uq_attribute_guid')),
    sa.UniqueConstraint('scope', 'name', name='scope_name')
    )
    op.create_table('case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_facilitator', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case')),
    sa.UniqueConstraint('guid', name=op.f('uq_case_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_case_name'))
    )
    op.create_table('coder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coder')),
    sa.UniqueConstraint('guid', name=op.f('uq_coder_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_coder_name'))
    )
    op.create_table('framework',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework')),
    sa.UniqueConstraint('guid', name=op.f('uq_framework_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_framework_name'))
    )
    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('instrument', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=50), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('options', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('guid', name=op.f('uq_question_guid'))
    )
    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_miscellaneous', sa.Boolean(), nullable=False),
    sa.Column('central_concept', sa.Text(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['theme.id'], name=op.f('fk_theme_parent_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
    sa.UniqueConstraint('guid', name=op.f('uq_theme_guid'))
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index('ix_theme_parent', ['parent_id'], unique=False)

    op.create_table('change_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_guid', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_change_log_coder_id_coder'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log'))
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_entity', ['entity', 'entity_guid'], unique=False)

    op.create_table('code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('inclusion', sa.Text(), nullable=False),
    sa.Column('exclusion', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_code_coder_id_coder'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['code.id'], name=op.f('fk_code_parent_id_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code')),
    sa.UniqueConstraint('guid', name=op.f('uq_code_guid'))
    )
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.create_index('ix_code_parent', ['parent_id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=500), nullable=True),
    sa.Column('provenance', sa.Text(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_document_coder_id_coder'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('guid', name=op.f('uq_document_guid'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_content_hash'), ['content_hash'], unique=False)

    op.create_table('framework_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=50), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_framework_item_framework_id_framework'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['framework_item.id'], name=op.f('fk_framework_item_parent_id_framework_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_item')),
    sa.UniqueConstraint('framework_id', 'ref', name='framework_ref')
    )
    with op.batch_alter_table('framework_item', schema=None) as batch_op:
        batch_op.create_index('ix_framework_item_parent', ['parent_id'], unique=False)

    op.create_table('attribute_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attribute_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Text(), nullable=False),
    sa.CheckConstraint('(case_id IS NULL) <> (document_id IS NULL)', name=op.f('ck_attribute_value_one_target')),
    sa.ForeignKeyConstraint(['attribute_id'], ['attribute.id'], name=op.f('fk_attribute_value_attribute_id_attribute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_attribute_value_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_attribute_value_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute_value')),
    sa.UniqueConstraint('attribute_id', 'case_id', 'document_id', name='one_value')
    )
    with op.batch_alter_table('attribute_value', schema=None) as batch_op:
        batch_op.create_index('ix_attribute_value_case', ['case_id'], unique=False)
        batch_op.create_index('ix_attribute_value_document', ['document_id'], unique=False)

    op.create_table('coding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f('ck_coding_span')),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_coding_code_id_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_coding_coder_id_coder'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_coding_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coding')),
    sa.UniqueConstraint('guid', name=op.f('uq_coding_guid'))
    )
    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.create_index('ix_coding_code', ['code_id'], unique=False)
        batch_op.create_index('ix_coding_document_start', ['document_id', 'start'], unique=False)

    op.create_table('part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('speaker_label', sa.String(length=300), nullable=True),
    sa.Column('time_ms', sa.Integer(), nullable=True),
    sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f('ck_part_span')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_part_case_id_case'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_part_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_part_question_id_question'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_part'))
    )
    with op.batch_alter_table('part', schema=None) as batch_op:
        batch_op.create_index('ix_part_case', ['case_id'], unique=False)
        batch_op.create_index('ix_part_document_start', ['document_id', 'start'], unique=False)
        batch_op.create_index('ix_part_question', ['question_id'], unique=False)

    op.create_table('theme_code',
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_theme_code_code_id_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_theme_code_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_id', 'code_id', name=op.f('pk_theme_code'))
    )
    with op.batch_alter_table('theme_code', schema=None) as batch_op:
        batch_op.create_index('ix_theme_code_code', ['code_id', 'theme_id'], unique=False)

    op.create_table('theme_item',
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('strength', sa.String(length=10), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.CheckConstraint("strength IN ('primary', 'secondary')", name=op.f('ck_theme_item_strength')),
    sa.ForeignKeyConstraint(['item_id'], ['framework_item.id'], name=op.f('fk_theme_item_item_id_framework_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_theme_item_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_id', 'item_id', name=op.f('pk_theme_item'))
    )
    with op.batch_alter_table('theme_item', schema=None) as batch_op:
        batch_op.create_index('ix_theme_item_item', ['item_id'], unique=False)

    op.create_table('memo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('coding_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_memo_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_memo_code_id_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coder_id'], ['coder.id'], name=op.f('fk_memo_coder_id_coder'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coding_id'], ['coding.id'], name=op.f('fk_memo_coding_id_coding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_memo_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_memo_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memo')),
    sa.UniqueConstraint('guid', name=op.f('uq_memo_guid'))
    )
    with op.batch_alter_table('memo', schema=None) as batch_op:
        batch_op.create_index('ix_memo_case', ['case_id'], unique=False)
        batch_op.create_index('ix_memo_code', ['code_id'], unique=False)
        batch_op.create_index('ix_memo_coding', ['coding_id'], unique=False)
        batch_op.create_index('ix_memo_document', ['document_id'], unique=False)
        batch_op.create_index('ix_memo_theme', ['theme_id'], unique=False)

    op.create_table('quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('coding_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('edited_text', sa.Text(), nullable=False),
    sa.Column('attribution', sa.Text(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['coding_id'], ['coding.id'], name=op.f('fk_quote_coding_id_coding'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_quote_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote')),
    sa.UniqueConstraint('guid', name=op.f('uq_quote_guid'))
    )
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.create_index('ix_quote_document', ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quote', schema=None) as batch_op:
        batch_op.drop_index('ix_quote_document')

    op.drop_table('quote')
    with op.batch_alter_table('memo', schema=None) as batch_op:
        batch_op.drop_index('ix_memo_theme')
        batch_op.drop_index('ix_memo_document')
        batch_op.drop_index('ix_memo_coding')
        batch_op.drop_index('ix_memo_code')
        batch_op.drop_index('ix_memo_case')

    op.drop_table('memo')
    with op.batch_alter_table('theme_item', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_item_item')

    op.drop_table('theme_item')
    with op.batch_alter_table('theme_code', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_code_code')

    op.drop_table('theme_code')
    with op.batch_alter_table('part', schema=None) as batch_op:
        batch_op.drop_index('ix_part_question')
        batch_op.drop_index('ix_part_document_start')
        batch_op.drop_index('ix_part_case')

    op.drop_table('part')
    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.drop_index('ix_coding_document_start')
        batch_op.drop_index('ix_coding_code')

    op.drop_table('coding')
    with op.batch_alter_table('attribute_value', schema=None) as batch_op:
        batch_op.drop_index('ix_attribute_value_document')
        batch_op.drop_index('ix_attribute_value_case')

    op.drop_table('attribute_value')
    with op.batch_alter_table('framework_item', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_item_parent')

    op.drop_table('framework_item')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_content_hash'))

    op.drop_table('document')
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.drop_index('ix_code_parent')

    op.drop_table('code')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_entity')

    op.drop_table('change_log')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_parent')

    op.drop_table('theme')
    op.drop_table('question')
    op.drop_table('framework')
    op.drop_table('coder')
    op.drop_table('case')
    op.drop_table('attribute')
