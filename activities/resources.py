"""Import and export of events, with Ukrainian column headers."""

from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from import_export import fields, widgets

from activities.models import Department, Direction, Event
from activities.spreadsheets import (
    AllOrNothingResource,
    ChoicesWidget,
    DateWidget,
    ProgramItemsWidget,
    program_covering,
)
from partners.models import Partner
from partners.resources import CountryWidget

START_DATE = "Дата початку"


def event_year(row):
    return DateWidget().clean(row.get(START_DATE), row).year


class PartnerNamesWidget(widgets.ManyToManyWidget):
    """Partners by their Ukrainian names, separated by `;` (names may hold commas)."""

    def __init__(self):
        super().__init__(Partner, separator=";", field="name_uk")

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(";") if name.strip()]
        found = {
            partner.name_uk.casefold(): partner
            for partner in Partner.objects.annotate(lower=Lower("name_uk")).filter(
                lower__in=[name.casefold() for name in names]
            )
        }
        missing = [name for name in names if name.casefold() not in found]
        if missing:
            raise ValueError(_("Unknown partners: %(names)s.") % {"names": "; ".join(missing)})
        return [found[name.casefold()] for name in names]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(partner.name_uk for partner in value.all()) if value else ""


class EventResource(AllOrNothingResource):
    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    title = fields.Field("title", "Назва")
    kind = fields.Field("kind", "Вид", widget=ChoicesWidget(Event.Kind))
    status = fields.Field("status", "Статус", widget=ChoicesWidget(Event.Status))
    start_date = fields.Field("start_date", START_DATE, widget=DateWidget())
    end_date = fields.Field("end_date", "Дата завершення", widget=DateWidget())
    place = fields.Field("place", "Місце", widget=ChoicesWidget(Event.Place))
    settlement = fields.Field("settlement", "Населений пункт")
    country = fields.Field("country", "Країна", widget=CountryWidget())
    city = fields.Field("city", "Місто за кордоном")
    department = fields.Field(
        "department",
        "Відповідальний підрозділ",
        widget=widgets.ForeignKeyWidget(Department, "name"),
    )
    partners = fields.Field("partners", "Партнери", widget=PartnerNamesWidget())
    directions = fields.Field(
        "directions", "Напрями (номери)", widget=ProgramItemsWidget(Direction, event_year)
    )
    participant_count = fields.Field(
        "participant_count", "Кількість учасників", widget=widgets.IntegerWidget()
    )
    youth_count = fields.Field("youth_count", "З них молоді", widget=widgets.IntegerWidget())
    description = fields.Field("description", "Опис")
    outcome = fields.Field("outcome", "Результат")

    class Meta:
        model = Event
        fields = (
            "id",
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "place",
            "settlement",
            "country",
            "city",
            "department",
            "partners",
            "directions",
            "participant_count",
            "youth_count",
            "description",
            "outcome",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.start_date:
            instance.program = program_covering(instance.start_date.year)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("department")
            .prefetch_related("partners", "directions")
        )
