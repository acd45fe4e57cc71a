"""The admin for the four layers of money: approved, allotted, financed, spent."""

from django.contrib import admin

from activities.admin import EventAdmin
from activities.models import Event
from budget.forms import OverLimitForm, OverLimitFormSet
from budget.imports import BudgetAllocationResource, ExpenseResource, FinancingResource
from budget.models import (
    BudgetAllocation,
    Expense,
    Financing,
    FundingSource,
    ProgramFunding,
    SpendingCategory,
)
from menaprogram.admin import LocalizedAdmin, LocalizedInline, SpreadsheetAdmin


@admin.register(SpendingCategory)
class SpendingCategoryAdmin(LocalizedAdmin):
    list_display = ["number", "name", "kekv", "program"]
    list_display_links = ["number", "name"]
    list_filter = ["program", "kekv"]
    search_fields = ["name", "kekv"]


@admin.register(FundingSource)
class FundingSourceAdmin(LocalizedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(ProgramFunding)
class ProgramFundingAdmin(LocalizedAdmin):
    list_display = ["program", "year", "source", "amount"]
    list_filter = ["program", "year", "source"]
    autocomplete_fields = ["program", "source"]


@admin.register(BudgetAllocation)
class BudgetAllocationAdmin(SpreadsheetAdmin):
    resource_classes = [BudgetAllocationResource]
    import_kind = "allocations"
    list_display = ["year", "category", "source", "amount", "decision"]
    list_filter = ["year", "category__program", "source"]
    search_fields = ["category__name", "decision"]
    autocomplete_fields = ["category", "source"]
    list_select_related = ["category", "source"]


@admin.register(Financing)
class FinancingAdmin(SpreadsheetAdmin):
    resource_classes = [FinancingResource]
    import_kind = "financing"
    list_display = ["date", "amount", "category", "source", "document_number"]
    list_filter = ["category__program", "category", "source", "date"]
    search_fields = ["document_number", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["category", "source"]
    list_select_related = ["category", "source"]


@admin.register(Expense)
class ExpenseAdmin(SpreadsheetAdmin):
    form = OverLimitForm
    resource_classes = [ExpenseResource]
    import_kind = "expenses"
    list_display = [
        "date",
        "amount",
        "category",
        "source",
        "event",
        "counterparty",
        "document_number",
    ]
    list_filter = ["category__program", "category", "source", "date"]
    search_fields = ["counterparty", "document_number", "note", "event__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["category", "source", "event"]
    list_select_related = ["category", "source", "event"]

    def get_fields(self, request, obj=None):
        # Only those who may record an expense above the limit state why.
        fields = super().get_fields(request, obj)
        if may_exceed(request.user):
            return fields
        return [name for name in fields if name != "over_limit_reason"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"may_exceed": may_exceed(request.user), "__module__": form.__module__}
        return type(form.__name__, (form,), attrs)


def may_exceed(user):
    return user.has_perm("budget.exceed_expense_limit")


class ExpenseInline(LocalizedInline):
    # An expense above the limit is recorded with its reason on the expense's own page.
    model = Expense
    form = OverLimitForm
    formset = OverLimitFormSet
    autocomplete_fields = ["category", "source"]
    fields = ["date", "amount", "category", "source", "counterparty", "document_number"]


# An event's expenses are entered with it; budget sits above activities, so it adds them.
admin.site.unregister(Event)


@admin.register(Event)
class EventWithExpensesAdmin(EventAdmin):
    inlines = [*EventAdmin.inlines[:1], ExpenseInline, *EventAdmin.inlines[1:]]
