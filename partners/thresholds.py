"""The partnership thresholds the pages share: how long before its end an agreement counts as
expiring, and how long without an event or a contact a partner counts as dormant.

Administrators edit them with the reminders' thresholds (reminders.models.ReminderSettings).
That app sits above the pages that show them (the home page and the dashboard in reports), so
it registers its reader here at start-up, as apps register their import kinds with the
importer; without it the defaults hold.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    expiring_days: int = 90
    dormant_after_days: int = 365


DEFAULTS = Thresholds()
_readers = []


def register(reader):
    """`reader()` returns the Thresholds in force; the last one registered is asked."""
    _readers.append(reader)


def current():
    """The thresholds in force (with the reminders app: one query)."""
    return _readers[-1]() if _readers else DEFAULTS
