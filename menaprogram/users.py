"""People and their roles: the reads and writes behind the users page and `create_user`.

A role is enough: the role's group carries the permissions, and `is_staff` (the admin's door)
follows the role «Адміністратор», so nobody juggles staff status by hand. Whatever is
changed, at least one active administrator remains.
"""

import secrets

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from menaprogram.roles import ADMINISTRATOR, ROLES

# Fields of a person that the users page edits (and whose change by someone else it detects).
EDITED_FIELDS = ("first_name", "last_name", "email", "is_active", "groups")


def generated_password():
    """A password to hand over once: 16 characters from 12 random bytes."""
    return secrets.token_urlsafe(12)


def role_of(user):
    """The person's role (a group name from ROLES), the highest if several; None without one.

    A superuser without the group counts as an administrator: that is what they can do.
    """
    names = {group.name for group in user.groups.all()}
    for role in (ADMINISTRATOR, *[r for r in ROLES if r != ADMINISTRATOR]):
        if role in names:
            return role
    return ADMINISTRATOR if user.is_superuser else None


def user_list():
    """Everyone, administrators' groups prefetched: two queries however many people."""
    roles = Prefetch("groups", queryset=Group.objects.filter(name__in=ROLES))
    return get_user_model().objects.prefetch_related(roles).order_by("-is_active", "username")


def _administrators():
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR), is_active=True
    )


def _apply_role(user, role):
    """Put the person in exactly one role's group; the admin's door follows the role."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.is_staff = role == ADMINISTRATOR
    if role != ADMINISTRATOR:
        # Otherwise a superuser "demoted" to editor could still do everything.
        user.is_superuser = False
    user.save()
    others = user.groups.filter(name__in=ROLES).exclude(name=role)
    user.groups.remove(*others)
    user.groups.add(Group.objects.get(name=role))


@transaction.atomic
def create_user(*, username, role, email="", first_name="", last_name="", password=None):
    """A new person in `role`; returns (user, password), the password generated if not given."""
    User = get_user_model()
    password = password or generated_password()
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    _apply_role(user, role)
    return user, password


@transaction.atomic
def update_user(*, user, by, role, is_active, **fields):
    """Change a person's details, role and whether they may sign in.

    Refused (ValidationError) when it would switch off the person doing it or leave no
    active administrator.
    """
    # Two administrators demoting each other at once: the second waits here for the first.
    list(_administrators().select_for_update(of=("self",)))
    if user.pk == by.pk and not is_active:
        raise ValidationError(
            _("You cannot deactivate your own account: ask another administrator.")
        )
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    _apply_role(user, role)
    if not _administrators().exists():
        raise ValidationError(
            _(
                "At least one active administrator must remain: give another person the role "
                "«Адміністратор» first."
            )
        )
    return user


@transaction.atomic
def set_password(*, user, password=None):
    """A new password (validated), or a generated one; returns it to be shown once."""
    password = password or generated_password()
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return password
