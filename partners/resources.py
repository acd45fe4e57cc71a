"""Import and export of partners, export of agreements, with Ukrainian column headers."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from import_export import fields, resources, widgets

from menaprogram.spreadsheets import AllOrNothingResource, ChoicesWidget, DateWidget
from partners.models import Agreement, Partner
from partners.selectors import EXPIRING_DAYS, Validity


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


class AgreementResource(resources.Resource):
    """The agreement list as a file; export only (a signed scan cannot travel in a sheet)."""

    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    partner = fields.Field("partner__name_uk", "Партнер")
    title = fields.Field("title", "Назва")
    kind = fields.Field("kind", "Вид", widget=ChoicesWidget(Agreement.Kind))
    number = fields.Field("number", "Номер")
    signed_on = fields.Field("signed_on", "Дата підписання", widget=DateWidget())
    valid_until = fields.Field("valid_until", "Діє до", widget=DateWidget())
    status = fields.Field("status", "Статус", widget=ChoicesWidget(Agreement.Status))
    validity = fields.Field("validity", "Чинність на сьогодні")
    signatories = fields.Field("signatories", "Підписанти")
    note = fields.Field("note", "Примітка")

    def dehydrate_validity(self, agreement):
        # `validity` is annotated by selectors.agreement_list, as on the page.
        labels = {
            Validity.VALID: _("valid"),
            Validity.EXPIRING: ngettext(
                "expires within %(days)s day", "expires within %(days)s days", EXPIRING_DAYS
            )
            % {"days": EXPIRING_DAYS},
            Validity.EXPIRED: _("expired"),
            Validity.NOT_IN_FORCE_YET: _("not in force yet"),
        }
        return labels.get(getattr(agreement, "validity", None), _("not signed"))
