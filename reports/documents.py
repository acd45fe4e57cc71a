"""The council's documents: one declarative class per document, served by the generic views.

A document names its screen template and its PDF template (both include the same partials),
its workbook builder if the finance office wants one, and the context builder that reads
everything it shows in a fixed number of queries: the three formats show the same figures.
`REGISTRY` lists them; document_urls.py gives each its URLs and document_views.py serves them.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import amendments
from activities.models import (
    AnnualReport,
    Direction,
    Event,
    ExpectedResult,
    Indicator,
    IndicatorValue,
    Program,
    ProgramSection,
    Publication,
)
from budget import money
from budget.models import FundingSource
from menaprogram.money import ZERO, percent
from menaprogram.templatetags.money import thousands
from menaprogram.ukrainian import sort_key
from partners.models import Agreement, Partner
from reports import charts, footing, statutory, xlsx
from reports.document_forms import DeviationReasonsForm


class Edition:
    """Who a document is made for: the staff edition shows everything; a published one shows
    only the events, partners and publications in its querysets and prints the restriction
    line in place of the rest (numbers, totals and footing stay as adopted).

    public/ fills the querysets from its rules: reports sits below public and cannot ask it.
    """

    def __init__(self, name="staff", *, events=None, partners=None, publications=None):
        self.name = name
        self.events, self.partners, self.publications = events, partners, publications


STAFF = Edition()


def _shown(queryset, outer="pk"):
    """An annotation: whether the row is in `queryset` (always, for the staff edition)."""
    if queryset is None:
        return Value(True, output_field=BooleanField())
    return Exists(queryset.filter(pk=OuterRef(outer)))


class Document:
    """What every document declares; `get_context(program, year)` builds what it shows."""

    # Its key in REGISTRY and its URL names: reports:<id>, reports:<id>-pdf, reports:<id>-xlsx.
    id = ""
    # Where it sits under reports/; a document of one year has `<int:year>` in it.
    route = ""
    template_name = ""
    pdf_template_name = ""
    # context → the XLSX bytes, for a document that has a workbook.
    workbook = None
    # The languages its PDF is made in, the first by default, another asked for with `?lang=`;
    # none: the language of the request.
    languages = ()

    def get_context(self, program, year=None):
        raise NotImplementedError

    def preview_context(self, request, context):
        """What the preview adds for the person looking at it (a form to complete the document)."""
        return {}

    def file_stem(self, program, year):
        raise NotImplementedError

    def pdf_language(self, asked):
        if not self.languages:
            return None
        return asked if asked in self.languages else self.languages[0]

    def filename(self, program, year, extension, language=None):
        stem = self.file_stem(program, year)
        if language and language != self.languages[0]:
            stem = f"{stem}-{language}"
        return f"{stem}.{extension}"


def _term(program):
    return f"{program.start_year}-{program.end_year}"


def _program(program):
    """The program with the passport's foreign key joined (one query)."""
    return Program.objects.select_related("responsible_executor").get(pk=program.pk)


def _signature(program):
    return {"position": program.signatory_position, "name": program.signatory_name}


def _council():
    return {
        "name": settings.COUNCIL_NAME,
        "genitive": settings.COUNCIL_NAME_GENITIVE,
        "place": settings.COUNCIL_PLACE,
        "head_position": settings.COUNCIL_HEAD_POSITION,
        "head_name": settings.COUNCIL_HEAD_NAME,
    }


def _adopting_decision(program):
    """The decision the passport is an annex to, or None while it is not entered."""
    if not program.adopted:
        return None
    return {
        "session": program.decision_session,
        "convocation": program.decision_convocation,
        "date": program.decision_date,
        "number": program.decision_number,
    }


def _in_force(program, on):
    """Set the program's passport texts to those in force on `on`; the amendments made by then.

    The version's lists are read by the documents that print them (`_directions_in_force`).
    """
    version = amendments.in_force(program, on)
    for name in amendments.PASSPORT_FIELDS:
        setattr(program, name, getattr(version.program, name))
    if Program._meta.get_field("responsible_executor").is_cached(version.program):
        # Row 5 was changed after `on`: the unit as the change stored it (no query).
        program.responsible_executor = version.program.responsible_executor
    return version, amendments.amendments_in_force(program, on)


def _co_developers(version):
    """Row 4's names as in force in the version (a unit amended away by the name it had)."""
    return [unit["name"] for unit in version.units("co_developers")]


