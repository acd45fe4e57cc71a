"""The execution dashboard's reads: plain data for a program and a year (or its whole term).

Everything is aggregated in SQL, and the number of queries is fixed whatever the amount of
data (`dashboard` runs 16). The PDF reports read the same data. The dashboard page reads it
through `cached_dashboard`, which runs those queries again only when the data has changed.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import get_language
from django_countries import countries

from activities import amendments
from activities import selectors as activity_reads
from activities.models import (
    Direction,
    Event,
    ExpectedResult,
    Indicator,
    Publication,
    people_who_came,
    young_people_who_came,
)
from budget import money
from budget.models import Expense
from menaprogram import data_version
from menaprogram.money import SQL_ZERO
from partners import selectors as partner_reads
from partners import thresholds
from partners.models import Agreement, Contact, Partner

PLANNED_SHOWN = 10
PUBLICATIONS_SHOWN = 5


@dataclass(frozen=True)
class DirectionLine:
    number: int
    text: str
    held_in_period: int
    held_in_term: int


@dataclass(frozen=True)
class KindLine:
    """Events of one kind in the period: how many were held, planned, cancelled, and who came."""

    kind: str
    label: str
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    participants: int = 0
    youth: int = 0


@dataclass(frozen=True)
class YearValue:
    """An indicator's target and actual in one year; None where nothing was entered."""

    year: int
    target: Decimal | None = None
    actual: Decimal | None = None

    @property
    def achievement(self):
        return Indicator.Achievement.of(self.target, self.actual)


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    kind_label: str
    # A YearValue for each year of the term.
    values: list = field(default_factory=list)


@dataclass(frozen=True)
class ResultLine:
    number: int | None
    text: str
    indicators: list


def cached_dashboard(program, year=None):
    """`dashboard()`, kept in the cache until the data changes (see menaprogram.data_version).

    The secretary and the deputy mayors open the dashboard far more often than the data
    changes, and at scale it is the heaviest page of the workspace. The partner thresholds
    need no place in the key: they are tracked data (reminders.ReminderSettings), so a
    change of them is a new data version.
    """
    today = timezone.localdate()
    return data_version.cached(
        f"reports:dashboard:{program.pk}:{year}:{today}:{get_language()}",
        lambda: dashboard(program, year, today=today),
    )


def decisions(program, data, years, today):
    """What needs the secretary's decision on the dashboard's first screen (one query):
    categories over their allotment or far under it, directions with nothing held,
    indicators behind their target, agreements expiring, events held without results."""
    threshold = Decimal(program.deviation_threshold) / 100
    # How much of the allotment should be spent by now: all of it for a past year, the
    # elapsed share of the current one.
    ends = datetime.date(max(years), 12, 31)
    starts = datetime.date(min(years), 1, 1)
    elapsed = (
        Decimal(1)
        if today > ends
        else Decimal(max((today - starts).days, 0)) / Decimal((ends - starts).days + 1)
    )
    over, under = [], []
    for category, line in data["by_category"]:
        if line.overspent:
            over.append((category, line))
        elif line.allotted and line.spent < line.allotted * (elapsed - threshold):
            under.append((category, line))
    behind = [
        indicator
        for result in data["results"]
        for indicator in result.indicators
        if any(
            value.year in years and value.actual is not None and value.actual < value.target
            for value in indicator.values
        )
    ]
    without_results = (
        Event.objects.for_program(program).held().filter(_in_years(years), outcome="").count()
    )
    return {
        "over_plan": over,
        "under_plan": under,
        "behind_target": behind,
        # The partner figures' own list, read with the same threshold.
        "expiring": data["expiring_agreements"],
        "without_results": without_results,
    }


