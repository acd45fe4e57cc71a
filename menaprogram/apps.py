from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class MenaprogramConfig(AppConfig):
    """The project package as an app: the machinery every domain app uses."""

    name = "menaprogram"
    verbose_name = _("Workspace machinery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from menaprogram import security_log  # noqa: F401  (connects the sign-in signals)
        from menaprogram.roles import sync_roles

        # The admin's index names these apps by their labels ("Axes", "Pghistory"): give
        # them names in the language of the page.
        apps.get_app_config("axes").verbose_name = _("Sign-in records")
        apps.get_app_config("pghistory").verbose_name = _("Audit trail")

        def sync(sender, **kwargs):
            sync_roles()

        # Models added later get their permissions after migrate; keep the roles in step.
        post_migrate.connect(sync, sender=self, dispatch_uid="menaprogram-sync-roles")
        # Every app's import kinds (`<app>/imports.py`) register themselves with the importer.
        autodiscover_modules("imports")