def _directions_in_force(program, version):
    """The program's directions with their wording as in force in the version.

    A direction a later new edition added is left out; one it dropped is shown by its text.
    """
    directions = {d.number: d for d in Direction.objects.filter(program=program)}
    texts = version.items("directions", {n: d.text for n, d in directions.items()})
    shown = []
    for number, text in texts.items():
        direction = directions.get(number) or Direction(program=program, number=number)
        direction.text = text
        shown.append(direction)
    return shown


def _passport_funding(layers):
    """Rows 9, 9.1 and 9.2 of the passport: all money, the local budget's, other sources'.

    Each is a dictionary of `by_year` [(year, amount)] and `total`, rounded to tens so
    that the rows and the years add up to what is printed.
    """
    local = {source.pk for source in layers.sources if source.code == FundingSource.LOCAL_BUDGET}

    def row(wanted):
        by_year = [
            (
                year,
                footing.to_tens(
                    sum(
                        (
                            amount
                            for (at, source_id), amount in layers.approved.items()
                            if at == year and wanted(source_id)
                        ),
                        ZERO,
                    )
                ),
            )
            for year in layers.years
        ]
        return {"by_year": by_year, "total": sum((amount for _y, amount in by_year), ZERO)}

    local_budget = row(lambda source_id: source_id in local)
    other = row(lambda source_id: source_id not in local)
    everything = {
        "by_year": [
            (year, amount + other_amount)
            for (year, amount), (_y, other_amount) in zip(
                local_budget["by_year"], other["by_year"], strict=True
            )
        ],
        "total": local_budget["total"] + other["total"],
    }
    return {"all": everything, "local": local_budget, "other": other}


class PassportDocument(Document):
    """The program's passport in the form of the Ministry of Economy's order No. 367.

    The rows of the form, numbered as the form numbers them, hold the program's own texts as
    adopted; README ("The council's documents") says which text goes into which row.
    """

    id = "passport"
    route = "passport/"
    template_name = "reports/documents/passport.html"
    pdf_template_name = "reports/documents/passport_pdf.html"
    # Ukrainian for the council, English for partners.
    languages = ("uk", "en")

    def get_context(self, program, year=None):
        """Four queries: the program, its co-developers, the money layers, the sources."""
        program = _program(program)
        today = timezone.localdate()
        version, amended = _in_force(program, today)
        layers = money.MoneyLayers(program, on=today)
        return {
            "program": program,
            "council": _council(),
            "annex": _adopting_decision(program),
            "amended_by": amended,
            "draft": not program.adopted,
            "co_developers": _co_developers(version),
            "participants": [line for line in program.participants.splitlines() if line.strip()],
            "local_budgets": [
                source.name
                for source in layers.sources
                if source.code == FundingSource.LOCAL_BUDGET
                and any(source_id == source.pk for _year, source_id in layers.approved)
            ],
            "funding": _passport_funding(layers),
            "signature": _signature(program),
        }

    def file_stem(self, program, year):
        return f"passport-{_term(program)}"


def _plan_fact_chart(layers):
    """The dashboard's chart of allotted against spent per category, as HTML bars for the
    report's pages (an SVG's text costs WeasyPrint far more, see charts.plan_against_fact_bars)."""
    return charts.plan_against_fact_bars(
        charts.PlanFact(line.label, line.allotted, line.spent, line.financed)
        for _category, line in money.by_category(layers)
    )


def _held_events(program, year, edition):
    """Events held in `year` with their partners and directions (three queries), each event
    and partner annotated `shown` in the edition."""
    return list(
        Event.objects.for_program(program)
        .in_year(year)
        .held()
        .only("pk", "title", "start_date", "end_date", "kind")
        .annotate(shown=_shown(edition.events))
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.only("pk", "name_uk", "country", "kind").annotate(
                    shown=_shown(edition.partners)
                ),
            ),
            Prefetch("directions", queryset=Direction.objects.only("pk", "number")),
        )
        .order_by("start_date", "title", "pk")
    )


def _agreements(year, edition):
    """Agreements in force during `year`, each with its `standing` in it and whether its
    partner is `shown` in the edition; the new and expiring."""
    agreements = list(
        Agreement.objects.in_force_during(year)
        .select_related("partner")
        .annotate(shown=_shown(edition.partners, "partner_id"))
        .order_by("partner__name_uk", "signed_on", "pk")
    )
    for agreement in agreements:
        agreement.standing = agreement.standing_in(year)
    return {
        "new": [a for a in agreements if a.standing == Agreement.Standing.NEW],
        "active": agreements,
        "expiring": [a for a in agreements if a.standing == Agreement.Standing.EXPIRING],
    }


