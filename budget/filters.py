"""The expense and financing lists' filters, with the GET parameters other pages link with."""

import django_filters
from crispy_forms.layout import Column, Row
from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from budget.forms import category_label, event_label
from budget.models import Expense, Financing, FundingSource, SpendingCategory
from menaprogram.filters import ANY, ListFilter
from menaprogram.params import whole_number


class YearCategorySourceFilter(ListFilter):
    """A year of the program (required: the view answers 404 outside the term), a spending
    category and a funding source: what the expense and the financing lists share."""

    year = django_filters.TypedChoiceFilter(
        label=_("year"), coerce=int, required=True, method="in_year"
    )
    category = django_filters.TypedChoiceFilter(
        label=_("spending category"), field_name="category__number", coerce=int, empty_value=None
    )
    source = django_filters.ChoiceFilter(
        label=_("funding source"), field_name="source__code", empty_label=ANY
    )

    def __init__(self, data, *, program, year):
        data = data.copy()
        data.setdefault("year", str(year))
        super().__init__(data)
        fields = self.form.fields
        fields["year"].choices = [(number, f"{number:d}") for number in program.years]
        categories = SpendingCategory.objects.filter(program=program).order_by("number")
        fields["category"].choices = [("", ANY)] + [
            (c.number, category_label(c)) for c in categories
        ]
        fields["source"].choices = [(s.code, s.name) for s in FundingSource.objects.order_by("pk")]

    def in_year(self, queryset, name, year):
        return queryset.in_year(year)


class ExpenseFilter(YearCategorySourceFilter):
    """Besides the year, category and source: a month, an event, a search."""

    month = django_filters.TypedChoiceFilter(
        label=_("month"),
        field_name="date",
        lookup_expr="month",
        choices=[("", ANY), *MONTHS.items()],
        coerce=int,
        empty_value=None,
    )
    # An event's id, or "none" for the expenses not linked to any.
    event = django_filters.ChoiceFilter(
        label=_("event"),
        empty_label=ANY,
        null_value="none",
        null_label=_("not linked to an event"),
    )
    q = django_filters.CharFilter(
        label=_("Search"), help_text=_("Counterparty, document number or note."), method="search"
    )

    layout = (
        Row(
            Column("year", css_class="col-md-2"),
            Column("month", css_class="col-md-2"),
            Column("category", css_class="col-md-4"),
            Column("source", css_class="col-md-4"),
        ),
        Row(Column("event", css_class="col-md-6"), Column("q", css_class="col-md-6")),
    )

    class Meta:
        model = Expense
        fields = []

    def __init__(self, data, *, program, year):
        super().__init__(data, program=program, year=year)
        fields = self.form.fields
        # The list is reached from an event's page with ?event=<id>; the select then names it.
        event_id = whole_number(self.data.get("event"))
        event = (
            Event.objects.filter(program=program, pk=event_id).first()
            if event_id is not None
            else None
        )
        fields["event"].choices = [(str(event.pk), event_label(event))] if event else []

    def search(self, expenses, name, value):
        return expenses.filter(
            Q(counterparty__icontains=value)
            | Q(document_number__icontains=value)
            | Q(note__icontains=value)
        )


class FinancingFilter(YearCategorySourceFilter):
    """The financing list's filters: a year of the program (required), category, source."""

    layout = (
        Row(
            Column("year", css_class="col-md-2"),
            Column("category", css_class="col-md-6"),
            Column("source", css_class="col-md-4"),
        ),
    )

    class Meta:
        model = Financing
        fields = []
