from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Program and activities")

    def ready(self):
        import tablib

        from activities import security_log  # noqa: F401  (connects the sign-in signals)
        from activities.roles import sync_roles

        def sync(sender, **kwargs):
            sync_roles()

        # Models added later get their permissions after migrate; keep the roles in step.
        post_migrate.connect(sync, sender=self, dispatch_uid="activities-sync-roles")
        # Typed text such as `=HYPERLINK(…)` stays text in every XLSX we write.
        tablib.formats.registry.register("xlsx", "activities.spreadsheets.TextXLSX")
