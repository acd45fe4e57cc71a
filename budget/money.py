"""The four money layers (approved · allotted · financed · spent), read once and cut every way
a page needs.

1. approved by the program (`ProgramFunding`), per year and source;
2. allotted for the year by the budget decisions (`BudgetAllocation`), per category and source;
3. financed: transferred by the finance department to the executor (`Financing`);
4. spent: the cash expenses (`Expense`).

Every reader goes through `MoneyLayers`: the dashboard, the budget page and the council's
documents. Each layer is summed in SQL to small keyed totals (a few hundred rows at any number
of expenses: months × categories × sources), all four in one query, and every line of every
table is added up from those in Python. Summing each cut separately in SQL would scan the
expenses once per cut, and joining the layers in one query would multiply each sum by the other
sides' rows.
"""

import datetime
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import F, IntegerField, Sum, Value
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from budget.amendments import approved_in_force
from budget.models import (
    BudgetAllocation,
    Expense,
    Financing,
    FundingSource,
    ProgramFunding,
    SpendingCategory,
)
from menaprogram import data_version
from menaprogram.money import ZERO, percent

APPROVED, ALLOTTED, FINANCED, SPENT = "approved", "allotted", "financed", "spent"
# The layers keyed by month × category × source (the others by year).
DATED = (FINANCED, SPENT)


@dataclass(frozen=True)
class Execution:
    """Plan against fact for one line of a table: a category, a source, a year or a total."""

    label: str
    allotted: object
    spent: object
    # What the program approves is per source and year: None on a category's line.
    approved: object = None
    # What the line's expenses are filtered by: a category's number, a source's code, a year.
    key: object = None
    # Lines of the statutory tables: the category's number (or the year) and the source's name.
    number: int | None = None
    source: str = ""
    # What the finance department transferred; zero for lines made without it.
    financed: object = ZERO

    @property
    def remainder(self):
        return self.allotted - self.spent

    @property
    def percent_financed(self):
        """Financed as a share of the allotment."""
        return percent(self.financed, self.allotted)

    @property
    def unfinanced(self):
        """Allotted but not (yet) transferred: negative if more was financed than allotted."""
        return self.allotted - self.financed

    @property
    def financed_unspent(self):
        """Transferred to the executor and not spent: negative when spending ran ahead."""
        return self.financed - self.spent

    @property
    def percent_spent_of_financed(self):
        return percent(self.spent, self.financed)

    @property
    def limit(self):
        """What may be spent: the lower of financed and allotted (see SpendingLimits)."""
        return min(self.financed, self.allotted)

    @property
    def difference(self):
        """Spent minus allotted: negative when money is left, as the statutory form shows it."""
        return self.spent - self.allotted

    @property
    def percent_used(self):
        return percent(self.spent, self.allotted)

    @property
    def overspent(self):
        return self.spent > self.allotted

    @property
    def note(self):
        """The statutory table's note on the line."""
        if not self.allotted and not self.spent:
            return _("no spending")
        if self.overspent:
            return _("over the plan")
        return ""


def total(lines, label):
    """The line that sums `lines`; it has an approved amount if any of them has."""
    approved = [line.approved for line in lines if line.approved is not None]
    return Execution(
        label=label,
        allotted=sum((line.allotted for line in lines), ZERO),
        spent=sum((line.spent for line in lines), ZERO),
        approved=sum(approved, ZERO) if approved else None,
        financed=sum((line.financed for line in lines), ZERO),
    )


