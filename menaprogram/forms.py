"""Form fields every app uses: an amount of money as the council types it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from menaprogram.text import has_foreign_digits

FOREIGN_DIGITS = _("Write amounts with the digits 0–9, as in 1 234,56.")


class MoneyField(forms.DecimalField):
    """An amount typed `1 234,56` or `1234.56`, in the digits 0–9 only.

    Decimal would read Arabic-Indic, Devanagari or fullwidth digits as numbers; an amount
    nobody can read in the council's records is refused instead.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and has_foreign_digits(value):
            raise forms.ValidationError(FOREIGN_DIGITS, code="digits")
        return super().to_python(value)
