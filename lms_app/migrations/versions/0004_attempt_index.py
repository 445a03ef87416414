"""attempt index: a learner's attempts by question

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 08:40:00

"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_user_id_usage_id_id', ['user_id', 'usage_id', 'id'], unique=False)
        batch_op.drop_index('ix_attempt_user_id')


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_user_id', ['user_id'], unique=False)
        batch_op.drop_index('ix_attempt_user_id_usage_id_id')
