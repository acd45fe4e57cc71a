from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Program and activities")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Every app's kinds of change (`<app>/amendments.py`) register themselves.
        autodiscover_modules("amendments")
