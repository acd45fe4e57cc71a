"""The forms staff use on a year's annual report: its summary, and the reasons for deviations."""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import AnnualReport, Program
from menaprogram.concurrency import FingerprintForm, snapshot
from menaprogram.mixins import SubmitOnceForm
from menaprogram.templatetags.money import percent as percent_text


class AnnualReportForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    """The year's summary; the row is made on the first save, so an unwritten one is a record too.

    Someone who opened the page before the summary was first written, and saves after it was,
    is refused like any stale edit: the blank page they saw is the version they would replace.
    """

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

    def has_record(self):
        return True

    def locked_snapshot(self):
        # The program's row stands in for the year's row that may not exist yet, so that two
        # first saves wait for each other instead of both inserting.
        Program.objects.select_for_update(no_key=True).filter(pk=self.instance.program_id).get()
        row = (
            AnnualReport.objects.select_for_update()
            .filter(program_id=self.instance.program_id, year=self.instance.year)
            .first()
        )
        if row is None:
            unwritten = AnnualReport(program_id=self.instance.program_id, year=self.instance.year)
            return snapshot(unwritten)
        if self.instance.pk is None:
            # Written by someone else since this page was drawn: this save updates that row.
            self.instance.pk, self.instance._state.adding = row.pk, False
        return snapshot(row)

    def clean_narrative(self):
        # Pasted from a word processor: trailing spaces and runs of blank lines.
        lines = [line.rstrip() for line in self.cleaned_data["narrative"].strip().splitlines()]
        text = "\n".join(lines)
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return text


class DeviationReasonsForm(AnnualReportForm):
    """A reason for each line of the report's money table that strays beyond the threshold.

    `rows` are the statutory rows needing a reason (reports/statutory.py); a reason already
    stored is shown to be edited. Reasons of other lines are kept as they are.
    """

    class Meta(AnnualReportForm.Meta):
        fields = []

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        stored = self.instance.deviation_reasons or {}
        for row in self.rows:
            self.fields[field_name(row)] = forms.CharField(
                label=_label(row),
                required=False,
                max_length=2000,
                initial=stored.get(row.key, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper.form_action = reverse(
            "reports:annual-report-reasons", args=[self.instance.year]
        )

    def save(self, commit=True):
        reasons = dict(self.instance.deviation_reasons or {})
        for row in self.rows:
            text = " ".join(self.cleaned_data.get(field_name(row), "").split())
            if text:
                reasons[row.key] = text
            else:
                reasons.pop(row.key, None)
        self.instance.deviation_reasons = reasons
        return super().save(commit)


def _label(row):
    if row.kind == "subtotal":
        return _("%(name)s: used %(percent)s of the program's amount for the year") % {
            "name": row.name,
            "percent": percent_text(row.percent_of_basis),
        }
    return _("%(number)s. %(name)s — %(source)s: used %(percent)s of the allotment") % {
        "number": row.number,
        "name": row.name,
        "source": row.source,
        "percent": percent_text(row.percent_of_basis),
    }


def field_name(row):
    # The row's key holds the source's name (spaces, quotes): a digest makes a valid id.
    return "reason_" + hashlib.sha256(row.key.encode()).hexdigest()[:10]
