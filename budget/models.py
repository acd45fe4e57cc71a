"""Money in three layers: approved by the program, allotted for the year, spent."""

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Event, Program
from menaprogram.constraints import FieldCheckConstraint, FieldUniqueConstraint
from menaprogram.triggers import YearInTerm

MONEY = {"max_digits": 14, "decimal_places": 2}

# The program of an allotment or an expense, for the year-in-term trigger.
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
        _("КЕКВ code"),
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
                violation_error_message=_("A КЕКВ code is four digits."),
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


class ExpenseQuerySet(models.QuerySet):
    def for_program(self, program):
        return self.filter(category__program=program)

    def in_year(self, year):
        return self.filter(date__year=year)


@pghistory.track()
class Expense(models.Model):
    """Layer 3: one cash expense."""

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

    objects = ExpenseQuerySet.as_manager()

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

    def __str__(self):
        day = f"{self.date:%d.%m.%Y}" if self.date else "—"
        return f"{day} {self.amount} — {self.category if self.category_id else ''}"

    def clean(self):
        if not self.category_id:
            return
        program = self.category.program
        if self.date:
            program.check_year(self.date.year, "date")
        if self.event_id and self.event.program_id != program.pk:
            raise ValidationError({"event": _("The event belongs to another program.")})
