"""Pages for importing spreadsheets: upload, a preview of every row, then confirm or cancel."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from activities import workspace
from activities.models import Program
from menaprogram import tasks
from menaprogram.importer import engine, pending, reading, registry
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceForm, SubmitOnceMixin

SESSION_KEY = "imports"
ROWS_PER_PAGE = 50
# A file larger than this (a workbook: unpacked) is checked by a background job while its
# page polls: about 2,500 rows of expenses, checked in about a second (bench/imports.py).
# A smaller one is checked in the upload's request, and its preview comes with the answer.
BACKGROUND_BYTES = 256 * 1024
# How often the page of a file being checked asks whether its preview is ready.
POLL_SECONDS = 2
# htmx shows the "working…" line while the request runs; the buttons are disabled meanwhile.
BUSY = {
    "data-hx-boost": "true",
    "data-hx-indicator": "#import-working",
    "data-hx-disabled-elt": "find button",
}


class ImportUploadForm(SubmitOnceForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8 or Windows-1251, separated by ; or ,) or XLSX, up to 10 MB. "
            "The first row names the columns, as in the export."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, kinds, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["kind"].choices = [(kind.slug, kind.label) for kind in kinds]
        self.helper = FormHelper()
        self.helper.attrs = {
            **BUSY,
            "data-hx-disabled-elt": "find input[type='submit']",
            "data-upload-progress": "import-working",  # static/js/upload-progress.js
        }
        self.helper.add_input(Submit("preview", _("Check the file")))

    def clean(self):
        cleaned = super().clean()
        upload, slug = cleaned.get("file"), cleaned.get("kind")
        if upload is None or not slug:
            return cleaned
        try:
            cleaned["raw"] = raw = reading.read_upload(upload)
            if reading.unpacked_size(raw) > BACKGROUND_BYTES:
                reading.check_at_once(raw)
                cleaned["table"] = None  # read by the background check
            else:
                cleaned["table"] = reading.read_table(raw, registry.get(slug))
        except reading.ImportRefused as refusal:
            self.add_error("file", refusal.message)
        return cleaned


class ImportConfirmForm(SubmitOnceForm):
    """Only the one-time token: confirming twice imports once."""


class ImportAccessMixin(RoleRequiredMixin):
    """Who may import: a person who may add records of at least one importable kind."""

    def has_permission(self):
        return bool(registry.kinds_for(self.request.user))


class PendingMixin(ImportAccessMixin):
    """A file waiting for confirmation: the uploader's own, and only with the right to add."""

    def dispatch(self, request, *args, **kwargs):
        # Anonymous people never get here: LoginRequiredMiddleware sends them to sign in.
        self.token = kwargs["token"]
        self.pending = request.session.get(SESSION_KEY, {}).get(self.token)
        if self.pending is None:
            messages.info(request, _("This import was already done or cancelled."))
            return redirect("imports:start")
        self.kind = registry.get(self.pending["kind"])
        if not request.user.has_perm(self.kind.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forget(self, *, files=True):
        if files:
            pending.discard_pending(self.token)
        waiting = self.request.session.get(SESSION_KEY, {})
        waiting.pop(self.token, None)
        self.request.session[SESSION_KEY] = waiting


class ImportStartView(ImportAccessMixin, SubmitOnceMixin, FormView):
    template_name = "imports/import_start.html"
    form_class = ImportUploadForm

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "")}

    def kinds(self):
        """The kinds this person may import now: into a completed program only council-wide."""
        found = registry.kinds_for(self.request.user)
        if workspace.closed(self.request):
            found = [kind for kind in found if kind.council_wide]
        return found

    def get_form_kwargs(self):
        # A post of a kind no longer offered (a page opened before the program was completed)
        # is refused in form_valid with the reason, not as an unknown choice.
        offered = self.kinds() if self.request.method == "GET" else None
        return {
            **super().get_form_kwargs(),
            "kinds": offered or registry.kinds_for(self.request.user),
            "program": workspace.current(self.request).program,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=self.kinds(),
            max_rows=reading.MAX_ROWS,
            **kwargs,
        )

    def form_valid(self, form):
        program = form.program
        if program is None:
            form.add_error(None, _("There is no program to import into yet."))
            return self.form_invalid(form)
        kind = registry.get(form.cleaned_data["kind"])
        if not kind.council_wide and program.closed_to(self.request.user):
            form.add_error(
                None,
                _(
                    "The program “%(program)s” is completed: nothing more is imported into it. "
                    "Choose the current program in the header."
                )
                % {"program": program},
            )
            return self.form_invalid(form)
        if form.cleaned_data["table"] is None:
            token = pending.store_upload(form.cleaned_data["raw"])
            check_in_background(token, kind=kind, program=program)
        else:
            outcome = engine.preview(kind=kind, program=program, table=form.cleaned_data["table"])
            token = pending.store_pending(form.cleaned_data["raw"], outcome)
        waiting = self.request.session.get(SESSION_KEY, {})
        waiting[token] = {
            "kind": kind.slug,
            "name": form.cleaned_data["file"].name,
            "program": program.pk,
        }
        self.request.session[SESSION_KEY] = waiting
        return redirect("imports:preview", token=token)


