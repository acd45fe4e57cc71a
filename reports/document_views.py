"""Pages of the council's documents: any document's preview, PDF and XLSX; the year's summary."""

from contextlib import nullcontext

from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView, UpdateView

from activities import workspace
from activities.models import Amendment, AnnualReport
from menaprogram.concurrency import ConcurrentEditMixin
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceMixin
from reports import documents
from reports.document_forms import AnnualReportForm, DeviationReasonsForm
from reports.pdf import finished_document, render_docx, render_pdf
from reports.statutory import rows_needing_reason

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentMixin(RoleRequiredMixin):
    """Editors, controllers and administrators: everyone who may read the program."""

    permission_required = "activities.view_program"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        self.program = workspace.program_or_404(request)
        # The registry's documents are routed with their id; the list and the summary are not.
        if "document" in kwargs:
            self.document = documents.REGISTRY[kwargs["document"]]
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


class DocumentView(ReadOnlyMixin, DocumentMixin, TemplateView):
    """A document's preview on screen, with its download links."""

    def get_template_names(self):
        return [self.document.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.document.get_context(self.program, kwargs.get("year")))
        context.update(self.document.preview_context(self.request, context))
        context["document"] = self.document
        return context


class DocumentFileView(ReadOnlyMixin, DocumentMixin, View):
    """A document's file made from its printable HTML, answered from the cache when the data
    has not changed (reports/pdf.py `finished_document`)."""

    extension = ""
    content_type = ""

    def render(self, template_name, context, request):
        raise NotImplementedError

    def get(self, request, document, year=None):
        language = self.document.pdf_language(request.GET.get("lang"))
        with translation.override(language) if language else nullcontext():
            content = finished_document(
                self.document.id,
                self.program,
                year,
                language,
                self.extension,
                lambda: self.render(
                    self.document.pdf_template_name,
                    self.document.get_context(self.program, year),
                    request,
                ),
            )
            filename = self.document.filename(self.program, year, self.extension, language)
        response = HttpResponse(content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DocumentPdfView(DocumentFileView):
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, template_name, context, request):
        return render_pdf(template_name, context, request)


class DocumentDocxView(DocumentFileView):
    """The document for Word or LibreOffice, made from the PDF's own HTML."""

    extension = "docx"
    content_type = DOCX

    def render(self, template_name, context, request):
        return render_docx(template_name, context, request)


class DocumentXlsxView(ReadOnlyMixin, DocumentMixin, View):
    def get(self, request, document, year=None):
        content = self.document.workbook(self.document.get_context(self.program, year))
        response = HttpResponse(content, content_type=XLSX)
        filename = self.document.filename(self.program, year, "xlsx")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AnnualReportNarrativeView(
    ConcurrentEditMixin, DocumentMixin, SubmitOnceMixin, SuccessMessageMixin, UpdateView
):
    """The summary of the year that staff write; the row is made on the first save."""

    permission_required = "activities.change_annualreport"
    success_message = _("The summary of the year is saved.")
    form_class = AnnualReportForm
    template_name = "reports/documents/annual_report_form.html"

    def get_object(self, queryset=None):
        year = self.kwargs["year"]
        return AnnualReport.objects.filter(program=self.program, year=year).first() or (
            AnnualReport(program=self.program, year=year)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)

    def get_success_url(self):
        return reverse("reports:annual-report", args=[self.kwargs["year"]])


class AnnualReportReasonsView(AnnualReportNarrativeView):
    """The reasons for the deviations the report's money table needs; the preview shows the
    same form to editors, above the report."""

    success_message = _("The reasons for the deviations are saved.")
    form_class = DeviationReasonsForm
    template_name = "reports/documents/annual_report_reasons.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "rows": rows_needing_reason(self.program, self.kwargs["year"]),
        }


class AmendmentDecisionMixin(ReadOnlyMixin, DocumentMixin):
    """The draft decision «Про внесення змін до Програми …» of an amendment of the program."""

    def dispatch(self, request, *args, **kwargs):
        self.document = documents.AMENDMENT_DECISION
        return super().dispatch(request, *args, **kwargs)

    def amendment(self):
        return get_object_or_404(Amendment, program=self.program, pk=self.kwargs["pk"])


class AmendmentDecisionView(AmendmentDecisionMixin, TemplateView):
    template_name = "reports/documents/amendment_decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.document.get_context(self.program, self.amendment()))
        return context


class AmendmentDecisionFileView(AmendmentDecisionMixin, View):
    """Its format (extension, type, renderer) comes from DocumentPdfView or DocumentDocxView."""

    def get(self, request, pk):
        amendment = self.amendment()
        content = finished_document(
            self.document.id,
            self.program,
            f"amendment-{amendment.pk}",
            None,
            self.extension,
            lambda: self.render(
                self.document.pdf_template_name,
                self.document.get_context(self.program, amendment),
                request,
            ),
        )
        filename = self.document.filename(self.program, amendment, self.extension)
        response = HttpResponse(content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AmendmentDecisionPdfView(AmendmentDecisionFileView, DocumentPdfView):
    pass


class AmendmentDecisionDocxView(AmendmentDecisionFileView, DocumentDocxView):
    pass
