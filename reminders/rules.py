"""The reminder rules: each finds what has slipped, as items saying what, where to fix it, whose.

One class per rule, each reading the database in a fixed number of queries however much data
there is (`queries` says how many; the tests and bench/reminders.py hold them to it). Items are
computed, never stored: an item is gone as soon as the data is fixed. An item's `key` names the
record and the stage it is in (an agreement 90 days before its end, then 30, then lapsed), so
that a snooze or a digest of one stage does not silence the next.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from activities import selectors as activity_reads
from activities.models import (
    AnnualReport,
    Event,
    Indicator,
    IndicatorValue,
    Participant,
    Program,
)
from activities.workspace import ASKED as WORKSPACE
from budget import money
from budget.amendments import approved_in_force
from budget.models import BudgetAllocation, Expense, ProgramFunding
from menaprogram.money import ZERO
from menaprogram.templatetags.money import thousands
from partners import selectors as partner_reads
from partners.models import Agreement, Partner

# Who an item is for: the people who can fix it. The secretary (Контроль) and administrators
# see every item; editors those of EDITORS (of their department, see selectors.py).
EDITORS = "editors"
ADMINISTRATORS = "administrators"


@dataclass(frozen=True)
class Item:
    """One thing to fix."""

    rule: str
    key: str
    title: str
    detail: str
    url: str
    audience: str = EDITORS
    department_id: int | None = None
    # The day it is about (an end, a due date), for sorting: the most pressing first.
    day: datetime.date | None = None


@dataclass(frozen=True)
class Context:
    today: datetime.date
    settings: object  # ReminderSettings


def _date(day):
    return f"{day:%d.%m.%Y}"


def workspace_url(name, program, year, args=()):
    """A page of `program`'s `year`, whichever program the person has chosen in the header:
    the address carries both, as the header's switch sends them (activities.workspace)."""
    return f"{reverse(name, args=args)}?{WORKSPACE}={program.pk}:{year}"


class Rule:
    code = ""
    label = ""
    queries = 1

    def items(self, context):
        raise NotImplementedError


class ExpiringAgreements(Rule):
    """Agreements in force that end within the first or the second warning."""

    code = "agreement-expiring"
    label = gettext_lazy("Agreements expiring")

    def items(self, context):
        today, limits = context.today, context.settings
        soon = today + datetime.timedelta(days=limits.agreement_second_warning_days)
        items = []
        for agreement in partner_reads.expiring_agreements(
            today, days=limits.agreement_first_warning_days
        ):
            days = (
                limits.agreement_second_warning_days
                if agreement.valid_until <= soon
                else limits.agreement_first_warning_days
            )
            items.append(
                Item(
                    rule=self.code,
                    key=f"{self.code}:{agreement.pk}:{days}:{agreement.valid_until:%Y%m%d}",
                    title=_("Agreement with %(partner)s ends on %(date)s")
                    % {"partner": agreement.partner, "date": _date(agreement.valid_until)},
                    detail=_("“%(title)s”: renew it or record the decision not to.")
                    % {"title": agreement.title},
                    url=reverse("partners:agreement-update", args=[agreement.pk]),
                    day=agreement.valid_until,
                )
            )
        return items


class LapsedAgreements(Rule):
    """Agreements that have ended while the partner is active and has no agreement in force."""

    code = "agreement-lapsed"
    label = gettext_lazy("Agreements lapsed")

    def items(self, context):
        today = context.today
        lapsed = (
            Agreement.objects.filter(
                status=Agreement.Status.SIGNED,
                valid_until__lt=today,
                partner__status=Partner.Status.ACTIVE,
            )
            .exclude(Exists(Agreement.objects.valid_on(today).filter(partner=OuterRef("partner"))))
            .select_related("partner")
            .order_by("valid_until", "pk")
        )
        return [
            Item(
                rule=self.code,
                key=f"{self.code}:{agreement.pk}:{agreement.valid_until:%Y%m%d}",
                title=_("Agreement with %(partner)s lapsed on %(date)s")
                % {"partner": agreement.partner, "date": _date(agreement.valid_until)},
                detail=_(
                    "“%(title)s”: sign a new one, or mark the agreement terminated or the "
                    "partner's cooperation suspended."
                )
                % {"title": agreement.title},
                url=reverse("partners:agreement-update", args=[agreement.pk]),
                day=agreement.valid_until,
            )
            for agreement in lapsed
        ]


