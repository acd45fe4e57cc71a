"""Money in four layers: approved by the program, allotted for the year, financed, spent."""

import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, Sum
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.models import Event, Program
from menaprogram.constraints import FieldCheckConstraint, FieldUniqueConstraint
from menaprogram.money import ZERO
from menaprogram.triggers import YearInTerm

MONEY = {"max_digits": 14, "decimal_places": 2}

# The program of an allotment, a financing record or an expense, for the year-in-term trigger.
CATEGORY_PROGRAM = "SELECT program_id FROM budget_spendingcategory WHERE id = NEW.category_id"


def _non_negative(model, field="amount"):
    return FieldCheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=f"budget_{model}_{field}_non_negative",
        field=field,
        violation_error_message=_("The amount cannot be negative."),
    )


@pghistory.track()
class SpendingCategory(models.Model):
    """A direction of spending named by the program (9 in 2022–2024), with its КЕКВ code."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.TextField(_("name"))
    kekv = models.CharField(
        _("KEKV code"),
        max_length=4,
        help_text=_("Economic classification code of expenditure, four digits."),
    )

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("spending category")
        verbose_name_plural = _("spending categories")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "number"],
                name="budget_spendingcategory_number_unique",
                field="number",
                violation_error_message=_("This number is already taken in this program."),
            ),
            FieldCheckConstraint(
                condition=Q(kekv__regex=r"^[0-9]{4}$"),
                name="budget_spendingcategory_kekv_four_digits",
                field="kekv",
                violation_error_message=_("A KEKV code is four digits."),
            ),
            FieldCheckConstraint(
                condition=Q(number__gte=1),
                name="budget_spendingcategory_number_positive",
                field="number",
                violation_error_message=_("Numbers start at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


@pghistory.track()
class FundingSource(models.Model):
    """Where money comes from: the community budget, or other sources the law allows."""

    # The code of the community's own budget: the passport's row 9.1 ("local budget"); every
    # other source is row 9.2 ("other sources").
    LOCAL_BUDGET = "community_budget"

    name = models.CharField(_("name"), max_length=300, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self):
        return self.name


@pghistory.track()
class ProgramFunding(models.Model):
    """Layer 1: what the program approved for a year from a source."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="funding"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount, UAH"), **MONEY)

    class Meta:
        ordering = ["program", "year", "source"]
        verbose_name = _("program funding")
        verbose_name_plural = _("program funding")
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "year", "source"],
                name="budget_programfunding_year_source_unique",
                field="year",
                violation_error_message=_("This year and source already have an amount."),
            ),
            _non_negative("programfunding"),
        ]
        triggers = [YearInTerm(program_id_sql="NEW.program_id", year_sql="NEW.year")]

    def __str__(self):
        return f"{self.program} {self.year}: {self.source}"

    def clean(self):
        if self.program_id:
            self.program.check_year(self.year, "year")


