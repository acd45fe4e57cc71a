"""The bell's part of every page's context: whether it fetches its count after the page loads."""

from django.conf import settings


def bell(request):
    return {"bell_autoload": getattr(settings, "REMINDERS_BELL_AUTOLOAD", True)}
