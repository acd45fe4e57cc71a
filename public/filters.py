"""The public event list's filters: year, kind, country, direction."""

import django_filters
from crispy_forms.layout import Column, Row
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from activities.models import Event
from menaprogram.filters import ANY, ListFilter


class PublicEventFilter(ListFilter):
    year = django_filters.TypedChoiceFilter(
        label=_("year"), field_name="start_date__year", coerce=int, empty_value=None
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Event.Kind.choices, empty_label=ANY)
    country = django_filters.ChoiceFilter(label=_("country"), empty_label=ANY)
    direction = django_filters.TypedChoiceFilter(
        label=_("direction"), field_name="directions__number", coerce=int, empty_value=None
    )
    layout = (
        Row(
            Column("year", css_class="col-sm-6 col-lg-3"),
            Column("kind", css_class="col-sm-6 col-lg-3"),
            Column("country", css_class="col-sm-6 col-lg-3"),
            Column("direction", css_class="col-sm-6 col-lg-3"),
        ),
    )

    class Meta:
        model = Event
        fields = ["year", "kind", "country", "direction"]

    def __init__(self, data=None, queryset=None, *, years=(), country_codes=(), directions=()):
        super().__init__(data, queryset=queryset)
        fields = self.form.fields
        fields["year"].choices = [("", ANY), *((y, str(y)) for y in years)]
        fields["country"].choices = [
            ("", ANY),
            *sorted(((c, countries.name(c)) for c in country_codes), key=lambda x: x[1]),
        ]
        fields["direction"].choices = [("", ANY), *((d.number, str(d)[:80]) for d in directions)]