class DormantPartners(Rule):
    """Active partners with no event and no contact for the set number of days."""

    code = "partner-dormant"
    label = gettext_lazy("Partners gone quiet")

    def items(self, context):
        days = context.settings.dormant_after_days
        items = []
        for partner in activity_reads.dormant_partners(context.today, days):
            if partner.last_activity_on:
                detail = _("Last event or contact on %(date)s.") % {
                    "date": _date(partner.last_activity_on)
                }
            else:
                detail = _("No event or contact recorded yet.")
            items.append(
                Item(
                    rule=self.code,
                    key=f"{self.code}:{partner.pk}",
                    title=_("No event and no contact with %(partner)s for %(days)s days")
                    % {"partner": partner, "days": days},
                    detail=detail
                    + " "
                    + _("Write to them, or record the last contact on the partner's page."),
                    url=reverse("partners:partner-detail", args=[partner.pk]),
                    day=partner.last_activity_on,
                )
            )
        return items


class EventsWithoutData(Rule):
    """Events ended over the set number of days ago without results, people or expenses.

    Events of completed programs are left alone, and cancelled ones need nothing; an event
    still planned after its end is listed too, since its status is late.
    """

    code = "event-data"
    label = gettext_lazy("Events without results, participants or expenses")

    def items(self, context):
        before = context.today - datetime.timedelta(days=context.settings.event_data_after_days)
        events = (
            Event.objects.filter(
                end_date__lt=before,
                status__in=[Event.Status.HELD, Event.Status.PLANNED],
            )
            .exclude(program__status=Program.Status.COMPLETED)
            .annotate(
                has_people=Q(participant_count__gt=0)
                | Exists(Participant.objects.filter(event=OuterRef("pk"))),
                has_expenses=Exists(Expense.objects.filter(event=OuterRef("pk"))),
            )
            .filter(
                Q(status=Event.Status.PLANNED)
                | Q(outcome="")
                | Q(has_people=False)
                | Q(has_expenses=False)
            )
            .order_by("end_date", "pk")
            .only("pk", "title", "start_date", "end_date", "status", "outcome", "department_id")
        )
        items = []
        for event in events:
            missing = []
            if event.status == Event.Status.PLANNED:
                missing.append(_("its status (held or cancelled)"))
            if not event.outcome:
                missing.append(_("results"))
            if not event.has_people:
                missing.append(_("participants"))
            if not event.has_expenses:
                missing.append(_("expenses"))
            items.append(
                Item(
                    rule=self.code,
                    key=f"{self.code}:{event.pk}:{'-'.join(sorted(m[:4] for m in missing))}",
                    title=_("“%(event)s” ended on %(date)s")
                    % {
                        "event": event.title,
                        "date": _date(event.end_date),
                    },
                    detail=_("Not entered: %(missing)s.") % {"missing": ", ".join(missing)},
                    url=reverse("activities:event-detail", args=[event.pk]),
                    department_id=event.department_id,
                    day=event.end_date,
                )
            )
        return items


def _missing_actuals(program_ids):
    """Each program's indicators, and the (indicator, year) pairs with an actual (2 queries)."""
    indicators = {}
    for pk, program_id in Indicator.objects.filter(program_id__in=program_ids).values_list(
        "pk", "program_id"
    ):
        indicators.setdefault(program_id, set()).add(pk)
    entered = set(
        IndicatorValue.objects.filter(
            indicator__program_id__in=program_ids, actual__isnull=False
        ).values_list("indicator_id", "year")
    )
    return indicators, entered


