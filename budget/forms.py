"""Forms of the budget pages: an expense, a financing record and the year's allotments."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from budget import services
from budget.models import (
    MONEY,
    OVER_LIMIT,
    Expense,
    Financing,
    FundingSource,
    SpendingCategory,
    SpendingLimits,
)
from menaprogram.concurrency import ConflictingChange, FingerprintForm, entry
from menaprogram.forms import MoneyField
from menaprogram.mixins import SubmitOnceForm


def category_label(category):
    """`3. транспортні витрати, необхідні для…`: the program's names run to 300 characters."""
    return f"{category.number}. {Truncator(category.name).words(8)}"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return category_label(obj)


def event_label(event):
    """Events by date, as people find them in the paper records: `15.03.2024 — title`."""
    return f"{event.start_date:%d.%m.%Y} — {event.title}"


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return event_label(obj)


class OverLimitForm(forms.ModelForm):
    """An expense's form: only those who may exceed the spending limit have its reason.

    For everyone else the stored reason does not count while the form is checked, so that
    an expense an administrator recorded above the limit cannot be raised further under
    the administrator's reason; saved, the record keeps it.
    """

    may_exceed = False

    def _post_clean(self):
        if self.may_exceed:
            super()._post_clean()
        else:
            kept = self.instance.over_limit_reason
            self.instance.over_limit_reason = ""
            try:
                super()._post_clean()
            finally:
                self.instance.over_limit_reason = kept
        # Rows of one page sharing the instance's limits count against each other.
        limits = self.instance.__dict__.get("limits")
        if limits is not None and not self._errors and not self.cleaned_data.get("DELETE"):
            limits.add(self.instance)


