"""The three roles of menaprogram as permission groups, kept in step with the models."""

from django.contrib.auth.management import create_permissions

EDITOR = "Редактор"
CONTROLLER = "Контроль"
ADMINISTRATOR = "Адміністратор"
ROLES = (EDITOR, CONTROLLER, ADMINISTRATOR)

BUSINESS_APPS = ("activities", "partners", "budget")

# What department staff enter and edit day to day. The program's structure (its
# passport, directions, results, categories, funding and allocations) is the
# administrators' to change; editors read it.
EDITED_BY_EDITORS = {
    "partners": {"partner", "contact", "agreement"},
    "activities": {
        "event",
        "participant",
        "publication",
        "eventfile",
        "indicatorvalue",
        # The year's narrative in the annual report is written by the department's staff.
        "annualreport",
    },
    # The finance department's transfers are entered like the expenses they allow.
    "budget": {"expense", "financing"},
}
# Of a model they edit, editors get these rights; a model's own extra rights (recording an
# expense above the spending limit) stay with the administrators.
EDITOR_ACTIONS = ("add_", "change_", "delete_", "view_")


def _role_permissions(Permission, role):
    ours = Permission.objects.filter(content_type__app_label__in=BUSINESS_APPS)
    if role == ADMINISTRATOR:
        return Permission.objects.filter(
            # axes: the records of failed sign-ins, which administrators delete to unlock;
            # reminders: the rules' thresholds and people's departments; procrastinate and
            # menaprogram's failed jobs: the background jobs, and their errors.
            content_type__app_label__in=(
                *BUSINESS_APPS,
                "auth",
                "admin",
                "axes",
                "reminders",
                "procrastinate",
                "menaprogram",
            )
        )
    if role == CONTROLLER:
        return ours.filter(codename__startswith="view_")
    editable = [(app, model) for app, models in EDITED_BY_EDITORS.items() for model in models]
    editor_perms = ours.filter(codename__startswith="view_")
    for app, model in editable:
        of_model = ours.filter(content_type__app_label=app, content_type__model=model)
        for action in EDITOR_ACTIONS:
            editor_perms |= of_model.filter(codename=f"{action}{model}")
    return editor_perms


def create_roles(apps, schema_editor=None):
    """Migration step: create the groups with the permissions of the models so far."""
    for app_config in apps.get_app_configs():
        # Permissions are normally made after all migrations have run; make them
        # now so that this migration can hand them out.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_permissions(apps)


def assign_permissions(apps, **kwargs):
    """Give each role exactly its permissions; runs after every migrate for new models."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_role_permissions(Permission, role))


def sync_roles():
    """After every migrate or flush: create all permissions, then hand them to the roles.

    post_migrate reaches the apps one by one; the apps after this one would otherwise
    have no permissions yet when the roles are filled (a flush between transactional
    tests empties the permission table too).
    """
    from django.apps import apps

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    assign_permissions(apps)


# The roles by the short names scripts use (`manage.py create_user --role editor`).
ROLE_KEYS = {"editor": EDITOR, "controller": CONTROLLER, "admin": ADMINISTRATOR}
