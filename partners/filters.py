"""The partner and agreement lists' filters, with the GET parameters other pages link with."""

import django_filters
from crispy_forms.layout import Column, Row
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from menaprogram.filters import ANY, IntegerFilter, ListFilter
from partners.models import Agreement, Partner


class PartnerFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search by name"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=Partner.Kind.choices, empty_label=ANY
    )
    country = django_filters.ChoiceFilter(label=_("country"), empty_label=ANY)
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Partner.Status.choices, empty_label=ANY
    )
    has_valid_agreement = django_filters.ChoiceFilter(
        label=_("has a valid agreement"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        empty_label=ANY,
        method="with_valid_agreement",
    )

    layout = (
        Row(
            Column("q", css_class="col-md-4"),
            Column("kind", css_class="col-md-2"),
            Column("country", css_class="col-md-2"),
            Column("status", css_class="col-md-2"),
            Column("has_valid_agreement", css_class="col-md-2"),
        ),
    )

    class Meta:
        model = Partner
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries the partners are from, not all 250: a short list to choose from.
        present = set(Partner.objects.values_list("country", flat=True).distinct())
        if self.data.get("country"):
            present.add(self.data["country"])  # a link's country stays a filter, if empty
        self.form.fields["country"].choices = [
            (code, name) for code, name in countries if code in present
        ]

    def search(self, partners, name, value):
        return partners.filter(Q(name_uk__icontains=value) | Q(name_original__icontains=value))

    def with_valid_agreement(self, partners, name, value):
        # `has_valid_agreement` is annotated by selectors.partner_list.
        return partners.filter(has_valid_agreement=value == "yes")


class AgreementFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    partner = django_filters.ModelChoiceFilter(
        label=_("partner"), queryset=Partner.objects.order_by("name_uk", "pk"), empty_label=ANY
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=Agreement.Kind.choices, empty_label=ANY
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Agreement.Status.choices, empty_label=ANY
    )
    expiring = IntegerFilter(
        label=_("expiring within, days"), min_value=0, max_value=3650, method="expiring_within"
    )

    layout = (
        Row(
            Column("q", css_class="col-md-3"),
            Column("partner", css_class="col-md-3"),
            Column("kind", css_class="col-md-2"),
            Column("status", css_class="col-md-2"),
            Column("expiring", css_class="col-md-2"),
        ),
    )

    class Meta:
        model = Agreement
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def search(self, agreements, name, value):
        return agreements.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(signatories__icontains=value)
            | Q(partner__name_uk__icontains=value)
            | Q(partner__name_original__icontains=value)
        )

    def expiring_within(self, agreements, name, days):
        expiring = Agreement.objects.expiring_within(days, self.today)
        return agreements.filter(pk__in=expiring.values("pk"))