class AnnualReportDocument(Document):
    """«Інформація про виконання Програми … за 20XX рік»: the statutory table, the work by
    direction with the events held (each listed once), indicators, partners, publications
    and the explanatory note. A draft («ПРОЄКТ» on every page) while a deviation beyond the
    program's threshold has no reason."""

    id = "annual-report"
    route = "annual/<int:year>/"
    template_name = "reports/documents/annual_report.html"
    pdf_template_name = "reports/documents/annual_report_pdf.html"
    workbook = staticmethod(xlsx.annual_report)

    def get_context(self, program, year=None, edition=STAFF):
        """A fixed number of queries, whatever the rows."""
        program = _program(program)
        version, amended = _in_force(program, amendments.year_end(year))
        report = AnnualReport.objects.filter(program=program, year=year).first()
        layers = money.MoneyLayers(program, [year])
        table = statutory.annual_rows(
            program, year, layers, report.deviation_reasons if report else {}
        )

        events = _held_events(program, year, edition)
        # Each event is listed once, numbered; a direction names the numbers of its events
        # (an event serves several directions: listing it under each made a report of 77
        # pages out of one of 20).
        refs_by_direction = defaultdict(list)
        partners_seen = Counter()
        partners = {}
        partners_shown = set()
        for number, event in enumerate(events, 1):
            event.number = number
            event.direction_numbers = sorted(d.number for d in event.directions.all())
            for direction in event.directions.all():
                refs_by_direction[direction.pk].append(number)
            # A published edition names a partner only beside an event it may show: one
            # met only at a withheld event would tell who that event was with.
            event.shown_partners = [p for p in event.partners.all() if p.shown and event.shown]
            for partner in event.partners.all():
                partners_seen[partner.pk] += 1
                partners[partner.pk] = partner
            for partner in event.shown_partners:
                partners_shown.add(partner.pk)
        directions = [
            {"direction": direction, "events": refs_by_direction.get(direction.pk, [])}
            for direction in _directions_in_force(program, version)
        ]
        indicators = [
            {"value": value, "percent": value.percent_achieved}
            for value in IndicatorValue.objects.filter(indicator__program=program, year=year)
            .select_related("indicator")
            .order_by("indicator__kind", "indicator__name")
        ]
        publications = list(
            Publication.objects.filter(program=program, published_on__year=year)
            .annotate(shown=_shown(edition.publications))
            .order_by("published_on", "pk")
        )
        channels = Counter(publication.get_channel_display() for publication in publications)
        missing = [row for row in statutory.needing_reason(table) if row.missing_reason]
        return {
            "program": program,
            "council": _council(),
            "year": year,
            "report": report,
            "annex": _report_decision(report),
            "amended_by": amended,
            "draft": bool(missing),
            "missing_reasons": missing,
            "narrative": report.narrative if report else "",
            "table": table,
            "has_expenses": any(row.spent for row in table["rows"]),
            "plan_fact_chart": _plan_fact_chart(layers),
            "events": events,
            "directions": directions,
            "directions_without_events": sum(1 for d in directions if not d["events"]),
            "notes": [d["direction"] for d in directions if d["direction"].editorial_note],
            "partners": sorted(
                (
                    {"partner": p, "events": partners_seen[pk]}
                    for pk, p in partners.items()
                    if pk in partners_shown
                ),
                key=lambda row: sort_key(row["partner"].name_uk),
            ),
            # How many took part: as adopted, whatever the edition names.
            "partners_count": len(partners),
            "partners_restricted": len(partners) - len(partners_shown),
            "agreements": _agreements(year, edition),
            "edition": edition,
            "indicators": indicators,
            "publications": publications,
            "publications_by_channel": sorted(channels.items()),
            "signature": _signature(program),
        }

    def preview_context(self, request, context):
        """Editors complete the missing reasons on the preview itself."""
        if not request.user.has_perm("activities.change_annualreport"):
            return {}
        report = context["report"] or AnnualReport(program=context["program"], year=context["year"])
        rows = statutory.needing_reason(context["table"])
        return {"reasons_form": DeviationReasonsForm(instance=report, rows=rows)}

    def file_stem(self, program, year):
        return f"annual-report-{year}"


