"""Where a file waits between its preview and the confirmation, and the confirmation itself.

The file waits in the uploads' storage (so any app server can confirm what another one
previewed), in a private folder never served: uploads are served only from the folders
`serve_upload` knows; `imports/` is not one of them. A file not confirmed within
a day is removed. Confirming claims the file with a row in the database (`ImportClaim`),
written in the import's own transaction.

A large file is checked by a background job (`menaprogram.tasks.check_import`): until its
preview is written, a small state file says that the check runs (since when) or why it
failed; the preview page polls it.
"""

import datetime
import json
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from menaprogram.importer import engine
from menaprogram.importer.engine import Outcome
from menaprogram.models import ImportClaim

PENDING_LIFETIME = datetime.timedelta(days=1)
FOLDER = "imports"
# Any file within the limits is checked or refused in well under a minute (bench/imports.py):
# a check still running after this long was lost (its worker stopped) and may be started again.
CHECK_LOST_AFTER = datetime.timedelta(minutes=3)


class AlreadyImported(Exception):
    """The waiting file was imported already (or is gone): there is nothing to confirm."""


def _pending_name(token, suffix):
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        raise FileNotFoundError(token)
    return f"{FOLDER}/{token}.{suffix}"


def _write(name, content):
    # The storage would rename a file that exists (a new preview of the same file).
    default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def _read(name):
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def store_pending(raw, outcome):
    """Keep the file and its preview; return the token that finds them again."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    _write(_pending_name(token, "upload"), raw)
    _write(_pending_name(token, "json"), outcome.to_json().encode())
    return token


def store_upload(raw):
    """Keep a file whose preview is still to be made; return its token."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    _write(_pending_name(token, "upload"), raw)
    return token


def load_upload(token):
    """The waiting file's bytes; FileNotFoundError if it is gone."""
    return _read(_pending_name(token, "upload"))


def start_check(token, *, sheet=""):
    """Mark the file as being checked; return the check's id (the job carries it)."""
    check = secrets.token_urlsafe(12)
    _write_state(token, {"state": "checking", "check": check, "sheet": sheet})
    return check


def fail_check(token, message, *, retry):
    """The check ended without a preview: `message` says why; `retry` if trying again may help."""
    _write_state(token, {"state": "failed", "message": message, "retry": retry})


def finish_check(token, outcome):
    """The check's preview: written first, then the state goes (the preview shows)."""
    _write(_pending_name(token, "json"), outcome.to_json().encode())
    default_storage.delete(_pending_name(token, "state"))


def check_state(token):
    """None when the preview is there to show; else the check's state, a dict with `state`:

    `checking` (with `check`, its id, `sheet`, and `lost` if it ran too long to be alive),
    or `failed` (with `message` and `retry`). FileNotFoundError if the file is gone.
    """
    name = _pending_name(token, "state")
    try:
        state = json.loads(_read(name).decode())
    except FileNotFoundError:
        if not default_storage.exists(_pending_name(token, "json")):
            raise
        return None
    if state["state"] == "checking":
        started = default_storage.get_modified_time(name)
        state["lost"] = started < timezone.now() - CHECK_LOST_AFTER
    return state


def _write_state(token, state):
    _write(_pending_name(token, "state"), json.dumps(state, ensure_ascii=False).encode())


def load_pending(token):
    """The waiting file's bytes and its preview; FileNotFoundError if it is gone."""
    raw = _read(_pending_name(token, "upload"))
    outcome = Outcome.from_json(_read(_pending_name(token, "json")).decode())
    return raw, outcome


def replace_preview(token, outcome):
    """The waiting file's new preview (of another sheet, or after a failed confirmation)."""
    finish_check(token, outcome)


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
    for suffix in ("upload", "json", "state"):
        default_storage.delete(_pending_name(token, suffix))


def _remove_stale():
    limit = timezone.now() - PENDING_LIFETIME
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        names = []  # nothing has waited yet
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < limit:
                default_storage.delete(f"{FOLDER}/{name}")
        except FileNotFoundError:
            pass  # another request removed it first
    # A claim outlives its file (claimed after the preview): once the file is gone, a
    # confirmation finds nothing to import anyway.
    ImportClaim.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
