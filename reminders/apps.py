from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders and calendars")

    def ready(self):
        # The home page and the dashboard (reports, below this app) warn of expiring
        # agreements and dormant partners with the administrators' thresholds.
        from partners import thresholds
        from reminders.models import ReminderSettings

        thresholds.register(ReminderSettings.partner_thresholds)
