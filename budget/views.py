"""Pages of the budget app: the year's plan against fact, the expenses, the allotments."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from activities import workspace
from activities.models import Event
from budget import selectors, services
from budget.exports import BudgetLineResource, budget_rows
from budget.forms import AllocationsForm, ExpenseFilterForm, ExpenseForm
from budget.models import BudgetAllocation, Expense, FundingSource, SpendingCategory
from menaprogram.concurrency import ConcurrentEditMixin
from menaprogram.mixins import (
    ExportMixin,
    FilteredListMixin,
    ReadOnlyMixin,
    RoleRequiredMixin,
    SubmitOnceMixin,
)


class BudgetView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, TemplateView):
    """The year's money of the workspace program: approved, allotted, spent."""

    permission_required = "budget.view_expense"
    template_name = "budget/budget.html"
    export_kind = "budget"
    export_resource = BudgetLineResource
    export_formats = BudgetLineResource.FORMATS

    def by_category(self):
        program = workspace.program_or_404(self.request)
        year = workspace.year_or_404(self.request, program)
        categories = selectors.category_lines(program, year)
        return (
            program,
            year,
            categories,
            selectors.total([line for _c, line in categories], _("Total")),
        )

    def get_export_rows(self):
        _program, _year, categories, total = self.by_category()
        return budget_rows(categories, total)

    def get_context_data(self, **kwargs):
        program, year, categories, category_total = self.by_category()
        sources = selectors.execution_by_source(program, year)
        return super().get_context_data(
            program=program,
            year=year,
            categories=categories,
            category_total=category_total,
            sources=sources,
            query_string=urlencode({"year": year}),
            source_total=selectors.total(sources, _("Total")),
            **kwargs,
        )


class AllocationsView(RoleRequiredMixin, ExportMixin, SubmitOnceMixin, FormView):
    """The year's allotments, category by source, edited by administrators."""

    permission_required = "budget.change_budgetallocation"
    template_name = "budget/allocations.html"
    form_class = AllocationsForm
    export_kind = "allocations"  # the file imports back as allotments

    def get_export_rows(self):
        return (
            BudgetAllocation.objects.filter(category__program=self.program, year=self.year)
            .select_related("category", "source")
            .order_by("category__number", "source")
        )

    # Read after the role check, so that a person without the role gets 403, not 404.
    @cached_property
    def program(self):
        return workspace.program_or_404(self.request)

    @cached_property
    def year(self):
        return workspace.year_or_404(self.request, self.program)

    @cached_property
    def sources(self):
        return list(FundingSource.objects.order_by("pk"))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "categories": list(
                SpendingCategory.objects.filter(program=self.program).order_by("number")
            ),
            "sources": self.sources,
            "current": selectors.allocation_grid(self.program, self.year),
        }

    def form_valid(self, form):
        changed = services.save_allocations(
            program=self.program,
            year=self.year,
            amounts=form.amounts(),
            decision=form.cleaned_data["decision"],
        )
        messages.success(
            self.request,
            _("Allotments for %(year)s saved: %(count)s changed.")
            % {"year": f"{self.year:d}", "count": changed},
        )
        return redirect(f"{reverse('budget:budget')}?year={self.year:d}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            program=self.program,
            year=self.year,
            sources=self.sources,
            query_string=urlencode({"year": self.year}),
            **kwargs,
        )


class ExpenseListView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView):
    export_kind = "expenses"
    permission_required = "budget.view_expense"
    template_name = "budget/expense_list.html"
    context_object_name = "expenses"
    paginate_by = 25

    def get_queryset(self):
        program = workspace.program_or_404(self.request)
        data = self.request.GET.copy()
        data.setdefault("year", str(workspace.current(self.request).year))
        event_id = data.get("event", "")
        event = (
            Event.objects.filter(program=program, pk=event_id).first()
            if event_id.isdigit()
            else None
        )
        self.filter_form = ExpenseFilterForm(
            data,
            program=program,
            categories=SpendingCategory.objects.filter(program=program).order_by("number"),
            sources=FundingSource.objects.order_by("pk"),
            event=event,
        )
        self.filter_form.is_valid()
        if "year" in self.filter_form.errors:
            # Not silently every year: a year outside the program's term is no page.
            raise Http404
        # A filter that does not validate is shown with its error and left out.
        expenses = selectors.expense_list(program, self.filter_form.cleaned_data)
        self.total = selectors.total_amount(expenses)
        return expenses

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            total=self.total,
            year=self.filter_form.cleaned_data["year"],
            **kwargs,
        )


class ExpenseSaveMixin(RoleRequiredMixin, SubmitOnceMixin):
    model = Expense
    form_class = ExpenseForm
    template_name = "budget/expense_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            self.success_message
            % {
                "amount": number_format(self.object.amount, 2, force_grouping=True),
                "date": f"{self.object.date:%d.%m.%Y}",
            },
        )
        return response

    def get_success_url(self):
        return f"{reverse('budget:expense-list')}?year={self.object.date.year:d}"


class ExpenseCreateView(ExpenseSaveMixin, CreateView):
    permission_required = "budget.add_expense"
    success_message = _("Expense of %(amount)s UAH on %(date)s added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": workspace.program_or_404(self.request)}

    def get_initial(self):
        # An event's page links here with ?event=<id>: the expense is for that event.
        event_id = self.request.GET.get("event", "")
        if not event_id.isdigit():
            return {}
        event = Event.objects.filter(
            program=workspace.program_or_404(self.request), pk=event_id
        ).first()
        return {"event": event, "date": event.start_date} if event else {}


class ExpenseUpdateView(ConcurrentEditMixin, ExpenseSaveMixin, UpdateView):
    permission_required = "budget.change_expense"
    success_message = _("Expense of %(amount)s UAH on %(date)s saved.")

    def get_queryset(self):
        return Expense.objects.select_related("category__program")

    def get_form_kwargs(self):
        # An expense stays within its own program, whichever one the workspace shows.
        return {**super().get_form_kwargs(), "program": self.object.category.program}
