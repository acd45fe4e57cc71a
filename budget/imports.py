"""Importing expenses and budget allocations, in Ukrainian."""

from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from activities.imports import EventWidget
from budget.models import BudgetAllocation, Expense, FundingSource, SpendingCategory
from menaprogram.importer.registry import Kind, register
from menaprogram.importer.resources import ProgramResource
from menaprogram.importer.widgets import (
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    NameWidget,
    ProgramNumberWidget,
)

CATEGORY = "Напрям використання коштів (номер)"
SOURCE = "Джерело фінансування"
UNKNOWN_SOURCE = gettext_lazy("Unknown funding source “%(value)s”.")


class ExpenseResource(ProgramResource):
    id = fields.Field("id", "ID", widget=IntegerWidget())
    date = fields.Field("date", "Дата", widget=DateWidget())
    amount = fields.Field("amount", "Сума, грн", widget=DecimalWidget())
    category = fields.Field("category", CATEGORY, widget=ProgramNumberWidget(SpendingCategory))
    source = fields.Field("source", SOURCE, widget=NameWidget(FundingSource, UNKNOWN_SOURCE))
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
        instance_loader_class = CachedInstanceLoader
        # Expense files run to thousands of rows: rows are inserted a thousand at a
        # time, with no savepoint per row. Everything a row can get wrong is found by
        # validate_instance first, so the database has nothing left to refuse per row.
        use_bulk = True
        batch_size = 1000

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(category__program=self.program)
            .select_related("category", "source", "event")
        )


class BudgetAllocationResource(ProgramResource):
    year = fields.Field("year", "Рік", widget=IntegerWidget())
    category = fields.Field("category", CATEGORY, widget=ProgramNumberWidget(SpendingCategory))
    source = fields.Field("source", SOURCE, widget=NameWidget(FundingSource, UNKNOWN_SOURCE))
    amount = fields.Field("amount", "Сума, грн", widget=DecimalWidget())
    decision = fields.Field("decision", "Рішення про бюджет")

    class Meta:
        model = BudgetAllocation
        fields = ("year", "category", "source", "amount", "decision")
        import_id_fields = ("year", "category", "source")

    def check_scope(self, instance, row):
        # An allocation has no program of its own; its year must lie in the program's.
        self.program.check_year(instance.year, "year")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(category__program=self.program)
            .select_related("category", "source")
        )


register(
    Kind(
        "expenses",
        gettext_lazy("Expenses"),
        ExpenseResource,
        "budget.add_expense",
        required=("Дата", "Сума, грн", CATEGORY, SOURCE),
        key=("ID",),
        # Two real payments can share all of these, so this is a warning, not a refusal.
        same_as=("date", "amount", "category", "counterparty", "document_number"),
        order=40,
    )
)
register(
    Kind(
        "allocations",
        gettext_lazy("Budget allocations"),
        BudgetAllocationResource,
        "budget.add_budgetallocation",
        required=("Рік", CATEGORY, SOURCE, "Сума, грн"),
        key=("Рік", CATEGORY, SOURCE),
        order=50,
    )
)
