"""The administrators' thresholds are those of the home page, the dashboard and the partner
pages too (partners.thresholds, registered by this app), not fixed 90 and 365 days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Agreement, Contact, Partner
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    today = timezone.localdate()
    found = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    Agreement.objects.create(
        partner=found,
        title="Меморандум про співпрацю",
        signed_on=datetime.date(2022, 5, 1),
        valid_until=today + datetime.timedelta(days=60),
    )
    Contact.objects.create(
        partner=found,
        full_name="Іва Петрова",
        last_contacted_on=today - datetime.timedelta(days=200),
    )
    return found


def _thresholds(**values):
    limits = ReminderSettings.load()
    for name, value in values.items():
        setattr(limits, name, value)
    limits.save()


def test_the_home_page_warns_of_agreements_by_the_administrators_threshold(
    program, partner, as_user, editor
):
    client = as_user(editor)
    response = client.get(reverse("home"))
    assert response.context["expiry_warning_days"] == 90
    assert [a.partner for a in response.context["expiring_agreements"]] == [partner]
    _thresholds(agreement_first_warning_days=45, agreement_second_warning_days=30)
    response = client.get(reverse("home"))
    assert response.context["expiry_warning_days"] == 45
    assert response.context["expiring_agreements"] == []
    assert "протягом 45 днів" in response.content.decode()


def test_the_dashboard_counts_expiring_and_dormant_partners_by_the_administrators_thresholds(
    program, partner, as_user, controller
):
    client = as_user(controller)
    response = client.get(reverse("reports:dashboard"))
    assert len(response.context["decisions"]["expiring"]) == 1
    assert response.context["dormant_partners"] == []
    _thresholds(
        agreement_first_warning_days=45, agreement_second_warning_days=30, dormant_after_days=180
    )
    response = client.get(reverse("reports:dashboard"))
    html = response.content.decode()
    assert response.context["decisions"]["expiring"] == []
    assert "протягом 90 днів" not in html
    assert [p.pk for p in response.context["dormant_partners"]] == [partner.pk]
    health = client.get(reverse("reports:partnership-health"), {"state": "dormant"})
    assert [line.partner.pk for line in health.context["lines"]] == [partner.pk]


def test_the_agreement_list_and_its_export_label_expiring_by_the_administrators_threshold(
    partner, as_user, controller
):
    client = as_user(controller)
    url = reverse("partners:agreement-list")
    response = client.get(url)
    assert [a.validity for a in response.context["agreements"]] == ["expiring"]
    assert "спливає протягом 90 днів" in response.content.decode()
    _thresholds(agreement_first_warning_days=45, agreement_second_warning_days=30)
    response = client.get(url)
    # Ends in 60 days: not yet expiring by a 45-day threshold.
    assert [a.validity for a in response.context["agreements"]] == ["valid"]
    assert response.context["expiring_days"] == 45
    _thresholds(agreement_first_warning_days=75)
    assert "спливає протягом 75 днів" in client.get(url).content.decode()
    exported = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "спливає протягом 75 днів" in exported
    assert "90 днів" not in exported
