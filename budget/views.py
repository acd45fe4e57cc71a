"""Pages of the budget app: the year's plan against fact, the expenses, the allotments."""

import base64

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from activities import workspace
from activities.models import Event, Program
from budget import money, selectors, services, structure
from budget.exports import BudgetLineResource, budget_rows
from budget.filters import ExpenseFilter, FinancingFilter
from budget.forms import AllocationsForm, ExpenseForm, FinancingForm, StructureUploadForm
from budget.models import BudgetAllocation, Expense, Financing, FundingSource, SpendingCategory
from menaprogram import spreadsheets
from menaprogram.concurrency import ConcurrentEditMixin, FingerprintForm, report_conflict
from menaprogram.importer.reading import ImportRefused
from menaprogram.mixins import (
    ExportMixin,
    FilteredListMixin,
    ReadOnlyMixin,
    RoleRequiredMixin,
    SubmitOnceMixin,
)
from menaprogram.params import whole_number


class BudgetView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, TemplateView):
    """The year's money of the workspace program: approved, allotted, financed, spent."""

    permission_required = "budget.view_expense"
    template_name = "budget/budget.html"
    export_kind = "budget"
    export_resource = BudgetLineResource
    export_formats = BudgetLineResource.FORMATS

    def money(self):
        program = workspace.program_or_404(self.request)
        year = workspace.year_or_404(self.request, program)
        layers = money.MoneyLayers(program, [year], cached=True)
        categories = money.by_category(layers)
        total = money.total([line for _category, line in categories], _("Total"))
        return program, year, layers, categories, total

    def get_export_rows(self):
        _program, _year, _layers, categories, total = self.money()
        return budget_rows(categories, total)

    def get_context_data(self, **kwargs):
        program, year, layers, categories, category_total = self.money()
        sources = [line for _source, line in money.by_source(layers)]
        return super().get_context_data(
            program=program,
            year=year,
            categories=categories,
            category_total=category_total,
            sources=sources,
            query_string=urlencode({"year": year}),
            source_total=money.total(sources, _("Total")),
            **kwargs,
        )


class AllocationsView(
    RoleRequiredMixin, workspace.YearPageMixin, ExportMixin, SubmitOnceMixin, FormView
):
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

    @cached_property
    def sources(self):
        return list(FundingSource.objects.order_by("pk"))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "program": self.program,
            "year": self.year,
            "categories": list(
                SpendingCategory.objects.filter(program=self.program).order_by("number")
            ),
            "sources": self.sources,
            "current": selectors.allocation_grid(self.program, self.year),
        }

    def form_valid(self, form):
        # The request's transaction (ATOMIC_REQUESTS) holds the check's locks until the save.
        if report_conflict(form):
            return self.form_invalid(form, checked=True)
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

    def form_invalid(self, form, checked=False):
        if not checked:
            report_conflict(form)
        return super().form_invalid(form)

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
        year = workspace.current(self.request).year
        self.filters = ExpenseFilter(self.request.GET, program=program, year=year)
        if "year" in self.filters.errors:
            # Not silently every year: a year outside the program's term is no page.
            raise Http404
        # A filter that does not validate is shown with its error and left out.
        expenses = selectors.expense_list(program, filters=self.filters)
        self.count, self.total = selectors.count_and_total(expenses)
        return expenses

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.count  # counted with the total (the paginator would again)
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filters.form,
            total=self.total,
            year=self.filters.form.cleaned_data["year"],
            **kwargs,
        )


class ExpenseSaveMixin(
    RoleRequiredMixin, workspace.OpenProgramMixin, SubmitOnceMixin, SuccessMessageMixin
):
    model = Expense
    program_field = "category__program"
    form_class = ExpenseForm
    template_name = "budget/expense_form.html"

    def get_form_kwargs(self):
        # Administrators may record an expense above the limit, stating why.
        may_exceed = self.request.user.has_perm("budget.exceed_expense_limit")
        return {**super().get_form_kwargs(), "may_exceed": may_exceed}

    def get_success_message(self, cleaned_data):
        return self.success_message % {
            "amount": number_format(cleaned_data["amount"], 2, force_grouping=True),
            "date": f"{cleaned_data['date']:%d.%m.%Y}",
        }

    def get_success_url(self):
        """Where the saved expense is in sight: its event's expenses, else a list narrowed to it.

        A plain `?year=` list starts with other expenses and pages on; the one just saved
        would be somewhere on page 3.
        """
        expense = self.object
        if expense.event_id:
            return reverse("activities:event-detail", args=[expense.event_id]) + "#expenses"
        query = {
            "year": f"{expense.date.year:d}",
            "month": f"{expense.date.month:d}",
            "category": f"{expense.category.number:d}",
            "source": expense.source.code,
            "event": "none",
        }
        if expense.document_number:
            query["q"] = expense.document_number
        return f"{reverse('budget:expense-list')}?{urlencode(query)}"


class ExpenseCreateView(ExpenseSaveMixin, CreateView):
    permission_required = "budget.add_expense"
    success_message = _("Expense of %(amount)s UAH on %(date)s added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": workspace.program_or_404(self.request)}

    def get_initial(self):
        # An event's page links here with ?event=<id>: the expense is for that event.
        event_id = whole_number(self.request.GET.get("event"))
        if event_id is None:
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