def dashboard(program, year=None, *, today=None, limits=None):
    """Everything the dashboard shows for `program` in `year` (None: the whole term), with
    the partner `limits` (partners.thresholds; None: those in force).

    The program's title, term and the wording of its directions and results are those in
    force at the end of the year shown (of the term for the whole term), as the year's report
    prints them; the year choice keeps the live term, so every year stays reachable.
    """
    today = today or timezone.localdate()
    limits = limits or thresholds.current()
    years = [year] if year is not None else list(program.years)
    version = amendments.in_force(program, amendments.year_end(year or program.end_year))
    layers = money.MoneyLayers(program)
    by_year = money.by_year(layers)
    term = money.total(by_year, "")
    data = {
        "program": version.program,
        "year": year,
        "years": list(program.years),
        "today": today,
        "money_by_year": by_year,
        "money_total": term,
        "money": term if year is None else by_year[year - program.start_year],
        "by_category": money.by_category(layers, years),
        "by_source": [
            (source, line)
            for source, line in money.by_source(layers, years)
            if line.approved or line.allotted or line.spent
        ],
        "by_month": money.by_month(layers, years),
        "directions": (lines := directions(program, years, version)),
        "idle_directions": [line for line in lines if not line.held_in_period],
        "results": results(program, version),
        # The indicator table: name and unit, then a target and an actual per year.
        "indicator_columns": 2 + 2 * len(program.years),
        **events(program, years, today),
        **partners(today, limits),
        **publications(program, years),
    }
    return {**data, "decisions": decisions(program, data, years, today)}


def _in_years(years, prefix=""):
    """Rows whose date falls within `years` (a range, so the date's index stays usable)."""
    return Q(
        **{
            f"{prefix}start_date__gte": datetime.date(min(years), 1, 1),
            f"{prefix}start_date__lt": datetime.date(max(years) + 1, 1, 1),
        }
    )


def directions(program, years, version=None):
    """Each direction with the events held under it in `years` and in the whole term (1 query).

    With a `version` (amendments.in_force), the directions and their wording as they stood
    then: one a later edition added is left out, one it dropped is shown with no events.
    """
    held = Q(events__status=Event.Status.HELD)
    held_in_period = held & _in_years(years, "events__")
    rows = (
        Direction.objects.filter(program=program)
        .annotate(
            held_in_period=Count("events", filter=held_in_period, distinct=True),
            held_in_term=Count("events", filter=held, distinct=True),
        )
        .order_by("number")
    )
    lines = [
        DirectionLine(row.number, row.text, row.held_in_period, row.held_in_term) for row in rows
    ]
    if version is None:
        return lines
    return _as_in_force(
        lines, version, "directions", lambda number, text: DirectionLine(number, text, 0, 0)
    )


def _as_in_force(lines, version, name, missing):
    """`lines` (with `number` and `text`) as the list `name` stood in `version`."""
    live = {line.number: line for line in lines}
    texts = version.items(name, {number: line.text for number, line in live.items()})
    return [
        dataclasses.replace(live[number], text=text) if number in live else missing(number, text)
        for number, text in texts.items()
    ]


