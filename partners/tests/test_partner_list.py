"""The partner list: who may see it, search and filters, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db
URL = reverse("partners:partner-list")


def make_partners(count):
    partners = Partner.objects.bulk_create(
        Partner(kind=Partner.Kind.CITY, name_uk=f"Місто №{n}", country="PL") for n in range(count)
    )
    Agreement.objects.bulk_create(
        Agreement(partner=p, title="Договір", signed_on=datetime.date(2023, 1, 1)) for p in partners
    )
    return partners


def test_anonymous_visitors_are_sent_to_login(client):
    assert "/login/" in client.get(URL)["Location"]


def test_a_person_without_a_role_is_refused(as_user, outsider):
    assert as_user(outsider).get(URL).status_code == 403


def test_search_finds_cyrillic_names_whatever_their_case(as_user, controller):
    Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL")
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    page = as_user(controller).get(URL, {"q": "ТАРН"}).content.decode()
    assert "Гміна Тарнув" in page
    assert "Місто Ловеч" not in page


def test_filter_by_a_valid_agreement(as_user, controller):
    with_agreement = make_partners(1)[0]
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто без договору", country="BG")
    page = as_user(controller).get(URL, {"agreement": "no"}).content.decode()
    assert "Місто без договору" in page
    assert with_agreement.name_uk not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(
    as_user, controller, rows, django_assert_max_num_queries
):
    make_partners(rows)
    client = as_user(controller)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["paginator"].count == rows
