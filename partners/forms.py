"""Forms of the partner pages: editing a partner and an agreement."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from menaprogram.concurrency import FingerprintForm
from menaprogram.mixins import SubmitOnceForm
from partners.models import Agreement, Contact, Partner


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


class PartnerQuickForm(forms.ModelForm):
    """A partner added from the event form: the name, kind and country; the rest later."""

    prefix = "new_partner"
    # Inside the event's form, which must save without them.
    use_required_attribute = False

    class Meta:
        model = Partner
        fields = ["name_uk", "kind", "country"]
        labels = {
            "name_uk": _("Name of the new partner in Ukrainian"),
            "kind": _("Kind of the new partner"),
            "country": _("Country of the new partner"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["data-quick-partner-field"] = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("name_uk", css_class="col-md-5"),
                Column("kind", css_class="col-md-3"),
                Column("country", css_class="col-md-4"),
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


class ContactForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    """A person at a partner, added and edited on the partner's page."""

    class Meta:
        model = Contact
        fields = [
            "full_name",
            "position",
            "email",
            "phone",
            "languages",
            "last_contacted_on",
            "note",
        ]
        localized_fields = ["last_contacted_on"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_contacted_on"].widget.attrs["placeholder"] = _("dd.mm.yyyy")
        # The form sits inside the partner's page: its tags and buttons are the template's.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            Row(
                Column("full_name", css_class="col-md-6"),
                Column("position", css_class="col-md-6"),
            ),
            Row(
                Column("email", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
                Column("languages", css_class="col-md-4"),
            ),
            Row(
                Column("last_contacted_on", css_class="col-md-4"),
                Column("note", css_class="col-md-8"),
            ),
        )
