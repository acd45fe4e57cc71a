"""Import and export of events and participants, export of publications, in Ukrainian."""

from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from activities.models import Department, Direction, Event, Participant, Publication
from menaprogram.spreadsheets import (
    AllOrNothingResource,
    ChoicesWidget,
    DateWidget,
    IntegerWidget,
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
    id = fields.Field("id", "ID", widget=IntegerWidget())
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
        "participant_count", "Кількість учасників", widget=IntegerWidget()
    )
    youth_count = fields.Field("youth_count", "З них молоді", widget=IntegerWidget())
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


class YesNoWidget(widgets.Widget):
    """A yes/no cell as staff type it: `так`/`ні`, `yes`/`no`, `1`/`0`; empty means no."""

    YES = {"так", "yes", "true", "1", "+", "т", "y"}
    NO = {"ні", "no", "false", "0", "-", "н", "n", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text.endswith(".0"):
            text = text[:-2]  # a number cell read from XLSX
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write “так” or “ні”, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "так" if value else "ні"


class ParticipantResource(AllOrNothingResource):
    """Participants by event (`Title (15.03.2024)`) and full name: one person once per event."""

    event = fields.Field("event", "Захід", widget=None)
    full_name = fields.Field("full_name", "ПІБ")
    side = fields.Field("side", "Сторона", widget=ChoicesWidget(Participant.Side))
    role = fields.Field("role", "Роль або посада")
    organisation = fields.Field("organisation", "Організація")
    is_youth = fields.Field("is_youth", "Молодь", widget=YesNoWidget())

    class Meta:
        model = Participant
        fields = ("event", "full_name", "side", "role", "organisation", "is_youth")
        import_id_fields = ("event", "full_name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The event widget lives with the expenses, which name events the same way;
        # imported here rather than at the top because budget builds on activities.
        from budget.resources import EventWidget

        self.fields["event"].widget = EventWidget()

    def get_queryset(self):
        return super().get_queryset().select_related("event")


class PublicationResource(resources.Resource):
    """The publication list as a file; export only, publications are entered one by one."""

    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    published_on = fields.Field("published_on", "Дата публікації", widget=DateWidget())
    channel = fields.Field("channel", "Канал", widget=ChoicesWidget(Publication.Channel))
    title = fields.Field("title", "Назва")
    url = fields.Field("url", "Посилання")
    event = fields.Field("event", "Захід")
    note = fields.Field("note", "Примітка")

    def dehydrate_event(self, publication):
        # `Title (15.03.2024)`, the way the expense and participant files name an event.
        return str(publication.event) if publication.event_id else ""
