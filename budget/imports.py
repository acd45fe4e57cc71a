"""Importing expenses, financing and budget allocations, in Ukrainian."""

from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from activities.imports import EventWidget
from budget.models import (
    BudgetAllocation,
    Expense,
    Financing,
    FundingSource,
    SpendingCategory,
    SpendingLimits,
)
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

    def import_data(self, dataset, **kwargs):
        self.dry_run = kwargs.get("dry_run", False)  # before_import is not told
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # The file's rows count against each other and against what is stored: one ledger
        # for the whole file, read a category-year at a time (see SpendingLimits). A
        # preview takes no locks: it writes nothing.
        self.limits = SpendingLimits(in_file=True, lock=not getattr(self, "dry_run", False))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's rules, the spending limit with the file's earlier rows counted.

        A file states no reason for exceeding the limit: a row above it is an error, even
        one updating an expense an administrator recorded above it with a reason.
        """
        kept = instance.over_limit_reason
        instance.over_limit_reason = ""
        instance.limits = self.limits
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        finally:
            instance.over_limit_reason = kept
            del instance.limits
        if instance.category_id and instance.source_id and instance.date and instance.amount:
            self.limits.add(instance)


class FinancingResource(ProgramResource):
    id = fields.Field("id", "ID", widget=IntegerWidget())
    date = fields.Field("date", "Дата", widget=DateWidget())
    amount = fields.Field("amount", "Сума, грн", widget=DecimalWidget())
    category = fields.Field("category", CATEGORY, widget=ProgramNumberWidget(SpendingCategory))
    source = fields.Field("source", SOURCE, widget=NameWidget(FundingSource, UNKNOWN_SOURCE))
    document_number = fields.Field("document_number", "Номер документа")
    note = fields.Field("note", "Примітка")

    class Meta:
        model = Financing
        fields = ("id", "date", "amount", "category", "source", "document_number", "note")
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(category__program=self.program)
            .select_related("category", "source")
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
        "financing",
        gettext_lazy("Financing"),
        FinancingResource,
        "budget.add_financing",
        required=("Дата", "Сума, грн", CATEGORY, SOURCE),
        key=("ID",),
        # Two transfers can share these, so this is a warning, not a refusal.
        same_as=("date", "amount", "category", "source", "document_number"),
        # Before expenses: a file of the year's transfers comes before its spending.
        order=35,
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
