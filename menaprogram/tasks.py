"""The import pages' background job: checking a large file outside the request."""

import contextlib
import gc
import threading

from django.utils import translation
from django.utils.translation import gettext as _

from activities.models import Program
from menaprogram.importer import engine, pending, reading, registry
from menaprogram.jobs import job
from menaprogram.yielding import yielding_cpu


# Not retried by the queue: the person waiting on the page sees the failure at once and
# may check again (the page offers it), rather than wait minutes for a retry.
@job(retry=False)
def check_import(token, check, kind, program, sheet="", language="uk"):
    """Preview the waiting file `token` and keep the preview for its page.

    Safe to run twice: a check that is no longer the file's current one (done already,
    superseded by another sheet's, or the import cancelled) does nothing; the current one
    writes the same two files again.
    """
    try:
        state = pending.check_state(token)
    except FileNotFoundError:
        return  # cancelled, imported or expired: nothing waits any more
    if state is None or state["state"] != "checking" or state["check"] != check:
        return
    # The pages of the people at work come first, while the file is checked and while its
    # preview (megabytes of JSON for a large file) is written (see yielding_cpu).
    with translation.override(language), yielding_cpu(), cycles_collected_after():
        try:
            raw = pending.load_upload(token)
            outcome = engine.preview(
                kind=registry.get(kind),
                program=Program.objects.filter(pk=program).first(),
                raw=raw,
                sheet=sheet,
            )
        except FileNotFoundError:
            return
        except reading.ImportRefused as refusal:
            pending.fail_check(token, refusal.message, retry=False)
            return
        except Exception:
            pending.fail_check(
                token,
                _(
                    "The file could not be checked because of an error on the server. Check it "
                    "again; if it fails again, tell the administrator."
                ),
                retry=True,
            )
            raise  # kept in the list of failed jobs
        # Another check may have replaced this one meanwhile (the page offered to check again).
        try:
            state = pending.check_state(token)
        except FileNotFoundError:
            return
        if state is not None and state.get("check") == check:
            pending.finish_check(token, outcome)


# Threads checking a file at once; Python's cycle collector is paused while any does.
_running = 0
_running_lock = threading.Lock()


@contextlib.contextmanager
def cycles_collected_after():
    """Pause Python's cycle collector while the job worker checks a file.

    Every row's objects live until the preview is written (350 MB for 50,000 refused rows),
    and the collector walked them all again each time they had grown by a quarter: a third
    of a large file's check. The cycles a file leaves are few (20 MB more at its peak); the
    collector finds them on its next run after the file. The collector is the process's:
    hence only in the worker, where nothing else waits on it (in gunicorn the other threads'
    requests would go without it), and the count of threads checking a file.
    """
    global _running
    with _running_lock:
        _running += 1
        gc.disable()
    try:
        yield
    finally:
        with _running_lock:
            _running -= 1
            if not _running:
                gc.enable()
