"""Import and export of partners, with Ukrainian column headers."""

from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, widgets

from activities.spreadsheets import AllOrNothingResource, ChoicesWidget
from partners.models import Partner


class CountryWidget(widgets.Widget):
    """A country as its Ukrainian or English name, or its two-letter code."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.upper() in countries:
            return text.upper()
        code = countries.by_name(text, language="uk") or countries.by_name(text, language="en")
        if not code:
            raise ValueError(_("Unknown country “%(value)s”.") % {"value": text})
        return code

    def render(self, value, obj=None, **kwargs):
        return str(countries.name(value)) if value else ""


class PartnerResource(AllOrNothingResource):
    name_uk = fields.Field("name_uk", "Назва українською")
    name_original = fields.Field("name_original", "Назва мовою оригіналу")
    kind = fields.Field("kind", "Вид", widget=ChoicesWidget(Partner.Kind))
    country = fields.Field("country", "Країна", widget=CountryWidget())
    region = fields.Field("region", "Місто або регіон")
    status = fields.Field("status", "Статус", widget=ChoicesWidget(Partner.Status))
    website = fields.Field("website", "Вебсайт")
    email = fields.Field("email", "Ел. пошта")
    note = fields.Field("note", "Примітка")

    class Meta:
        model = Partner
        fields = (
            "name_uk",
            "name_original",
            "kind",
            "country",
            "region",
            "status",
            "website",
            "email",
            "note",
        )
        import_id_fields = ("name_uk",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
