"""Migrations from empty reach exactly the models, on SQLite and (with VTH_TEST_DATABASE_URL)
on PostgreSQL: no pending autogenerate diff, one head, and a downgrade that works."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from visitatie import db as database
from visitatie.models import metadata


def test_upgrade_from_empty_matches_models(empty_database_url):
    database.upgrade(empty_database_url)
    engine = database.make_engine(empty_database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert database.is_up_to_date(engine)
    engine.dispose()


def test_one_head():
    script = ScriptDirectory.from_config(database.alembic_config(""))
    assert len(script.get_heads()) == 1


def test_downgrade_to_base_and_back(empty_database_url):
    from alembic import command

    config = database.alembic_config(empty_database_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = database.make_engine(empty_database_url)
    assert database.is_up_to_date(engine)
    engine.dispose()
