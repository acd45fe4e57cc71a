"""Reads of the three money layers (approved, allotted, spent) for pages and reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from budget.models import (
    BudgetAllocation,
    Expense,
    FundingSource,
    ProgramFunding,
    SpendingCategory,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Execution:
    """Plan against fact for one line of a report: a category, a year or a total."""

    label: str
    allotted: Decimal
    spent: Decimal
    approved: Decimal | None = None

    @property
    def remainder(self):
        return self.allotted - self.spent

    @property
    def difference(self):
        """Spent minus allotted: negative when money is left, as the statutory form shows it."""
        return self.spent - self.allotted

    @property
    def percent_used(self):
        if not self.allotted:
            return None
        return (self.spent * 100 / self.allotted).quantize(Decimal("0.1"))


def _sum(grouped):
    """A correlated subquery summing `amount` of `grouped` rows, zero when there are none.

    Subqueries rather than joins: joining allocations and expenses in one query
    would multiply each sum by the other side's row count.
    """
    return Coalesce(
        Subquery(grouped.annotate(total=Sum("amount")).values("total")[:1]),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def execution_by_category(program, year):
    """Each spending category's allotment, spending and % used in `year` (one query)."""
    allocations = BudgetAllocation.objects.filter(category=OuterRef("pk"), year=year).order_by()
    expenses = Expense.objects.filter(category=OuterRef("pk"), date__year=year).order_by()
    categories = SpendingCategory.objects.filter(program=program).annotate(
        allotted=_sum(allocations.values("category")),
        spent=_sum(expenses.values("category")),
    )
    return [
        Execution(label=str(category), allotted=category.allotted, spent=category.spent)
        for category in categories.order_by("number")
    ]


def execution_by_year(program):
    """Approved, allotted and spent for each year of the program's term (three queries)."""

    def by_year(queryset, year_field):
        return dict(queryset.values_list(year_field).annotate(total=Sum("amount")).order_by())

    approved = by_year(ProgramFunding.objects.filter(program=program), "year")
    allotted = by_year(BudgetAllocation.objects.filter(category__program=program), "year")
    spent = by_year(Expense.objects.filter(category__program=program), "date__year")
    return [
        Execution(
            label=str(year),
            approved=approved.get(year, ZERO),
            allotted=allotted.get(year, ZERO),
            spent=spent.get(year, ZERO),
        )
        for year in program.years
    ]


def total(lines, label):
    """The line that sums `lines`."""
    approved = [line.approved for line in lines if line.approved is not None]
    return Execution(
        label=label,
        allotted=sum((line.allotted for line in lines), ZERO),
        spent=sum((line.spent for line in lines), ZERO),
        approved=sum(approved, ZERO) if approved else None,
    )


# --- Reads for the council's documents (reports/documents.py) ---------------------------------
# Appended for the annual and final reports; the functions above are shared with the budget
# pages and the dashboard and stay as they are.


@dataclass(frozen=True)
class SourcedExecution(Execution):
    """A line of the statutory table: one category (or year) and one funding source."""

    number: int | None = None
    source: str = ""


def _grouped(queryset, *keys):
    """{keys: sum of amount} for `queryset`, summed in SQL."""
    rows = queryset.values_list(*keys).annotate(total=Sum("amount")).order_by()
    return {tuple(row[:-1]): row[-1] for row in rows}


def execution_by_category_and_source(program, year):
    """The statutory table of a year: a line per category and source (four queries).

    A category with money from both sources gets two lines; a category with none gets one
    line of zeros under the community budget, so that every category of the program is shown.
    """
    categories = list(SpendingCategory.objects.filter(program=program).order_by("number"))
    sources = list(FundingSource.objects.order_by("pk"))
    allotted = _grouped(
        BudgetAllocation.objects.filter(category__program=program, year=year),
        "category_id",
        "source_id",
    )
    spent = _grouped(
        Expense.objects.filter(category__program=program, date__year=year),
        "category_id",
        "source_id",
    )
    lines = []
    for category in categories:
        used = [
            s for s in sources if (category.pk, s.pk) in allotted or (category.pk, s.pk) in spent
        ]
        for source in used or sources[:1]:
            key = (category.pk, source.pk)
            lines.append(
                SourcedExecution(
                    label=category.name,
                    number=category.number,
                    source=source.name,
                    allotted=allotted.get(key, ZERO),
                    spent=spent.get(key, ZERO),
                )
            )
    return lines


def execution_by_year_and_source(program):
    """Approved, allotted and spent for each year and source of the term (four queries)."""
    sources = list(FundingSource.objects.order_by("pk"))
    approved = _grouped(ProgramFunding.objects.filter(program=program), "year", "source_id")
    allotted = _grouped(
        BudgetAllocation.objects.filter(category__program=program), "year", "source_id"
    )
    spent = _grouped(Expense.objects.filter(category__program=program), "date__year", "source_id")
    lines = []
    for year in program.years:
        for source in sources:
            key = (year, source.pk)
            if key in approved or key in allotted or key in spent or source is sources[0]:
                lines.append(
                    SourcedExecution(
                        label=str(year),
                        number=year,
                        source=source.name,
                        approved=approved.get(key, ZERO),
                        allotted=allotted.get(key, ZERO),
                        spent=spent.get(key, ZERO),
                    )
                )
    return lines


def totals_by_source(lines):
    """A total line per funding source of `lines`, in the order the sources first appear."""
    by_source = {}
    for line in lines:
        by_source.setdefault(line.source, []).append(line)
    return [
        SourcedExecution(**{**vars(total(group, source)), "source": source})
        for source, group in by_source.items()
    ]
