"""Files of partners' records that are exported but not imported: agreements."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, resources, widgets

from menaprogram.importer.widgets import ChoicesWidget, DateWidget
from partners.models import Agreement
from partners.selectors import Validity


class AgreementResource(resources.Resource):
    """The agreement list as a file; export only (a signed scan cannot travel in a sheet).

    `expiring_days` is the threshold the list's `validity` was annotated with, for its label.
    """

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

    def __init__(self, *, expiring_days, **kwargs):
        super().__init__(**kwargs)
        self.expiring_days = expiring_days

    def dehydrate_validity(self, agreement):
        # `validity` is annotated by selectors.agreement_list, as on the page.
        labels = {
            Validity.VALID: _("valid"),
            Validity.EXPIRING: ngettext(
                "expires within %(days)s day", "expires within %(days)s days", self.expiring_days
            )
            % {"days": self.expiring_days},
            Validity.EXPIRED: _("expired"),
            Validity.NOT_IN_FORCE_YET: _("not in force yet"),
        }
        return labels.get(getattr(agreement, "validity", None), _("not signed"))
