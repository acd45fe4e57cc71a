"""Forms of the partner pages: editing a partner and filtering the list."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from activities.mixins import SubmitOnceForm
from partners.models import Partner


class PartnerForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "kind",
            "name_uk",
            "name_original",
            "country",
            "region",
            "status",
            "website",
            "email",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_name_uk(self):
        # Names come pasted from letters, often with stray spaces.
        return " ".join(self.cleaned_data["name_uk"].split())


class PartnerFilterForm(forms.Form):
    ANY = [("", _("any"))]
    YES_NO = [*ANY, ("yes", _("yes")), ("no", _("no"))]

    q = forms.CharField(label=_("Search by name"), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=ANY + Partner.Kind.choices, required=False)
    country = forms.ChoiceField(label=_("country"), required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=ANY + Partner.Status.choices, required=False
    )
    has_valid_agreement = forms.ChoiceField(
        label=_("has a valid agreement"), choices=YES_NO, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = self.ANY + list(countries)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-4"),
                Column("kind", css_class="col-md-2"),
                Column("country", css_class="col-md-2"),
                Column("status", css_class="col-md-2"),
                Column("has_valid_agreement", css_class="col-md-2"),
            )
        )
        self.helper.add_input(Submit("filter", _("Filter"), css_class="btn-secondary"))
