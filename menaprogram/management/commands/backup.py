"""Write one archive of the whole database and the uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from menaprogram.backups import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive path (default: backups/menaprogram-<date>-<time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        archive = Path(output or settings.BASE_DIR / "backups" / f"menaprogram-{stamp}.tar.gz")
        try:
            write_backup(archive, connections["default"].settings_dict, settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive} ({size:.1f} MB)."))
