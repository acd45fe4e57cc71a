"""A backup restored into another database holds exactly what the original did."""

import datetime
import io
from decimal import Decimal

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from budget.models import Expense, FundingSource
from menaprogram.backups import BackupError, restore_backup
from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _tables(conn):
    return [
        row[0]
        for row in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
    ]


def _fingerprints(conn):
    """Every table's rows, reduced to one digest per table (row order does not matter)."""
    return {
        table: conn.execute(
            sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} t"
            ).format(sql.Identifier(table))
        ).fetchone()
        for table in _tables(conn)
    }


@pytest.fixture
def other_database():
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context"):
        params.pop(key, None)
    name = f"{params.pop('dbname')}_restored"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**connection.settings_dict, "NAME": name}, params
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def test_a_backup_restores_every_table_and_file(program, settings, tmp_path, other_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    agreement = Agreement(partner=partner, title="Угода", signed_on=datetime.date(2022, 5, 1))
    agreement.scan.save("угода.pdf", ContentFile(PDF), save=True)
    Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2024, 3, 15),
        amount=Decimal("1234.56"),
    )
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    restored_settings, params = other_database
    restored_media = tmp_path / "restored-media"
    restore_backup(archive, restored_settings, restored_media)

    with psycopg.connect(dbname=connection.settings_dict["NAME"], **params) as original:
        expected = _fingerprints(original)
    with psycopg.connect(dbname=restored_settings["NAME"], **params) as restored:
        assert _fingerprints(restored) == expected
    assert expected["partners_partner"][0] == 1
    assert (restored_media / agreement.scan.name).read_bytes() == PDF


def test_restore_refuses_a_database_that_is_not_empty(program, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert Partner.objects.count() == 0  # nothing touched


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, other_database):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    restored_settings, _ = other_database
    with pytest.raises(BackupError, match="not a menaprogram backup"):
        restore_backup(bogus, restored_settings, tmp_path / "media")
