"""The admin for partners, their people and agreements."""

from django.contrib import admin

from menaprogram.admin import LocalizedAdmin, LocalizedInline, SpreadsheetAdmin
from partners.imports import PartnerResource
from partners.models import Agreement, Contact, Partner


class ContactInline(LocalizedInline):
    model = Contact
    fields = ["full_name", "position", "email", "phone", "last_contacted_on"]


class AgreementInline(LocalizedInline):
    model = Agreement
    fields = ["kind", "number", "title", "signed_on", "valid_until", "status", "scan"]


@admin.register(Partner)
class PartnerAdmin(SpreadsheetAdmin):
    resource_classes = [PartnerResource]
    import_kind = "partners"
    list_display = ["name_uk", "name_original", "kind", "country", "region", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name_uk", "name_original", "region"]
    inlines = [ContactInline, AgreementInline]


@admin.register(Contact)
class ContactAdmin(LocalizedAdmin):
    list_display = ["full_name", "position", "partner", "email", "phone", "last_contacted_on"]
    search_fields = ["full_name", "email", "partner__name_uk"]
    list_filter = ["partner__country"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner"]


@admin.register(Agreement)
class AgreementAdmin(LocalizedAdmin):
    list_display = ["title", "partner", "kind", "number", "signed_on", "valid_until", "status"]
    list_filter = ["status", "kind", "valid_until"]
    search_fields = ["title", "number", "partner__name_uk", "signatories"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner"]
