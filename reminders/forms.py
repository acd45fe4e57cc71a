"""The snooze form: until when, and why."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Long enough for a season; a thing put off for longer should be fixed or decided instead.
LONGEST_DAYS = 366


class SnoozeForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=200)
    until = forms.DateField(
        label=_("Remind me again on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Why"), max_length=300, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate() + datetime.timedelta(days=7)

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + datetime.timedelta(days=LONGEST_DAYS):
            raise forms.ValidationError(_("A reminder can be put off for a year at most."))
        return until
