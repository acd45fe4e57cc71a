"""Forms of the partners pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from partners.models import Partner


class PartnerFilterForm(forms.Form):
    """The filters above the partner list; every field may stay empty."""

    q = forms.CharField(label=_("Search by name"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("any"))] + Partner.Kind.choices, required=False
    )
    country = LazyTypedChoiceField(
        label=_("country"), choices=[("", _("any"))] + list(countries), required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("any"))] + Partner.Status.choices, required=False
    )
    agreement = forms.TypedChoiceField(
        label=_("valid agreement"),
        choices=[("", _("any")), ("yes", _("has one")), ("no", _("has none"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "kind": data["kind"],
            "country": data["country"],
            "status": data["status"],
            "has_valid_agreement": data["agreement"],
        }
