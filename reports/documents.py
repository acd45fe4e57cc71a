"""The council's documents as plain data: one function per document, a fixed number of queries.

The screen preview, the PDF and the XLSX of a document are all made from the dictionary its
function returns, so that the three show the same figures.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from activities.models import (
    AnnualReport,
    Direction,
    Event,
    ExpectedResult,
    IndicatorValue,
    Program,
    ProgramSection,
    Publication,
)
from budget import selectors as budget
from budget.models import FundingSource, ProgramFunding
from partners.models import Agreement, Partner
from reports import charts

ZERO = Decimal("0.00")


def _program(program):
    """The program with the passport's foreign key joined (one query)."""
    return Program.objects.select_related("responsible_executor").get(pk=program.pk)


def _signature(program):
    return {"position": program.signatory_position, "name": program.signatory_name}


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def passport(program):
    """The program's passport: its fields and the approved funding by year and source.

    Four queries: the program, its co-developers, the funding, the sources.
    """
    program = _program(program)
    years = list(program.years)
    amounts = {
        (row.source_id, row.year): row.amount
        for row in ProgramFunding.objects.filter(program=program)
    }
    funded_sources = {source_id for source_id, _year in amounts}
    funding = [
        {
            "source": source.name,
            "by_year": [(year, amounts.get((source.pk, year), ZERO)) for year in years],
            "total": sum((amounts.get((source.pk, year), ZERO) for year in years), ZERO),
        }
        for source in FundingSource.objects.order_by("pk")
        if source.pk in funded_sources
    ]
    return {
        "program": program,
        "co_developers": [department.name for department in program.co_developers.all()],
        "participants": [line for line in program.participants.splitlines() if line.strip()],
        "funding": funding,
        "funding_total": sum((row["total"] for row in funding), ZERO),
        "signature": _signature(program),
    }


def _money_summary(lines):
    """Totals per source and overall for statutory lines."""
    overall = budget.total(lines, _("Total"))
    return {
        "lines": lines,
        "source_totals": budget.totals_by_source(lines),
        "total": overall,
    }


def _plan_fact_chart(lines, year):
    """The dashboard's SVG of allotted against spent per category, for the report's pages."""
    return charts.plan_against_fact(
        [charts.PlanFact(line.label, line.allotted, line.spent) for line in _by_category(lines)],
        title=_("Allotted against spent by spending category, %(period)s") % {"period": year},
        ident="plan-fact",
    )


def _by_category(lines):
    """Plan against fact per category, the sources summed (for the charts)."""
    grouped = defaultdict(list)
    for line in lines:
        grouped[(line.number, line.label)].append(line)
    return [budget.total(group, f"{number}. {label}") for (number, label), group in grouped.items()]


def _held_events(program, year):
    """Events held in `year` with their partners and directions (three queries)."""
    return list(
        Event.objects.for_program(program)
        .in_year(year)
        .held()
        .only("pk", "title", "start_date", "end_date", "kind")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("pk", "name_uk", "country", "kind")),
            Prefetch("directions", queryset=Direction.objects.only("pk")),
        )
        .order_by("start_date", "title", "pk")
    )


