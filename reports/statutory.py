"""The statutory table «Інформація про виконання Програми»: its rows, built once for every format.

The form's columns (README, "The council's documents"): № з/п; назва напряму діяльності; перелік
заходів; виконавці; строк виконання; джерела фінансування; обсяг, передбачений програмою на рік;
призначено в бюджеті на рік; профінансовано; використано (касові видатки); відхилення; стан
виконання; причини невиконання. This program plans its money per spending category, so a row is
a category and a source; the program's own amount for the year exists per source only, and is
printed on the source's and the program's total rows («х» on a category's row, as forms mark a
cell that does not apply). The screen, the PDF, the DOCX and the XLSX all print these rows.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import AnnualReport
from budget import money
from budget.models import Expense
from menaprogram.money import ZERO, percent
from reports import footing

LINE, SUBTOTAL, TOTAL = "line", "subtotal", "total"
# The key of a year's reason against the program's amount: "year:<source>".
YEAR_KEY = "year"


@dataclass
class Row:
    kind: str
    name: str
    source: str
    allotted: object
    financed: object
    spent: object
    # The program's amount for the year: None where the form prints «х».
    planned: object = None
    number: int | None = None
    measures: str = ""
    executor: str = ""
    term: str = ""
    reason: str = ""
    needs_reason: bool = False
    # Measured against the program's amount (a source's year) rather than the allotment.
    against_plan: bool = False

    @property
    def key(self):
        """What a stored reason is filed under: the category's number and the source, or for
        a source's total, the year's execution against the program's amount."""
        if self.against_plan:
            return f"{YEAR_KEY}:{self.source}"
        return f"{self.number}:{self.source}"

    @property
    def basis(self):
        """What a deviation is measured against: a category's allotment; for a source's total
        the program's amount for the year (a year spent at 151 % of it needs a reason)."""
        return self.planned if self.against_plan else self.allotted

    @property
    def percent_of_basis(self):
        return percent(self.spent, self.basis)

    @property
    def deviation_from_basis(self):
        return self.spent - (self.basis or ZERO)

    @property
    def deviation(self):
        """Used minus allotted, signed: +14,84 over the plan, −25,44 under it."""
        return self.spent - self.allotted

    @property
    def percent(self):
        return percent(self.spent, self.allotted)

    @property
    def missing_reason(self):
        return self.needs_reason and not self.reason.strip()


def needs_reason(allotted, spent, threshold):
    """Whether spending strays from the allotment by more than `threshold` per cent."""
    if not allotted:
        return bool(spent)
    return abs(spent - allotted) * 100 > allotted * threshold


def _events_by_category(program, year):
    """How many events each category's expenses of the year paid for (one query)."""
    return dict(
        Expense.objects.for_program(program)
        .in_year(year)
        .filter(event__isnull=False)
        .values_list("category__number")
        .annotate(count=Count("event", distinct=True))
        .order_by()
    )


def _measures(count):
    if not count:
        return "—"
    return ngettext("expenses of %(count)s event", "expenses of %(count)s events", count) % {
        "count": count
    }


def annual_rows(program, year, layers, reasons):
    """The rows of a year's table: a row per category and source, a total per source and one
    for the program; each amount rounded to tens once, each total the sum of printed rows.

    `reasons` maps a row's key to the reason typed for its deviation."""
    events = _events_by_category(program, year)
    executor = str(program.responsible_executor or "")
    term = _("%(year)s") % {"year": year}
    threshold = program.deviation_threshold
    rows = []
    for line in money.statutory_by_category(layers):
        line = footing.rounded(line)
        row = Row(
            kind=LINE,
            number=line.number,
            name=line.label,
            measures=_measures(events.get(line.number, 0)),
            executor=executor,
            term=term,
            source=line.source,
            allotted=line.allotted,
            financed=line.financed,
            spent=line.spent,
        )
        row.needs_reason = needs_reason(row.allotted, row.spent, threshold)
        row.reason = reasons.get(row.key, "") if row.needs_reason else ""
        rows.append(row)

    planned = {}
    for (at_year, source_id), amount in layers.approved.items():
        if at_year == year:
            planned[source_id] = planned.get(source_id, ZERO) + footing.to_tens(amount)
    names = {source.name: source.pk for source in layers.sources}
    subtotals = []
    for source in dict.fromkeys(row.source for row in rows):
        group = [row for row in rows if row.source == source]
        subtotal = _sum(
            SUBTOTAL,
            _("Total from the source:") + " " + source,
            source,
            group,
            planned.get(names.get(source), ZERO),
        )
        subtotal.against_plan = True
        subtotal.needs_reason = needs_reason(subtotal.planned, subtotal.spent, threshold)
        subtotal.reason = reasons.get(subtotal.key, "") if subtotal.needs_reason else ""
        subtotals.append(subtotal)
    total = _sum(
        TOTAL,
        _("Total for the program"),
        "",
        subtotals,
        sum((row.planned for row in subtotals), ZERO),
    )
    return {"rows": rows, "subtotals": subtotals, "total": total}


def _sum(kind, name, source, rows, planned):
    return Row(
        kind=kind,
        name=name,
        source=source,
        planned=planned,
        allotted=sum((row.allotted for row in rows), ZERO),
        financed=sum((row.financed for row in rows), ZERO),
        spent=sum((row.spent for row in rows), ZERO),
    )


def rows_needing_reason(program, year):
    """The rows of a year's table whose deviation needs a reason, with the reasons stored."""
    report = AnnualReport.objects.filter(program=program, year=year).first()
    table = annual_rows(
        program,
        year,
        money.MoneyLayers(program, [year]),
        report.deviation_reasons if report else {},
    )
    return needing_reason(table)


def needing_reason(table):
    """The rows of a year's table that need a reason: lines, then the sources' totals."""
    return [row for row in [*table["rows"], *table["subtotals"]] if row.needs_reason]


def term_rows(program, layers, reasons_by_year):
    """The final report's funding table: a row per year and source measured against the
    program's amount for that year, with the reason given in that year's annual report;
    a total per source and one for the program, added up from the rounded rows."""
    threshold = program.deviation_threshold
    rows = []
    for line in money.statutory_by_year(layers):
        line = footing.rounded(line)
        row = Row(
            kind=LINE,
            number=line.number,
            name=str(line.number),
            source=line.source,
            planned=line.approved or ZERO,
            allotted=line.allotted,
            financed=line.financed,
            spent=line.spent,
            against_plan=True,
        )
        row.needs_reason = needs_reason(row.planned, row.spent, threshold)
        row.reason = (
            reasons_by_year.get(line.number, {}).get(row.key, "") if row.needs_reason else ""
        )
        rows.append(row)
    totals = [
        _sum(
            TOTAL,
            _("Total from the source:") + " " + source,
            source,
            group,
            sum((r.planned for r in group), ZERO),
        )
        for source, group in _by_source(rows).items()
    ]
    total = _sum(
        TOTAL, _("Total for the program"), "", totals, sum((r.planned for r in totals), ZERO)
    )
    for row in (*totals, total):
        row.against_plan = True
    return {"rows": rows, "subtotals": totals, "total": total}


def _by_source(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row.source, []).append(row)
    return groups
