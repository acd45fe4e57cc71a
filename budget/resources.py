"""Import and export of expenses and allocations, export of the budget page, in Ukrainian."""

import re

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from activities.models import Event
from budget.models import BudgetAllocation, Expense, FundingSource, SpendingCategory
from menaprogram.spreadsheets import (
    AllOrNothingResource,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    ProgramItemWidget,
    parse_number,
)

EXPENSE_DATE = "Дата"
ALLOCATION_YEAR = "Рік"


class EventWidget(widgets.ForeignKeyWidget):
    """An event as the list shows it: `Title (15.03.2024)`: the title and the start date."""

    LABEL = re.compile(r"^(?P<title>.+?)\s*\((?P<date>\d{2}\.\d{2}\.\d{4})\)\s*$")

    def __init__(self):
        super().__init__(Event)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = self.LABEL.match(text)
        if not match:
            raise ValueError(
                _("Write the event as “Title (15.03.2024)”, not “%(value)s”.") % {"value": text}
            )
        start = DateWidget().clean(match["date"])
        events = list(Event.objects.filter(title=match["title"], start_date=start)[:2])
        if len(events) != 1:
            raise ValueError(
                _("No single event “%(value)s” was found.") % {"value": text}
                if not events
                else _("Several events are called “%(value)s”.") % {"value": text}
            )
        return events[0]

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class ExpenseResource(AllOrNothingResource):
    id = fields.Field("id", "ID", widget=IntegerWidget())
    date = fields.Field("date", EXPENSE_DATE, widget=DateWidget())
    amount = fields.Field("amount", "Сума, грн", widget=DecimalWidget())
    category = fields.Field(
        "category",
        "Напрям використання коштів (номер)",
        widget=ProgramItemWidget(
            SpendingCategory, lambda row: DateWidget().clean(row.get(EXPENSE_DATE)).year
        ),
    )
    source = fields.Field(
        "source", "Джерело фінансування", widget=widgets.ForeignKeyWidget(FundingSource, "name")
    )
    event = fields.Field("event", "Захід", widget=EventWidget())
    counterparty = fields.Field("counterparty", "Контрагент")
    document_number = fields.Field("document_number", "Номер документа")
    note = fields.Field("note", "Примітка")

    class Meta:
        model = Expense
        fields = (
            "id",
            "date",
            "amount",
            "category",
            "source",
            "event",
            "counterparty",
            "document_number",
            "note",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("category", "source", "event")


class BudgetAllocationResource(AllOrNothingResource):
    year = fields.Field("year", ALLOCATION_YEAR, widget=IntegerWidget())
    category = fields.Field(
        "category",
        "Напрям використання коштів (номер)",
        widget=ProgramItemWidget(
            SpendingCategory, lambda row: parse_number(row.get(ALLOCATION_YEAR))
        ),
    )
    source = fields.Field(
        "source", "Джерело фінансування", widget=widgets.ForeignKeyWidget(FundingSource, "name")
    )
    amount = fields.Field("amount", "Сума, грн", widget=DecimalWidget())
    decision = fields.Field("decision", "Рішення про бюджет")

    class Meta:
        model = BudgetAllocation
        fields = ("year", "category", "source", "amount", "decision")
        import_id_fields = ("year", "category", "source")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("category", "source")


class BudgetLineResource(resources.Resource):
    """The budget page's table by spending category as a file: figures, not records.

    The rows are dicts made by `budget_rows`; amounts are in hryvnias with kopecks (the
    page rounds them to thousands), the share used in per cent.
    """

    number = fields.Field("number", "№", widget=widgets.IntegerWidget())
    name = fields.Field("name", "Напрям використання коштів")
    kekv = fields.Field("kekv", "КЕКВ")
    allotted = fields.Field("allotted", "Виділено, грн", widget=DecimalWidget())
    spent = fields.Field("spent", "Використано, грн", widget=DecimalWidget())
    remainder = fields.Field("remainder", "Залишок, грн", widget=DecimalWidget())
    percent_used = fields.Field("percent_used", "Використано, %", widget=DecimalWidget())

    # Excel number formats by header, for the XLSX.
    FORMATS = {
        "Виділено, грн": "#,##0.00",
        "Використано, грн": "#,##0.00",
        "Залишок, грн": "#,##0.00",
        "Використано, %": "0.0",
    }


def budget_rows(categories, total):
    """The rows of BudgetLineResource: one per (category, Execution), then the total."""

    def row(line, **extra):
        return {
            "allotted": line.allotted,
            "spent": line.spent,
            "remainder": line.remainder,
            "percent_used": line.percent_used,
            **extra,
        }

    rows = [
        row(line, number=category.number, name=category.name, kekv=category.kekv)
        for category, line in categories
    ]
    return [*rows, row(total, number=None, name=str(total.label), kekv="")]
