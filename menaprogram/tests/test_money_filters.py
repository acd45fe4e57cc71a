"""Money is shown as the council writes it, in Ukrainian and in English."""

from decimal import Decimal

from django.utils import translation

from menaprogram.templatetags.money import hryvnias, percent, thousands, thousands_uah, uah

NBSP = "\N{NO-BREAK SPACE}"


def test_thousands_are_shown_with_two_decimals_and_a_comma():
    with translation.override("uk"):
        assert thousands_uah(Decimal("200000")) == "200,00 тис. грн"
        assert thousands(Decimal("800000.00")) == "800,00"
        assert thousands(Decimal("1234567.89")) == f"1{NBSP}234,57"


def test_amounts_round_half_up_like_an_accountant():
    with translation.override("uk"):
        assert thousands(Decimal("1005")) == "1,01"
        assert uah(Decimal("0.005")) == "0,01 грн"


def test_hryvnias_keep_kopiykas_and_group_thousands():
    with translation.override("uk"):
        assert uah(Decimal("1234.56")) == f"1{NBSP}234,56 грн"
        assert hryvnias(Decimal("1234.5")) == f"1{NBSP}234,50"


def test_english_uses_its_own_separators_and_unit():
    with translation.override("en"):
        assert thousands_uah(Decimal("200000")) == "200.00 thousand UAH"
        assert uah(Decimal("1234.56")) == "1,234.56 UAH"


def test_percent_has_one_decimal_and_a_dash_for_nothing():
    with translation.override("uk"):
        assert percent(Decimal("45.66")) == f"45,7{NBSP}%"
        assert percent(None) == "—"
        assert thousands_uah(None) == "—"
