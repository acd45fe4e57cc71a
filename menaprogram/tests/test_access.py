"""Who reaches what: anonymous people only the login page, controllers read but never change."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from activities.models import Event
from partners.models import Partner

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_the_login_page_is_public_and_in_ukrainian(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Увійти" in response.content.decode()


def test_controller_reads_every_list_in_the_admin(as_user, controller, program):
    client = as_user(controller)
    for model in MODELS:
        # People, sign-ins, background jobs and the reminders' settings: administrators'.
        if model._meta.app_label in ("auth", "axes", "menaprogram", "procrastinate", "reminders"):
            continue
        assert client.get(admin_url(model, "changelist")).status_code == 200, model


def test_controller_cannot_change_or_delete_a_partner(as_user, controller):
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    client = as_user(controller)
    page = client.get(admin_url(Partner, "change", partner.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        admin_url(Partner, "change", partner.pk),
        {"kind": "city", "name_uk": "Змінено", "country": "BG", "status": "active"},
    )
    assert response.status_code == 403
    assert client.post(admin_url(Partner, "delete", partner.pk), {"post": "yes"}).status_code == 403
    partner.refresh_from_db()
    assert partner.name_uk == "Місто Ловеч"


def test_editor_enters_events_but_not_the_program_structure(as_user, editor, program):
    client = as_user(editor)
    assert client.get(admin_url(Event, "add")).status_code == 200
    assert client.get(reverse("admin:activities_direction_add")).status_code == 403
    assert client.get(reverse("admin:budget_budgetallocation_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_only_administrators_manage_users(as_user, administrator):
    client = as_user(administrator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_event_dates_in_admin_are_entered_as_the_council_writes_them(as_user, editor, program):
    client = as_user(editor)
    response = client.post(
        admin_url(Event, "add"),
        {
            "program": program.pk,
            "title": "Візит делегації",
            "kind": "incoming_delegation",
            "status": "planned",
            "start_date": "15.03.2024",
            "end_date": "16.03.2024",
            "place": "mena",
            "participants-TOTAL_FORMS": 0,
            "participants-INITIAL_FORMS": 0,
            "expenses-TOTAL_FORMS": 0,
            "expenses-INITIAL_FORMS": 0,
            "files-TOTAL_FORMS": 0,
            "files-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Event.objects.get().start_date == datetime.date(2024, 3, 15)
