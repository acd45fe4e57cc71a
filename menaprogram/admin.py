"""Admin base classes every app's admin uses, and the audit trail's admin."""

from urllib.parse import urlencode

from django.contrib import admin
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
from menaprogram.forms import MoneyField
from menaprogram.importer import registry

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


class LocalizedAdmin(admin.ModelAdmin):
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


class LocalizedTabularInline(admin.TabularInline):
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