class MoneyLayers:
    """A program's money in `years` (default: its whole term), read on first use.

    The approved amounts are those in force for each year (see `approved`), or on `on`.

    approved: {(year, source id): amount}; allotted: {(year, category id, source id): amount};
    financed and spent: {(first day of the month, category id, source id): amount}. The four
    layers are read in one query, the categories and the sources in one each, only if a page
    reads them.
    """

    def __init__(self, program, years=None, on=None, *, cached=False):
        self.program = program
        self.years = list(years or program.years)
        # Kept until the data changes (menaprogram.data_version), for pages asked for far more
        # often than anybody writes; one query more when it has to be read.
        self.cached = cached
        # The day the approved amounts are read as in force on; None: each year's last day.
        self.on = on

    @cached_property
    def categories(self):
        return list(SpendingCategory.objects.filter(program=self.program).order_by("number"))

    @cached_property
    def sources(self):
        return list(FundingSource.objects.order_by("pk"))

    @cached_property
    def approved(self):
        """As in force for each year (budget/amendments.py): a later amendment is not yet in
        the year it did not reach."""
        return approved_in_force(self.program, self._layers[APPROVED], self.years, self.on)

    @property
    def allotted(self):
        return self._layers[ALLOTTED]

    @property
    def financed(self):
        return self._layers[FINANCED]

    @property
    def spent(self):
        return self._layers[SPENT]

    @cached_property
    def _layers(self):
        """The four layers' keyed totals, from the cache if `cached`.

        Summing a year scans its expenses: 30,000 at the benchmark's scale 30, a fifth of a
        second of the budget page.
        """
        if not self.cached:
            return self._read_layers()
        years = ",".join(str(year) for year in self.years)
        key = f"budget:money-layers:{self.program.pk}:{years}"
        return data_version.cached(key, self._read_layers)

    def _read_layers(self):
        """The four layers' keyed totals: a union of four sums grouped in SQL (one query).

        Each row is (layer, period, category id, source id, amount), the period being
        year × 100 for a year's amounts and year × 100 + month for a month's financing
        and expenses.
        """
        no_category = Value(None, output_field=IntegerField())
        by_year = F("year") * 100
        approved = _grouped(
            ProgramFunding.objects.filter(program=self.program, year__in=self.years),
            APPROVED,
            by_year,
            no_category,
        )
        allotted = _grouped(
            BudgetAllocation.objects.filter(category__program=self.program, year__in=self.years),
            ALLOTTED,
            by_year,
            F("category_id"),
        )
        # A range, not `date__year__in`, so that the date's index stays usable.
        in_years = {
            "date__gte": datetime.date(min(self.years), 1, 1),
            "date__lt": datetime.date(max(self.years) + 1, 1, 1),
        }
        by_month = ExtractYear("date") * 100 + ExtractMonth("date")
        financed = _grouped(
            Financing.objects.for_program(self.program).filter(**in_years),
            FINANCED,
            by_month,
            F("category_id"),
        )
        spent = _grouped(
            Expense.objects.for_program(self.program).filter(**in_years),
            SPENT,
            by_month,
            F("category_id"),
        )
        layers = {APPROVED: {}, ALLOTTED: {}, FINANCED: {}, SPENT: {}}
        for layer, period, category_id, source_id, amount in approved.union(
            allotted, financed, spent, all=True
        ):
            year, month = divmod(period, 100)
            if layer == APPROVED:
                layers[layer][year, source_id] = amount
            elif layer == ALLOTTED:
                layers[layer][year, category_id, source_id] = amount
            else:
                layers[layer][datetime.date(year, month, 1), category_id, source_id] = amount
        return layers

    def line(self, label, *, years=None, category_id=None, source_id=None, **fields):
        """The four layers over `years`, for one category and/or source, or for everything."""
        years = self.years if years is None else years

        def wanted(category, source):
            return category_id in (None, category) and source_id in (None, source)

        allotted = sum(
            (amount for (y, c, s), amount in self.allotted.items() if y in years and wanted(c, s)),
            ZERO,
        )

        def dated(layer):
            return sum(
                (amount for (m, c, s), amount in layer.items() if m.year in years and wanted(c, s)),
                ZERO,
            )

        spent = dated(self.spent)
        financed = dated(self.financed)
        approved = None
        if category_id is None:
            approved = sum(
                (
                    amount
                    for (y, s), amount in self.approved.items()
                    if y in years and wanted(None, s)
                ),
                ZERO,
            )
        return Execution(
            label=label,
            allotted=allotted,
            spent=spent,
            approved=approved,
            financed=financed,
            **fields,
        )

    def has_money(self, *, years, category_id=None, source_id=None):
        """Whether any allotment, financing or expense (or, for a source, approval) exists."""
        if any(
            y in years and category_id in (None, c) and source_id in (None, s)
            for y, c, s in self.allotted
        ) or any(
            m.year in years and category_id in (None, c) and source_id in (None, s)
            for layer in (self.financed, self.spent)
            for m, c, s in layer
        ):
            return True
        return category_id is None and any(
            y in years and source_id in (None, s) for y, s in self.approved
        )


