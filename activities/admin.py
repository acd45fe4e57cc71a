"""The admin for bulk data entry: the program's structure, events and the people on them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import Textarea
from django.utils.translation import gettext_lazy as _

from activities.imports import EventResource
from activities.models import (
    Amendment,
    AnnualReport,
    Department,
    Direction,
    Event,
    EventFile,
    ExpectedResult,
    Indicator,
    IndicatorValue,
    Participant,
    Program,
    ProgramSection,
    Publication,
)
from menaprogram.admin import LocalizedAdmin, LocalizedInline, SpreadsheetAdmin


@admin.register(Department)
class DepartmentAdmin(LocalizedAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


class ProgramSectionInline(admin.StackedInline):
    model = ProgramSection
    extra = 0
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 8, "cols": 100})}}


class DirectionInline(LocalizedInline):
    model = Direction


class ExpectedResultInline(LocalizedInline):
    model = ExpectedResult


@admin.register(Program)
class ProgramAdmin(LocalizedAdmin):
    list_display = ["short_title", "start_year", "end_year", "status", "decision_number"]
    list_filter = ["status"]
    search_fields = ["title", "short_title"]
    autocomplete_fields = ["responsible_executor", "co_developers"]
    inlines = [DirectionInline, ExpectedResultInline, ProgramSectionInline]
    fieldsets = [
        (None, {"fields": ["title", "short_title", ("start_year", "end_year"), "status"]}),
        (
            _("Passport"),
            {
                "fields": [
                    "basis_document",
                    "developers",
                    "co_developers",
                    "participants",
                    "responsible_executor",
                    "control",
                    ("signatory_position", "signatory_name"),
                ]
            },
        ),
        (
            _("Adopting decision"),
            {
                "fields": [
                    "decision_title",
                    ("decision_number", "decision_date"),
                    ("decision_session", "decision_convocation"),
                ]
            },
        ),
        (_("Reports"), {"fields": ["deviation_threshold"]}),
    ]


@admin.register(Direction, ExpectedResult)
class NumberedItemAdmin(LocalizedAdmin):
    list_display = ["number", "text", "program"]
    list_display_links = ["number", "text"]
    list_filter = ["program"]
    search_fields = ["text"]


class IndicatorValueInline(LocalizedInline):
    model = IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(LocalizedAdmin):
    list_display = ["name", "kind", "unit", "expected_result", "program"]
    list_filter = ["program", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["expected_result", "direction"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(LocalizedAdmin):
    list_display = ["indicator", "year", "target", "actual"]
    list_filter = ["year", "indicator__program"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator"]


class ParticipantInline(LocalizedInline):
    model = Participant


class EventFileInline(LocalizedInline):
    model = EventFile


class EventAdminForm(forms.ModelForm):
    """The admin lists every program's directions (autocomplete); only the event's own fit."""

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        directions = cleaned.get("directions") or []
        foreign = sorted(d.number for d in directions if program and d.program_id != program.pk)
        if foreign:
            self.add_error(
                "directions",
                _("Directions %(numbers)s belong to another program.")
                % {"numbers": ", ".join(map(str, foreign))},
            )
        return cleaned


@admin.register(Event)
class EventAdmin(SpreadsheetAdmin):
    form = EventAdminForm
    resource_classes = [EventResource]
    import_kind = "events"
    list_display = ["title", "kind", "status", "start_date", "end_date", "place", "country"]
    list_filter = ["program", "status", "kind", "place", "start_date", "department", "country"]
    search_fields = ["title", "city", "settlement", "partners__name_uk"]
    date_hierarchy = "start_date"
    # Plain selects: select2 (autocomplete) and the two-box filter leave their search boxes
    # and lists unnamed for screen readers. Staff choose partners by typing on the workspace's
    # event form; here administrators correct in bulk.
    autocomplete_fields = ["program"]
    inlines = [ParticipantInline, EventFileInline]
    fieldsets = [
        (None, {"fields": ["program", "title", "kind", "status", ("start_date", "end_date")]}),
        (_("Place"), {"fields": ["place", "settlement", ("country", "city")]}),
        (
            _("Who and what for"),
            {
                "fields": [
                    "department",
                    "partners",
                    "directions",
                    ("participant_count", "youth_count"),
                ]
            },
        ),
        (_("Description and outcome"), {"fields": ["description", "outcome"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("program")


@admin.register(Participant)
class ParticipantAdmin(LocalizedAdmin):
    list_display = ["full_name", "side", "role", "organisation", "is_youth", "event"]
    list_filter = ["side", "is_youth", "event__program"]
    search_fields = ["full_name", "organisation", "event__title"]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]


@admin.register(Publication)
class PublicationAdmin(LocalizedAdmin):
    list_display = ["title", "channel", "published_on", "event"]
    list_filter = ["channel", "program", "published_on"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["program", "event"]
    list_select_related = ["event"]
    date_hierarchy = "published_on"


@admin.register(EventFile)
class EventFileAdmin(LocalizedAdmin):
    list_display = ["title", "event", "uploaded_at"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]


@admin.register(Amendment)
class AmendmentAdmin(LocalizedAdmin):
    list_display = ["__str__", "title", "program"]
    list_filter = ["program"]
    search_fields = ["decision_number", "title", "summary"]
    autocomplete_fields = ["program"]


@admin.register(ProgramSection)
class ProgramSectionAdmin(LocalizedAdmin):
    list_display = ["number", "title", "program"]
    list_filter = ["program"]
    search_fields = ["title", "text"]


@admin.register(AnnualReport)
class AnnualReportAdmin(LocalizedAdmin):
    list_display = ["year", "program", "accepted_on", "decision_number"]
    list_filter = ["program", "year"]
    search_fields = ["narrative", "decision_number"]
    autocomplete_fields = ["program"]
