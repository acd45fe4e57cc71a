"""Partner and agreement rules hold in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db


def test_partner_names_are_unique_whatever_their_case(db):
    Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL")
    twin = Partner(kind=Partner.Kind.CITY, name_uk="гміна тарнув", country="PL")
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert list(caught.value.message_dict) == ["name_uk"]
    with pytest.raises(IntegrityError, match="partners_partner_name_unique"), transaction.atomic():
        twin.save()


def test_an_agreement_cannot_expire_before_it_is_signed(db):
    partner = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk="Гміна Ряшів", country="PL"
    )
    agreement = Agreement(
        partner=partner,
        title="Договір про співпрацю",
        signed_on=datetime.date(2023, 6, 1),
        valid_until=datetime.date(2023, 5, 1),
    )
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert list(caught.value.message_dict) == ["valid_until"]
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_agreements_expiring_soon_are_the_signed_ones_ending_within_the_window(db):
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    today = datetime.date(2024, 1, 1)
    soon = Agreement.objects.create(
        partner=partner,
        title="A",
        number="1",
        signed_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2024, 3, 1),
    )
    Agreement.objects.create(
        partner=partner,
        title="B",
        number="2",
        signed_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2025, 3, 1),
    )
    Agreement.objects.create(
        partner=partner,
        title="C",
        number="3",
        status=Agreement.Status.TERMINATED,
        signed_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2024, 2, 1),
    )
    assert list(Agreement.objects.expiring_within(90, today=today)) == [soon]


def test_partners_are_listed_in_ukrainian_alphabetical_order(db):
    for name in ("Івано-Франківськ", "Житомир", "Єлгава", "Ейзенах", "Ґданськ", "Гміна Тарнув"):
        Partner.objects.create(kind=Partner.Kind.CITY, name_uk=name, country="PL")
    assert list(Partner.objects.values_list("name_uk", flat=True)) == [
        "Гміна Тарнув",
        "Ґданськ",
        "Ейзенах",
        "Єлгава",
        "Житомир",
        "Івано-Франківськ",
    ]
    assert Partner.objects.get(name_uk__icontains="фРАНК").name_uk == "Івано-Франківськ"
