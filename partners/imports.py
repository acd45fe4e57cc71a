"""Importing partners, with Ukrainian column headers; the widgets other apps use for partners."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export import fields, widgets

from menaprogram.importer.registry import Kind, register
from menaprogram.importer.resources import ProgramResource
from menaprogram.importer.widgets import CachedLookup, ChoicesWidget
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


class PartnerNamesWidget(CachedLookup, widgets.ManyToManyWidget):
    """Partners by their Ukrainian names separated by `;` (names may hold commas)."""

    def __init__(self):
        super().__init__(Partner, separator=";", field="name_uk")

    @cached_property
    def items(self):
        return {partner.name_uk.casefold(): partner for partner in Partner.objects.all()}

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(";") if name.strip()]
        missing = [name for name in names if name.casefold() not in self.items]
        if missing:
            raise ValueError(_("Unknown partners: %(names)s.") % {"names": "; ".join(missing)})
        return [self.items[name.casefold()] for name in names]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(partner.name_uk for partner in value.all()) if value else ""


class PartnerResource(ProgramResource):
    """Partners are the council's, not a program's: a file of them imports the same anywhere."""

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


register(
    Kind(
        "partners",
        gettext_lazy("Partners"),
        PartnerResource,
        "partners.add_partner",
        required=("Назва українською", "Вид", "Країна"),
        key=("Назва українською",),
        order=10,
        council_wide=True,
    )
)
