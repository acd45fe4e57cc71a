"""The year's indicator values on their own page: staff enter targets and actuals in a grid."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Indicator, IndicatorValue
from menaprogram.tests.html_forms import form_data

pytestmark = pytest.mark.django_db

URL = reverse("activities:indicatorvalue-grid")


@pytest.fixture
def indicators(program):
    result = program.expected_results.order_by("number").first()
    events = Indicator.objects.create(
        program=program,
        kind=Indicator.Kind.OUTPUT,
        name="Кількість заходів",
        unit="од.",
        expected_result=result,
    )
    share = Indicator.objects.create(
        program=program,
        kind=Indicator.Kind.QUALITY,
        name="Частка задоволених",
        unit="%",
        expected_result=result,
    )
    events.values.create(year=2023, target=10, actual=None)
    return events, share


def _post(client, year, changes):
    page = client.get(f"{URL}?year={year}")
    data = form_data(page, **changes)
    return client.post(f"{URL}?year={year}", data)


def test_an_editor_enters_the_actual_and_a_new_target(as_user, editor, indicators):
    events, share = indicators
    client = as_user(editor)
    response = _post(client, 2023, {f"actual_{events.pk}": "12", f"target_{share.pk}": "75,5"})
    assert response.status_code == 302, response.content.decode()
    assert IndicatorValue.objects.get(indicator=events, year=2023).actual == Decimal("12")
    assert IndicatorValue.objects.get(indicator=share, year=2023).target == Decimal("75.5")
    page = client.get(response["Location"]).content.decode()
    assert "Значення показників за 2023 рік збережено: змінено 2." in page


def test_emptying_both_cells_removes_the_years_value(as_user, editor, indicators):
    events, _share = indicators
    response = _post(as_user(editor), 2023, {f"target_{events.pk}": ""})
    assert response.status_code == 302
    assert not IndicatorValue.objects.filter(indicator=events, year=2023).exists()


def test_a_fraction_of_people_and_an_actual_without_target_are_refused_keeping_the_input(
    as_user, editor, indicators
):
    events, share = indicators
    response = _post(
        as_user(editor), 2023, {f"actual_{events.pk}": "12,5", f"actual_{share.pk}": "80"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "мають бути цілими числами; 12,5 має дробову" in page
    assert "Спершу введіть планове значення на рік, потім фактичне." in page
    assert 'value="12,5"' in page
    # Nothing of the grid was saved.
    assert IndicatorValue.objects.get(indicator=events, year=2023).actual is None
    assert not IndicatorValue.objects.filter(indicator=share).exists()


def test_a_controller_reads_the_dashboard_but_may_not_enter_values(as_user, controller, program):
    assert as_user(controller).get(f"{URL}?year=2023").status_code == 403


def test_the_grid_takes_two_queries_whatever_the_number_of_indicators(
    as_user, editor, program, django_assert_max_num_queries
):
    client = as_user(editor)
    client.get(f"{URL}?year=2023")
    for number in range(30):
        Indicator.objects.create(
            program=program, kind=Indicator.Kind.OUTPUT, name=f"Показник {number}", unit="од."
        ).values.create(year=2023, target=number)
    with django_assert_max_num_queries(14):
        assert client.get(f"{URL}?year=2023").status_code == 200
