"""A backup restored into another database holds exactly what the original did."""

import datetime
import io
import os
import subprocess
import sys
import tarfile
from decimal import Decimal
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings as django_settings
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


@pytest.fixture
def archive(program, settings, tmp_path):
    """A real backup of the test database, as `manage.py backup` writes it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def _cut(archive, keep):
    cut = archive.with_name(f"cut-{keep}.tar.gz")
    data = archive.read_bytes()
    cut.write_bytes(data[: keep if keep > 0 else len(data) + keep])
    return cut


def _is_empty(params, name):
    with psycopg.connect(dbname=name, **params) as conn:
        return _tables(conn) == []


# Cut in the gzip header, in the middle of the dump, and after the last file (only the
# tar's end blocks and gzip's checksum lost: the files read, but the copy is not whole).
@pytest.mark.parametrize("keep", [100, 20_000, -30])
def test_a_truncated_archive_is_refused_and_the_database_stays_empty(
    archive, other_database, tmp_path, keep
):
    restored_settings, params = other_database
    with pytest.raises(BackupError, match="is incomplete.*Nothing was restored"):
        restore_backup(_cut(archive, keep), restored_settings, tmp_path / "restored")
    assert _is_empty(params, restored_settings["NAME"])
    assert not (tmp_path / "restored").exists()


def test_a_damaged_archive_is_refused(archive, other_database, tmp_path):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    restored_settings, params = other_database
    with pytest.raises(BackupError, match="or is damaged .*Nothing was restored"):
        restore_backup(damaged, restored_settings, tmp_path / "restored")
    assert _is_empty(params, restored_settings["NAME"])


def test_an_archive_with_an_unreadable_manifest_is_refused(other_database, tmp_path):
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(crafted, "w:gz") as tar:
        for name, data in (("database.dump", b"PGDMP"), ("manifest.json", b"[1, 2")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    restored_settings, params = other_database
    with pytest.raises(BackupError, match="no readable manifest.json"):
        restore_backup(crafted, restored_settings, tmp_path / "restored")
    assert _is_empty(params, restored_settings["NAME"])


def _manage_restore(path, restored_settings, params):
    """`manage.py restore` as an administrator runs it, into the empty database."""
    url = "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=quote(params.get("user") or ""),
        password=quote(params.get("password") or ""),
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        name=restored_settings["NAME"],
    )
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(path)],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda archive: _cut(archive, 20_000), "is incomplete"),
        (lambda archive: archive.with_name("notes.txt"), "not a menaprogram backup"),
    ],
)
def test_the_restore_command_says_what_is_wrong_in_one_line_without_a_traceback(
    archive, other_database, make, message
):
    path = make(archive)
    if not path.exists():
        path.write_text("Протокол засідання, не архів.")
    restored_settings, params = other_database
    result = _manage_restore(path, restored_settings, params)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("CommandError: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _is_empty(params, restored_settings["NAME"])
