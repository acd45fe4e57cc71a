"""The list pages' FilterSet base: a crispy GET form, and wrong parameters left out."""

import django_filters
import pytest
from django.http import QueryDict

from menaprogram.filters import IntegerFilter, ListFilter
from partners.models import Partner

pytestmark = pytest.mark.django_db


class NameFilter(ListFilter):
    name = django_filters.CharFilter(field_name="name_uk", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=Partner.Kind.choices)
    events = IntegerFilter(field_name="pk", lookup_expr="gte")

    layout = ("name", "kind", "events")

    class Meta:
        model = Partner
        fields = []


@pytest.fixture
def partners():
    kind = Partner.Kind.values[0]
    return [
        Partner.objects.create(name_uk=name, kind=kind, country="PL")
        for name in ("Гміна Тарнув", "Місто Ловеч")
    ]


def _names(filters):
    return {p.name_uk for p in filters.apply(Partner.objects.all())}


def test_an_unbound_filter_selects_everything(partners):
    assert _names(NameFilter()) == {"Гміна Тарнув", "Місто Ловеч"}


def test_the_parameters_narrow_the_list_whatever_the_case(partners):
    assert _names(NameFilter(QueryDict("name=ЛОВЕЧ"))) == {"Місто Ловеч"}


def test_a_wrong_parameter_is_shown_and_left_out_while_the_others_apply(partners):
    filters = NameFilter(QueryDict("name=ловеч&kind=bogus&events=1.5"))
    assert _names(filters) == {"Місто Ловеч"}
    assert set(filters.form.errors) == {"kind", "events"}


def test_the_form_is_sent_by_get_with_a_filter_button():
    helper = NameFilter().form.helper
    assert helper.form_method == "get"
    assert [button.name for button in helper.inputs] == ["filter"]
