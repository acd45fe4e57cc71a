from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self):
        # Reminders sits below public and cannot import it: its rule registers itself.
        from public.reminders import WithholdingReviews
        from reminders.registry import register

        register(WithholdingReviews())