def _report_decision(report):
    """The decision that took note of a year's report, once it is entered."""
    if not report or not (report.decision_number and report.accepted_on):
        return None
    return {
        "session": report.decision_session,
        "convocation": report.decision_convocation,
        "date": report.accepted_on,
        "number": report.decision_number,
    }


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
    for pk, indicator in sorted(indicators.items(), key=lambda item: sort_key(item[1].name)):
        row = values[pk]
        by_result[indicator.expected_result_id].append(
            {
                "indicator": indicator,
                "target": row["target"],
                "actual": row["actual"],
                "percent": percent(row["actual"] or 0, row["target"]),
                "achievement": Indicator.Achievement.of(row["target"], row["actual"]),
            }
        )
    return [
        {"result": result, "indicators": by_result.get(result.pk, [])}
        for result in ExpectedResult.objects.filter(program=program).order_by("number")
    ]


def _effectiveness(results):
    """The term's indicators as the form assesses effectiveness: quantitative (input, output,
    efficiency) and qualitative (quality)."""
    items = [item for row in results for item in row["indicators"]]
    qualitative = Indicator.Kind.QUALITY
    return {
        "quantitative": [item for item in items if item["indicator"].kind != qualitative],
        "qualitative": [item for item in items if item["indicator"].kind == qualitative],
    }


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


