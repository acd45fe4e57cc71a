"""Reminders: the rules' thresholds, who gets what, snoozed items, digests sent, feed tokens."""

import datetime
import secrets

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models import Department
from partners.thresholds import Thresholds


def _days(label, default, help_text=""):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1)], help_text=help_text
    )


def _month():
    return [MinValueValidator(1), MaxValueValidator(12)]


def _day():
    return [MinValueValidator(1), MaxValueValidator(31)]


# Tracked, so that a change is a change of the data version (menaprogram.data_version): the
# dashboard and the documents cached by it show the partner figures with the new thresholds.
@pghistory.track()
class ReminderSettings(models.Model):
    """The thresholds of the reminder rules: one row, edited by administrators in the admin."""

    agreement_first_warning_days = _days(_("agreements: first warning, days before the end"), 90)
    agreement_second_warning_days = _days(_("agreements: second warning, days before the end"), 30)
    dormant_after_days = _days(_("partners: no event and no contact for, days"), 365)
    event_data_after_days = _days(
        _("events: results, participants and expenses entered within, days after the end"), 14
    )
    allotments_due_day = models.PositiveSmallIntegerField(
        _("allotments due: day"), default=1, validators=_day()
    )
    allotments_due_month = models.PositiveSmallIntegerField(
        _("allotments due: month"),
        default=2,
        validators=_month(),
        help_text=_("The year's allotments are to be entered by this day of the year."),
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("annual report due: day"), default=1, validators=_day()
    )
    report_due_month = models.PositiveSmallIntegerField(
        _("annual report due: month"),
        default=3,
        validators=_month(),
        help_text=_("The report on the year before is due on this day of the year."),
    )
    report_warning_days = _days(_("annual report: remind, days before it is due"), 60)
    overspend_percent = models.PositiveSmallIntegerField(
        _("spending category: over the plan above, %"),
        default=100,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("reminder thresholds")
        verbose_name_plural = _("reminder thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    agreement_second_warning_days__lte=models.F("agreement_first_warning_days")
                ),
                name="reminders_remindersettings_warnings_in_order",
                violation_error_message=_("The second warning cannot come before the first one."),
            ),
        ]

    def __str__(self):
        return str(_("Reminder thresholds"))

    @classmethod
    def load(cls):
        """The thresholds in force: the first row, or the defaults if nobody has saved any."""
        return cls.objects.order_by("pk").first() or cls()

    @classmethod
    def partner_thresholds(cls):
        """The thresholds the partner figures of every page share (partners.thresholds)."""
        limits = cls.load()
        return Thresholds(
            expiring_days=limits.agreement_first_warning_days,
            dormant_after_days=limits.dormant_after_days,
        )

    def clean(self):
        for prefix in ("allotments_due", "report_due"):
            try:
                self.due_on(prefix, 2024)  # a leap year: 29 February is allowed
            except (TypeError, ValueError):
                raise ValidationError(
                    {f"{prefix}_day": _("There is no such day in this month.")}
                ) from None

    def due_on(self, prefix, year):
        """The day `allotments_due` or `report_due` falls on in `year` (29.02 → 28.02)."""
        day, month = getattr(self, f"{prefix}_day"), getattr(self, f"{prefix}_month")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            if (month, day) == (2, 29):
                return datetime.date(year, 2, 28)
            raise


def _new_token():
    return secrets.token_urlsafe(32)


class Preferences(models.Model):
    """A person's department (whose reminders they get), digest choice and calendar token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_(
            "An editor gets the reminders of this department's events and those of no "
            "department; without a department, all of them."
        ),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest by e-mail"),
        default=True,
        help_text=_("On Monday morning: what is yours to do."),
    )
    calendar_token = models.CharField(
        _("calendar feed key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("reminder settings of a user")
        verbose_name_plural = _("reminder settings of users")

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]


class Snooze(models.Model):
    """An item a person put off until a date, and why; it comes back on that date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_snoozes"
    )
    item_key = models.CharField(_("item"), max_length=200)
    until = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("snoozed reminder")
        verbose_name_plural = _("snoozed reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_key"], name="reminders_snooze_one_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.item_key} → {self.until:%d.%m.%Y}"


class DigestEntry(models.Model):
    """An item sent to a person in the digest of an ISO week: never sent twice that week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    item_key = models.CharField(max_length=200)
    week = models.CharField(max_length=8, help_text="2026-W49")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item sent in a digest")
        verbose_name_plural = _("items sent in digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_key", "week"], name="reminders_digestentry_once_a_week"
            ),
        ]

    def __str__(self):
        return f"{self.item_key} {self.week}"
