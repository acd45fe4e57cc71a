"""Importing events and participants, in Ukrainian; the widget other apps use for events."""

import re
from collections import defaultdict

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from activities.models import Department, Direction, Event, Participant
from menaprogram.importer.registry import Kind, register
from menaprogram.importer.resources import ProgramResource
from menaprogram.importer.widgets import (
    CachedLookup,
    ChoicesWidget,
    DateWidget,
    IntegerWidget,
    NameWidget,
    ProgramNumbersWidget,
)
from partners.imports import CountryWidget, PartnerNamesWidget


class EventWidget(CachedLookup, widgets.ForeignKeyWidget):
    """An event of the program as the lists show it, `Title (15.03.2024)`: title and start date."""

    LABEL = re.compile(r"^(?P<title>.+?)\s*\((?P<date>\d{2}\.\d{2}\.\d{4})\)\s*$")

    def __init__(self):
        super().__init__(Event)

    @cached_property
    def items(self):
        found = defaultdict(list)
        for event in Event.objects.filter(program=self.program):
            found[(event.title, event.start_date)].append(event)
        return found

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = self.LABEL.match(text)
        if not match:
            raise ValueError(
                _("Write the event as “Title (15.03.2024)”, not “%(value)s”.") % {"value": text}
            )
        events = self.items.get((match["title"], DateWidget().clean(match["date"])), [])
        if len(events) != 1:
            raise ValueError(
                _("No single event “%(value)s” was found.") % {"value": text}
                if not events
                else _("Several events are called “%(value)s”.") % {"value": text}
            )
        return events[0]

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class EventResource(ProgramResource):
    id = fields.Field("id", "ID", widget=IntegerWidget())
    title = fields.Field("title", "Назва")
    kind = fields.Field("kind", "Вид", widget=ChoicesWidget(Event.Kind))
    status = fields.Field("status", "Статус", widget=ChoicesWidget(Event.Status))
    start_date = fields.Field("start_date", "Дата початку", widget=DateWidget())
    end_date = fields.Field("end_date", "Дата завершення", widget=DateWidget())
    place = fields.Field("place", "Місце", widget=ChoicesWidget(Event.Place))
    settlement = fields.Field("settlement", "Населений пункт")
    country = fields.Field("country", "Країна", widget=CountryWidget())
    city = fields.Field("city", "Місто за кордоном")
    department = fields.Field(
        "department",
        "Відповідальний підрозділ",
        widget=NameWidget(Department, gettext_lazy("Unknown department “%(value)s”.")),
    )
    partners = fields.Field("partners", "Партнери", widget=PartnerNamesWidget())
    directions = fields.Field(
        "directions", "Напрями (номери)", widget=ProgramNumbersWidget(Direction)
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
        instance_loader_class = CachedInstanceLoader

    def check_scope(self, instance, row):
        instance.program = self.program  # Event.clean() then checks the year is in its term
        super().check_scope(instance, row)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(program=self.program)
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


class ParticipantResource(ProgramResource):
    """Participants by event (`Title (15.03.2024)`) and full name: one person once per event."""

    event = fields.Field("event", "Захід", widget=EventWidget())
    full_name = fields.Field("full_name", "ПІБ")
    side = fields.Field("side", "Сторона", widget=ChoicesWidget(Participant.Side))
    role = fields.Field("role", "Роль або посада")
    organisation = fields.Field("organisation", "Організація")
    is_youth = fields.Field("is_youth", "Молодь", widget=YesNoWidget())

    class Meta:
        model = Participant
        fields = ("event", "full_name", "side", "role", "organisation", "is_youth")
        import_id_fields = ("event", "full_name")

    def get_queryset(self):
        return super().get_queryset().filter(event__program=self.program).select_related("event")


register(
    Kind(
        "events",
        gettext_lazy("Events"),
        EventResource,
        "activities.add_event",
        required=("Назва", "Вид", "Дата початку", "Дата завершення", "Місце"),
        key=("ID",),
        same_as=("title", "start_date"),
        order=20,
    )
)
register(
    Kind(
        "participants",
        gettext_lazy("Participants"),
        ParticipantResource,
        "activities.add_participant",
        required=("Захід", "ПІБ"),
        key=("Захід", "ПІБ"),
        order=30,
    )
)