def results(program, version=None):
    """The expected results with their indicators' targets and actuals per year (3 queries).

    With a `version`, the results' wording as it stood then (see `directions`).
    """
    indicators = (
        Indicator.objects.filter(program=program)
        .select_related("expected_result")
        .prefetch_related("values")
        .order_by("expected_result__number", "kind", "name")
    )
    by_result = {}
    for indicator in indicators:
        entered = {value.year: value for value in indicator.values.all()}
        line = IndicatorLine(
            name=indicator.name,
            unit=indicator.unit,
            kind_label=indicator.get_kind_display(),
            values=[
                YearValue(year, entered[year].target, entered[year].actual)
                if year in entered
                else YearValue(year)
                for year in program.years
            ],
        )
        by_result.setdefault(indicator.expected_result_id, []).append(line)
    lines = [
        ResultLine(result.number, result.text, by_result.get(result.pk, []))
        for result in ExpectedResult.objects.filter(program=program).order_by("number")
    ]
    if version is not None:
        lines = _as_in_force(
            lines, version, "expected_results", lambda number, text: ResultLine(number, text, [])
        )
    if None in by_result:
        lines.append(ResultLine(None, "", by_result[None]))
    return lines


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("event").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def events(program, years, today):
    """Events of the period by kind and status with their people; planned events (2 queries)."""
    # How many people came: the one rule of the event list too (activities.models).
    people, youth = people_who_came(), young_people_who_came()
    rows = (
        Event.objects.for_program(program)
        .filter(_in_years(years))
        .values("kind", "status")
        .annotate(
            count=Count("pk"),
            participants=Sum(people),
            youth=Sum(youth),
        )
        .order_by()
    )
    kinds = {kind: {"held": 0, "planned": 0, "cancelled": 0, "p": 0, "y": 0} for kind in Event.Kind}
    for row in rows:
        counts = kinds[row["kind"]]
        counts[row["status"]] += row["count"]
        # Only held events brought people; planned and cancelled ones list the intended.
        if row["status"] == Event.Status.HELD:
            counts["p"] += row["participants"] or 0
            counts["y"] += row["youth"] or 0
    by_kind = [
        KindLine(
            kind=kind.value,
            label=kind.label,
            held=counts["held"],
            planned=counts["planned"],
            cancelled=counts["cancelled"],
            participants=counts["p"],
            youth=counts["y"],
        )
        for kind, counts in kinds.items()
    ]
    planned = (
        Event.objects.for_program(program)
        .filter(status=Event.Status.PLANNED)
        .with_overdue(today)
        .order_by("start_date", "title", "pk")[:PLANNED_SHOWN]
    )
    return {
        "by_kind": by_kind,
        "events_total": KindLine(
            kind="",
            label="",
            held=sum(line.held for line in by_kind),
            planned=sum(line.planned for line in by_kind),
            cancelled=sum(line.cancelled for line in by_kind),
            participants=sum(line.participants for line in by_kind),
            youth=sum(line.youth for line in by_kind),
        ),
        "incoming": next(k for k in by_kind if k.kind == Event.Kind.INCOMING_DELEGATION),
        "outgoing": next(k for k in by_kind if k.kind == Event.Kind.OUTGOING_DELEGATION),
        "planned_events": list(planned),
    }


def partners(today, limits=thresholds.DEFAULTS):
    """Active partners by kind and country, expiring agreements, dormant partners (4 queries).

    Partners are not tied to a program or a year: these figures are as of `today`.
    """
    active = Partner.objects.filter(status=Partner.Status.ACTIVE).order_by()
    by_kind = dict(active.values_list("kind").annotate(n=Count("pk")))
    by_country = sorted(
        (
            (code, countries.name(code), count)
            for code, count in active.values_list("country").annotate(n=Count("pk"))
        ),
        key=lambda row: (-row[2], row[1]),
    )
    expiring = partner_reads.expiring_agreements(today, days=limits.expiring_days)
    since = today - datetime.timedelta(days=limits.dormant_after_days)
    dormant = activity_reads.dormant_partners(today, limits.dormant_after_days)
    return {
        "active_partners": sum(by_kind.values()),
        "partners_by_kind": [
            (kind.value, kind.label, by_kind[kind]) for kind in Partner.Kind if by_kind.get(kind)
        ],
        "partners_by_country": by_country,
        "expiring_agreements": expiring,
        "expiry_warning_days": limits.expiring_days,
        "dormant_partners": list(dormant),
        "dormant_since": since,
    }


def publications(program, years):
    """Publications of the period by channel, and the latest few (2 queries)."""
    in_period = Publication.objects.filter(
        program=program,
        published_on__gte=datetime.date(min(years), 1, 1),
        published_on__lt=datetime.date(max(years) + 1, 1, 1),
    )
    counts = dict(in_period.order_by().values_list("channel").annotate(n=Count("pk")))
    return {
        "publications_by_channel": [
            (channel.value, channel.label, counts.get(channel, 0))
            for channel in Publication.Channel
        ],
        "publications_total": sum(counts.values()),
        "recent_publications": list(
            in_period.select_related("event").order_by("-published_on", "-pk")[:PUBLICATIONS_SHOWN]
        ),
    }


SHOWN = 10


def attention(program, today, limits=None):
    """Events this month, agreements expiring soon, expenses with no event (four queries, and
    one for the thresholds unless `limits` are given)."""
    limits = limits or thresholds.current()
    month_start = today.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    events = (
        Event.objects.for_program(program)
        .filter(start_date__lt=next_month, end_date__gte=month_start)
        .annotate(participants_total=Count("participants"))
        .order_by("start_date", "title")
    )
    agreements = partner_reads.expiring_agreements(today, days=limits.expiring_days)
    unlinked = (
        Expense.objects.for_program(program)
        .filter(event__isnull=True)
        .select_related("category")
        .order_by("-date", "-pk")
    )
    return {
        "month": month_start,
        "events": list(events),
        "expiring_agreements": agreements,
        "expiry_warning_days": limits.expiring_days,
        "unlinked_expenses": list(unlinked[:SHOWN]),
        "unlinked_expense_count": unlinked.count(),
    }