@pghistory.track()
class BudgetAllocation(models.Model):
    """Layer 2: what the year's budget decisions allotted to a category from a source."""

    category = models.ForeignKey(
        SpendingCategory,
        verbose_name=_("spending category"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount, UAH"), **MONEY)
    decision = models.CharField(_("budget decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "category", "source"]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            FieldUniqueConstraint(
                fields=["category", "year", "source"],
                name="budget_budgetallocation_year_source_unique",
                field="year",
                violation_error_message=_(
                    "This category already has an allocation for this year and source."
                ),
            ),
            _non_negative("budgetallocation"),
        ]
        triggers = [YearInTerm(program_id_sql=CATEGORY_PROGRAM, year_sql="NEW.year")]

    def __str__(self):
        return f"{self.year}: {self.category} — {self.source}"

    def clean(self):
        if self.category_id:
            self.category.program.check_year(self.year, "year")


class DatedQuerySet(models.QuerySet):
    """Financing records and expenses: dated amounts of a category of a program."""

    def for_program(self, program):
        return self.filter(category__program=program)

    def in_year(self, year):
        return self.filter(date__year=year)


# Kept under its old name: expenses were the only dated amounts.
ExpenseQuerySet = DatedQuerySet


@pghistory.track()
class Financing(models.Model):
    """Layer 3: money the finance department transferred to the executor (профінансовано).

    The program is the category's, as for allotments and expenses: a second column for it
    could disagree with the category's.
    """

    category = models.ForeignKey(
        SpendingCategory,
        verbose_name=_("spending category"),
        on_delete=models.PROTECT,
        related_name="financing",
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount, UAH"), **MONEY)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        constraints = [_non_negative("financing")]
        triggers = [
            YearInTerm(program_id_sql=CATEGORY_PROGRAM, year_sql="extract(year FROM NEW.date)")
        ]

    def __str__(self):
        day = f"{self.date:%d.%m.%Y}" if self.date else "—"
        return f"{day} {self.amount} — {self.category if self.category_id else ''}"

    def clean(self):
        if self.category_id and self.date:
            self.category.program.check_year(self.date.year, "date")


@pghistory.track()
class Expense(models.Model):
    """Layer 4: one cash expense, within what was financed and allotted (see SpendingLimits)."""

    category = models.ForeignKey(
        SpendingCategory,
        verbose_name=_("spending category"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount, UAH"), **MONEY)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
    )
    counterparty = models.CharField(_("counterparty"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    over_limit_reason = models.TextField(
        _("reason for exceeding the limit"),
        blank=True,
        help_text=_(
            "Only for an expense above what was financed or allotted for its category, "
            "year and source: why it is recorded anyway. Administrators only."
        ),
    )

    objects = ExpenseQuerySet.as_manager()

    # The SpendingLimits that `clean` checks against; an import shares one over its rows.
    # None: `clean` reads the expense's own category and year.
    limits = None

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        # The expense list's first page, newest first, without sorting the year.
        indexes = [models.Index(fields=["-date", "-id"], name="budget_expense_newest_first")]
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_expense_amount_positive",
                field="amount",
                violation_error_message=_("The amount must be greater than zero."),
            ),
        ]
        triggers = [
            YearInTerm(program_id_sql=CATEGORY_PROGRAM, year_sql="extract(year FROM NEW.date)")
        ]
        permissions = [
            (
                "exceed_expense_limit",
                _("Can record an expense above what was financed or allotted, with a reason"),
            )
        ]

    def __str__(self):
        day = f"{self.date:%d.%m.%Y}" if self.date else "—"
        return f"{day} {self.amount} — {self.category if self.category_id else ''}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._remember_stored()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_stored()
        return instance

    def _remember_stored(self):
        """What the database holds for this expense, so that an edit counts only its change."""
        fields = self.__dict__
        if all(name in fields for name in ("category_id", "source_id", "date", "amount")):
            self.stored = (self.category_id, self.date.year, self.source_id, self.amount)

    @property
    def limit_cell(self):
        """(category id, year, source id): what the spending limit is kept by."""
        return (self.category_id, self.date.year, self.source_id)

    def clean(self):
        if not self.category_id:
            return
        program = self.category.program
        if self.date:
            program.check_year(self.date.year, "date")
        if self.event_id and self.event.program_id != program.pk:
            raise ValidationError({"event": _("The event belongs to another program.")})
        if self.date and self.source_id and self.amount is not None:
            limits = self.limits or SpendingLimits()
            refusal = limits.refusal(self)
            if refusal and not self.over_limit_reason.strip():
                refused = [
                    ValidationError(text, code=OVER_LIMIT) for text in (refusal, limits.hint())
                ]
                raise ValidationError({"amount": refused})


# The code of the spending limit's refusal, for forms that show it apart from the field.
OVER_LIMIT = "over_limit"


def _uah(amount):
    return number_format(amount, 2, force_grouping=True)


# A number of its own for the spending limit's advisory locks (two 32-bit keys: this and
# the category-year), so that they cannot meet another lock of the database.
LIMIT_LOCK = 0x4D454E41  # "MENA"


class SpendingLimits:
    """What may still be spent per category, year and source: the lower of what was financed
    and what was allotted, less what was spent.

    Strict: a year with no financing records has nothing to spend. An expense is refused
    only when it takes spending up: an edit that keeps or lowers its cell's spending (a
    corrected counterparty, a smaller amount) passes even where the cell is already over.

    Each category-year is read once, after an advisory lock on it that the transaction
    holds to its end, so that two expenses saved at the same time cannot both take the
    same remainder: the second waits, then reads the first. An import shares one instance
    over its rows and `add`s each accepted row, so that its rows count against each other
    (they are inserted in batches, after all are checked) and the file costs a few queries
    per category-year, not per row.
    """

    def __init__(self, *, in_file=False, lock=True):
        # (category id, year, source id): [financed, allotted, spent]
        self.cells = {}
        self.read = set()
        self.described = {}  # cell: the refusal's words for it (see _described)
        self.in_file = in_file
        # A preview writes nothing and has nothing to keep others from: without the locks,
        # an expense saved while a large file is being checked (a minute) need not wait.
        self.lock = lock

    def hint(self):
        """What can be done about a refusal: a form has the reason, a file does not."""
        if self.in_file:
            return gettext(
                "A file cannot record an expense above the limit: an administrator may enter "
                "it in the expense form, stating the reason."
            )
        return gettext(
            "An administrator may still record it by stating the reason for exceeding the limit."
        )

    def _read(self, category_id, year):
        if (category_id, year) in self.read:
            return
        if self.lock:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)",
                    [LIMIT_LOCK, (category_id * 10_000 + year) % 2**31],
                )
        in_year = {
            "date__gte": datetime.date(year, 1, 1),
            "date__lt": datetime.date(year + 1, 1, 1),
        }
        sums = [
            Financing.objects.filter(category_id=category_id, **in_year),
            BudgetAllocation.objects.filter(category_id=category_id, year=year),
            Expense.objects.filter(category_id=category_id, **in_year),
        ]
        for index, queryset in enumerate(sums):
            totals = queryset.order_by().values_list("source_id").annotate(total=Sum("amount"))
            for source_id, amount in totals:
                self.cells.setdefault((category_id, year, source_id), [ZERO, ZERO, ZERO])
                self.cells[category_id, year, source_id][index] = amount
        self.read.add((category_id, year))

    def _figures(self, cell):
        self._read(*cell[:2])
        return self.cells.setdefault(cell, [ZERO, ZERO, ZERO])

    @staticmethod
    def _stored_in(expense, cell):
        stored = getattr(expense, "stored", None) if expense.pk else None
        return stored[3] if stored and stored[:3] == cell else ZERO

    def refusal(self, expense):
        """Why `expense` would take its cell above the limit, in Ukrainian; None if it would not."""
        cell = expense.limit_cell
        financed, allotted, spent = self._figures(cell)
        others = spent - self._stored_in(expense, cell)
        after = others + expense.amount
        limit = min(financed, allotted)
        if after <= limit or after <= spent:
            return None
        return gettext(
            "Category %(number)s “%(name)s”, %(year)s: financed %(financed)s UAH, allotted "
            "%(allotted)s UAH, spent %(spent)s UAH from “%(source)s”, remainder %(remainder)s "
            "UAH; the expense of %(amount)s UAH exceeds the remainder."
        ) % {
            **self._described(expense, cell, financed, allotted),
            "spent": _uah(others),
            "remainder": _uah(max(limit - others, ZERO)),
            "amount": _uah(expense.amount),
        }

    def _described(self, expense, cell, financed, allotted):
        """What a refusal says of the cell that does not change from row to row of a file:
        made once a cell (a file of 50,000 rows over the limit repeats it 50,000 times)."""
        described = self.described.get(cell)
        if described is None:
            described = self.described[cell] = {
                "number": expense.category.number,
                "name": Truncator(expense.category.name).words(6),
                "year": f"{cell[1]:d}",
                "source": expense.source.name,
                "financed": _uah(financed),
                "allotted": _uah(allotted),
            }
        return described

    def add(self, expense):
        """Count an accepted expense (an import's row) in place of what it stored before."""
        stored = getattr(expense, "stored", None) if expense.pk else None
        if stored:
            self._figures(stored[:3])[2] -= stored[3]
        self._figures(expense.limit_cell)[2] += expense.amount
