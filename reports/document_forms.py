"""The form staff use to write the summary of a year for the annual report."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import AnnualReport
from menaprogram.mixins import SubmitOnceForm


class AnnualReportForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["narrative", "decision_number", "accepted_on"]
        localized_fields = "__all__"
        widgets = {"narrative": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "decision_number": _("The council decision that took note of the report, once taken."),
            "accepted_on": _("Date of that decision, e.g. 15.03.2024."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_narrative(self):
        # Pasted from a word processor: trailing spaces and runs of blank lines.
        lines = [line.rstrip() for line in self.cleaned_data["narrative"].strip().splitlines()]
        text = "\n".join(lines)
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return text