def _agreements(year):
    """Agreements in force at some point of `year`, sorted into new, active and expiring."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    agreements = list(
        Agreement.objects.filter(status=Agreement.Status.SIGNED, signed_on__lte=end)
        .filter(Q(valid_until__gte=start) | Q(valid_until__isnull=True))
        .select_related("partner")
        .order_by("partner__name_uk", "signed_on", "pk")
    )
    return {
        "new": [a for a in agreements if a.signed_on >= start],
        "active": agreements,
        "expiring": [a for a in agreements if a.valid_until and a.valid_until <= end],
    }


def annual_report(program, year):
    """The annual execution report of `year` (a fixed number of queries, whatever the rows)."""
    program = _program(program)
    report = AnnualReport.objects.filter(program=program, year=year).first()
    lines = budget.execution_by_category_and_source(program, year)
    money = _money_summary(lines)

    events = _held_events(program, year)
    events_by_direction = defaultdict(list)
    partners_seen = Counter()
    partners = {}
    for event in events:
        for direction in event.directions.all():
            events_by_direction[direction.pk].append(event)
        for partner in event.partners.all():
            partners_seen[partner.pk] += 1
            partners[partner.pk] = partner
    directions = [
        {"direction": direction, "events": events_by_direction.get(direction.pk, [])}
        for direction in Direction.objects.filter(program=program).order_by("number")
    ]
    indicators = [
        {"value": value, "percent": _percent(value.actual or 0, value.target)}
        for value in IndicatorValue.objects.filter(indicator__program=program, year=year)
        .select_related("indicator")
        .order_by("indicator__kind", "indicator__name")
    ]
    publications = list(
        Publication.objects.filter(program=program, published_on__year=year).order_by(
            "published_on", "pk"
        )
    )
    channels = Counter(publication.get_channel_display() for publication in publications)
    return {
        "program": program,
        "year": year,
        "report": report,
        "narrative": report.narrative if report else "",
        "money": money,
        "has_expenses": any(line.spent for line in lines),
        "plan_fact_chart": _plan_fact_chart(lines, year),
        "events": events,
        "directions": directions,
        "directions_without_events": sum(1 for d in directions if not d["events"]),
        "partners": sorted(
            ({"partner": p, "events": partners_seen[pk]} for pk, p in partners.items()),
            key=lambda row: row["partner"].name_uk,
        ),
        "agreements": _agreements(year),
        "indicators": indicators,
        "publications": publications,
        "publications_by_channel": sorted(channels.items()),
        "signature": _signature(program),
    }


def _assessment(target, actual):
    if actual is None:
        return _("no data")
    if actual >= target:
        return _("achieved")
    if actual > 0:
        return _("partly achieved")
    return _("not achieved")


def _results(program):
    """Each expected result with its indicators summed over the term (two queries)."""
    values = defaultdict(lambda: {"target": ZERO, "actual": None})
    indicators = {}
    for value in IndicatorValue.objects.filter(indicator__program=program).select_related(
        "indicator"
    ):
        row = values[value.indicator_id]
        row["target"] += value.target
        if value.actual is not None:
            row["actual"] = (row["actual"] or ZERO) + value.actual
        indicators[value.indicator_id] = value.indicator
    by_result = defaultdict(list)
    for pk, indicator in sorted(indicators.items(), key=lambda item: item[1].name):
        row = values[pk]
        by_result[indicator.expected_result_id].append(
            {
                "indicator": indicator,
                "target": row["target"],
                "actual": row["actual"],
                "percent": _percent(row["actual"] or 0, row["target"]),
                "assessment": _assessment(row["target"], row["actual"]),
            }
        )
    return [
        {"result": result, "indicators": by_result.get(result.pk, [])}
        for result in ExpectedResult.objects.filter(program=program).order_by("number")
    ]


def _direction_summary(program):
    """Per direction: events held in each year of the term and partners met (three queries)."""
    links = Event.directions.through.objects.filter(
        event__program=program, event__status=Event.Status.HELD
    )
    counts = defaultdict(dict)
    for direction_id, year, count in (
        links.values_list("direction_id", "event__start_date__year")
        .annotate(count=Count("event_id"))
        .order_by()
    ):
        counts[direction_id][year] = count
    partner_counts = dict(
        links.values_list("direction_id")
        .annotate(count=Count("event__partners", distinct=True))
        .order_by()
    )
    years = list(program.years)
    return [
        {
            "direction": direction,
            "by_year": [counts[direction.pk].get(year, 0) for year in years],
            "total": sum(counts[direction.pk].values()),
            "partners": partner_counts.get(direction.pk, 0),
        }
        for direction in Direction.objects.filter(program=program).order_by("number")
    ]


def final_report(program):
    """The final report on the whole term (a fixed number of queries)."""
    program = _program(program)
    goal = (
        ProgramSection.objects.filter(program=program, title__istartswith="Мета")
        .values_list("text", flat=True)
        .first()
    )
    lines = budget.execution_by_year_and_source(program)
    held = Event.objects.for_program(program).held()
    start, end = datetime.date(program.start_year, 1, 1), datetime.date(program.end_year, 12, 31)
    return {
        "program": program,
        "goal": goal or "",
        "co_developers": [department.name for department in program.co_developers.all()],
        "years": list(program.years),
        "results": _results(program),
        "money": _money_summary(lines),
        "directions": _direction_summary(program),
        "figures": {
            "events": held.count(),
            "partners": Partner.objects.filter(events__in=held).distinct().count(),
            "agreements": Agreement.objects.filter(
                status=Agreement.Status.SIGNED, signed_on__range=(start, end)
            ).count(),
            "publications": Publication.objects.filter(program=program).count(),
        },
        "signature": _signature(program),
    }
