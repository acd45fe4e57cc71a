from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Program and activities")

    def ready(self):
        from django.apps import apps as global_apps

        from activities.roles import assign_permissions

        # `flush` (run between transactional tests) empties the groups and sends no `apps`.
        def sync(sender, apps=global_apps, **kwargs):
            assign_permissions(apps)

        # Models added later get their permissions after migrate; keep the roles in step.
        post_migrate.connect(sync, sender=self, dispatch_uid="activities-sync-roles")
