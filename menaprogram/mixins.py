"""Building blocks shared by the workspace pages of every app."""

import uuid

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from menaprogram import spreadsheets
from menaprogram.importer import registry
from menaprogram.models import FormSubmission


class RoleRequiredMixin(PermissionRequiredMixin):
    """A signed-in person without the role's permission gets 403, not another login page."""

    raise_exception = True


class ReadOnlyMixin:
    """A page that only reads: any method but GET and HEAD (and OPTIONS) is answered with 405.

    Views without a `post` answer 405 anyway; saying so keeps a mixin added later from
    giving a read-only page a way to write.
    """

    http_method_names = ["get", "head", "options"]


class FilteredListMixin:
    """A list page's query string without the page number, for pagination and export links."""

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query_string=query.urlencode(), **kwargs)


class SubmitOnceForm(forms.Form):
    """Adds the one-time token that lets SubmitOnceMixin recognise a form posted twice."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4


class SubmitOnceMixin:
    """Saves a form once however many times it is posted (double click, reload).

    The token row is inserted in the request's transaction: a second post that arrives
    while the first is still saving waits on the primary key, then finds it taken.
    """

    def post(self, request, *args, **kwargs):
        token = _token(request.POST.get("submission"))
        if token is None:
            return super().post(request, *args, **kwargs)
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, user=request.user)
        except IntegrityError:
            done = FormSubmission.objects.filter(token=token, user=request.user).first()
            return redirect(done.redirect_to if done and done.redirect_to else request.path)
        response = super().post(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            FormSubmission.objects.filter(token=token).update(redirect_to=response.url)
        else:
            # The form came back with errors: the corrected form may be sent again.
            FormSubmission.objects.filter(token=token).delete()
        return response


def _token(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


class ExportMixin:
    """`?export=csv` or `?export=xlsx` on a list page: the rows its filters select, as a file.

    By default the columns are those of the import kind `export_kind` (in the importer's
    registry), so that an exported file, edited or not, imports back. A page whose rows do
    not import names its own `export_resource` and, if its rows are not `get_queryset()`,
    overrides `get_export_rows`.
    """

    export_kind = None  # the file's name, and the import kind unless export_resource is set
    export_resource = None
    export_formats = {}  # header: Excel number format, for the XLSX
    EXPORT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt not in self.EXPORT_TYPES:
            return super().get(request, *args, **kwargs)
        # Numbers and dates stay numbers and dates in a spreadsheet; CSV has only text.
        dataset = self.get_export_resource().export(
            queryset=self.get_export_rows(), force_native_type=fmt == "xlsx"
        )
        if fmt == "csv":
            content = spreadsheets.csv_bytes(dataset)
        else:
            content = spreadsheets.xlsx_bytes(dataset, formats=self.export_formats)
        response = HttpResponse(content, content_type=self.EXPORT_TYPES[fmt])
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="{self.export_kind}-{stamp}.{fmt}"'
        return response

    def get_export_resource(self):
        if self.export_resource is not None:
            return self.export_resource()
        # No program: an export renders the rows it is given and looks nothing up.
        return registry.get(self.export_kind).resource()

    def get_export_rows(self):
        return self.get_queryset()
