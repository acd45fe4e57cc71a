"""The program and what it is carried out through: directions, results, events, people."""

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from menaprogram.constraints import UKRAINIAN, FieldCheckConstraint, FieldUniqueConstraint
from menaprogram.files import validate_upload
from menaprogram.money import percent
from menaprogram.text import NameField
from menaprogram.triggers import YearInTerm
from menaprogram.ukrainian import genitive_of_title
from partners.models import Partner


@pghistory.track()
class Department(models.Model):
    """A structural unit of the council: executor or co-developer of a program."""

    name = models.CharField(_("name"), max_length=255, unique=True, db_collation=UKRAINIAN)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.short_name or self.name


class ProgramQuerySet(models.QuerySet):
    def covering_year(self, year):
        return self.filter(start_year__lte=year, end_year__gte=year)


@pghistory.track()
class Program(models.Model):
    """One adopted program with its passport; the root of everything else."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in force")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title"), max_length=500, unique=True)
    short_title = models.CharField(_("short title"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # The passport, field by field as the council's form lists them.
    basis_document = models.TextField(
        _("date, number and title of the document behind the program"), blank=True
    )
    developers = models.TextField(_("developers"), blank=True)
    co_developers = models.ManyToManyField(
        Department,
        verbose_name=_("co-developers"),
        blank=True,
        related_name="co_developed_programs",
    )
    participants = models.TextField(_("participants"), blank=True)
    responsible_executor = models.ForeignKey(
        Department,
        verbose_name=_("responsible executor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executed_programs",
    )
    control = models.TextField(_("control over execution"), blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    # The council decision that adopted the program.
    decision_title = models.CharField(_("adopting decision: title"), max_length=500, blank=True)
    decision_number = models.CharField(_("adopting decision: number"), max_length=50, blank=True)
    decision_date = models.DateField(_("adopting decision: date"), null=True, blank=True)
    # The annex header of the documents names the session and the convocation as the decision
    # does, in words: «рішення двадцятої сесії … восьмого скликання».
    decision_session = models.CharField(
        _("adopting decision: session"),
        max_length=100,
        blank=True,
        help_text=_("In the genitive, as the decision names it: «двадцятої»."),
    )
    decision_convocation = models.CharField(
        _("adopting decision: convocation"),
        max_length=100,
        blank=True,
        help_text=_("In the genitive: «восьмого»."),
    )
    # A row of the annual report executed further from its plan than this needs a reason.
    deviation_threshold = models.PositiveSmallIntegerField(
        _("deviation that needs a reason, %"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A line of the annual report whose spending differs from its allotment by more "
            "than this share needs a reason for the deviation."
        ),
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            FieldCheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="activities_program_end_not_before_start",
                field="end_year",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            FieldCheckConstraint(
                condition=Q(start_year__gte=2000, start_year__lte=2100),
                name="activities_program_start_year_plausible",
                field="start_year",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return self.short_title

    @property
    def title_genitive(self):
        """«Програми розвитку …», for «ПАСПОРТ …» and «про виконання …»."""
        return genitive_of_title(self.title)

    @property
    def adopted(self):
        """Whether the decision that adopted the program is entered (the annex header needs it)."""
        return bool(self.decision_number and self.decision_date)

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)

    @property
    def ended(self):
        """Completed by an administrator (its final report adopted): read-only for editors.

        The status, not the calendar, decides: the last year's expenses and the annual report
        are entered in the months after the term, and the final report needs them.
        """
        return self.status == self.Status.COMPLETED

    def closed_to(self, user):
        """Whether `user` may no longer write into this program (administrators still correct)."""
        return self.ended and not user.has_perm("activities.change_program")

    def check_year(self, year, field):
        """Raise a form error on `field` unless `year` lies within the program's term."""
        if year is not None and year not in self.years:
            raise ValidationError(
                {
                    field: _("The year %(year)s is outside the program's term %(start)s–%(end)s.")
                    % {"year": year, "start": self.start_year, "end": self.end_year}
                }
            )