class MissingIndicatorValues(Rule):
    """Indicators without an actual value for a year of their program that has ended."""

    code = "indicator-values"
    label = gettext_lazy("Indicator values missing")
    queries = 3

    def items(self, context):
        programs = list(Program.objects.filter(start_year__lt=context.today.year))
        indicators, entered = _missing_actuals([p.pk for p in programs])
        items = []
        for program in programs:
            for year in program.years:
                if year >= context.today.year:
                    break
                missing = [pk for pk in indicators.get(program.pk, ()) if (pk, year) not in entered]
                if not missing:
                    continue
                items.append(
                    Item(
                        rule=self.code,
                        key=f"{self.code}:{program.pk}:{year}",
                        title=ngettext(
                            "%(count)s indicator has no actual value for %(year)s",
                            "%(count)s indicators have no actual value for %(year)s",
                            len(missing),
                        )
                        % {"count": len(missing), "year": year},
                        detail=_("%(program)s: enter what was achieved in the year.")
                        % {"program": program},
                        url=workspace_url("activities:indicatorvalue-grid", program, year),
                        day=datetime.date(year, 12, 31),
                    )
                )
        return items


def _in_force(today):
    """Programs not completed, oldest first: their years are still to be accounted for."""
    return list(
        Program.objects.filter(start_year__lte=today.year)
        .exclude(status=Program.Status.COMPLETED)
        .order_by("start_year", "pk")
    )


