"""attempt index: a cohort's answers in its course

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 09:20:00

"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # The item statistics and pre/post pages read the attempts of a cohort's learners in its course. With an
    # index on course_id alone SQLite read every attempt of the course, whichever cohort made it.
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_course_id_user_id_usage_id', ['course_id', 'user_id', 'usage_id'],
                              unique=False)
        batch_op.drop_index('ix_attempt_course_id')


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_course_id', ['course_id'], unique=False)
        batch_op.drop_index('ix_attempt_course_id_user_id_usage_id')