def check_in_background(token, *, kind, program, sheet=""):
    """Have a worker check the waiting file; its page shows the preview when it is ready.

    The job is queued in the request's transaction: it exists once the page does.
    """
    check = pending.start_check(token, sheet=sheet)
    tasks.check_import.defer(
        token=token,
        check=check,
        kind=kind.slug,
        program=program.pk if program else None,
        sheet=sheet,
        language=translation.get_language(),
    )


class ImportPreviewView(PendingMixin, TemplateView):
    template_name = "imports/import_preview.html"

    def get(self, request, *args, **kwargs):
        try:
            self.state = pending.check_state(self.token)
        except FileNotFoundError:
            raise Http404 from None
        checking = self.state is not None and self.state["state"] == "checking"
        if request.GET.get("poll"):
            # The page of a file being checked asks every few seconds (htmx): nothing new
            # yet, or reload the page, which then shows the preview or what went wrong.
            if checking and not self.state["lost"]:
                return HttpResponse(status=204)
            return HttpResponse(headers={"HX-Refresh": "true"})
        if self.state is not None:
            self.template_name = "imports/import_checking.html"
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if self.state is not None:
            return super().get_context_data(
                kind=self.kind,
                file_name=self.pending["name"],
                program=Program.objects.filter(pk=self.pending["program"]).first(),
                state=self.state,
                poll_seconds=POLL_SECONDS,
                lost_minutes=int(pending.CHECK_LOST_AFTER.total_seconds() // 60),
                busy=BUSY,
                **kwargs,
            )
        try:
            _raw, outcome = pending.load_pending(self.token)
        except FileNotFoundError:
            raise Http404 from None
        show = self.request.GET.get("show", "")
        rows = [row for row in outcome.rows if not show or row.outcome == show]
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        counts = outcome.counts
        return super().get_context_data(
            kind=self.kind,
            file_name=self.pending["name"],
            program=Program.objects.filter(pk=self.pending["program"]).first(),
            outcome=outcome,
            counts=counts,
            total=len(outcome.rows),
            errors=outcome.errors()[:20],
            error_count=len(outcome.errors()),
            show=show,
            outcome_filters=[(key, LABELS[key], counts[key]) for key in engine.OUTCOMES],
            page_obj=page,
            rows=page.object_list,
            query_string=query.urlencode(),
            same_as_columns=reading.quoted(self.kind.same_as_columns),
            looks_imported_shown=outcome.looks_imported[:20],
            confirm_form=ImportConfirmForm(),
            busy=BUSY,
            **kwargs,
        )


LABELS = {
    "new": gettext_lazy("new"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
    "error": gettext_lazy("error"),
}


class ImportConfirmView(PendingMixin, SubmitOnceMixin, FormView):
    form_class = ImportConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        return redirect("imports:preview", token=self.token)

    def form_valid(self, form):
        program = Program.objects.filter(pk=self.pending["program"]).first()
        try:
            if pending.check_state(self.token) is not None:
                return redirect("imports:preview", token=self.token)  # no preview yet
        except FileNotFoundError:
            pass  # confirm_pending says it is gone
        try:
            outcome = pending.confirm_pending(self.token, kind=self.kind, program=program)
        except pending.AlreadyImported:
            messages.info(self.request, _("This import was already done or cancelled."))
            return redirect("imports:start")
        except reading.ImportRefused as refusal:
            messages.error(self.request, refusal.message)
            return redirect("imports:preview", token=self.token)
        if not outcome.ok:
            messages.error(
                self.request,
                _("Nothing was imported: the data changed since the preview. See the errors."),
            )
            return redirect("imports:preview", token=self.token)
        self.forget(files=False)  # removed when the import is committed
        counts = outcome.counts
        messages.success(
            self.request,
            _("Imported “%(name)s”: %(new)s new, %(update)s updated, %(unchanged)s unchanged.")
            % {"name": self.pending["name"], **counts},
        )
        return redirect("imports:start")


class ImportSheetView(PendingMixin, View):
    """Preview another visible sheet of the waiting workbook; the confirmation reads it.

    The same check again, of the same sheet, when a background check failed or was lost.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        program = Program.objects.filter(pk=self.pending["program"]).first()
        sheet = request.POST.get("sheet", "")
        try:
            raw = pending.load_upload(self.token)
            if reading.unpacked_size(raw) > BACKGROUND_BYTES:
                check_in_background(self.token, kind=self.kind, program=program, sheet=sheet)
                return redirect("imports:preview", token=self.token)
            outcome = engine.preview(kind=self.kind, program=program, raw=raw, sheet=sheet)
        except FileNotFoundError:
            raise Http404 from None
        except reading.ImportRefused as refusal:
            messages.error(request, refusal.message)
        else:
            pending.replace_preview(self.token, outcome)
        return redirect("imports:preview", token=self.token)


class ImportCancelView(PendingMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.forget()
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("imports:start")


class ImportTemplateView(ReadOnlyMixin, ImportAccessMixin, View):
    """An empty CSV with the kind's columns, to fill in a spreadsheet program."""

    def get(self, request, slug):
        try:
            kind = registry.get(slug)
        except KeyError:
            raise Http404 from None
        if not request.user.has_perm(kind.permission):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
        # A BOM and `;`: Excel on Windows opens it with Cyrillic intact and columns split.
        response.write("\ufeff" + ";".join(kind.columns) + "\r\n")
        return response
