"""Forms of the workspace's publishing pages: withholding an item, the embargo."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from menaprogram.concurrency import FingerprintForm
from menaprogram.mixins import SubmitOnceForm
from public.models import PublishingSettings, Withholding

TEXT = forms.Textarea(attrs={"rows": 3})


class WithholdingForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    class Meta:
        model = Withholding
        fields = ["reason", "protected_interest", "harm", "balance", "since", "review_on"]
        widgets = {
            "reason": TEXT,
            "protected_interest": TEXT,
            "harm": TEXT,
            "balance": TEXT,
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class PublishingSettingsForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    class Meta:
        model = PublishingSettings
        fields = ["embargo_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
