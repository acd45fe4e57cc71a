"""Indicator values: counts of things or people are whole numbers, in the admin's forms too."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from activities.models import Indicator, IndicatorValue, counts_whole

pytestmark = pytest.mark.django_db


def _indicator(program, unit, name="Кількість заходів"):
    return Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name=name, unit=unit
    )


@pytest.mark.parametrize("unit", ["од.", "осіб", "Од", " шт. ", "чол.", "разів"])
def test_count_units_are_recognised(unit):
    assert counts_whole(unit)


@pytest.mark.parametrize("unit", ["%", "тис. грн", "грн", "км", "годин на особу"])
def test_other_units_take_fractions(unit):
    assert not counts_whole(unit)


def test_a_fraction_of_a_count_is_refused_in_ukrainian_naming_the_unit(program):
    value = IndicatorValue(
        indicator=_indicator(program, "осіб"),
        year=2023,
        target=Decimal("10"),
        actual=Decimal("7.5"),
    )
    with translation.override("uk"), pytest.raises(ValidationError) as error:
        value.full_clean()
    assert list(error.value.message_dict) == ["actual"]
    assert error.value.message_dict["actual"] == [
        "Значення в «осіб» мають бути цілими числами; 7,5 має дробову частину."
    ]
    value.actual = Decimal("7.00")
    value.full_clean()  # written with kopecks, but whole


def test_a_share_may_have_a_fraction(program):
    value = IndicatorValue(
        indicator=_indicator(program, "%", "Частка молоді"),
        year=2023,
        target=Decimal("30.5"),
        actual=Decimal("28.25"),
    )
    value.full_clean()


def test_the_admin_form_refuses_a_fraction_for_units(program, administrator):
    indicator = _indicator(program, "од.")
    model_admin = admin.site._registry[IndicatorValue]
    request = RequestFactory().post("/")
    request.user = administrator
    form_class = model_admin.get_form(request, None)
    data = {"indicator": indicator.pk, "year": "2023", "target": "12,5", "actual": "10"}
    with translation.override("uk"):
        form = form_class(data)
        assert not form.is_valid()
    assert "target" in form.errors and "цілими числами" in form.errors["target"][0]
    assert form_class({**data, "target": "12"}).is_valid()
