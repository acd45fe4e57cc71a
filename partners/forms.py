"""Forms of the partner pages: editing a partner and filtering the list."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from menaprogram.concurrency import FingerprintForm
from menaprogram.mixins import SubmitOnceForm, filter_form_helper
from partners.models import Agreement, Partner


class PartnerForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
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
        # The countries the partners are from, not all 250: a short list to choose from.
        present = set(Partner.objects.values_list("country", flat=True).distinct())
        if self.data.get("country"):
            present.add(self.data["country"])  # a link's country stays a filter, if empty
        self.fields["country"].choices = self.ANY + [
            (code, name) for code, name in countries if code in present
        ]
        self.helper = filter_form_helper(
            Row(
                Column("q", css_class="col-md-4"),
                Column("kind", css_class="col-md-2"),
                Column("country", css_class="col-md-2"),
                Column("status", css_class="col-md-2"),
                Column("has_valid_agreement", css_class="col-md-2"),
            )
        )


class AgreementForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "partner",
            "kind",
            "number",
            "title",
            "status",
            "signed_on",
            "valid_until",
            "signatories",
            "scan",
            "note",
        ]
        # Dates typed as the council writes them: 15.03.2024.
        localized_fields = ["signed_on", "valid_until"]
        widgets = {
            "signatories": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
            # A scan is a PDF or a photo of the signed pages; the server checks the content.
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name_uk", "pk")
        for name in ("signed_on", "valid_until"):
            self.fields[name].widget.attrs["placeholder"] = _("dd.mm.yyyy")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            Row(Column("partner", css_class="col-md-6"), Column("kind", css_class="col-md-6")),
            Row(Column("number", css_class="col-md-3"), Column("title", css_class="col-md-9")),
            Row(
                Column("status", css_class="col-md-4"),
                Column("signed_on", css_class="col-md-4"),
                Column("valid_until", css_class="col-md-4"),
            ),
            "signatories",
            "scan",
            "note",
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class AgreementFilterForm(forms.Form):
    ANY = [("", _("any"))]

    q = forms.CharField(label=_("Search"), required=False)
    partner = forms.ModelChoiceField(
        label=_("partner"), queryset=Partner.objects.none(), required=False, empty_label=_("any")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=ANY + Agreement.Kind.choices, required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=ANY + Agreement.Status.choices, required=False
    )
    expiring = forms.IntegerField(
        label=_("expiring within, days"), min_value=0, max_value=3650, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name_uk", "pk")
        self.helper = filter_form_helper(
            Row(
                Column("q", css_class="col-md-3"),
                Column("partner", css_class="col-md-3"),
                Column("kind", css_class="col-md-2"),
                Column("status", css_class="col-md-2"),
                Column("expiring", css_class="col-md-2"),
            )
        )