class FinancingListView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView):
    """What the finance department transferred, by year, category and source."""

    export_kind = "financing"
    permission_required = "budget.view_financing"
    template_name = "budget/financing_list.html"
    context_object_name = "financing"
    paginate_by = 25

    def get_queryset(self):
        program = workspace.program_or_404(self.request)
        year = workspace.current(self.request).year
        self.filters = FinancingFilter(self.request.GET, program=program, year=year)
        if "year" in self.filters.errors:
            raise Http404
        financing = selectors.financing_list(program, filters=self.filters)
        self.count, self.total = selectors.count_and_total(financing)
        return financing

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.count  # counted with the total (the paginator would again)
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filters.form,
            total=self.total,
            year=self.filters.form.cleaned_data["year"],
            **kwargs,
        )


class FinancingSaveMixin(
    RoleRequiredMixin, workspace.OpenProgramMixin, SubmitOnceMixin, SuccessMessageMixin
):
    model = Financing
    program_field = "category__program"
    form_class = FinancingForm
    template_name = "budget/financing_form.html"

    def get_success_message(self, cleaned_data):
        return self.success_message % {
            "amount": number_format(cleaned_data["amount"], 2, force_grouping=True),
            "date": f"{cleaned_data['date']:%d.%m.%Y}",
        }

    def get_success_url(self):
        return f"{reverse('budget:financing-list')}?year={self.object.date.year:d}"


class FinancingCreateView(FinancingSaveMixin, CreateView):
    permission_required = "budget.add_financing"
    success_message = _("Financing of %(amount)s UAH on %(date)s added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": workspace.program_or_404(self.request)}


class FinancingUpdateView(ConcurrentEditMixin, FinancingSaveMixin, UpdateView):
    permission_required = "budget.change_financing"
    success_message = _("Financing of %(amount)s UAH on %(date)s saved.")

    def get_queryset(self):
        return Financing.objects.select_related("category__program")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.object.category.program}


class FinancingDeleteForm(FingerprintForm):
    """The confirmation: refused if the record changed since the page was opened."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)


class FinancingDeleteView(RoleRequiredMixin, workspace.OpenProgramMixin, DeleteView):
    permission_required = "budget.delete_financing"
    model = Financing
    program_field = "category__program"
    template_name = "budget/financing_confirm_delete.html"
    form_class = FinancingDeleteForm

    def get_queryset(self):
        return Financing.objects.select_related("category__program", "source")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_valid(self, form):
        # The request's transaction holds the row's lock from the check to the delete.
        if report_conflict(form):
            return self.form_invalid(form)
        year = self.object.date.year
        messages.success(
            self.request,
            _("Financing of %(amount)s UAH on %(date)s deleted.")
            % {
                "amount": number_format(self.object.amount, 2, force_grouping=True),
                "date": f"{self.object.date:%d.%m.%Y}",
            },
        )
        self.object.delete()
        return redirect(f"{reverse('budget:financing-list')}?year={year:d}")


STRUCTURE_SESSION_KEY = "structure_import"


class StructureExportView(ReadOnlyMixin, RoleRequiredMixin, View):
    """A program's structure in the template the structure import reads (XLSX, or ?format=csv)."""

    permission_required = "activities.change_program"

    def get(self, request, pk):
        program = get_object_or_404(Program, pk=pk)
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        dataset = structure.export_dataset(program)
        if fmt == "csv":
            content = spreadsheets.csv_bytes(dataset)
        else:
            content = spreadsheets.xlsx_bytes(dataset, formats={structure.AMOUNT: "#,##0.00"})
        response = HttpResponse(content, content_type=ExportMixin.EXPORT_TYPES[fmt])
        name = f"structure-{program.start_year}-{program.end_year}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class StructureImportView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """Administrators: load a program's structure from a file; a preview first, then all or
    nothing on confirmation."""

    permission_required = "activities.add_program"
    template_name = "budget/structure_import.html"
    form_class = StructureUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            result = structure.preview(raw)
        except ImportRefused as refusal:
            form.add_error("file", refusal.message)
            return self.form_invalid(form)
        self.request.session[STRUCTURE_SESSION_KEY] = {
            "name": upload.name,
            "raw": base64.b64encode(raw).decode(),
            "counts": result.counts,
        }
        return self.render_to_response(
            self.get_context_data(form=form, result=result, file_name=upload.name)
        )


class StructureConfirmView(RoleRequiredMixin, View):
    """Load the file previewed, all or nothing; without one, back to the upload."""

    permission_required = "activities.add_program"

    def get(self, request):
        return redirect("budget:structure-import")

    def post(self, request):
        waiting = request.session.get(STRUCTURE_SESSION_KEY)
        if not waiting:
            return redirect("budget:structure-import")
        if "cancel" in request.POST:
            request.session.pop(STRUCTURE_SESSION_KEY, None)
            return redirect("budget:structure-import")
        raw = base64.b64decode(waiting["raw"])
        result = structure.load(raw, previewed=waiting["counts"])
        if not result.ok:
            if result.counts != waiting["counts"]:
                # What the file would do now, to confirm again: checked against this preview.
                messages.warning(request, result.errors[-1][2])
                result = structure.preview(raw)
                waiting["counts"] = result.counts
                request.session[STRUCTURE_SESSION_KEY] = waiting
            context = {
                "form": StructureUploadForm(),
                "result": result,
                "file_name": waiting["name"],
            }
            return render(request, "budget/structure_import.html", context)
        request.session.pop(STRUCTURE_SESSION_KEY, None)
        program = Program.objects.get(title=result.title)
        messages.success(
            request,
            _("The structure of the program “%(program)s” is loaded.") % {"program": program},
        )
        return redirect("activities:program-update", program.pk)