def _grouped(queryset, layer, period, category):
    """`queryset`'s amounts summed by period, category and source, tagged with `layer`."""
    return (
        queryset.annotate(layer=Value(layer), period=period, category_key=category)
        .values_list("layer", "period", "category_key", "source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )


# --- Cuts read by the pages -------------------------------------------------------------------


def by_category(layers, years=None):
    """(category, its line) for each spending category of the program, by number."""
    return [
        (
            category,
            layers.line(str(category), years=years, category_id=category.pk, key=category.number),
        )
        for category in layers.categories
    ]


def by_source(layers, years=None):
    """(source, its line) for each funding source, approved included."""
    return [
        (source, layers.line(source.name, years=years, source_id=source.pk, key=source.code))
        for source in layers.sources
    ]


def by_year(layers):
    """A line for each year, approved included."""
    return [layers.line(str(year), years=[year], key=year) for year in layers.years]


class Month(tuple):
    """A month of `by_month`: (first day, spent) as the pairs it replaced, and `.financed`."""

    def __new__(cls, day, spent, financed=ZERO):
        month = super().__new__(cls, (day, spent))
        month.financed = financed
        return month

    def __getnewargs__(self):  # the dashboard's cache pickles it
        return (self[0], self[1], self.financed)

    @property
    def day(self):
        return self[0]

    @property
    def spent(self):
        return self[1]


def by_month(layers, years=None):
    """A Month (first day, spent, financed) for every month of `years`, quiet months at zero."""
    years = layers.years if years is None else years
    sums = {FINANCED: {}, SPENT: {}}
    for layer, months in sums.items():
        for (month, _category, _source), amount in layers._layers[layer].items():
            months[month] = months.get(month, ZERO) + amount
    return [
        Month(day, sums[SPENT].get(day, ZERO), sums[FINANCED].get(day, ZERO))
        for year in years
        for day in (datetime.date(year, month, 1) for month in range(1, 13))
    ]


def approved_by_source(layers):
    """The passport's funding: for each source the program is funded from, what it approves
    in each year and in all (dictionaries with `source`, `by_year` and `total`)."""
    funded = {source_id for _year, source_id in layers.approved}
    rows = []
    for source in layers.sources:
        if source.pk in funded:
            amounts = [
                (year, layers.approved.get((year, source.pk), ZERO)) for year in layers.years
            ]
            total_amount = sum((amount for _year, amount in amounts), ZERO)
            rows.append({"source": source.name, "by_year": amounts, "total": total_amount})
    return rows


# --- The statutory tables of the council's documents: a line per category (or year) and source


def statutory_by_category(layers):
    """The annual report's table: a line per category and source in the layers' years.

    A category with money from both sources gets two lines; a category with none gets one
    line of zeros under the first source, so that every category of the program is shown.
    """
    lines = []
    for category in layers.categories:
        used = [
            source
            for source in layers.sources
            if layers.has_money(years=layers.years, category_id=category.pk, source_id=source.pk)
        ]
        for source in used or layers.sources[:1]:
            line = layers.line(category.name, category_id=category.pk, source_id=source.pk)
            lines.append(replace(line, number=category.number, source=source.name))
    return lines


def statutory_by_year(layers):
    """The final report's table: a line per year and source (the first source always shown)."""
    lines = []
    for year in layers.years:
        for source in layers.sources:
            if source is layers.sources[0] or layers.has_money(years=[year], source_id=source.pk):
                line = layers.line(str(year), years=[year], source_id=source.pk)
                lines.append(replace(line, number=year, source=source.name))
    return lines


def totals_by_source(lines):
    """A total line per funding source of `lines`, in the order the sources first appear."""
    by_source_name = {}
    for line in lines:
        by_source_name.setdefault(line.source, []).append(line)
    return [replace(total(group, name), source=name) for name, group in by_source_name.items()]