@pghistory.track()
class ProgramSection(models.Model):
    """A section of the program's text (introduction, goal, ways and means…)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("program section")
        verbose_name_plural = _("program sections")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "number"],
                name="activities_programsection_number_unique",
                field="number",
                violation_error_message=_("This program already has a section with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class NumberedItem(models.Model):
    """A numbered item of a program's list: a direction or an expected result."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(_("text"))
    # Where the text printed differs from the council's (an item cut off in the adopted text
    # and completed here): every document that prints the item prints this as a footnote.
    editorial_note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_(
            "What was added to or changed in the adopted text and why; printed as a footnote."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["program", "number"]

    def __str__(self):
        return f"{self.number}. {self.text}"


def _numbered_constraints(name):
    return [
        FieldUniqueConstraint(
            fields=["program", "number"],
            name=f"activities_{name}_number_unique",
            field="number",
            violation_error_message=_("This number is already taken in this program."),
        ),
        FieldCheckConstraint(
            condition=Q(number__gte=1),
            name=f"activities_{name}_number_positive",
            field="number",
            violation_error_message=_("Numbers start at 1."),
        ),
    ]


@pghistory.track()
class Direction(NumberedItem):
    """One of the program's main tasks and directions of activity (34 in 2022–2024)."""

    class Meta(NumberedItem.Meta):
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        default_related_name = "directions"
        constraints = _numbered_constraints("direction")


@pghistory.track()
class ExpectedResult(NumberedItem):
    """One of the results the program expects (9 in 2022–2024)."""

    class Meta(NumberedItem.Meta):
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        default_related_name = "expected_results"
        constraints = _numbered_constraints("expectedresult")


@pghistory.track()
class Indicator(models.Model):
    """A measure of the program's execution, with a target and an actual per year."""

    class Kind(models.TextChoices):
        INPUT = "input", _("input")
        OUTPUT = "output", _("output")
        EFFICIENCY = "efficiency", _("efficiency")
        QUALITY = "quality", _("quality")

    class Achievement(models.TextChoices):
        """How far an actual has come to its target (a year's, or the term's summed)."""

        ACHIEVED = "achieved", _("achieved")
        PARTLY = "partly", _("partly achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")
        NO_DATA = "no_data", _("no data")

        @classmethod
        def of(cls, target, actual):
            if actual is None or target is None:
                return cls.NO_DATA
            if actual >= target:
                return cls.ACHIEVED
            return cls.PARTLY if actual > 0 else cls.NOT_ACHIEVED

        @property
        def falls_short(self):
            return self in (self.PARTLY, self.NOT_ACHIEVED)

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="indicators"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=300, db_collation=UKRAINIAN)
    unit = models.CharField(_("unit"), max_length=50)
    expected_result = models.ForeignKey(
        ExpectedResult,
        verbose_name=_("expected result"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )

    class Meta:
        ordering = ["program", "kind", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "name"],
                name="activities_indicator_name_unique",
                field="name",
                violation_error_message=_("This program already has an indicator with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def counts_whole(self):
        """Whether the indicator counts things or people, so its values are whole numbers."""
        return counts_whole(self.unit)

    def clean(self):
        for field in ("expected_result", "direction"):
            item = getattr(self, field)
            if item is not None and self.program_id and item.program_id != self.program_id:
                raise ValidationError({field: _("It belongs to another program.")})


# Units of indicators that count things or people: "од.", "осіб" and their usual spellings.
# A unit is compared without case, spaces and full stops ("Од." is "од").
COUNT_UNITS = frozenset(
    {"од", "одиниць", "одиниці", "шт", "штук", "осіб", "особи", "особа", "чол", "чоловік", "разів"}
)


def counts_whole(unit):
    """Whether an indicator in `unit` counts things or people (see COUNT_UNITS)."""
    return "".join(unit.lower().replace(".", "").split()) in COUNT_UNITS


@pghistory.track()
class IndicatorValue(models.Model):
    """An indicator's target and actual for one year of the program."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            FieldUniqueConstraint(
                fields=["indicator", "year"],
                name="activities_indicatorvalue_year_unique",
                field="year",
                violation_error_message=_("This indicator already has a value for this year."),
            ),
            FieldCheckConstraint(
                condition=Q(target__gte=0),
                name="activities_indicatorvalue_target_non_negative",
                field="target",
                violation_error_message=_("The value cannot be negative."),
            ),
            FieldCheckConstraint(
                condition=Q(actual__gte=0) | Q(actual__isnull=True),
                name="activities_indicatorvalue_actual_non_negative",
                field="actual",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]
        triggers = [
            YearInTerm(
                program_id_sql=(
                    "SELECT program_id FROM activities_indicator WHERE id = NEW.indicator_id"
                ),
                year_sql="NEW.year",
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @property
    def achievement(self):
        return Indicator.Achievement.of(self.target, self.actual)

    @property
    def percent_achieved(self):
        return percent(self.actual or 0, self.target)

    def clean(self):
        if self.indicator_id:
            self.indicator.program.check_year(self.year, "year")
            if self.indicator.counts_whole:
                fractions = {
                    name: _("“%(unit)s” are counted in whole numbers: %(value)s has a fraction.")
                    % {"unit": self.indicator.unit, "value": number_format(value.normalize())}
                    for name in ("target", "actual")
                    if (value := getattr(self, name)) is not None and value != value.to_integral()
                }
                if fractions:
                    raise ValidationError(fractions)


def _listed_count(participants):
    return Coalesce(
        Subquery(participants.order_by().values("event").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def people_who_came():
    """THE rule for how many people an event brought, as an expression over events.

    «Кількість учасників» on the form counts everyone, those listed by name in the
    participants' table and those who are not; the table lists some or all of them. So the
    larger of the two is the number: a count typed below the table's rows would leave listed
    people uncounted. The event list, the dashboard and the reports all use this.
    """
    listed = Participant.objects.filter(event=OuterRef("pk"))
    return Greatest(
        _listed_count(listed), Coalesce("participant_count", 0), output_field=IntegerField()
    )


def young_people_who_came():
    """The same rule for young people: the larger of «з них молодь» and the rows ticked young."""
    listed = Participant.objects.filter(event=OuterRef("pk"), is_youth=True)
    return Greatest(_listed_count(listed), Coalesce("youth_count", 0), output_field=IntegerField())


class EventQuerySet(models.QuerySet):
    def with_people(self):
        """Annotated `people` and `young_people` by the one rule (people_who_came)."""
        return self.annotate(people=people_who_came(), young_people=young_people_who_came())

    def for_program(self, program):
        return self.filter(program=program)

    def in_year(self, year):
        return self.filter(start_date__year=year)

    def held(self):
        return self.filter(status=Event.Status.HELD)

    def with_overdue(self, today):
        """Annotated `is_overdue`: still planned though its date has passed (the status is late)."""
        overdue = Q(status=Event.Status.PLANNED, start_date__lt=today)
        return self.annotate(is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))


@pghistory.track()
class Event(models.Model):
    """Any activity of the program: a delegation, an exchange, a conference, an aid delivery…"""

    class Kind(models.TextChoices):
        INCOMING_DELEGATION = "incoming_delegation", _("incoming delegation")
        OUTGOING_DELEGATION = "outgoing_delegation", _("outgoing delegation")
        YOUTH_EXCHANGE = "youth_exchange", _("youth exchange")
        SPORTS = "sports", _("sports event")
        CONFERENCE = "conference", _("conference, seminar, exhibition")
        CULTURAL_EXCHANGE = "cultural_exchange", _("cultural exchange")
        ONLINE_MEETING = "online_meeting", _("online meeting")
        AID_DELIVERY = "aid_delivery", _("aid delivery")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Place(models.TextChoices):
        MENA = "mena", _("in Mena")
        SETTLEMENT = "settlement", _("in a settlement of the community")
        ABROAD = "abroad", _("abroad")
        ONLINE = "online", _("online")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=300, db_collation=UKRAINIAN)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=20, choices=Place)
    settlement = models.CharField(_("settlement"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city abroad"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    # The class, not "partners.Partner": the link table must exist when Event is defined, so
    # that its changes can be tracked right below the model.
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), blank=True, related_name="events"
    )
    directions = models.ManyToManyField(
        Direction, verbose_name=_("directions"), blank=True, related_name="events"
    )
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    participant_count = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_(
            "Everyone who came, listed in the table below or not. The event counts the larger "
            "of this number and the rows of the participants' table; leave it empty when the "
            "table lists everyone."
        ),
    )
    youth_count = models.PositiveIntegerField(_("of them young people"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            FieldCheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="activities_event_end_not_before_start",
                field="end_date",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            FieldCheckConstraint(
                condition=~Q(place="abroad") | ~Q(country=""),
                name="activities_event_abroad_has_country",
                field="country",
                violation_error_message=_("Choose the country for an event abroad."),
            ),
            FieldCheckConstraint(
                condition=Q(youth_count__lte=F("participant_count"))
                | Q(youth_count__isnull=True)
                | Q(participant_count__isnull=True),
                name="activities_event_youth_within_participants",
                field="youth_count",
                violation_error_message=_("Young people cannot outnumber all participants."),
            ),
        ]
        triggers = [
            YearInTerm(
                program_id_sql="NEW.program_id", year_sql="extract(year FROM NEW.start_date)"
            )
        ]

    def __str__(self):
        # The import and export write an event this way too: "Title (15.03.2024)".
        if self.start_date is None:
            return self.title
        return f"{self.title} ({self.start_date:%d.%m.%Y})"

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    def clean(self):
        if self.program_id and self.start_date:
            self.program.check_year(self.start_date.year, "start_date")


# An event's links to its partners and directions live in the tables Django made for the
# many-to-many fields. Triggers on those tables (installed through these proxies, which
# migrations know) record each link added and removed, however it is made: the form, an
# import, the admin or `event.partners.add()`.
LINK_TRACKERS = (pghistory.InsertEvent("add"), pghistory.DeleteEvent("remove"))


@pghistory.track(*LINK_TRACKERS, obj_field=None, model_name="EventPartnerLinkEvent")
class EventPartnerLink(Event.partners.through):
    class Meta:
        proxy = True


@pghistory.track(*LINK_TRACKERS, obj_field=None, model_name="EventDirectionLinkEvent")
class EventDirectionLink(Event.directions.through):
    class Meta:
        proxy = True


@pghistory.track()
class Participant(models.Model):
    """A person who took part in an event."""

    class Side(models.TextChoices):
        MENA = "mena", _("Mena community")
        PARTNER = "partner", _("partner")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    full_name = NameField(_("full name"), max_length=200, db_collation=UKRAINIAN)
    side = models.CharField(_("side"), max_length=20, choices=Side, default=Side.MENA)
    role = models.CharField(_("role or position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    is_youth = models.BooleanField(_("young person"), default=False)

    class Meta:
        ordering = ["event", "side", "full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.full_name


@pghistory.track()
class Publication(models.Model):
    """How the population was informed of the program's work."""

    class Channel(models.TextChoices):
        WEBSITE = "website", _("council website")
        LOCAL_MEDIA = "local_media", _("local media")
        SOCIAL = "social", _("social networks")
        STAND = "stand", _("information stand")
        OTHER = "other", _("other")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="publications"
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title

    def clean(self):
        if self.event_id and self.program_id and self.event.program_id != self.program_id:
            raise ValidationError({"event": _("The event belongs to another program.")})


@pghistory.track()
class EventFile(models.Model):
    """A photo or document attached to an event (programme, report, photo)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="events/%Y/", validators=[validate_upload])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "uploaded_at"]
        verbose_name = _("event file")
        verbose_name_plural = _("event files")

    def __str__(self):
        return self.title


@pghistory.track()
class Amendment(models.Model):
    """A council decision that changed the program."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="amendments"
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    title = models.CharField(_("decision title"), max_length=500)
    summary = models.TextField(_("what changed"))
    file = models.FileField(
        _("decision text"), upload_to="amendments/%Y/", blank=True, validators=[validate_upload]
    )

    class Meta:
        ordering = ["program", "decision_date"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "decision_number"],
                name="activities_amendment_number_unique",
                field="decision_number",
                violation_error_message=_(
                    "This program already has an amendment with this number."
                ),
            ),
        ]

    def __str__(self):
        return _("No. %(number)s of %(date)s") % {
            "number": self.decision_number,
            "date": f"{self.decision_date:%d.%m.%Y}" if self.decision_date else "—",
        }


