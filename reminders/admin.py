"""The reminders in the admin: the rules' thresholds, and each person's department and digest."""

from django.contrib import admin

from menaprogram.admin import LocalizedAdmin
from reminders.models import Preferences, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(LocalizedAdmin):
    fieldsets = [
        (None, {"fields": ["agreement_first_warning_days", "agreement_second_warning_days"]}),
        (None, {"fields": ["dormant_after_days", "event_data_after_days"]}),
        (None, {"fields": ["allotments_due_day", "allotments_due_month"]}),
        (None, {"fields": ["report_due_day", "report_due_month", "report_warning_days"]}),
        (None, {"fields": ["overspend_percent"]}),
    ]


@admin.register(Preferences)
class PreferencesAdmin(LocalizedAdmin):
    list_display = ["user", "department", "weekly_digest"]
    list_filter = ["department", "weekly_digest"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "department"]
    list_select_related = ["user", "department"]
