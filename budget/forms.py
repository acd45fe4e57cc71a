"""Forms of the budget pages: an expense, the expense list's filters, the year's allotments."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.dates import MONTHS
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from budget.models import MONEY, Expense, FundingSource, SpendingCategory
from menaprogram.concurrency import FingerprintForm
from menaprogram.mixins import SubmitOnceForm, filter_form_helper


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


class ExpenseForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
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
        ]
        # Amounts and dates typed as the council writes them: 1 234,56 and 15.03.2024.
        localized_fields = ["date", "amount"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the program's own categories and events are offered, and so accepted:
        # an id from another program is an invalid choice, a field error.
        self.fields["category"].queryset = SpendingCategory.objects.filter(
            program=program
        ).order_by("number")
        self.fields["event"].queryset = Event.objects.filter(program=program).order_by(
            "-start_date", "title"
        )
        self.fields["source"].queryset = FundingSource.objects.order_by("pk")
        self.fields["source"].empty_label = None
        self.fields["date"].widget.attrs["placeholder"] = _("dd.mm.yyyy")
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "placeholder": "0,00"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            "category",
            Row(
                Column("source", css_class="col-md-6"),
                Column("date", css_class="col-md-3"),
                Column("amount", css_class="col-md-3"),
            ),
            "event",
            Row(
                Column("counterparty", css_class="col-md-8"),
                Column("document_number", css_class="col-md-4"),
            ),
            "note",
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_counterparty(self):
        return " ".join(self.cleaned_data["counterparty"].split())


class ExpenseFilterForm(forms.Form):
    """The expense list's filters; other pages link to the list with these GET parameters."""

    ANY = [("", _("any"))]
    NOT_LINKED = "none"

    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("month"),
        choices=ANY + [(number, name) for number, name in MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.TypedChoiceField(
        label=_("spending category"), coerce=int, empty_value=None, required=False
    )
    source = forms.ChoiceField(label=_("funding source"), required=False)
    event = forms.ChoiceField(label=_("event"), required=False)
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, program, categories, sources, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year:d}") for year in program.years]
        self.fields["category"].choices = self.ANY + [
            (c.number, category_label(c)) for c in categories
        ]
        self.fields["source"].choices = self.ANY + [(s.code, s.name) for s in sources]
        # The list is reached from an event's page with ?event=<id>; the select then names it.
        events = [(str(event.pk), event_label(event))] if event else []
        self.fields["event"].choices = [
            *self.ANY,
            (self.NOT_LINKED, _("not linked to an event")),
            *events,
        ]
        self.fields["q"].help_text = _("Counterparty, document number or note.")
        self.helper = filter_form_helper(
            Row(
                Column("year", css_class="col-md-2"),
                Column("month", css_class="col-md-2"),
                Column("category", css_class="col-md-4"),
                Column("source", css_class="col-md-4"),
            ),
            Row(Column("event", css_class="col-md-6"), Column("q", css_class="col-md-6")),
        )


class AllocationsForm(SubmitOnceForm):
    """The year's allotments as a grid: one amount per spending category and funding source.

    Empty means nothing allotted. The decision applies to the amounts this save changes.
    """

    decision = forms.CharField(
        label=_("budget decision"),
        max_length=300,
        required=False,
        help_text=_("The council decision behind the changed amounts, e.g. № 12/34 of 15.03.2024."),
    )

    def __init__(self, *args, categories, sources, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for category in categories:
            cells = []
            for source in sources:
                name = self.field_name(category, source)
                allocation = current.get((category.pk, source.pk))
                self.fields[name] = forms.DecimalField(
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
        self.pairs = [(c, s) for c in categories for s in sources]

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

    def bound_rows(self):
        rows = []
        for category, cells in self.rows:
            fields = [self[name] for name in cells]
            for field in fields:
                if field.errors:
                    field.field.widget.attrs["class"] += " is-invalid"
            rows.append((category, fields))
        return rows
