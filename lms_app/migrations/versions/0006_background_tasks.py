"""background tasks: reminders sent to learners, files prepared for facilitators

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_reminder_cohort_id_cohort'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reminder_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
        sa.UniqueConstraint('cohort_id', 'user_id', 'sent_on', name=op.f('uq_reminder_cohort_id_user_id_sent_on')),
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_user_id'), ['user_id'], unique=False)

    op.create_table(
        'prepared_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_prepared_file_cohort_id_cohort'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_prepared_file_requested_by_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prepared_file')),
        sa.UniqueConstraint('token', name=op.f('uq_prepared_file_token')),
    )
    with op.batch_alter_table('prepared_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prepared_file_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prepared_file_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('prepared_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prepared_file_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_prepared_file_cohort_id'))
    op.drop_table('prepared_file')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_user_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_cohort_id'))
    op.drop_table('reminder')
