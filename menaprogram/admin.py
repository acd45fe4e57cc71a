"""Admin base classes every app's admin uses, and the audit trail's admin."""

from django.contrib import admin
from django.db import models
from django.forms import Textarea, TextInput
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from pghistory.admin import EventsAdmin

from menaprogram.spreadsheets import FORMATS

# Amounts typed as the council writes them (`1 234,56`) need a text input: the
# browser's number input refuses spaces and commas.
# Texts of the program are a line or a paragraph: a short textarea keeps its 34 directions
# on a screen or two.
LOCALIZED_DECIMALS = {
    models.DecimalField: {"localize": True, "widget": TextInput(attrs={"inputmode": "decimal"})},
    models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})},
}


class LocalizedAdmin(admin.ModelAdmin):
    formfield_overrides = LOCALIZED_DECIMALS
    list_per_page = 50


class SpreadsheetAdmin(ImportExportModelAdmin, LocalizedAdmin):
    """Import and export in CSV and XLSX; importing needs the right to add."""

    formats = FORMATS


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
