"""Reads of the three money layers (approved, allotted, spent) for pages and reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

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
    # What the line's expenses are filtered by: a category's number, a source's code.
    key: int | str | None = None

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
    return [line for _category, line in category_lines(program, year)]


def category_lines(program, year):
    """(category, its Execution in `year`) pairs by number, for pages that show the КЕКВ too."""
    allocations = BudgetAllocation.objects.filter(category=OuterRef("pk"), year=year).order_by()
    expenses = Expense.objects.filter(category=OuterRef("pk"), date__year=year).order_by()
    categories = SpendingCategory.objects.filter(program=program).annotate(
        allotted=_sum(allocations.values("category")),
        spent=_sum(expenses.values("category")),
    )
    return [
        (
            category,
            Execution(
                label=str(category),
                allotted=category.allotted,
                spent=category.spent,
                key=category.number,
            ),
        )
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


def execution_by_source(program, year):
    """Approved, allotted and spent in `year` for each funding source (one query)."""
    approved = ProgramFunding.objects.filter(program=program, year=year, source=OuterRef("pk"))
    allocations = BudgetAllocation.objects.filter(
        category__program=program, year=year, source=OuterRef("pk")
    )
    expenses = Expense.objects.filter(
        category__program=program, date__year=year, source=OuterRef("pk")
    )
    sources = FundingSource.objects.annotate(
        approved=_sum(approved.order_by().values("source")),
        allotted=_sum(allocations.order_by().values("source")),
        spent=_sum(expenses.order_by().values("source")),
    ).order_by("pk")
    return [
        Execution(
            label=source.name,
            approved=source.approved,
            allotted=source.allotted,
            spent=source.spent,
            key=source.code,
        )
        for source in sources
    ]


def expense_list(program, *, filters=None):
    """The program's expenses that `filters` (a bound ExpenseFilter) select, newest first."""
    # The program's categories as a list of ids, not a join: through the join PostgreSQL cannot
    # tell that a program holds most expenses, sorts the whole year for the first page, and is
    # 40 times slower at the benchmark's scale 10 (10 ms instead of 0.25 ms).
    categories = list(SpendingCategory.objects.filter(program=program).values_list("pk", flat=True))
    expenses = (
        Expense.objects.filter(category__in=categories)
        .select_related("category", "source", "event")
        .order_by("-date", "-pk")
    )
    return filters.apply(expenses) if filters is not None else expenses


def total_amount(expenses):
    """The sum of `expenses` (a queryset), zero when there are none (one query)."""
    return expenses.order_by().aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField())
    )["total"]


def allocation_grid(program, year):
    """The year's allotments as {(category id, source id): allocation} (one query)."""
    allocations = BudgetAllocation.objects.filter(category__program=program, year=year)
    return {(a.category_id, a.source_id): a for a in allocations}


# --- Reads for the execution dashboard and reports (reports/selectors.py) -----------------
# The dashboard needs the three layers by year, category, source and month at once: reading
# each cut separately would scan the expenses once per cut, so here they are summed in SQL
# once, to one row per (month, category, source).


@dataclass(frozen=True)
class MoneyFacts:
    """A program's money summed to small keyed totals, from which every cut is added up.

    approved: {(year, source id): amount}; allotted: {(year, category id, source id): amount};
    spent: {(first day of the month, category id, source id): amount}.
    """

    categories: list
    sources: list
    approved: dict
    allotted: dict
    spent: dict


def money_facts(program):
    """The program's approved, allotted and spent money, grouped in SQL (five queries).

    A few hundred rows at any number of expenses: months × categories × sources.
    """
    approved = (
        ProgramFunding.objects.filter(program=program)
        .values_list("year", "source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    allotted = (
        BudgetAllocation.objects.filter(category__program=program)
        .values_list("year", "category_id", "source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent = (
        Expense.objects.for_program(program)
        .annotate(month=TruncMonth("date"))
        .values_list("month", "category_id", "source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return MoneyFacts(
        categories=list(SpendingCategory.objects.filter(program=program).order_by("number")),
        sources=list(FundingSource.objects.order_by("pk")),
        approved={(year, source): total for year, source, total in approved},
        allotted={key[:3]: key[3] for key in allotted},
        spent={key[:3]: key[3] for key in spent},
    )


# --- Reads for the council's documents (reports/documents.py) ---------------------------------
# The statutory tables of the annual and final reports: one line per category and source.


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
