"""companies, jobs, saved jobs, applications

Revision ID: dab51bb340bc
Revises: 
Create Date: 2026-11-22 21:30:02.533020

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dab51bb340bc'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Trigram search on names and titles; pg_trgm is a trusted extension (PostgreSQL 13+), so
    # the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('companies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('website', sa.String(length=2048), nullable=True),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('size', sa.String(length=16), nullable=True),
    sa.Column('headquarters', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('job_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("size IN ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10000+')", name=op.f('ck_companies_size_known')),
    sa.CheckConstraint('job_count >= 0', name=op.f('ck_companies_job_count_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('slug', name=op.f('uq_companies_slug'))
    )
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.create_index('ix_companies_created_at_id', [sa.literal_column('created_at DESC'), sa.literal_column('id DESC')], unique=False)
        batch_op.create_index('ix_companies_industry_lower', [sa.literal_column('lower(industry)')], unique=False)
        batch_op.create_index('ix_companies_job_count_id', [sa.literal_column('job_count DESC'), sa.literal_column('id DESC')], unique=False)
        batch_op.create_index('ix_companies_name_trgm', ['name'], unique=False, postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
        batch_op.create_index('uq_companies_name_lower', [sa.literal_column('lower(name)')], unique=True)
        batch_op.create_index('ix_companies_name_id', ['name', 'id'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('employment_type', sa.String(length=16), nullable=False),
    sa.Column('workplace', sa.String(length=16), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("employment_type IN ('co-op', 'internship', 'full-time', 'part-time', 'contract')", name=op.f('ck_jobs_employment_type_known')),
    sa.CheckConstraint("workplace IN ('on-site', 'hybrid', 'remote')", name=op.f('ck_jobs_workplace_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_jobs_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_company_created_at_id', ['company_id', sa.literal_column('created_at DESC'), sa.literal_column('id DESC')], unique=False)
        batch_op.create_index('ix_jobs_created_at_id', [sa.literal_column('created_at DESC'), sa.literal_column('id DESC')], unique=False)
        batch_op.create_index('ix_jobs_title_trgm', ['title'], unique=False, postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops'})
        batch_op.create_index('uq_jobs_company_title_location', ['company_id', sa.literal_column('lower(title)'), sa.literal_column("lower(coalesce(location, ''))")], unique=True)

    op.create_table('applications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('job_id', sa.Uuid(), nullable=True),
    sa.Column('company_name', sa.String(length=200), nullable=False),
    sa.Column('position_title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('wishlist', 'applied', 'assessment', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn', 'ghosted')", name=op.f('ck_applications_status_known')),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_applications_job_id_jobs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_user_created_at_id', ['user_id', sa.literal_column('created_at DESC'), sa.literal_column('id DESC')], unique=False)

    op.create_table('saved_jobs',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('job_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_saved_jobs_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'job_id', name=op.f('pk_saved_jobs'))
    )
    with op.batch_alter_table('saved_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_jobs_job_id'), ['job_id'], unique=False)

    op.create_table('application_contacts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_contacts_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_contacts'))
    )
    with op.batch_alter_table('application_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_contacts_application_id'), ['application_id'], unique=False)

    op.create_table('application_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_events_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_events_application_id'), ['application_id'], unique=False)



def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_events_application_id'))

    op.drop_table('application_events')
    with op.batch_alter_table('application_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_contacts_application_id'))

    op.drop_table('application_contacts')
    with op.batch_alter_table('saved_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_jobs_job_id'))

    op.drop_table('saved_jobs')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_user_created_at_id')

    op.drop_table('applications')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('uq_jobs_company_title_location')
        batch_op.drop_index('ix_jobs_title_trgm', postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops'})
        batch_op.drop_index('ix_jobs_created_at_id')
        batch_op.drop_index('ix_jobs_company_created_at_id')

    op.drop_table('jobs')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_index('ix_companies_name_id')
        batch_op.drop_index('uq_companies_name_lower')
        batch_op.drop_index('ix_companies_name_trgm', postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
        batch_op.drop_index('ix_companies_job_count_id')
        batch_op.drop_index('ix_companies_industry_lower')
        batch_op.drop_index('ix_companies_created_at_id')

    op.drop_table('companies')