@pghistory.track()
class AnnualReport(models.Model):
    """The council's report on a year of a program: the narrative staff write, and its adoption.

    The figures of the report come from the database each time it is printed; what is stored
    here is what only people can write, and the decision that took note of the report (the
    open data set of reports will list these rows: identifier, date accepted, title, period).
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    narrative = models.TextField(
        _("narrative"),
        blank=True,
        help_text=_("What the year brought, in a few paragraphs; printed in the report as typed."),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_session = models.CharField(
        _("session"),
        max_length=100,
        blank=True,
        help_text=_("In the genitive, as the decision names it: «двадцятої»."),
    )
    decision_convocation = models.CharField(
        _("convocation"), max_length=100, blank=True, help_text=_("In the genitive: «восьмого».")
    )
    # Why a line of the money table strayed from its plan by more than the program's
    # threshold: {"<category number>:<source>": "reason"}, written on the report's preview.
    deviation_reasons = models.JSONField(_("reasons for deviations"), default=dict, blank=True)

    class Meta:
        ordering = ["program", "year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "year"],
                name="activities_annualreport_year_unique",
                field="year",
                violation_error_message=_("This program already has a report for this year."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return _("Report on the execution of the program in %(year)s") % {"year": self.year}

    def clean(self):
        if self.program_id:
            self.program.check_year(self.year, "year")