class FinalReportDocument(Document):
    """The final report on the whole term."""

    id = "final-report"
    route = "final/"
    template_name = "reports/documents/final_report.html"
    pdf_template_name = "reports/documents/final_report_pdf.html"
    workbook = staticmethod(xlsx.final_report)

    def get_context(self, program, year=None, edition=STAFF):
        """A fixed number of queries. It names no event, partner or publication, only counts
        them: every edition prints the same."""
        program = _program(program)
        version, amended = _in_force(program, amendments.year_end(program.end_year))
        goal = (
            ProgramSection.objects.filter(program=program, title__istartswith="Мета")
            .values_list("text", flat=True)
            .first()
        )
        results = _results(program)
        reasons = dict(
            AnnualReport.objects.filter(program=program).values_list("year", "deviation_reasons")
        )
        table = statutory.term_rows(program, money.MoneyLayers(program), reasons)
        missing = [row for row in table["rows"] if row.missing_reason]
        held = Event.objects.for_program(program).held()
        start = datetime.date(program.start_year, 1, 1)
        end = datetime.date(program.end_year, 12, 31)
        return {
            "program": program,
            "amended_by": amended,
            "goal": goal or "",
            "co_developers": _co_developers(version),
            "years": list(program.years),
            "results": results,
            "effectiveness": _effectiveness(results),
            "table": table,
            "draft": bool(missing),
            "missing_reasons": missing,
            "council": _council(),
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

    def file_stem(self, program, year):
        return f"final-report-{_term(program)}"


class DraftDecisionDocument(Document):
    """The draft decision a session takes on a report, with the report as its annex.

    It is a draft by nature («ПРОЄКТ» on every page): the session, the date and the number
    are the council's to give, so none is printed, not even as a blank to fill in.
    """

    report = None  # the document annexed
    template_name = "reports/documents/decision.html"
    pdf_template_name = "reports/documents/decision_pdf.html"

    def title(self, program, year):
        raise NotImplementedError

    def get_context(self, program, year=None):
        context = self.report.get_context(program, year)
        program = context["program"]
        title = self.title(program, year)
        context.update(
            {
                "decision": {"title": title, "year": year, "final": year is None},
                "report_draft": context["draft"],
                "draft": True,
                # The report is the annex to this decision, named by its title until adopted.
                "annex": {"title": title},
                "report_body": self.report_body,
            }
        )
        return context

    def file_stem(self, program, year):
        return f"{self.report.file_stem(program, year)}-decision"


class AnnualDecisionDocument(DraftDecisionDocument):
    id = "annual-decision"
    route = "annual/<int:year>/decision/"
    report = AnnualReportDocument()
    report_body = "reports/documents/includes/_annual_body.html"

    def title(self, program, year):
        return _("On the information on the execution of the %(title)s in %(year)s") % {
            "title": program.title_genitive,
            "year": year,
        }


class FinalDecisionDocument(DraftDecisionDocument):
    id = "final-decision"
    route = "final/decision/"
    report = FinalReportDocument()
    report_body = "reports/documents/includes/_final_body.html"

    def title(self, program, year):
        return _("On the approval of the final report on the execution of the %(title)s") % {
            "title": program.title_genitive
        }


class _FundingPlan:
    """What `_passport_funding` reads of MoneyLayers, for a plan not in the database."""

    def __init__(self, sources, approved, years):
        self.sources, self.approved, self.years = sources, approved, years


# The passport's funding rows, as a decision names them.
FUNDING_ROWS = (("all", "9"), ("local", "9.1"), ("other", "9.2"))


def _funding_points(program, changes, today):
    """The points that change the passport's rows 9–9.2, cell by cell, as councils write them.

    One funding change alters its year and the total in its row and in row 9: the rows
    before and after are made as the passport makes them and compared.
    """
    layers = money.MoneyLayers(program, on=today)
    before = dict(layers.approved)
    after = dict(before)
    for change in changes:
        key = change.target["year"], change.target["source"]
        after[key] = Decimal(change.new)
        # An adopted amendment's changes are in the live amounts already: its «before» is
        # what it replaced (a draft's is what the program has now).
        if change.amendment.is_adopted:
            before[key] = Decimal(change.old or 0)
    years = sorted({year for year, _source in after} | set(program.years))
    old = _passport_funding(_FundingPlan(layers.sources, before, years))
    new = _passport_funding(_FundingPlan(layers.sources, after, years))
    points = []
    for key, row in FUNDING_ROWS:
        cells = [
            (str(year), was, now)
            for (year, was), (_y, now) in zip(old[key]["by_year"], new[key]["by_year"], strict=True)
        ]
        cells.append((_("total"), old[key]["total"], new[key]["total"]))
        for column, was, now in cells:
            if was != now:
                points.append(
                    _(
                        "In row %(row)s of the program's passport, in the column «%(column)s», "
                        "the figures «%(old)s» shall be replaced by «%(new)s»."
                    )
                    % {
                        "row": row,
                        "column": column,
                        "old": thousands(was),
                        "new": thousands(now),
                    }
                )
    return points


class AmendmentDecisionDocument(Document):
    """The draft decision «Про внесення змін до Програми …» made from a draft's changes.

    Point edits are worded as councils word them; a new edition of an annex or of the program
    is annexed in full. Funding changes are worded cell by cell of the passport's rows 9–9.2.
    """

    id = "amendment-decision"
    template_name = "reports/documents/amendment_decision.html"
    pdf_template_name = "reports/documents/amendment_decision_pdf.html"

    def get_context(self, program, amendment=None):
        program = _program(program)
        today = timezone.localdate()
        changes = amendments.ordered_changes(amendment)
        funding = [change for change in changes if change.kind == "funding"]
        points, annexes = [], []
        funding_worded = False
        for change in changes:
            kind = amendments.kind_of(change.kind)
            if change.kind == "funding":
                if not funding_worded:
                    points.extend(_funding_points(program, funding, today))
                    funding_worded = True
                continue
            points.append(kind.wording(program, change))
            if change.kind == "annex":
                annexes.append(
                    {
                        "title": kind.target_label(program, change),
                        "items": list(enumerate(change.new, 1)),
                    }
                )
            elif change.kind == "edition":
                annexes.append(
                    {
                        "title": _("The program in the new edition"),
                        "sections": list(enumerate(change.new, 1)),
                    }
                )
        amended = amendments.amendments_in_force(program, today)
        return {
            "program": program,
            "council": _council(),
            "amendment": amendment,
            "military": amendment.act_kind == amendment.ActKind.MILITARY_ORDER,
            "adopting": _adopting_decision(program),
            "amended_by": [a for a in amended if a.pk != amendment.pk],
            "points": points,
            "annexes": annexes,
            "draft": not amendment.is_adopted,
            "decision": {
                "title": _("On amendments to the %(title)s") % {"title": program.title_genitive}
            },
        }

    def file_stem(self, program, amendment):
        return f"amendment-{amendment.pk}-decision"


AMENDMENT_DECISION = AmendmentDecisionDocument()

REGISTRY = {
    document.id: document
    for document in (
        PassportDocument(),
        AnnualReportDocument(),
        FinalReportDocument(),
        AnnualDecisionDocument(),
        FinalDecisionDocument(),
    )
}
