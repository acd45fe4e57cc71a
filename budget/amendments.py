"""The budget's part of amendments: a year's funding from a source as a kind of change, the
money records a shorter term may not leave outside it, and the approved amounts in force."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities import amendments
from budget.models import BudgetAllocation, Expense, Financing, FundingSource, ProgramFunding
from menaprogram.templatetags.money import thousands, thousands_uah


class FundingForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    source = forms.ModelChoiceField(
        label=_("funding source"), queryset=FundingSource.objects.order_by("pk"), empty_label=None
    )
    amount = forms.DecimalField(
        label=_("New amount, UAH"), max_digits=14, decimal_places=2, min_value=0, localize=True
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        # A year as a year, not a number with a thousands separator («2 023»).
        self.fields["year"].choices = [(year, str(year)) for year in program.years]

    def change(self):
        data = self.cleaned_data
        source = data["source"]
        # The name and the passport's row are kept with the change: the history and the
        # decision read them without a query per change.
        target = {
            "year": data["year"],
            "source": source.pk,
            "source_name": source.name,
            "row": "9.1" if source.code == FundingSource.LOCAL_BUDGET else "9.2",
        }
        return target, str(data["amount"])


class FundingKind(amendments.ChangeKind):
    key = "funding"
    label = _("Funding of a year from a source")
    form_class = FundingForm
    order = 25

    def current(self, program, target):
        found = ProgramFunding.objects.filter(
            program=program, year=target["year"], source_id=target["source"]
        ).first()
        return str(found.amount) if found else None

    def apply(self, program, change):
        target = change.target
        ProgramFunding.objects.update_or_create(
            program=program,
            year=target["year"],
            source_id=target["source"],
            defaults={"amount": Decimal(change.new)},
        )

    def years(self, program, change):
        return {change.target["year"]}

    def target_label(self, program, change):
        return gettext("Funding in %(year)s: %(source)s") % {
            "year": change.target["year"],
            "source": change.target.get("source_name", ""),
        }

    def show(self, value):
        return "—" if value is None else thousands(Decimal(value))

    def wording(self, program, change):
        return gettext(
            "In row %(row)s of the program's passport, for %(year)s, the figures «%(old)s» "
            "shall be replaced by «%(new)s»."
        ) % {
            "row": change.target.get("row", "9"),
            "year": change.target["year"],
            "old": thousands(Decimal(change.old or 0)),
            "new": thousands(Decimal(change.new)),
        }


amendments.register(FundingKind())


def approved_in_force(program, approved, years, on=None):
    """The approved amounts {(year, source id): amount} as in force for each year.

    A year's amounts are those in force on its last day (or on `on` for every year, the
    passport's «today»): the live amounts with later amendments' funding changes undone.
    One query, for the program's funding changes.
    """
    first_day = amendments.year_end(min(years)) if on is None else on
    changes = amendments.in_force(program, first_day).changed(FundingKind.key)
    if not changes:
        return approved
    result = dict(approved)
    for year in years:
        day = on or amendments.year_end(year)
        for change in changes:  # newest first
            if change.target["year"] != year or change.effect <= day:
                continue
            key = (year, change.target["source"])
            if change.old is None:
                result.pop(key, None)
            else:
                result[key] = Decimal(change.old)
    return result


@amendments.guard_term
def _money_outside(program, years):
    found = []
    for funding in ProgramFunding.objects.filter(program=program, year__in=years).select_related(
        "source"
    ):
        found.append(
            gettext("funding of %(year)s from «%(source)s»")
            % {"year": funding.year, "source": funding.source}
        )
    for allocation in BudgetAllocation.objects.filter(
        category__program=program, year__in=years
    ).select_related("category"):
        found.append(
            gettext("allotment of %(year)s to category %(number)s")
            % {"year": allocation.year, "number": allocation.category.number}
        )
    for model, label in (
        (Financing, gettext("financing of %(date)s (%(amount)s)")),
        (Expense, gettext("expense of %(date)s (%(amount)s)")),
    ):
        for record in model.objects.for_program(program).filter(date__year__in=years):
            found.append(
                label % {"date": f"{record.date:%d.%m.%Y}", "amount": thousands_uah(record.amount)}
            )
    return found
