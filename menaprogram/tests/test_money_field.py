"""The amount field and the importer's amount widget read the digits 0–9 and no others."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from menaprogram.forms import MoneyField
from menaprogram.importer.widgets import DecimalWidget

MESSAGE = "Суму пишуть цифрами 0–9, як-от 1 234,56."
# Decimal reads each of these as 300 (or 3): Arabic-Indic, Extended Arabic-Indic (Persian),
# Devanagari, fullwidth, Bengali; and signs Decimal refuses but people may paste.
FOREIGN = ["٣٠٠", "۳۰۰", "३००", "３００", "৩০০", "3²", "Ⅲ", "1 ٢٣٤,٥٦"]


@pytest.mark.parametrize("typed", FOREIGN)
def test_the_money_field_refuses_digits_other_than_ascii_in_ukrainian(typed):
    with translation.override("uk"), pytest.raises(forms.ValidationError) as refused:
        MoneyField(max_digits=14, decimal_places=2).clean(typed)
    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 234,56", "1234.56"), ("1\xa0234,56", "1234.56"), ("1234.56", "1234.56"), ("0", "0")],
)
def test_the_money_field_reads_amounts_as_the_council_writes_them(typed, amount):
    with translation.override("uk"):
        assert MoneyField(max_digits=14, decimal_places=2).clean(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", FOREIGN)
def test_the_amount_widget_refuses_digits_other_than_ascii_in_ukrainian(typed):
    with translation.override("uk"), pytest.raises(ValueError, match=MESSAGE):
        DecimalWidget().clean(typed)


@pytest.mark.parametrize(("cell", "amount"), [("1 234,56", "1234.56"), (1234.5, "1234.5")])
def test_the_amount_widget_reads_text_and_number_cells(cell, amount):
    assert DecimalWidget().clean(cell) == Decimal(amount)