class OverLimitFormSet(forms.BaseInlineFormSet):
    """An event's expense rows in the admin: checked together, as an import's rows are."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "limits"):
            self.limits = SpendingLimits()
        form.instance.limits = self.limits
        return form


# The top of the expense and the financing forms: a category of the program, a source, a date
# and an amount, typed as the council writes them.
MONEY_LAYOUT = (
    "submission",
    "fingerprint",
    "category",
    Row(
        Column("source", css_class="col-md-6"),
        Column("date", css_class="col-md-3"),
        Column("amount", css_class="col-md-3"),
    ),
)


def _money_fields(form, program):
    """Only the program's own categories are offered, and so accepted: an id from another
    program is an invalid choice, a field error."""
    form.fields["category"].queryset = SpendingCategory.objects.filter(program=program).order_by(
        "number"
    )
    form.fields["source"].queryset = FundingSource.objects.order_by("pk")
    form.fields["source"].empty_label = None
    form.fields["date"].widget.attrs["placeholder"] = _("dd.mm.yyyy")
    form.fields["amount"].widget.attrs.update({"inputmode": "decimal", "placeholder": "0,00"})


class ExpenseForm(SubmitOnceForm, FingerprintForm, OverLimitForm):
    category = CategoryChoiceField(
        label=_("spending category"), queryset=SpendingCategory.objects.none()
    )
    event = EventChoiceField(
        label=_("event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("— not linked to an event —"),
    )

    class Meta:
        model = Expense
        fields = [
            "category",
            "source",
            "date",
            "amount",
            "event",
            "counterparty",
            "document_number",
            "note",
            "over_limit_reason",
        ]
        # Amounts and dates typed as the council writes them: 1 234,56 and 15.03.2024.
        localized_fields = ["date", "amount"]
        field_classes = {"amount": MoneyField}
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "over_limit_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, program, may_exceed=False, **kwargs):
        self.may_exceed = may_exceed
        super().__init__(*args, **kwargs)
        if not may_exceed:
            del self.fields["over_limit_reason"]
        # Only the program's own categories and events are offered, and so accepted.
        _money_fields(self, program)
        self.fields["event"].queryset = Event.objects.filter(program=program).order_by(
            "-start_date", "title"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *MONEY_LAYOUT,
            "event",
            Row(
                Column("counterparty", css_class="col-md-8"),
                Column("document_number", css_class="col-md-4"),
            ),
            "note",
            *(["over_limit_reason"] if may_exceed else []),
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_counterparty(self):
        return " ".join(self.cleaned_data["counterparty"].split())

    def _post_clean(self):
        super()._post_clean()
        # The limit's refusal is a paragraph of figures: above the form, not in the narrow
        # amount column, which is marked with a short pointer to it.
        errors = self._errors.get("amount")
        over = [error for error in errors.as_data() if error.code == OVER_LIMIT] if errors else []
        if over:
            rest = [error for error in errors.as_data() if error.code != OVER_LIMIT]
            del self._errors["amount"]
            for error in over:
                self.add_error(None, error)
            self.add_error("amount", rest or _("Above the remainder: see the message above."))


class FinancingForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    category = CategoryChoiceField(
        label=_("spending category"), queryset=SpendingCategory.objects.none()
    )

    class Meta:
        model = Financing
        fields = ["category", "source", "date", "amount", "document_number", "note"]
        localized_fields = ["date", "amount"]
        field_classes = {"amount": MoneyField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        _money_fields(self, program)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *MONEY_LAYOUT,
            "document_number",
            "note",
        )
        self.helper.add_input(Submit("save", _("Save")))


class AllocationsForm(SubmitOnceForm, FingerprintForm):
    """The year's allotments as a grid: one amount per spending category and funding source.

    Empty means nothing allotted. The decision applies to the amounts this save changes.
    The grid as shown is one record for the stale-form check: every cell, empty ones too,
    so that an allotment someone added meanwhile is caught like one they changed.
    """

    decision = forms.CharField(
        label=_("budget decision"),
        max_length=300,
        required=False,
        help_text=_("The council decision behind the changed amounts, e.g. № 12/34 of 15.03.2024."),
    )

    def __init__(self, *args, program, year, categories, sources, current, **kwargs):
        self.program, self.year, self.current = program, year, current
        self.pairs = [(c, s) for c in categories for s in sources]
        super().__init__(*args, **kwargs)
        self.rows = []
        for category in categories:
            cells = []
            for source in sources:
                name = self.field_name(category, source)
                allocation = current.get((category.pk, source.pk))
                self.fields[name] = MoneyField(
                    label=_("%(category)s: %(source)s, UAH")
                    % {"category": category_label(category), "source": source.name},
                    min_value=0,
                    required=False,
                    localize=True,
                    initial=allocation.amount if allocation else None,
                    **MONEY,
                )
                self.fields[name].widget.attrs.update(
                    {"inputmode": "decimal", "class": "form-control text-end"}
                )
                cells.append(name)
            self.rows.append((category, cells))

    @staticmethod
    def field_name(category, source):
        return f"amount_{category.pk}_{source.pk}"

    def clean(self):
        # An empty cell removes an allotment; a missing one is a truncated or forged post,
        # which must not wipe the year's plan.
        missing = [c for c, s in self.pairs if self.field_name(c, s) not in self.data]
        if missing:
            raise forms.ValidationError(
                _("The grid arrived incomplete, so nothing was changed. Open the page again.")
            )
        return super().clean()

    def amounts(self):
        """{(category, source): amount or None} from the cleaned data."""
        return {(c, s): self.cleaned_data.get(self.field_name(c, s)) for c, s in self.pairs}

    def has_record(self):
        return True

    def record_snapshot(self):
        return self._snapshot(self.current)

    def locked_snapshot(self):
        return self._snapshot(services.lock_allocations(program=self.program, year=self.year))

    def _snapshot(self, allocations):
        values = {}
        for category, source in self.pairs:
            allocation = allocations.get((category.pk, source.pk))
            cell = [str(allocation.amount), allocation.decision] if allocation else None
            values[self.field_name(category, source)] = entry(cell, cell)
        return values

    def describe_change(self, name, was, now):
        was, now = (was or [None, None])[1], now[1]
        # The decision is named only when it is what tells the two versions apart.
        decision = (was or [None, ""])[1] != (now or [None, ""])[1]
        return ConflictingChange(
            name, self.fields[name].label, _cell(was, decision), _cell(now, decision)
        )

    def bound_rows(self):
        rows = []
        for category, cells in self.rows:
            fields = [self[name] for name in cells]
            for field in fields:
                if field.errors:
                    field.field.widget.attrs["class"] += " is-invalid"
            rows.append((category, fields))
        return rows


def _cell(cell, with_decision):
    if cell is None:
        return "—"
    amount = number_format(Decimal(cell[0]), 2, force_grouping=True)
    return f"{amount} ({cell[1] or '—'})" if with_decision else amount


class StructureUploadForm(SubmitOnceForm):
    """A program's structure file (see budget/structure.py), checked before anything is written."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX in the template of the export: one row per item, the column "
            "«Частина» naming its part. Up to 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("preview", _("Check the file")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > STRUCTURE_MAX_BYTES:
            raise forms.ValidationError(
                _("A program's structure fits in 2 MB; this file is larger.")
            )
        upload.seek(0)
        return upload


STRUCTURE_MAX_BYTES = 2 * 1024 * 1024
