"""Reads behind the public pages, the feed, the sitemap and the API: always through rules."""

from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from activities.models import AnnualReport, Direction, ProgramSection
from budget import money
from partners.models import Agreement
from public import rules
from reports import charts
from reports import selectors as report_reads
from reports.documents import REGISTRY, Edition


def public_program(pk=None):
    """The adopted program asked for, or the latest; None if nothing is adopted yet."""
    # The primary key breaks a tie (two programs of one start year, as in the leak walk):
    # otherwise the answer follows where an updated row happens to sit in the table.
    programs = rules.public_programs().order_by("-start_year", "pk")
    if pk is not None:
        return programs.filter(pk=pk).first()
    return programs.first()


def passport(program):
    """The passport as amended, in the version in force today (the passport document reads
    it so): every public page and the API read it here."""
    return REGISTRY["passport"].get_context(program)


def public_edition(today=None):
    """The edition of the council's documents the public reads: what the rules hide today
    (withheld, under the embargo, a private person, a partnership not yet agreed) is replaced
    by the restriction line."""
    events = rules.visible_events(today)
    return Edition(
        "public",
        events=events,
        partners=rules.visible_partners(),
        publications=rules.visible_publications(events),
    )


def goal(program):
    section = ProgramSection.objects.filter(program=program, title__istartswith="Мета").first()
    return section.text if section else ""


def program_overview(program):
    """The program's page: passport, goal, directions, results and indicators, money by year."""
    layers = money.MoneyLayers(program)
    by_year = money.by_year(layers)
    return {
        **passport(program),
        "goal": goal(program),
        "directions": list(Direction.objects.filter(program=program).order_by("number")),
        "results": report_reads.results(program),
        "money_by_year": by_year,
        "money_total": money.total(by_year, ""),
    }


def directions_held(program, years, events):
    """Each direction with the visible events held under it in `years` (one query)."""
    in_years = Q(events__start_date__year__in=list(years), events__in=events)
    return list(
        Direction.objects.filter(program=program)
        .annotate(held=Count("events", filter=in_years, distinct=True))
        .order_by("number")
    )


def execution(program, year, today=None):
    """A year's execution: money by spending category, visible events by direction, charts."""
    events = rules.visible_events(today)
    layers = money.MoneyLayers(program)
    by_category = money.by_category(layers, [year])
    by_direction = directions_held(program, [year], events)
    return {
        "program": program,
        "year": year,
        "by_category": by_category,
        "category_total": money.total([line for _c, line in by_category], ""),
        "by_direction": by_direction,
        "charts": {
            "categories": charts.plan_against_fact(
                [
                    charts.PlanFact(
                        f"{category.number}. {category.name}",
                        line.allotted,
                        line.spent,
                        line.financed,
                    )
                    for category, line in by_category
                ],
                title=str(year),
            ),
            "directions": charts.events_by_direction(
                [(d.number, d.text, d.held) for d in by_direction], title=str(year)
            ),
        },
    }


def documents(program):
    """The documents the council has adopted: annual reports taken note of, amendments, and
    the final report once the program is completed."""
    return {
        "annual_reports": list(
            AnnualReport.objects.filter(program=program, accepted_on__isnull=False).order_by("year")
        ),
        "amendments": list(program.amendments.order_by("decision_date", "pk")),
        "final_report": program.status == program.Status.COMPLETED,
    }


def _events(today=None):
    return (
        rules.visible_events(today)
        .with_people()
        .prefetch_related(
            Prefetch("partners", queryset=rules.visible_partners().order_by("name_uk", "pk")),
            Prefetch("directions", queryset=Direction.objects.order_by("number")),
            Prefetch(
                "publications",
                queryset=rules.visible_publications(rules.visible_events(today)).order_by(
                    "-published_on", "pk"
                ),
            ),
        )
    )


def event_list(*, filters=None, today=None):
    """Visible events, newest first, with their visible partners, directions and publications."""
    events = _events(today).order_by("-start_date", "title", "pk")
    return filters.qs if filters is not None else events


def events_for_filter(today=None):
    return _events(today).order_by("-start_date", "title", "pk")


def event_detail(pk, today=None):
    """A visible event with the counts the EU twinning rule asks for; 404 otherwise."""
    event = _events(today).filter(pk=pk).select_related("program").first()
    if event is None:
        raise Http404
    sides = Counter(event.participants.values_list("side", flat=True))
    return {
        "event": event,
        "partners": list(event.partners.all()),
        "directions": list(event.directions.all()),
        "publications": list(event.publications.all()),
        "from_partners": sides.get("partner", 0),
        "partner_countries": sorted({p.country.name for p in event.partners.all() if p.country}),
    }


def partner_list():
    return (
        rules.visible_partners()
        .annotate(
            events_together=Count(
                "events", filter=Q(events__in=rules.visible_events()), distinct=True
            )
        )
        .order_by("name_uk", "pk")
    )


def partner_detail(pk, today=None):
    partner = rules.visible_partners().filter(pk=pk).first()
    if partner is None:
        raise Http404
    today = today or timezone.localdate()
    return {
        "partner": partner,
        "agreements": list(
            Agreement.objects.valid_on(today).filter(partner=partner).order_by("signed_on", "pk")
        ),
        "events": list(
            rules.visible_events(today).filter(partners=partner).order_by("-start_date", "pk")
        ),
    }


def latest_events(limit=20, today=None):
    return list(rules.visible_events(today).order_by("-end_date", "-pk")[:limit])
