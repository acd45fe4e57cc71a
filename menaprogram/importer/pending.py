"""Where a file waits between its preview and the confirmation: a private folder never served.

Uploads are served only from the folders `serve_upload` knows; `MEDIA_ROOT/imports/` is
not one of them. A file not confirmed within a day is removed.
"""

import datetime
import os
import secrets
import time
from pathlib import Path

from django.conf import settings

from menaprogram.importer.engine import Outcome

PENDING_LIFETIME = datetime.timedelta(days=1)


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


def claim_pending(token):
    """Take the waiting file for importing; a second claim (a double click) finds it gone."""
    claimed = _pending_path(token, "running")
    os.rename(_pending_path(token, "upload"), claimed)  # atomic: only one request wins
    return claimed.read_bytes()


def release_pending(token, outcome=None):
    """Put a claimed file back after a failed import, with the new findings."""
    os.rename(_pending_path(token, "running"), _pending_path(token, "upload"))
    if outcome is not None:
        _pending_path(token, "json").write_text(outcome.to_json(), encoding="utf-8")


def discard_pending(token):
    for suffix in ("upload", "running", "json"):
        _pending_path(token, suffix).unlink(missing_ok=True)


def _remove_stale():
    limit = time.time() - PENDING_LIFETIME.total_seconds()
    for path in _pending_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first
