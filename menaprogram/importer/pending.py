"""Where a file waits between its preview and the confirmation, and the confirmation itself.

The file waits in a private folder never served: uploads are served only from the folders
`serve_upload` knows; `MEDIA_ROOT/imports/` is not one of them. A file not confirmed within
a day is removed. Confirming claims the file with a row in the database (`ImportClaim`),
written in the import's own transaction.
"""

import datetime
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from menaprogram.importer import engine
from menaprogram.importer.engine import Outcome
from menaprogram.models import ImportClaim

PENDING_LIFETIME = datetime.timedelta(days=1)


class AlreadyImported(Exception):
    """The waiting file was imported already (or is gone): there is nothing to confirm."""


def _pending_dir():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending_path(token, suffix):
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        raise FileNotFoundError(token)
    return _pending_dir() / f"{token}.{suffix}"


def store_pending(raw, outcome):
    """Keep the file and its preview; return the token that finds them again."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    _pending_path(token, "upload").write_bytes(raw)
    _pending_path(token, "json").write_text(outcome.to_json(), encoding="utf-8")
    return token


def load_pending(token):
    """The waiting file's bytes and its preview; FileNotFoundError if it is gone."""
    raw = _pending_path(token, "upload").read_bytes()
    outcome = Outcome.from_json(_pending_path(token, "json").read_text(encoding="utf-8"))
    return raw, outcome


def replace_preview(token, outcome):
    """The waiting file's new preview (of another sheet, or after a failed confirmation)."""
    _pending_path(token, "json").write_text(outcome.to_json(), encoding="utf-8")


@transaction.atomic
def confirm_pending(token, *, kind, program):
    """Import the waiting file once; AlreadyImported if it was, ImportRefused if unreadable.

    The claim is inserted in the import's transaction: a second confirmation waits on it
    and then finds it (the file was imported), or finds none because the first was rolled
    back (a failed row, a crash, a worker killed) and imports the file itself. An import
    that fails is rolled back with its claim, and the new findings replace the preview.
    """
    try:
        raw, previewed = load_pending(token)
        with transaction.atomic():
            ImportClaim.objects.create(token=token, kind=kind.slug)
    except (FileNotFoundError, IntegrityError):
        raise AlreadyImported(token) from None
    outcome = engine.import_file(kind=kind, raw=raw, program=program, previewed=previewed)
    if outcome.ok:
        transaction.on_commit(lambda: discard_pending(token))
    else:
        transaction.set_rollback(True)
        replace_preview(token, outcome)
    return outcome


def discard_pending(token):
    for suffix in ("upload", "json"):
        _pending_path(token, suffix).unlink(missing_ok=True)


def _remove_stale():
    limit = time.time() - PENDING_LIFETIME.total_seconds()
    for path in _pending_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first
    # A claim outlives its file (claimed after the preview): once the file is gone, a
    # confirmation finds nothing to import anyway.
    ImportClaim.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
