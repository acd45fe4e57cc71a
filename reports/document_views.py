"""Pages of the council's documents: previews, PDF and XLSX downloads, the year's summary."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView, UpdateView

from activities import workspace
from activities.models import AnnualReport
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceMixin
from reports import documents, xlsx
from reports.document_forms import AnnualReportForm
from reports.pdf import pdf_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DocumentMixin(RoleRequiredMixin):
    """Editors, controllers and administrators: everyone who may read the program."""

    permission_required = "activities.view_program"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        self.program = workspace.program_or_404(request)
        year = kwargs.get("year")
        if year is not None and year not in self.program.years:
            # A page with the reason in Ukrainian rather than the bare 404 page.
            return render(
                request,
                "reports/documents/year_outside_term.html",
                {"program": self.program, "year": year},
                status=404,
            )
        return super().dispatch(request, *args, **kwargs)


class DocumentListView(ReadOnlyMixin, DocumentMixin, TemplateView):
    template_name = "reports/documents/document_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            program=self.program, years=list(self.program.years), **kwargs
        )


class PassportView(ReadOnlyMixin, DocumentMixin, TemplateView):
    template_name = "reports/documents/passport.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**documents.passport(self.program), **kwargs)


class PassportPdfView(ReadOnlyMixin, DocumentMixin, View):
    """The passport in Ukrainian, or with `?lang=en` in English for partners."""

    def get(self, request):
        english = request.GET.get("lang") == "en"
        with translation.override("en" if english else "uk"):
            return pdf_response(
                "reports/documents/passport_pdf.html",
                documents.passport(self.program),
                request,
                f"passport-{self._term()}{'-en' if english else ''}.pdf",
            )

    def _term(self):
        return f"{self.program.start_year}-{self.program.end_year}"


class AnnualReportView(ReadOnlyMixin, DocumentMixin, TemplateView):
    template_name = "reports/documents/annual_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.annual_report(self.program, self.kwargs["year"]))
        return context


class AnnualReportPdfView(ReadOnlyMixin, DocumentMixin, View):
    def get(self, request, year):
        return pdf_response(
            "reports/documents/annual_report_pdf.html",
            documents.annual_report(self.program, year),
            request,
            f"annual-report-{year}.pdf",
        )


class AnnualReportXlsxView(ReadOnlyMixin, DocumentMixin, View):
    def get(self, request, year):
        content = xlsx.annual_report(documents.annual_report(self.program, year))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.xlsx"'
        return response


class FinalReportView(ReadOnlyMixin, DocumentMixin, TemplateView):
    template_name = "reports/documents/final_report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**documents.final_report(self.program), **kwargs)


class FinalReportPdfView(ReadOnlyMixin, DocumentMixin, View):
    def get(self, request):
        program = self.program
        return pdf_response(
            "reports/documents/final_report_pdf.html",
            documents.final_report(program),
            request,
            f"final-report-{program.start_year}-{program.end_year}.pdf",
        )


class AnnualReportNarrativeView(DocumentMixin, SubmitOnceMixin, UpdateView):
    """The summary of the year that staff write; the row is made on the first save."""

    permission_required = "activities.change_annualreport"
    form_class = AnnualReportForm
    template_name = "reports/documents/annual_report_form.html"

    def get_object(self, queryset=None):
        year = self.kwargs["year"]
        return AnnualReport.objects.filter(program=self.program, year=year).first() or (
            AnnualReport(program=self.program, year=year)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The summary of the year is saved."))
        return response

    def get_success_url(self):
        return reverse("reports:annual-report", args=[self.kwargs["year"]])
