"""Admin base classes every app's admin uses, and the audit trail's admin."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import Textarea, TextInput
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from pghistory.admin import EventsAdmin

from menaprogram import spreadsheets
from menaprogram.concurrency import FINGERPRINT, FingerprintForm, report_conflict
from menaprogram.forms import MoneyField
from menaprogram.importer import registry
from menaprogram.models import JobFailure

# Amounts typed as the council writes them (`1 234,56`) need a text input: the
# browser's number input refuses spaces and commas. MoneyField refuses digits other than 0–9.
# Texts of the program are a line or a paragraph: a short textarea keeps its 34 directions
# on a screen or two.
LOCALIZED_DECIMALS = {
    models.DecimalField: {
        "form_class": MoneyField,
        "localize": True,
        "widget": TextInput(attrs={"inputmode": "decimal"}),
    },
    models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})},
}


class AdminFingerprintForm(FingerprintForm):
    """Mixed into a change form: a save that would overwrite a change made meanwhile is refused.

    The check runs in `clean`, inside the transaction the admin saves in, so the row stays
    locked from the check to the save. The rows of the page's inlines count as the record's.
    """

    def clean(self):
        cleaned = super().clean()
        report_conflict(self)
        return cleaned


class ConcurrentEditAdmin(admin.ModelAdmin):
    """Every change form of this admin detects that the record changed since it was opened."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        inlines = self.get_inline_instances(request, obj)
        related = tuple(inline.get_formset(request, obj).fk.remote_field.name for inline in inlines)
        attrs = {"fingerprint_related": related, "__module__": form.__module__}
        return type(form.__name__, (AdminFingerprintForm, form), attrs)

    def get_fields(self, request, obj=None):
        # The fingerprint is drawn by templates/admin/change_form.html, outside the fieldsets.
        return [name for name in super().get_fields(request, obj) if name != FINGERPRINT]


class LocalizedAdmin(ConcurrentEditAdmin):
    formfield_overrides = LOCALIZED_DECIMALS
    list_per_page = 50


class SpreadsheetAdmin(ExportMixin, LocalizedAdmin):
    """Export in CSV and XLSX; the Import button opens the import page with the kind chosen.

    There is one way in for a file, whichever button was pressed: the import page, with its
    checks, its preview, the program chosen in the header and its all-or-nothing run.
    `import_kind` names the kind in the importer's registry.
    """

    import_kind = None
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    formats = [CSV, XLSX]

    def get_urls(self):
        name = "{}_{}_import".format(*self.get_model_info())
        view = self.admin_site.admin_view(self.import_action)
        return [path("import/", view, name=name), *super().get_urls()]

    def has_import_permission(self, request):
        return request.user.has_perm(registry.get(self.import_kind).permission)

    def import_action(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return redirect(f"{reverse('imports:start')}?{urlencode({'kind': self.import_kind})}")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The file the list pages write for the same rows, through the one writer."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        xlsx = isinstance(file_format, XLSX)
        # Numbers and dates stay numbers and dates in a workbook; CSV has only text.
        data = self.get_data_for_export(request, queryset, force_native_type=xlsx, **kwargs)
        return spreadsheets.xlsx_bytes(data) if xlsx else spreadsheets.csv_bytes(data)


class LocalizedInline(admin.StackedInline):
    """Rows of a record's related records, each field with its label.

    Stacked, not tabular: the tabular inline puts inputs in table cells without a label and
    leaves a header cell empty, which screen readers cannot name (axe: label, select-name,
    empty-table-header).
    """

    formfield_overrides = LOCALIZED_DECIMALS
    extra = 0


class AuditEventsAdmin(EventsAdmin):
    """The audit trail in the admin: read-only, open to every role that reads business data.

    pghistory's events are not business models, so the roles' groups hold no permission
    on them; anyone who may view events may view the trail that the records' admin pages
    link to ("Events" button), and nobody can change it.
    """

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("activities.view_event")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        # pghistory titles the page with the proxy model's name, "Middleware events".
        if hasattr(response, "context_data"):
            response.context_data["title"] = _("Audit trail")
        return response


# The people who sign in are records like any other: an administrator's change to a person's
# groups must not be undone by another administrator's stale form.
for _model in (get_user_model(), Group):
    _registered = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(_registered.__name__, (ConcurrentEditAdmin, _registered), {}))


@admin.register(JobFailure)
class JobFailureAdmin(admin.ModelAdmin):
    """Failed runs of background jobs with their errors: administrators read them.

    The queue itself (status, attempts, retry) is procrastinate's "Procrastinate jobs" admin.
    """

    list_display = ["failed_at", "task_name", "job_id", "attempt", "final"]
    list_filter = ["final", "task_name"]
    readonly_fields = ["failed_at", "task_name", "job_id", "attempt", "final", "error"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
