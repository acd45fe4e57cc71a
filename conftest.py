"""Fixtures shared by every app's tests: the loaded program and a user per role."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from activities.models import Program
from activities.roles import ADMINISTRATOR, CONTROLLER, EDITOR

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def program(db):
    """The 2022–2024 program, loaded from the council's text."""
    call_command("load_program", verbosity=0)
    return Program.objects.get(start_year=2022)


def _user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=role is not None, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "editor", EDITOR)


@pytest.fixture
def controller(django_user_model):
    return _user(django_user_model, "controller", CONTROLLER)


@pytest.fixture
def administrator(django_user_model):
    return _user(django_user_model, "administrator", ADMINISTRATOR)


@pytest.fixture
def outsider(django_user_model):
    """Signed in, but with no role."""
    return _user(django_user_model, "outsider")


@pytest.fixture
def as_user(client):
    """Log the client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login
