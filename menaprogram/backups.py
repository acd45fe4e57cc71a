"""One archive of the whole database and the uploaded files, and bringing it back.

The archive is a gzipped tar holding `database.dump` (pg_dump's custom format, without
owners or privileges, so it restores under another role), the `media/` folder and a
`manifest.json` saying when and from what it was made.
"""

import gzip
import io
import json
import os
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

import django
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def libpq_environment(settings_dict):
    """pg_dump and pg_restore read the connection from these variables: no password on argv."""
    env = dict(os.environ)
    for key, name in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(name):
            env[key] = str(settings_dict[name])
    return env


def _run(command, settings_dict):
    result = subprocess.run(
        command, env=libpq_environment(settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result


def write_backup(archive, settings_dict, media_root):
    """Write the database named by `settings_dict` and the files under `media_root`."""
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        # --no-owner/--no-acl: the archive restores under whatever role runs the restore.
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}"],
            settings_dict,
        )
        manifest = {
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": settings_dict.get("NAME"),
            "last_migrations": _last_migrations(),
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=DUMP)
            media_root = Path(media_root)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        # Renamed only when complete: an interrupted backup never looks like a good one.
        partial.replace(archive)
    return manifest


def _last_migrations():
    applied = MigrationRecorder.Migration.objects.order_by("app", "name")
    last = {}
    for migration in applied:
        last[migration.app] = migration.name
    return last


def database_is_empty(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return cursor.fetchone()[0] == 0


def restore_backup(archive, settings_dict, media_root):
    """Restore `archive` into the (empty) database of `settings_dict` and into `media_root`."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    _check_whole(archive)
    try:
        with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
            return _restore_from(tar, Path(work), archive, settings_dict, media_root)
    except tarfile.TarError as error:
        raise BackupError(f"{archive} is not a menaprogram backup ({error}).") from None


def _check_whole(archive):
    """Read the archive to its end before restoring anything from it.

    gzip's trailer holds the length and checksum of everything before it, so a copy cut
    short or damaged on the way is found here, and the database is left untouched. A cut
    that falls after the last file would otherwise restore without a word.
    """
    try:
        with gzip.open(archive) as stream:
            while stream.read(1024 * 1024):
                pass
    except EOFError:
        raise BackupError(
            f"{archive} is incomplete: it ends before the end of the backup (was it copied "
            "whole?). Nothing was restored."
        ) from None
    except (OSError, zlib.error) as error:
        raise BackupError(
            f"{archive} is not a menaprogram backup or is damaged ({error}). Nothing was restored."
        ) from None


def _restore_from(tar, work, archive, settings_dict, media_root):
    names = tar.getnames()
    if DUMP not in names or MANIFEST not in names:
        raise BackupError(f"{archive} is not a menaprogram backup (no {DUMP}).")
    # The "data" filter refuses absolute paths, links out of the folder and devices.
    tar.extractall(work, filter="data")
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or "created_at" not in manifest:
        raise BackupError(f"{archive} is not a menaprogram backup (no readable {MANIFEST}).")
    # One transaction: a failed restore leaves the database as empty as it was.
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(work / DUMP),
        ],
        settings_dict,
    )
    media = work / MEDIA
    if media.is_dir():
        for source in media.rglob("*"):
            target = Path(media_root) / source.relative_to(media)
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())

    return manifest
