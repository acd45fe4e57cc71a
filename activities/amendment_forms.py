"""Forms of the amendment pages: a new draft, adopting it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Amendment
from menaprogram.files import validate_upload
from menaprogram.mixins import SubmitOnceForm

DATE_HELP = _("Day, month and year: 15.03.2024.")


class DraftForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["title", "act_kind", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class AdoptForm(SubmitOnceForm):
    """The decision that adopts a draft; `seen` is the draft's changes as the page showed them."""

    act_kind = forms.ChoiceField(label=_("kind of act"), choices=Amendment.ActKind.choices)
    decision_number = forms.CharField(label=_("decision number"), max_length=50)
    decision_date = forms.DateField(label=_("decision date"), help_text=DATE_HELP, localize=True)
    adopted_by = forms.CharField(
        label=_("adopted by"),
        max_length=300,
        required=False,
        help_text=_("The council's session, or the head of the military administration."),
    )
    effective_date = forms.DateField(
        label=_("takes effect on"),
        required=False,
        localize=True,
        help_text=_("Empty: the date of the decision."),
    )
    file = forms.FileField(
        label=_("scan of the decision"), required=False, validators=[validate_upload]
    )
    closed_year_reason = forms.CharField(
        label=_("reason for changing a closed year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only when the amendment changes a year whose annual report the council "
            "has accepted."
        ),
    )
    seen = forms.CharField(widget=forms.HiddenInput)

    def clean_decision_number(self):
        return self.cleaned_data["decision_number"].strip()

    def clean(self):
        data = super().clean()
        day, effective = data.get("decision_date"), data.get("effective_date")
        if day and effective and effective < day:
            self.add_error(
                "effective_date", _("An amendment cannot take effect before it is adopted.")
            )
        return data
