"""Bring a backup archive back into an empty database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from menaprogram.backups import BackupError, database_is_empty, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into the configured database, which must be "
        "empty (create it with `create_database`; do not migrate it first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of a .tar.gz made by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        connection = connections["default"]
        if not database_is_empty(connection):
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} is not empty: restore only "
                "into a new database, so that nothing in it is overwritten."
            )
        connection.close()
        try:
            manifest = restore_backup(archive, connection.settings_dict, settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup made at {manifest['created_at']}.")
        )
