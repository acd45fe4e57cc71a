"""The event and publication lists' filters, with the GET parameters other pages link with."""

import django_filters
from crispy_forms.layout import Column, Row
from django import forms
from django.db.models import Q
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from activities.models import Event, Publication
from menaprogram.filters import ANY, ListFilter
from partners.models import Partner

ALL_YEARS = "all"

# Where an event took place, seen from the community: the filter `flow` of the event list.
# Partner delegations come to Mena and its settlements; Mena's delegations go abroad.
FLOW_PLACES = {
    "incoming": (Event.Place.MENA, Event.Place.SETTLEMENT),
    "outgoing": (Event.Place.ABROAD,),
}
FLOW_LABELS = {
    "incoming": _("in the community (incoming)"),
    "outgoing": _("abroad (outgoing)"),
}


class YearListFilter(ListFilter):
    """A list of one program that opens on the year chosen in the header.

    A link may name another year, or `all`.
    """

    year = django_filters.ChoiceFilter(label=_("year"), empty_label=None, method="in_year")

    def without_outcome(self, queryset, name, value):
        return queryset.filter(outcome="") if value else queryset

    def __init__(self, data, *, program, year):
        data = data.copy()
        data.setdefault("year", str(year))
        super().__init__(data)
        years = [(str(number), str(number)) for number in program.years]
        self.form.fields["year"].choices = [*years, (ALL_YEARS, _("all years"))]

    def in_year(self, queryset, name, value):
        return queryset if value == ALL_YEARS else self.of_year(queryset, int(value))


class EventFilter(YearListFilter):
    month = django_filters.TypedChoiceFilter(
        label=_("month"),
        field_name="start_date",
        lookup_expr="month",
        choices=[("", ANY), *dates.MONTHS.items()],
        coerce=int,
        empty_value=None,
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Event.Kind.choices, empty_label=ANY)
    # One direction per number in a program, one row per partner: these joins add no duplicates.
    direction = django_filters.TypedChoiceFilter(
        label=_("direction"), field_name="directions__number", coerce=int, empty_value=None
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("partner"),
        field_name="partners",
        queryset=Partner.objects.order_by("name_uk", "pk"),
        empty_label=ANY,
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Event.Status.choices, empty_label=ANY
    )
    flow = django_filters.ChoiceFilter(
        label=_("where"),
        choices=[(flow, FLOW_LABELS[flow]) for flow in FLOW_PLACES],
        empty_label=ANY,
        method="in_places",
    )
    q = django_filters.CharFilter(
        label=_("Search by title"), field_name="title", lookup_expr="icontains"
    )
    # The dashboard's "held without results" links here; not in the form's layout.
    no_outcome = django_filters.BooleanFilter(
        label=_("without results"), field_name="outcome", method="without_outcome"
    )

    layout = (
        Row(
            Column("q", css_class="col-md-4"),
            Column("year", css_class="col-md-2"),
            Column("month", css_class="col-md-2"),
            Column("status", css_class="col-md-2"),
            Column("flow", css_class="col-md-2"),
        ),
        Row(
            Column("kind", css_class="col-md-4"),
            Column("direction", css_class="col-md-4"),
            Column("partner", css_class="col-md-4"),
        ),
    )

    class Meta:
        model = Event
        fields = []

    def __init__(self, data, *, program, year):
        super().__init__(data, program=program, year=year)
        self.form.fields["direction"].choices = [("", ANY)] + [
            (number, f"{number}. {text[:70]}")
            for number, text in program.directions.order_by("number").values_list("number", "text")
        ]

    def of_year(self, events, year):
        return events.in_year(year)

    def in_places(self, events, name, flow):
        return events.filter(place__in=FLOW_PLACES[flow])


class PublicationFilter(YearListFilter):
    channel = django_filters.ChoiceFilter(
        label=_("channel"), choices=Publication.Channel.choices, empty_label=ANY
    )
    q = django_filters.CharFilter(label=_("Search by title or event"), method="search")
    # A search box, not a drop-down of every event: that list grows with the data (3,000
    # options and 370 KB a page at the load benchmark's scale). `?event=` still narrows to one.
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.none(), widget=forms.HiddenInput
    )

    layout = (
        Row(
            Column("year", css_class="col-md-2"),
            Column("channel", css_class="col-md-3"),
            Column("q", css_class="col-md-7"),
        ),
        "event",
    )

    class Meta:
        model = Publication
        fields = []

    def __init__(self, data, *, program, year):
        super().__init__(data, program=program, year=year)
        self.form.fields["event"].queryset = Event.objects.for_program(program)

    def of_year(self, publications, year):
        return publications.filter(published_on__year=year)

    def search(self, publications, name, value):
        return publications.filter(Q(title__icontains=value) | Q(event__title__icontains=value))