class MissingAllotments(Rule):
    """A year of a program in force whose allotments, once their day has passed, are not
    entered or fall short of the amount approved for the year.

    The approved amount is the one in force today: an amendment that raised a year's funding
    leaves the allotments made before it short until the budget decision catches up. Three
    queries, and one more for each program in force (its amendments' funding changes).
    """

    code = "allotments"
    label = gettext_lazy("Allotments not entered")
    queries = 4

    def items(self, context):
        today = context.today
        programs = _in_force(today)
        allotted = {
            (program_id, year): total
            for program_id, year, total in BudgetAllocation.objects.filter(
                category__program__in=programs
            )
            .values_list("category__program_id", "year")
            .annotate(total=Sum("amount"))
            .order_by()
        }
        approved = {}
        for program_id, year, source_id, amount in (
            ProgramFunding.objects.filter(program__in=programs)
            .values_list("program_id", "year", "source_id")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            approved.setdefault(program_id, {})[year, source_id] = amount
        items = []
        for program in programs:
            years = [
                (year, due)
                for year in program.years
                if today >= (due := context.settings.due_on("allotments_due", year))
            ]
            if not years:
                continue
            in_force = approved_in_force(
                program, approved.get(program.pk, {}), [year for year, _due in years], on=today
            )
            for year, due in years:
                entered = allotted.get((program.pk, year), ZERO)
                needed = sum((a for (y, _s), a in in_force.items() if y == year), ZERO)
                if entered and entered >= needed:
                    continue
                items.append(self._item(program, year, due, entered, needed))
        return items

    def _item(self, program, year, due, entered, needed):
        url = workspace_url("budget:allocations", program, year)
        if not entered:
            return Item(
                rule=self.code,
                key=f"{self.code}:{program.pk}:{year}",
                title=_("The allotments of %(year)s are not entered") % {"year": year},
                detail=_("%(program)s: they were due by %(date)s.")
                % {"program": program, "date": _date(due)},
                url=url,
                audience=ADMINISTRATORS,
                day=due,
            )
        # The amount approved is in the key: a later amendment raising it again is news.
        return Item(
            rule=self.code,
            key=f"{self.code}:{program.pk}:{year}:short:{needed:f}",
            title=_("Allotments of %(year)s cover %(entered)s of %(needed)s thousand UAH approved")
            % {"year": year, "entered": thousands(entered), "needed": thousands(needed)},
            detail=_(
                "%(program)s: allot the remaining %(rest)s thousand UAH, as the budget "
                "decision sets them out."
            )
            % {"program": program, "rest": thousands(needed - entered)},
            url=url,
            audience=ADMINISTRATORS,
            day=due,
        )


class AnnualReportDue(Rule):
    """The report on each ended year of a program in force, from the set number of days before
    it is due until the council has adopted it, with what is still missing for it."""

    code = "annual-report"
    label = gettext_lazy("Annual report due")
    queries = 5

    def items(self, context):
        today, limits = context.today, context.settings
        programs = _in_force(today)
        due_years = [
            (program, year, due)
            for program in programs
            for year in program.years
            if year < today.year
            and today
            >= (due := limits.due_on("report_due", year + 1))
            - datetime.timedelta(days=limits.report_warning_days)
        ]
        if not due_years:
            return []
        reports = {
            (report.program_id, report.year): report
            for report in AnnualReport.objects.filter(program__in=programs).only(
                "program_id", "year", "narrative", "accepted_on"
            )
        }
        indicators, entered = _missing_actuals([program.pk for program in programs])
        without_results = {
            (row["program_id"], row["start_date__year"]): row["n"]
            for row in Event.objects.filter(
                program__in=programs, status=Event.Status.HELD, outcome=""
            )
            .values("program_id", "start_date__year")
            .annotate(n=Count("pk"))
            .order_by()
        }
        items = []
        for program, year, due in due_years:
            report = reports.get((program.pk, year))
            if report is not None and report.accepted_on:
                continue
            missing = []
            if report is None or not report.narrative:
                missing.append(_("the summary of the year"))
            actuals = sum(1 for pk in indicators.get(program.pk, ()) if (pk, year) not in entered)
            if actuals:
                missing.append(
                    ngettext(
                        "the actual of %(count)s indicator",
                        "the actuals of %(count)s indicators",
                        actuals,
                    )
                    % {"count": actuals}
                )
            events = without_results.get((program.pk, year), 0)
            if events:
                missing.append(
                    ngettext(
                        "the results of %(count)s event",
                        "the results of %(count)s events",
                        events,
                    )
                    % {"count": events}
                )
            detail = (
                _("Still missing: %(missing)s.") % {"missing": "; ".join(missing)}
                if missing
                else _("Everything is entered: print it and bring it to the session.")
            )
            items.append(
                Item(
                    rule=self.code,
                    key=f"{self.code}:{program.pk}:{year}",
                    title=_("The report on %(year)s is due on %(date)s")
                    % {"year": year, "date": _date(due)},
                    detail=f"{program}. {detail}",
                    url=workspace_url("reports:annual-report", program, year, args=[year]),
                    day=due,
                )
            )
        return items


class OverspentCategories(Rule):
    """Spending categories whose expenses in a year are over their allotment.

    The years of the programs in force so far, through the same money layers as every page:
    three queries for the one program in force, two more for each other.
    """

    code = "overspent"
    label = gettext_lazy("Spending over the plan")
    queries = 3

    def items(self, context):
        today = context.today
        percent = context.settings.overspend_percent
        items = []
        for program in _in_force(today):
            years = [year for year in program.years if year <= today.year]
            layers = money.MoneyLayers(program, years)
            for year in years:
                for category, line in money.by_category(layers, [year]):
                    if line.spent <= ZERO or line.spent * 100 <= line.allotted * percent:
                        continue
                    items.append(
                        Item(
                            rule=self.code,
                            key=f"{self.code}:{category.pk}:{year}",
                            title=_("Category %(number)s spent beyond its plan in %(year)s")
                            % {"number": category.number, "year": year},
                            detail=_(
                                "%(name)s: spent %(spent)s of %(allotted)s thousand UAH allotted."
                            )
                            % {
                                "name": category.name[:80],
                                "spent": thousands(line.spent),
                                "allotted": thousands(line.allotted),
                            },
                            url=workspace_url("budget:budget", program, year),
                            audience=ADMINISTRATORS,
                            day=datetime.date(year, 12, 31),
                        )
                    )
        return items


RULES = [
    ExpiringAgreements(),
    LapsedAgreements(),
    DormantPartners(),
    EventsWithoutData(),
    MissingIndicatorValues(),
    MissingAllotments(),
    AnnualReportDue(),
    OverspentCategories(),
]


def evaluate(context):
    """Every rule's items, the most pressing (the earliest day) first within each rule."""
    return [item for rule in RULES for item in rule.items(context)]