@dataclass(frozen=True)
class PartnerHealth:
    """How alive a partnership is: its figures and where it stands."""

    partner: object
    last_activity_on: datetime.date | None
    events_by_year: list  # (year, events held)
    agreements: int
    valid_agreement: bool
    spent: Decimal
    state: str

    @property
    def events_total(self):
        return sum(count for _year, count in self.events_by_year)

    @property
    def events_per_year(self):
        return self.events_total / len(self.events_by_year) if self.events_by_year else 0


# Where a partnership stands: one rule, the partners app's, for this page and the partner's.
Health = partner_reads.Health


def partnership_health(program, today, state=None, limits=None):
    """Active and suspended partners ranked by how alive each partnership is (one query, and
    one for the thresholds unless `limits` are given).

    Last event or contact, events held per year of the program, agreements and whether one is in
    force, the money spent on their events. Dormant: no event and no contact for a year;
    needs attention: active, but no agreement in force or no event in the program's last year
    reached so far; active: the others. Ranked by events in the program, then the latest activity.
    """
    limits = limits or thresholds.current()
    held = Event.objects.filter(
        partners=OuterRef("pk"), program=program, status=Event.Status.HELD
    ).order_by()
    years = [year for year in program.years if year <= today.year] or [program.start_year]

    def count(queryset, key="program"):
        return Coalesce(
            Subquery(
                queryset.values(key).annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    spent = (
        Expense.objects.filter(event__partners=OuterRef("pk"), event__program=program)
        .order_by()
        .values("event__program")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    partners = (
        Partner.objects.exclude(status=Partner.Status.ENDED)
        .annotate(
            last_event_on=Subquery(
                Event.objects.filter(partners=OuterRef("pk"), start_date__lte=today)
                .exclude(status=Event.Status.CANCELLED)
                .order_by("-start_date")
                .values("start_date")[:1]
            ),
            last_contact_on=Subquery(
                Contact.objects.filter(partner=OuterRef("pk"))
                .exclude(last_contacted_on=None)
                .order_by("-last_contacted_on")
                .values("last_contacted_on")[:1]
            ),
            agreement_count=count(
                Agreement.objects.filter(partner=OuterRef("pk")).order_by(), "partner"
            ),
            has_valid_agreement=Exists(
                Agreement.objects.valid_on(today).filter(partner=OuterRef("pk"))
            ),
            spent=Coalesce(Subquery(spent), SQL_ZERO),
            **{
                f"held_{year}": count(
                    held.filter(
                        start_date__gte=datetime.date(year, 1, 1),
                        start_date__lt=datetime.date(year + 1, 1, 1),
                    )
                )
                for year in years
            },
        )
        .annotate(last_activity_on=Greatest("last_event_on", "last_contact_on"))
    )
    since = today - datetime.timedelta(days=limits.dormant_after_days)
    lines = []
    for partner in partners:
        by_year = [(year, getattr(partner, f"held_{year}")) for year in years]
        standing = partner_reads.health(
            partner,
            last_activity_on=partner.last_activity_on,
            has_valid_agreement=partner.has_valid_agreement,
            held_latest_year=by_year[-1][1],
            today=today,
            dormant_after_days=limits.dormant_after_days,
        )
        lines.append(
            PartnerHealth(
                partner=partner,
                last_activity_on=partner.last_activity_on,
                events_by_year=by_year,
                agreements=partner.agreement_count,
                valid_agreement=partner.has_valid_agreement,
                spent=partner.spent,
                state=standing,
            )
        )
    lines.sort(
        key=lambda line: (
            -line.events_total,
            -(line.last_activity_on or datetime.date.min).toordinal(),
            line.partner.name_uk,
        )
    )
    if state:
        lines = [line for line in lines if line.state == state]
    return {"lines": lines, "years": years, "dormant_since": since}
